/**
 * The alarm of one active DNS check: it pages when the check fails from at least M of its N
 * vantage regions in 2 of the last 3 runs. Every prober publishes `CheckFailed` (1/0 per run) into
 * the deployment's primary region, so one alarm sees every vantage (an alarm cannot read metrics of
 * another region). A vantage without data counts as passing: a prober that stops is reported by its
 * own alarms (function errors, undelivered invocations), never as a DNS failure.
 */
import { DNS_CHECK_METRICS, DNS_CHECK_NAMESPACE, type DnsCheckSpec, type DnsProbeEvent, expectationSummary } from '../../contracts/dns-check';
import { type AlarmContext, COMPONENT_SIGNALS } from '../../contracts/alarm-context';
import { dnsCheckAlarmName, dnsProberAlarmName, dnsProberSubject } from '../naming';
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

/**
 * How long a prober's zone checks may be skipped before its alarm pages (at least: one window of
 * the region's longest zone-check interval when that is longer): longer than
 * the wait after a first deploy of a large fleet (about 15 minutes for 191 zones from 8 regions,
 * computed: `plan`, "First deploy zone checks"), short enough that a zone check does not go unrun
 * for an on-call shift.
 */
export const ZONE_CHECKS_SKIPPED_MINUTES = 30;

/**
 * The minutes of skips after which a zone-checks-skipped alarm of these periods pages (at least):
 * evaluated every minute over sliding windows, N windows each holding a skip can be skips from the
 * end of the oldest window to the start of the newest, more than N - 2 windows apart.
 */
export function zoneChecksSkippedMinutes(a: { readonly period: number; readonly evaluationPeriods: number }): number {
  return ((a.evaluationPeriods - 2) * a.period) / 60;
}

export interface ZoneChecksSkippedAlarmInput {
  readonly prefix: string;
  /** The prober's input (a region whose checks read hosted zones). */
  readonly event: DnsProbeEvent;
  /** Where its metrics and this alarm are: the deployment's primary region. */
  readonly region: string;
  readonly dashboard?: string;
  readonly proberLogGroup: string;
}

/**
 * The alarm on a prober's zone checks not running: some were skipped in each of N windows of the
 * region's longest zone-check interval, which, the windows sliding every minute, means skips for
 * more than N - 2 windows: at least ZONE_CHECKS_SKIPPED_MINUTES; their zones' name servers not
 * read from Route 53 (throttled, not answering). The prober
 * publishes ChecksSkipped in runs with zone checks due, and each zone check is due once in every
 * such window, so a zone never read shows in each window's Maximum even when the region's other
 * zone checks, due more often, run. A zone is skipped only until it is first read (later runs keep
 * its name servers), so skips in window after window are zones that cannot be read. A skipped check
 * publishes nothing, which its own alarm counts as passing, so without this alarm it would go unrun
 * in silence. A prober that does not run at all publishes nothing here either: its errors and
 * dead-letter alarms report that, so missing data is not breaching.
 */
export function zoneChecksSkippedAlarmSpec(i: ZoneChecksSkippedAlarmInput): AlarmSpec {
  const vantage = i.event.vantage;
  const period = Math.max(...i.event.checks.filter((c) => c.zoneId !== undefined).map((c) => c.intervalMinutes)) * 60;
  // N - 2 windows make at least the minutes (zoneChecksSkippedMinutes).
  const runs = 2 + Math.ceil((ZONE_CHECKS_SKIPPED_MINUTES * 60) / period);
  const minutes = zoneChecksSkippedMinutes({ period, evaluationPeriods: runs });
  const detectionSeconds = worstCaseDetectionSeconds({ period, datapointsToAlarm: runs }, DNS_PROBE_PUBLISH_SECONDS);
  const context: AlarmContext = { ...dnsProberSubject(i.prefix, vantage), signal: COMPONENT_SIGNALS.zoneChecksSkipped, kind: 'count', severity: 'warning', dashboard: i.dashboard, region: i.region };
  return {
    name: dnsProberAlarmName(i.prefix, vantage, 'zone-checks-skipped'),
    kind: 'count',
    severity: 'warning',
    context,
    description: describeAlarm({
      head: `DNS checks not running from ${vantage}: the prober there skipped zone checks for over ${minutes} min (in each of ${runs} ${period / 60}-min windows), their zones' name servers not read from Route 53 (throttled by the account's other callers, or Route 53's API not answering)`,
      detectionSeconds,
      detail: `A skipped check publishes nothing, and its alarm counts ${vantage} as passing meanwhile. Which checks and why: the "dns checks skipped" and "Route 53 did not answer" lines of log group ${i.proberLogGroup} in ${vantage}.`,
      context,
    }),
    actionsEnabled: true,
    comparison: 'GreaterThanThreshold',
    threshold: 0,
    period,
    evaluationPeriods: runs,
    datapointsToAlarm: runs,
    treatMissingData: 'notBreaching',
    metric: { namespace: DNS_CHECK_NAMESPACE, metricName: DNS_CHECK_METRICS.skipped, dimensions: { Vantage: vantage } },
    statistic: 'Maximum',
    detectionSeconds,
  };
}
