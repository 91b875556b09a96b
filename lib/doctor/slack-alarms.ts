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
 */
import { type CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { type DynamoDBClient, paginateScan } from '@aws-sdk/client-dynamodb';
import { GetFunctionConfigurationCommand, type LambdaClient, ListEventSourceMappingsCommand } from '@aws-sdk/client-lambda';
import { GetQueueAttributesCommand, GetQueueUrlCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { ALARM_DELETION_EVENT, alarmStateRecordOf, NOTIFIER_TABLE } from '../../contracts/slack-notifier';
import { ALARMS } from '../aws-facts';

/** The SDK's error for a queue that does not exist (its `Code` is AWS.SimpleQueueService.NonExistentQueue). */
const SQS_NO_QUEUE = 'QueueDoesNotExist';

/** A region's Slack webhook notifier: its function and the table it keeps what it posted in. */
export interface SlackNotifierFound {
  readonly region: string;
  /** The account of the function (from its ARN): the notifier hears only that account's alarms. */
  readonly account: string;
  readonly functionName: string;
  readonly tableName: string;
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
  const queueArn = (await c.sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }))).Attributes?.QueueArn;
  if (!queueArn) return undefined;
  const functionArn = (await c.lambda.send(new ListEventSourceMappingsCommand({ EventSourceArn: queueArn }))).EventSourceMappings?.find((m) => m.FunctionArn)?.FunctionArn;
  if (!functionArn) return undefined;
  const fn = await c.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: functionArn }));
  const tableName = fn.Environment?.Variables?.[NOTIFIER_TABLE.envVar];
  return tableName && fn.FunctionName ? { region, account: functionArn.split(':')[4] ?? '', functionName: fn.FunctionName, tableName } : undefined;
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

/** `arn:<partition>:cloudwatch:<region>:<account>:alarm:<name>` (a name may hold `:`). */
function parseAlarmArn(arn: string): { region: string; account: string; name: string } | undefined {
  const parts = arn.split(':');
  if (parts.length < 7 || parts[0] !== 'arn' || parts[2] !== 'cloudwatch' || parts[5] !== 'alarm') return undefined;
  const name = parts.slice(6).join(':');
  return name ? { region: parts[3], account: parts[4], name } : undefined;
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
      out.push({ alarmArn: record.alarmArn, alarmName: parsed.name, region: parsed.region, account: parsed.account, sinceMs: record.changedAtMs });
    }
  }
  return out.sort((a, b) => a.alarmName.localeCompare(b.alarmName));
}

/** Which of `names` exist as metric or composite alarms (DescribeAlarms by name, 100 names a call). */
export async function existingAlarmNames(cloudwatch: CloudWatchClient, names: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < names.length; i += ALARMS.describeAlarmsMaxNames) {
    const chunk = names.slice(i, i + ALARMS.describeAlarmsMaxNames);
    let token: string | undefined;
    do {
      const page = await cloudwatch.send(new DescribeAlarmsCommand({ AlarmNames: chunk, AlarmTypes: ['MetricAlarm', 'CompositeAlarm'], NextToken: token }));
      for (const a of [...(page.MetricAlarms ?? []), ...(page.CompositeAlarms ?? [])]) if (a.AlarmName) found.add(a.AlarmName);
      token = page.NextToken;
    } while (token);
  }
  return found;
}

/** One shell word (single quotes; a `'` inside is closed, escaped and reopened). */
function shellWord(s: string): string {
  if (/^[A-Za-z0-9_./:@=+-]+$/.test(s)) return s;
  const closedEscapedReopened = "'" + '\\' + "''";
  return "'" + s.split("'").join(closedEscapedReopened) + "'";
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

/**
 * The command that has the notifier post `alarm`'s deletion now. The event goes in on stdin as a
 * `fileb://` file, which both major versions of the AWS CLI send as it is: version 2 base64-decodes
 * a blob given as text (hence its `--cli-binary-format raw-in-base64-out`, an option version 1
 * refuses) but not one read with `fileb://` (aws-cli v2, awscli/customizations/binaryformat.py
 * decodes text values only; awscli/paramfile.py reads `fileb://` as bytes). A pipe, so any POSIX
 * shell runs it.
 */
export function deletionNoticeCommand(notifier: SlackNotifierFound, alarm: AlarmHeardInAlarm, nowMs: number, id: string): string {
  return [
    `printf '%s\\n' ${shellWord(JSON.stringify(deletionEventFor(alarm, nowMs, id)))} |`,
    'aws lambda invoke',
    `--region ${shellWord(notifier.region)}`,
    `--function-name ${shellWord(notifier.functionName)}`,
    '--payload fileb:///dev/stdin',
    '/dev/stdout',
  ].join(' ');
}
