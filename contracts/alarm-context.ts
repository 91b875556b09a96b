/**
 * Machine-readable context carried on the last line of every alarm description the product
 * creates, so notifiers (Slack webhook Lambda, chat) can show zone/VPC, signal, kind and the
 * dashboard without parsing alarm names. Format (one line, <= ~300 chars):
 *
 *   [dns-monitor] subject=example.com subjectId=Z123 signal=nxdomain kind=rate severity=warning dashboard=acme-prod-dns-zone-example-com region=us-east-1
 *
 * Values never contain spaces (they are ids, names and enum words).
 */
export const ALARM_CONTEXT_MARKER = '[dns-monitor]';

export type AlarmKind =
  | 'count'
  | 'rate'
  | 'anomaly'
  | 'anomaly-drop'
  | 'low-traffic'
  | 'composite'
  | 'health-check'
  | 'dns-check'
  | 'license'
  | 'logs-stopped'
  | 'registration';

/**
 * A Resolver endpoint id as Resolver makes them: `rslvr-in-` or `rslvr-out-` and 17 hex digits.
 * The config takes no other (resolverEndpoints[].endpointId), and a notifier names an alarm whose
 * subject id has this shape an alarm on a Resolver endpoint.
 */
export const RESOLVER_ENDPOINT_ID = /^rslvr-(?:in|out)-[0-9a-f]{17}$/;

/**
 * Signals of the alarms on the product's own functions and deliveries (a DNS prober's or the
 * registration watcher's errors, a rule's failed invocations, a delivery's dead letters or intake
 * backlog), not on a monitored subject. lib/ names those alarms' signals with these, and a notifier
 * labels them a DNS Monitor component rather than a zone or VPC. Catalogue signals never take these
 * names or suffixes (test/slack-notifier/subject-label.test.ts).
 */
export const COMPONENT_SIGNALS = {
  proberErrors: 'prober-errors',
  zoneChecksSkipped: 'zone-checks-skipped',
  watcherErrors: 'watcher-errors',
  auditFailedInvocations: 'audit-failed-invocations',
  reporterFailedInvocations: 'reporter-failed-invocations',
  slackDeletedAlarmsFailedInvocations: 'slack-deleted-alarms-failed-invocations',
  topicDeliveryFailures: 'topic-delivery-failures',
} as const;
/** A delivery's queue alarm signal: `<delivery>-dead-letters` or `<delivery>-intake-backlog`. */
export const componentQueueSignal = (delivery: string, queue: 'dead-letters' | 'intake-backlog') => `${delivery}-${queue}`;
const COMPONENT_QUEUE_SIGNAL = /^[a-z0-9-]+-(?:dead-letters|intake-backlog)$/;
export function isComponentSignal(signal: string): boolean {
  return (Object.values(COMPONENT_SIGNALS) as string[]).includes(signal) || COMPONENT_QUEUE_SIGNAL.test(signal);
}

/** The alert severities, most urgent first: each has its own alert topic per route and region. */
export const SEVERITIES = ['critical', 'warning'] as const;
export type Severity = (typeof SEVERITIES)[number];

export interface AlarmContext {
  /** Readable subject: zone name, VPC id, health-check name, registered domain, or 'license'. */
  readonly subject: string;
  /** Stable id of the subject: hosted zone id, VPC id, health-check name. */
  readonly subjectId: string;
  /** Signal id from the catalogue (e.g. `nxdomain`), or another product-defined signal name. */
  readonly signal: string;
  readonly kind: AlarmKind;
  readonly severity: Severity;
  /** Name of the dashboard that shows this subject, when there is one. */
  readonly dashboard?: string;
  /** Region the alarm lives in. */
  readonly region?: string;
}

const KEYS = ['subject', 'subjectId', 'signal', 'kind', 'severity', 'dashboard', 'region'] as const;

export function formatAlarmContext(ctx: AlarmContext): string {
  const parts = KEYS.filter((k) => ctx[k] !== undefined).map((k) => `${k}=${String(ctx[k]).replace(/\s+/g, '_')}`);
  return `${ALARM_CONTEXT_MARKER} ${parts.join(' ')}`;
}

/** Reads the context line back out of an alarm description; undefined when absent or incomplete. */
export function parseAlarmContext(description: string | undefined | null): AlarmContext | undefined {
  if (!description) return undefined;
  const line = description
    .split('\n')
    .map((l) => l.trim())
    .reverse()
    .find((l) => l.startsWith(ALARM_CONTEXT_MARKER));
  if (!line) return undefined;
  const fields: Record<string, string> = {};
  for (const token of line.slice(ALARM_CONTEXT_MARKER.length).trim().split(/\s+/)) {
    const eq = token.indexOf('=');
    if (eq > 0) fields[token.slice(0, eq)] = token.slice(eq + 1);
  }
  if (!fields.subject || !fields.subjectId || !fields.signal || !fields.kind || !fields.severity) return undefined;
  return {
    subject: fields.subject,
    subjectId: fields.subjectId,
    signal: fields.signal,
    kind: fields.kind as AlarmKind,
    severity: fields.severity === 'critical' ? 'critical' : 'warning',
    dashboard: fields.dashboard,
    region: fields.region,
  };
}
