/**
 * Zone-level signals from Route 53's own metrics (AWS/Route53, dimension HostedZoneId, us-east-1):
 *  - `ZoneQueryVolumeAlarms`: per zone, from DNSQueries (public zones, 1-minute data, free): the
 *    traffic-drop anomaly alarm, the logs-stopped alarm (Route 53 answers, the query logs do not
 *    see it: DNSQueries against the product's logged `Queries` count) and the optional static
 *    low-traffic alarm.
 *  - `DnssecAlarms`: DNSSECInternalFailure and DNSSECKeySigningKeysNeedingAction for zones with
 *    `dnssec: true`. These arrive about once a day per zone, so the alarms look at the last
 *    24 hours (1-hour periods, 1 of 24) and keep their state while no datapoint arrives.
 */
import { CfnAlarm } from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { AlarmActions, createAlarm } from '../alarms/alarm-factory';
import { evaluationText, type AlarmSpec } from '../alarms/alarm-spec';
import { describeAlarm } from '../alarms/description';
import type { AlarmContext, AlarmKind, Severity } from '../../contracts/alarm-context';
import { EVALUATION_DELAY_SECONDS, oneMinuteDataDetectionSeconds } from '../alarms/detection-time';
import { HOSTED_ZONE_REGION, type ResolvedSubject } from '../config/resolve';
import { logsStoppedAlarmName, subjectAlarmName } from '../naming';
import { requireStackRegion, requireTopicRegion } from './health-alarm';

/** A monitored hosted zone of the resolved config (`ResolvedConfig.hostedZones`). */
export type ZoneHealthInput = Pick<ResolvedSubject, 'id' | 'name' | 'zoneHealth'> &
  Partial<Pick<ResolvedSubject, 'signals' | 'logGroupName'>> & {
    /** The dashboard that shows the zone (named in the logs-stopped description). */
    readonly dashboard?: string;
  };

export interface ZoneAlarmsProps {
  readonly prefix: string;
  /** Namespace of the product's query-log metrics (the logs-stopped alarm reads `Queries`). */
  readonly namespace: string;
  readonly zones: readonly ZoneHealthInput[];
  /** Topic ARNs per severity; they must be us-east-1 topics. */
  readonly actions: AlarmActions;
  /** @default none */
  readonly runbookUrl?: string;
}

const NAMESPACE = 'AWS/Route53';

/** Route 53's per-zone query count (public zones, us-east-1, 1-minute data, free). */
export function dnsQueriesMetric(zoneId: string) {
  return { namespace: NAMESPACE, metricName: 'DNSQueries', dimensions: { HostedZoneId: zoneId } };
}
const WHY = 'Route 53 publishes hosted-zone metrics (DNSQueries, DNSSEC) only in us-east-1';

function ctx(z: ZoneHealthInput, signal: string, kind: AlarmKind, severity: Severity): AlarmContext {
  return { subject: z.name, subjectId: z.id, signal, kind, severity, region: HOSTED_ZONE_REGION };
}

