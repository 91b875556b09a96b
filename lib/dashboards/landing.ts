/**
 * The fleet landing dashboard: links to every other dashboard and the runbook, SLI tiles with
 * SLO lines, hotspot graphs (top subjects by volume and errors), health-check and license status,
 * the registered domains' days to expiry,
 * and the status of every alarm. Overflow goes to numbered pages linked from page 1.
 */
import { licenseAlarmSpecs } from '../license/license-alarms';
import { LICENSE_DIMENSION, LICENSE_METRICS, LICENSE_NAMESPACE } from '../../contracts/license-metrics';
import { DOMAIN_DIMENSION, DOMAIN_REGISTRATION_METRICS, DOMAIN_REGISTRATION_NAMESPACE } from '../../contracts/domain-registration';
import { ROUTE53_DOMAINS } from '../aws-facts';
import type { ResolvedRegisteredDomain } from '../config/domains-schema';
import type { ResolvedSubject } from '../config/resolve';
import { getSignal } from '../signals/catalogue';
import { SOURCES } from '../signals/sources';
import type { LogSource } from '../signals/types';
import type { Annotation, DashboardDef, MetricEntry, MetricWidget } from './body';
import { chunk, Item, paginate, place, SIZE } from './layout';
import { DashboardHealthCheck, HEALTH_CHECK_REGION } from './health-checks';
import { resolverEndpointGroups } from './resolver-endpoints';
import { landingDashboardName } from '../naming';
import { dashboardUrl } from './names';
import { fleetSumSql, hotspotSql, SLIS, sliExpression, sliInputIds, subjectsMissing } from './sli';
import { alarmWidgets, BuildContext } from './subject-dashboard';
import { widgetOf } from './subject-widgets';

export interface LicenseView {
  readonly licenseId: string;
  /** Region the license reporter publishes its metrics in. */
  readonly region: string;
  /** @default Codreum/License */
  readonly namespace?: string;
  /** Prefix of the license alarms (`<prefix>-license-<signal>`); @default no license alarms listed */
  readonly alarmPrefix?: string;
}

export interface LandingInput {
  readonly healthChecks: readonly DashboardHealthCheck[];
  readonly license?: LicenseView;
  /** Other dashboards for the directory (name, region, label). */
  readonly directory: readonly { name: string; region: string; label: string }[];
  /** Every alarm of the deployment. @default computed from the config (see BuildInputs.alarms) */
  readonly alarms?: readonly { readonly name: string; readonly region: string }[];
}

type UnplacedMetric = Omit<MetricWidget, 'x' | 'y'>;

/** Hotspot graphs show this many top subjects. */
export const HOTSPOT_LIMIT = 10;
const HOTSPOT_PERIOD = 300;

interface Scope {
  readonly source: LogSource;
  readonly region: string;
  readonly subjects: readonly ResolvedSubject[];
  readonly label: string;
}

function scopes(ctx: BuildContext): Scope[] {
  const out: Scope[] = [];
  if (ctx.cfg.hostedZones.length > 0) {
    out.push({ source: 'hostedZone', region: ctx.cfg.hostedZones[0].region, subjects: ctx.cfg.hostedZones, label: 'Hosted zones' });
  }
  for (const region of [...new Set(ctx.cfg.resolverVpcs.map((v) => v.region))].sort()) {
    out.push({ source: 'resolver', region, subjects: ctx.cfg.resolverVpcs.filter((v) => v.region === region), label: `VPCs in ${region}` });
  }
  return out;
}

/** Six tiles per row: volume and the five SLIs. */
const SLI_WIDTH = 4;
const qid = (signal: string) => `q_${signal.replace(/[^a-z0-9]/g, '_')}`;

