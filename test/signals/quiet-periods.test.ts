/**
 * A quiet period (fewer queries than the rate's minimum volume) must never breach a rate alarm:
 * the guard gives 0 for rates alarmed when high and 100 for rates alarmed when low (NOERROR).
 */
import { Match } from 'aws-cdk-lib/assertions';
import { parseConfig } from '../../lib/config/load';
import { evaluate, parseExpression, type Value } from '../../lib/replay/metric-math';
import { synthConfig } from '../support/synth';

describe('rate guards in quiet periods', () => {
  const { templates } = synthConfig({
    prefix: 'acme',
    hostedZones: [{ zoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com' }],
    signals: { noerror: { rateThreshold: 95, minVolume: 30 } },
    alerts: { email: ['oncall@example.com'] },
  });
  const zones = templates['acme-zones-1'];

  it('the NOERROR (success) rate alarm fires below 95 % and reads 100 % when quiet, so quiet never breaches', () => {
    zones.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'acme-example.com-noerror-rate',
      ComparisonOperator: 'LessThanThreshold',
      Threshold: 95,
      Metrics: Match.arrayWith([Match.objectLike({ Id: 'r_noerror', Expression: 'IF(m_total >= 30, 100 * FILL(m_noerror, 0) / m_total, 100)' })]),
    });
  });

  it('error rates with a low-volume tier breach when quiet only if the minute is mostly that error', () => {
    zones.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'acme-example.com-servfail-rate',
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      Threshold: 1,
      Metrics: Match.arrayWith([
        Match.objectLike({
          Id: 'r_servfail',
          Expression:
            'IF(m_total >= 20, IF(FILL(m_servfail, 0) >= 3, 100 * FILL(m_servfail, 0) / m_total, 0), IF(FILL(m_servfail, 0) >= 1, IF(100 * FILL(m_servfail, 0) / m_total >= 10, 100 * FILL(m_servfail, 0) / m_total, 0), 0))',
        }),
      ]),
    });
  });

  it('error rates without a low-volume tier read 0 % when quiet', () => {
    const quiet = synthConfig({
      prefix: 'acme',
      hostedZones: [{ zoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com' }],
      signals: { servfail: { lowVolumeRateThreshold: null } },
      alerts: { email: ['oncall@example.com'] },
    }).templates['acme-zones-1'];
    quiet.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'acme-example.com-servfail-rate',
      Metrics: Match.arrayWith([Match.objectLike({ Id: 'r_servfail', Expression: 'IF(m_total >= 20, IF(FILL(m_servfail, 0) >= 3, 100 * FILL(m_servfail, 0) / m_total, 0), 0)' })]),
    });
  });
});

