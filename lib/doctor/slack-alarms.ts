/**
 * `doctor`'s slack-alarms check: alarms whose last word in the Slack channel is their ALARM but
 * that no longer exist. A deleted alarm sends no OK, so the channel shows them failing for good.
 * Since the notifier hears CloudWatch's deletion events it posts that such an alarm was deleted
 * (lambdas/slack-notifier/alarm-deletion.ts); alarms deleted before that release, or whose deletion
 * event never reached it (its rule was not deployed yet, the event expired in its dead-letter
 * queue), stay red. The notifier's own table says what the channel last heard of each alarm
 * (`NOTIFIER_TABLE`, contracts/slack-notifier.ts); CloudWatch says which of those alarms exist.
 *
 * The notifier of a region is found from what doctor already reads: the intake queue its backlog
 * alarm names, the event source mapping that reads that queue, and the function's environment
 * variable that names its table. The fix is an `aws lambda invoke` of that function with the
 * deletion event CloudWatch would have sent: the notifier then posts the notice and records the
 * deletion, as it does for the events its rule delivers.
 *
 * An alarm that still exists but has long been OK, whose OK notification should have reached the
 * channel and did not (`unheardRecovery`), is reported too; its fix invokes the notifier with that
 * notification, rebuilt from DescribeAlarms (`recoveryNotificationOf`).
 */
import { type CloudWatchClient, type CompositeAlarm, DescribeAlarmsCommand, type MetricAlarm } from '@aws-sdk/client-cloudwatch';
import { type DynamoDBClient, paginateScan } from '@aws-sdk/client-dynamodb';
import { GetFunctionConfigurationCommand, type LambdaClient, ListEventSourceMappingsCommand } from '@aws-sdk/client-lambda';
import { GetQueueAttributesCommand, GetQueueUrlCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { ListSubscriptionsByTopicCommand, type SNSClient } from '@aws-sdk/client-sns';
import { parseAlarmArn } from '../../contracts/console-links';
import { ALARM_DELETION_EVENT, alarmStateRecordOf, NOTIFIER_TABLE } from '../../contracts/slack-notifier';
import { ALARMS } from '../aws-facts';
import { shellWord } from './shell-word';
import { type TableToMake } from './tables';

/** The SDK's error for a queue that does not exist (its `Code` is AWS.SimpleQueueService.NonExistentQueue). */
export const SQS_NO_QUEUE = 'QueueDoesNotExist';

/** A region's Slack webhook notifier: its function and the table it keeps what it posted in. */
export interface SlackNotifierFound {
  readonly region: string;
  /** The account of the function (from its ARN): the notifier hears only that account's alarms. */
  readonly account: string;
  readonly functionName: string;
  readonly tableName: string;
  /** The intake queue it reads, which the alert topics it hears deliver to. */
  readonly queueArn: string;
  /** The KMS key of that queue: the deployment's alert key, which encrypts the table too. */
  readonly alertKeyId?: string;
}

/**
 * The notifier of `region`, found from its intake queue's backlog alarm (`backlogAlarmName`);
 * undefined when the region has no such alarm, its queue is gone or no mapping reads it (the
 * dead-letters check reports both), or the function names no table. AWS errors are thrown to the caller.
 */
export async function findSlackNotifier(
  c: { cloudwatch: CloudWatchClient; sqs: SQSClient; lambda: LambdaClient },
  region: string,
  backlogAlarmName: string,
): Promise<SlackNotifierFound | undefined> {
  const alarm = (await c.cloudwatch.send(new DescribeAlarmsCommand({ AlarmNames: [backlogAlarmName], AlarmTypes: ['MetricAlarm'] }))).MetricAlarms?.[0];
  const queueName = alarm?.Dimensions?.find((d) => d.Name === 'QueueName')?.Value;
  if (!queueName) return undefined;
  let url: string | undefined;
  try {
    url = (await c.sqs.send(new GetQueueUrlCommand({ QueueName: queueName }))).QueueUrl;
  } catch (e) {
    // A queue deleted by hand: the dead-letters check, which reads the same queue, reports it.
    if ((e as { name?: string }).name === SQS_NO_QUEUE) return undefined;
    throw e;
  }
  const attributes = (await c.sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn', 'KmsMasterKeyId'] }))).Attributes;
  const queueArn = attributes?.QueueArn;
  if (!queueArn) return undefined;
  const functionArn = (await c.lambda.send(new ListEventSourceMappingsCommand({ EventSourceArn: queueArn }))).EventSourceMappings?.find((m) => m.FunctionArn)?.FunctionArn;
  if (!functionArn) return undefined;
  const fn = await c.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: functionArn }));
  const tableName = fn.Environment?.Variables?.[NOTIFIER_TABLE.envVar];
  return tableName && fn.FunctionName
    ? { region, account: functionArn.split(':')[4] ?? '', functionName: fn.FunctionName, tableName, queueArn, ...(attributes?.KmsMasterKeyId ? { alertKeyId: attributes.KmsMasterKeyId } : {}) }
    : undefined;
}

