/**
 * Dashboard placement: which dashboards exist and which one shows each zone/VPC, decided once from
 * the resolved config (part of the model, lib/model/index.ts).
 *
 * Per-subject views come in two forms:
 *  - dedicated: one dashboard per zone/VPC (exact thresholds, Top-N over its own log group);
 *  - explorer:  shared dashboards with a dropdown (a pattern variable on the subject id). Subjects
 *               are grouped by "widget profile" (enabled signals and the settings drawn on the
 *               graphs), so every widget exists for every subject of a page; pages hold at most
 *               `explorerPageSize` subjects and, with Top-N tables, at most 20 log groups.
 * `auto` uses dedicated dashboards while the fleet has at most `maxDedicated` subjects.
 */
import { HOSTED_ZONE_REGION, ResolvedConfig, ResolvedSubject } from '../config/resolve';
import { explorerDashboardName, healthChecksDashboardName, landingDashboardName, subjectDashboardName, withSubjectId } from '../naming';
import { DASHBOARDS } from '../aws-facts';
import type { DashboardSettings } from '../config/dashboards-schema';

export interface ExplorerPage {
  readonly name: string;
  readonly region: string;
  readonly subjects: readonly ResolvedSubject[];
}

export interface DedicatedDashboard {
  readonly name: string;
  readonly region: string;
  readonly subject: ResolvedSubject;
}

export interface DashboardPlan {
  readonly settings: DashboardSettings;
  readonly mode: 'dedicated' | 'explorer';
  /** Region whose stack creates the landing and health-check dashboards. */
  readonly homeRegion: string;
  readonly landingName: string;
  readonly healthChecksName: string;
  readonly dedicated: readonly DedicatedDashboard[];
  readonly explorers: readonly ExplorerPage[];
}

export const subjectKey = (s: Pick<ResolvedSubject, 'source' | 'id'>) => `${s.source}|${s.id}`;

/** Region of the landing dashboard: us-east-1 when zones are monitored, else the first VPC region. */
export function homeRegion(cfg: ResolvedConfig): string {
  if (cfg.hostedZones.length > 0) return HOSTED_ZONE_REGION;
  return [...new Set(cfg.resolverVpcs.map((v) => v.region))].sort()[0] ?? HOSTED_ZONE_REGION;
}

/** Everything that shapes a subject's widgets; subjects with equal profiles share explorer pages. */
export function widgetProfile(s: ResolvedSubject): string {
  return JSON.stringify([
    s.source,
    s.region,
    s.signals.map(({ def, settings: x }) => [def.id, x.period, x.threshold, x.rateThreshold, x.minVolume, x.anomaly, x.anomalyBandWidth]),
  ]);
}

function dedicatedNames(prefix: string, subjects: readonly ResolvedSubject[]): Map<string, string> {
  const names = new Map<string, string>();
  const taken = new Map<string, number>();
  for (const s of subjects) {
    const n = subjectDashboardName(prefix, s);
    taken.set(n, (taken.get(n) ?? 0) + 1);
  }
  for (const s of subjects) {
    const n = subjectDashboardName(prefix, s);
    // Two names can map to one dashboard name (a.b.com and a-b.com): add the id to both.
    names.set(subjectKey(s), taken.get(n)! > 1 ? withSubjectId(n, s.id) : n);
  }
  return names;
}

function explorerPages(cfg: ResolvedConfig, settings: DashboardSettings, subjects: readonly ResolvedSubject[]): ExplorerPage[] {
  const pages: ExplorerPage[] = [];
  const counters = new Map<string, number>();
  const profiles = new Map<string, ResolvedSubject[]>();
  for (const s of subjects) {
    const k = widgetProfile(s);
    profiles.set(k, [...(profiles.get(k) ?? []), s]);
  }
  const maxGroups = settings.topN.enabled ? DASHBOARDS.logGroupsPerQuery : Infinity;
  for (const members of profiles.values()) {
    const { source, region } = members[0];
    let current: ResolvedSubject[] = [];
    let groups = new Set<string>();
    const flush = () => {
      if (current.length === 0) return;
      const counterKey = `${source}|${source === 'hostedZone' ? '' : region}`;
      const n = (counters.get(counterKey) ?? 0) + 1;
      counters.set(counterKey, n);
      pages.push({ name: explorerDashboardName(cfg.prefix, source, region, n), region, subjects: current });
      current = [];
      groups = new Set();
    };
    for (const s of members) {
      const newGroup = !groups.has(s.logGroupName);
      if (current.length >= settings.subjects.explorerPageSize || (newGroup && groups.size >= maxGroups)) flush();
      current.push(s);
      groups.add(s.logGroupName);
    }
    flush();
  }
  return pages;
}

export function planDashboards(cfg: ResolvedConfig, settings: DashboardSettings = cfg.dashboards): DashboardPlan {
  const subjects = [...cfg.hostedZones, ...cfg.resolverVpcs];
  const { mode, maxDedicated } = settings.subjects;
  const resolvedMode = mode === 'auto' ? (subjects.length <= maxDedicated ? 'dedicated' : 'explorer') : mode;
  const names = dedicatedNames(cfg.prefix, subjects);
  return {
    settings,
    mode: resolvedMode,
    homeRegion: homeRegion(cfg),
    landingName: landingDashboardName(cfg.prefix),
    healthChecksName: healthChecksDashboardName(cfg.prefix, 1),
    dedicated:
      resolvedMode === 'dedicated' ? subjects.map((s) => ({ name: names.get(subjectKey(s))!, region: s.region, subject: s })) : [],
    explorers: resolvedMode === 'explorer' ? explorerPages(cfg, settings, subjects) : [],
  };
}
