/**
 * Cross-checks `changeAudit` against `hostedZones` (a protected record must belong to a monitored
 * zone and lie inside it) and normalizes record names to lowercase FQDNs with the trailing dot.
 */
import { ConfigError, ConfigIssue } from './errors';
import type { ChangeAuditConfig } from './health-schema';
import { canonicalName } from './domain-names';

/** A protected record, normalized: lowercase FQDN with the trailing dot, optional type. */
export interface ProtectedRecord {
  readonly zoneId: string;
  readonly name: string;
  readonly type?: string;
}

export interface AuditZone {
  readonly zoneId: string;
  readonly zoneName: string;
}

export interface ResolvedChangeAudit {
  readonly enabled: boolean;
  /** Alert (warning) on every record change of a monitored zone. */
  readonly allChanges: boolean;
  readonly zones: readonly AuditZone[];
  readonly protectedRecords: readonly ProtectedRecord[];
  /**
   * Alert on Route 53 domain registration calls (name servers, DS records, transfer lock, transfers,
   * contacts, automatic renewal): on when the config lists registered domains.
   */
  readonly registrar: boolean;
}

/** The audit has rules to deploy (it is on and watches at least one zone, or the registrar). */
export function changeAuditRuns(ca: ResolvedChangeAudit): boolean {
  return ca.enabled && (ca.zones.length > 0 || ca.registrar);
}


/** `@` -> apex; `api` -> api.<zone>; `www.example.com` stays (must be inside the zone). */
export function recordFqdn(name: string, zoneName: string): { fqdn?: string; error?: string } {
  const zone = canonicalName(zoneName);
  const n = name.trim();
  if (n === '@') return { fqdn: `${zone}.` };
  const lower = canonicalName(n);
  if (lower === zone || lower.endsWith(`.${zone}`)) return { fqdn: `${lower}.` };
  if (!lower.includes('.') && !n.endsWith('.')) return { fqdn: `${lower}.${zone}.` };
  return { error: `'${name}' is not inside zone ${zone} — use a name ending in .${zone}, a single label relative to the zone (e.g. api) or @ for the apex` };
}

export function resolveChangeAudit(input: { hostedZones: readonly AuditZone[]; changeAudit?: ChangeAuditConfig; registeredDomains?: number }): ResolvedChangeAudit {
  const ca = input.changeAudit ?? {};
  const zones = input.hostedZones.map((z) => ({ zoneId: z.zoneId, zoneName: canonicalName(z.zoneName) }));
  const issues: ConfigIssue[] = [];
  const records: ProtectedRecord[] = [];
  (ca.protectedRecords ?? []).forEach((r, i) => {
    const path = `changeAudit.protectedRecords[${i}]`;
    const zone =
      r.zoneId !== undefined ? zones.find((z) => z.zoneId === r.zoneId) : zones.find((z) => z.zoneName === canonicalName(r.zoneName ?? ''));
    if (!zone) {
      const key = r.zoneId !== undefined ? 'zoneId' : 'zoneName';
      const listed = zones.map((z) => (key === 'zoneId' ? z.zoneId : z.zoneName)).join(', ') || '(no hostedZones listed)';
      issues.push({ path: `${path}.${key}`, message: `'${r.zoneId ?? r.zoneName}' is not a monitored hosted zone — use one listed under hostedZones: ${listed}` });
      return;
    }
    const { fqdn, error } = recordFqdn(r.name, zone.zoneName);
    if (!fqdn) {
      issues.push({ path: `${path}.name`, message: error! });
      return;
    }
    records.push({ zoneId: zone.zoneId, name: fqdn, type: r.type });
  });
  const enabled = ca.enabled ?? true;
  if (issues.length > 0) throw new ConfigError(issues);
  return { enabled, allChanges: ca.allChanges ?? true, zones, protectedRecords: records, registrar: enabled && (input.registeredDomains ?? 0) > 0 };
}
