/**
 * Worst-case detection time of an alarm computed from its CloudFormation properties, for alarms
 * that were not built from an AlarmSpec (which carries its own `detectionSeconds`):
 *
 *   (datapointsToAlarm + 1) x period + source delay + evaluation delay (60 s)
 *
 * (lib/alarms/detection-time.ts). The source delay is how late the watched metric's datapoints
 * arrive, per namespace:
 *  - AWS/Route53 health-check metrics: request interval x failure threshold of the health check
 *    (the time Route 53 needs to call the endpoint unhealthy), read from the health check resource;
 *  - Codreum/License: the reporter publishes once an hour (EventBridge Scheduler), so up to 3600 s;
 *  - Codreum/DomainRegistration: the watcher publishes once an hour, each datapoint timestamped at
 *    its run, into the alarms' hour-long period: the wait for the next run is the formula's extra
 *    period, and the publishing itself takes under a minute (60 s);
 *  - DNSSEC metrics (AWS/Route53 DNSSEC*): about one datapoint per zone per day, 86400 s;
 *  - AWS/SNS topic metrics (the alert topics' delivery alarms): SNS pushes them every five
 *    minutes (SNS_METRICS.publishIntervalSeconds), 300 s;
 *  - anything else (the product's query-log metrics, DNSQueries, Resolver endpoints, Lambda, SQS):
 *    one-minute data, SOURCE_DELAY_SECONDS (60 s).
 */
import { LICENSE_NAMESPACE } from '../../contracts/license-metrics';
import { DOMAIN_REGISTRATION_NAMESPACE } from '../../contracts/domain-registration';
import { SOURCE_DELAY_SECONDS, worstCaseDetectionSeconds } from '../alarms/detection-time';
import { SNS_METRICS } from '../aws-facts';
import type { CfnResource } from './synthesize';

export const HEALTH_CHECK_DEFAULT_SECONDS = 30 * 3;
export const LICENSE_PUBLISH_SECONDS = 3600;
export const DNSSEC_PUBLISH_SECONDS = 86400;

export interface MetricOfAlarm {
  readonly namespace?: string;
  readonly metricName?: string;
  readonly dimensions: readonly { Name: string; Value: unknown }[];
  readonly period?: number;
}

/** The metrics an alarm reads (one for a single-metric alarm, every MetricStat of a math alarm). */
export function metricsOfAlarm(props: Record<string, any>): MetricOfAlarm[] {
  if (props.MetricName !== undefined) {
    return [{ namespace: props.Namespace, metricName: props.MetricName, dimensions: props.Dimensions ?? [], period: props.Period }];
  }
  return ((props.Metrics ?? []) as any[])
    .filter((m) => m.MetricStat)
    .map((m) => ({
      namespace: m.MetricStat.Metric.Namespace,
      metricName: m.MetricStat.Metric.MetricName,
      dimensions: m.MetricStat.Metric.Dimensions ?? [],
      period: m.MetricStat.Period,
    }));
}

export function periodOfAlarm(props: Record<string, any>): number | undefined {
  if (typeof props.Period === 'number') return props.Period;
  const periods = metricsOfAlarm(props).map((m) => m.period).filter((p): p is number => typeof p === 'number');
  return periods.length > 0 ? Math.max(...periods) : undefined;
}

function healthCheckSeconds(dimValue: unknown, resources: ReadonlyMap<string, CfnResource>, stack: string): number | undefined {
  const ref = (dimValue as { 'Fn::GetAtt'?: [string, string] })?.['Fn::GetAtt'];
  const hc = ref ? resources.get(`${stack}/${ref[0]}`) : undefined;
  const cfg = hc?.props.HealthCheckConfig;
  if (!cfg) return undefined;
  if (cfg.Type === 'CALCULATED') {
    let worst = 0;
    for (const child of (cfg.ChildHealthChecks ?? []) as unknown[]) worst = Math.max(worst, healthCheckSeconds(child, resources, stack) ?? HEALTH_CHECK_DEFAULT_SECONDS);
    return worst;
  }
  return (cfg.RequestInterval ?? 30) * (cfg.FailureThreshold ?? 3);
}

export interface SourceDelay {
  readonly seconds: number;
  readonly why: string;
}

export function sourceDelayOf(m: MetricOfAlarm, resources: ReadonlyMap<string, CfnResource>, stack: string): SourceDelay {
  if (m.namespace === 'AWS/Route53' && m.dimensions.some((d) => d.Name === 'HealthCheckId')) {
    const d = m.dimensions.find((x) => x.Name === 'HealthCheckId')!;
    const s = healthCheckSeconds(d.Value, resources, stack);
    return s !== undefined
      ? { seconds: s, why: 'health check: request interval x failure threshold' }
      : { seconds: HEALTH_CHECK_DEFAULT_SECONDS, why: 'health check not in this stack: Route 53 defaults (30 s x 3)' };
  }
  if (m.namespace === 'AWS/Route53' && m.metricName?.startsWith('DNSSEC')) return { seconds: DNSSEC_PUBLISH_SECONDS, why: 'DNSSEC metrics arrive about once a day' };
  if (m.namespace === SNS_METRICS.namespace) return { seconds: SNS_METRICS.publishIntervalSeconds, why: 'SNS pushes topic metrics every five minutes' };
  if (m.namespace === LICENSE_NAMESPACE) return { seconds: LICENSE_PUBLISH_SECONDS, why: 'license metrics are published hourly' };
  if (m.namespace === DOMAIN_REGISTRATION_NAMESPACE) return { seconds: SOURCE_DELAY_SECONDS, why: 'registration metrics: hourly runs, one datapoint per period' };
  return { seconds: SOURCE_DELAY_SECONDS, why: 'one-minute metric data' };
}

export function detectionFromProperties(
  a: CfnResource,
  resources: ReadonlyMap<string, CfnResource>,
): { seconds: number; period?: number; evaluationPeriods?: number; datapointsToAlarm?: number; delay: SourceDelay } {
  const p = a.props;
  const period = periodOfAlarm(p) ?? 60;
  const evaluationPeriods = typeof p.EvaluationPeriods === 'number' ? p.EvaluationPeriods : 1;
  const datapointsToAlarm = typeof p.DatapointsToAlarm === 'number' ? p.DatapointsToAlarm : evaluationPeriods;
  const delays = metricsOfAlarm(p).map((m) => sourceDelayOf(m, resources, a.stack));
  const oneMinute: SourceDelay = { seconds: SOURCE_DELAY_SECONDS, why: 'one-minute metric data' };
  const delay = delays.length > 0 ? delays.reduce((w, d) => (d.seconds > w.seconds ? d : w)) : oneMinute;
  return { seconds: worstCaseDetectionSeconds({ period, datapointsToAlarm }, delay.seconds), period, evaluationPeriods, datapointsToAlarm, delay };
}
