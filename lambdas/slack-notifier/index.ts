/**
 * Lambda handler: alarm topics → intake queue (SQS event source mapping) → Slack incoming webhook;
 * an SNS event invoked by hand (the dead-letter redrive) is taken too, and CloudWatch's event of a
 * deleted alarm (EventBridge). Wiring only; the logic is in notifier.ts and its siblings.
 */
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Context } from 'aws-lambda';
import { loadConfig } from './config';
import { createNotifier, EventOutcome, notifierIdempotencyConfig } from './notifier';
import { QueueEvent, queueEventOf } from './queue-event';
import { AlarmDeletion, alarmDeletionOf } from './alarm-deletion';
import { validateSnsEvent, ValidatedEvent } from './sns-event';
import { webhookUrlFromSecret } from './webhook-url';
import { dynamoAlarmStateStore } from './alarm-state';
import { notifierIdempotencyStore } from './idempotency-store';
import { secretsClientFor } from '../shared/secrets-client';
import type { ChangeMessageVisibilityCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import type { SqsSender } from './dead-letter';
import { handlerLogger } from '../shared/logger';
import { QUICK_CALL_CLIENT_CONFIG } from '../shared/aws-clients';

/** The SQS client is created on first use (only when an alert must be dead-lettered or put back): faster cold start. */
function lazySqsClient(): SqsSender {
  let client: Promise<import('@aws-sdk/client-sqs').SQSClient> | undefined;
  return {
    // Forwards to the client, whose own overloads give each command its output type.
    async send(command: SendMessageCommand | ChangeMessageVisibilityCommand): Promise<never> {
      client ??= import('@aws-sdk/client-sqs').then((m) => new m.SQSClient(QUICK_CALL_CLIENT_CONFIG));
      return (await client).send(command as never);
    },
  };
}

const logger = handlerLogger('dns-monitor-slack-notifier');
const config = loadConfig(process.env);
const idempotencyConfig = notifierIdempotencyConfig(config.idempotencyExpiresSeconds);
/** One client for the table's two kinds of records: idempotency and the state last posted per alarm. */
const dynamodb = new DynamoDBClient(QUICK_CALL_CLIENT_CONFIG);

const notifier = createNotifier({
  logger,
  fetch: globalThis.fetch,
  now: Date.now,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
  sqs: lazySqsClient(),
  deadLetterQueueUrl: config.deadLetterQueueUrl,
  webhookUrl: webhookUrlFromSecret(
    // One secret per deployment: the notifiers of other regions read it in its own region.
    new SecretsProvider({ awsSdkV3Client: secretsClientFor(config.webhookSecretId) }),
    config.webhookSecretId,
    config.secretMaxAgeSeconds,
  ),
  retry: config.retry,
  postIntervalMs: config.postIntervalMs,
  intake: config.intake,
  alarmStates: dynamoAlarmStateStore(dynamodb, config.tableName),
  idempotency: {
    persistenceStore: notifierIdempotencyStore(config.tableName, dynamodb, (message, details) => logger.error(message, details)),
    config: idempotencyConfig,
  },
});

/** The partial batch response an SQS event source mapping reads (nothing else: its shape is Lambda's). */
type HandlerOutcome = EventOutcome | { batchItemFailures: { itemIdentifier: string }[] };

/** middy middleware: zod-validates the envelope (SQS batch, else an alarm's deletion event, else SNS event) and hands the logic a typed event. */
const validateEnvelope = (): middy.MiddlewareObj<unknown, HandlerOutcome, Error, Context> => ({
  before: (request) => {
    idempotencyConfig.registerLambdaContext(request.context);
    request.event = queueEventOf(request.event) ?? alarmDeletionOf(request.event) ?? validateSnsEvent(request.event);
  },
});

export const handler = middy<unknown, HandlerOutcome, Error, Context>()
  .use(injectLambdaContext(logger))
  .use(validateEnvelope())
  .handler(async (event, context) => {
    const typed = event as QueueEvent | AlarmDeletion | ValidatedEvent;
    if (typed.kind === 'alarm-deleted') return notifier.handleAlarmDeletion(typed, context.getRemainingTimeInMillis());
    if (typed.kind !== 'sqs') return notifier.handleEvent(typed, context.getRemainingTimeInMillis());
    const { batchItemFailures } = await notifier.handleQueueEvent(typed, context.getRemainingTimeInMillis());
    return { batchItemFailures };
  });