/** An alarm whose last state the channel heard is ALARM (the notifier's record of it). */
export interface AlarmHeardInAlarm {
  readonly alarmArn: string;
  readonly alarmName: string;
  readonly region: string;
  readonly account: string;
  /** When the alarm went into that ALARM (its StateChangeTime). */
  readonly sinceMs: number;
}

/** Every alarm the notifier's table says the channel last heard in ALARM (records read as the notifier reads them: `alarmStateRecordOf`). */
export async function readAlarmsHeardInAlarm(dynamodb: DynamoDBClient, tableName: string, nowMs: number): Promise<AlarmHeardInAlarm[]> {
  const A = NOTIFIER_TABLE.attributes;
  const out: AlarmHeardInAlarm[] = [];
  const pages = paginateScan(
    { client: dynamodb },
    {
      TableName: tableName,
      FilterExpression: 'begins_with(#key, :prefix) AND #state = :alarm',
      ProjectionExpression: '#key, #state, #changed, #expires',
      ExpressionAttributeNames: { '#key': A.key, '#state': A.state, '#changed': A.changedAt, '#expires': A.expiresAt },
      ExpressionAttributeValues: { ':prefix': { S: NOTIFIER_TABLE.alarmStateKeyPrefix }, ':alarm': { S: 'ALARM' } },
    },
  );
  for await (const page of pages) {
    for (const item of page.Items ?? []) {
      const record = alarmStateRecordOf(item, nowMs);
      const parsed = record && parseAlarmArn(record.alarmArn);
      if (record?.state !== 'ALARM' || !parsed) continue;
      out.push({ alarmArn: record.alarmArn, alarmName: parsed.name, region: parsed.region, account: parsed.accountId, sinceMs: record.changedAtMs });
    }
  }
  return out.sort((a, b) => a.alarmName.localeCompare(b.alarmName));
}

/** An alarm as CloudWatch describes it now. */
export type AlarmNow = { readonly kind: 'metric'; readonly alarm: MetricAlarm } | { readonly kind: 'composite'; readonly alarm: CompositeAlarm };

/** The alarms of `names` that exist, metric or composite, by name (DescribeAlarms by name, 100 names a call). */
export async function describeAlarmsByName(cloudwatch: CloudWatchClient, names: readonly string[]): Promise<Map<string, AlarmNow>> {
  const found = new Map<string, AlarmNow>();
  for (let i = 0; i < names.length; i += ALARMS.describeAlarmsMaxNames) {
    const chunk = names.slice(i, i + ALARMS.describeAlarmsMaxNames);
    let token: string | undefined;
    do {
      const page = await cloudwatch.send(new DescribeAlarmsCommand({ AlarmNames: chunk, AlarmTypes: ['MetricAlarm', 'CompositeAlarm'], NextToken: token }));
      for (const alarm of page.MetricAlarms ?? []) if (alarm.AlarmName) found.set(alarm.AlarmName, { kind: 'metric', alarm });
      for (const alarm of page.CompositeAlarms ?? []) if (alarm.AlarmName) found.set(alarm.AlarmName, { kind: 'composite', alarm });
      token = page.NextToken;
    } while (token);
  }
  return found;
}

/**
 * How long after an alarm's move to OK its notification may still be on its way to the channel:
 * the intake queue's backlog alarm fires at 10 minutes (the dead-letters check reports that), and
 * an alert Slack rate-limits waits about 7.5 more minutes of redeliveries (SLACK_INTAKE); rounded
 * up, so a recovery being delivered is never reported as lost.
 */
