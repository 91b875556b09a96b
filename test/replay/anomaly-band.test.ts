/** The approximated anomaly band: follows a steady trend, keeps quiet metrics' silences inside, flags a drop. */
import { approximateBand, BAND_WARMUP } from '../../lib/replay/anomaly-band';

const series = (n: number, f: (i: number) => number) => Float64Array.from({ length: n }, (_, i) => f(i));

describe('approximated anomaly band', () => {
  it('has no band while it trains', () => {
    const b = approximateBand(series(40, () => 100), 2);
    expect(Number.isNaN(b.lower[BAND_WARMUP - 1])).toBe(true);
    expect(Number.isNaN(b.lower[BAND_WARMUP])).toBe(false);
  });

  it('follows a steady decline (a daily evening fall is not a drop)', () => {
    const s = series(200, (i) => 500 - i);
    const b = approximateBand(s, 2);
    for (let i = 60; i < 200; i++) expect(s[i]).toBeGreaterThanOrEqual(b.lower[i]);
  });

  it('puts an 85 % drop below the band', () => {
    const s = series(120, (i) => (i < 100 ? 500 : 75));
    const b = approximateBand(s, 2);
    expect(s[101]).toBeLessThan(b.lower[101]);
  });

  it('a quiet metric (mostly 0, sometimes 1) never leaves the lower bound', () => {
    const s = series(300, (i) => (i % 7 === 0 ? 1 : NaN));
    const b = approximateBand(s, 2);
    for (let i = BAND_WARMUP; i < 300; i++) expect(b.lower[i]).toBe(0);
  });
});

import { parseConfig } from '../../lib/config/load';
import { dnsQueriesKey, evaluateAlarms, MetricAccumulator, pagesOf, replayModelOf } from '../../lib/replay';
import { generateZone } from '../../scripts/detection-corpus';

describe('the DNSQueries traffic-drop alarm on a busy zone\'s evening decline', () => {
  it('does not page in 8 h of normal traffic at 500 queries/min falling from the daily peak', () => {
    const zoneId = 'Z0CCCCCCCCCCCCCCCCCC1';
    const config = parseConfig({ prefix: 'acme', hostedZones: [{ zoneId, zoneName: 'busy.example' }], alerts: { email: ['oncall@example.com'] } });
    const model = replayModelOf(config);
    const acc = new MetricAccumulator(model, false);
    const from = Date.UTC(2026, 10, 2, 15) / 1000;
    generateZone({ zoneId, zoneName: 'busy.example', qpm: 500, from, to: from + 8 * 3600, seed: 11 }, (l) => acc.addLine(l), (ts, n) => acc.addDatapoint(dnsQueriesKey(zoneId), ts, n));
    const result = evaluateAlarms(model, acc, { namespace: config.namespace });
    const drop = result.alarms.find((a) => a.alarmName === 'acme-busy.example-dns-queries-anomaly-drop')!;
    expect(drop).toBeDefined();
    expect(pagesOf(drop).map((t) => new Date(t * 1000).toISOString())).toEqual([]);
  }, 120_000);
});

describe('a sudden drop stays below the band while it lasts (the band does not learn it within minutes)', () => {
  it('85 % drop of a 7/min metric: the first 5 minutes of the drop keep a lower bound above 1', () => {
    const s = Float64Array.from({ length: 200 }, (_, i) => (i < 150 ? 7 + ((i * 7919) % 5) - 2 : 1));
    const b = approximateBand(s, 2);
    for (let i = 150; i < 155; i++) expect({ i, lowerAbove1: b.lower[i] > 1 }).toEqual({ i, lowerAbove1: true });
  });
});

describe('the seasonal band (history of the same time of day)', () => {
  const DAY = 1440;
  it('expects what the same time of day held on previous days, not what the last hour held', () => {
    // Two days of a daily pattern: 100 from 08:00 to 20:00, 10 otherwise; on day 3 the value at
    // 08:30 is bounded by the 100 of the previous mornings although the night before was 10.
    const s = series(3 * DAY, (i) => (i % DAY >= 480 && i % DAY < 1200 ? 100 : 10));
    const b = approximateBand(s, 2, { pointsPerDay: DAY, from: 2 * DAY });
    const at = 2 * DAY + 510;
    expect(b.expected[at]).toBeCloseTo(100, 5);
    expect(b.lower[at]).toBeGreaterThan(50);
  });

  it('a drop does not bend its own baseline: 40 minutes of an 85 % drop all stay below the band', () => {
    const s = series(3 * DAY, (i) => (i >= 2 * DAY + 600 && i < 2 * DAY + 640 ? 15 : 100));
    const b = approximateBand(s, 4.5, { pointsPerDay: DAY, from: 2 * DAY });
    for (let i = 2 * DAY + 600; i < 2 * DAY + 640; i++) expect(s[i]).toBeLessThan(b.lower[i]);
  });

  it('without a full day of history it falls back to the trailing band', () => {
    const s = series(DAY, () => 100);
    const withDay = approximateBand(s, 2, { pointsPerDay: DAY });
    const without = approximateBand(s, 2);
    expect(Array.from(withDay.lower)).toEqual(Array.from(without.lower));
  });
});
