/**
 * Event patterns of the DNS change audit. Route 53 is a global service: its CloudTrail management
 * events reach EventBridge in us-east-1 as
 *   source "aws.route53", detail-type "AWS API Call via CloudTrail", detail.eventSource "route53.amazonaws.com",
 * with the API's request parameters under detail.requestParameters (the zone id is `hostedZoneId`,
 * or `id` for DeleteHostedZone). Failed calls (detail.errorCode present) changed nothing and are ignored.
 */
import type { EventPattern } from './event-pattern-match';

import { EVENTBRIDGE } from '../aws-facts';

/** EventBridge's limit on the length of one rule's event pattern (lib/aws-facts.ts). */
export const MAX_PATTERN_LENGTH = EVENTBRIDGE.maxEventPatternLength;

import type { AuditCategory } from '../../contracts/audit-message';

export type { AuditCategory };

/** Zone-level calls that can take a zone off the internet or break DNSSEC validation: critical. */
export const ZONE_CRITICAL_EVENTS = ['DisableHostedZoneDNSSEC', 'DeactivateKeySigningKey', 'DeleteKeySigningKey'] as const;
/** DNSSEC changes that are not outages by themselves but change what resolvers validate: warning. */
export const ZONE_DNSSEC_WARNING_EVENTS = ['EnableHostedZoneDNSSEC', 'CreateKeySigningKey', 'ActivateKeySigningKey'] as const;
/** Calls that blind the monitoring itself (query logs, health checks): warning. */
export const MONITORING_EVENTS = ['DeleteQueryLoggingConfig', 'DeleteHealthCheck'] as const;

/**
 * Route 53 domain registration calls that can move a domain's delegation or the domain itself:
 * critical. A transfer to another registrar is requested at that registrar; the only calls it takes
 * in this account are lifting the transfer lock and reading the authorization code.
 */
export const REGISTRAR_CRITICAL_EVENTS = [
  'UpdateDomainNameservers',
  'AssociateDelegationSignerToDomain',
  'DisassociateDelegationSignerFromDomain',
  'DisableDomainTransferLock',
  'RetrieveDomainAuthCode',
  'TransferDomainToAnotherAwsAccount',
  'PushDomain',
  'DeleteDomain',
] as const;
/** Registration calls that change who is reached about a domain, or whether it renews: warning. */
export const REGISTRAR_WARNING_EVENTS = ['UpdateDomainContact', 'UpdateDomainContactPrivacy', 'DisableDomainAutoRenew'] as const;

import type { ProtectedRecord } from '../config/change-audit';

export type { ProtectedRecord };

const envelope = (eventNames: readonly string[], requestParameters?: EventPattern, or?: EventPattern[]): EventPattern => ({
  source: ['aws.route53'],
  'detail-type': ['AWS API Call via CloudTrail'],
  detail: {
    eventSource: ['route53.amazonaws.com'],
    eventName: [...eventNames],
    errorCode: [{ exists: false }],
    ...(requestParameters ? { requestParameters } : {}),
    // EventBridge rejects a `$or` with fewer than two branches: a single branch is inlined.
    ...(or && or.length > 1 ? { $or: or } : (or?.[0] ?? {})),
  },
});

/**
 * Length of a pattern as deployed. Unresolved tokens (e.g. health-check ids created in the same
 * app) are counted as 36 characters, the length of a Route 53 health-check id.
 */
export function patternLength(pattern: EventPattern): number {
  return JSON.stringify(pattern, (_k, v) => (typeof v === 'string' && v.includes('${Token[') ? 'x'.repeat(36) : v)).length;
}

/**
 * Whether the zones of one rule fit whatever else the rule carries for them (the input template's
 * zone names: DnsChangeAudit). Checked beside the pattern's length when zones are grouped into rules.
 */
export type ZoneGroupFits = (zoneIds: readonly string[]) => boolean;

