/**
 * zod schema for the DNS change-audit message: the JSON an EventBridge input transformer makes
 * (lib/audit/audit-message.ts builds it), which the audit publisher receives and publishes to the
 * alert topics, and the Slack notifier reads from there. The message is recognised by its
 * `type`; fields EventBridge could not fill arrive as `null` or empty, so the descriptive ones are
 * nullish. Only what the link and the headline need is required.
 */
import * as z from 'zod/mini';
import { SEVERITIES } from '../../contracts/alarm-context';
import { AUDIT_HEADLINES, AUDIT_MESSAGE_TYPE } from '../../contracts/audit-message';
import type { AuditCategory } from '../../contracts/audit-message';

const str = z.string;
const nullish = z.nullish;

const CATEGORIES = Object.keys(AUDIT_HEADLINES) as [AuditCategory, ...AuditCategory[]];

/** True when `json` says it is a change-audit message; it is then validated with auditMessageSchema. */
export function isAuditMessage(json: unknown): boolean {
  return json !== null && typeof json === 'object' && (json as { type?: unknown }).type === AUDIT_MESSAGE_TYPE;
}

/** The principal: ARN and CloudTrail identity type (IAMUser, AssumedRole, Root, AWSService ...). */
const principalSchema = z.looseObject({ arn: nullish(str()), type: nullish(str()) });

/** One value or a list: a JSON-path wildcard over a one-element array may give either. */
const oneOrMany = z.union([str(), z.array(str())]);

/** ChangeResourceRecordSets: per change (parallel lists) the action, record name and type. */
const changesSchema = z.looseObject({ actions: nullish(oneOrMany), names: nullish(oneOrMany), types: nullish(oneOrMany) });

export const auditMessageSchema = z.looseObject({
  type: z.literal(AUDIT_MESSAGE_TYPE),
  prefix: nullish(str()),
  category: z.enum(CATEGORIES, { error: `category is not one of ${CATEGORIES.join(', ')} — the audit rules set it` }),
  severity: z.enum(SEVERITIES, { error: 'severity is not critical or warning — the audit rules set it' }),
  alert: nullish(str()),
  what: str({ error: 'what (CloudTrail eventName) missing' }).check(z.minLength(1, 'what is empty — expected the Route 53 API call name')),
  when: str({ error: 'when (CloudTrail eventTime) missing' }),
  who: nullish(principalSchema),
  zone: nullish(str()),
  /** The names of the zones the rule watches, by id (zone-level rules only): the publisher takes the alert's from them. */
  zoneNames: nullish(z.record(str(), str())),
  /** The name of the alert's zone, as the publisher publishes the message (in place of zoneNames). */
  zoneName: nullish(str()),
  changes: nullish(changesSchema),
  /** Resource ids of zone and monitoring calls (DeleteHostedZone, DNSSEC, DeleteHealthCheck ...). */
  request: nullish(z.looseObject({})),
  account: nullish(str()),
  region: str({ error: 'region missing' }).check(z.regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, 'region is not an AWS region code — expected e.g. us-east-1')),
  eventId: str({ error: 'eventId (CloudTrail eventID) missing' }).check(z.minLength(1, 'eventId is empty — expected the CloudTrail event id')),
});
export type AuditMessage = z.infer<typeof auditMessageSchema>;
export type AuditPrincipal = z.infer<typeof principalSchema>;
export type AuditChanges = z.infer<typeof changesSchema>;