export function queryVolumeAlarmSpecs(prefix: string, namespace: string, z: ZoneHealthInput, runbookUrl?: string): AlarmSpec[] {
  const o = z.zoneHealth?.queryVolume;
  if (!o?.enabled) return [];
  const s = { period: o.period, evaluationPeriods: o.evaluationPeriods, datapointsToAlarm: o.datapointsToAlarm, severity: o.severity, actionsEnabled: o.actionsEnabled };
  const name = z.name;
  const metric = dnsQueriesMetric(z.id);
  const detectionSeconds = oneMinuteDataDetectionSeconds(s);
  const detail =
    'DNSQueries counts the queries Route 53 answered for the zone. A sudden drop means resolvers stopped reaching Route 53: check the NS delegation at the registrar/parent zone, DS records if DNSSEC is on, and whether the zone was replaced.';
  const out: AlarmSpec[] = [];
  if (o.minQueries !== null) {
    const minQueries = o.minQueries;
    const drop = ctx(z, 'dns-queries', 'low-traffic', s.severity);
    out.push({
      ...s,
      name: subjectAlarmName(prefix, name, 'dns-queries', 'low-traffic'),
      kind: 'low-traffic',
      context: drop,
      statistic: 'Sum',
      comparison: 'LessThanThreshold',
      threshold: minQueries,
      treatMissingData: 'breaching',
      metric,
      detectionSeconds,
      description: describeAlarm({
        head: `Hosted zone ${name} (${z.id}) traffic drop: fewer than ${minQueries} DNS queries per ${s.period} s ${evaluationText(s)} (no data counts as breaching)`,
        detectionSeconds,
        detail,
        runbookUrl,
        context: drop,
      }),
    });
  }
  if (o.anomaly === 'drop') {
    const width = o.anomalyBandWidth;
    const an = ctx(z, 'dns-queries', 'anomaly-drop', s.severity);
    const w = o.anomalyEvaluation;
    const anDetection = oneMinuteDataDetectionSeconds(w);
    const anWindow =
      w.evaluationPeriods === 1 ? `summed over ${w.period / 60} min, evaluated every minute` : evaluationText(w);
    out.push({
      ...w,
      name: subjectAlarmName(prefix, name, 'dns-queries', 'anomaly-drop'),
      kind: 'anomaly-drop',
      context: an,
      statistic: 'Sum',
      comparison: 'LessThanLowerThreshold',
      thresholdMetricId: 'band',
      treatMissingData: 'notBreaching',
      // A window without queries has no DNSQueries datapoint: FILL makes it 0, so a zone whose
      // traffic drops to (almost) nothing breaches instead of leaving gaps, while a quiet zone's
      // band reaches 0 and its empty windows stay inside it.
      queries: [
        { id: 'm_dns_queries', metric, label: 'DNS queries', returnData: false },
        { id: 'e_dns_queries', expression: 'FILL(m_dns_queries, 0)', label: 'DNS queries (0 when none)', returnData: true },
        { id: 'band', expression: `ANOMALY_DETECTION_BAND(e_dns_queries, ${width})`, label: 'expected band', returnData: true },
      ],
      detectionSeconds: anDetection,
      description: describeAlarm({
        head: `Hosted zone ${name} (${z.id}) unusual traffic drop: DNS queries ${anWindow}, below the anomaly-detection band (${width} standard deviations)`,
        detectionSeconds: anDetection,
        detail,
        runbookUrl,
        context: an,
      }),
    });
  }
  const logsTotal = z.signals?.find((x) => x.def.id === 'total');
  if (o.logsStopped && logsTotal && logsTotal.def.measure.kind === 'filter') {
    const L = o.logsStopped;
    const ls = { ...s, period: L.period, evaluationPeriods: L.evaluationPeriods, datapointsToAlarm: L.datapointsToAlarm };
    const lsDetection = oneMinuteDataDetectionSeconds(ls);
    const c = ctx(z, 'query-logs', 'logs-stopped', s.severity);
    const logged = { namespace, metricName: logsTotal.def.measure.metricName, dimensions: { ZoneId: z.id } };
    out.push({
      ...ls,
      name: logsStoppedAlarmName(prefix, name),
      kind: 'logs-stopped',
      context: c,
      comparison: 'GreaterThanOrEqualToThreshold',
      threshold: 1,
      // A minute without Route 53 traffic has no DNSQueries datapoint, so no value: not breaching.
      treatMissingData: 'notBreaching',
      queries: [
        { id: 'm_dns_queries', metric, label: 'DNS queries (Route 53)', returnData: false },
        { id: 'm_logged', metric: logged, label: 'queries in the query logs', returnData: false },
        {
          id: 'e_logs_stopped',
          expression: `IF(m_dns_queries >= 1, IF(100 * FILL(m_logged, 0) < ${L.minLoggedShare} * m_dns_queries, 1, 0), 0)`,
          label: 'logs missing (1) while Route 53 answers',
          returnData: true,
        },
      ],
      detectionSeconds: lsDetection,
      description: describeAlarm({
        head: `Hosted zone ${name} (${z.id}) query logs stopped: Route 53 answered queries (DNSQueries) but fewer than ${L.minLoggedShare} % of them reached the query logs ${evaluationText(ls)}`,
        detectionSeconds: lsDetection,
        detail: `The zone answers, but the monitoring is blind: every query-log alarm and dashboard of this zone is missing data.\nWhere to look: ${z.dashboard ? `dashboard ${z.dashboard}; ` : ''}log group ${z.logGroupName ?? '(the zone\'s query log group)'}. Check that the zone's query logging configuration still exists and points at that log group, that the log group exists, and that the CloudWatch Logs resource policy still lets route53.amazonaws.com write to it.`,
        runbookUrl,
        context: c,
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

export function dnssecAlarmSpecs(prefix: string, z: ZoneHealthInput, runbookUrl?: string): AlarmSpec[] {
  if (!z.zoneHealth?.dnssec) return [];
  const name = z.name;
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
  const one = (signal: string, metricName: string, head: string, detail: string): AlarmSpec => {
    const context = ctx(z, signal, 'count', DNSSEC_ALARM.severity);
    return {
      ...common,
      name: subjectAlarmName(prefix, name, signal, 'count'),
      kind: 'count',
      context,
      metric: { namespace: NAMESPACE, metricName, dimensions: { HostedZoneId: z.id } },
      description: describeAlarm({ head, detectionSeconds, detail, runbookUrl, context }),
    };
  };
  return [
    one(
      'dnssec-internal-failure',
      'DNSSECInternalFailure',
      `Hosted zone ${name} (${z.id}) DNSSEC internal failure: DNSSECInternalFailure above 0 in the last 24 h`,
      'An object in the zone is in INTERNAL_FAILURE: Route 53 may stop signing and validating resolvers may fail the zone. Check the DNSSEC signing status in the Route 53 console; AWS asks you to disable and re-enable signing to recover.',
    ),
    one(
      'dnssec-ksk-action-needed',
      'DNSSECKeySigningKeysNeedingAction',
      `Hosted zone ${name} (${z.id}) DNSSEC key-signing key needs action: DNSSECKeySigningKeysNeedingAction above 0 in the last 24 h`,
      'A key-signing key is in ACTION_NEEDED, usually because its KMS key was disabled, deleted or lost its key policy for Route 53. Fix the KMS key (us-east-1) before signatures expire, or resolution fails for validating resolvers.',
    ),
  ];
}

/** The zone-level alarm families, each built per zone from the zone's settings. */
const ZONE_ALARM_FAMILIES = {
  queryVolume: (props: ZoneAlarmsProps) => (z: ZoneHealthInput) => queryVolumeAlarmSpecs(props.prefix, props.namespace, z, props.runbookUrl),
  dnssec: (props: ZoneAlarmsProps) => (z: ZoneHealthInput) => dnssecAlarmSpecs(props.prefix, z, props.runbookUrl),
} as const;

export type ZoneAlarmFamily = keyof typeof ZONE_ALARM_FAMILIES;

/**
 * Adds the `family` alarms of `props.zones` to `container`, with the ids `<zone id>-<signal>-<kind>`
 * (ZoneQueryVolumeAlarms and DnssecAlarms are such containers). A container may receive zones in
 * several calls: one per zone when zones are placed one by one (lib/compose/subjects.ts).
 */
export function addZoneAlarms(container: Construct, family: ZoneAlarmFamily, props: ZoneAlarmsProps): { specs: AlarmSpec[]; alarms: CfnAlarm[] } {
  requireStackRegion(container, HOSTED_ZONE_REGION, WHY);
  requireTopicRegion(container, props.actions, HOSTED_ZONE_REGION);
  const build = ZONE_ALARM_FAMILIES[family](props);
  const specs: AlarmSpec[] = [];
  const alarms: CfnAlarm[] = [];
  for (const z of props.zones) {
    for (const spec of build(z)) {
      alarms.push(createAlarm(container, `${z.id}-${spec.context.signal}-${spec.kind}`, spec, props.actions));
      specs.push(spec);
    }
  }
  return { specs, alarms };
}

abstract class ZoneAlarmsBase extends Construct {
  readonly specs: readonly AlarmSpec[];
  readonly alarms: readonly CfnAlarm[];

  protected constructor(scope: Construct, id: string, props: ZoneAlarmsProps, family: ZoneAlarmFamily) {
    super(scope, id);
    const { specs, alarms } = addZoneAlarms(this, family, props);
    this.specs = specs;
    this.alarms = alarms;
  }
}

/** DNSQueries drop (and optional anomaly-drop) alarms for every zone without `queryVolume.enabled: false`. */
export class ZoneQueryVolumeAlarms extends ZoneAlarmsBase {
  constructor(scope: Construct, id: string, props: ZoneAlarmsProps) {
    super(scope, id, props, 'queryVolume');
  }
}

/** DNSSEC alarms for every zone with `dnssec: true`. */
export class DnssecAlarms extends ZoneAlarmsBase {
  constructor(scope: Construct, id: string, props: ZoneAlarmsProps) {
    super(scope, id, props, 'dnssec');
  }
}
