import {
  App,
  CloudFormationValidatePlugin,
  IPolicyValidationContext,
  IPolicyValidationContextBeta1,
  IPolicyValidationPluginBeta1,
  PolicyValidationPluginReport,
  PolicyValidationPluginReportBeta1,
  Stack,
  Validations,
} from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import * as path from 'node:path';
import { IConstruct } from 'constructs';

/** Numbered stacks after the first of their group: same generator, same resource kinds as stack 1. */
const repeatedShards = new WeakSet<Stack>();

export function markRepeatedShard(stack: Stack): void {
  repeatedShards.add(stack);
}

/**
 * cfn-guard takes ~0.25 s per rule and template at 400 resources (it re-reads the template for each
 * of ~230 Control Tower rules), i.e. ~40 s per zone stack. This wrapper checks every stack except
 * repeated zone/VPC stacks (2, 3, ...), which are built by the same code as stack 1 of their group.
 * `full: true` checks them all.
 */
class GuardOnRepresentativeStacks implements IPolicyValidationPluginBeta1 {
  private readonly inner = new CfnGuardValidator({});
  readonly name = this.inner.name;
  readonly version = this.inner.version;
  readonly ruleIds = this.inner.ruleIds;

  constructor(
    private readonly root: IConstruct,
    private readonly full: boolean,
  ) {}

  validate(context: IPolicyValidationContextBeta1): PolicyValidationPluginReportBeta1 {
    const skip = this.full ? new Set<string>() : repeatedTemplates(this.root);
    const templatePaths = context.templatePaths.filter((p) => !skip.has(path.basename(p)));
    return asErrors(this.inner.validate({ ...context, templatePaths }));
  }
}

/**
 * cfn-guard's violations carry no severity. Once any finding of a report is acknowledged, the CDK
 * decides the report's outcome from the severities of the findings left, and a finding without one
 * does not count as an error: every other Control Tower finding then passed `cdk synth` unnoticed
 * (test/support/quality-gates-can-fail.test.ts). A Control Tower proactive control blocks the
 * deployment, so each finding is an error.
 */
function asErrors(report: PolicyValidationPluginReportBeta1): PolicyValidationPluginReportBeta1 {
  return { ...report, violations: report.violations.map((v) => ({ ...v, severity: v.severity ?? 'error' })) };
}

/** Template files of the repeated shard stacks below `root` (built by the same code as stack 1). */
export function repeatedTemplates(root: IConstruct): Set<string> {
  return new Set(
    root.node
      .findAll()
      .filter((c): c is Stack => Stack.isStack(c) && repeatedShards.has(c))
      .map((s) => s.templateFile),
  );
}

/**
 * The CDK's built-in CloudFormation validation (schema and default rules, in WebAssembly) on the
 * same representative stacks: it took 15 of the 20 s of a 1,000-zone synthesis when it read every
 * stack. Registering it (a subclass) replaces the instance the CDK would add for every stack.
 */
class CfnValidateOnRepresentativeStacks extends CloudFormationValidatePlugin {
  constructor(
    private readonly root: IConstruct,
    private readonly full: boolean,
  ) {
    super();
  }

  override validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    if (this.full) return super.validate(context);
    const skip = repeatedTemplates(this.root);
    return super.validate({ ...context, templatePaths: context.templatePaths.filter((p) => !skip.has(path.basename(p))) });
  }
}

/**
 * Registers the policy checks every synthesis runs: cdk-nag's AwsSolutions pack (every stack) and
 * the cfn-guard validator with AWS Control Tower proactive controls. A finding that is not
 * acknowledged (with a specific reason, next to the construct it concerns) fails `cdk synth`.
 */
export function addQualityPlugins(app: App, opts: { fullGuard?: boolean } = {}): void {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  Validations.of(app).addPlugins(new GuardOnRepresentativeStacks(app, opts.fullGuard ?? false));
  Validations.of(app).addPlugins(new CfnValidateOnRepresentativeStacks(app, opts.fullGuard ?? false));
}
