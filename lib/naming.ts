/** Deterministic, readable names for everything users see in the console. */
import type { AlarmKind, Severity } from './alarms/alarm-context';
import type { ResolvedSubject } from './config/resolve';
import { DEFAULT_ROUTE } from './config/alerts-schema';

/** `<prefix>-<zone or vpc>-<signal>-<kind>`, e.g. `acme-prod-example.com-nxdomain-rate`. */
export function alarmName(prefix: string, subject: ResolvedSubject, signal: string, kind: AlarmKind): string {
  return `${prefix}-${subject.name}-${signal}-${kind}`;
}

/** `<prefix>-alerts-<severity>`, or `<prefix>-alerts-<route>-<severity>` for a named route. */
export function topicName(prefix: string, severity: Severity, route = DEFAULT_ROUTE): string {
  return route === DEFAULT_ROUTE ? `${prefix}-alerts-${severity}` : `${prefix}-alerts-${route}-${severity}`;
}

const dashSafe = (s: string) => s.replace(/[^A-Za-z0-9_-]/g, '-');

/** The per-zone / per-VPC dashboard (built by the dashboards module). */
export function subjectDashboardName(prefix: string, subject: ResolvedSubject): string {
  const kind = subject.source === 'hostedZone' ? 'zone' : 'vpc';
  return `${prefix}-dns-${kind}-${dashSafe(subject.name)}`.slice(0, 255);
}

export function metricFilterName(prefix: string, metricName: string): string {
  return `${prefix}-${metricName}`;
}
