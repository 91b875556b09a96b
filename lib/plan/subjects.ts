/**
 * The rows of the plan: one per hosted zone, VPC, Resolver endpoint, health check, DNS check,
 * registered domain, the
 * license, one per product function (its own alarms: errors and dead letters), plus `shared`.
 */
import { ROUTE53_DOMAINS } from '../aws-facts';
import { queryLogGroupKey, queryLogGroups } from '../config/query-log-groups';
import type { ResolvedConfig, ResolvedSubject } from '../config/resolve';
import { emptyCounts, SubjectPlan, SubjectType } from './types';

export const SHARED = 'shared';

export class SubjectRegistry {
  private readonly rows = new Map<string, SubjectPlan>();
  /** Subject id (zone id, VPC id, endpoint id, health-check name, license id) -> key. */
  private readonly byId = new Map<string, string>();
  /** Name of license and component rows -> key: a function's alarms share one row, in every region. */
  private readonly byName = new Map<string, string>();
  /** `region|logGroupName` -> config subjects writing to it. */
  readonly logGroups = new Map<string, ResolvedSubject[]>();

  constructor(readonly config: ResolvedConfig) {
    for (const z of config.hostedZones) this.add('zone', z.id, z.name, z.region);
    for (const v of config.resolverVpcs) this.add('vpc', v.id, v.name, v.region);
    for (const e of config.resolverEndpoints) this.add('resolver-endpoint', e.endpointId, e.name, e.region);
    for (const d of config.registeredDomains) this.add('domain', d.name, d.name, ROUTE53_DOMAINS.region);
    for (const g of queryLogGroups(config)) this.logGroups.set(queryLogGroupKey(g.region, g.logGroupName), [...g.subjects]);
    this.add('other', SHARED, 'shared by all', '*', SHARED);
  }

  add(type: SubjectType, id: string, name: string, region: string, key = `${type}:${id}`): string {
    if (!this.rows.has(key)) {
      this.rows.set(key, { key, type, id, name, region, counts: emptyCounts(), monthlyUsd: 0 });
      if (!this.byId.has(id)) this.byId.set(id, key);
    }
    return key;
  }

  /**
   * Key of a subject id seen in an alarm context, creating a row for ids outside the config. The
   * alarms on one of the product's functions (its errors, its dead-letter queue) carry different
   * ids but one subject name: they go to one `component` row per name (region `*` when the
   * function runs in several), or to the license row when the function is the license reporter.
   * Callers register license contexts first (`contextOrder`).
   */
  keyForContext(subjectId: string, subject: string, kind: string, region: string): string {
    const known = this.byId.get(subjectId);
    if (known) return known;
    if (kind === 'health-check' || kind === 'dns-check') return this.add(kind, subjectId, subject, region);
    const named = this.byName.get(subject);
    if (named) {
      // One function deployed in several regions (the Slack notifier): one row, region '*'.
      const row = this.rows.get(named)!;
      if (row.region !== region) this.rows.set(named, { ...row, region: '*' });
      return named;
    }
    const key = kind === 'license' ? this.add('license', subjectId, subject, region) : this.add('component', subject, subject, region, `component:${subject}`);
    this.byName.set(subject, key);
    return key;
  }

  keyOfId(id: string): string | undefined {
    return this.byId.get(id);
  }

  get(key: string): SubjectPlan {
    const row = this.rows.get(key);
    if (!row) throw new Error(`plan: unknown subject ${key}`);
    return row;
  }

  subjectsOfLogGroup(region: string, logGroupName: string): readonly ResolvedSubject[] {
    return this.logGroups.get(queryLogGroupKey(region, logGroupName)) ?? [];
  }

  /** Rows in a stable order: zones, VPCs, endpoints, health checks, DNS checks, domains, license, components, shared last. */
  all(): SubjectPlan[] {
    const order: SubjectType[] = ['zone', 'vpc', 'resolver-endpoint', 'health-check', 'dns-check', 'domain', 'license', 'component', 'other'];
    return [...this.rows.values()].sort((a, b) => {
      if (a.key === SHARED || b.key === SHARED) return a.key === SHARED ? 1 : -1;
      return order.indexOf(a.type) - order.indexOf(b.type) || a.name.localeCompare(b.name);
    });
  }
}

/** Contexts of license alarms first, so a license function's other alarms find its row. */
export const contextOrder = (kind: string | undefined): number => (kind === 'license' ? 0 : 1);
