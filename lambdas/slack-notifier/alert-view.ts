/**
 * Turns a validated CloudWatch alarm message into what a person needs to read in Slack: which zone
 * / VPC / health check, which signal, the state change, value versus threshold, why, when, and
 * where to click. Context comes from the `[dns-monitor]` line at the end of the alarm description
 * (contracts/alarm-context.ts); without it the alarm name stands in for the subject.
 */
import { ALARM_CONTEXT_MARKER, AlarmKind, parseAlarmContext, Severity } from '../../contracts/alarm-context';
import type { AlarmMessage, AlarmState, AlarmTrigger } from './alarm-schema';
import { alarmConsoleUrl, dashboardConsoleUrl, parseAlarmArn } from '../../contracts/console-links';
import { valueVsThreshold, ValueVsThreshold } from './state-reason';

export interface AlertView {
  readonly alarmName: string;
  readonly state: AlarmState;
  readonly previousState?: AlarmState;
  readonly severity: Severity;
  readonly kind: AlarmKind;
  /** Zone name, VPC id, health-check name, registered domain, or the alarm name when the context line is absent. */
  readonly subject: string;
  readonly subjectId?: string;
  readonly signal: string;
  /** True when the context line was found (false: fields were inferred from the alarm itself). */
  readonly hasContext: boolean;
  readonly accountId?: string;
  readonly region?: string;
  /** Epoch seconds of the state change, when CloudWatch's timestamp parses. */
  readonly changedAtEpoch?: number;
  /** The same in epoch milliseconds, as CloudWatch gives it: what orders two changes within a second. */
  readonly changedAtMs?: number;
  readonly changedAtText: string;
  readonly reason: string;
  /** Alarm description without the machine-readable context line. */
  readonly description?: string;
  readonly measurement?: ValueVsThreshold;
  /** "AWS/Route53 HealthCheckStatus (HealthCheckId=abc)" or the math expression that was alarmed. */
  readonly metric?: string;
  readonly compositeRule?: string;
  readonly triggeringChildren: string[];
  readonly alarmUrl?: string;
  readonly dashboardUrl?: string;
}

/** "2021-11-10T02:45:55.640+0000" → epoch milliseconds (the offset has no colon, which Date dislikes). */
export function parseStateChangeTime(text: string): number | undefined {
  const iso = text.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? undefined : ms;
}

function stripContextLine(description: string | null | undefined): string | undefined {
  if (!description) return undefined;
  const kept = description
    .split('\n')
    .filter((l) => !l.trim().startsWith(ALARM_CONTEXT_MARKER))
    .join('\n')
    .trim();
  return kept || undefined;
}

function inferKind(msg: AlarmMessage): AlarmKind {
  if (msg.AlarmRule !== undefined) return 'composite';
  const t = msg.Trigger;
  if (t?.ThresholdMetricId) return 'anomaly';
  const names = [t?.MetricName, ...(t?.Metrics ?? []).map((m) => m.MetricStat?.Metric.MetricName)];
  const namespaces = [t?.Namespace, ...(t?.Metrics ?? []).map((m) => m.MetricStat?.Metric.Namespace)];
  if (namespaces.includes('AWS/Route53') && names.some((n) => n?.startsWith('HealthCheck'))) return 'health-check';
  if ((t?.Metrics ?? []).some((m) => m.Expression)) return 'rate';
  return 'count';
}

function severityFromTopic(topicArn?: string): Severity | undefined {
  const name = topicArn?.split(':').pop()?.toLowerCase() ?? '';
  if (/(^|[-_.])critical($|[-_.])/.test(name)) return 'critical';
  if (/(^|[-_.])warning($|[-_.])/.test(name)) return 'warning';
  return undefined;
}

function describeMetric(t: AlarmTrigger | undefined): string | undefined {
  if (!t) return undefined;
  const dims = (d?: { name: string; value: string }[]) =>
    d && d.length ? ` (${d.map((x) => `${x.name}=${x.value}`).join(', ')})` : '';
  if (t.MetricName) return `${t.Namespace ?? ''} ${t.MetricName}${dims(t.Dimensions)}`.trim();
  const metrics = t.Metrics ?? [];
  const returned = metrics.find((m) => m.ReturnData !== false && m.Id !== t.ThresholdMetricId) ?? metrics[0];
  if (!returned) return undefined;
  if (returned.Expression) return `${returned.Label ? `${returned.Label}: ` : ''}${returned.Expression}`;
  const stat = returned.MetricStat;
  return stat ? `${stat.Metric.Namespace} ${stat.Metric.MetricName}${dims(stat.Metric.Dimensions)}` : returned.Id;
}

function childName(child: string | { Arn: string; State?: { Value?: string } }): string {
  const arn = typeof child === 'string' ? child : child.Arn;
  const name = arn.includes(':alarm:') ? arn.slice(arn.indexOf(':alarm:') + ':alarm:'.length) : arn;
  const state = typeof child === 'string' ? undefined : child.State?.Value;
  return state ? `${name} (${state})` : name;
}

export function buildAlertView(msg: AlarmMessage, topicArn?: string): AlertView {
  const ctx = parseAlarmContext(msg.AlarmDescription);
  const arn = parseAlarmArn(msg.AlarmArn);
  const region = arn?.region ?? ctx?.region;
  const kind = ctx?.kind ?? inferKind(msg);
  const changedAtMs = parseStateChangeTime(msg.StateChangeTime);
  const epoch = changedAtMs === undefined ? undefined : Math.floor(changedAtMs / 1000);
  const dashboard = ctx?.dashboard;
  return {
    alarmName: msg.AlarmName,
    state: msg.NewStateValue,
    previousState: msg.OldStateValue,
    severity: ctx?.severity ?? severityFromTopic(topicArn) ?? 'warning',
    kind,
    subject: ctx?.subject ?? msg.AlarmName,
    subjectId: ctx?.subjectId,
    signal: ctx?.signal ?? msg.Trigger?.MetricName ?? (kind === 'composite' ? 'composite' : msg.AlarmName),
    hasContext: ctx !== undefined,
    accountId: msg.AWSAccountId ?? arn?.accountId,
    region,
    changedAtEpoch: epoch,
    changedAtMs,
    changedAtText: epoch !== undefined ? new Date(epoch * 1000).toISOString().replace('.000Z', 'Z') : msg.StateChangeTime,
    reason: msg.NewStateReason,
    description: stripContextLine(msg.AlarmDescription),
    measurement: msg.Trigger ? valueVsThreshold(msg.NewStateReason, msg.Trigger) : undefined,
    metric: describeMetric(msg.Trigger),
    compositeRule: msg.AlarmRule,
    triggeringChildren: (msg.TriggeringChildren ?? []).map(childName),
    alarmUrl: region ? alarmConsoleUrl(region, msg.AlarmName, arn?.partition) : undefined,
    dashboardUrl: region && dashboard ? dashboardConsoleUrl(region, dashboard, arn?.partition) : undefined,
  };
}