function sliWidgets(ctx: BuildContext, scope: Scope): Item[] {
  const { sliPeriod, slo } = ctx.plan.settings;
  const windowLabel = sliPeriod % 3600 === 0 ? `${sliPeriod / 3600} h` : `${sliPeriod / 60} min`;
  const tiles: Item[] = [];
  const graphs: Item[] = [];
  if (scope.subjects.some((s) => s.signals.some((x) => x.def.id === 'total'))) {
    const volume: MetricEntry[] = [[{ expression: fleetSumSql(ctx.cfg.namespace, scope.source, 'total'), id: 'q_total', label: 'queries', period: sliPeriod }]];
    const base = { region: scope.region, period: sliPeriod, stat: 'Sum', metrics: volume };
    tiles.push({ type: 'metric', width: SLI_WIDTH, height: SIZE.tileHeight, properties: { ...base, title: `Queries — latest ${windowLabel} window`, view: 'singleValue', setPeriodToTimeRange: false } });
    graphs.push({ type: 'metric', width: SLI_WIDTH, height: SIZE.graphHeight, properties: { ...base, title: `Queries per ${windowLabel}`, view: 'timeSeries', yAxis: { left: { min: 0, showUnits: false } } } });
  }
  for (const sli of SLIS) {
    const missing = subjectsMissing(sli, scope.subjects);
    const target = slo[sli.slo];
    const sloText = `SLO ${sli.good === 'above' ? '>=' : '<='} ${target} %`;
    if (missing.length > 0) {
      const need = sliInputIds(sli).map((id) => getSignal(scope.source, id).id).join(', ');
      tiles.push({
        type: 'text',
        width: SLI_WIDTH,
        height: SIZE.tileHeight,
        properties: {
          markdown: `**${sli.title}** not shown: it needs ${need} on every ${SOURCES[scope.source].subjectNoun}, and ${missing.length} lack one (first: ${missing[0].configPath}). Enable them to get this SLI.`,
        },
      });
      continue;
    }
    const metrics: MetricEntry[] = [
      ...sliInputIds(sli).map((s): MetricEntry => [{ expression: fleetSumSql(ctx.cfg.namespace, scope.source, s), id: qid(s), period: sliPeriod, visible: false }]),
      [{ expression: sliExpression(sli), id: 'sli', label: sli.title, period: sliPeriod }],
    ];
    const base = { region: scope.region, period: sliPeriod, stat: 'Sum', metrics };
    tiles.push({
      type: 'metric',
      width: SLI_WIDTH,
      height: SIZE.tileHeight,
      properties: { ...base, title: `${sli.title} — latest ${windowLabel} window (${sloText})`, view: 'singleValue', setPeriodToTimeRange: false },
    });
    const line: Annotation = { value: target, label: sloText, color: '#d62728', fill: sli.good === 'above' ? 'below' : 'above' };
    graphs.push({
      type: 'metric',
      width: SLI_WIDTH,
      height: SIZE.graphHeight,
      properties: { ...base, title: `${sli.title} per ${windowLabel}`, view: 'timeSeries', annotations: { horizontal: [line] }, yAxis: { left: { min: 0, label: '%', showUnits: false } } },
    });
  }
  const title: Item = { type: 'text', width: SIZE.full, height: 1, properties: { markdown: `## ${scope.label}: fleet SLIs (${scope.subjects.length} monitored)`, background: 'transparent' } };
  return [title, ...tiles, 'break', ...graphs, 'break'];
}

function hotspotWidgets(ctx: BuildContext, scope: Scope): UnplacedMetric[] {
  const out: UnplacedMetric[] = [];
  const enabled = new Set(scope.subjects.flatMap((s) => s.signals.filter((x) => widgetOf(x).hotspot).map((x) => x.def.id)));
  for (const id of [...enabled]) {
    const def = getSignal(scope.source, id);
    const noun = scope.source === 'hostedZone' ? 'zones' : 'VPCs';
    out.push({
      type: 'metric',
      width: SIZE.quarter,
      height: SIZE.graphHeight,
      properties: {
        title: `${scope.label}: top ${HOTSPOT_LIMIT} ${noun} by ${def.title}`,
        region: scope.region,
        view: 'timeSeries',
        period: HOTSPOT_PERIOD,
        stat: 'Sum',
        metrics: [[{ expression: hotspotSql(ctx.cfg.namespace, scope.source, id, HOTSPOT_LIMIT), id: 'top', period: HOTSPOT_PERIOD }]],
        yAxis: { left: { min: 0, label: `per ${HOTSPOT_PERIOD / 60} min`, showUnits: false } },
        legend: { position: 'right' },
      },
    });
  }
  return out;
}

function licenseWidget(license: LicenseView): UnplacedMetric {
  const ns = license.namespace ?? LICENSE_NAMESPACE;
  const m = (name: string, id: string, stat: string, label: string): MetricEntry => [ns, name, LICENSE_DIMENSION, license.licenseId, { id, stat, label, period: 3600 }];
  return {
    type: 'metric',
    width: SIZE.half,
    height: SIZE.tileHeight,
    properties: {
      title: `License ${license.licenseId} (monitoring keeps running whatever its state)`,
      region: license.region,
      view: 'singleValue',
      period: 3600,
      metrics: [
        m(LICENSE_METRICS.licenseValid, 'valid', 'Minimum', 'valid (1 = yes)'),
        m(LICENSE_METRICS.daysToExpiry, 'days', 'Minimum', 'days to expiry'),
        m(LICENSE_METRICS.subjectsNotCovered, 'uncovered', 'Maximum', 'subjects not covered'),
        m(LICENSE_METRICS.hoursSinceLastSuccess, 'hours', 'Maximum', 'hours since last check'),
      ],
    },
  };
}

/** Domains per registration tile: a single-value widget of 20 values stays readable. */
const DOMAINS_PER_TILE = 20;

