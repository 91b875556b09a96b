/**
 * A quiet zone that refuses everything pages within 5 minutes because one quiet minute answered
 * mostly REFUSED breaches and 2 such minutes of 3 page. The price, documented in
 * docs/configuration.md: two stray REFUSED answers close together at a quiet zone page too, and
 * `signals.refused: { evaluationPeriods: 4, datapointsToAlarm: 3 }` trades a minute of worst case
 * for not paging on them. Replayed through the alarms each config synthesizes.
 */
import { parseConfig } from '../../lib/config/load';
import { evaluateAlarms, MetricAccumulator, pagesOf, replayModelOf } from '../../lib/replay';

const ZONE = 'Z0FFFFFFFFFFFFFFFFFF1';
const NAME = 'quiet.example';
const FROM = Date.UTC(2026, 10, 2, 10) / 1000;

const REFUSED_ALARM = 'acme-quiet.example-refused-rate';

function modelFor(signals?: object) {
  const config = parseConfig({ prefix: 'acme', hostedZones: [{ zoneId: ZONE, zoneName: NAME }], signals, alerts: { email: ['oncall@example.com'] } } as never);
  return { config, model: replayModelOf(config) };
}
const DEFAULTS = modelFor();
const THREE_OF_FOUR = modelFor({ refused: { evaluationPeriods: 4, datapointsToAlarm: 3 } });

/** One query a minute for 2 hours, REFUSED in the minutes `refused` lists. Returns the pages' alarm names. */
function pages(refused: number[], { config, model } = DEFAULTS) {
  const acc = new MetricAccumulator(model, false);
  for (let i = 0; i < 120; i++) {
    const ts = new Date((FROM + i * 60 + 30) * 1000).toISOString();
    acc.addLine(`1.0 ${ts} ${ZONE} www.${NAME} A ${refused.includes(i) ? 'REFUSED' : 'NOERROR'} UDP FRA6 198.51.100.7 -`);
  }
  return evaluateAlarms(model, acc, { namespace: config.namespace }).alarms.filter((a) => pagesOf(a).length > 0).map((a) => a.alarmName);
}

describe('REFUSED at a zone of one query a minute', () => {
  it('defaults: two REFUSED minutes of three page (a zone refusing everything pages within 5 minutes; two stray ones do too)', () => {
    expect(pages([60, 62])).toContain(REFUSED_ALARM);
    expect(pages([60, 64])).not.toContain(REFUSED_ALARM);
  });

  it('3 of 4, as docs/configuration.md suggests for quiet fleets: two stray REFUSED do not page, a zone refusing everything still does', () => {
    expect(pages([60, 62], THREE_OF_FOUR)).not.toContain(REFUSED_ALARM);
    expect(pages([60, 61, 62], THREE_OF_FOUR)).toContain(REFUSED_ALARM);
  });
});
