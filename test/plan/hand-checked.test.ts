/**
 * A small config whose plan is computed by hand below, from the signal catalogue defaults
 * (lib/signals/catalogue.ts) and the price table (lib/plan/prices.ts).
 */
import { parseConfig } from '../../lib/config/load';
import type { RawConfig } from '../../lib/config/schema';
import { planConfig, type PlanResult } from '../../lib/plan';

const ZONE = 'Z0HANDCHECKED00000001';
const VPC = 'vpc-0123456789abcdef0';

export const HAND_CONFIG = {
  prefix: 'hand',
  hostedZones: [
    {
      zoneId: ZONE,
      zoneName: 'hand.example.com',
      queryLogging: { create: true, retentionDays: 7 },
      queryVolume: { enabled: false },
      contributorInsights: false,
    },
  ],
  resolverVpcs: [{ vpcId: VPC, region: 'eu-west-1', signals: { 'qtype-a': { enabled: true }, 'qtype-aaaa': { enabled: true } } }],
  signals: {
    noerror: { enabled: false },
    nxdomain: { enabled: false },
    refused: { enabled: false },
    errors: { enabled: false },
    'other-errors': { enabled: false },
    tcp: { enabled: false },
    'firewall-block': { enabled: false },
    servfail: { anomaly: 'spike' },
  },
  dashboards: { enabled: false },
  alerts: { email: ['oncall@example.com'] },
} as unknown as RawConfig;

/*
 * Hand computation.
 * Zone hand.example.com: signals total + servfail.
 *   filters: Queries, ServFail (2)                    -> custom metrics: 2 series (ZoneId=zone)
 *   alarms:  no silence alarm (hosted zones: total has no threshold by default)
 *            servfail rate (rateThreshold 1): ServFail + Queries = 2 metrics
 *            servfail anomaly spike: ServFail + 2 band bounds = 3 alarm metrics
 * VPC: signals total + servfail + qtype-a + qtype-aaaa (qtype alarms are off by default).
 *   filters: Queries, ServFail, QueriesByType (3)       -> custom metrics: 1 + 1 + 2 (A, AAAA) = 4
 *   alarms:  total low-traffic 1, servfail rate (rateThreshold 2) 2, servfail anomaly 3
 * Contributor Insights: the zone opted out (no zone rule has any subject: 0 rules); VPC rules: 2.
 * KMS keys: alert topics key in us-east-1 and eu-west-1, query-log key in us-east-1 = 3.
 * SNS: 2 topics per region = 4, one email subscription each; 50 notifications per topic.
 * Composite "unhealthy" alarm per subject over its critical alarms (servfail rate + anomaly): 2.
 * Change audit (on by default for the zone): 4 EventBridge rules (record changes, zone changes,
 * query-logging/health-check deletion, DNSSEC changes); their dead-letter queue alarm (1 metric)
 * and one FailedInvocations alarm summing the 4 rules (4 metrics). Every rule runs the audit
 * publisher (1 Lambda, 256 MB): 50 invocations per rule a month, 1 s each.
 * Alert topics: one delivery-failures alarm per created topic (1 metric each): 4, one cost row.
 */
const HAND = {
  customMetrics: 6,
  filters: 5,
  standardAlarmMetrics: 2 + (1 + 2) + (1 + 4) + 4,
  anomalyAlarmMetrics: 3 + 3,
  alarms: 11,
  anomalyModels: 2,
  insightRules: 2,
  kmsKeys: 3,
  topics: 4,
  usd: {
    'custom-metrics': 6 * 0.3,
    'alarm-metrics': 14 * 0.1,
    'anomaly-alarm-metrics': 6 * 0.1,
    'insight-rules': 2 * 0.5,
    'kms-keys': 3 * 1,
    'sns-publishes': ((4 * 50) / 1e6) * 0.5,
    'sns-email': ((4 * 50) / 1e5) * 2,
    'composite-alarms': 2 * 0.5,
    'lambda-requests': ((4 * 50) / 1e6) * 0.2,
    'lambda-compute': 4 * 50 * (256 / 1024) * 1 * 0.0000133334,
  } as Record<string, number>,
  zoneUsd: 2 * 0.3 + 2 * 0.1 + 3 * 0.1 + 0.5,
  vpcUsd: 4 * 0.3 + 3 * 0.1 + 3 * 0.1 + 0.5,
  // total low-traffic (VPC): (15 + 1) x 60 s + 60 s log delay + 60 s evaluation; servfail (zone 2 of 5, VPC 2 of 3):
  // 2 x 60 + 60 + 120; the composite: its slowest child (servfail, 300 s) + one evaluation (60 s).
  // audit delivery alarms: one 5-minute period, + 60 s metric delay + 60 s evaluation = 2 x 300 + 120;
  // the topics' delivery alarms: SNS pushes its topic metrics every five minutes (SNS Developer
  // Guide, "Monitoring Amazon SNS with CloudWatch"), so 2 x 300 + 300 + 60.
  detection: { total: 1080, servfail: 300, unhealthy: 360, 'audit-dead-letters': 720, 'audit-failed-invocations': 720, 'topic-delivery-failures': 960 },
};

