/**
 * Replay evaluates alarms whose period is longer than one minute the way CloudWatch does by
 * default: on a sliding window (EvaluationWindow unset = SlidingWindow, "the window advances each
 * time the alarm is evaluated, forming a rolling time window" — CloudWatch User Guide, "Alarm
 * evaluation window"), once a minute. A 15-minute window therefore always holds the most recent
 * 15 minutes, not the quarter hour of the clock: errors that start at :07 are seen at :10, not
 * only when the clock's quarter ends at :15.
 */
import { parseConfig } from '../../lib/config/load';
import { synthesizeForPlan } from '../../lib/plan/synthesize';
import { evaluateAlarms, MetricAccumulator, replayModelOf } from '../../lib/replay';
import { exampleConfigFiles, loadExample } from '../support/synth';

const ZONE = 'Z0DDDDDDDDDDDDDDDDDD1';
const NAME = 'window.example';
const FROM = Date.UTC(2026, 10, 2, 10) / 1000;

function replay(perMinute: (minute: number) => { total: number; errors: number }) {
  const config = parseConfig({ prefix: 'acme', hostedZones: [{ zoneId: ZONE, zoneName: NAME }], alerts: { email: ['oncall@example.com'] } });
  const model = replayModelOf(config);
  const acc = new MetricAccumulator(model, false);
  for (let m = FROM; m < FROM + 2 * 3600; m += 60) {
    const { total, errors } = perMinute(m);
    for (let i = 0; i < total; i++) {
      const ts = new Date((m + (i * 59) / total) * 1000).toISOString();
      acc.addLine(`1.0 ${ts} ${ZONE} www.${NAME} A ${i < errors ? 'REFUSED' : 'NOERROR'} UDP FRA6 198.51.100.7 -`);
    }
  }
  return evaluateAlarms(model, acc, { namespace: config.namespace });
}

describe('alarms with a period over one minute are evaluated every minute on a sliding window', () => {
  it('errors that straddle two clock quarters page once any 15 minutes hold enough of them', () => {
    // 20 queries a minute; from 10:11 to 10:19 (8 minutes) 6 of them REFUSED: 48 errors. The alarm
    // needs 15 % of the window's queries (45 of 300). Clock quarters 10:00-10:15 and 10:15-10:30
    // hold 24 each (8 %) and would never breach; the sliding window 10:04-10:19 holds all 48.
    const start = FROM + 71 * 60;
    const result = replay((m) => ({ total: 20, errors: m >= start && m < start + 8 * 60 ? 6 : 0 }));
    const errors = result.alarms.find((a) => /-errors-/.test(a.alarmName));
    if (!errors) throw new Error(`no errors alarm in ${result.alarms.map((a) => a.alarmName).join(', ')}`);
    const first = errors.transitions.find((t) => t.state === 'ALARM');
    expect(first).toBeDefined();
    // The window ending after the 8th bad minute (10:19) is visible 60 s later (source delay) and
    // evaluated at the next full minute.
    expect(first!.at - start).toBeLessThanOrEqual(8 * 60 + 120);
  });
});

describe('replay reads every alarm the app builds as a sliding-window alarm', () => {
  it('no example config synthesizes an alarm with an EvaluationWindow (so the default, sliding, applies)', () => {
    let alarms = 0;
    for (const file of exampleConfigFiles()) {
      const config = loadExample(file);
      for (const r of synthesizeForPlan(config).stacks.flatMap((s) => s.resources)) {
        if (r.type !== 'AWS::CloudWatch::Alarm') continue;
        alarms++;
        expect({ alarm: r.props.AlarmName, evaluationWindow: r.props.EvaluationWindow }).toEqual({ alarm: r.props.AlarmName, evaluationWindow: undefined });
      }
    }
    expect(alarms).toBeGreaterThan(50);
  });
});
