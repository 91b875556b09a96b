/**
 * Value-versus-threshold from a CloudWatch alarm's `NewStateReason` (and `Trigger` as fallback).
 *
 * CloudWatch writes, for static thresholds:
 *   "Threshold Crossed: 2 out of the last 3 datapoints [12.0 (06/03/25 17:43:00), 9.0 (...)] were
 *    greater than the threshold (5.0) (minimum 2 datapoints for OK -> ALARM transition)."
 * and for anomaly-detection bands:
 *   "Thresholds Crossed: 1 out of the last 2 datapoints [0.0025 (29/06/21 15:20:00)] was not greater
 *    than the upper thresholds [0.33] ..."  /  "... was less than the lower thresholds [0.41] or
 *    greater than the upper thresholds [0.47] ..."
 * Missing data treated as breaching reads "no datapoints were received for 3 periods and 3 missing
 * datapoints were treated as [Breaching]."
 */
import type { AlarmTrigger } from './alarm-schema';

export interface ValueVsThreshold {
  /** Datapoint values quoted in the reason, newest first as CloudWatch lists them. */
  readonly values: number[];
  /** Threshold as text: "> 5", "≥ 1", "outside band [0.41, 0.47]", "above band 0.33". */
  readonly threshold?: string;
  /** "2 of 3 datapoints", "missing data treated as breaching" — how the evaluation was made. */
  readonly evaluation?: string;
}

const OPERATOR_SYMBOL: Record<string, string> = {
  GreaterThanOrEqualToThreshold: '≥',
  GreaterThanThreshold: '>',
  LessThanThreshold: '<',
  LessThanOrEqualToThreshold: '≤',
};

const NUMBER = String.raw`-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?`;

/** Numbers in the first `[...]` list (each value is followed by its "(dd/mm/yy hh:mm:ss)" time). */
function datapointValues(reason: string): number[] {
  const m = /datapoints?\s*\[([^\]]*)\]/.exec(reason);
  if (!m) return [];
  const out: number[] = [];
  const re = new RegExp(String.raw`(${NUMBER})\s*\(`, 'g');
  for (let v = re.exec(m[1]); v; v = re.exec(m[1])) out.push(Number(v[1]));
  return out;
}

function bandThreshold(reason: string): string | undefined {
  const lower = new RegExp(String.raw`lower thresholds?\s*\[(${NUMBER})\]`).exec(reason)?.[1];
  const upper = new RegExp(String.raw`upper thresholds?\s*\[(${NUMBER})\]`).exec(reason)?.[1];
  if (lower !== undefined && upper !== undefined) return `outside band [${fmt(Number(lower))}, ${fmt(Number(upper))}]`;
  if (upper !== undefined) return `above band ${fmt(Number(upper))}`;
  if (lower !== undefined) return `below band ${fmt(Number(lower))}`;
  return undefined;
}

function staticThreshold(reason: string, trigger?: AlarmTrigger): string | undefined {
  const symbol = trigger ? OPERATOR_SYMBOL[trigger.ComparisonOperator] : undefined;
  const fromReason = new RegExp(String.raw`the threshold \((${NUMBER})\)`).exec(reason)?.[1];
  const value = fromReason !== undefined ? Number(fromReason) : trigger?.Threshold ?? undefined;
  if (value === undefined || value === null) return undefined;
  return symbol ? `${symbol} ${fmt(value)}` : fmt(value);
}

function bandFromOperator(trigger?: AlarmTrigger): string | undefined {
  switch (trigger?.ComparisonOperator) {
    case 'LessThanLowerOrGreaterThanUpperThreshold':
      return 'outside the anomaly band';
    case 'GreaterThanUpperThreshold':
      return 'above the anomaly band';
    case 'LessThanLowerThreshold':
      return 'below the anomaly band';
    default:
      return undefined;
  }
}

function evaluation(reason: string, trigger?: AlarmTrigger): string | undefined {
  if (/missing datapoints were treated as \[?Breaching\]?/i.test(reason)) return 'missing data treated as breaching';
  const m = /(\d+) out of the last (\d+) datapoints/.exec(reason);
  const periodMin = trigger?.Period ? `${Math.round(trigger.Period / 60)} min periods` : undefined;
  if (m) return [`${m[1]} of ${m[2]} datapoints`, periodMin].filter(Boolean).join(', ');
  if (trigger?.EvaluationPeriods) {
    const n = trigger.DatapointsToAlarm ?? trigger.EvaluationPeriods;
    return [`${n} of ${trigger.EvaluationPeriods} datapoints to alarm`, periodMin].filter(Boolean).join(', ');
  }
  return undefined;
}

/** Short number: integers as is, others with up to 6 significant digits. */
export function fmt(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (Number.isInteger(n)) return String(n);
  return String(Number(n.toPrecision(6)));
}

export function valueVsThreshold(reason: string, trigger?: AlarmTrigger): ValueVsThreshold {
  const isBand = Boolean(trigger?.ThresholdMetricId) || /Thresholds Crossed|(upper|lower) thresholds/.test(reason);
  const threshold = isBand ? bandThreshold(reason) ?? bandFromOperator(trigger) : staticThreshold(reason, trigger);
  return { values: datapointValues(reason), threshold, evaluation: evaluation(reason, trigger) };
}
