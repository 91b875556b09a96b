/**
 * `ResolverEndpointAlarms`: per Route 53 Resolver endpoint of one region (AWS/Route53Resolver,
 * dimension EndpointId, regional, data every 5 minutes):
 *  - EndpointUnHealthyENICount Maximum >= threshold (capacity lost; the endpoint may stop answering)
 *  - InboundQueryVolume / OutboundQueryVolume Sum below a minimum (forwarding stopped)
 *  - ResolverEndpointCapacityStatus Maximum >= level (an interface near its capacity: queries will be dropped)
 */
import { CfnAlarm } from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { AlarmActions, createAlarm } from '../alarms/alarm-factory';
import type { AlarmSpec } from '../alarms/alarm-spec';
import { describeAlarm } from '../alarms/description';
import type { AlarmContext, AlarmKind, Severity } from '../../contracts/alarm-context';
import { EVALUATION_DELAY_SECONDS } from '../alarms/detection-time';
import type { Evaluation, ResolvedResolverEndpoint } from '../config/resolve-health';
import { ROUTE53_RESOLVER_METRICS } from '../aws-facts';
import { subjectAlarmName } from '../naming';
import { requireStackRegion, requireTopicRegion } from './health-alarm';

const R = ROUTE53_RESOLVER_METRICS;
/** Resolver endpoint metrics are sent every 5 minutes. */
export const RESOLVER_METRIC_INTERVAL_SECONDS = R.intervalSeconds;

export interface ResolverEndpointAlarmsProps {
  readonly prefix: string;
  /** Endpoints of this stack's region (`resolverEndpoints` entries whose region is the stack's). */
  readonly endpoints: readonly ResolvedResolverEndpoint[];
  /** Topic ARNs per severity, in the endpoints' region. */
  readonly actions: AlarmActions;
  /** @default none */
  readonly runbookUrl?: string;
}

