/**
 * The SNS message of a change-audit alert, built by an EventBridge input transformer. It goes to
 * every subscriber of the alert topics (email, SMS, HTTPS, Slack), so it carries only what a person
 * needs to act, from an allow-list of CloudTrail fields:
 *   who    the principal's ARN and identity type (never access key ids, session attributes,
 *          source IP or user agent);
 *   what   the API call and, for record changes, each change's action, record name and type
 *          (never the record values, TTLs or the batch comment: the raw request body stays in CloudTrail);
 *   where  the zone (or, for zone and monitoring calls, the request's resource ids) and the
 *          CloudTrail event id, from which the notifier links the event; zone-level rules also
 *          carry the names of the zones they watch, from the config (ZONE_NAMED_CATEGORIES);
 *   when   the event time.
 * Record-change rules match only ChangeResourceRecordSets, so every path they reference exists;
 * zone and monitoring calls (DeleteHostedZone, DNSSEC and key-signing-key calls,
 * DeleteQueryLoggingConfig, DeleteHealthCheck) carry nothing but resource ids in their request
 * parameters, which are passed as they are. Domain registration calls pass theirs too (their shape
 * is not documented call by call); the audit publisher reduces them to REGISTRAR_REQUEST_KEYS
 * (contracts/audit-message.ts) before anything leaves the account. String placeholders are quoted so EventBridge escapes
 * them; arrays (JSON-path wildcards) are not (EventBridge User Guide, "Amazon EventBridge input
 * transformation": https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-transform-target-input.html).
 * `type: "dns-change-audit"` lets notifiers tell it from CloudWatch alarm messages.
 */
import type { Severity } from '../../contracts/alarm-context';
import { AUDIT_HEADLINES, AUDIT_MESSAGE_TYPE, type AuditCategory } from '../../contracts/audit-message';
import { CHAT_SEVERITY_EMOJI } from '../../contracts/chatbot-notification';
import { cloudTrailEventUrlPrefix } from '../../contracts/console-links';
import { HOSTED_ZONE_REGION } from '../config/resolve';

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

/**
 * Categories whose rules also carry the names of the zones they watch (`zoneNames`, id to name),
 * from which the audit publisher names the zone of the alert: those whose alert otherwise shows the
 * zone by id alone. Record changes name their records, which end in the zone's name; their rules
 * watch every zone, and the names of 2,000 zones in them would take a part's template past
 * CloudFormation's size (lib/compose/health.ts budgets the names of the others).
 */
export const ZONE_NAMED_CATEGORIES: readonly AuditCategory[] = ['protected-records', 'zone-changes', 'monitoring-changes'];

/**
 * The input template of a category's rules; `zoneNames` (id to name) of the zones the rule watches,
 * for ZONE_NAMED_CATEGORIES. Fixed JSON: the names are written with JSON.stringify, never as placeholders.
 */
export function auditInputTemplate(category: AuditCategory, severity: Severity, prefix: string, zoneNames?: Readonly<Record<string, string>>): string {
  const fixed = (v: string) => JSON.stringify(v);
  const where = isRecordCategory(category)
    ? ['"zone":"<zone>",', '"changes":{"actions":<actions>,"names":<names>,"types":<types>},']
    : ['"request":<request>,'];
  const names = zoneNames && Object.keys(zoneNames).length > 0 ? [`"zoneNames":${JSON.stringify(zoneNames)},`] : [];
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
    ...names,
    '"account":"<account>",',
    '"region":"<region>",',
    '"eventId":"<eventId>"',
    '}',
  ].join('');
}

/** The paths the chat copy reads: the common fields and, for record changes, the zone and record names. */
export function auditChatInputPaths(category: AuditCategory): Readonly<Record<string, string>> {
  return { ...COMMON_PATHS, ...(isRecordCategory(category) ? { zone: RECORD_PATHS.zone, names: RECORD_PATHS.names } : {}) };
}

/**
 * The chat copy of an alert: an AWS Chatbot custom notification (contracts/chatbot-notification.ts),
 * because Chatbot drops every other message an input transformer makes. It carries what the product
 * message does, from the same allow-list, as text: who, what, the zone and when in the description,
 * the changed record names as keywords, the CloudTrail event as the next step. A placeholder inside a
 * string is only ever a string path (EventBridge escapes it); the names array stands alone.
 * Zone and monitoring calls show no request ids here (their paths differ per call, and a path an
 * event lacks must not be referenced); the CloudTrail link has them.
 */
