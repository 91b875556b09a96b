/**
 * plan prices the DNS checks from what the app builds: each check's metrics (CheckFailed per
 * vantage, TargetFailed per vantage and server, Route 53's four name servers for a zoneId), its
 * M-of-N alarm (one alarm metric per vantage) and the probers' schedules and Lambdas, and shows the
 * check's worst-case detection.
 */
import { ZONE_CHECKS_SKIPPED_MINUTES } from '../../lib/alarms/dns-check-alarm';
import { parseConfig } from '../../lib/config/load';
import { planConfig } from '../../lib/plan';
import { ASSUMPTIONS, PRICES } from '../../lib/plan/prices';
import { renderPlan } from '../../lib/plan/render';

const cfg = parseConfig({
  prefix: 'chk',
  alerts: { email: ['oncall@example.com'] },
  dashboards: { enabled: false },
  dnsChecks: [
    { name: 'www', query: 'www.example.com', type: 'A', zoneId: 'Z1111111111AAAAAAAAAA', regions: ['us-east-1', 'eu-west-1', 'ap-southeast-2'], expect: { answers: ['192.0.2.10'] } },
    { name: 'mx', query: 'example.com', type: 'MX', servers: ['192.0.2.53', '192.0.2.54'], interval: 5, expect: {} },
  ],
});

describe('plan of DNS checks', () => {
  const plan = planConfig(cfg);
  const row = (name: string) => plan.subjects.find((s) => s.type === 'dns-check' && s.name === name)!;

  it('counts each check\'s metrics and alarm metrics on its own row', () => {
    // www: 3 vantages x (1 CheckFailed + 4 delegation-set servers); mx: 1 vantage x (1 + 2 servers).
    expect(row('www').counts).toMatchObject({ customMetrics: 15, alarms: 1 });
    expect(row('mx').counts).toMatchObject({ customMetrics: 3, alarms: 1 });
    const metricUsd = PRICES.customMetric.tiers[0].usd;
    // 15 metrics + 3 alarm metrics (one per vantage in the alarm's math).
    expect(row('www').monthlyUsd).toBeCloseTo(15 * metricUsd + 3 * PRICES.alarmMetric.usd, 6);
  });

  it('prices the probers: one schedule and Lambda per vantage region, run every minute, one PutMetricData per run', () => {
    expect(plan.resourceTypes['AWS::Scheduler::Schedule']).toBe(3);
    expect(plan.resourceTypes['AWS::Lambda::Function']).toBeGreaterThanOrEqual(3);
    const runs = 3 * 730 * 60; // three regions, cron(* * * * ? *) all month (us-east-1 runs www and mx: still one run a minute)
    const line = (id: string) => plan.monthly.lines.find((l) => l.id === id)!;
    expect(line('put-metric-data')).toMatchObject({ units: runs, usd: expect.closeTo((runs / 1000) * PRICES.metricApiRequest.usd, 6) });
    expect(line('scheduler').units).toBeGreaterThanOrEqual(runs);
    expect(line('lambda-requests').units).toBeGreaterThanOrEqual(runs);
  });

  it("prices the probers' tables of zone name servers from the zones they hold, not per prober run", () => {
    // www's zone in each of its 3 regions: stored once per read (every 3 to 6 hours, 4.5 on average),
    // loaded (0.5 RRU) by each new execution environment, 12 a day.
    const line = (id: string) => plan.monthly.lines.find((l) => l.id === id)!;
    expect(plan.resourceTypes['AWS::DynamoDB::Table']).toBe(3);
    expect(line('dns-prober-table-writes').units).toBeCloseTo((3 * 730) / 4.5, 6);
    expect(line('dns-prober-table-reads').units).toBeCloseTo(3 * 0.5 * 12 * (730 / 24), 6);
    // The per-invocation estimate is for the Slack notifier's and license tables (none here): the probers' runs do not count.
    expect(line('dynamodb-writes')).toBeUndefined();
    expect(line('dynamodb-reads')).toBeUndefined();
  });

  it('prices the reporter: invoked by its alarm rule as often as an alert topic notifies', () => {
    const runs = 3 * 730 * 60;
    const lambdaRequests = plan.monthly.lines.find((l) => l.id === 'lambda-requests')!;
    // The probers' scheduled runs, and the reporter (no other function in this config).
    expect(lambdaRequests.units).toBe(runs + ASSUMPTIONS.notificationsPerTopicPerMonth);
  });

  it('shows the worst-case detection of each check: 2 of 3 runs at its interval', () => {
    const www = plan.alarms.find((a) => a.name === 'chk-dns-check-www')!;
    const mx = plan.alarms.find((a) => a.name === 'chk-dns-check-mx')!;
    expect(www).toMatchObject({ kind: 'dns-check', period: 60, datapointsToAlarm: 2, evaluationPeriods: 3, detectionSeconds: 3 * 60 + 30 + 60 });
    expect(mx.detectionSeconds).toBe(3 * 300 + 30 + 60);
  });
});