export const RECOVERY_IN_FLIGHT_MS = 30 * 60_000;

/** An alarm the channel last heard in ALARM that has been OK long since, and would have told the channel. */
export interface UnheardRecovery {
  readonly okSinceMs: number;
  /** The SNS topic its OK notification goes to (the first of its OK actions that is one). */
  readonly topicArn: string;
}

/**
 * Whether `now` (the alarm as CloudWatch describes it) recovered after the ALARM the channel heard,
 * longer than `RECOVERY_IN_FLIGHT_MS` ago, with its actions enabled and an SNS topic among its OK
 * actions: its OK notification should have reached the channel and did not (Slack refused it and
 * its dead-letter entry is gone, or a maintenance window muted it). An alarm without OK actions, or
 * still failing, or without data (the app's alarms notify nobody on INSUFFICIENT_DATA) is not one.
 */
export function unheardRecovery(heard: AlarmHeardInAlarm, now: AlarmNow | undefined, nowMs: number): UnheardRecovery | undefined {
  const a = now?.alarm;
  if (!a || a.StateValue !== 'OK' || a.ActionsEnabled === false) return undefined;
  const topicArn = (a.OKActions ?? []).find((arn) => arn.split(':')[2] === 'sns');
  const okSinceMs = (a.StateTransitionedTimestamp ?? a.StateUpdatedTimestamp)?.getTime();
  if (!topicArn || okSinceMs === undefined || okSinceMs <= heard.sinceMs || nowMs - okSinceMs < RECOVERY_IN_FLIGHT_MS) return undefined;
  return { okSinceMs, topicArn };
}

/**
 * The deletion event CloudWatch sends EventBridge (`ALARM_DELETION_EVENT`), as the notifier's rule
 * would have delivered it for `alarm`, dated `nowMs`: the time of deletion is not known any more,
 * so the notice gives the time the command runs.
 */
function deletionEventFor(alarm: AlarmHeardInAlarm, nowMs: number, id: string): Record<string, unknown> {
  return {
    version: '0',
    id,
    'detail-type': ALARM_DELETION_EVENT.detailType,
    source: ALARM_DELETION_EVENT.source,
    account: alarm.account,
    time: new Date(nowMs).toISOString(),
    region: alarm.region,
    resources: [alarm.alarmArn],
    detail: { alarmName: alarm.alarmName, operation: ALARM_DELETION_EVENT.operation },
  };
}

/** `Sum` → `SUM`, `SampleCount` → `SAMPLE_COUNT`: how the notification spells the statistic (examples: "AVERAGE", "SUM"). */
const notificationStatistic = (s: string | undefined) => s?.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase();

/** CloudWatch's `StateChangeTime` form: `2025-06-03T17:43:27.123+0000`. */
const stateChangeTime = (ms: number) => new Date(ms).toISOString().replace('Z', '+0000');

const notificationDimensions = (dims: readonly { Name?: string; Value?: string }[] | undefined) => (dims ?? []).map((d) => ({ value: d.Value ?? '', name: d.Name ?? '' }));

/** The period a metric alarm is evaluated at: its own, else that of its metric-math queries. */
export function evaluationPeriodOf(m: MetricAlarm): number | undefined {
  return m.Period ?? m.Metrics?.map((q) => q.Period ?? q.MetricStat?.Period).find((p) => p !== undefined);
}

/**
 * The children that moved a composite to its state, from its `StateReasonData`
 * (`{"triggeringAlarms":[{"arn", "state":{"value","timestamp"}}]}`, the form CloudWatch's
 * EventBridge events carry as `reasonData`), in the form its SNS notification lists them
 * (`TriggeringChildren`: `{Arn, State{Value, Timestamp}}`). Reason data of another shape (one set
 * by SetAlarmState) gives none.
 */
function triggeringChildrenOf(reasonData: string | undefined): { Arn: string; State: { Value?: string; Timestamp?: string } }[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(reasonData ?? '');
  } catch {
    return [];
  }
  const list = (parsed as { triggeringAlarms?: unknown } | null)?.triggeringAlarms;
  if (!Array.isArray(list)) return [];
  return list.flatMap((t: { arn?: unknown; state?: { value?: unknown; timestamp?: unknown } } | null) =>
    typeof t?.arn === 'string'
      ? [{ Arn: t.arn, State: { ...(typeof t.state?.value === 'string' ? { Value: t.state.value } : {}), ...(typeof t.state?.timestamp === 'string' ? { Timestamp: t.state.timestamp } : {}) } }]
      : [],
  );
}

