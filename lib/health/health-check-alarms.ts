/**
 * Alarm specs of one Route 53 health check (AWS/Route53, dimension HealthCheckId, us-east-1 only):
 *  - status:            HealthCheckStatus Minimum < 1 (the check is unhealthy; no data = breaching)
 *  - percentage-healthy: HealthCheckPercentageHealthy Average < threshold (some checker regions fail)
 *  - time-to-first-byte / connection-time: Average above a threshold (checks with measureLatency)
 * Worst-case detection = interval x failure threshold + (M [+1 for averages]) x period + 60 s.
 */
import type { AlarmKind } from '../../contracts/alarm-context';
import { evaluationText, type AlarmSpec } from '../alarms/alarm-spec';
import { describeAlarm } from '../alarms/description';
import { EVALUATION_DELAY_SECONDS } from '../alarms/detection-time';
import { HOSTED_ZONE_REGION } from '../config/resolve';
import type { Evaluation, ResolvedHealthCheck } from '../config/resolve-health';
import { subjectAlarmName } from '../naming';

const KIND: AlarmKind = 'health-check';
const NAMESPACE = 'AWS/Route53';

export interface HealthCheckAlarmInput {
  readonly prefix: string;
  readonly check: ResolvedHealthCheck;
  /** Route 53 health-check id (usually a token). */
  readonly healthCheckId: string;
  readonly runbookUrl?: string;
}

export function healthCheckAlarmSpecs(input: HealthCheckAlarmInput): AlarmSpec[] {
  const { prefix, check: hc, healthCheckId } = input;
  if (hc.disabled) return [];
  const calculated = hc.children !== undefined;
  const what = calculated ? `Calculated health check ${hc.name} (${hc.children!.join(', ')})` : `Health check ${hc.name} (${hc.url})`;
  const out: AlarmSpec[] = [];
  const add = (signal: string, e: Evaluation, spec: Omit<AlarmSpec, 'name' | 'kind' | 'context' | 'description' | 'period' | 'evaluationPeriods' | 'datapointsToAlarm' | 'severity' | 'actionsEnabled'> & { head: string; detail: string }) => {
    const context = { subject: hc.name, subjectId: hc.name, signal, kind: KIND, severity: e.severity, region: HOSTED_ZONE_REGION };
    const { head, detail, ...rest } = spec;
    out.push({
      ...rest,
      name: subjectAlarmName(prefix, hc.name, signal, KIND),
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

  const st = hc.status;
  const stDetection = hc.checkSeconds + st.datapointsToAlarm * st.period + EVALUATION_DELAY_SECONDS;
  add('status', st, {
    head: `${what} is unhealthy: HealthCheckStatus minimum below 1 ${evaluationText(st)}${hc.inverted ? ' (the check is inverted: the endpoint answered healthy)' : ''}`,
    detail: calculated
      ? `Fewer than the required healthy children. Look at the children's status alarms and the Route 53 health-check console.`
      : `Route 53 checkers could not get a healthy answer ${hc.failureThreshold} times in a row. No data also alarms (check deleted or not reporting). Look at the Route 53 health-check console (Monitoring, Latest observations).`,
    statistic: 'Minimum',
    comparison: 'LessThanThreshold',
    threshold: 1,
    treatMissingData: 'breaching',
    metric: metric('HealthCheckStatus'),
    detectionSeconds: stDetection,
  });

  if (!calculated && !hc.inverted && hc.percentageHealthy.enabled) {
    const ph = hc.percentageHealthy;
    const threshold = ph.threshold;
    add('percentage-healthy', ph, {
      head: `${what} partial outage: fewer than ${threshold} % of checker regions see it healthy ${evaluationText(ph)}`,
      detail: 'Some Route 53 checker regions fail while others succeed: a regional network path, CDN edge or firewall problem. Compare checker regions in the Route 53 health-check console.',
      statistic: 'Average',
      comparison: 'LessThanThreshold',
      threshold,
      treatMissingData: 'notBreaching',
      metric: metric('HealthCheckPercentageHealthy'),
      detectionSeconds: hc.checkSeconds + (ph.datapointsToAlarm + 1) * ph.period + EVALUATION_DELAY_SECONDS,
    });
  }

  if (!calculated && hc.measureLatency && hc.latency) {
    const lt = hc.latency;
    const interval = hc.requestInterval;
    const latencyAlarm = (signal: string, metricName: string, ms: number, label: string) =>
      add(signal, lt, {
        head: `${what} slow: average ${label} above ${ms} ms ${evaluationText(lt)}`,
        detail: `Measured by the Route 53 checkers (all regions averaged). Compare regions in the health-check console (Latency graphs).`,
        statistic: 'Average',
        comparison: 'GreaterThanThreshold',
        threshold: ms,
        treatMissingData: 'notBreaching',
        metric: metric(metricName),
        detectionSeconds: interval + (lt.datapointsToAlarm + 1) * lt.period + EVALUATION_DELAY_SECONDS,
      });
    if (lt.timeToFirstByteMs !== undefined) latencyAlarm('time-to-first-byte', 'TimeToFirstByte', lt.timeToFirstByteMs, 'time to first byte');
    if (lt.connectionTimeMs !== undefined) latencyAlarm('connection-time', 'ConnectionTime', lt.connectionTimeMs, 'TCP connection time');
  }
  return out;
}
