/**
 * The resolved model: what every construct, dashboard, plan and doc reads. Built once from the
 * resolved config (lib/config), per subject (hosted zone or VPC): the dashboard that shows it, its
 * signal alarm specs and its "unhealthy" composite. Nothing downstream recomputes any of them.
 */
import type { AlarmSpec } from '../alarms/alarm-spec';
import { type CompositeSpec, unhealthyComposite } from '../alarms/composite';
import { alarmSpecsForSubject } from '../alarms/signal-alarms';
import type { ResolvedConfig, ResolvedSubject } from '../config/resolve';
import { type DashboardPlan, planDashboards, subjectKey } from './dashboard-placement';

export { subjectKey };
export type { DashboardPlan, DedicatedDashboard, ExplorerPage } from './dashboard-placement';

export interface SubjectModel {
  readonly subject: ResolvedSubject;
  /** The dashboard that shows the subject (the landing dashboard when dashboards are off). */
  readonly dashboard: string;
  /** Its signal alarms (count, rate, anomaly), in catalogue order. */
  readonly alarms: readonly AlarmSpec[];
  /** Its "unhealthy" composite over the critical alarms, when on and non-empty. */
  readonly composite?: CompositeSpec;
}

export interface MonitoringModel {
  readonly config: ResolvedConfig;
  readonly dashboards: DashboardPlan;
  readonly hostedZones: readonly SubjectModel[];
  readonly resolverVpcs: readonly SubjectModel[];
  /** The model of one subject of this config. */
  subject(s: Pick<ResolvedSubject, 'source' | 'id'>): SubjectModel;
}

function dashboardNames(plan: DashboardPlan): Map<string, string> {
  const names = new Map<string, string>();
  for (const d of plan.dedicated) names.set(subjectKey(d.subject), d.name);
  for (const e of plan.explorers) for (const s of e.subjects) names.set(subjectKey(s), e.name);
  return names;
}

export function buildModel(cfg: ResolvedConfig): MonitoringModel {
  const plan = planDashboards(cfg);
  const names = dashboardNames(plan);
  const bySubject = new Map<string, SubjectModel>();
  const model = (subject: ResolvedSubject): SubjectModel => {
    const dashboard = (plan.settings.enabled && names.get(subjectKey(subject))) || plan.landingName;
    const alarms = alarmSpecsForSubject(cfg, subject, dashboard);
    const m: SubjectModel = { subject, dashboard, alarms, composite: unhealthyComposite(cfg, subject, alarms, dashboard) };
    bySubject.set(subjectKey(subject), m);
    return m;
  };
  const hostedZones = cfg.hostedZones.map(model);
  const resolverVpcs = cfg.resolverVpcs.map(model);
  return {
    config: cfg,
    dashboards: plan,
    hostedZones,
    resolverVpcs,
    subject(s) {
      const m = bySubject.get(subjectKey(s as ResolvedSubject));
      if (!m) throw new Error(`${s.source} ${s.id} is not a subject of this config`);
      return m;
    },
  };
}