/** Splits items into consecutive groups whose pattern stays within MAX_PATTERN_LENGTH (and that `fits`). */
export function chunkByPatternSize<T>(items: readonly T[], build: (group: readonly T[]) => EventPattern, what: string, fits?: (group: readonly T[]) => boolean): EventPattern[] {
  return groupsByPatternSize(items, build, what, fits).map(build);
}

/** The groups chunkByPatternSize builds its patterns from. */
export function groupsByPatternSize<T>(items: readonly T[], build: (group: readonly T[]) => EventPattern, what: string, fits?: (group: readonly T[]) => boolean): T[][] {
  const out: T[][] = [];
  let group: T[] = [];
  for (const item of items) {
    const next = [...group, item];
    if (patternLength(build(next)) <= MAX_PATTERN_LENGTH && (fits?.(next) ?? true)) {
      group = next;
      continue;
    }
    if (group.length === 0) throw new Error(`${what}: one entry alone makes an event pattern longer than ${MAX_PATTERN_LENGTH} characters, or a rule too large`);
    out.push(group);
    group = [item];
  }
  if (group.length > 0) out.push(group);
  return out;
}

/** Every ChangeResourceRecordSets on the monitored zones. */
export function recordChangePatterns(zoneIds: readonly string[]): EventPattern[] {
  return chunkByPatternSize(zoneIds, (ids) => envelope(['ChangeResourceRecordSets'], { hostedZoneId: [...ids] }), 'record changes');
}

/** Name variants as clients send them: with and without the trailing dot, any case. */
function nameConditions(fqdn: string): unknown[] {
  const bare = fqdn.replace(/\.$/, '');
  const forms = [bare];
  // A wildcard record may be sent as `*.example.com` or in Route 53's octal form `\052.example.com`.
  if (bare.startsWith('*.')) forms.push(`\\052${bare.slice(1)}`);
  return forms.flatMap((n) => [{ 'equals-ignore-case': `${n}.` }, { 'equals-ignore-case': n }]);
}

/**
 * ChangeResourceRecordSets touching a protected record (same change element: name and type, per
 * EventBridge's array consistency). One `$or` branch per zone and type group.
 */
export function protectedRecordPatterns(records: readonly ProtectedRecord[], fits?: ZoneGroupFits): EventPattern[] {
  const groups = new Map<string, { zoneId: string; type?: string; names: string[] }>();
  for (const r of records) {
    const key = `${r.zoneId}|${r.type ?? '*'}`;
    const g = groups.get(key) ?? { zoneId: r.zoneId, type: r.type, names: [] };
    if (!g.names.includes(r.name)) g.names.push(r.name);
    groups.set(key, g);
  }
  type Branch = { zoneId: string; type?: string; names: string[] };
  const branch = (b: Branch): EventPattern => ({
    requestParameters: {
      hostedZoneId: [b.zoneId],
      changeBatch: {
        changes: {
          resourceRecordSet: {
            name: b.names.flatMap(nameConditions),
            ...(b.type ? { type: [b.type] } : {}),
          },
        },
      },
    },
  });
  // Split big groups so that no branch exceeds the pattern size on its own, then pack branches.
  const single = (bs: readonly Branch[]) => envelope(['ChangeResourceRecordSets'], undefined, bs.map(branch));
  const branches: Branch[] = [];
  for (const g of groups.values()) {
    for (const names of groupsByPatternSize(g.names, (ns) => single([{ ...g, names: [...ns] }]), 'protected records')) branches.push({ ...g, names });
  }
  return chunkByPatternSize(branches, single, 'protected records', fits && ((bs) => fits([...new Set(bs.map((b) => b.zoneId))])));
}

