/** The rows of the plan: one per hosted zone, VPC, health check (and license), plus `shared`. */
import type { ResolvedConfig, ResolvedSubject } from '../config/resolve';
import { emptyCounts, SubjectPlan, SubjectType } from './types';

export const SHARED = 'shared';

export class SubjectRegistry {
  private readonly rows = new Map<string, SubjectPlan>();
  /** Subject id (zone id, VPC id, health-check name, license id) -> key. */
  private readonly byId = new Map<string, string>();
  /** `region|logGroupName` -> config subjects writing to it. */
  readonly logGroups = new Map<string, ResolvedSubject[]>();

  constructor(readonly config: ResolvedConfig) {
    for (const z of config.hostedZones) this.add('zone', z.id, z.name, z.region);
    for (const v of config.resolverVpcs) this.add('vpc', v.id, v.name, v.region);
    for (const s of [...config.hostedZones, ...config.resolverVpcs]) {
      const k = `${s.region}|${s.logGroupName}`;
      this.logGroups.set(k, [...(this.logGroups.get(k) ?? []), s]);
    }
    this.add('other', SHARED, 'shared by all', '*', SHARED);
  }

  add(type: SubjectType, id: string, name: string, region: string, key = `${type}:${id}`): string {
    if (!this.rows.has(key)) {
      this.rows.set(key, { key, type, id, name, region, counts: emptyCounts(), monthlyUsd: 0 });
      if (!this.byId.has(id)) this.byId.set(id, key);
    }
    return key;
  }

  /** Key of a subject id seen in an alarm context, creating a row for ids outside the config. */
  keyForContext(subjectId: string, subject: string, kind: string, region: string): string {
    const known = this.byId.get(subjectId);
    if (known) return known;
    const type: SubjectType = kind === 'health-check' ? 'health-check' : kind === 'dns-check' ? 'dns-check' : kind === 'license' ? 'license' : 'other';
    return this.add(type, subjectId, subject, region);
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
    return this.logGroups.get(`${region}|${logGroupName}`) ?? [];
  }

  /** Rows in a stable order: zones, VPCs, health checks, license, other, shared last. */
  all(): SubjectPlan[] {
    const order: SubjectType[] = ['zone', 'vpc', 'health-check', 'dns-check', 'license', 'other'];
    return [...this.rows.values()].sort((a, b) => {
      if (a.key === SHARED || b.key === SHARED) return a.key === SHARED ? 1 : -1;
      return order.indexOf(a.type) - order.indexOf(b.type) || a.name.localeCompare(b.name);
    });
  }
}
