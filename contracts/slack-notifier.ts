/**
 * What the construct and the handler of the Slack webhook notifier share. The retry defaults: the construct (lib/alerts/slack-webhook-notifier.ts)
 * passes them to the function and sizes its timeout from them; the handler
 * (lambdas/slack-notifier/slack-delivery.ts) starts from them.
 */
export const SLACK_RETRY_DEFAULTS = {
  /** Failed attempts per alert, including the first (a 429 answer is not counted: the time budget ends those). */
  maxAttempts: 5,
  /** Hard limit for one POST to Slack, reading the answer included. */
  attemptTimeoutMs: 4_000,
  /** All attempts and waits of one alert together. */
  totalBudgetMs: 25_000,
} as const;

/**
 * Why the notifier puts an alert on its dead-letter queue: each entry's `reason`, and what it means
 * (the dead-letter alarm's description lists them for whoever reads the queue).
 */
export const SLACK_DEAD_LETTER_REASONS = {
  'slack-delivery-failed': 'Slack refused it or kept failing: an outage, a revoked or deleted webhook',
  'slack-rate-limited': 'Slack rate-limited it on every receive: another busy sender on the webhook',
  'webhook-secret': 'the webhook secret holds no usable URL',
  'unexpected-error': 'the notifier failed; its log says why',
} as const;

export type SlackDeadLetterReason = keyof typeof SLACK_DEAD_LETTER_REASONS;

/**
 * The event CloudWatch sends EventBridge when an alarm is deleted (it also sends one when an alarm
 * is created or updated: "Alarm events and EventBridge", CloudWatch User Guide,
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch-and-eventbridge.html).
 * The field names are those of the EventBridge schema registry's
 * `aws.cloudwatch@CloudWatchAlarmConfigurationChange` (detail: alarmName, operation, state,
 * configuration); the User Guide's examples spell the operation `create` and `update`, and AWS's
 * own managed rule `AmazonCloudWatch-ApplicationInsights-AlarmConfChangeManagedRule` (CloudWatch
 * Application Insights) matches deletions with `"operation": ["delete"]`. The construct's rule
 * (lib/alerts/slack-webhook-notifier.ts) and the handler (lambdas/slack-notifier/alarm-deletion.ts)
 * read these.
 */
export const ALARM_DELETION_EVENT = {
  source: 'aws.cloudwatch',
  detailType: 'CloudWatch Alarm Configuration Change',
  operation: 'delete',
} as const;

/**
 * The notifier's table as the construct names it to the function, the handler keeps it
 * (lambdas/slack-notifier/alarm-state.ts) and `dns-monitor doctor` reads it (lib/doctor/slack-alarms.ts):
 * the function's environment variable that names the table, and the record of the state the
 * channel last heard of each alarm (key `<alarmStateKeyPrefix><AlarmArn>`; Powertools' idempotency
 * records share the table under keys of their own). `expiresAt` is the table's TTL attribute
 * (epoch seconds), `changedAt` the alarm's StateChangeTime of that state (epoch milliseconds),
 * `recoveredFrom` on an OK the channel heard as a recovery: the StateChangeTime of the ALARM it
 * ended (epoch milliseconds), so `dns-monitor test-alert` still sees a test page that was posted
 * and recovered before it looked.
 */
export const NOTIFIER_TABLE = {
  envVar: 'IDEMPOTENCY_TABLE_NAME',
  alarmStateKeyPrefix: 'alarm-state#',
  attributes: { key: 'id', state: 'postedState', changedAt: 'changedAt', expiresAt: 'expiration', recoveredFrom: 'recoveredFromAlarmAt' },
} as const;

/** The table key of `alarmArn`'s alarm-state record, as DynamoDB takes it (GetItem, PutItem). */
export function alarmStateKey(alarmArn: string): Record<string, { S: string }> {
  return { [NOTIFIER_TABLE.attributes.key]: { S: NOTIFIER_TABLE.alarmStateKeyPrefix + alarmArn } };
}

/** A state the notifier records as posted: `DELETED`, the alarm was deleted (told to the channel when its last word on it was ALARM). */
export type PostedState = 'ALARM' | 'OK' | 'DELETED';

/** An item of the table as DynamoDB returns it (attribute values by name). */
export type NotifierTableItem = Readonly<Record<string, { readonly S?: string; readonly N?: string } | undefined>>;

/**
 * The alarm-state record an item of the table is: the alarm's ARN, the state posted and when the
 * alarm changed to it. Undefined for another item (an idempotency record), a record past its
 * `expiresAt` (TTL deletes expired items within days, so one may still be read), or one that is
 * not whole. Read by the notifier and by `dns-monitor doctor`.
 */
export function alarmStateRecordOf(
  item: NotifierTableItem | undefined,
  nowMs: number,
): { alarmArn: string; state: PostedState; changedAtMs: number; recoveredFromAlarmAtMs?: number } | undefined {
  const A = NOTIFIER_TABLE.attributes;
  const key = item?.[A.key]?.S;
  if (!item || !key?.startsWith(NOTIFIER_TABLE.alarmStateKeyPrefix)) return undefined;
  if (Number(item[A.expiresAt]?.N ?? 0) <= nowMs / 1000) return undefined;
  const state = item[A.state]?.S;
  const changedAtMs = Number(item[A.changedAt]?.N);
  if ((state !== 'ALARM' && state !== 'OK' && state !== 'DELETED') || !Number.isFinite(changedAtMs)) return undefined;
  const recoveredFromAlarmAtMs = Number(item[A.recoveredFrom]?.N);
  return { alarmArn: key.slice(NOTIFIER_TABLE.alarmStateKeyPrefix.length), state, changedAtMs, ...(state === 'OK' && Number.isFinite(recoveredFromAlarmAtMs) ? { recoveredFromAlarmAtMs } : {}) };
}
