/**
 * Zone-level signals that need no query logs (AWS/Route53, dimension HostedZoneId, us-east-1):
 *  - `ZoneQueryVolumeAlarms`: DNSQueries (public zones, 1-minute data, free) traffic-drop alarm and
 *    optional anomaly-drop alarm, per zone.
 *  - `DnssecAlarms`: DNSSECInternalFailure and DNSSECKeySigningKeysNeedingAction for zones with
 *    `dnssec: true`. These arrive about once a day per zone, so the alarms look at the last
 *    24 hours (1-hour periods, 1 of 24) and keep their state while no datapoint arrives.
 */
import { CfnAlarm } from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import type { AlarmActions } from '../alarms/alarm-factory';
import type { AlarmContext, AlarmKind, Severity } from '../../contracts/alarm-context';
import { EVALUATION_DELAY_SECONDS, SOURCE_DELAY_SECONDS } from '../alarms/detection-time';
import { QUERY_VOLUME_DEFAULTS, queryVolumeSchema, type QueryVolumeConfig } from '../config/health-schema';
import { HOSTED_ZONE_REGION } from '../config/resolve';
import { createStatAlarm, describeAlarm, healthAlarmName, requireStackRegion, requireTopicRegion, type StatAlarmSpec } from './health-alarm';
import { validateFragment } from './validate';

/** A monitored hosted zone with its zone-health keys (hostedZones[] entries). */
export interface ZoneHealthInput {
  readonly zoneId: string;
  readonly zoneName: string;
  readonly dnssec?: boolean;
  readonly queryVolume?: QueryVolumeConfig;
}

export interface ZoneAlarmsProps {
  readonly prefix: string;
  readonly zones: readonly ZoneHealthInput[];
  /** Topic ARNs per severity; they must be us-east-1 topics. */
  readonly actions: AlarmActions;
  /** @default none */
  readonly runbookUrl?: string;
}

const NAMESPACE = 'AWS/Route53';
const WHY = 'Route 53 publishes hosted-zone metrics (DNSQueries, DNSSEC) only in us-east-1';
const zoneLabel = (z: ZoneHealthInput) => z.zoneName.replace(/\.$/, '').toLowerCase();

function ctx(z: ZoneHealthInput, signal: string, kind: AlarmKind, severity: Severity): AlarmContext {
  return { subject: zoneLabel(z), subjectId: z.zoneId, signal, kind, severity, region: HOSTED_ZONE_REGION };
}

export function queryVolumeAlarmSpecs(prefix: string, z: ZoneHealthInput, runbookUrl?: string): StatAlarmSpec[] {
  const o = z.queryVolume ?? {};
  if (o.enabled === false) return [];
  const s = {
    period: o.period ?? QUERY_VOLUME_DEFAULTS.period,
    evaluationPeriods: o.evaluationPeriods ?? QUERY_VOLUME_DEFAULTS.evaluationPeriods,
    datapointsToAlarm: o.datapointsToAlarm ?? QUERY_VOLUME_DEFAULTS.datapointsToAlarm,
    severity: o.severity ?? QUERY_VOLUME_DEFAULTS.severity,
    actionsEnabled: o.actionsEnabled ?? true,
  };
  const name = zoneLabel(z);
  const metric = { namespace: NAMESPACE, metricName: 'DNSQueries', dimensions: { HostedZoneId: z.zoneId } };
  const detectionSeconds = (s.datapointsToAlarm + 1) * s.period + SOURCE_DELAY_SECONDS + EVALUATION_DELAY_SECONDS;
  const mOfN = `in ${s.datapointsToAlarm} of ${s.evaluationPeriods} periods of ${s.period} s`;
  const detail =
    'DNSQueries counts the queries Route 53 answered for the zone. A sudden drop means resolvers stopped reaching Route 53: check the NS delegation at the registrar/parent zone, DS records if DNSSEC is on, and whether the zone was replaced.';
  const out: StatAlarmSpec[] = [];
  const minQueries = o.minQueries ?? QUERY_VOLUME_DEFAULTS.minQueries;
  const drop = ctx(z, 'dns-queries', 'low-traffic', s.severity);
  out.push({
    ...s,
    name: healthAlarmName(prefix, name, 'dns-queries', 'low-traffic'),
    kind: 'low-traffic',
    context: drop,
    statistic: 'Sum',
    comparison: 'LessThanThreshold',
    threshold: minQueries,
    treatMissingData: 'breaching',
    metric,
    detectionSeconds,
    description: describeAlarm({
      head: `Hosted zone ${name} (${z.zoneId}) traffic drop: fewer than ${minQueries} DNS queries per ${s.period} s ${mOfN} (no data counts as breaching)`,
      detectionSeconds,
      detail,
      runbookUrl,
      context: drop,
    }),
  });
  if ((o.anomaly ?? QUERY_VOLUME_DEFAULTS.anomaly) === 'drop') {
    const width = o.anomalyBandWidth ?? QUERY_VOLUME_DEFAULTS.anomalyBandWidth;
    const an = ctx(z, 'dns-queries', 'anomaly-drop', s.severity);
    out.push({
      ...s,
      name: healthAlarmName(prefix, name, 'dns-queries', 'anomaly-drop'),
      kind: 'anomaly-drop',
      context: an,
      statistic: 'Sum',
      comparison: 'LessThanLowerThreshold',
      thresholdMetricId: 'band',
      treatMissingData: 'notBreaching',
      queries: [
        { id: 'm_dns_queries', metric, label: 'DNS queries', returnData: true },
        { id: 'band', expression: `ANOMALY_DETECTION_BAND(m_dns_queries, ${width})`, label: 'expected band', returnData: true },
      ],
      detectionSeconds,
      description: describeAlarm({
        head: `Hosted zone ${name} (${z.zoneId}) unusual traffic drop: DNS queries below the anomaly-detection band (${width} standard deviations) ${mOfN}`,
        detectionSeconds,
        detail,
        runbookUrl,
        context: an,
      }),
    });
  }
  return out;
}