export function resolverEndpointAlarmSpecs(prefix: string, e: ResolvedResolverEndpoint, runbookUrl?: string): AlarmSpec[] {
  const out: AlarmSpec[] = [];
  const what = `Resolver ${e.direction} endpoint ${e.name} (${e.endpointId}) in ${e.region}`;
  const ctx = (signal: string, kind: AlarmKind, severity: Severity): AlarmContext => ({
    subject: e.name,
    subjectId: e.endpointId,
    signal,
    kind,
    severity,
    region: e.region,
  });
  const settings = (e: Evaluation): Evaluation => ({ period: e.period, evaluationPeriods: e.evaluationPeriods, datapointsToAlarm: e.datapointsToAlarm, severity: e.severity, actionsEnabled: e.actionsEnabled });
  const metric = (metricName: string) => ({ namespace: R.namespace, metricName, dimensions: { [R.dimension]: e.endpointId } });

  if (e.unhealthyEnis.enabled) {
    const s = settings(e.unhealthyEnis);
    const threshold = e.unhealthyEnis.threshold;
    const detectionSeconds = (s.datapointsToAlarm + 1) * s.period + RESOLVER_METRIC_INTERVAL_SECONDS + EVALUATION_DELAY_SECONDS;
    const context = ctx('endpoint-unhealthy-enis', 'count', s.severity);
    out.push({
      ...s,
      name: subjectAlarmName(prefix, e.name, 'endpoint-unhealthy-enis', 'count'),
      kind: 'count',
      context,
      statistic: 'Maximum',
      comparison: 'GreaterThanOrEqualToThreshold',
      threshold,
      treatMissingData: 'notBreaching',
      metric: metric(R.unhealthyEnis),
      detectionSeconds,
      description: describeAlarm({
        head: `${what}: ${threshold} or more unhealthy network interfaces in ${s.datapointsToAlarm} of ${s.evaluationPeriods} periods of ${s.period} s`,
        detectionSeconds,
        detail: 'Each endpoint IP is a network interface; unhealthy ones stop answering or forwarding. Check the endpoint in the Route 53 Resolver console (IP addresses status), its subnets and security groups.',
        runbookUrl,
        context,
      }),
    });
  }

  if (e.queryVolume.enabled) {
    const s = settings(e.queryVolume);
    const minQueries = e.queryVolume.minQueries;
    const metricName = R.queryVolume[e.direction];
    const detectionSeconds = (s.datapointsToAlarm + 1) * s.period + RESOLVER_METRIC_INTERVAL_SECONDS + EVALUATION_DELAY_SECONDS;
    const context = ctx('endpoint-query-volume', 'low-traffic', s.severity);
    out.push({
      ...s,
      name: subjectAlarmName(prefix, e.name, 'endpoint-query-volume', 'low-traffic'),
      kind: 'low-traffic',
      context,
      statistic: 'Sum',
      comparison: 'LessThanThreshold',
      threshold: minQueries,
      treatMissingData: 'breaching',
      metric: metric(metricName),
      detectionSeconds,
      description: describeAlarm({
        head: `${what}: ${metricName} below ${minQueries} per ${s.period} s in ${s.datapointsToAlarm} of ${s.evaluationPeriods} periods (no data counts as breaching)`,
        detectionSeconds,
        detail:
          e.direction === 'inbound'
            ? 'Your network stopped sending queries to the inbound endpoint: check the on-premises forwarders, VPN/Direct Connect and security groups.'
            : 'The VPC stopped forwarding queries through the outbound endpoint: check the forwarding rules and their VPC associations, and the target DNS servers.',
        runbookUrl,
        context,
      }),
    });
  }

  if (e.capacity.enabled) {
    const s = settings(e.capacity);
    const level = e.capacity.threshold;
    const detectionSeconds = (s.datapointsToAlarm + 1) * s.period + RESOLVER_METRIC_INTERVAL_SECONDS + EVALUATION_DELAY_SECONDS;
    const context = ctx('endpoint-capacity', 'count', s.severity);
    out.push({
      ...s,
      name: subjectAlarmName(prefix, e.name, 'endpoint-capacity', 'count'),
      kind: 'count',
      context,
      statistic: 'Maximum',
      comparison: 'GreaterThanOrEqualToThreshold',
      threshold: level,
      // Gaps while Resolver maintains an interface are no outage (AWS's advice for this metric).
      treatMissingData: 'ignore',
      metric: metric(R.capacityStatus.metricName),
      detectionSeconds,
      description: describeAlarm({
        head: `${what}: capacity status ${level} (${R.capacityStatus.levels[level]}) in ${s.datapointsToAlarm} of ${s.evaluationPeriods} periods of ${s.period} s`,
        detectionSeconds,
        detail:
          e.direction === 'inbound'
            ? 'Queries beyond an interface\'s capacity are dropped. Your network chooses the interface: compare InboundQueryVolume per IP address for a hot spot, spread the forwarders over all endpoint IPs, or add IP addresses to the endpoint.'
            : 'Queries beyond an interface\'s capacity are dropped. Resolver spreads outbound queries itself: slow or timing-out target name servers fill the interfaces, so check them first, then add IP addresses to the endpoint.',
        runbookUrl,
        context,
      }),
    });
  }
  return out;
}

export class ResolverEndpointAlarms extends Construct {
  readonly specs: readonly AlarmSpec[];
  readonly alarms: readonly CfnAlarm[];

  constructor(scope: Construct, id: string, props: ResolverEndpointAlarmsProps) {
    super(scope, id);
    const endpoints = props.endpoints;
    const specs: AlarmSpec[] = [];
    const alarms: CfnAlarm[] = [];
    for (const e of endpoints) {
      requireStackRegion(this, e.region, `Resolver endpoint ${e.name} (${e.endpointId}) publishes its metrics in ${e.region}; pass only the endpoints of this stack's region`);
      requireTopicRegion(this, props.actions, e.region);
      for (const spec of resolverEndpointAlarmSpecs(props.prefix, e, props.runbookUrl)) {
        alarms.push(createAlarm(this, `${e.endpointId}-${spec.context.signal}`, spec, props.actions));
        specs.push(spec);
      }
    }
    this.specs = specs;
    this.alarms = alarms;
  }
}
