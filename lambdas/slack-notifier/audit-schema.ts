/**
 * zod schema for the DNS change-audit message: the JSON an EventBridge input transformer publishes
 * to the alert topics (lib/audit/audit-message.ts builds it). The message is recognised by its
 * `type`; fields EventBridge could not fill arrive as `null`, so the descriptive ones are nullish.
 * Only what the link and the headline need is required; the change batch inside `request` is parsed
 * on its own (changeBatchSchema) so an unexpected change shape never costs the whole alert.
 */
import * as z from 'zod/mini';
import type { Severity } from '../../lib/alarms/alarm-context';
import { AUDIT_HEADLINES, AUDIT_MESSAGE_TYPE } from '../../lib/audit/audit-message';
import type { AuditCategory } from '../../lib/audit/change-patterns';

const str = z.string;
const nullish = z.nullish;

const CATEGORIES = Object.keys(AUDIT_HEADLINES) as [AuditCategory, ...AuditCategory[]];
const SEVERITIES: readonly [Severity, Severity] = ['critical', 'warning'];

/** True when `json` says it is a change-audit message; it is then validated with auditMessageSchema. */
export function isAuditMessage(json: unknown): boolean {
  return json !== null && typeof json === 'object' && (json as { type?: unknown }).type === AUDIT_MESSAGE_TYPE;
}

/** CloudTrail `userIdentity` (IAM user, assumed role, root, AWS service, federated user ...). */
const principalSchema = z.looseObject({
  type: nullish(str()),
  principalId: nullish(str()),
  arn: nullish(str()),
  accountId: nullish(str()),
  userName: nullish(str()),
  invokedBy: nullish(str()),
  sessionContext: nullish(
    z.looseObject({
      sessionIssuer: nullish(z.looseObject({ type: nullish(str()), arn: nullish(str()), userName: nullish(str()) })),
    }),
  ),
});

export const auditMessageSchema = z.looseObject({
  type: z.literal(AUDIT_MESSAGE_TYPE),
  prefix: nullish(str()),
  category: z.enum(CATEGORIES, { error: `category is not one of ${CATEGORIES.join(', ')} — the audit rules set it` }),
  severity: z.enum(SEVERITIES, { error: 'severity is not critical or warning — the audit rules set it' }),
  alert: nullish(str()),
  what: str({ error: 'what (CloudTrail eventName) missing' }).check(z.minLength(1, 'what is empty — expected the Route 53 API call name')),
  when: str({ error: 'when (CloudTrail eventTime) missing' }),
  who: nullish(principalSchema),
  sourceIp: nullish(str()),
  userAgent: nullish(str()),
  request: nullish(z.looseObject({})),
  account: nullish(str()),
  region: str({ error: 'region missing' }).check(z.regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, 'region is not an AWS region code — expected e.g. us-east-1')),
  eventId: str({ error: 'eventId (CloudTrail eventID) missing' }).check(z.minLength(1, 'eventId is empty — expected the CloudTrail event id')),
});
export type AuditMessage = z.infer<typeof auditMessageSchema>;
export type AuditPrincipal = z.infer<typeof principalSchema>;

/** `requestParameters.changeBatch` of ChangeResourceRecordSets as CloudTrail records it. */
export const changeBatchSchema = z.looseObject({
  comment: nullish(str()),
  changes: z.array(
    z.looseObject({
      action: str(),
      resourceRecordSet: z.looseObject({
        name: str(),
        type: str(),
        setIdentifier: nullish(str()),
        tTL: nullish(z.number()),
        resourceRecords: nullish(z.array(z.looseObject({ value: str() }))),
        aliasTarget: nullish(z.looseObject({ dNSName: nullish(str()), hostedZoneId: nullish(str()) })),
      }),
    }),
  ),
});
export type ChangeBatch = z.infer<typeof changeBatchSchema>;
