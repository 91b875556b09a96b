/**
 * Route 53 Resolver endpoints on the landing dashboard: per endpoint, in its region, the queries it
 * received (inbound) or forwarded (outbound), its healthy and unhealthy network interfaces and its
 * capacity status (0 normal, 1 an interface over 50 %, 2 over 75 %), with
 * the thresholds of its alarms (the resolved config the alarms read); and the maintenance windows
 * that mute endpoints.
 */
import { ROUTE53_RESOLVER_METRICS as R } from '../aws-facts';
import type { ResolvedResolverEndpoint } from '../config/resolve-health';
import type { ResolvedMaintenanceWindow } from '../config/maintenance-schema';
import type { Annotation, MetricEntry } from './body';
import { chunk, type Item, SIZE } from './layout';
import { maintenanceMarkdown, windowLines } from './markdown';

/** Endpoint graphs per landing group (a group stays on one page). */
const PER_GROUP = 20;

function endpointWidget(e: ResolvedResolverEndpoint): Item {
  const metric = (name: string, o: { stat: string; period: number; label: string; yAxis?: 'right' }): MetricEntry => [R.namespace, name, R.dimension, e.endpointId, o];
  const volume = R.queryVolume[e.direction];
  const horizontal: Annotation[] = [
    ...(e.queryVolume.enabled ? [{ value: e.queryVolume.minQueries, label: `pages below ${e.queryVolume.minQueries} ${e.queryVolume.minQueries === 1 ? 'query' : 'queries'}`, color: '#d62728' }] : []),
    ...(e.unhealthyEnis.enabled ? [{ value: e.unhealthyEnis.threshold, label: `pages at ${e.unhealthyEnis.threshold} unhealthy`, color: '#ff7f0e', yAxis: 'right' as const }] : []),
    ...(e.capacity.enabled ? [{ value: e.capacity.threshold, label: `pages at capacity status ${e.capacity.threshold}`, color: '#9467bd', yAxis: 'right' as const }] : []),
  ];
  return {
    type: 'metric',
    width: SIZE.half,
    height: SIZE.graphHeight,
    properties: {
      title: `Resolver endpoint ${e.name} (${e.direction}, ${e.endpointId})`,
      region: e.region,
      view: 'timeSeries',
      metrics: [
        metric(volume, { stat: 'Sum', period: e.queryVolume.period, label: `${volume} per ${e.queryVolume.period / 60} min` }),
        metric(R.healthyEnis, { stat: 'Minimum', period: e.unhealthyEnis.period, label: 'healthy network interfaces', yAxis: 'right' }),
        metric(R.unhealthyEnis, { stat: 'Maximum', period: e.unhealthyEnis.period, label: 'unhealthy network interfaces', yAxis: 'right' }),
        metric(R.capacityStatus.metricName, { stat: 'Maximum', period: e.capacity.period, label: `capacity status (1: over ${R.capacityStatus.overPercent[1]} %, 2: over ${R.capacityStatus.overPercent[2]} %)`, yAxis: 'right' }),
      ],
      ...(horizontal.length > 0 ? { annotations: { horizontal } } : {}),
      yAxis: { left: { min: 0, label: 'queries', showUnits: false }, right: { min: 0, label: 'interfaces, capacity status', showUnits: false } },
    },
  };
}

/** The landing groups of the endpoints: a title (with the windows that mute endpoints), then one graph per endpoint. */
export function resolverEndpointGroups(
  endpoints: readonly ResolvedResolverEndpoint[],
  allWindows: readonly ResolvedMaintenanceWindow[],
  windowsOf: (endpointId: string) => readonly ResolvedMaintenanceWindow[],
): Item[][] {
  if (endpoints.length === 0) return [];
  const lines = windowLines(allWindows, endpoints, (e) => windowsOf(e.endpointId), { nameOf: (e) => e.name, noun: 'Resolver endpoint' });
  const maintenance = maintenanceMarkdown(lines);
  const title: Item = {
    type: 'text',
    width: SIZE.full,
    height: maintenance ? Math.min(3 + lines.length, 9) : 1,
    properties: { markdown: ['### Route 53 Resolver endpoints', ...(maintenance ? [maintenance] : [])].join('\n\n'), background: 'transparent' },
  };
  return chunk(endpoints, PER_GROUP).map((part, i) => [...(i === 0 ? [title] : []), ...part.map(endpointWidget)]);
}