/** DNSSEC datapoints arrive about once a day per zone (see docs/health-checks.md). */
export const DNSSEC_ALARM = {
  period: 3600,
  evaluationPeriods: 24,
  datapointsToAlarm: 1,
  /** Worst case = up to 24 h until the next datapoint + 1 h period + 60 s evaluation = 25 h 1 min. */
  datapointIntervalSeconds: 86400,
  severity: 'critical' as const,
};

export function dnssecAlarmSpecs(prefix: string, z: ZoneHealthInput, runbookUrl?: string): StatAlarmSpec[] {
  if (!z.dnssec) return [];
  const name = zoneLabel(z);
  const detectionSeconds = DNSSEC_ALARM.datapointIntervalSeconds + DNSSEC_ALARM.period + EVALUATION_DELAY_SECONDS;
  const common = {
    period: DNSSEC_ALARM.period,
    evaluationPeriods: DNSSEC_ALARM.evaluationPeriods,
    datapointsToAlarm: DNSSEC_ALARM.datapointsToAlarm,
    severity: DNSSEC_ALARM.severity,
    actionsEnabled: true,
    statistic: 'Maximum' as const,
    comparison: 'GreaterThanThreshold' as const,
    threshold: 0,
    // No datapoint for a while is normal (about one a day): keep the current state.
    treatMissingData: 'ignore' as const,
    detectionSeconds,
  };
  const one = (signal: string, metricName: string, head: string, detail: string): StatAlarmSpec => {
    const context = ctx(z, signal, 'count', DNSSEC_ALARM.severity);
    return {
      ...common,
      name: healthAlarmName(prefix, name, signal, 'count'),
      kind: 'count',
      context,
      metric: { namespace: NAMESPACE, metricName, dimensions: { HostedZoneId: z.zoneId } },
      description: describeAlarm({ head, detectionSeconds, detail, runbookUrl, context }),
    };
  };
  return [
    one(
      'dnssec-internal-failure',
      'DNSSECInternalFailure',
      `Hosted zone ${name} (${z.zoneId}) DNSSEC internal failure: DNSSECInternalFailure above 0 in the last 24 h`,
      'An object in the zone is in INTERNAL_FAILURE: Route 53 may stop signing and validating resolvers may fail the zone. Check the DNSSEC signing status in the Route 53 console; AWS asks you to disable and re-enable signing to recover.',
    ),
    one(
      'dnssec-ksk-action-needed',
      'DNSSECKeySigningKeysNeedingAction',
      `Hosted zone ${name} (${z.zoneId}) DNSSEC key-signing key needs action: DNSSECKeySigningKeysNeedingAction above 0 in the last 24 h`,
      'A key-signing key is in ACTION_NEEDED, usually because its KMS key was disabled, deleted or lost its key policy for Route 53. Fix the KMS key (us-east-1) before signatures expire, or resolution fails for validating resolvers.',
    ),
  ];
}

abstract class ZoneAlarmsBase extends Construct {
  readonly specs: readonly StatAlarmSpec[];
  readonly alarms: readonly CfnAlarm[];

  protected constructor(scope: Construct, id: string, props: ZoneAlarmsProps, build: (z: ZoneHealthInput) => StatAlarmSpec[]) {
    super(scope, id);
    requireStackRegion(this, HOSTED_ZONE_REGION, WHY);
    requireTopicRegion(this, props.actions, HOSTED_ZONE_REGION);
    const specs: StatAlarmSpec[] = [];
    const alarms: CfnAlarm[] = [];
    props.zones.forEach((z, i) => {
      if (z.queryVolume !== undefined) validateFragment(queryVolumeSchema, z.queryVolume, `hostedZones[${i}].queryVolume`);
      for (const spec of build(z)) {
        alarms.push(createStatAlarm(this, `${z.zoneId}-${spec.context.signal}-${spec.kind}`, spec, props.actions));
        specs.push(spec);
      }
    });
    this.specs = specs;
    this.alarms = alarms;
  }
}

/** DNSQueries drop (and optional anomaly-drop) alarms for every zone without `queryVolume.enabled: false`. */
export class ZoneQueryVolumeAlarms extends ZoneAlarmsBase {
  constructor(scope: Construct, id: string, props: ZoneAlarmsProps) {
    super(scope, id, props, (z) => queryVolumeAlarmSpecs(props.prefix, z, props.runbookUrl));
  }
}

/** DNSSEC alarms for every zone with `dnssec: true`. */
export class DnssecAlarms extends ZoneAlarmsBase {
  constructor(scope: Construct, id: string, props: ZoneAlarmsProps) {
    super(scope, id, props, (z) => dnssecAlarmSpecs(props.prefix, z, props.runbookUrl));
  }
}
