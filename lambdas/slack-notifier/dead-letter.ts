/**
 * Alerts that could not be posted go to an encrypted SQS queue together with the reason, so
 * nothing is lost: the original SNS record is kept as received and can be redriven (docs/slack.md).
 */
import type { SlackDeadLetterReason } from '../../contracts/slack-notifier';
import type { ChangeMessageVisibilityCommand, SendMessageCommand, SendMessageCommandOutput } from '@aws-sdk/client-sqs';

/**
 * All the notifier needs of SQS (the client is created lazily): sending one message to the
 * dead-letter queue, and putting a rate-limited alert back on the intake queue for later.
 */
export interface SqsSender {
  send(command: SendMessageCommand): Promise<SendMessageCommandOutput>;
  send(command: ChangeMessageVisibilityCommand): Promise<unknown>;
}

export interface DeadLetterEntry {
  /** Why the alert was not posted (contracts/slack-notifier.ts says what each means). */
  readonly reason: SlackDeadLetterReason;
  readonly error: string;
  readonly attempts: number;
  /** SNS MessageId when the record had one. */
  readonly messageId?: string;
  /** The SNS record (or whole event) exactly as the function received it. */
  readonly record: unknown;
}

export interface DeadLetterBody extends DeadLetterEntry {
  readonly failedAt: string;
  readonly source: 'dns-monitor-slack-notifier';
}

export async function sendToDeadLetter(sqs: SqsSender, queueUrl: string, entry: DeadLetterEntry, nowMs: number): Promise<string | undefined> {
  const body: DeadLetterBody = { source: 'dns-monitor-slack-notifier', failedAt: new Date(nowMs).toISOString(), ...entry };
  // Loaded on first use: dead-lettering is the rare path, and the module costs ~20 ms of cold start.
  const { SendMessageCommand } = await import('@aws-sdk/client-sqs');
  const out = await sqs.send(
    new SendMessageCommand({
      QueueUrl: queueUrl,
      MessageBody: JSON.stringify(body),
      MessageAttributes: {
        reason: { DataType: 'String', StringValue: entry.reason },
        ...(entry.messageId ? { snsMessageId: { DataType: 'String', StringValue: entry.messageId } } : {}),
      },
    }),
  );
  return out.MessageId;
}
