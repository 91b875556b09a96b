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
import { FLEET, vpc, zone } from '../support/fleets';
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
    // Tags are create-only on a Resolver query logging configuration (its schema): a changed
    // deployment tag replaced every configuration, leaving the old ones retained and unassociated.
    ['the deployment\'s tags added', { ...FLEET, tags: { team: 'dns', 'cost-center': '42' } }],
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

  // Changes that do replace a resource, and still deploy: the replaced resource has no name of its
  // own (a Route 53 health check) or gets a new one (an alarm named after the zone). docs/rollout.md
  // lists them. A replaced resource that kept its name would fail the update.
  describe('changes that replace a resource: each one unnamed or renamed (docs/rollout.md)', () => {
    const hc = (over: object) => ({ ...FLEET, healthChecks: FLEET.healthChecks!.map((h: any) => (h.name === 'api' ? { ...h, ...over } : h)) });
    it.each([
      ['a health check\'s protocol (url scheme)', hc({ url: 'http://api.example.com/health' }), 'AWS::Route53::HealthCheck.HealthCheckConfig.Type'],
      ['a health check\'s searchString added', hc({ searchString: 'ok' }), 'AWS::Route53::HealthCheck.HealthCheckConfig.Type'],
      ['a health check\'s requestInterval', hc({ requestInterval: 10 }), 'AWS::Route53::HealthCheck.HealthCheckConfig.RequestInterval'],
      ['a health check\'s measureLatency', hc({ measureLatency: true }), 'AWS::Route53::HealthCheck.HealthCheckConfig.MeasureLatency'],
    ] as [string, RawConfig, string][])('%s: only that health check is replaced (it has no name)', (_n, changed, property) => {
      const found = replacements(base, withAssignments(changed, monitoring.assignments));
      expect(found.map((r) => `${r.type}.${r.property}`)).toEqual([property]);
      expect(found[0].resource).toMatch(/HealthCheckapi/);
    });

    it('a hosted zone\'s name corrected (same zone id): its alarms are replaced under new names', () => {
      const changed = { ...FLEET, hostedZones: FLEET.hostedZones!.map((z: any) => (z.zoneId === zone(2).zoneId ? { ...z, zoneName: 'z2-fixed.example.com' } : z)) };
      const after = withAssignments(changed, monitoring.assignments);
      const found = replacements(base, after);
      expect(found.length).toBeGreaterThan(0);
      expect(new Set(found.map((r) => `${r.type}.${r.property}`))).toEqual(new Set(['AWS::CloudWatch::Alarm.AlarmName', 'AWS::CloudWatch::CompositeAlarm.AlarmName']));
      const names = (d: Deployment) => new Set(d.resources().filter((r) => /Alarm$/.test(r.type)).map((r) => d.props(r).AlarmName));
      const old = names(base);
      for (const r of found) {
        const renamed = after.resources().find((x) => `${x.stack.stackName}/${x.logicalId}` === r.resource)!;
        expect(old.has(after.props(renamed).AlarmName)).toBe(false);
      }
    });
  });

  describe('Resolver query logging configurations keep the tags they were created with (Tags are create-only)', () => {
    const tagsOf = (d: Deployment) =>
      Object.fromEntries(d.resources('AWS::Route53Resolver::ResolverQueryLoggingConfig').map((r) => [d.props(r).Name, d.props(r).Tags]));
    const logGroupTags = (d: Deployment) => d.resources('AWS::Logs::LogGroup').map((r) => d.props(r).Tags);
    const tagged: RawConfig = { ...FLEET, tags: { team: 'dns' } };
    const first = buildApp(tagged).monitoring;
    const firstDeployment = new Deployment(stacksOf([...Object.values(first.coreStacks), ...first.shardStacks]));

    it('the schema says so', () => {
      expect(createOnlyProperties('AWS::Route53Resolver::ResolverQueryLoggingConfig')).toContain('Tags');
    });

    it('a new configuration carries the deployment\'s tags, and the placement file records them', () => {
      const want = [{ Key: 'codreum:prefix', Value: 'acme' }, { Key: 'codreum:product', Value: 'dns-monitor' }, { Key: 'team', Value: 'dns' }];
      expect(Object.values(tagsOf(firstDeployment))).toEqual([want]);
      expect(Object.values(first.assignments.createOnlyTags ?? {})).toEqual([{ 'codreum:prefix': 'acme', 'codreum:product': 'dns-monitor', team: 'dns' }]);
    });

    it('changed tags reach every other resource; the configuration keeps its own, and a configuration created later gets the new ones', () => {
      const changed: RawConfig = {
        ...FLEET,
        tags: { team: 'platform', 'cost-center': '42' },
        resolverVpcs: [...FLEET.resolverVpcs!, vpc(6, 'eu-west-1', { queryLogging: { create: true, logGroupName: '/aws/route53resolver/new' } })],
      };
      const { monitoring } = buildApp(changed, { assignments: first.assignments });
      const after = new Deployment(stacksOf([...Object.values(monitoring.coreStacks), ...monitoring.shardStacks]));
      expect(replacements(firstDeployment, after)).toEqual([]);
      const before = tagsOf(firstDeployment);
      const now = tagsOf(after);
      const [oldName] = Object.keys(before);
      expect(now[oldName]).toEqual(before[oldName]);
      const newName = Object.keys(now).find((n) => n !== oldName)!;
      expect(now[newName]).toEqual([
        { Key: 'codreum:prefix', Value: 'acme' },
        { Key: 'codreum:product', Value: 'dns-monitor' },
        { Key: 'cost-center', Value: '42' },
        { Key: 'team', Value: 'platform' },
      ]);
      for (const t of logGroupTags(after)) expect(t).toEqual(expect.arrayContaining([{ Key: 'team', Value: 'platform' }, { Key: 'cost-center', Value: '42' }]));
      expect(monitoring.assignments.createOnlyTags).toEqual({ [oldName]: first.assignments.createOnlyTags![oldName], [newName]: { 'codreum:prefix': 'acme', 'codreum:product': 'dns-monitor', 'cost-center': '42', team: 'platform' } });
    });

    it('a placement file written before tags were recorded: the configuration keeps the tags it was deployed with (the config\'s)', () => {
      const { createOnlyTags: _dropped, ...older } = first.assignments;
      const { monitoring } = buildApp(tagged, { assignments: older });
      const after = new Deployment(stacksOf([...Object.values(monitoring.coreStacks), ...monitoring.shardStacks]));
      expect(tagsOf(after)).toEqual(tagsOf(firstDeployment));
      expect(monitoring.assignments.createOnlyTags).toEqual(first.assignments.createOnlyTags);
    });

    it('a configuration that is removed leaves the placement file', () => {
      const { monitoring } = buildApp({ ...tagged, resolverVpcs: FLEET.resolverVpcs!.filter((v: any) => !v.queryLogging?.create) }, { assignments: first.assignments });
      expect(monitoring.assignments.createOnlyTags).toEqual({});
    });
  });

  it('the check finds a replacement when there is one (a zone whose logging moves to another group)', () => {
    const a = deploymentOf({ prefix: 'acme', hostedZones: [zone(1, { queryLogging: { create: true, logGroupName: '/aws/route53/a' } })], alerts: { email: ['a@example.com'] } });
    const stacks = a.stacks.map((s) => ({ ...s, template: JSON.parse(JSON.stringify(s.template).split('/aws/route53/a').join('/aws/route53/b')) }));
    const found = replacements(a, new Deployment(stacks));
    expect(found.map((r) => `${r.type}.${r.property}`)).toEqual(expect.arrayContaining(['AWS::Route53::QueryLoggingConfig.CloudWatchLogsLogGroupArn', 'AWS::Logs::LogGroup.LogGroupName']));
  });
});
