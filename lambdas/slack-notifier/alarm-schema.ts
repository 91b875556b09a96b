/**
 * zod schemas for what reaches the notifier: the SNS event (Lambda subscription) and the JSON
 * CloudWatch puts in `Sns.Message` when an alarm changes state.
 *
 * Shapes follow the CloudWatch User Guide ("Schema of Amazon SNS notifications when alarms change
 * state") and real notifications:
 *  - metric alarm: `Trigger` with MetricName/Namespace/Statistic/Dimensions/Threshold;
 *  - metric-math alarm: `Trigger.Metrics` (MetricDataQuery list: Id, Expression, Label, ReturnData,
 *    MetricStat{Metric{Dimensions,MetricName,Namespace},Period,Stat}) and `Threshold`;
 *  - anomaly-detection alarm: `Trigger.Metrics` with an ANOMALY_DETECTION_BAND expression and
 *    `Trigger.ThresholdMetricId` instead of `Threshold`;
 *  - composite alarm: `AlarmRule` and `TriggeringChildren` (documented as strings, delivered as
 *    `{Arn, State{Value, Timestamp}}` objects; both accepted), no `Trigger`.
 * `Region` is the display name ("US East (N. Virginia)"), not the region code: the code comes from
 * `AlarmArn`. `AlarmDescription` and `Trigger.Unit` may be null.
 */
import * as z from 'zod/mini';

export const ALARM_STATES = ['OK', 'ALARM', 'INSUFFICIENT_DATA'] as const;
export type AlarmState = (typeof ALARM_STATES)[number];

const str = z.string;
const opt = z.optional;
const nullish = z.nullish;

const dimension = z.looseObject({ name: str(), value: str() });

const metricDataQuery = z.looseObject({
  Id: str(),
  Expression: opt(str()),
  Label: nullish(str()),
  ReturnData: opt(z.boolean()),
  MetricStat: opt(
    z.looseObject({
      Metric: z.looseObject({ Dimensions: opt(z.array(dimension)), MetricName: str(), Namespace: str() }),
      Period: opt(z.number()),
      Stat: opt(str()),
      Unit: nullish(str()),
    }),
  ),
});
export type MetricDataQuery = z.infer<typeof metricDataQuery>;

export const triggerSchema = z.looseObject({
  MetricName: opt(str()),
  Namespace: opt(str()),
  StatisticType: opt(str()),
  Statistic: nullish(str()),
  ExtendedStatistic: nullish(str()),
  Unit: nullish(str()),
  Dimensions: opt(z.array(dimension)),
  Period: opt(z.number()),
  EvaluationPeriods: opt(z.number()),
  DatapointsToAlarm: nullish(z.number()),
  ComparisonOperator: str(),
  Threshold: nullish(z.number()),
  ThresholdMetricId: nullish(str()),
  TreatMissingData: nullish(str()),
  EvaluateLowSampleCountPercentile: nullish(str()),
  Metrics: opt(z.array(metricDataQuery)),
});
export type AlarmTrigger = z.infer<typeof triggerSchema>;

const triggeringChild = z.union([
  str(),
  z.looseObject({
    Arn: str(),
    State: opt(z.looseObject({ Value: opt(str()), Timestamp: opt(str()) })),
  }),
]);

const alarmState = z.enum(ALARM_STATES, { error: 'not OK, ALARM or INSUFFICIENT_DATA' });

export const alarmMessageSchema = z
  .looseObject({
    AlarmName: str().check(z.minLength(1, 'AlarmName is empty — CloudWatch always sets the alarm name')),
    AlarmDescription: nullish(str()),
    AWSAccountId: opt(str()),
    AlarmConfigurationUpdatedTimestamp: opt(str()),
    NewStateValue: alarmState,
    OldStateValue: opt(alarmState),
    NewStateReason: str({ error: 'NewStateReason missing' }),
    StateChangeTime: str({ error: 'StateChangeTime missing' }),
    Region: opt(str()),
    AlarmArn: str({ error: 'AlarmArn missing' }).check(
      z.regex(/^arn:aws[a-z-]*:cloudwatch:[a-z0-9-]+:\d{12}:alarm:.+$/, 'AlarmArn is not a CloudWatch alarm ARN — expected arn:aws:cloudwatch:<region>:<account>:alarm:<name>'),
    ),
    Trigger: opt(triggerSchema),
    AlarmRule: opt(str()),
    TriggeringChildren: opt(z.array(triggeringChild)),
  })
  .check(
    z.refine((m) => m.Trigger !== undefined || m.AlarmRule !== undefined, {
      message: 'neither Trigger nor AlarmRule present — not a metric or composite alarm state change',
    }),
  );
export type AlarmMessage = z.infer<typeof alarmMessageSchema>;

/** One record of the SNS → Lambda event. Only the fields the notifier reads are required. */
export const snsRecordSchema = z.looseObject({
  EventSource: opt(z.literal('aws:sns')),
  EventSubscriptionArn: opt(str()),
  Sns: z.looseObject({
    Type: opt(str()),
    MessageId: str({ error: 'Sns.MessageId missing' }).check(z.minLength(1, 'Sns.MessageId is empty')),
    TopicArn: opt(str()),
    Subject: nullish(str()),
    Message: str({ error: 'Sns.Message missing' }),
    Timestamp: opt(str()),
  }, { error: 'Sns object missing' }),
});
export type SnsRecord = z.infer<typeof snsRecordSchema>;

/** The event envelope: only `Records` is checked here, records are validated one by one. */
export const snsEventSchema = z.looseObject({
  Records: z.array(z.unknown(), { error: 'Records array missing' }).check(z.minLength(1, 'SNS event without records')),
});

/** Compact, single-line description of zod issues for logs and the "unparseable" post. */
export function describeIssues(error: z.core.$ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
    .join('; ');
}