describe('busy tier: a minimum count of matching queries (servfail: 3)', () => {
  const expressionOf = (signals: object) => {
    const zones = synthConfig({ prefix: 'acme', hostedZones: [{ zoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com' }], signals, alerts: { email: ['oncall@example.com'] } } as never).templates['acme-zones-1'];
    const [alarm] = Object.values(zones.findResources('AWS::CloudWatch::Alarm', { Properties: { AlarmName: 'acme-example.com-servfail-rate' } }));
    return (alarm.Properties.Metrics as { Id: string; Expression?: string }[]).find((m) => m.Id === 'r_servfail')!.Expression!;
  };
  /** The synthesized expression evaluated as CloudWatch would (replay's metric math), per minute. */
  const run = (expr: string, total: number[], servfail: number[]) =>
    Array.from(evaluate(parseExpression(expr), new Map<string, Value>([['m_total', Float64Array.from(total)], ['m_servfail', Float64Array.from(servfail)]]), total.length) as Float64Array);

  it('one stray SERVFAIL in a 50-query minute (2 %) reads 0; an outage (3+ of the minute) reads its rate; quiet minutes keep their tier', () => {
    const out = run(expressionOf({}), [50, 50, 60, 200, 5, 5], [1, 2, 15, 3, 1, 0]);
    expect(out).toEqual([0, 0, 25, 1.5, 20, 0]);
  });

  it('minCount: 1 restores the plain busy rate, and a bad value is refused with the field named', () => {
    expect(expressionOf({ servfail: { minCount: 1 } })).toBe('IF(m_total >= 20, 100 * FILL(m_servfail, 0) / m_total, IF(FILL(m_servfail, 0) >= 1, IF(100 * FILL(m_servfail, 0) / m_total >= 10, 100 * FILL(m_servfail, 0) / m_total, 0), 0))');
    expect(() => parseConfig({ prefix: 'acme', hostedZones: [{ zoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com' }], signals: { servfail: { minCount: 0 } } } as never)).toThrow(/signals\.servfail\.minCount: must be at least 1 matching query per period/);
  });
});

describe('hosted zones\' errors: the slow tier over 15-minute windows', () => {
  const zones = synthConfig({ prefix: 'acme', hostedZones: [{ zoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com' }], alerts: { email: ['oncall@example.com'] } }).templates['acme-zones-1'];
  const [alarm] = Object.values(zones.findResources('AWS::CloudWatch::Alarm', { Properties: { AlarmName: 'acme-example.com-errors-rate' } }));

  it('one 900 s window, 1 of 1, two alarm metrics', () => {
    expect(alarm.Properties).toMatchObject({ EvaluationPeriods: 1, DatapointsToAlarm: 1, Threshold: 15 });
    const metrics = alarm.Properties.Metrics as { MetricStat?: { Period: number } }[];
    expect(metrics.filter((m) => m.MetricStat).map((m) => m.MetricStat!.Period)).toEqual([900, 900]);
  });

  it('a window breaches on 15 % errors: from 300 queries by rate, below with 10+ errors; a quiet window\'s few errors never', () => {
    const expr = (alarm.Properties.Metrics as { Id: string; Expression?: string }[]).find((m) => m.Id === 'r_errors')!.Expression!;
    const out = Array.from(
      evaluate(parseExpression(expr), new Map<string, Value>([['m_total', Float64Array.from([1500, 1500, 90, 90, 40, 8])], ['m_errors', Float64Array.from([60, 240, 20, 9, 9, 8])]]), 6) as Float64Array,
    ).map((v) => Math.round(v * 10) / 10);
    // 4 % busy; 16 % busy; 22 % of a quiet window with 20 errors; 9 errors (10 %); 9 of 40 (22 %) but under 10 errors; 8 of 8.
    expect(out.map((v) => v >= 15)).toEqual([false, true, true, false, false, false]);
  });
});

describe('busy tier of refused: 5 REFUSED in the minute (one definition, the catalogue)', () => {
  it('3 stray REFUSED in a 60-query minute (5 %, the threshold) read 0; a refusal incident (5+ in the minute) reads its rate', () => {
    const zones = synthConfig({ prefix: 'acme', hostedZones: [{ zoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com' }], alerts: { email: ['oncall@example.com'] } }).templates['acme-zones-1'];
    const [alarm] = Object.values(zones.findResources('AWS::CloudWatch::Alarm', { Properties: { AlarmName: 'acme-example.com-refused-rate' } }));
    const expr = (alarm.Properties.Metrics as { Id: string; Expression?: string }[]).find((m) => m.Id === 'r_refused')!.Expression!;
    const total = [60, 60, 60, 100, 4];
    const refused = [3, 4, 6, 50, 3];
    const out = Array.from(evaluate(parseExpression(expr), new Map<string, Value>([['m_total', Float64Array.from(total)], ['m_refused', Float64Array.from(refused)]]), total.length) as Float64Array);
    // Quiet minutes (under 50 queries) keep the low-volume tier: 3 of 4 is 75 % (>= 50 %).
    expect(out).toEqual([0, 0, 10, 50, 75]);
  });
});
