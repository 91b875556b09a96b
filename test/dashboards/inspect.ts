/**
 * Independent checks of dashboard bodies against CloudWatch's limits and against what the app
 * publishes. The published-metric set is derived from the metric-filter plan (what the filters
 * emit), not from the queries the dashboards are built with.
 */
import { LICENSE_DIMENSION, LICENSE_METRICS, LICENSE_NAMESPACE } from '../../contracts/license-metrics';
import type { ResolvedConfig, ResolvedSubject } from '../../lib/config/resolve';
import type { DashboardDef, MetricOptions, Widget } from '../../lib/dashboards/body';
import { LIMITS } from '../../lib/dashboards/body';
import { filtersForLogGroup } from '../../lib/signals/metric-filters';
import { SOURCES } from '../../lib/signals/sources';
import type { LogSource } from '../../lib/signals/types';

const key = (ns: string, name: string, dims: Record<string, string>) =>
  `${ns}|${name}|${Object.entries(dims).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${k}=${v}`).join(',')}`;

export interface Published {
  readonly metrics: Set<string>;
  /** `namespace|metric|dimName,...` (dimension names only) for Metrics Insights SCHEMA queries. */
  readonly schemas: Set<string>;
}

/** What the metric filters of the config publish: namespace, metric name and dimension values. */
export function publishedMetrics(cfg: ResolvedConfig): Published {
  const metrics = new Set<string>();
  const schemas = new Set<string>();
  const groups = new Map<string, { source: LogSource; subjects: ResolvedSubject[] }>();
  for (const s of [...cfg.hostedZones, ...cfg.resolverVpcs]) {
    const k = `${s.source}|${s.region}|${s.logGroupName}`;
    const g = groups.get(k) ?? { source: s.source, subjects: [] };
    g.subjects.push(s);
    groups.set(k, g);
  }
  for (const [k, g] of groups) {
    const logGroup = k.split('|')[2];
    for (const spec of filtersForLogGroup(g.source, logGroup, g.subjects)) {
      const dimNames = Object.keys(spec.dimensions).sort();
      schemas.add(`${cfg.namespace}|${spec.metricName}|${dimNames.join(',')}`);
      for (const s of g.subjects) {
        const mine = s.signals.filter((x) => spec.signalIds.includes(x.def.id));
        if (mine.length === 0 || (spec.subjects.length > 0 && !spec.subjects.includes(s.id))) continue;
        const subjectDim = SOURCES[s.source].subjectDimension;
        for (const x of mine) {
          const dims: Record<string, string> = { [subjectDim]: s.id };
          if (x.def.measure.kind === 'filter' && x.def.measure.dimension) dims[x.def.measure.dimension.name] = x.def.measure.dimension.value;
          metrics.add(key(cfg.namespace, spec.metricName, dims));
        }
      }
    }
  }
  return { metrics, schemas };
}

/** AWS/Route53Resolver metrics per endpoint direction (Route 53 Developer Guide, monitoring-resolver-with-cloudwatch). */
const RESOLVER_ENDPOINT_METRICS = {
  inbound: new Set(['InboundQueryVolume', 'EndpointHealthyENICount', 'EndpointUnHealthyENICount', 'ResolverEndpointCapacityStatus']),
  outbound: new Set(['OutboundQueryVolume', 'EndpointHealthyENICount', 'EndpointUnHealthyENICount', 'ResolverEndpointCapacityStatus']),
};
const AWS_ROUTE53 = new Set(['HealthCheckStatus', 'HealthCheckPercentageHealthy', 'ConnectionTime', 'SSLHandshakeTime', 'TimeToFirstByte']);
const FUNCTIONS = /^(IF|FILL|SUM|ANOMALY_DETECTION_BAND|METRICS|AVG|MIN|MAX|SEARCH|SELECT|ABS|REMOVE_EMPTY)$/;
const SQL = /^SELECT SUM\((\w+)\) FROM SCHEMA\("([^"]+)", (\w+)\)(?: GROUP BY (\w+) ORDER BY SUM\(\) DESC LIMIT (\d+))?$/;

export interface Inspection {
  readonly problems: string[];
  readonly metrics: number;
  readonly widgets: number;
  readonly logGroups: string[];
}

function overlaps(a: Widget, b: Widget): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/** Every problem found in one dashboard (empty when it is valid). */
export function inspectDashboard(def: DashboardDef, cfg: ResolvedConfig, published: Published, healthCheckIds: readonly string[] = []): Inspection {
  const problems: string[] = [];
  const p = (msg: string) => problems.push(`${def.name}: ${msg}`);
  const logGroups: string[] = [];
  const configGroups = new Set([...cfg.hostedZones, ...cfg.resolverVpcs].map((s) => s.logGroupName));
  let metrics = 0;
  const ws = def.body.widgets;
  if (!/^[A-Za-z0-9_-]{1,255}$/.test(def.name)) p('invalid dashboard name');
  if (ws.length > LIMITS.widgetsPerDashboard) p(`${ws.length} widgets`);
  ws.forEach((w, i) => {
    if (w.x < 0 || w.y < 0 || w.width < 1 || w.height < 1 || w.x + w.width > LIMITS.gridColumns) p(`widget ${i} outside the grid`);
    for (let j = 0; j < i; j++) if (overlaps(w, ws[j])) p(`widgets ${j} and ${i} overlap`);
    if (w.type === 'alarm' && (w.properties.alarms.length < 1 || w.properties.alarms.length > LIMITS.alarmsPerWidget)) p(`alarm widget ${i} has ${w.properties.alarms.length} alarms`);
    if (w.type === 'log') {
      const sources = [...w.properties.query.matchAll(/SOURCE '([^']+)'/g)].map((m) => m[1]);
      if (sources.length === 0 || sources.length > LIMITS.logGroupsPerQuery) p(`log widget ${i} names ${sources.length} log groups`);
      for (const g of sources) if (!configGroups.has(g)) p(`log widget ${i} reads ${g}, not a log group of the config`);
      logGroups.push(...sources);
    }
    if (w.type !== 'metric') return;
    const entries = w.properties.metrics;
    metrics += entries.length;
    if (entries.length > LIMITS.metricsPerWidget) p(`widget ${i} has ${entries.length} metrics`);
    const ids = new Set<string>();
    const exprs: string[] = [];
    for (const e of entries) {
      const opts = e[e.length - 1] as MetricOptions & { expression?: string };
      if (opts.id) {
        if (!/^[a-z][A-Za-z0-9_]*$/.test(opts.id)) p(`widget ${i}: bad id ${opts.id}`);
        if (ids.has(opts.id)) p(`widget ${i}: duplicate id ${opts.id}`);
        ids.add(opts.id);
      }
      if (opts.expression !== undefined) {
        exprs.push(opts.expression);
        continue;
      }
      const [ns, name, ...rest] = e.slice(0, -1) as string[];
      const dims: Record<string, string> = {};
      for (let k = 0; k < rest.length; k += 2) dims[rest[k]] = rest[k + 1];
      if (ns === cfg.namespace) {
        if (!published.metrics.has(key(ns, name, dims))) p(`widget ${i}: ${key(ns, name, dims)} is not published`);
      } else if (ns === 'AWS/Route53') {
        if (!AWS_ROUTE53.has(name) || !healthCheckIds.includes(dims.HealthCheckId)) p(`widget ${i}: unexpected AWS/Route53 ${name} ${JSON.stringify(dims)}`);
      } else if (ns === 'AWS/Route53Resolver') {
        const e = cfg.resolverEndpoints.find((x) => x.endpointId === dims.EndpointId);
        if (!e || Object.keys(dims).join() !== 'EndpointId' || !RESOLVER_ENDPOINT_METRICS[e.direction].has(name)) p(`widget ${i}: unexpected AWS/Route53Resolver ${name} ${JSON.stringify(dims)}`);
        else if (w.properties.region !== e.region) p(`widget ${i}: ${name} of ${e.endpointId} read in ${w.properties.region}, not in the endpoint's region ${e.region}`);
      } else if (ns === LICENSE_NAMESPACE) {
        if (!Object.values(LICENSE_METRICS).includes(name as never) || Object.keys(dims).join() !== LICENSE_DIMENSION) p(`widget ${i}: unexpected license metric ${name}`);
      } else p(`widget ${i}: unknown namespace ${ns}`);
    }
    for (const ex of exprs) {
      const sql = SQL.exec(ex);
      if (ex.startsWith('SELECT')) {
        if (!sql) p(`widget ${i}: unrecognised Metrics Insights query ${ex}`);
        else if (!published.schemas.has(`${sql[2]}|${sql[1]}|${sql[3]}`)) p(`widget ${i}: ${sql[1]} with dimension ${sql[3]} is not published in ${sql[2]}`);
        continue;
      }
      const bare = ex.replace(/"[^"]*"|'[^']*'/g, '');
      for (const m of bare.matchAll(/\b([A-Za-z_][A-Za-z0-9_]*)\b(\s*\()?/g)) {
        if (m[2] || FUNCTIONS.test(m[1])) continue;
        if (!ids.has(m[1])) p(`widget ${i}: expression ${ex} uses ${m[1]}, which no query defines`);
      }
    }
  });
  if (metrics > LIMITS.metricsPerDashboard) p(`${metrics} metrics`);
  return { problems, metrics, widgets: ws.length, logGroups };
}
