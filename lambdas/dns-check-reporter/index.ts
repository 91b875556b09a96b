/**
 * Lambda entry point of the DNS check reporter (primary region): when a DNS check alarm enters
 * ALARM, EventBridge queues the event on the reporter's intake queue, whose event source mapping
 * runs this (a batch of SQS records); an alarm event invoked directly (by hand, or queued by Lambda
 * before the intake queue came) is reported as well. Wiring only; the logic is in reporter.ts.
 *   PROBER_FUNCTION_NAME  the prober's name, the same in every vantage region
 *   TOPICS                JSON { critical: [arn...], warning: [arn...] }
 *   RECHECK_CONFIG_FILE   the config file the follow-up's recheck command names (optional)
 */
import { LambdaClient } from '@aws-sdk/client-lambda';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { INVOKE_CLIENT_CONFIG, QUICK_CALL_CLIENT_CONFIG } from '../shared/aws-clients';
import { requiredEnv, topicsFromEnv } from '../shared/environment';
import { handlerLogger } from '../shared/logger';
import { invokeProber } from './prober-client';
import { createReporter, type ReportOutcome, reportQueued } from './reporter';
import { type BatchResponse, sqsRecordsOf } from '../shared/sqs-event';

const logger = handlerLogger('dns-check-reporter');
const lambdas = new Map<string, LambdaClient>();
const sns = new SNSClient(QUICK_CALL_CLIENT_CONFIG);
const proberFunctionName = requiredEnv(process.env, 'PROBER_FUNCTION_NAME', "the prober's function name (the same in every vantage region)");
const topics = topicsFromEnv(process.env);
const log = (level: 'info' | 'warn' | 'error', message: string, extra: Record<string, unknown>) => logger[level](message, extra);

const reporter = createReporter({
  askProber: (region, request, signal) => {
    if (!lambdas.has(region)) lambdas.set(region, new LambdaClient({ region, ...INVOKE_CLIENT_CONFIG }));
    return invokeProber(lambdas.get(region)!, proberFunctionName, request, signal);
  },
  publish: async (topicArn, input) => (await sns.send(new PublishCommand({ TopicArn: topicArn, ...input }))).MessageId,
  topics,
  configFile: process.env.RECHECK_CONFIG_FILE || undefined,
  log,
  now: () => new Date(),
});

export const handler = middy<unknown, ReportOutcome | BatchResponse, Error, Context>()
  .use(injectLambdaContext(logger))
  .handler((event: unknown, context: Context) => {
    const records = sqsRecordsOf(event);
    return records ? reportQueued(reporter, records, () => context.getRemainingTimeInMillis(), log) : reporter(event, context.getRemainingTimeInMillis());
  });
