/**
 * The SNS message of a change-audit alert, built by an EventBridge input transformer. It goes to
 * every subscriber of the alert topics (email, SMS, HTTPS, Slack), so it carries only what a person
 * needs to act, from an allow-list of CloudTrail fields:
 *   who    the principal's ARN and identity type (never access key ids, session attributes,
 *          source IP or user agent);
 *   what   the API call and, for record changes, each change's action, record name and type
 *          (never the record values, TTLs or the batch comment: the raw request body stays in CloudTrail);
 *   where  the zone (or, for zone and monitoring calls, the request's resource ids) and the
 *          CloudTrail event id, from which the notifier links the event;
 *   when   the event time.
 * Record-change rules match only ChangeResourceRecordSets, so every path they reference exists;
 * zone and monitoring calls (DeleteHostedZone, DNSSEC and key-signing-key calls,
 * DeleteQueryLoggingConfig, DeleteHealthCheck) carry nothing but resource ids in their request
 * parameters, which are passed as they are. String placeholders are quoted so EventBridge escapes
 * them; arrays (JSON-path wildcards) are not (EventBridge User Guide, "Amazon EventBridge input
 * transformation": https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-transform-target-input.html).
 * `type: "dns-change-audit"` lets notifiers tell it from CloudWatch alarm messages.
 */
import type { Severity } from '../../contracts/alarm-context';
import { AUDIT_HEADLINES, AUDIT_MESSAGE_TYPE, type AuditCategory } from '../../contracts/audit-message';

export { AUDIT_MESSAGE_TYPE };

/** Fields of every audit message (every Route 53 management event carries them). */
const COMMON_PATHS = {
  eventName: '$.detail.eventName',
  eventTime: '$.detail.eventTime',
  eventId: '$.detail.eventID',
  whoArn: '$.detail.userIdentity.arn',
  whoType: '$.detail.userIdentity.type',
  account: '$.account',
  region: '$.region',
} as const;

/** ChangeResourceRecordSets: the zone and, per change, action, name and type (wildcard paths give arrays). */
const RECORD_PATHS = {
  zone: '$.detail.requestParameters.hostedZoneId',
  actions: '$.detail.requestParameters.changeBatch.changes[*].action',
  names: '$.detail.requestParameters.changeBatch.changes[*].resourceRecordSet.name',
  types: '$.detail.requestParameters.changeBatch.changes[*].resourceRecordSet.type',
} as const;

/** Zone and monitoring calls: their request parameters are resource ids only. */
const ID_PATHS = { request: '$.detail.requestParameters' } as const;

const isRecordCategory = (c: AuditCategory) => c === 'record-changes' || c === 'protected-records';

/** The InputPathsMap of a category's rules. */
export function auditInputPaths(category: AuditCategory): Readonly<Record<string, string>> {
  return { ...COMMON_PATHS, ...(isRecordCategory(category) ? RECORD_PATHS : ID_PATHS) };
}

/** Every CloudTrail path any audit message may carry: the allow-list tests hold the templates to. */
export const AUDIT_ALLOWED_PATHS: readonly string[] = [...Object.values(COMMON_PATHS), ...Object.values(RECORD_PATHS), ...Object.values(ID_PATHS)];

/** The input template of a category's rules. */
export function auditInputTemplate(category: AuditCategory, severity: Severity, prefix: string): string {
  const fixed = (v: string) => JSON.stringify(v);
  const where = isRecordCategory(category)
    ? ['"zone":"<zone>",', '"changes":{"actions":<actions>,"names":<names>,"types":<types>},']
    : ['"request":<request>,'];
  return [
    '{',
    `"type":${fixed(AUDIT_MESSAGE_TYPE)},`,
    `"prefix":${fixed(prefix)},`,
    `"category":${fixed(category)},`,
    `"severity":${fixed(severity)},`,
    `"alert":${fixed(AUDIT_HEADLINES[category])},`,
    '"what":"<eventName>",',
    '"when":"<eventTime>",',
    '"who":{"arn":"<whoArn>","type":"<whoType>"},',
    ...where,
    '"account":"<account>",',
    '"region":"<region>",',
    '"eventId":"<eventId>"',
    '}',
  ].join('');
}

function select(event: unknown, path: string): unknown {
  let values: unknown[] = [event];
  let wildcard = false;
  for (const part of path.replace(/^\$\.?/, '').split('.').filter(Boolean)) {
    const m = /^(.*)\[\*\]$/.exec(part);
    const key = m ? m[1] : part;
    values = values.map((v) => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined));
    if (m) {
      wildcard = true;
      values = values.flatMap((v) => (Array.isArray(v) ? v : []));
    }
  }
  return wildcard ? values.filter((v) => v !== undefined) : values[0];
}

/**
 * What EventBridge produces from `template` for `event`, for tests: JSONPath with dots and `[*]`;
 * a quoted placeholder gets the escaped text of its value, an unquoted one the JSON of its value.
 */
export function renderAuditMessage(template: string, paths: Readonly<Record<string, string>>, event: unknown): string {
  return template.replace(/("?)<([A-Za-z0-9_-]+)>("?)/g, (whole, open: string, name: string, close: string) => {
    const path = paths[name];
    if (!path) return whole;
    const v = select(event, path);
    if (open && close) return JSON.stringify(v === undefined || v === null ? '' : typeof v === 'string' ? v : JSON.stringify(v));
    return `${open}${v === undefined ? 'null' : JSON.stringify(v)}${close}`;
  });
}
