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
import * as fs from 'node:fs';
import * as path from 'node:path';
import { IConstruct } from 'constructs';

/** Numbered stacks after the first of their group: same generator, same resource kinds as stack 1. */
const repeatedShards = new WeakSet<Stack>();

export function markRepeatedShard(stack: Stack): void {
  repeatedShards.add(stack);
}

/** The Control Tower rule files the validator ships (one rule set per file, named like ct-s3-pr-1). */
const GUARD_RULES_DIR = path.join(path.dirname(require.resolve('@cdklabs/cdk-validator-cfnguard/package.json')), 'rules', 'control-tower', 'cfn-guard');

let ruleTypes: Map<string, ReadonlySet<string>> | undefined;

/**
 * Each Control Tower rule file's name and the resource types it names outside its comments (every
 * file filters `Resources.*[ Type == ... ]` by at least one).
 */
export function guardRuleTypes(): ReadonlyMap<string, ReadonlySet<string>> {
  if (!ruleTypes) {
    ruleTypes = new Map();
    for (const dir of fs.readdirSync(GUARD_RULES_DIR)) {
      const full = path.join(GUARD_RULES_DIR, dir);
      if (!fs.statSync(full).isDirectory()) continue;
      for (const file of fs.readdirSync(full).filter((f) => f.endsWith('.guard'))) {
        const code = fs.readFileSync(path.join(full, file), 'utf8').split('\n').filter((l) => !l.trimStart().startsWith('#')).join('\n');
        const types = new Set(code.match(/AWS::[A-Za-z0-9]+::[A-Za-z0-9]+/g) ?? []);
        // A file naming no type would apply to every template: it always runs.
        ruleTypes.set(path.parse(file).name, types.size > 0 ? types : new Set(['*']));
      }
    }
  }
  return ruleTypes;
}

/** The rule files that apply to a template holding `types`: those naming at least one of them. */
export function guardRulesFor(types: ReadonlySet<string>): string[] {
  return [...guardRuleTypes()].filter(([, ts]) => ts.has('*') || [...ts].some((t) => types.has(t))).map(([name]) => name);
}

const validators = new Map<string, CfnGuardValidator>();

/**
 * cfn-guard over `templatePaths`, each template with the rule files that name a type it holds: a
 * rule file whose types are all absent can only skip (test/support/guard-rule-filter.test.ts shows
 * the findings are those of every rule file). One run per template.
 */
export function guardReport(templatePaths: readonly string[]): PolicyValidationPluginReportBeta1 {
  const reports = templatePaths.flatMap((p) => {
    const template = JSON.parse(fs.readFileSync(p, 'utf8')) as { Resources?: Record<string, { Type?: string }> };
    const applying = new Set(guardRulesFor(new Set(Object.values(template.Resources ?? {}).map((r) => String(r.Type)))));
    if (applying.size === 0) return [];
    const disabled = [...guardRuleTypes().keys()].filter((name) => !applying.has(name));
    const key = disabled.join(',');
    let v = validators.get(key);
    if (!v) validators.set(key, (v = new CfnGuardValidator({ disabledRules: disabled })));
    return [v.validate({ templatePaths: [p] } as IPolicyValidationContextBeta1)];
  });
  return { success: reports.every((r) => r.success), violations: reports.flatMap((r) => r.violations) };
}

/**
 * cfn-guard re-reads a template for each rule it runs (~0.08 s per rule file at 400 resources): it
 * runs per template with the rule files that can apply (guardReport), and skips repeated zone/VPC
 * stacks (2, 3, ...) and later dashboards stacks, built by the same code as their first stack.
 * `full: true` checks every stack.
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
    return asErrors(guardReport(context.templatePaths.filter((p) => !skip.has(path.basename(p)))));
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
