/** A CloudWatch alarm described as data, before it becomes a CloudFormation resource. */
import type { AlarmContext, AlarmKind, Severity } from '../../contracts/alarm-context';
import type { MetricQuery, MetricRef } from '../signals/metric-queries';

export type Comparison =
  | 'GreaterThanOrEqualToThreshold'
  | 'GreaterThanThreshold'
  | 'LessThanThreshold'
  | 'LessThanOrEqualToThreshold'
  | 'GreaterThanUpperThreshold'
  | 'LessThanLowerThreshold'
  | 'LessThanLowerOrGreaterThanUpperThreshold';

export interface AlarmSpec {
  readonly name: string;
  readonly kind: AlarmKind;
  readonly severity: Severity;
  readonly description: string;
  readonly context: AlarmContext;
  readonly actionsEnabled: boolean;
  readonly comparison: Comparison;
  /** Static threshold (absent for anomaly alarms, which use `thresholdMetricId`). */
  readonly threshold?: number;
  readonly thresholdMetricId?: string;
  readonly period: number;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
  readonly treatMissingData: 'missing' | 'notBreaching' | 'breaching' | 'ignore';
  /** A single metric (Sum), or a metric-math query list. */
  readonly metric?: MetricRef;
  readonly queries?: readonly MetricQuery[];
  /** Worst-case detection time in seconds (docs, plan). */
  readonly detectionSeconds: number;
  /** Statistic of the single metric. @default Sum (counts); health metrics use Minimum/Average. */
  readonly statistic?: 'Sum' | 'Average' | 'Minimum' | 'Maximum' | 'SampleCount';
}

/**
 * How every alarm description words its evaluation: "in M of N periods of P s", or "in 1 period
 * of P s" for a single period.
 */
export function evaluationText(e: { readonly datapointsToAlarm: number; readonly evaluationPeriods: number; readonly period: number }): string {
  return e.evaluationPeriods === 1 ? `in 1 period of ${e.period} s` : `in ${e.datapointsToAlarm} of ${e.evaluationPeriods} periods of ${e.period} s`;
}
