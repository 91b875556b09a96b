/** Many health checks split over stacks; a calculated check stays with its children; the template limits they are held to. */
import { App, CfnOutput, CfnWaitConditionHandle, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { CfnAlarm } from 'aws-cdk-lib/aws-cloudwatch';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildApp, newTestApp, templatesOf } from '../support/synth';
import { DnsMonitoring } from '../../lib/dns-monitoring';
import { countResources } from '../../lib/stacks/shard-placer';
import { ConfigError } from '../../lib/config/errors';
import { checkTemplateLimits } from '../../lib/app/template-limits';
import { ALARMS, CLOUDFORMATION } from '../../lib/aws-facts';
import { resourceSchema, templateSectionMax } from '../support/resource-schemas';

function config(n: number) {
  const healthChecks: any[] = Array.from({ length: n }, (_, i) => ({ name: `svc${i}`, url: `https://svc${i}.example.com/health` }));
  healthChecks.push({ name: 'svc-any', children: ['svc0', 'svc1', 'svc2'], healthyThreshold: 1 });
  return { prefix: 'acme', healthChecks, alerts: { email: ['oncall@example.com'] } };
}

describe('health checks at scale', () => {
  it('splits 150 checks over stacks within the budget, keeping a calculated check with its children', () => {
    const { monitoring } = buildApp(config(150) as any);
    const stacks = monitoring.shardStacks.filter((s) => /-health-checks-\d+$/.test(s.stackName));
    expect(stacks.length).toBeGreaterThan(1);
    for (const s of stacks) expect(countResources(s)).toBeLessThanOrEqual(400);
    const t = templatesOf(monitoring);
    const holder = stacks.find((s) =>
      Object.values(t[s.stackName].findResources('AWS::Route53::HealthCheck')).some((h: any) => h.Properties.HealthCheckConfig.Type === 'CALCULATED'),
    )!;
    // The calculated check refers to its children inside the same template (no cross-stack import).
    const child = { 'Fn::GetAtt': [Match.anyValue(), 'HealthCheckId'] };
    t[holder.stackName].hasResourceProperties('AWS::Route53::HealthCheck', {
      HealthCheckConfig: { Type: 'CALCULATED', ChildHealthChecks: [child, child, child] },
    });
    const total = stacks.reduce((n, s) => n + Object.keys(t[s.stackName].findResources('AWS::Route53::HealthCheck')).length, 0);
    expect(total).toBe(151);
  });

  it('each health-check stack holds the dashboards of its checks, and 200 checks with latency stay within CloudFormation\'s template limits', () => {
    // Latency widgets (three metrics per checker region) make these the largest dashboards a check has.
    const checks = Array.from({ length: 200 }, (_, i) => ({ name: `site-${i}`, url: `https://site-${i}.example.org/health`, searchString: 'ok', measureLatency: true }));
    const { app, monitoring } = buildApp({ prefix: 'acme', healthChecks: checks, alerts: { email: ['oncall@example.com'] } } as any);
    const assembly = app.synth();
    expect(checkTemplateLimits(assembly)).toEqual([]);
    const stacks = assembly.stacks.filter((s) => /-health-checks-\d+$/.test(s.stackName));
    expect(stacks.length).toBeGreaterThan(1);
    for (const s of stacks) {
      const resources = Object.values<any>(s.template.Resources);
      const dashboards = resources.filter((r) => r.Type === 'AWS::CloudWatch::Dashboard');
      expect(dashboards.length).toBeGreaterThan(0);
      // Every id a dashboard reads is a check of this stack (Fn::GetAtt, never Fn::ImportValue).
      const ids = new Set(Object.entries<any>(s.template.Resources).filter(([, r]) => r.Type === 'AWS::Route53::HealthCheck').map(([id]) => id));
      for (const d of dashboards) {
        const vars = Object.values<any>(d.Properties.DashboardBody['Fn::Sub'][1]);
        expect(vars.length).toBeGreaterThan(0);
        for (const v of vars) expect(ids.has(v['Fn::GetAtt'][0])).toBe(true);
      }
      expect(JSON.stringify(s.template)).not.toContain('Fn::ImportValue');
    }
    expect(monitoring.shardStacks.some((s) => JSON.stringify(templatesOf(monitoring)[s.stackName].toJSON()).includes('dns-health-checks-s'))).toBe(true);
  });

  it('fills a stack to CloudFormation\'s 200 outputs at most, whatever the resource budget (each check keeps one export)', () => {
    // Minimal TCP checks are 2 resources each: a library user's budget of 480 resources would hold 240 of them and 240 exports.
    const checks = Array.from({ length: 240 }, (_, i) => ({ name: `tcp-${i}`, url: `tcp://db-${i}.example.org:5432`, percentageHealthy: { enabled: false } }));
    const app = newTestApp();
    new DnsMonitoring(app, 'DnsMonitor', { config: { prefix: 'acme', healthChecks: checks, dashboards: { enabled: false }, alerts: { email: ['oncall@example.com'] } } as never, account: '111122223333', maxResourcesPerStack: 480 });
    const assembly = app.synth();
    expect(checkTemplateLimits(assembly)).toEqual([]);
    const stacks = assembly.stacks.filter((s) => /-health-checks-\d+$/.test(s.stackName));
    expect(stacks.length).toBeGreaterThan(1);
    for (const s of stacks) expect(Object.keys(s.template.Outputs ?? {}).length).toBeLessThanOrEqual(CLOUDFORMATION.outputsPerStack);
  });

  it('warns once at synth above the default quota of 200 checks', () => {
    const { monitoring } = buildApp(config(205) as any);
    // On a stack (the primary core stack): cdk synth prints only annotations inside a stack.
    const warnings = Annotations.fromStack(monitoring.coreStacks['us-east-1']).findWarning('*', Match.anyValue()).map((m) => String(m.entry.data));
    expect(warnings.filter((w) => /206 health checks exceed the Route 53 quota of 200 per account/.test(w))).toHaveLength(1);
  });
});

