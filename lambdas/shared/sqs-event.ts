/**
 * The event an SQS event source mapping hands a function: a batch of records, each with the id a
 * partial batch failure names (`batchItemFailures`), its body as sent, and how often it has been
 * received (Lambda Developer Guide, "Using Lambda with Amazon SQS", example event).
 */
import * as z from 'zod/mini';

const sqsRecordSchema = z.looseObject({
  eventSource: z.literal('aws:sqs'),
  messageId: z.string().check(z.minLength(1)),
  receiptHandle: z.optional(z.string()),
  body: z.string(),
  attributes: z.optional(z.looseObject({ ApproximateReceiveCount: z.optional(z.string()) })),
});

export type SqsRecord = z.infer<typeof sqsRecordSchema>;

const sqsEventSchema = z.looseObject({ Records: z.array(sqsRecordSchema).check(z.minLength(1)) });

/** The batch's records, or undefined when `raw` is not an SQS event. */
export function sqsRecordsOf(raw: unknown): SqsRecord[] | undefined {
  const parsed = sqsEventSchema.safeParse(raw);
  return parsed.success ? parsed.data.Records : undefined;
}

/** What a function with `ReportBatchItemFailures` returns: the messages to deliver again. */
export interface BatchResponse {
  readonly batchItemFailures: { readonly itemIdentifier: string }[];
}