export function auditChatTemplate(category: AuditCategory, severity: Severity, prefix: string): string {
  const record = isRecordCategory(category);
  const text = (v: string) => JSON.stringify(v).slice(1, -1);
  const lines = [
    `*${text(AUDIT_HEADLINES[category])}*`,
    '*API call:* <eventName>',
    ...(record ? ['*Zone:* <zone>'] : []),
    '*Changed by:* <whoArn> (<whoType>)',
    '*When:* <eventTime>',
    `*Deployment:* ${text(prefix)}, account <account>, <region>`,
  ];
  const title = `${CHAT_SEVERITY_EMOJI[severity]} DNS change ${severity}: <eventName>${record ? ' on <zone>' : ''}`;
  return [
    '{',
    '"version":"1.0",',
    '"source":"custom",',
    '"id":"<eventId>",',
    '"content":{',
    '"textType":"client-markdown",',
    `"title":"${title}",`,
    `"description":"${lines.join('\\n')}",`,
    `"nextSteps":["Open the event in CloudTrail: ${text(cloudTrailEventUrlPrefix(HOSTED_ZONE_REGION))}<eventId>"]`,
    record ? ',"keywords":<names>' : '',
    '},',
    '"metadata":{',
    `"summary":"DNS change ${severity}: <eventName>",`,
    `"eventType":${JSON.stringify(AUDIT_MESSAGE_TYPE)},`,
    `"additionalContext":{"prefix":${JSON.stringify(prefix)},"category":${JSON.stringify(category)},"severity":${JSON.stringify(severity)}}`,
    '}',
    '}',
  ].join('');
}

/**
 * Categories whose alerts are texted, with the words the text uses: the critical ones only (a
 * protected record changed, the zone deleted, DNSSEC turned off, a registered domain's delegation,
 * DS records or transfer protection changed). Record changes and monitoring
 * calls are warnings, which happen with every deploy and never text.
 */
export const AUDIT_SMS_WORDS: Readonly<Partial<Record<AuditCategory, string>>> = {
  'protected-records': 'protected record changed',
  'zone-changes': 'zone deleted or DNSSEC disabled',
  'registrar-critical': 'registered domain changed',
};

/** The paths the text reads: the call, who, when and, for record changes, the zone. */
export function auditSmsInputPaths(category: AuditCategory): Readonly<Record<string, string>> {
  const { eventName, eventTime, whoArn } = COMMON_PATHS;
  return { eventName, eventTime, whoArn, ...(isRecordCategory(category) ? { zone: RECORD_PATHS.zone } : {}) };
}

/**
 * The one-line text a critical change alert sends to the SMS topic: a JSON string (EventBridge
 * escapes the values inside it), so the text arrives in double quotes. SNS sends 140 characters a
 * text (lib/aws-facts.ts); a long principal ARN makes it two.
 */
export function auditSmsTemplate(category: AuditCategory, prefix: string): string {
  const words = AUDIT_SMS_WORDS[category];
  if (!words) throw new Error(`${category} alerts are not texted`);
  const text = (v: string) => JSON.stringify(v).slice(1, -1);
  return `"${text(prefix)} DNS CRITICAL: ${words}: <eventName>${isRecordCategory(category) ? ' on <zone>' : ''} by <whoArn> at <eventTime>"`;
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

/** A value in a string gets its escaped text (non-strings as their JSON); outside one, its JSON. */
function substitute(v: unknown, inString: boolean): string {
  if (!inString) return v === undefined ? 'null' : JSON.stringify(v);
  const text = v === undefined || v === null ? '' : typeof v === 'string' ? v : JSON.stringify(v);
  return JSON.stringify(text).slice(1, -1);
}

/**
 * What EventBridge produces from `template` for `event`, for tests: JSONPath with dots and `[*]`;
 * a placeholder inside a JSON string gets the escaped text of its value (a whole quoted string, as
 * `"<who>"`, or part of one, as `"by <who> at <when>"`), one outside a string the JSON of its value.
 */
export function renderAuditMessage(template: string, paths: Readonly<Record<string, string>>, event: unknown): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < template.length; i++) {
    const ch = template[i];
    if (ch === '\\' && inString) {
      out += ch + (template[i + 1] ?? '');
      i++;
      continue;
    }
    if (ch === '"') inString = !inString;
    const m = ch === '<' ? /^<([A-Za-z0-9_-]+)>/.exec(template.slice(i)) : null;
    if (m && paths[m[1]]) {
      out += substitute(select(event, paths[m[1]]), inString);
      i += m[0].length - 1;
      continue;
    }
    out += ch;
  }
  return out;
}
