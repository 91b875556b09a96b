/**
 * The state the notifier last posted for each alarm, kept in its table beside the idempotency
 * records (`NOTIFIER_TABLE` in contracts/slack-notifier.ts: key `alarm-state#<AlarmArn>`; Powertools'
 * keys start `slack-notifier#`). `dns-monitor doctor` reads these records too (lib/doctor/slack-alarms.ts).
 *
 * Why: an OK that follows INSUFFICIENT_DATA is usually a new alarm's first evaluation (no news, not
 * posted), but it is also how an alarm recovers after a stretch without data (ALARM, then
 * INSUFFICIENT_DATA, which runs no action, then OK: treatMissingData `missing` at a quiet zone).
 * The channel heard the ALARM; it must hear the OK. Only this record tells the two apart.
 *
 * A write keeps the newest state: alerts from a standard queue can arrive out of order (and an
 * alert Slack rate-limited waits on the queue while later ones go ahead), so a late ALARM must not
 * undo the OK posted after it. Reading the record also tells the notifier that an alert it is
 * about to post is older than one the channel already has (the post says so), and when a
 * recovery's ALARM began. Records expire (DynamoDB TTL on `expiration`, the attribute the
 * idempotency records use) after `ALARM_STATE_KEEP_SECONDS`.
 */
import { ConditionalCheckFailedException, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { alarmStateKey, alarmStateRecordOf, NOTIFIER_TABLE, type PostedState } from '../../contracts/slack-notifier';

/** A state the channel was told, and when the alarm changed to it (its `StateChangeTime`; for `DELETED`, the deletion's time). */
export interface PostedRecord {
  readonly state: PostedState;
  readonly changedAtMs: number;
}

export interface AlarmStateStore {
  /** The newest state posted for the alarm, if a record of it is still kept. */
  lastPosted(alarmArn: string, nowMs: number): Promise<PostedRecord | undefined>;
  /**
   * Records a posted state, unless a newer one (by the alarm's own `StateChangeTime`) is kept
   * already. `recoveredFromAlarmAtMs`: the posted OK ended the ALARM the channel heard, changed to then.
   */
  recordPosted(alarmArn: string, state: PostedState, changedAtMs: number, nowMs: number, recoveredFromAlarmAtMs?: number): Promise<void>;
}

/** How long a posted state is remembered: an alarm silent in INSUFFICIENT_DATA for longer recovers unannounced. */
export const ALARM_STATE_KEEP_SECONDS = 90 * 86_400;

const A = NOTIFIER_TABLE.attributes;

/** The subset of the DynamoDB client the store uses. */
export type DynamoSender = Pick<DynamoDBClient, 'send'>;

export function dynamoAlarmStateStore(client: DynamoSender, tableName: string, keepSeconds = ALARM_STATE_KEEP_SECONDS): AlarmStateStore {
  return {
    async lastPosted(alarmArn, nowMs) {
      const out = await client.send(new GetItemCommand({ TableName: tableName, Key: alarmStateKey(alarmArn), ConsistentRead: true }));
      const record = alarmStateRecordOf(out.Item, nowMs);
      return record && { state: record.state, changedAtMs: record.changedAtMs };
    },
    async recordPosted(alarmArn, state, changedAtMs, nowMs, recoveredFromAlarmAtMs) {
      try {
        await client.send(
          new PutItemCommand({
            TableName: tableName,
            Item: {
              ...alarmStateKey(alarmArn),
              [A.state]: { S: state },
              [A.changedAt]: { N: String(changedAtMs) },
              [A.expiresAt]: { N: String(Math.floor(nowMs / 1000) + keepSeconds) },
              ...(recoveredFromAlarmAtMs === undefined ? {} : { [A.recoveredFrom]: { N: String(recoveredFromAlarmAtMs) } }),
            },
            ConditionExpression: `attribute_not_exists(${A.key}) OR ${A.changedAt} < :changedAt`,
            ExpressionAttributeValues: { ':changedAt': { N: String(changedAtMs) } },
          }),
        );
      } catch (e) {
        // A newer state is kept already: this alert arrived late.
        if (e instanceof ConditionalCheckFailedException || (e as { name?: string })?.name === 'ConditionalCheckFailedException') return;
        throw e;
      }
    },
  };
}
