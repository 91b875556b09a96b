/**
 * Lambda entry point of the change-audit publisher (us-east-1): the audit's EventBridge rules run it
 * with the product message their input transformer made. Wiring only; the logic is in publisher.ts.
 *   TOPICS  JSON { critical: [arn...], warning: [arn...] }: the alert topics per severity
 */
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { QUICK_CALL_CLIENT_CONFIG } from '../shared/aws-clients';
import { handlerLogger } from '../shared/logger';
import { topicsFromEnv } from '../shared/environment';
import { createPublisher } from './publisher';

const logger = handlerLogger('dns-audit-publisher');
const sns = new SNSClient(QUICK_CALL_CLIENT_CONFIG);

const publisher = createPublisher({
  publish: async (topicArn, input) => (await sns.send(new PublishCommand({ TopicArn: topicArn, ...input }))).MessageId,
  topics: topicsFromEnv(process.env),
  log: (level, message, extra) => logger[level](message, extra ?? {}),
});

export const handler = middy(publisher).use(injectLambdaContext(logger));
