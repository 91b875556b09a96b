/**
 * The shape of a change-audit alert that both sides agree on: the CDK app writes it (an EventBridge
 * input transformer, lib/audit/audit-message.ts); the audit publisher (lambdas/audit-publisher) and
 * the Slack notifier read it (lambdas/shared/audit-schema.ts). `type` tells it from CloudWatch
 * alarm messages.
 */
export const AUDIT_MESSAGE_TYPE = 'dns-change-audit';

export type AuditCategory = 'record-changes' | 'protected-records' | 'zone-changes' | 'monitoring-changes' | 'registrar-critical' | 'registrar-changes';

export const AUDIT_HEADLINES: Readonly<Record<AuditCategory, string>> = {
  'record-changes': 'DNS records changed in a monitored hosted zone',
  'protected-records': 'A PROTECTED DNS record was changed',
  'zone-changes': 'A monitored hosted zone was deleted or its DNSSEC signing was disabled or lost a key-signing key',
  'monitoring-changes': 'DNS monitoring inputs changed: query logging or a health check was deleted, or DNSSEC keys changed',
  'registrar-critical': "A registered domain's name servers or DS records changed, its transfer protection was lifted, or it is leaving the account",
  'registrar-changes': "A registered domain's contacts, their privacy or its automatic renewal changed",
};

/** The categories of Route 53 domain registration calls (their request is reduced to REGISTRAR_REQUEST_KEYS). */
export const REGISTRAR_CATEGORIES: readonly AuditCategory[] = ['registrar-critical', 'registrar-changes'];

/**
 * What of a registrar call's request parameters leaves the account (the audit publisher drops the
 * rest before publishing): the domain, the name servers and DS key data it was given (public in DNS
 * once set), the account a domain is transferred to, the registry tag of a push. CloudTrail does not
 * log contact details (Route 53 Developer Guide); anything else a call carries stays in CloudTrail.
 */
export const REGISTRAR_REQUEST_KEYS: readonly string[] = ['domainName', 'nameservers', 'signingAttributes', 'id', 'accountId', 'target'];
