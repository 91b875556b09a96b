/**
 * Query logs that stop while Route 53 keeps answering page at a zone whose queries are minutes
 * apart (issue #13). The logs-stopped alarm pages on 2 minutes with traffic that the logs missed
 * (two pieces of evidence, so one minute whose logs arrive late never pages), out of 5: with 2 of 3
 * a zone that gets one query every 5 minutes never paged, because no evaluation range held two
 * minutes with traffic. Replayed through the alarms the default config synthesizes.
 */
import { parseConfig } from '../../lib/config/load';
import { dnsQueriesKey, evaluateAlarms, MetricAccumulator, pagesOf, replayModelOf } from '../../lib/replay';

const ZONE = 'Z0DDDDDDDDDDDDDDDDDD1';
const NAME = 'sparse.example';
const FROM = Date.UTC(2026, 10, 2, 10) / 1000;
const STOP_MINUTE = 60;

const config = parseConfig({ prefix: 'acme', hostedZones: [{ zoneId: ZONE, zoneName: NAME }], alerts: { email: ['oncall@example.com'] } });
const model = replayModelOf(config);

/**
 * One query every `every` minutes for 2 hours; the logs lose those of minutes `stop` to `stop` + 40
 * (replay evaluates the span its log lines cover, so logging resumes). Returns the logs-stopped pages (minutes).
 */
function pages(every: number, stop = STOP_MINUTE, lost = (_minute: number) => false): number[] {
  const acc = new MetricAccumulator(model, false);
  for (let i = 0; i < 120; i += every) {
    const ts = FROM + i * 60 + 17;
    acc.addDatapoint(dnsQueriesKey(ZONE), FROM + i * 60, 1);
    if ((i < stop || i >= stop + 40) && !lost(i)) acc.addLine(`1.0 ${new Date(ts * 1000).toISOString()} ${ZONE} www.${NAME} A NOERROR UDP FRA6 198.51.100.7 -`);
  }
  const result = evaluateAlarms(model, acc, { namespace: config.namespace });
  const alarm = result.alarms.find((a) => a.alarmName === `acme-${NAME}-query-logs-logs-stopped`)!;
  return pagesOf(alarm).map((at) => (at - FROM) / 60);
}

describe('logs-stopped at a zone whose queries are minutes apart', () => {
  it('pages within 5 minutes of the second query the logs miss (one query every 5 minutes)', () => {
    const got = pages(5);
    expect(got.length).toBeGreaterThan(0);
    // Logging stops at minute 60; the queries it misses are at minutes 60, 65, ...
    expect(got[0]).toBeGreaterThan(STOP_MINUTE + 5);
    expect(got[0]).toBeLessThanOrEqual(STOP_MINUTE + 5 + 5);
  });

  it('one minute the logs miss (or deliver late) among logged ones never pages', () => {
    expect(pages(1, Infinity, (i) => i === 70)).toEqual([]);
    expect(pages(1, Infinity, (i) => i % 10 === 0)).toEqual([]);
  });

  it('never pages while every query reaches the logs, however sparse', () => {
    for (const every of [1, 2, 3, 5, 7]) expect({ every, pages: pages(every, Infinity) }).toEqual({ every, pages: [] });
  });
});
