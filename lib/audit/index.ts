/** DNS change audit: entry points for the stacks. */
export { DnsChangeAudit } from './change-audit';
export type { DnsChangeAuditProps, AuditRule } from './change-audit';
export { resolveChangeAudit } from '../config/change-audit';
export type { ResolvedChangeAudit } from '../config/change-audit';
export { matchesEventPattern } from './event-pattern-match';
export type { EventPattern } from './event-pattern-match';
export { AUDIT_MESSAGE_TYPE } from './audit-message';
