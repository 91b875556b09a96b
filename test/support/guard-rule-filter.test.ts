/**
 * cfn-guard runs, per template, only the Control Tower rule files that name a resource type the
 * template holds (lib/app/quality-plugins.ts): a rule file whose types are all absent can only
 * skip. Proved on synthesized templates with planted findings of several services: the findings
 * are the same as with every rule file.
 */
import { Stack } from 'aws-cdk-lib';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { CfnBucket } from 'aws-cdk-lib/aws-s3';
import { CfnQueue } from 'aws-cdk-lib/aws-sqs';
import { CfnTopic } from 'aws-cdk-lib/aws-sns';
import { CfnLogGroup } from 'aws-cdk-lib/aws-logs';
import { guardReport, guardRulesFor, guardRuleTypes } from '../../lib/app/quality-plugins';
import { DnsMonitoring } from '../../lib/dns-monitoring';
import { generatedZones, newTestApp } from './synth';

const key = (v: { ruleName: string; violatingResources: { locations: string[]; templatePath: string; resourceLogicalId: string }[] }) =>
  v.violatingResources.map((r) => `${v.ruleName} ${r.templatePath.split('/').pop()} ${r.resourceLogicalId}`);

describe('cfn-guard rules per template', () => {
  const app = newTestApp();
  const m = new DnsMonitoring(app, 'D', { config: generatedZones(3), account: '111122223333' });
  const zones = m.shardStacks.find((s) => /-zones-1$/.test(s.stackName))!;
  const core = app.node.findAll().find((c): c is Stack => Stack.isStack(c) && /-core-us-east-1$/.test(c.stackName))!;
  // Findings of several services, in a zone stack (alarms and metric filters) and the core stack.
  new CfnBucket(zones, 'PlantedBucket');
  new CfnQueue(zones, 'PlantedQueue');
  new CfnTopic(core, 'PlantedTopic');
  new CfnLogGroup(core, 'PlantedLogGroup');
  const assembly = app.synth({ validateOnSynthesis: false } as never);
  const paths = [zones, core].map((s: Stack) => assembly.getStackByName(s.stackName).templateFullPath);

  it('runs a fraction of the rule files on a zone stack', () => {
    const all = [...guardRuleTypes().keys()];
    expect(all.length).toBeGreaterThan(200);
    const zoneTypes = new Set(Object.values<{ Type: string }>(assembly.getStackByName(zones.stackName).template.Resources).map((r) => r.Type));
    expect(guardRulesFor(zoneTypes).length).toBeLessThan(all.length / 3);
  });

  it('finds what every rule file finds', () => {
    const full = new CfnGuardValidator({}).validate({ templatePaths: paths } as never);
    const filtered = guardReport(paths);
    expect(full.violations.length).toBeGreaterThan(3);
    expect(filtered.success).toBe(full.success);
    expect(filtered.violations.flatMap(key).sort()).toEqual(full.violations.flatMap(key).sort());
  }, 300_000);
});