/** DeleteHostedZone and DNSSEC disable / KSK deactivate or delete on the monitored zones. */
export function zoneCriticalPatterns(zoneIds: readonly string[], fits?: ZoneGroupFits): EventPattern[] {
  return chunkByPatternSize(
    zoneIds,
    (ids) =>
      envelope(['DeleteHostedZone', ...ZONE_CRITICAL_EVENTS], undefined, [
        { eventName: ['DeleteHostedZone'], requestParameters: { id: [...ids] } },
        { eventName: [...ZONE_CRITICAL_EVENTS], requestParameters: { hostedZoneId: [...ids] } },
      ]),
    'zone changes',
    fits,
  );
}

/**
 * Monitoring-relevant changes. Query-logging config and health-check deletions carry no zone id,
 * so they are watched account-wide (health checks narrowed to `healthCheckIds` when given); DNSSEC
 * enable / KSK create or activate are watched on the monitored zones.
 */
export function monitoringChangePatterns(zoneIds: readonly string[], healthCheckIds?: readonly string[], fits?: ZoneGroupFits): EventPattern[] {
  return [...accountMonitoringPatterns(healthCheckIds), ...zoneDnssecChangePatterns(zoneIds, fits)];
}

/** Query logging and health-check deletions: account-wide, so in one audit part only. */
export function accountMonitoringPatterns(healthCheckIds?: readonly string[]): EventPattern[] {
  if (!healthCheckIds || healthCheckIds.length === 0) return [envelope([...MONITORING_EVENTS])];
  return [
    envelope(['DeleteQueryLoggingConfig']),
    ...chunkByPatternSize(healthCheckIds, (ids) => envelope(['DeleteHealthCheck'], { healthCheckId: [...ids] }), 'health-check deletion'),
  ];
}

/**
 * Domain registration calls, account-wide (their requests name the domain in more than one shape,
 * and every domain registered in the account matters). Two recorded shapes are matched: the Route 53
 * Developer Guide's CloudTrail page records them under `route53domains.amazonaws.com` with the
 * action's first letter in lowercase (`updateDomainContact`), and the EventBridge events reference
 * gives their source as `aws.route53domains`; detection rules published by others match them under
 * `route53.amazonaws.com` as the API spells them. The names are the Route 53 Domains API's own, so
 * no hosted-zone call matches. Failed calls are ignored, as for zones.
 */
export function registrarPatterns(events: readonly string[]): EventPattern[] {
  const spellings = events.flatMap((e) => [e, e[0].toLowerCase() + e.slice(1)]);
  return [
    {
      source: ['aws.route53domains', 'aws.route53'],
      'detail-type': ['AWS API Call via CloudTrail'],
      detail: { eventSource: ['route53domains.amazonaws.com', 'route53.amazonaws.com'], eventName: spellings, errorCode: [{ exists: false }] },
    },
  ];
}

/** DNSSEC changes of these zones (warning). */
export function zoneDnssecChangePatterns(zoneIds: readonly string[], fits?: ZoneGroupFits): EventPattern[] {
  if (zoneIds.length === 0) return [];
  return chunkByPatternSize(zoneIds, (ids) => envelope([...ZONE_DNSSEC_WARNING_EVENTS], { hostedZoneId: [...ids] }), 'DNSSEC changes', fits);
}

/**
 * The hosted zone ids a pattern matches on (`hostedZoneId`, and DeleteHostedZone's `id`), in its
 * request parameters and their `$or` branches; none for account-wide patterns.
 */
export function patternZoneIds(pattern: EventPattern): string[] {
  const ids = new Set<string>();
  const visit = (detail: unknown) => {
    if (detail === null || typeof detail !== 'object') return;
    const d = detail as Record<string, unknown>;
    const request = d.requestParameters as Record<string, unknown> | undefined;
    for (const key of ['hostedZoneId', 'id']) {
      const values = request?.[key];
      if (Array.isArray(values)) for (const v of values) if (typeof v === 'string') ids.add(v);
    }
    if (Array.isArray(d.$or)) d.$or.forEach(visit);
  };
  visit((pattern as { detail?: unknown }).detail);
  return [...ids];
}
