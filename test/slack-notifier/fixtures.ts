/**
 * CloudWatch alarm notifications in the shape CloudWatch publishes to SNS (CloudWatch User Guide,
 * "Schema of Amazon SNS notifications when alarms change state", and real notifications), wrapped
 * in the SNS → Lambda event record. One builder per alarm kind the product creates.
 */
import { randomUUID } from 'node:crypto';
import { AlarmContext, formatAlarmContext } from '../../contracts/alarm-context';
import { partitionOfRegion } from '../../contracts/console-links';

export const ACCOUNT = '123456789012';
export const REGION = 'us-east-1';
export const TOPIC_CRITICAL = `arn:aws:sns:${REGION}:${ACCOUNT}:acme-prod-dns-alerts-critical`;
export const TOPIC_WARNING = `arn:aws:sns:${REGION}:${ACCOUNT}:acme-prod-dns-alerts-warning`;

type Json = Record<string, unknown>;

function base(name: string, ctx: AlarmContext | undefined, overrides: Json = {}): Json {
  const description = ctx ? `NXDOMAIN responses above normal.\n${formatAlarmContext(ctx)}` : 'An alarm without context line';
  return {
    AlarmName: name,
    AlarmDescription: description,
    AWSAccountId: ACCOUNT,
    AlarmConfigurationUpdatedTimestamp: '2025-05-01T10:00:00.000+0000',
    NewStateValue: 'ALARM',
    StateChangeTime: '2025-06-03T17:43:27.123+0000',
    Region: 'US East (N. Virginia)',
    // An overridden name is another alarm: its ARN follows (the notifier remembers states per ARN).
    AlarmArn: `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:${typeof overrides.AlarmName === 'string' ? overrides.AlarmName : name}`,
    OldStateValue: 'OK',
    OKActions: [],
    AlarmActions: [TOPIC_CRITICAL],
    InsufficientDataActions: [],
    ...overrides,
  };
}

const zoneCtx = (signal: string, kind: AlarmContext['kind'], severity: AlarmContext['severity'] = 'critical'): AlarmContext => ({
  subject: 'example.com',
  subjectId: 'Z0123456789ABCDEFGHIJ',
  signal,
  kind,
  severity,
  dashboard: 'acme-prod-dns-zone-example-com',
  region: REGION,
});

/** Static threshold on a metric-filter count (single metric, Trigger.MetricName). */
export function countAlarm(overrides: Json = {}): Json {
  return base('acme-prod-dns-example-com-servfail-count', zoneCtx('servfail', 'count'), {
    NewStateReason:
      'Threshold Crossed: 2 out of the last 3 datapoints [57.0 (03/06/25 17:42:00), 61.0 (03/06/25 17:41:00)] were greater than or equal to the threshold (50.0) (minimum 2 datapoints for OK -> ALARM transition).',
    Trigger: {
      MetricName: 'ServfailCount',
      Namespace: 'DnsMonitor/QueryLogs',
      StatisticType: 'Statistic',
      Statistic: 'SUM',
      Unit: null,
      Dimensions: [{ value: 'Z0123456789ABCDEFGHIJ', name: 'HostedZoneId' }],
      Period: 60,
      EvaluationPeriods: 3,
      DatapointsToAlarm: 2,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      Threshold: 50.0,
      TreatMissingData: 'notBreaching',
      EvaluateLowSampleCountPercentile: '',
    },
    ...overrides,
  });
}

/** Metric-math rate alarm (Trigger.Metrics with an expression and ReturnData false inputs). */
export function rateAlarm(overrides: Json = {}): Json {
  return base('acme-prod-dns-example-com-nxdomain-rate', zoneCtx('nxdomain', 'rate', 'warning'), {
    NewStateReason:
      'Threshold Crossed: 3 out of the last 3 datapoints [0.31 (03/06/25 17:42:00), 0.28 (03/06/25 17:41:00), 0.27 (03/06/25 17:40:00)] were greater than the threshold (0.2) (minimum 3 datapoints for OK -> ALARM transition).',
    Trigger: {
      Period: 60,
      EvaluationPeriods: 3,
      DatapointsToAlarm: 3,
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 0.2,
      TreatMissingData: 'notBreaching',
      EvaluateLowSampleCountPercentile: '',
      Metrics: [
        { Expression: 'IF(total >= 100, nx / total, 0)', Id: 'rate', Label: 'NXDOMAIN share', ReturnData: true },
        { Id: 'nx', MetricStat: { Metric: { Dimensions: [{ value: 'Z0123456789ABCDEFGHIJ', name: 'HostedZoneId' }], MetricName: 'NxdomainCount', Namespace: 'DnsMonitor/QueryLogs' }, Period: 60, Stat: 'Sum' }, ReturnData: false },
        { Id: 'total', MetricStat: { Metric: { Dimensions: [{ value: 'Z0123456789ABCDEFGHIJ', name: 'HostedZoneId' }], MetricName: 'QueryCount', Namespace: 'DnsMonitor/QueryLogs' }, Period: 60, Stat: 'Sum' }, ReturnData: false },
      ],
    },
    ...overrides,
  });
}