describe('plan of a check with deploy: false', () => {
  it('shows no row or cost for it, and says it is left to `dns-monitor check`', () => {
    const local = parseConfig({
      prefix: 'chk',
      alerts: { email: ['oncall@example.com'] },
      dashboards: { enabled: false },
      dnsChecks: [
        { name: 'www', query: 'www.example.com', type: 'A', servers: ['192.0.2.53'], expect: {} },
        { name: 'vpc-resolver', query: 'www.example.com', type: 'A', resolvers: ['10.0.0.2'], deploy: false, expect: {} },
      ],
    });
    const p = planConfig(local);
    expect(p.subjects.filter((s) => s.type === 'dns-check').map((s) => s.name)).toEqual(['www']);
    expect(p.assumptions).toContain('1 DNS check with deploy: false (vpc-resolver) is not deployed and costs nothing here: `npx dns-monitor check` runs it from your machine.');
  });
});

describe('plan of zone checks from many regions: the first deploy', () => {
  const REGIONS = ['ap-southeast-1', 'eu-central-1', 'eu-west-1', 'eu-west-2', 'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2'];
  const zoneChecks = (n: number, regions: string[]) =>
    parseConfig({
      prefix: 'chk',
      alerts: { email: ['oncall@example.com'] },
      dashboards: { enabled: false },
      dnsChecks: Array.from({ length: n }, (_, i) => ({ name: `c${i}`, query: `z${i}.io`, type: 'SOA', zoneId: `Z${String(i).padStart(12, '0')}`, regions, expect: {} })),
    });

  it('says how long the zone checks wait for their zones to be read: 191 zones from 8 regions, 13 a run, the last about 14 minutes in', () => {
    const plan = planConfig(zoneChecks(191, REGIONS));
    // 8 regions share half the account's rate: 10/8 to start with and 5/8 a second for 20 s, 13 reads a run; 191 zones take 15 runs.
    expect(plan.firstDeployZoneReads).toEqual({ zoneReads: 191 * 8, regions: 8, slowest: { region: 'ap-southeast-1', zones: 191, perRun: 13, minutes: 14 }, skippedAlarmMinutes: ZONE_CHECKS_SKIPPED_MINUTES });
    const text = renderPlan(plan, 'table');
    expect(text).toContain('First deploy zone checks');
    expect(text).toContain('ap-southeast-1 reads 13 of its 191 zones a run, so its last zone checks start about 14 minutes in');
    // Shorter than the wait before a region's zone-checks-skipped alarm pages.
    expect(text).toContain(`ap-southeast-1's zone-checks-skipped alarm pages when skips go on past ${ZONE_CHECKS_SKIPPED_MINUTES} minutes)`);
    expect(text).not.toContain('to page once after the first deploy');
  });

  it('a wait longer than the zone-checks-skipped alarm allows: says that alarm will page once after the first deploy', () => {
    // The same zones checked every 5 minutes: a zone is read when its check is due, so the reads take five times as long.
    const every5 = parseConfig({ prefix: 'chk', alerts: { email: ['oncall@example.com'] }, dashboards: { enabled: false }, dnsChecks: zoneChecks(191, REGIONS).dnsChecks.map((c) => ({ name: c.name, query: c.query, type: 'SOA', zoneId: c.zoneId, regions: REGIONS, interval: 5, expect: {} })) });
    const plan = planConfig(every5);
    expect(plan.firstDeployZoneReads!.slowest.minutes).toBeGreaterThanOrEqual(ZONE_CHECKS_SKIPPED_MINUTES);
    expect(renderPlan(plan, 'table')).toContain(`${plan.firstDeployZoneReads!.slowest.region}'s zone-checks-skipped alarm pages when skips go on past ${ZONE_CHECKS_SKIPPED_MINUTES} minutes, which they do here: expect it to page once after the first deploy`);
  });

  // Checked every hour: 13 of 15 zones read in the first run, the other 2 an hour later, so their checks are skipped in one run only.
  it("checked every hour, the region's alarm needs skips in two hourly windows: a first deploy whose last zones wait one run does not set it off", () => {
    const hourly = parseConfig({ prefix: 'chk', alerts: { email: ['oncall@example.com'] }, dashboards: { enabled: false }, dnsChecks: zoneChecks(15, REGIONS).dnsChecks.map((c) => ({ name: c.name, query: c.query, type: 'SOA', zoneId: c.zoneId, regions: REGIONS, interval: 60, expect: {} })) });
    const w = planConfig(hourly).firstDeployZoneReads!;
    expect(w.skippedAlarmMinutes).toBe(60);
    // Two hourly runs skipped would be needed, each in a window of its own, with two more windows around them.
    expect(w.slowest).toMatchObject({ zones: 15, perRun: 13, minutes: 60 });
    expect(renderPlan(planConfig(hourly), 'table')).not.toContain('to page once after the first deploy');
  });

  it('says nothing when every region reads its zones in its first run', () => {
    expect(planConfig(zoneChecks(50, ['us-east-1'])).firstDeployZoneReads).toBeUndefined();
  });
});
