/**
 * The resolved model: what every construct, dashboard, plan and doc reads. Built once from the
 * resolved config (lib/config), per subject (hosted zone or VPC): the dashboard that shows it, its
 * signal alarm specs and its "unhealthy" composite. Nothing downstream recomputes any of them.
 */
import type { AlarmSpec } from '../alarms/alarm-spec';
import { type CompositeSpec, unhealthyComposite } from '../alarms/composite';
import { alarmSpecsForSubject } from '../alarms/signal-alarms';
import { dnsCheckAlarmSpec, serversSummary, zoneChecksSkippedAlarmSpec } from '../alarms/dns-check-alarm';
import type { ResolvedConfig, ResolvedSubject } from '../config/resolve';
import type { ResolvedMaintenanceWindow } from '../config/maintenance-schema';
import { type DnsCheckSpec, type DnsProbeEvent, expectationSummary, probeEvents } from '../../contracts/dns-check';
import { dnsChecksDashboardName, dnsProberLogGroupName } from '../naming';
import { type DashboardPlan, planDashboards, subjectKey } from './dashboard-placement';
import { deploymentRegions } from './regions';

export { subjectKey };
export type { DashboardPlan, DedicatedDashboard, ExplorerPage } from './dashboard-placement';

export interface SubjectModel {
  readonly subject: ResolvedSubject;
  /** The dashboard that shows the subject; undefined when the config turns dashboards off (none is built). */
  readonly dashboard?: string;
  /** Its signal alarms (count, rate, anomaly), in catalogue order. */
  readonly alarms: readonly AlarmSpec[];
  /** Its "unhealthy" composite over the critical alarms, when on and non-empty. */
  readonly composite?: CompositeSpec;
  /** The maintenance windows that mute its alarms, in config order. */
  readonly maintenance: readonly ResolvedMaintenanceWindow[];
}

/** One active DNS check: its spec, its M-of-N alarm and what the dashboard says of it. */
export interface DnsCheckModel {
  readonly spec: DnsCheckSpec;
  readonly alarm: AlarmSpec;
  readonly expected: string;
  readonly servers: string;
  /** The maintenance windows that mute its alarm, in config order. */
  readonly maintenance: readonly ResolvedMaintenanceWindow[];
}

/** The active DNS checks: their alarms (all in `region`), the probers per vantage region, the dashboard. */
export interface DnsChecksModel {
  readonly region: string;
  /** The DNS-checks dashboard; undefined when the config turns dashboards off (none is built). */
  readonly dashboard?: string;
  readonly proberLogGroup: string;
  readonly checks: readonly DnsCheckModel[];
  /** Vantage region -> its prober's input (the checks it runs), in region order. */
  readonly probers: ReadonlyMap<string, DnsProbeEvent>;
  /** Vantage region whose checks read hosted zones -> the alarm on its zone checks skipped run after run (in `region`). */
  readonly skippedAlarms: ReadonlyMap<string, AlarmSpec>;
}

function dnsChecksModel(cfg: ResolvedConfig, dashboardsEnabled: boolean): DnsChecksModel {
  const region = deploymentRegions(cfg).primary;
  const dashboard = dashboardsEnabled ? dnsChecksDashboardName(cfg.prefix) : undefined;
  const proberLogGroup = dnsProberLogGroupName(cfg.prefix);
  const checks = cfg.dnsChecks.map((spec) => ({
    spec,
    alarm: dnsCheckAlarmSpec({ prefix: cfg.prefix, spec, region, dashboard, proberLogGroup }),
    expected: expectationSummary(spec),
    servers: serversSummary(spec),
    maintenance: cfg.maintenanceWindows.filter((w) => w.dnsChecks.has(spec.name)),
  }));
  const probers = probeEvents(cfg.dnsChecks, region);
  const skippedAlarms = new Map(
    [...probers].filter(([, event]) => event.route53Readers !== undefined).map(([vantage, event]) => [vantage, zoneChecksSkippedAlarmSpec({ prefix: cfg.prefix, event, region, dashboard, proberLogGroup })] as const),
  );
  return { region, dashboard, proberLogGroup, checks, probers, skippedAlarms };
}

export interface MonitoringModel {
  readonly config: ResolvedConfig;
  readonly dnsChecks: DnsChecksModel;
  readonly dashboards: DashboardPlan;
  readonly hostedZones: readonly SubjectModel[];
  readonly resolverVpcs: readonly SubjectModel[];
  /** The model of one subject of this config. */
  subject(s: Pick<ResolvedSubject, 'source' | 'id'>): SubjectModel;
  /** The maintenance windows that mute a health check (by name) or a Resolver endpoint (by id), in config order. */
  maintenanceOf(kind: 'healthCheck' | 'resolverEndpoint', id: string): readonly ResolvedMaintenanceWindow[];
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
    const dashboard = plan.settings.enabled ? names.get(subjectKey(subject)) ?? plan.landingName : undefined;
    const alarms = alarmSpecsForSubject(cfg, subject, dashboard);
    const maintenance = cfg.maintenanceWindows.filter((w) => (subject.source === 'hostedZone' ? w.zoneIds : w.vpcIds).has(subject.id));
    const m: SubjectModel = { subject, dashboard, alarms, composite: unhealthyComposite(cfg, subject, alarms, dashboard), maintenance };
    bySubject.set(subjectKey(subject), m);
    return m;
  };
  const hostedZones = cfg.hostedZones.map(model);
  const resolverVpcs = cfg.resolverVpcs.map(model);
  return {
    config: cfg,
    dnsChecks: dnsChecksModel(cfg, plan.settings.enabled),
    dashboards: plan,
    hostedZones,
    resolverVpcs,
    maintenanceOf(kind, id) {
      return cfg.maintenanceWindows.filter((w) => (kind === 'healthCheck' ? w.healthChecks : w.endpointIds).has(id));
    },
    subject(s) {
      const m = bySubject.get(subjectKey(s as ResolvedSubject));
      if (!m) throw new Error(`${s.source} ${s.id} is not a subject of this config`);
      return m;
    },
  };
}