/** Anomaly-detection alarm: ThresholdMetricId + ANOMALY_DETECTION_BAND, no Threshold. */
export function anomalyAlarm(overrides: Json = {}): Json {
  return base('acme-prod-dns-example-com-queries-anomaly', zoneCtx('queries', 'anomaly', 'warning'), {
    NewStateReason:
      'Thresholds Crossed: 1 out of the last 2 datapoints [9120.0 (03/06/25 17:42:00)] was less than the lower thresholds [1200.5] or greater than the upper thresholds [4800.25] (minimum 1 datapoint for OK -> ALARM transition).',
    Trigger: {
      Period: 300,
      EvaluationPeriods: 2,
      ComparisonOperator: 'LessThanLowerOrGreaterThanUpperThreshold',
      ThresholdMetricId: 'ad1',
      TreatMissingData: '- TreatMissingData:                    missing',
      EvaluateLowSampleCountPercentile: '',
      Metrics: [
        { Id: 'm1', MetricStat: { Metric: { Dimensions: [{ value: 'Z0123456789ABCDEFGHIJ', name: 'HostedZoneId' }], MetricName: 'DNSQueries', Namespace: 'AWS/Route53' }, Period: 300, Stat: 'Sum' }, ReturnData: true },
        { Expression: 'ANOMALY_DETECTION_BAND(m1, 3)', Id: 'ad1', Label: 'DNSQueries (expected)', ReturnData: true },
      ],
    },
    ...overrides,
  });
}

/** Low-traffic alarm: fewer queries than a floor (LessThanThreshold). */
export function lowTrafficAlarm(overrides: Json = {}): Json {
  return base('acme-prod-dns-example-com-low-traffic', zoneCtx('queries', 'low-traffic'), {
    NewStateReason:
      'Threshold Crossed: 5 out of the last 5 datapoints [3.0 (03/06/25 17:42:00), 0.0 (03/06/25 17:41:00), 1.0 (03/06/25 17:40:00), 2.0 (03/06/25 17:39:00), 0.0 (03/06/25 17:38:00)] were less than the threshold (10.0) (minimum 5 datapoints for OK -> ALARM transition).',
    Trigger: {
      MetricName: 'DNSQueries',
      Namespace: 'AWS/Route53',
      StatisticType: 'Statistic',
      Statistic: 'SUM',
      Unit: null,
      Dimensions: [{ value: 'Z0123456789ABCDEFGHIJ', name: 'HostedZoneId' }],
      Period: 60,
      EvaluationPeriods: 5,
      DatapointsToAlarm: 5,
      ComparisonOperator: 'LessThanThreshold',
      Threshold: 10.0,
      TreatMissingData: 'breaching',
      EvaluateLowSampleCountPercentile: '',
    },
    ...overrides,
  });
}

/** Composite alarm: AlarmRule + TriggeringChildren (object form, as delivered), no Trigger. */
export function compositeAlarm(overrides: Json = {}): Json {
  const child = `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:acme-prod-dns-example-com-servfail-count`;
  return base('acme-prod-dns-example-com-degraded', zoneCtx('degraded', 'composite'), {
    NewStateReason: `${child} transitioned to ALARM at Tuesday 03 June, 2025 17:43:27 UTC`,
    AlarmRule: `ALARM("acme-prod-dns-example-com-servfail-count") OR ALARM("acme-prod-dns-example-com-nxdomain-rate")`,
    TriggeringChildren: [{ Arn: child, State: { Value: 'ALARM', Timestamp: '2025-06-03T17:43:27.123+0000' } }],
    ...overrides,
  });
}

