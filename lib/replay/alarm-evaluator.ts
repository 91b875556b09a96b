/**
 * An independent evaluator of CloudWatch metric and composite alarms, as documented in "Evaluating
 * an alarm" and "Configuring how CloudWatch alarms treat missing data" (CloudWatch User Guide):
 *  - every minute, the alarm retrieves the most recent periods of its metric (the evaluation
 *    range, `EVALUATION_RANGE_EXTRA` periods more than N: the guide's examples retrieve 5 for N = 3;
 *    AWS does not publish the rule for other N, so this is our reading) and takes the N most
 *    recent periods that HAVE a datapoint;
 *  - when fewer than N exist, the missing ones are filled per treatMissingData: `breaching` and
 *    `notBreaching` fill them as such; `missing` and `ignore` evaluate only the datapoints there are
 *    (OK when fewer than M breach and one does not; `ignore` keeps the state when every datapoint
 *    breaches but fewer than M exist, `missing` then goes to ALARM if the oldest breaching one is at
 *    least M periods old and every newer period breaches or is missing: "avoiding premature
 *    transitions"); no datapoint at all: INSUFFICIENT_DATA (`missing`), state kept (`ignore`),
 *    ALARM (`breaching`), OK (`notBreaching`);
 *  - ALARM when at least M (DatapointsToAlarm) of the N breach, else OK.
 * test/replay/alarm-evaluator.test.ts checks the guide's two tables (3 of 3 and 2 of 3).
 */
import type { AlarmSpec, Comparison } from '../alarms/alarm-spec';

export type AlarmState = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';
/** The comparison and missing-data modes the product's alarms use (one definition: lib/alarms). */
export type ComparisonOperator = Comparison;
export type TreatMissing = AlarmSpec['treatMissingData'];

export const EVALUATION_RANGE_EXTRA = 2;

/** Whether one datapoint breaches (static threshold, or the band's bounds at that period). */
export function breaches(op: ComparisonOperator, value: number, threshold: number, lower = NaN, upper = NaN): boolean {
  switch (op) {
    case 'GreaterThanOrEqualToThreshold':
      return value >= threshold;
    case 'GreaterThanThreshold':
      return value > threshold;
    case 'LessThanThreshold':
      return value < threshold;
    case 'LessThanOrEqualToThreshold':
      return value <= threshold;
    case 'GreaterThanUpperThreshold':
      return !Number.isNaN(upper) && value > upper;
    case 'LessThanLowerThreshold':
      return !Number.isNaN(lower) && value < lower;
    case 'LessThanLowerOrGreaterThanUpperThreshold':
      return (!Number.isNaN(lower) && value < lower) || (!Number.isNaN(upper) && value > upper);
  }
}

export interface EvaluationSettings {
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
  readonly treatMissingData: TreatMissing;
}

/**
 * The next state from the evaluation range, oldest first: `true` breaching, `false` not, `null`
 * no datapoint. Its length is the evaluation range (N + EVALUATION_RANGE_EXTRA, or less at the
 * start of the data).
 */
export function nextState(range: readonly (boolean | null)[], s: EvaluationSettings, current: AlarmState): AlarmState {
  const N = s.evaluationPeriods;
  const M = s.datapointsToAlarm;
  const present = range.filter((x): x is boolean => x !== null);
  if (present.length >= N) {
    const lastN = present.slice(-N);
    return lastN.filter(Boolean).length >= M ? 'ALARM' : 'OK';
  }
  if (present.length === 0) {
    switch (s.treatMissingData) {
      case 'missing':
        return 'INSUFFICIENT_DATA';
      case 'ignore':
        return current;
      case 'breaching':
        return 'ALARM';
      case 'notBreaching':
        return 'OK';
    }
  }
  if (s.treatMissingData === 'breaching' || s.treatMissingData === 'notBreaching') {
    const bad = present.filter(Boolean).length + (s.treatMissingData === 'breaching' ? N - present.length : 0);
    return bad >= M ? 'ALARM' : 'OK';
  }
  const bad = present.filter(Boolean).length;
  if (bad >= M) return 'ALARM';
  if (bad < present.length) return 'OK';
  // Every datapoint there is breaches, but fewer than M exist.
  if (s.treatMissingData === 'ignore') return current;
  const lastN = range.slice(-N);
  const oldest = lastN.findIndex((x) => x === true);
  const age = oldest < 0 ? 0 : lastN.length - oldest;
  const newerOk = oldest >= 0 && lastN.slice(oldest + 1).every((x) => x !== false);
  return age >= M && newerOk ? 'ALARM' : current;
}

export interface Transition {
  /** Seconds since the epoch. */
  readonly at: number;
  readonly state: AlarmState;
}

/** Composite alarm rule: ALARM("a") / OK("a") / INSUFFICIENT_DATA("a"), AND, OR, NOT, TRUE, FALSE, (). */
export type RuleNode =
  | { t: 'state'; state: AlarmState; alarm: string }
  | { t: 'const'; v: boolean }
  | { t: 'not'; a: RuleNode }
  | { t: 'and' | 'or'; a: RuleNode; b: RuleNode };

export function parseAlarmRule(rule: string): RuleNode {
  const toks = rule.match(/ALARM|OK|INSUFFICIENT_DATA|AND|OR|NOT|TRUE|FALSE|\(|\)|"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|\S+/g) ?? [];
  let p = 0;
  const take = (want?: string) => {
    const t = toks[p++];
    if (want !== undefined && t !== want) throw new Error(`alarm rule: expected ${want} but found ${t ?? 'end'} in: ${rule}`);
    return t;
  };
  const or = (): RuleNode => {
    let a = and();
    while (toks[p] === 'OR') { take(); a = { t: 'or', a, b: and() }; }
    return a;
  };
  const and = (): RuleNode => {
    let a = not();
    while (toks[p] === 'AND') { take(); a = { t: 'and', a, b: not() }; }
    return a;
  };
  const not = (): RuleNode => (toks[p] === 'NOT' ? (take(), { t: 'not', a: not() }) : atom());
  const atom = (): RuleNode => {
    const t = take();
    if (t === '(') { const e = or(); take(')'); return e; }
    if (t === 'TRUE' || t === 'FALSE') return { t: 'const', v: t === 'TRUE' };
    if (t === 'ALARM' || t === 'OK' || t === 'INSUFFICIENT_DATA') {
      take('(');
      const name = take();
      take(')');
      return { t: 'state', state: t, alarm: name.slice(1, -1).replace(/\\(.)/g, '$1') };
    }
    throw new Error(`alarm rule: unexpected ${t ?? 'end'} in: ${rule}`);
  };
  const e = or();
  if (p !== toks.length) throw new Error(`alarm rule: unexpected ${toks[p]} in: ${rule}`);
  return e;
}

export function ruleChildren(n: RuleNode): string[] {
  switch (n.t) {
    case 'state': return [n.alarm];
    case 'const': return [];
    case 'not': return ruleChildren(n.a);
    default: return [...ruleChildren(n.a), ...ruleChildren(n.b)];
  }
}

/** A composite is ALARM when its rule is true, else OK (children unknown to replay count as OK). */
export function evaluateRule(n: RuleNode, states: ReadonlyMap<string, AlarmState>): boolean {
  switch (n.t) {
    case 'state': return (states.get(n.alarm) ?? 'OK') === n.state;
    case 'const': return n.v;
    case 'not': return !evaluateRule(n.a, states);
    case 'and': return evaluateRule(n.a, states) && evaluateRule(n.b, states);
    case 'or': return evaluateRule(n.a, states) || evaluateRule(n.b, states);
  }
}
