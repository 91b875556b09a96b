/**
 * Every resource type the app can create has a price entry or an explicit "free" entry in
 * lib/plan/prices.ts: the example configs and a config with every optional feature are
 * synthesized, and a type without an entry fails here.
 */
import * as path from 'node:path';
import { loadConfigFile, parseConfig } from '../../lib/config/load';
import type { RawConfig } from '../../lib/config/schema';
import { buildPlan, planConfig, pricingOf, RESOURCE_PRICING, synthesizeForPlan } from '../../lib/plan';
import { exampleConfigFiles } from '../support/synth';

/** Every optional feature on: health checks with paid options, calculated check, endpoints, audit, Slack, license, dashboards. */
export const ALL_FEATURES = {
  prefix: 'feat',
  hostedZones: [
    { zoneId: 'Z0FEATURES0000000001', zoneName: 'feat.example.com', queryLogging: { create: true }, dnssec: true },
  ],
  resolverVpcs: [{ vpcId: 'vpc-0fea0000000000001', region: 'eu-west-1', queryLogging: { create: true } }],
  healthChecks: [
    { name: 'api', url: 'https://api.feat.example.com/health', searchString: 'ok', requestInterval: 10, measureLatency: true, latency: { timeToFirstByteMs: 800 } },
    { name: 'web', url: 'http://web.feat.example.com/' },
    { name: 'both', children: ['api', 'web'] },
  ],
  resolverEndpoints: [{ endpointId: 'rslvr-in-0123456789abcdef0', region: 'eu-west-1', direction: 'inbound', name: 'inbound-1' }],
  changeAudit: { enabled: true, allChanges: true },
  alerts: { email: ['oncall@example.com'], sms: ['+14155550100'], https: ['https://hooks.example.com/dns'], slack: { webhook: {}, chatbot: { workspaceId: 'T0123ABCD', channelId: 'C0123ABCD' } } },
  license: { licenseId: 'lic_0123456789abcdef' },
} as unknown as RawConfig;

describe('every resource type has a price entry', () => {
  const files = exampleConfigFiles();
  test.each(files.map((f) => [path.basename(f), f]))('%s', (_name, file) => {
    const plan = planConfig(loadConfigFile(file as string), { configDir: path.dirname(file as string) });
    expect(Object.keys(plan.resourceTypes).length).toBeGreaterThan(5);
    expect(plan.unpricedTypes).toEqual([]);
  }, 180_000);

  test('a config with every optional feature', () => {
    const plan = planConfig(parseConfig(ALL_FEATURES));
    expect(plan.unpricedTypes).toEqual([]);
    for (const t of ['AWS::Route53::HealthCheck', 'AWS::Lambda::Function', 'AWS::CloudWatch::Dashboard', 'AWS::Events::Rule', 'AWS::DynamoDB::Table']) {
      expect(plan.resourceTypes[t]).toBeGreaterThan(0);
    }
    // Health checks: api is HTTPS + string match + 10 s + latency (4 options), web none, both calculated.
    const hc = plan.subjects.filter((s) => s.type === 'health-check');
    expect(hc.map((s) => [s.id, s.counts.healthChecks, s.counts.healthCheckOptions]).sort()).toEqual([
      ['api', 1, 4],
      ['both', 1, 0],
      ['web', 1, 0],
    ]);
    const line = (id: string) => plan.monthly.lines.find((l) => l.id === id);
    expect(line('health-checks-non-aws')).toMatchObject({ units: 2, usd: 2 * 0.75 });
    expect(line('health-checks-aws')).toMatchObject({ units: 1, usd: 0.5 });
    expect(line('health-check-options-non-aws')).toMatchObject({ units: 4, usd: 4 * 2 });
    // Health-check alarms carry their spec's detection time; license alarms are computed from
    // their properties: (1 + 1) x 3600 s + 3600 s hourly publishing + 60 s evaluation.
    expect(plan.alarms.filter((a) => a.kind === 'health-check').every((a) => a.from === 'spec')).toBe(true);
    const invalid = plan.alarms.find((a) => a.kind === 'license' && a.signal === 'invalid')!;
    expect(invalid).toMatchObject({ from: 'properties', detectionSeconds: 2 * 3600 + 3600 + 60, sourceDelaySeconds: 3600 });
    // License metrics are custom metrics (all five the reporter publishes).
    expect(plan.subjects.find((s) => s.type === 'license')!.counts.customMetrics).toBe(5);
  }, 180_000);

  test('a resource type without an entry is reported (and fails the checks above)', () => {
    expect(pricingOf('AWS::EC2::Instance')).toBeUndefined();
    expect(pricingOf('Custom::Anything')).toMatchObject({ billing: 'free' });
    const s = synthesizeForPlan(loadConfigFile(exampleConfigFiles()[0]));
    const st = s.stacks[0];
    const withNew = { ...s, stacks: [{ ...st, resources: [...st.resources, { stack: st.name, region: st.region, logicalId: 'X', type: 'AWS::EC2::Instance', props: {} }] }, ...s.stacks.slice(1)] };
    expect(buildPlan(withNew).unpricedTypes).toEqual(['AWS::EC2::Instance']);
  }, 180_000);

  test('every entry says how it is billed', () => {
    for (const [type, p] of Object.entries(RESOURCE_PRICING)) {
      expect(type).toMatch(/^AWS::[A-Za-z0-9]+::[A-Za-z0-9]+$/);
      expect(['fixed', 'usage', 'free']).toContain(p.billing);
      expect(p.note.length).toBeGreaterThan(5);
    }
  });
});
