/**
 * Route 53 health-check widgets: status and percentage of healthy checkers per check, latency per
 * checker region where latency measurement is on. Health-check metrics exist only in us-east-1
 * (AWS/Route53, dimension HealthCheckId; latency metrics add the checker's Region).
 */
import { ROUTE53 } from '../aws-facts';
import type { MetricEntry, MetricWidget } from './body';
import { LIMITS } from './body';
import { chunk, Item, SIZE } from './layout';

export const HEALTH_CHECK_REGION = ROUTE53.globalRegion;
export const HEALTH_CHECK_NAMESPACE = 'AWS/Route53';


/** What the dashboards need to know about one health check (from the health-check feature). */
export interface DashboardHealthCheck {
  /** Readable name (widget titles). */
  readonly name: string;
  /** Route 53 health check id, a string or a CDK token. Checks without one are listed, not graphed. */
  readonly id?: string;
  /** Latency measurement is on (ConnectionTime, TimeToFirstByte, SSLHandshakeTime exist). @default false */
  readonly latency?: boolean;
  /** Checker regions of the check (the latency graphs find them by search; kept for library callers). @default all eight Route 53 checker regions */
  readonly regions?: readonly string[];
  /** Health check type, e.g. HTTPS (HTTPS types add the TLS handshake time). @default unknown */
  readonly type?: string;
  /** Names of the check's alarms (in us-east-1), for the alarm-status widgets. @default none */
  readonly alarmNames?: readonly string[];
  /** Number of the health-check stack that holds the check (its dashboard is there). @default 1 */
  readonly stack?: number;
}

type UnplacedMetric = Omit<MetricWidget, 'x' | 'y'>;

const metric = (name: string, id: string, opts: Record<string, unknown>, extraDims: string[] = []): MetricEntry => [
  HEALTH_CHECK_NAMESPACE,
  name,
  'HealthCheckId',
  id,
  ...extraDims,
  opts,
];

function statusWidget(hc: DashboardHealthCheck & { id: string }): UnplacedMetric {
  return {
    type: 'metric',
    width: SIZE.third,
    height: SIZE.graphHeight,
    properties: {
      title: `${hc.name}: status and % healthy checkers`,
      region: HEALTH_CHECK_REGION,
      view: 'timeSeries',
      period: 60,
      metrics: [
        metric('HealthCheckStatus', hc.id, { id: 'status', label: 'status (1 = healthy)', stat: 'Minimum', period: 60, yAxis: 'left' }),
        metric('HealthCheckPercentageHealthy', hc.id, { id: 'pct', label: '% healthy checkers', stat: 'Average', period: 60, yAxis: 'right' }),
      ],
      yAxis: { left: { min: 0, max: 1, label: 'status', showUnits: false }, right: { min: 0, max: 100, label: '%', showUnits: false } },
    },
  };
}

/**
 * One line per checker region, found by a search expression rather than listed: the metrics
 * exist for the regions the check uses (all eight by default), and a search of the check's id is
 * one entry where a list is eight. The health-check stacks hold these dashboards, so their size
 * counts (healthCheckDashboardBytes). The label shows each line's Region dimension (CloudWatch
 * User Guide, "Use dynamic labels": a dynamic label applies to every metric a search returns).
 */
function latencyWidgets(hc: DashboardHealthCheck & { id: string }): UnplacedMetric[] {
  const names = ['TimeToFirstByte', 'ConnectionTime', ...(hc.type?.toUpperCase().startsWith('HTTPS') ? ['SSLHandshakeTime'] : [])];
  return names.map((name) => ({
    type: 'metric',
    width: SIZE.third,
    height: SIZE.graphHeight,
    properties: {
      title: `${hc.name}: ${name} by checker region (ms)`,
      region: HEALTH_CHECK_REGION,
      view: 'timeSeries',
      period: 60,
      metrics: [[{ expression: latencySearch(name, hc.id), id: 'latency', label: "${PROP('Dim.Region')}", period: 60 }]],
      yAxis: { left: { min: 0, label: 'ms', showUnits: false } },
    },
  }));
}

/** Every checker region's series of one latency metric of one check (Average over 1 minute). */
export function latencySearch(metricName: string, healthCheckId: string): string {
  return `SEARCH('{${HEALTH_CHECK_NAMESPACE},HealthCheckId,Region} MetricName="${metricName}" HealthCheckId="${healthCheckId}"', 'Average', 60)`;
}

const withId = (hcs: readonly DashboardHealthCheck[]) => hcs.filter((h): h is DashboardHealthCheck & { id: string } => !!h.id);

/** Per-check widget groups for the health-check dashboard (one group per check, kept together). */
export function healthCheckGroups(hcs: readonly DashboardHealthCheck[]): Item[][] {
  const groups: Item[][] = withId(hcs).map((hc) => [statusWidget(hc), ...(hc.latency ? latencyWidgets(hc) : [])]);
  const missing = hcs.filter((h) => !h.id);
  if (missing.length > 0) {
    groups.push([
      {
        type: 'text',
        width: SIZE.full,
        height: 2,
        properties: { markdown: `Not graphed (no health check id known at synth time): ${missing.map((h) => h.name).join(', ')}` },
      },
    ]);
  }
  return groups;
}

/** Landing summary: how many checks are healthy (one tile per 100 checks). */
export function healthSummaryWidgets(hcs: readonly DashboardHealthCheck[]): UnplacedMetric[] {
  const parts = chunk(withId(hcs), Math.min(100, LIMITS.metricsPerWidget - 1));
  return parts.map((part, i) => ({
    type: 'metric',
    width: SIZE.quarter,
    height: SIZE.tileHeight,
    properties: {
      title: parts.length > 1 ? `Healthy health checks (${i + 1}/${parts.length})` : 'Healthy health checks',
      region: HEALTH_CHECK_REGION,
      view: 'singleValue',
      period: 60,
      metrics: [
        ...part.map((hc, j) => metric('HealthCheckStatus', hc.id, { id: `hc${j}`, stat: 'Minimum', period: 60, visible: false })),
        [{ expression: `SUM([${part.map((_, j) => `hc${j}`).join(', ')}])`, id: 'healthy', label: `healthy of ${part.length}` }],
      ],
    },
  }));
}

/** Bytes a widget's position adds to it in a body (`"x":..,"y":..` and the JSON around them). */
const PLACEMENT_BYTES = 24;
/** Bytes of a check's `Fn::Sub` variable (`"HealthCheckIdN": {"Fn::GetAtt": [<logical id>, "HealthCheckId"]}`, indented). */
const VARIABLE_BYTES = 200;

/**
 * About how many template bytes one check adds to its stack's health-check dashboards: its
 * widgets and its entry in the summary tile, as JSON inside the body string (quotes escaped), the
 * id a `${HealthCheckIdN}` variable. The health-check stacks hold these dashboards, so placing a
 * check counts them (lib/compose/health.ts).
 */
export function healthCheckDashboardBytes(hc: DashboardHealthCheck): number {
  const view = { ...hc, id: '${HealthCheckId000}' };
  const widgets = healthCheckGroups([view]).flat();
  const summary = healthSummaryWidgets([view])[0]?.properties.metrics[0];
  const inBody = (x: unknown) => JSON.stringify(JSON.stringify(x)).length - 2;
  return widgets.reduce((n, w) => n + inBody(w) + PLACEMENT_BYTES, 0) + (summary ? inBody(summary) : 0) + VARIABLE_BYTES;
}
