/**
 * Turns a validated change-audit message into what a person reads in Slack: what was changed
 * (each record change of a ChangeResourceRecordSets batch, or the request of other calls), where
 * (zone, health check or query-logging config), who (the CloudTrail principal), when, from where,
 * and a link to the event in CloudTrail event history.
 */
import type { Severity } from '../../lib/alarms/alarm-context';
import { AUDIT_HEADLINES } from '../../lib/audit/audit-message';
import type { AuditCategory } from '../../lib/audit/change-patterns';
import { AuditMessage, AuditPrincipal, ChangeBatch, changeBatchSchema } from './audit-schema';
import { cloudTrailEventUrl } from './console-links';

export interface AuditView {
  readonly category: AuditCategory;
  readonly severity: Severity;
  /** Why this alerted (the rule's headline). */
  readonly alert: string;
  /** The Route 53 API call (CloudTrail eventName). */
  readonly action: string;
  /** What the call was made on: zone, health check or query-logging config, when the request says. */
  readonly target?: { readonly label: 'Zone' | 'Health check' | 'Query logging config'; readonly id: string };
  /** Principal ARN (or service / user name) with the identity type. */
  readonly principal: string;
  readonly whenEpoch?: number;
  readonly whenText: string;
  readonly sourceIp?: string;
  readonly userAgent?: string;
  /** One line per record change, for ChangeResourceRecordSets. */
  readonly changes?: readonly string[];
  readonly comment?: string;
  /** Compact JSON of the request when it is not a change batch. */
  readonly request?: string;
  readonly prefix?: string;
  readonly account?: string;
  readonly region: string;
  readonly eventId: string;
  readonly cloudTrailUrl: string;
}

/** "Z123" from "Z123" or "/hostedzone/Z123". */
function zoneId(id: string): string {
  return id.replace(/^\/?hostedzone\//, '');
}

/** Route 53 writes some characters of record names as octal escapes: `\052.example.com.` is `*.example.com.`. */
export function decodeRecordName(name: string): string {
  return name.replace(/\\([0-7]{3})/g, (_m, oct: string) => String.fromCharCode(parseInt(oct, 8)));
}

function target(action: string, request: Record<string, unknown> | null | undefined): AuditView['target'] {
  const text = (v: unknown) => (typeof v === 'string' && v.length > 0 ? v : undefined);
  if (!request) return undefined;
  const zone = action === 'DeleteHostedZone' ? text(request.id) : text(request.hostedZoneId);
  if (zone) return { label: 'Zone', id: zoneId(zone) };
  const healthCheck = text(request.healthCheckId);
  if (healthCheck) return { label: 'Health check', id: healthCheck };
  const queryLogging = action === 'DeleteQueryLoggingConfig' ? text(request.id) : undefined;
  return queryLogging ? { label: 'Query logging config', id: queryLogging } : undefined;
}

export function describePrincipal(who: AuditPrincipal | null | undefined): string {
  if (!who) return 'unknown (no userIdentity in the event)';
  const name = who.arn ?? who.invokedBy ?? who.userName ?? who.principalId ?? 'unknown';
  const type = who.type ? ` (${who.type})` : '';
  const via = who.invokedBy && who.invokedBy !== name ? ` via ${who.invokedBy}` : '';
  return `${name}${type}${via}`;
}

function changeLine(change: ChangeBatch['changes'][number]): string {
  const rr = change.resourceRecordSet;
  const parts = [change.action, decodeRecordName(rr.name), rr.type];
  if (rr.setIdentifier) parts.push(`[${rr.setIdentifier}]`);
  if (rr.tTL !== undefined && rr.tTL !== null) parts.push(`TTL ${rr.tTL}`);
  const values = (rr.resourceRecords ?? []).map((r) => r.value);
  if (values.length) parts.push(`→ ${values.join(', ')}`);
  else if (rr.aliasTarget?.dNSName) parts.push(`→ alias ${rr.aliasTarget.dNSName}`);
  return parts.join(' ');
}

function parseWhen(text: string): number | undefined {
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : Math.floor(ms / 1000);
}

export function buildAuditView(msg: AuditMessage): AuditView {
  const request = msg.request ?? undefined;
  const batch = msg.what === 'ChangeResourceRecordSets' ? changeBatchSchema.safeParse(request?.changeBatch) : undefined;
  const epoch = parseWhen(msg.when);
  return {
    category: msg.category,
    severity: msg.severity,
    alert: msg.alert || AUDIT_HEADLINES[msg.category],
    action: msg.what,
    target: target(msg.what, request),
    principal: describePrincipal(msg.who),
    whenEpoch: epoch,
    whenText: epoch !== undefined ? new Date(epoch * 1000).toISOString().replace('.000Z', 'Z') : msg.when,
    sourceIp: msg.sourceIp ?? undefined,
    userAgent: msg.userAgent ?? undefined,
    changes: batch?.success ? batch.data.changes.map(changeLine) : undefined,
    comment: batch?.success ? batch.data.comment ?? undefined : undefined,
    request: batch?.success || !request ? undefined : JSON.stringify(request),
    prefix: msg.prefix ?? undefined,
    account: msg.account ?? undefined,
    region: msg.region,
    eventId: msg.eventId,
    cloudTrailUrl: cloudTrailEventUrl(msg.region, msg.eventId),
  };
}
