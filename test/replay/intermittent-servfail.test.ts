/**
 * An authoritative SERVFAIL is almost never normal, so the hosted-zone SERVFAIL alarm pages on 2 bad
 * minutes out of 5: a failure that only some queries hit (one edge location of four failing) leaves
 * minutes without any SERVFAIL at a quiet zone, and 2 of 3 waited for two bad minutes to fall within
 * three. Replayed through the alarms the default config synthesizes.
 */
import { parseConfig } from '../../lib/config/load';
import { evaluateAlarms, MetricAccumulator, pagesOf, replayModelOf } from '../../lib/replay';

const ZONE = 'Z0EEEEEEEEEEEEEEEEEE1';
const NAME = 'edge.example';
const FROM = Date.UTC(2026, 10, 2, 10) / 1000;

const config = parseConfig({ prefix: 'acme', hostedZones: [{ zoneId: ZONE, zoneName: NAME }], alerts: { email: ['oncall@example.com'] } });
const model = replayModelOf(config);

/** 6 queries a minute for 2 hours; `servfail(minute)` of them SERVFAIL. Returns the zone's pages. */
function pages(servfail: (minute: number) => number) {
  const acc = new MetricAccumulator(model, false);
  for (let i = 0; i < 120; i++) {
    const m = FROM + i * 60;
    for (let q = 0; q < 6; q++) {
      const ts = new Date((m + q * 9) * 1000).toISOString();
      acc.addLine(`1.0 ${ts} ${ZONE} www.${NAME} A ${q < servfail(i) ? 'SERVFAIL' : 'NOERROR'} UDP FRA6 198.51.100.7 -`);
    }
  }
  const result = evaluateAlarms(model, acc, { namespace: config.namespace });
  return result.alarms.flatMap((a) => pagesOf(a).map((at) => ({ alarm: a.alarmName, minute: (at - FROM) / 60 })));
}

describe('hosted-zone SERVFAIL: 2 bad minutes out of 5', () => {
  it('an intermittent failure whose bad minutes are 3 minutes apart pages', () => {
    // Minutes 60 and 63 have one SERVFAIL each (1 of 6 queries, 17 %); 61 and 62 have none, as a
    // failing edge at a quiet zone often gives. No 3 consecutive minutes hold two bad ones.
    const got = pages((i) => (i === 60 || i === 63 ? 1 : 0));
    expect(got.map((p) => p.alarm)).toContain('acme-edge.example-unhealthy-composite');
    // The composite pages once the second bad minute is seen: minute 63 ends at 64, its data
    // arrives about a minute later and the alarm is evaluated at the next minute.
    expect(Math.min(...got.map((p) => p.minute))).toBeLessThanOrEqual(66);
  });

  it('stray SERVFAILs more than 5 minutes apart never page', () => {
    expect(pages((i) => (i % 6 === 0 ? 1 : 0))).toEqual([]);
  });
});