describe('a calculated check with more children than one stack holds', () => {
  // A calculated check refers to its children, so they are deployed together: 150 children with
  // their alarms need more resources than one stack may hold. A config error, before synthesis.
  it('is refused at its children, with how many fit and what lowers the count', () => {
    const healthChecks: any[] = Array.from({ length: 150 }, (_, i) => ({ name: `c${i}`, url: `https://svc${i}.example.com/health` }));
    healthChecks.push({ name: 'all', children: healthChecks.map((c) => c.name) });
    let error: unknown;
    try {
      buildApp({ prefix: 'acme', healthChecks, alerts: { email: ['oncall@example.com'] } } as any);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).issues).toEqual([
      {
        path: 'healthChecks[150].children',
        message: expect.stringMatching(/calculated check all is deployed with its 150 children.*need \d+ resources.*one stack holds \(400\).*at most \d+ children.*percentageHealthy: \{ enabled: false \}/),
      },
    ]);
  });
});

describe('a calculated check with more children than one stack may export', () => {
  it('is refused at its children with the most it may have, when the resource budget would hold them', () => {
    const healthChecks: any[] = Array.from({ length: 205 }, (_, i) => ({ name: `c${i}`, url: `tcp://db-${i}.example.org:5432`, percentageHealthy: { enabled: false } }));
    healthChecks.push({ name: 'all', children: healthChecks.map((c) => c.name) });
    let error: unknown;
    try {
      new DnsMonitoring(newTestApp(), 'DnsMonitor', { config: { prefix: 'acme', healthChecks, dashboards: { enabled: false }, alerts: { email: ['oncall@example.com'] } } as never, account: '111122223333', maxResourcesPerStack: 480 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).issues).toEqual([
      { path: 'healthChecks[205].children', message: 'calculated check all is deployed with its 205 children (it refers to them by id), and each check keeps one export: 206 outputs, more than one stack may declare (200) — give it at most 199 children' },
    ]);
  });
});

describe('CloudFormation template limits checked at cdk synth', () => {
  it('are the numbers of cfn-lint\'s template schema (AWS quotas page: 500 resources, 200 outputs)', () => {
    expect(CLOUDFORMATION.resourcesPerStack).toBe(templateSectionMax('resources'));
    expect(CLOUDFORMATION.outputsPerStack).toBe(templateSectionMax('outputs'));
  });

  it('a template with more outputs than CloudFormation takes (200) is named with its count', () => {
    // (The CDK's own template validation, off here, reports the same: "Template has 201 outputs, maximum is 200".)
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'limits-')), builtinCloudFormationValidation: false });
    const stack = new Stack(app, 'many-outputs');
    new CfnWaitConditionHandle(stack, 'Handle');
    for (let i = 0; i < 201; i++) new CfnOutput(stack, `Out${i}`, { value: String(i) });
    expect(checkTemplateLimits(app.synth())).toEqual(['many-outputs: 201 outputs (limit 200)']);
  });

  it("an alarm whose name or description is longer than CloudWatch takes is named (the lengths of the CloudFormation resource schema)", () => {
    const alarmSchema = resourceSchema('AWS::CloudWatch::Alarm').properties;
    expect([ALARMS.maxNameLength, ALARMS.maxDescriptionLength]).toEqual([alarmSchema.AlarmName.maxLength, alarmSchema.AlarmDescription.maxLength]);
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'limits-')), builtinCloudFormationValidation: false });
    const stack = new Stack(app, 'long-alarms');
    const alarm = (id: string, alarmName: string, alarmDescription: string) =>
      new CfnAlarm(stack, id, { alarmName, alarmDescription, comparisonOperator: 'LessThanThreshold', evaluationPeriods: 1, threshold: 1, namespace: 'X', metricName: 'Y', period: 60, statistic: 'Minimum' });
    alarm('Fits', 'a'.repeat(255), 'd'.repeat(1024));
    alarm('LongName', 'a'.repeat(256), 'short');
    alarm('LongText', 'b', 'd'.repeat(1025));
    expect(checkTemplateLimits(app.synth())).toEqual([
      'long-alarms/LongName: alarm name of 256 characters (limit 255)',
      'long-alarms/LongText: alarm description of 1025 characters (limit 1024)',
    ]);
  });
});
