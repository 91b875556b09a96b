/**
 * The SNS message of a change-audit alert, built by an EventBridge input transformer: a JSON
 * object saying who (the CloudTrail userIdentity, source IP, user agent), what (the API call and
 * its request: for ChangeResourceRecordSets the change batch with every change and its comment),
 * which zone (hostedZoneId, or the request's `id` for DeleteHostedZone) and when (eventTime).
 * Only fields every Route 53 management event carries are referenced, so the output is always
 * valid JSON. `type: "dns-change-audit"` lets notifiers tell it from CloudWatch alarm messages.
 */
import type { Severity } from '../alarms/alarm-context';
import type { AuditCategory } from './change-patterns';

export const AUDIT_MESSAGE_TYPE = 'dns-change-audit';

export const AUDIT_INPUT_PATHS: Readonly<Record<string, string>> = {
  eventName: '$.detail.eventName',
  eventTime: '$.detail.eventTime',
  eventId: '$.detail.eventID',
  who: '$.detail.userIdentity',
  sourceIp: '$.detail.sourceIPAddress',
  userAgent: '$.detail.userAgent',
  request: '$.detail.requestParameters',
  account: '$.account',
  region: '$.region',
};

export const AUDIT_HEADLINES: Readonly<Record<AuditCategory, string>> = {
  'record-changes': 'DNS records changed in a monitored hosted zone',
  'protected-records': 'A PROTECTED DNS record was changed',
  'zone-changes': 'A monitored hosted zone was deleted or its DNSSEC signing was disabled or lost a key-signing key',
  'monitoring-changes': 'DNS monitoring inputs changed: query logging or a health check was deleted, or DNSSEC keys changed',
};

/** The input template: placeholders are unquoted so strings and objects are inserted as JSON. */
export function auditInputTemplate(category: AuditCategory, severity: Severity, prefix: string): string {
  const fixed = (v: string) => JSON.stringify(v);
  return [
    '{',
    `"type":${fixed(AUDIT_MESSAGE_TYPE)},`,
    `"prefix":${fixed(prefix)},`,
    `"category":${fixed(category)},`,
    `"severity":${fixed(severity)},`,
    `"alert":${fixed(AUDIT_HEADLINES[category])},`,
    '"what":<eventName>,',
    '"when":<eventTime>,',
    '"who":<who>,',
    '"sourceIp":<sourceIp>,',
    '"userAgent":<userAgent>,',
    '"request":<request>,',
    '"account":<account>,',
    '"region":<region>,',
    '"eventId":<eventId>',
    '}',
  ].join('');
}

/**
 * What EventBridge produces from `template` for `event` (JSONPath subset `$.a.b`), so tests can
 * check that the message parses and carries the right values. Strings/objects are JSON-encoded.
 */
export function renderAuditMessage(template: string, paths: Readonly<Record<string, string>>, event: unknown): string {
  return template.replace(/<([A-Za-z0-9_-]+)>/g, (whole, name: string) => {
    const path = paths[name];
    if (!path) return whole;
    let v: unknown = event;
    for (const key of path.replace(/^\$\.?/, '').split('.').filter(Boolean)) {
      v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined;
    }
    return v === undefined ? 'null' : JSON.stringify(v);
  });
}
