/** Lambda entry point of the license reporter (run hourly by EventBridge Scheduler). */
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { handlerLogger } from '../shared/logger';
import { secretsClientFor } from '../shared/secrets-client';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { accountIdFromArn } from './check';
import { DEFAULT_TRANSPORT } from './http-client';
import { reporterInputSchema } from './input';
import { PINNED_LICENSE_KEYS } from './keys';
import { runReporter } from './reporter';
import { QUICK_CALL_CLIENT_CONFIG } from '../shared/aws-clients';

const logger = handlerLogger('license-reporter');
const ddb = DynamoDBDocumentClient.from(new DynamoDBClient(QUICK_CALL_CLIENT_CONFIG));
const cw = new CloudWatchClient(QUICK_CALL_CLIENT_CONFIG);

async function reporter(event: unknown, context: Context) {
  const input = reporterInputSchema.parse(event);
  const result = await runReporter(input, {
    ddb,
    // license.keySecretArn may name a secret of another region: read it there.
    sm: secretsClientFor(input.secretId),
    cw,
    accountId: accountIdFromArn(context.invokedFunctionArn),
    keySet: PINNED_LICENSE_KEYS,
    transport: DEFAULT_TRANSPORT,
    now: () => new Date(),
    log: (level, message, extra) => logger[level](message, extra ?? {}),
  });
  logger.info('license reporter run finished', { ...result });
  return result;
}

export const handler = middy(reporter).use(injectLambdaContext(logger));
