/**
 * The alarm of one active DNS check: it pages when the check fails from at least M of its N
 * vantage regions in 2 of the last 3 runs. Every prober publishes `CheckFailed` (1/0 per run) into
 * the deployment's primary region, so one alarm sees every vantage (an alarm cannot read metrics of
 * another region). A vantage without data counts as passing: a prober that stops is reported by its
 * own alarms (function errors, undelivered invocations), never as a DNS failure.
 */
import { DNS_CHECK_METRICS, DNS_CHECK_NAMESPACE, type DnsCheckSpec, expectationSummary } from '../../contracts/dns-check';
import type { AlarmContext } from '../../contracts/alarm-context';
import { dnsCheckAlarmName } from '../naming';
import type { MetricQuery } from '../signals/metric-queries';
import type { AlarmSpec } from './alarm-spec';
import { describeAlarm } from './description';
import { worstCaseDetectionSeconds } from './detection-time';

/** Runs that must fail among the last ones evaluated (one lost packet never pages). */
export const DNS_CHECK_DATAPOINTS = { datapointsToAlarm: 2, evaluationPeriods: 3 } as const;
/** A probe publishes its result when it finishes: within the prober's timeout (lib/dns-checks/prober.ts). */
export const DNS_PROBE_PUBLISH_SECONDS = 30;

export function dnsCheckMetric(check: string, vantage: string) {
  return { namespace: DNS_CHECK_NAMESPACE, metricName: DNS_CHECK_METRICS.failed, dimensions: { Check: check, Vantage: vantage } };
}

/** Worst case from the failure to the alarm: the next run, M failing runs, publishing, one evaluation. */
export function dnsCheckDetectionSeconds(spec: Pick<DnsCheckSpec, 'intervalMinutes'>): number {
  return worstCaseDetectionSeconds({ period: spec.intervalMinutes * 60, datapointsToAlarm: DNS_CHECK_DATAPOINTS.datapointsToAlarm }, DNS_PROBE_PUBLISH_SECONDS);
}

export function serversSummary(spec: DnsCheckSpec): string {
  const own = spec.servers.length ? spec.servers.join(', ') : '';
  const zone = spec.zoneId ? `the name servers of ${spec.zoneId}` : '';
  return [own, zone].filter(Boolean).join(' and ') || "the prober's resolver";
}

export interface DnsCheckAlarmInput {
  readonly prefix: string;
  readonly spec: DnsCheckSpec;
  /** Where the alarm is (every check's alarm is in the deployment's primary region). */
  readonly region: string;
  /** The DNS-checks dashboard, when dashboards are on. */
  readonly dashboard?: string;
  /** The prober's log group name (the same in each vantage region): where the failing answers are. */
  readonly proberLogGroup: string;
}

export function dnsCheckAlarmSpec(i: DnsCheckAlarmInput): AlarmSpec {
  const { spec } = i;
  const queries: MetricQuery[] = spec.regions.map((r, n) => ({ id: `v${n}`, metric: dnsCheckMetric(spec.name, r), label: `failed from ${r}`, returnData: false }));
  // Each vantage counts once per period (a run delivered twice sums to 2), a vantage without data as passing.
  const failing = spec.regions.map((_, n) => `IF(FILL(v${n}, 0) > 0, 1, 0)`).join(' + ');
  queries.push({ id: 'failing', expression: failing, label: 'vantages failing', returnData: true });
  const detectionSeconds = dnsCheckDetectionSeconds(spec);
  const context: AlarmContext = { subject: spec.name, subjectId: spec.name, signal: 'dns-check', kind: 'dns-check', severity: spec.severity, dashboard: i.dashboard, region: i.region };
  const m = spec.minFailingVantages;
  const n = spec.regions.length;
  return {
    name: dnsCheckAlarmName(i.prefix, spec.name),
    kind: 'dns-check',
    severity: spec.severity,
    context,
    description: describeAlarm({
      head: `DNS check ${spec.name} failing: ${spec.query} ${spec.type} failed from at least ${m} of ${n} region(s) (${spec.regions.join(', ')}) in ${DNS_CHECK_DATAPOINTS.datapointsToAlarm} of the last ${DNS_CHECK_DATAPOINTS.evaluationPeriods} runs (every ${spec.intervalMinutes} min)`,
      detectionSeconds,
      detail: `Expected: ${expectationSummary(spec)}. Servers: ${serversSummary(spec)}.\nWhat each server answered: the follow-up "what each server answered" alert (sent when this alarm fires), ${i.dashboard ? `dashboard ${i.dashboard} (failing answers table), ` : ''}or the "dns check failed" lines of log group ${i.proberLogGroup} in each region.`,
      context,
    }),
    actionsEnabled: true,
    comparison: 'GreaterThanOrEqualToThreshold',
    threshold: m,
    period: spec.intervalMinutes * 60,
    evaluationPeriods: DNS_CHECK_DATAPOINTS.evaluationPeriods,
    datapointsToAlarm: DNS_CHECK_DATAPOINTS.datapointsToAlarm,
    treatMissingData: 'notBreaching',
    queries,
    detectionSeconds,
  };
}
