/**
 * Alarm specs of one Route 53 health check (AWS/Route53, dimension HealthCheckId, us-east-1 only):
 *  - status:            HealthCheckStatus Minimum < 1 (the check is unhealthy; no data = breaching)
 *  - percentage-healthy: HealthCheckPercentageHealthy Average < threshold (some checker regions fail)
 *  - time-to-first-byte / connection-time: Average above a threshold (checks with measureLatency)
 * Worst-case detection = interval x failure threshold + (M [+1 for averages]) x period + 60 s.
 */
import type { AlarmKind, Severity } from '../../contracts/alarm-context';
import { EVALUATION_DELAY_SECONDS } from '../alarms/detection-time';
import { HEALTH_CHECK_DEFAULTS, type HealthCheckConfig } from '../config/health-schema';
import { HOSTED_ZONE_REGION } from '../config/resolve';
import { describeAlarm, healthAlarmName, type StatAlarmSpec } from './health-alarm';

const KIND: AlarmKind = 'health-check';
const NAMESPACE = 'AWS/Route53';

export interface HealthCheckAlarmInput {
  readonly prefix: string;
  readonly check: HealthCheckConfig;
  /** Route 53 health-check id (usually a token). */
  readonly healthCheckId: string;
  /** Seconds Route 53 needs to declare the endpoint unhealthy (interval x failure threshold). */
  readonly checkSeconds: number;
  readonly runbookUrl?: string;
}

interface Evaluation {
  readonly period: number;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
  readonly severity: Severity;
  readonly actionsEnabled: boolean;
}

function evaluation(
  o: { period?: number; evaluationPeriods?: number; datapointsToAlarm?: number; severity?: Severity; actionsEnabled?: boolean } | undefined,
  d: { period: number; evaluationPeriods: number; datapointsToAlarm: number; severity: Severity },
): Evaluation {
  return {
    period: o?.period ?? d.period,
    evaluationPeriods: o?.evaluationPeriods ?? d.evaluationPeriods,
    datapointsToAlarm: o?.datapointsToAlarm ?? d.datapointsToAlarm,
    severity: o?.severity ?? d.severity,
    actionsEnabled: o?.actionsEnabled ?? true,
  };
}

const mOfN = (e: Evaluation) => `in ${e.datapointsToAlarm} of ${e.evaluationPeriods} periods of ${e.period} s`;

export function healthCheckAlarmSpecs(input: HealthCheckAlarmInput): StatAlarmSpec[] {
  const { prefix, check: hc, healthCheckId } = input;
  if (hc.disabled) return [];
  const calculated = hc.children !== undefined;
  const what = calculated ? `Calculated health check ${hc.name} (${hc.children!.join(', ')})` : `Health check ${hc.name} (${hc.url})`;
  const out: StatAlarmSpec[] = [];
  const add = (signal: string, e: Evaluation, spec: Omit<StatAlarmSpec, 'name' | 'kind' | 'context' | 'description' | 'period' | 'evaluationPeriods' | 'datapointsToAlarm' | 'severity' | 'actionsEnabled'> & { head: string; detail: string }) => {
    const context = { subject: hc.name, subjectId: hc.name, signal, kind: KIND, severity: e.severity, region: HOSTED_ZONE_REGION };
    const { head, detail, ...rest } = spec;
    out.push({
      ...rest,
      name: healthAlarmName(prefix, hc.name, signal, KIND),
      kind: KIND,
      context,
      period: e.period,
      evaluationPeriods: e.evaluationPeriods,
      datapointsToAlarm: e.datapointsToAlarm,
      severity: e.severity,
      actionsEnabled: e.actionsEnabled,
      description: describeAlarm({ head, detail, detectionSeconds: spec.detectionSeconds, runbookUrl: input.runbookUrl, context }),
    });
  };
  const metric = (metricName: string) => ({ namespace: NAMESPACE, metricName, dimensions: { HealthCheckId: healthCheckId } });

  const st = evaluation(hc.alarm, HEALTH_CHECK_DEFAULTS.status);
  const stDetection = input.checkSeconds + st.datapointsToAlarm * st.period + EVALUATION_DELAY_SECONDS;
  add('status', st, {
    head: `${what} is unhealthy: HealthCheckStatus minimum below 1 ${mOfN(st)}${hc.inverted ? ' (the check is inverted: the endpoint answered healthy)' : ''}`,
    detail: calculated
      ? `Fewer than the required healthy children. Look at the children's status alarms and the Route 53 health-check console.`
      : `Route 53 checkers could not get a healthy answer ${hc.failureThreshold ?? HEALTH_CHECK_DEFAULTS.failureThreshold} times in a row. No data also alarms (check deleted or not reporting). Look at the Route 53 health-check console (Monitoring, Latest observations).`,
    statistic: 'Minimum',
    comparison: 'LessThanThreshold',
    threshold: 1,
    treatMissingData: 'breaching',
    metric: metric('HealthCheckStatus'),
    detectionSeconds: stDetection,
  });

  if (!calculated && !hc.inverted && hc.percentageHealthy?.enabled !== false) {
    const ph = evaluation(hc.percentageHealthy, HEALTH_CHECK_DEFAULTS.percentageHealthy);
    const threshold = hc.percentageHealthy?.threshold ?? HEALTH_CHECK_DEFAULTS.percentageHealthy.threshold;
    add('percentage-healthy', ph, {
      head: `${what} partial outage: fewer than ${threshold} % of checker regions see it healthy ${mOfN(ph)}`,
      detail: 'Some Route 53 checker regions fail while others succeed: a regional network path, CDN edge or firewall problem. Compare checker regions in the Route 53 health-check console.',
      statistic: 'Average',
      comparison: 'LessThanThreshold',
      threshold,
      treatMissingData: 'notBreaching',
      metric: metric('HealthCheckPercentageHealthy'),
      detectionSeconds: input.checkSeconds + (ph.datapointsToAlarm + 1) * ph.period + EVALUATION_DELAY_SECONDS,
    });
  }

  if (!calculated && hc.measureLatency && hc.latency) {
    const lt = evaluation(hc.latency, HEALTH_CHECK_DEFAULTS.latency);
    const interval = hc.requestInterval ?? HEALTH_CHECK_DEFAULTS.requestInterval;
    const latencyAlarm = (signal: string, metricName: string, ms: number, label: string) =>
      add(signal, lt, {
        head: `${what} slow: average ${label} above ${ms} ms ${mOfN(lt)}`,
        detail: `Measured by the Route 53 checkers (all regions averaged). Compare regions in the health-check console (Latency graphs).`,
        statistic: 'Average',
        comparison: 'GreaterThanThreshold',
        threshold: ms,
        treatMissingData: 'notBreaching',
        metric: metric(metricName),
        detectionSeconds: interval + (lt.datapointsToAlarm + 1) * lt.period + EVALUATION_DELAY_SECONDS,
      });
    if (hc.latency.timeToFirstByteMs !== undefined) latencyAlarm('time-to-first-byte', 'TimeToFirstByte', hc.latency.timeToFirstByteMs, 'time to first byte');
    if (hc.latency.connectionTimeMs !== undefined) latencyAlarm('connection-time', 'ConnectionTime', hc.latency.connectionTimeMs, 'TCP connection time');
  }
  return out;
}