/**
 * The notification CloudWatch publishes when `now` moves to OK, rebuilt from DescribeAlarms (the
 * shape of "Amazon SNS notifications when alarms change state", CloudWatch User Guide: `Trigger`
 * for a metric alarm, with its metrics for metric math and anomaly detection; `AlarmRule` and the
 * children that moved it for a composite). The old state is the ALARM the channel heard, so the notifier posts it as that
 * alarm's recovery; its time is when the alarm went OK.
 */
export function recoveryNotificationOf(now: AlarmNow, okSinceMs: number): Record<string, unknown> {
  const a = now.alarm;
  const common = {
    AlarmName: a.AlarmName,
    AlarmDescription: a.AlarmDescription ?? null,
    AWSAccountId: a.AlarmArn?.split(':')[4],
    ...(a.AlarmConfigurationUpdatedTimestamp ? { AlarmConfigurationUpdatedTimestamp: stateChangeTime(a.AlarmConfigurationUpdatedTimestamp.getTime()) } : {}),
    NewStateValue: 'OK',
    NewStateReason: a.StateReason ?? 'recovered',
    StateChangeTime: stateChangeTime(okSinceMs),
    AlarmArn: a.AlarmArn,
    OldStateValue: 'ALARM',
    OKActions: a.OKActions ?? [],
    AlarmActions: a.AlarmActions ?? [],
    InsufficientDataActions: a.InsufficientDataActions ?? [],
  };
  if (now.kind === 'composite') {
    const children = triggeringChildrenOf(now.alarm.StateReasonData);
    return { ...common, AlarmRule: now.alarm.AlarmRule ?? '', ...(children.length ? { TriggeringChildren: children } : {}) };
  }
  const m = now.alarm;
  const period = evaluationPeriodOf(m);
  return {
    ...common,
    Trigger: {
      ...(m.MetricName ? { MetricName: m.MetricName, Namespace: m.Namespace } : {}),
      ...(m.Statistic ? { StatisticType: 'Statistic', Statistic: notificationStatistic(m.Statistic) } : {}),
      ...(m.ExtendedStatistic ? { StatisticType: 'ExtendedStatistic', ExtendedStatistic: m.ExtendedStatistic } : {}),
      ...(m.MetricName ? { Unit: m.Unit ?? null, Dimensions: notificationDimensions(m.Dimensions) } : {}),
      // A metric-math alarm has no period of its own in DescribeAlarms; its notification gives the
      // period its metrics are evaluated at.
      ...(period !== undefined ? { Period: period } : {}),
      EvaluationPeriods: m.EvaluationPeriods,
      ...(m.DatapointsToAlarm !== undefined ? { DatapointsToAlarm: m.DatapointsToAlarm } : {}),
      ComparisonOperator: m.ComparisonOperator,
      ...(m.ThresholdMetricId ? { ThresholdMetricId: m.ThresholdMetricId } : { Threshold: m.Threshold }),
      TreatMissingData: m.TreatMissingData ?? 'missing',
      EvaluateLowSampleCountPercentile: m.EvaluateLowSampleCountPercentile ?? '',
      ...(m.Metrics?.length
        ? {
            Metrics: m.Metrics.map((q) => ({
              Id: q.Id,
              ...(q.Expression !== undefined ? { Expression: q.Expression } : {}),
              ...(q.Label !== undefined ? { Label: q.Label } : {}),
              ReturnData: q.ReturnData ?? true,
              ...(q.MetricStat
                ? {
                    MetricStat: {
                      Metric: { Dimensions: notificationDimensions(q.MetricStat.Metric?.Dimensions), MetricName: q.MetricStat.Metric?.MetricName, Namespace: q.MetricStat.Metric?.Namespace },
                      Period: q.MetricStat.Period,
                      Stat: q.MetricStat.Stat,
                      ...(q.MetricStat.Unit ? { Unit: q.MetricStat.Unit } : {}),
                    },
                  }
                : {}),
            })),
          }
        : {}),
    },
  };
}

