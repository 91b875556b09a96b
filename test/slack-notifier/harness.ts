/**
 * Runs the notifier logic in-process against real services on loopback: moto server (Secrets
 * Manager, DynamoDB, SQS) and the fake Slack HTTP server. No module mocking.
 */
import { CreateTableCommand, DynamoDBClient, UpdateContinuousBackupsCommand, UpdateTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { CreateSecretCommand, PutSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { CreateQueueCommand, DeleteMessageCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { CreateTopicCommand, PublishCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { notifierIdempotencyStore } from '../../lambdas/slack-notifier/idempotency-store';
import { AlarmStateStore, dynamoAlarmStateStore } from '../../lambdas/slack-notifier/alarm-state';
import { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import { randomUUID } from 'node:crypto';
import { createNotifier, IntakeSettings, LoggerLike, notifierIdempotencyConfig } from '../../lambdas/slack-notifier/notifier';
import { RetryPolicy } from '../../lambdas/slack-notifier/slack-delivery';
import { webhookUrlFromSecret } from '../../lambdas/slack-notifier/webhook-url';
import { NOTIFIER_TABLE } from '../../contracts/slack-notifier';
import { bundleHandler } from '../support/bundled-handler';
import { MotoServer, startMoto } from '../support/moto';
import { FakeSlack, startFakeSlack } from './fake-slack';

/** Fast policy for tests: short timeouts and waits, same logic. */
export const TEST_POLICY: RetryPolicy = {
  maxAttempts: 4,
  // Well above loopback round trips even on a loaded 2-core CI machine (400 ms caused a spurious
  // retry there), well below the 2 s and 5 s "slow" answers the timeout tests use.
  attemptTimeoutMs: 1_000,
  baseDelayMs: 20,
  maxDelayMs: 80,
  maxRetryAfterMs: 1_500,
  totalBudgetMs: 6_000,
};

export interface LogLine {
  level: string;
  message: string;
  extra: Record<string, unknown>[];
}

export function collectingLogger(): LoggerLike & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  const at = (level: string) => (message: string, ...extra: Record<string, unknown>[]) => lines.push({ level, message, extra });
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

export interface Resources {
  secretArn: string;
  tableName: string;
  queueUrl: string;
  sqs: SQSClient;
  ddb: DynamoDBClient;
  secrets: SecretsManagerClient;
}

export async function createResources(moto: MotoServer, webhookUrl: string): Promise<Resources> {
  const cfg = moto.clientConfig();
  const sqs = new SQSClient(cfg);
  const ddb = new DynamoDBClient(cfg);
  const secrets = new SecretsManagerClient(cfg);
  const id = randomUUID().slice(0, 8);
  const secret = await secrets.send(new CreateSecretCommand({ Name: `slack-webhook-${id}`, SecretString: webhookUrl }));
  const tableName = `slack-idempotency-${id}`;
  await makeNotifierTable(ddb, tableName);
  const queue = await sqs.send(new CreateQueueCommand({ QueueName: `slack-dlq-${id}` }));
  return { secretArn: secret.ARN!, tableName, queueUrl: queue.QueueUrl!, sqs, ddb, secrets };
}

/**
 * The notifier's table as the template makes it: key, on-demand billing, TTL, point-in-time recovery,
 * and with `keyArn` encrypted under that key, the deployment's alert key (test/doctor/slack-alarms.test.ts
 * compares the table doctor's fix makes with the synthesized one).
 */
export async function makeNotifierTable(ddb: DynamoDBClient, tableName: string, keyArn?: string): Promise<void> {
  const A = NOTIFIER_TABLE.attributes;
  await ddb.send(
    new CreateTableCommand({
      TableName: tableName,
      KeySchema: [{ AttributeName: A.key, KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: A.key, AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
      ...(keyArn ? { SSESpecification: { Enabled: true, SSEType: 'KMS', KMSMasterKeyId: keyArn } } : {}),
    }),
  );
  await ddb.send(new UpdateTimeToLiveCommand({ TableName: tableName, TimeToLiveSpecification: { Enabled: true, AttributeName: A.expiresAt } }));
  await ddb.send(new UpdateContinuousBackupsCommand({ TableName: tableName, PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } }));
}

export async function setWebhookUrl(r: Resources, value: string): Promise<void> {
  await r.secrets.send(new PutSecretValueCommand({ SecretId: r.secretArn, SecretString: value }));
}

export function makeNotifier(
  r: Resources,
  opts: { retry?: Partial<RetryPolicy>; idempotent?: boolean; logger?: LoggerLike; secretMaxAge?: number; postIntervalMs?: number; pacingQuietMs?: number; intake?: IntakeSettings; alarmStates?: AlarmStateStore } = {},
) {
  const logger = opts.logger ?? collectingLogger();
  return createNotifier({
    logger,
    fetch: globalThis.fetch,
    now: Date.now,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    random: Math.random,
    sqs: r.sqs,
    deadLetterQueueUrl: r.queueUrl,
    webhookUrl: webhookUrlFromSecret(new SecretsProvider({ awsSdkV3Client: r.secrets }), r.secretArn, opts.secretMaxAge ?? 300),
    retry: { ...TEST_POLICY, ...opts.retry },
    reserveMs: 500,
    postIntervalMs: opts.postIntervalMs,
    pacingQuietMs: opts.pacingQuietMs,
    intake: opts.intake,
    // As the handler builds it: the same table as the idempotency records.
    alarmStates: opts.alarmStates ?? dynamoAlarmStateStore(r.ddb, r.tableName),
    idempotency:
      opts.idempotent === false
        ? undefined
        : {
            // As the handler builds it: failing open, its errors to the notifier's logger.
            persistenceStore: notifierIdempotencyStore(r.tableName, r.ddb, (message, details) => logger.error(message, details)),
            config: (() => {
              const c = notifierIdempotencyConfig(3600);
              // What the handler does with the real Lambda context (in-progress expiry).
              c.registerLambdaContext({ getRemainingTimeInMillis: () => 30_000 } as never);
              return c;
            })(),
          },
  });
}

/** Reads (and deletes) everything currently on the dead-letter queue. */
export async function drainQueue(r: Resources): Promise<{ body: any; attributes: Record<string, string> }[]> {
  const out: { body: any; attributes: Record<string, string> }[] = [];
  for (let i = 0; i < 10; i++) {
    const res = await r.sqs.send(new ReceiveMessageCommand({ QueueUrl: r.queueUrl, MaxNumberOfMessages: 10, MessageAttributeNames: ['All'], WaitTimeSeconds: 0 }));
    const msgs = res.Messages ?? [];
    if (!msgs.length) break;
    for (const m of msgs) {
      const attributes = Object.fromEntries(Object.entries(m.MessageAttributes ?? {}).map(([k, v]) => [k, v.StringValue ?? '']));
      out.push({ body: JSON.parse(m.Body ?? 'null'), attributes });
      await r.sqs.send(new DeleteMessageCommand({ QueueUrl: r.queueUrl, ReceiptHandle: m.ReceiptHandle }));
    }
  }
  return out;
}

export interface NotifierEnvironment {
  moto: MotoServer;
  slack: FakeSlack;
  r: Resources;
}

/**
 * Registers the suite hooks every notifier test file needs: a moto server and a fake Slack on
 * 127.0.0.1, the notifier's resources in moto, and shutting both down afterwards. The returned
 * object is filled in by the time the tests run.
 */
export function useNotifierEnvironment(opts: { cleanEach?: boolean } = {}): NotifierEnvironment {
  const env = {} as NotifierEnvironment;
  beforeAll(async () => {
    [env.moto, env.slack] = await Promise.all([startMoto(), startFakeSlack()]);
    env.r = await createResources(env.moto, env.slack.url);
  });
  afterAll(async () => {
    await Promise.all([env.moto?.stop(), env.slack?.close()]);
  });
  // `cleanEach`: every test starts with no posts recorded and an empty dead-letter queue.
  if (opts.cleanEach) {
    beforeEach(async () => {
      env.slack.reset();
      await drainQueue(env.r);
    });
  }
  return env;
}

/**
 * The alarm topics' path into the notifier, through moto: a topic subscribed (not raw) to an
 * intake queue, as SlackWebhookNotifier builds it. `publish` sends through SNS; `receive` reads
 * what SNS delivered and hands it over as the SQS event Lambda's event source mapping builds from
 * received messages (Lambda Developer Guide, "Using Lambda with Amazon SQS", example event).
 */
export interface IntakePath {
  readonly topicArn: string;
  readonly queueUrl: string;
  readonly queueArn: string;
  publish(message: unknown, subject?: string): Promise<string>;
  /** Receives up to `max` messages (waiting up to 2 s for the first) as one SQS event. */
  receive(max?: number): Promise<{ Records: SqsEventRecord[] }>;
}

export interface SqsEventRecord {
  messageId: string;
  receiptHandle: string;
  body: string;
  attributes: Record<string, string>;
  messageAttributes: Record<string, unknown>;
  md5OfBody: string;
  eventSource: 'aws:sqs';
  eventSourceARN: string;
  awsRegion: string;
}

export async function createIntakePath(moto: MotoServer, r: Resources): Promise<IntakePath> {
  const sns = new SNSClient(moto.clientConfig());
  const id = randomUUID().slice(0, 8);
  const topicArn = (await sns.send(new CreateTopicCommand({ Name: `alerts-critical-${id}` }))).TopicArn!;
  const queueUrl = (await r.sqs.send(new CreateQueueCommand({ QueueName: `slack-intake-${id}` }))).QueueUrl!;
  const queueArn = (await r.sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }))).Attributes!.QueueArn!;
  await sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'sqs', Endpoint: queueArn }));
  return {
    topicArn,
    queueUrl,
    queueArn,
    publish: async (message, subject) =>
      (await sns.send(new PublishCommand({ TopicArn: topicArn, Message: typeof message === 'string' ? message : JSON.stringify(message), Subject: subject }))).MessageId!,
    async receive(max = 10) {
      const res = await r.sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: max, WaitTimeSeconds: 2, AttributeNames: ['All'], MessageAttributeNames: ['All'] }));
      return {
        Records: (res.Messages ?? []).map((m) => ({
          messageId: m.MessageId!,
          receiptHandle: m.ReceiptHandle!,
          body: m.Body!,
          attributes: (m.Attributes ?? {}) as Record<string, string>,
          messageAttributes: m.MessageAttributes ?? {},
          md5OfBody: m.MD5OfBody!,
          eventSource: 'aws:sqs' as const,
          eventSourceARN: queueArn,
          awsRegion: 'us-east-1',
        })),
      };
    },
  };
}

/**
 * The bundled notifier (as deployed: esbuild output, real handler entry) run once with each of
 * `events`, against `env`'s moto and Slack stand-in, with the environment the construct gives it.
 * Returns the handler's answers.
 */
export async function invokeBundledNotifier(env: NotifierEnvironment, events: readonly unknown[]): Promise<{ code: number | null; results: unknown[]; stdout: string; stderr: string }> {
  const bundle = bundleHandler('slack-notifier');
  try {
    return await bundle.invoke([...events], {
      AWS_REGION: 'us-east-1',
      AWS_ENDPOINT_URL: env.moto.endpoint,
      SLACK_WEBHOOK_SECRET_ID: env.r.secretArn,
      [NOTIFIER_TABLE.envVar]: env.r.tableName,
      DEAD_LETTER_QUEUE_URL: env.r.queueUrl,
    });
  } finally {
    bundle.remove();
  }
}
