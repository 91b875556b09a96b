/**
 * The shape of a change-audit alert that both sides agree on: the CDK app writes it (an EventBridge
 * input transformer, lib/audit/audit-message.ts); the audit publisher (lambdas/audit-publisher) and
 * the Slack notifier read it (lambdas/shared/audit-schema.ts). `type` tells it from CloudWatch
 * alarm messages.
 */
export const AUDIT_MESSAGE_TYPE = 'dns-change-audit';

export type AuditCategory = 'record-changes' | 'protected-records' | 'zone-changes' | 'monitoring-changes';

export const AUDIT_HEADLINES: Readonly<Record<AuditCategory, string>> = {
  'record-changes': 'DNS records changed in a monitored hosted zone',
  'protected-records': 'A PROTECTED DNS record was changed',
  'zone-changes': 'A monitored hosted zone was deleted or its DNSSEC signing was disabled or lost a key-signing key',
  'monitoring-changes': 'DNS monitoring inputs changed: query logging or a health check was deleted, or DNSSEC keys changed',
};