/** The notifier's function invoked with `event`, as a command any POSIX shell runs (see `deletionNoticeCommand`). */
function invokeCommand(notifier: SlackNotifierFound, event: unknown): string {
  return [
    `printf '%s\\n' ${shellWord(JSON.stringify(event))} |`,
    'aws lambda invoke',
    `--region ${shellWord(notifier.region)}`,
    `--function-name ${shellWord(notifier.functionName)}`,
    '--payload fileb:///dev/stdin',
    '/dev/stdout',
  ].join(' ');
}

/**
 * The command that has the notifier post `alarm`'s deletion now. The event goes in on stdin as a
 * `fileb://` file, which both major versions of the AWS CLI send as it is: version 2 base64-decodes
 * a blob given as text (hence its `--cli-binary-format raw-in-base64-out`, an option version 1
 * refuses) but not one read with `fileb://` (aws-cli v2, awscli/customizations/binaryformat.py
 * decodes text values only; awscli/paramfile.py reads `fileb://` as bytes). A pipe, so any POSIX
 * shell runs it.
 */
export function deletionNoticeCommand(notifier: SlackNotifierFound, alarm: AlarmHeardInAlarm, nowMs: number, id: string): string {
  return invokeCommand(notifier, deletionEventFor(alarm, nowMs, id));
}

/**
 * The command that has the notifier post `now`'s recovery: the SNS event the notifier's topic would
 * have delivered with the rebuilt notification, under a MessageId of its own (`id`), so the
 * notifier's idempotency record of the lost one does not stop it.
 */
export function recoveryNoticeCommand(notifier: SlackNotifierFound, now: AlarmNow, recovery: UnheardRecovery, nowMs: number, id: string): string {
  const event = {
    Records: [
      {
        EventSource: 'aws:sns',
        EventVersion: '1.0',
        Sns: {
          Type: 'Notification',
          MessageId: id,
          TopicArn: recovery.topicArn,
          Subject: `OK: "${now.alarm.AlarmName}" in ${notifier.region}`,
          Message: JSON.stringify(recoveryNotificationOf(now, recovery.okSinceMs)),
          Timestamp: new Date(nowMs).toISOString(),
        },
      },
    ],
  };
  return invokeCommand(notifier, event);
}

/**
 * The notifier's table as the app makes it (SlackWebhookNotifier: its key, on-demand billing, the
 * deployment's alert key, TTL on the expiry attribute, point-in-time recovery, the deployment's
 * tags), for the commands that make it again (lib/doctor/tables.ts) when it was deleted outside
 * CloudFormation, which does not make it again, or made again by hand with another key. Its records
 * are then gone: the channel's last word on each alarm is no longer known, which only affects
 * deletion notices and the recovery of an alarm whose ALARM was posted before.
 */
export function notifierTable(notifier: SlackNotifierFound, tags: TableToMake['tags']): TableToMake {
  const A = NOTIFIER_TABLE.attributes;
  return {
    region: notifier.region,
    tableName: notifier.tableName,
    key: A.key,
    expiresAt: A.expiresAt,
    // The KMS key id goes in as one shell word: a placeholder when the queue names none.
    encryption: { kmsKeyId: notifier.alertKeyId ?? '<the deployment alert key ARN>' },
    tags,
  };
}

/** The command that subscribes the notifier's intake queue to an alert topic again, as the app does (protocol sqs, the queue's ARN, no raw delivery). */
export function intakeSubscribeCommand(region: string, topicArn: string, queueArn: string): string {
  return `aws sns subscribe --region ${region} --topic-arn ${topicArn} --protocol sqs --notification-endpoint ${queueArn}`;
}

/** Whether `queueArn` is subscribed to the topic (protocol sqs, the queue's ARN as endpoint); undefined when the topic cannot be read (e.g. another account's). */
export async function isQueueSubscribed(sns: Pick<SNSClient, 'send'>, topicArn: string, queueArn: string): Promise<boolean | undefined> {
  let token: string | undefined;
  try {
    do {
      const page = await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: topicArn, NextToken: token }));
      if ((page.Subscriptions ?? []).some((s) => s.Protocol === 'sqs' && s.Endpoint === queueArn)) return true;
      token = page.NextToken;
    } while (token);
    return false;
  } catch {
    return undefined;
  }
}