describe('plan of a hand-checked config', () => {
  let plan: PlanResult;
  beforeAll(() => {
    plan = planConfig(parseConfig(HAND_CONFIG), { queriesPerDay: 1_000_000 });
  }, 120_000);

  test('resource counts match the hand count', () => {
    expect(plan.totals).toMatchObject({
      customMetrics: HAND.customMetrics,
      metricFilters: HAND.filters,
      alarms: HAND.alarms,
      anomalyModels: HAND.anomalyModels,
      insightRules: HAND.insightRules,
      kmsKeys: HAND.kmsKeys,
      topics: HAND.topics,
      dashboards: 0,
      healthChecks: 0,
      lambdas: 1,
    });
    expect(plan.totals.alarmsByKind).toEqual({ 'low-traffic': 1, rate: 2, anomaly: 2, composite: 2, count: 2 + 4 });
    expect(plan.totals.compositeAlarms).toBe(2);
    const zone = plan.subjects.find((s) => s.key === `zone:${ZONE}`)!;
    const vpc = plan.subjects.find((s) => s.key === `vpc:${VPC}`)!;
    expect(zone.counts).toMatchObject({ customMetrics: 2, metricFilters: 2, alarms: 2, insightRules: 0, logGroups: 1 });
    expect(vpc.counts).toMatchObject({ customMetrics: 4, metricFilters: 3, alarms: 3, insightRules: 2 });
  });

  test('every cost line and the total match the hand computation', () => {
    const byId = Object.fromEntries(plan.monthly.lines.map((l) => [l.id, l.usd]));
    expect(Object.keys(byId).sort()).toEqual(Object.keys(HAND.usd).sort());
    for (const [id, usd] of Object.entries(HAND.usd)) expect(byId[id]).toBeCloseTo(usd, 10);
    const lines = Object.fromEntries(plan.monthly.lines.map((l) => [l.id, l.units]));
    expect(lines['alarm-metrics']).toBe(HAND.standardAlarmMetrics);
    expect(lines['anomaly-alarm-metrics']).toBe(HAND.anomalyAlarmMetrics);
    const hand = Object.values(HAND.usd).reduce((a, b) => a + b, 0);
    expect(hand).toBeCloseTo(8.80480667, 10);
    expect(plan.monthly.totalUsd).toBeCloseTo(hand, 10);
  });

  test('per-subject cost: the zone and VPC own their metrics and alarms, the rest is shared', () => {
    const usdOf = (key: string) => plan.subjects.find((s) => s.key === key)!.monthlyUsd;
    expect(usdOf(`zone:${ZONE}`)).toBeCloseTo(HAND.zoneUsd, 10);
    expect(usdOf(`vpc:${VPC}`)).toBeCloseTo(HAND.vpcUsd, 10);
    // The change audit's delivery alarms share a row of their own (1 + 4 alarm metrics).
    expect(usdOf('component:audit')).toBeCloseTo(5 * 0.1, 10);
    // So do the alert topics' delivery alarms (4 alarm metrics).
    expect(usdOf('component:alert-topics')).toBeCloseTo(4 * 0.1, 10);
    expect(usdOf('shared')).toBeCloseTo(plan.monthly.totalUsd - HAND.zoneUsd - HAND.vpcUsd - 5 * 0.1 - 4 * 0.1, 10);
  });

  test('detection times come from the alarm specs; a composite from its slowest child', () => {
    expect(plan.alarms).toHaveLength(13);
    for (const a of plan.alarms) {
      expect(a.from).toBe(a.kind === 'composite' || a.signal.startsWith('audit-') || a.signal === 'topic-delivery-failures' ? 'properties' : 'spec');
      expect(a.detectionSeconds).toBe(HAND.detection[a.signal as keyof typeof HAND.detection]);
    }
  });

  test('query-volume section: ingestion, storage and matched events for 1,000,000 queries per day', () => {
    const lines = 1_000_000 * (730 / 24);
    const gib = 1024 ** 3;
    const zoneGb = (lines * 130) / gib;
    const vpcGb = (lines * 600) / gib;
    const expected: Record<string, number> = {
      'log-ingestion-created': zoneGb * 0.5, // the zone's log group is created by the app
      'log-ingestion-existing': vpcGb * 0.5, // the VPC logs to an existing group
      'log-storage': (zoneGb / (730 / 24)) * 7 * 0.03, // 7 days retained
      'insight-matched-events': ((2 * lines) / 1e6) * 0.02, // 2 VPC rules read every VPC line
    };
    const got = Object.fromEntries(plan.usage!.lines.map((l) => [l.id, l.usd]));
    expect(Object.keys(got).sort()).toEqual(Object.keys(expected).sort());
    for (const [id, usd] of Object.entries(expected)) expect(got[id]).toBeCloseTo(usd, 8);
    expect(plan.usage!.totalUsd).toBeCloseTo(Object.values(expected).reduce((a, b) => a + b, 0), 8);
  });

  test('no limit warnings and no unpriced resource types', () => {
    expect(plan.warnings).toEqual([]);
    expect(plan.unpricedTypes).toEqual([]);
  });
});

