/**
 * The event the intake queue's event source mapping hands the function: SQS records whose body is
 * the SNS notification (the subscription is not raw, so SNS wraps each message in its JSON
 * envelope: Type, MessageId, TopicArn, Subject, Message, Timestamp, ...). Each body becomes the
 * SNS record the rest of the notifier reads, so rendering, duplicates (SNS MessageId) and the
 * dead-letter format are the same whichever way an alert arrives.
 */
import * as z from 'zod/mini';
import { sqsRecordsOf } from '../shared/sqs-event';

/** One message of the batch: its SQS id (what a partial batch failure names) and the SNS record it carries. */
export interface QueueMessage {
  readonly messageId: string;
  /** What ChangeMessageVisibility names the message by (Lambda always passes it). */
  readonly receiptHandle?: string;
  readonly receiveCount: number;
  readonly record: unknown;
}

export interface QueueEvent {
  readonly kind: 'sqs';
  readonly messages: QueueMessage[];
}

const snsEnvelopeSchema = z.looseObject({
  Type: z.literal('Notification'),
  MessageId: z.string(),
  Message: z.string(),
});

/** The SNS record a queue message body stands for; a body that is not an SNS notification is kept as it came (rendered as an unparseable alert). */
function recordOf(body: string): unknown {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { queueMessageBody: body };
  }
  return snsEnvelopeSchema.safeParse(json).success ? { EventSource: 'aws:sns', Sns: json } : { queueMessageBody: json };
}

/** The queue's batch, or undefined when `raw` is not an SQS event (then it is read as an SNS event). */
export function queueEventOf(raw: unknown): QueueEvent | undefined {
  const records = sqsRecordsOf(raw);
  if (!records) return undefined;
  return {
    kind: 'sqs',
    messages: records.map((r) => ({
      messageId: r.messageId,
      receiptHandle: r.receiptHandle,
      receiveCount: Number(r.attributes?.ApproximateReceiveCount ?? 1),
      record: recordOf(r.body),
    })),
  };
}
