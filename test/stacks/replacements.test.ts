/**
 * Update paths checked against AWS's CloudFormation resource schemas: between two syntheses of
 * realistic changes, no resource of the product changes a create-only property (which would
 * replace it: for a one-per-zone query logging configuration or a fixed-name resource, the
 * replacement fails). Changes the app cannot roll out in one deploy are refused by the app itself
 * (test/stacks/rollout.test.ts).
 */
import type { RawConfig } from '../../lib/config/schema';
import { deploymentOf } from '../support/iam/app';
import { Deployment } from '../support/iam/deployment';
import { FLEET, zone } from '../support/fleets';
import { createOnlyProperties, replacements } from '../support/resource-schemas';
import { buildApp } from '../support/synth';
import { stacksOf } from '../support/iam/app';

const withAssignments = (c: RawConfig, assignments: ReturnType<typeof buildApp>['monitoring']['assignments']) => {
  const { monitoring } = buildApp(c, { assignments });
  return new Deployment(stacksOf([...Object.values(monitoring.coreStacks), ...monitoring.shardStacks]));
};

describe('create-only properties from the CloudFormation resource schemas', () => {
  it('are read from the schemas AWS publishes (Route 53 query logging: zone and log group)', () => {
    expect(createOnlyProperties('AWS::Route53::QueryLoggingConfig')).toEqual(['HostedZoneId', 'CloudWatchLogsLogGroupArn']);
    expect(createOnlyProperties('AWS::Logs::MetricFilter')).toEqual(expect.arrayContaining(['FilterName', 'LogGroupName']));
  });

  const { monitoring } = buildApp(FLEET);
  const base = new Deployment(stacksOf([...Object.values(monitoring.coreStacks), ...monitoring.shardStacks]));
  const changes: [string, RawConfig][] = [
    ['every list reversed', { ...FLEET, hostedZones: [...FLEET.hostedZones!].reverse(), resolverVpcs: [...FLEET.resolverVpcs!].reverse(), healthChecks: [...FLEET.healthChecks!].reverse() }],
    ['a zone added to a shared log group', { ...FLEET, hostedZones: [...FLEET.hostedZones!, zone(9, { queryLogging: { logGroupName: '/dns/shared' } })] }],
    ['a zone removed from a shared log group', { ...FLEET, hostedZones: FLEET.hostedZones!.filter((z) => z.zoneId !== zone(3).zoneId) }],
    ['thresholds, retention and alert destinations changed', { ...FLEET, signals: { nxdomain: { rateThreshold: 25 } }, queryLogging: { retentionDays: 90 }, alerts: { email: ['dns@example.com'] } }],
  ];

  it.each(changes)('%s: no create-only property of any resource changes', (_n, changed) => {
    expect(replacements(base, withAssignments(changed, monitoring.assignments))).toEqual([]);
  });

  describe('active DNS checks (the prober function and its schedule have fixed names: a replacement would fail)', () => {
    const www = { name: 'www', query: 'www.example.com', type: 'A', zoneId: zone(1).zoneId, regions: ['us-east-1', 'eu-west-1'], expect: { answers: ['192.0.2.10'] } };
    const mx = { name: 'mx', query: 'example.com', type: 'MX', servers: ['192.0.2.53'], regions: ['eu-west-1'], expect: {} };
    const checks = (dnsChecks: object[]): RawConfig => ({ prefix: 'acme', hostedZones: [zone(1)], alerts: { email: ['a@example.com'] }, dnsChecks } as RawConfig);
    const before = deploymentOf(checks([www, mx]));
    it.each([
      ['checks reversed', [mx, www]],
      ['a check added and an expectation changed', [{ ...www, expect: { answers: ['192.0.2.11'] } }, mx, { ...mx, name: 'ns', type: 'NS' }]],
      ['a check gains a region and changes severity and interval', [{ ...www, regions: ['us-east-1', 'eu-west-1', 'ap-southeast-2'], interval: 5, alarm: { severity: 'warning' } }, mx]],
      ['a check removed', [www]],
    ] as [string, object[]][])('%s: no create-only property of any resource changes', (_n, list) => {
      expect(replacements(before, deploymentOf(checks(list)))).toEqual([]);
    });
  });

  describe('the one AWS Chatbot configuration (fixed name, one per Slack channel: a replacement would fail)', () => {
    const chatbot = (resolverVpcs: object[]): RawConfig =>
      ({ prefix: 'acme', hostedZones: [zone(1)], resolverVpcs, alerts: { email: ['a@example.com'], slack: { chatbot: { workspaceId: 'T0123ABCD', channelId: 'C0456EFGH' } } } }) as RawConfig;
    it('is checked against its schema: configuration name and workspace are create-only', () => {
      expect([...createOnlyProperties('AWS::Chatbot::SlackChannelConfiguration')].sort()).toEqual(['ConfigurationName', 'SlackWorkspaceId']);
    });
    it('regions added to the deployment: no create-only property of any resource changes', () => {
      const before = deploymentOf(chatbot([]));
      const after = deploymentOf(chatbot([{ vpcId: 'vpc-0123456789abcdef0', region: 'eu-west-1' }, { vpcId: 'vpc-0fedcba9876543210', region: 'ap-southeast-2' }]));
      expect(replacements(before, after)).toEqual([]);
    });
  });

  it('the check finds a replacement when there is one (a zone whose logging moves to another group)', () => {
    const a = deploymentOf({ prefix: 'acme', hostedZones: [zone(1, { queryLogging: { create: true, logGroupName: '/aws/route53/a' } })], alerts: { email: ['a@example.com'] } });
    const stacks = a.stacks.map((s) => ({ ...s, template: JSON.parse(JSON.stringify(s.template).split('/aws/route53/a').join('/aws/route53/b')) }));
    const found = replacements(a, new Deployment(stacks));
    expect(found.map((r) => `${r.type}.${r.property}`)).toEqual(expect.arrayContaining(['AWS::Route53::QueryLoggingConfig.CloudWatchLogsLogGroupArn', 'AWS::Logs::LogGroup.LogGroupName']));
  });
});