describe('dashboard pricing', () => {
  it('prices every dashboard at the list price: the free tier (3 dashboards of up to 50 metrics) does not cover these', () => {
    const plan = planConfig(parseConfig({ ...HAND_CONFIG, dashboards: { enabled: true } } as RawConfig));
    const line = plan.monthly.lines.find((l) => l.id === 'dashboards')!;
    expect(line.units).toBeGreaterThanOrEqual(3);
    expect(line.usd).toBeCloseTo(line.units * 3, 6);
  });

  // The free tier is 3 dashboards of up to 50 metrics, account-wide. The plan claimed of every
  // deployment that its dashboards "hold more"; a config of registered domains alone has one
  // landing dashboard with one metric entry.
  it('says how many of its dashboards hold 50 metric entries or fewer, instead of claiming they all hold more', () => {
    const domainsOnly = planConfig(parseConfig({ prefix: 'acme', registeredDomains: [{ name: 'example.com' }], alerts: { email: ['oncall@example.com'] } } as RawConfig));
    const small = domainsOnly.monthly.lines.find((l) => l.id === 'dashboards')!;
    expect(small.units).toBe(1);
    expect(small.usd).toBeCloseTo(3, 6);
    expect(small.basis).toBe("every dashboard: the account's free tier (3 dashboards of up to 50 metrics each) is not subtracted; 1 of these holds 50 metric entries or fewer");
    for (const text of [small.what, small.basis, ...domainsOnly.assumptions]) expect(text).not.toMatch(/hold more/);

    const zones = planConfig(parseConfig({ ...HAND_CONFIG, dashboards: { enabled: true } } as RawConfig));
    const line = zones.monthly.lines.find((l) => l.id === 'dashboards')!;
    expect(line.basis).toMatch(/^every dashboard: the account's free tier \(3 dashboards of up to 50 metrics each\) is not subtracted(; \d+ of these holds? 50 metric entries or fewer)?$/);
  });
});

describe('SMS subscribers', () => {
  it("warns per region that SNS texts them only after the account leaves the SMS sandbox, and stops at the new account's $1 a month", () => {
    // Two numbers on both topics of both regions: 2 x 2 x 50 notifications = 200 texts a month in
    // each region, more than the 155 texts to a US number that $1 buys at $0.00645.
    const plan = planConfig(parseConfig({ ...HAND_CONFIG, alerts: { email: ['oncall@example.com'], sms: ['+14155550100', '+447700900123'] } } as RawConfig));
    const sms = plan.warnings.filter((w) => w.limit === 'SNS SMS spend limit');
    expect(sms.map((w) => [w.scope, w.value, w.max, w.level])).toEqual([
      ['eu-west-1', 200, 155, 'warning'],
      ['us-east-1', 200, 155, 'warning'],
    ]);
    expect(sms[1].message).toMatch(/^us-east-1: 2 SMS subscribers on 2 topics, about 200 texts a month .*\$1 .*SMS sandbox.*10DLC or toll-free.*dns-monitor doctor/);
    expect(plan.monthly.lines.find((l) => l.id === 'sns-sms')!.usd).toBeCloseTo(400 * 0.00645, 10);
  }, 120_000);
});