/** Route 53 health-check alarm (AWS/Route53 HealthCheckStatus, us-east-1). */
export function healthCheckAlarm(overrides: Json = {}): Json {
  return base(
    'acme-prod-dns-hc-api-example-com',
    { subject: 'api-example-com', subjectId: 'api-example-com', signal: 'health-check-status', kind: 'health-check', severity: 'critical', dashboard: 'acme-prod-dns-health-checks', region: REGION },
    {
      NewStateReason:
        'Threshold Crossed: 1 out of the last 1 datapoints [0.0 (03/06/25 17:42:00)] was less than the threshold (1.0) (minimum 1 datapoint for OK -> ALARM transition).',
      Trigger: {
        MetricName: 'HealthCheckStatus',
        Namespace: 'AWS/Route53',
        StatisticType: 'Statistic',
        Statistic: 'MINIMUM',
        Unit: null,
        Dimensions: [{ value: 'abcdef01-2345-6789-abcd-ef0123456789', name: 'HealthCheckId' }],
        Period: 60,
        EvaluationPeriods: 1,
        ComparisonOperator: 'LessThanThreshold',
        Threshold: 1.0,
        TreatMissingData: 'breaching',
        EvaluateLowSampleCountPercentile: '',
      },
      ...overrides,
    },
  );
}

/** An SNS → Lambda event record carrying `message` (object → JSON, string → as is). */
export function snsRecord(message: Json | string, opts: { messageId?: string; topicArn?: string; subject?: string } = {}): Json {
  const topicArn = opts.topicArn ?? TOPIC_CRITICAL;
  const text = typeof message === 'string' ? message : JSON.stringify(message);
  const name = typeof message === 'string' ? 'unknown' : String(message.AlarmName);
  return {
    EventSource: 'aws:sns',
    EventVersion: '1.0',
    EventSubscriptionArn: `${topicArn}:${randomUUID()}`,
    Sns: {
      Type: 'Notification',
      MessageId: opts.messageId ?? randomUUID(),
      TopicArn: topicArn,
      Subject: opts.subject ?? `ALARM: "${name}" in US East (N. Virginia)`,
      Message: text,
      Timestamp: '2025-06-03T17:43:27.200Z',
      SignatureVersion: '1',
      Signature: 'EXAMPLE',
      SigningCertUrl: 'https://sns.us-east-1.amazonaws.com/SimpleNotificationService-0000.pem',
      UnsubscribeUrl: 'https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe',
      MessageAttributes: {},
    },
  };
}

export function snsEvent(...records: Json[]): { Records: Json[] } {
  return { Records: records };
}

/**
 * CloudWatch's EventBridge event when an alarm is created, updated or deleted ("CloudWatch Alarm
 * Configuration Change"), shaped as the CloudWatch User Guide's examples of configuration-change
 * events ("Alarm events and EventBridge": envelope, `detail.alarmName`, `detail.operation`,
 * `detail.state`, `detail.configuration`). `description` absent: an event without the alarm's
 * configuration (the handler must not need it).
 */
export function alarmConfigurationEvent(
  name: string,
  operation: 'create' | 'update' | 'delete',
  opts: { region?: string; account?: string; time?: string; id?: string; description?: string | null; state?: string } = {},
): Json {
  const region = opts.region ?? REGION;
  const account = opts.account ?? ACCOUNT;
  const time = opts.time ?? '2025-06-03T18:05:00Z';
  const description = opts.description === undefined ? `NXDOMAIN responses above normal.\n${formatAlarmContext(zoneCtx('servfail', 'count'))}` : opts.description;
  return {
    version: '0',
    id: opts.id ?? randomUUID(),
    'detail-type': 'CloudWatch Alarm Configuration Change',
    source: 'aws.cloudwatch',
    account,
    time,
    region,
    resources: [`arn:${partitionOfRegion(region)}:cloudwatch:${region}:${account}:alarm:${name}`],
    detail: {
      alarmName: name,
      operation,
      state: { value: opts.state ?? 'ALARM', timestamp: '2025-06-03T17:43:27.123+0000' },
      configuration: {
        alarmName: name,
        ...(description === null ? {} : { description }),
        actionsEnabled: true,
        timestamp: '2025-05-01T10:00:00.000+0000',
        okActions: [],
        alarmActions: [TOPIC_CRITICAL],
        insufficientDataActions: [],
      },
    },
  };
}
