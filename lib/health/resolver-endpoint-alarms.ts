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
import { evaluationText, type AlarmSpec } from '../alarms/alarm-spec';
import { describeAlarm } from '../alarms/description';
import type { AlarmContext, AlarmKind } from '../../contracts/alarm-context';
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

/** One endpoint alarm: what differs between them. */
interface EndpointAlarm {
  readonly signal: string;
  readonly kind: AlarmKind;
  readonly evaluation: Evaluation;
  readonly metricName: string;
  readonly statistic: 'Maximum' | 'Sum';
  readonly comparison: 'GreaterThanOrEqualToThreshold' | 'LessThanThreshold';
  readonly threshold: number;
  readonly treatMissingData: AlarmSpec['treatMissingData'];
  /** The condition, after "<endpoint>: ". */
  readonly condition: string;
  readonly detail: string;
}

export function resolverEndpointAlarmSpecs(prefix: string, e: ResolvedResolverEndpoint, runbookUrl?: string): AlarmSpec[] {
  const what = `Resolver ${e.direction} endpoint ${e.name} (${e.endpointId}) in ${e.region}`;
  const alarms: EndpointAlarm[] = [];
  if (e.unhealthyEnis.enabled) {
    const v = e.unhealthyEnis;
    alarms.push({
      signal: 'endpoint-unhealthy-enis',
      kind: 'count',
      evaluation: v,
      metricName: R.unhealthyEnis,
      statistic: 'Maximum',
      comparison: 'GreaterThanOrEqualToThreshold',
      threshold: v.threshold,
      treatMissingData: 'notBreaching',
      condition: `${v.threshold} or more unhealthy network interfaces ${evaluationText(v)}`,
      detail: 'Each endpoint IP is a network interface; unhealthy ones stop answering or forwarding. Check the endpoint in the Route 53 Resolver console (IP addresses status), its subnets and security groups.',
    });
  }
  if (e.queryVolume.enabled) {
    const v = e.queryVolume;
    const metricName = R.queryVolume[e.direction];
    alarms.push({
      signal: 'endpoint-query-volume',
      kind: 'low-traffic',
      evaluation: v,
      metricName,
      statistic: 'Sum',
      comparison: 'LessThanThreshold',
      threshold: v.minQueries,
      treatMissingData: 'breaching',
      condition: `${metricName} below ${v.minQueries} per period ${evaluationText(v)} (no data counts as breaching)`,
      detail:
        e.direction === 'inbound'
          ? 'Your network stopped sending queries to the inbound endpoint: check the on-premises forwarders, VPN/Direct Connect and security groups.'
          : 'The VPC stopped forwarding queries through the outbound endpoint: check the forwarding rules and their VPC associations, and the target DNS servers.',
    });
  }
  if (e.capacity.enabled) {
    const v = e.capacity;
    alarms.push({
      signal: 'endpoint-capacity',
      kind: 'count',
      evaluation: v,
      metricName: R.capacityStatus.metricName,
      statistic: 'Maximum',
      comparison: 'GreaterThanOrEqualToThreshold',
      threshold: v.threshold,
      // Gaps while Resolver maintains an interface are no outage (AWS's advice for this metric).
      treatMissingData: 'ignore',
      condition: `capacity status ${v.threshold} (an interface over ${R.capacityStatus.overPercent[v.threshold]} % of its capacity) ${evaluationText(v)}`,
      detail:
        e.direction === 'inbound'
          ? "Queries beyond an interface's capacity are dropped. Your network chooses the interface: compare InboundQueryVolume per IP address for a hot spot, spread the forwarders over all endpoint IPs, or add IP addresses to the endpoint."
          : "Queries beyond an interface's capacity are dropped. Resolver spreads outbound queries itself: slow or timing-out target name servers fill the interfaces, so check them first, then add IP addresses to the endpoint.",
    });
  }
  return alarms.map((a) => {
    const v = a.evaluation;
    const s: Evaluation = { period: v.period, evaluationPeriods: v.evaluationPeriods, datapointsToAlarm: v.datapointsToAlarm, severity: v.severity, actionsEnabled: v.actionsEnabled };
    const detectionSeconds = (s.datapointsToAlarm + 1) * s.period + RESOLVER_METRIC_INTERVAL_SECONDS + EVALUATION_DELAY_SECONDS;
    const context: AlarmContext = { subject: e.name, subjectId: e.endpointId, signal: a.signal, kind: a.kind, severity: s.severity, region: e.region };
    return {
      ...s,
      name: subjectAlarmName(prefix, e.name, a.signal, a.kind),
      kind: a.kind,
      context,
      statistic: a.statistic,
      comparison: a.comparison,
      threshold: a.threshold,
      treatMissingData: a.treatMissingData,
      metric: { namespace: R.namespace, metricName: a.metricName, dimensions: { [R.dimension]: e.endpointId } },
      detectionSeconds,
      description: describeAlarm({ head: `${what}: ${a.condition}`, detectionSeconds, detail: a.detail, runbookUrl, context }),
    };
  });
}

/** The construct id of a core stack's endpoint alarms (its logical ids start with it: never change it). */
export const RESOLVER_ENDPOINTS_ID = 'ResolverEndpoints';

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
