/**
 * What CloudWatch's GetMetricData refuses or answers with no data, from the rules in CLOUDWATCH
 * (lib/aws-facts.ts): more than 500 queries a call, a repeated Id or one outside the Id pattern,
 * and a period its start time's age does not allow. moto enforces none of them, so tests record
 * the requests the real SDK clients send and hold them to these rules.
 */
import { CLOUDWATCH } from '../../lib/aws-facts';

export interface GetMetricDataInput {
  readonly StartTime: Date | string | number;
  readonly MetricDataQueries: readonly { readonly Id: string; readonly MetricStat?: { readonly Period: number } }[];
}

/** Every rule one request breaks, read at `nowMs` (empty: CloudWatch takes it). */
export function getMetricDataRulesBroken(input: GetMetricDataInput, nowMs = Date.now()): string[] {
  const queries = input.MetricDataQueries;
  const ageDays = (nowMs - new Date(input.StartTime).getTime()) / 86_400_000;
  const multiple = CLOUDWATCH.periodMultipleByStartAge.find((r) => ageDays > r.olderThanDays)!.multipleSeconds;
  return [
    ...(queries.length > CLOUDWATCH.getMetricDataMaxMetrics ? [`${queries.length} queries`] : []),
    ...(new Set(queries.map((q) => q.Id)).size !== queries.length ? ['repeated Id'] : []),
    ...queries.filter((q) => !CLOUDWATCH.metricDataQueryId.test(q.Id)).map((q) => `Id ${q.Id}`),
    ...queries.filter((q) => q.MetricStat && q.MetricStat.Period % multiple !== 0).map((q) => `period ${q.MetricStat!.Period} s at a start ${ageDays.toFixed(1)} days ago`),
  ];
}
