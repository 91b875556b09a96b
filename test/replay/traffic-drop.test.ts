/**
 * The default DNSQueries traffic-drop alarm, replayed with the same corpus generator as
 * `bench:detection` (a week of DNSQueries history before the logs, which the approximated anomaly
 * band trains on like CloudWatch's model): an 85 % drop (delegation broken for most resolvers)
 * pages within 10 minutes at 5 queries/min and more (issue #13), and days of normal traffic at
 * those volumes never page.
 */
import { parseConfig } from '../../lib/config/load';
import { dnsQueriesKey, evaluateAlarms, MetricAccumulator, pagesOf, replayModelOf } from '../../lib/replay';
import { generateDnsQueriesHistory, generateZone, type ZoneSpec } from '../../scripts/detection-corpus';

const DAY0 = Date.UTC(2026, 10, 2) / 1000;
const INCIDENT = DAY0 + 14 * 3600;
const SEEDS = [101, 102, 103, 104, 105, 106];

function replayZones(zones: ZoneSpec[]) {
  const config = parseConfig({ prefix: 'acme', hostedZones: zones.map((z) => ({ zoneId: z.zoneId, zoneName: z.zoneName })), alerts: { email: ['oncall@example.com'] } });
  const model = replayModelOf(config);
  const acc = new MetricAccumulator(model, false);
  for (const z of zones) {
    const key = dnsQueriesKey(z.zoneId);
    generateDnsQueriesHistory(z, z.from - 7 * 86400, z.from, (ts, n) => acc.addDatapoint(key, ts, n));
    generateZone(z, (l) => acc.addLine(l), (ts, n) => acc.addDatapoint(key, ts, n));
  }
  const result = evaluateAlarms(model, acc, { namespace: config.namespace });
  return (z: ZoneSpec) => pagesOf(result.alarms.find((a) => a.alarmName === `acme-${z.zoneName}-dns-queries-anomaly-drop`)!);
}

const zoneId = (i: number) => `Z0FFFFFFFFFFFFFFFF${String(i).padStart(3, '0')}`;

describe('the default traffic-drop alarm (DNSQueries anomaly band)', () => {
  it('an 85 % drop at 5 queries/min pages within 10 minutes in every realization', () => {
    const zones: ZoneSpec[] = SEEDS.map((seed, i) => ({
      zoneId: zoneId(i),
      zoneName: `drop-${seed}.example`,
      qpm: 5,
      from: INCIDENT - 3 * 3600,
      to: INCIDENT + 100 * 60,
      seed,
      incident: { kind: 'traffic-drop-85', start: INCIDENT, minutes: 40 },
    }));
    const pages = replayZones(zones);
    const firstAfter = zones.map((z) => ({ zone: z.zoneName, seconds: (pages(z).find((t) => t >= INCIDENT) ?? Infinity) - INCIDENT }));
    for (const f of firstAfter) expect({ ...f, within10min: f.seconds <= 600 }).toEqual({ ...f, within10min: true });
    // And nothing before the drop.
    for (const z of zones) expect(pages(z).filter((t) => t < INCIDENT)).toEqual([]);
  }, 120_000);

  it('two days of normal traffic at 50 queries/min never page', () => {
    const zones: ZoneSpec[] = SEEDS.slice(0, 3).map((seed, i) => ({ zoneId: zoneId(50 + i), zoneName: `normal-${seed}.example`, qpm: 50, from: DAY0, to: DAY0 + 2 * 86400, seed }));
    const pages = replayZones(zones);
    for (const z of zones) expect({ zone: z.zoneName, pages: pages(z).map((t) => new Date(t * 1000).toISOString()) }).toEqual({ zone: z.zoneName, pages: [] });
  }, 120_000);
});
