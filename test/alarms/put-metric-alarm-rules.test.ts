/**
 * Every alarm the example configs synthesize passes PutMetricAlarm's rules on periods
 * (lib/aws-facts.ts, with the API reference link): each metric's period is 10, 20, 30 or a multiple
 * of 60 s, and period x EvaluationPeriods fits the evaluation range. The config checks what users
 * set; this checks the app's own windows too (the 420 s traffic-drop sum, the 900 s errors window),
 * which CloudFormation passes through unchecked inside metric-math queries.
 */
import { ALARMS, maxAlarmEvaluationRange } from '../../lib/aws-facts';
import { synthesizeForPlan } from '../../lib/plan/synthesize';
import { resourceSchema } from '../support/resource-schemas';
import { exampleConfigFiles, loadExample } from '../support/synth';

const validPeriod = (p: number) => (ALARMS.subMinutePeriodsSeconds as readonly number[]).includes(p) || (p > 0 && p % ALARMS.periodMultipleSeconds === 0);
const maxRange = (p: number) => maxAlarmEvaluationRange(p).seconds;

/** Every resource the example configs synthesize (once for both blocks below). */
const resources = exampleConfigFiles().flatMap((file) => synthesizeForPlan(loadExample(file)).stacks.flatMap((s) => s.resources));

describe('PutMetricAlarm period rules hold for every alarm the examples synthesize', () => {
  const alarms = resources.filter((r) => r.type === 'AWS::CloudWatch::Alarm').map((r) => r.props as Record<string, any>);

  it('checks a real number of alarms, including the app\'s longer windows', () => {
    const periods = new Set(alarms.flatMap((a) => (a.Period !== undefined ? [a.Period] : (a.Metrics ?? []).filter((m: any) => m.MetricStat).map((m: any) => m.MetricStat.Period))));
    expect(alarms.length).toBeGreaterThan(50);
    expect([...periods]).toEqual(expect.arrayContaining([60, 420, 900]));
  });

  it('each period is 10, 20, 30 or a multiple of 60 s, and period x EvaluationPeriods fits the range', () => {
    const problems: string[] = [];
    for (const a of alarms) {
      const periods: number[] = a.Period !== undefined ? [a.Period] : (a.Metrics ?? []).filter((m: any) => m.MetricStat).map((m: any) => m.MetricStat.Period);
      for (const p of periods) {
        if (typeof p !== 'number' || !validPeriod(p)) problems.push(`${a.AlarmName}: period ${p}`);
        else if (p * a.EvaluationPeriods > maxRange(p)) problems.push(`${a.AlarmName}: ${p} s x ${a.EvaluationPeriods} > ${maxRange(p)} s`);
      }
    }
    expect(problems).toEqual([]);
  });
});

describe('every alarm the examples synthesize stays within 5 actions per state', () => {
  const ACTION_LISTS = ['AlarmActions', 'OKActions', 'InsufficientDataActions'] as const;
  const TYPES = ['AWS::CloudWatch::Alarm', 'AWS::CloudWatch::CompositeAlarm'];

  it("the fact is CloudFormation's bound too (cfn-lint's registry schemas)", () => {
    for (const type of TYPES) {
      const props = resourceSchema(type).properties as Record<string, { maxItems?: number; maxUniqueItems?: number }>;
      for (const list of ACTION_LISTS) expect({ type, list, max: props[list].maxItems ?? props[list].maxUniqueItems }).toEqual({ type, list, max: ALARMS.maxActionsPerState });
    }
  });

  it('alarms notify the alert topic and, with phone numbers, the SMS topic: never more than the limit', () => {
    const all = resources.filter((r) => TYPES.includes(r.type)).map((r) => r.props as Record<string, any>);
    const counts = all.flatMap((a) => ACTION_LISTS.map((l) => ({ name: a.AlarmName, list: l, n: (a[l] ?? []).length })));
    // The examples put phone numbers next to an alert topic, so some list holds two actions.
    expect(Math.max(...counts.map((c) => c.n))).toBe(2);
    expect(counts.filter((c) => c.n > ALARMS.maxActionsPerState)).toEqual([]);
  });
});
