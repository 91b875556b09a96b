/**
 * Turns a validated change-audit message into what a person reads (Slack, email): what was changed
 * (each record change of a ChangeResourceRecordSets batch, or the request of other calls), where
 * (zone, health check, query-logging config or registered domain), who (the principal's ARN), when, and a link to the
 * event in CloudTrail event history, where the full request (record values, source IP) stays.
 */
import type { Severity } from '../../contracts/alarm-context';
import { AUDIT_HEADLINES, REGISTRAR_CATEGORIES } from '../../contracts/audit-message';
import type { AuditCategory } from '../../contracts/audit-message';
import { AuditChanges, AuditMessage, AuditPrincipal } from './audit-schema';
import { cloudTrailEventUrl } from '../../contracts/console-links';

export interface AuditView {
  readonly category: AuditCategory;
  readonly severity: Severity;
  /** Why this alerted (the rule's headline). */
  readonly alert: string;
  /** The Route 53 API call (CloudTrail eventName). */
  readonly action: string;
  /** What the call was made on: zone, health check or query-logging config, when the request says; a zone's name when the message has it. */
  readonly target?: { readonly label: 'Zone' | 'Health check' | 'Query logging config' | 'Domain'; readonly id: string; readonly name?: string };
  /** Principal ARN (or service / user name) with the identity type. */
  readonly principal: string;
  readonly whenEpoch?: number;
  readonly whenText: string;
  /** One line per record change (action, name, type), for ChangeResourceRecordSets. */
  readonly changes?: readonly string[];
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

function target(category: AuditCategory, action: string, zone: string | null | undefined, request: Record<string, unknown> | null | undefined): AuditView['target'] {
  const text = (v: unknown) => (typeof v === 'string' && v.length > 0 ? v : undefined);
  if (text(zone)) return { label: 'Zone', id: zoneId(zone!) };
  if (!request) return undefined;
  if (REGISTRAR_CATEGORIES.includes(category)) {
    // CloudTrail records the domain as a string or as `{ name }` (the Route 53 Developer Guide's example).
    const d = request.domainName;
    const domain = text(d) ?? (d !== null && typeof d === 'object' ? text((d as Record<string, unknown>).name) : undefined);
    return domain ? { label: 'Domain', id: domain } : undefined;
  }
  const zoneFromRequest = action === 'DeleteHostedZone' ? text(request.id) : text(request.hostedZoneId);
  if (zoneFromRequest) return { label: 'Zone', id: zoneId(zoneFromRequest) };
  const healthCheck = text(request.healthCheckId);
  if (healthCheck) return { label: 'Health check', id: healthCheck };
  const queryLogging = action === 'DeleteQueryLoggingConfig' ? text(request.id) : undefined;
  return queryLogging ? { label: 'Query logging config', id: queryLogging } : undefined;
}

/** The zone's name where the message has it (`zoneName`, or the rule's `zoneNames`), else undefined. */
export function zoneNameOf(msg: Pick<AuditMessage, 'zoneName' | 'zoneNames'>, id: string): string | undefined {
  const name = msg.zoneName || msg.zoneNames?.[id];
  return name ? name : undefined;
}

/** What a headline says the call was made on: the zone's name when known, else the id. */
export function targetShort(t: NonNullable<AuditView['target']>): string {
  return t.name ?? t.id;
}

/** What a field says: "example.com (Z0123…)" for a named zone, else the id. */
export function targetText(t: NonNullable<AuditView['target']>): string {
  return t.name ? `${t.name} (${t.id})` : t.id;
}

export function describePrincipal(who: AuditPrincipal | null | undefined): string {
  const arn = who?.arn || undefined;
  const type = who?.type ? ` (${who.type})` : '';
  return arn ? `${arn}${type}` : `unknown${type || ' (no principal ARN in the event)'}`;
}

const many = (v: string | readonly string[] | null | undefined): readonly string[] => (v === null || v === undefined ? [] : typeof v === 'string' ? [v] : v);

/** "UPSERT www.example.com. A" per change, from the parallel lists of the message. */
function changeLines(changes: AuditChanges | null | undefined): string[] | undefined {
  if (!changes) return undefined;
  const actions = many(changes.actions);
  const names = many(changes.names);
  const types = many(changes.types);
  const n = Math.max(actions.length, names.length, types.length);
  if (n === 0) return undefined;
  return Array.from({ length: n }, (_, i) => [actions[i] ?? '?', decodeRecordName(names[i] ?? '?'), types[i] ?? '?'].join(' '));
}

function parseWhen(text: string): number | undefined {
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : Math.floor(ms / 1000);
}

function named(t: AuditView['target'], msg: AuditMessage): AuditView['target'] {
  const name = t?.label === 'Zone' ? zoneNameOf(msg, t.id) : undefined;
  return t && name ? { ...t, name } : t;
}

export function buildAuditView(msg: AuditMessage): AuditView {
  const request = msg.request ?? undefined;
  const epoch = parseWhen(msg.when);
  return {
    category: msg.category,
    severity: msg.severity,
    alert: msg.alert || AUDIT_HEADLINES[msg.category],
    action: msg.what,
    target: named(target(msg.category, msg.what, msg.zone, request), msg),
    principal: describePrincipal(msg.who),
    whenEpoch: epoch,
    whenText: epoch !== undefined ? new Date(epoch * 1000).toISOString().replace('.000Z', 'Z') : msg.when,
    changes: changeLines(msg.changes),
    request: request ? JSON.stringify(request) : undefined,
    prefix: msg.prefix ?? undefined,
    account: msg.account ?? undefined,
    region: msg.region,
    eventId: msg.eventId,
    cloudTrailUrl: cloudTrailEventUrl(msg.region, msg.eventId),
  };
}