/** Days to expiry of each registered domain (the watcher's hourly metric, lowest of the hour). */
function registrationWidgets(domains: readonly ResolvedRegisteredDomain[]): UnplacedMetric[] {
  const parts = chunk(domains, DOMAINS_PER_TILE);
  return parts.map((part, i) => ({
    type: 'metric',
    width: SIZE.full,
    height: SIZE.tileHeight,
    properties: {
      title: `Registered domains: days to expiry${parts.length > 1 ? ` (${i + 1}/${parts.length})` : ''}`,
      region: ROUTE53_DOMAINS.region,
      view: 'singleValue',
      period: 3600,
      metrics: part.map((d, j): MetricEntry => [DOMAIN_REGISTRATION_NAMESPACE, DOMAIN_REGISTRATION_METRICS.daysToExpiry, DOMAIN_DIMENSION, d.name, { id: `d${i * DOMAINS_PER_TILE + j}`, stat: 'Minimum', label: d.name, period: 3600 }]),
    },
  }));
}

function allAlarmArns(ctx: BuildContext, input: LandingInput): string[] {
  if (input.alarms) return input.alarms.map((a) => ctx.alarmArn(a.region, a.name));
  const arns = [...ctx.model.hostedZones, ...ctx.model.resolverVpcs].flatMap((m) => m.alarms.map((a) => ctx.alarmArn(m.subject.region, a.name)));
  for (const hc of input.healthChecks) for (const n of hc.alarmNames ?? []) arns.push(ctx.alarmArn(HEALTH_CHECK_REGION, n));
  if (input.license?.alarmPrefix) {
    // Threshold values do not change the alarm names; the defaults are enough to list them.
    for (const spec of licenseAlarmSpecs({ graceHours: 72, expiryWarningDays: 14 })) {
      arns.push(ctx.alarmArn(input.license.region, `${input.license.alarmPrefix}-license-${spec.signal}`));
    }
  }
  return arns;
}

const link = (name: string, region: string, label = name) => `[${label}](${dashboardUrl(name, region)})`;

function directoryWidgets(input: LandingInput): Item[] {
  const parts = chunk(input.directory, 60);
  return parts.map((p, i) => ({
    type: 'text',
    width: SIZE.full,
    height: Math.min(20, 2 + Math.ceil(p.length / 4)),
    properties: {
      markdown: `### Dashboards${parts.length > 1 ? ` (${i + 1}/${parts.length})` : ''}\n\n${p.map((d) => `${link(d.name, d.region, d.label)}`).join(' · ')}`,
    },
  }));
}

export function landingDashboards(ctx: BuildContext, input: LandingInput): DashboardDef[] {
  const { cfg, plan } = ctx;
  const overview: Item[] = [];
  for (const scope of scopes(ctx)) overview.push(...sliWidgets(ctx, scope));
  for (const scope of scopes(ctx)) overview.push(...hotspotWidgets(ctx, scope), 'break');
  if (input.license) overview.push(licenseWidget(input.license));
  if (cfg.registeredDomains.length > 0) overview.push('break', ...registrationWidgets(cfg.registeredDomains));
  const endpoints = resolverEndpointGroups(cfg.resolverEndpoints, cfg.maintenanceWindows, (id) => ctx.model.maintenanceOf('resolverEndpoint', id));
  const groups: Item[][] = [overview, ...endpoints, ...directoryWidgets(input).map((w) => [w]), ...alarmWidgets('Alarms', allAlarmArns(ctx, input)).map((w) => [w])];
  const pages = paginate(groups, plan.settings.maxWidgetsPerPage);
  const names = pages.map((_, i) => landingDashboardName(cfg.prefix, i + 1));
  return pages.map((items, i) => {
    const others = names.map((n, j) => (j === i ? `**page ${j + 1}**` : link(n, plan.homeRegion, `page ${j + 1}`)));
    const extra = [
      ...(cfg.alerts.runbookUrl ? [`[Runbook](${cfg.alerts.runbookUrl})`] : []),
      ...(input.healthChecks.length > 0 ? [link(plan.healthChecksName, HEALTH_CHECK_REGION, 'Health checks')] : []),
    ];
    const header: Item = {
      type: 'text',
      width: SIZE.full,
      height: 2,
      properties: {
        markdown: `# DNS monitoring — ${cfg.prefix}\n\n${[...(names.length > 1 ? [`Landing ${others.join(' · ')}`] : []), ...extra].join(' · ') || (input.directory.length > 0 ? "This deployment's dashboards and alarms are listed below." : "This deployment's alarms are listed below.")}`,
      },
    };
    return {
      name: names[i],
      region: plan.homeRegion,
      body: { start: `-PT${plan.settings.timeRangeHours.landing}H`, periodOverride: 'inherit', widgets: place([header, 'break', ...items]) },
    };
  });
}
