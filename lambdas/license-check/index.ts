/** Lambda entry point of the deploy-time license check (CDK custom-resource Provider onEvent). */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { handlerLogger } from '../shared/logger';
import { secretsClientFor } from '../shared/secrets-client';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { CloudFormationCustomResourceEvent, Context } from 'aws-lambda';
import { accountIdFromArn } from '../license-reporter/check';
import { DEFAULT_TRANSPORT } from '../license-reporter/http-client';
import { PINNED_LICENSE_KEYS } from '../license-reporter/keys';
import { LicenseDeployCheckFailed, runDeployCheck } from './deploy-check';
import { deployCheckPropsSchema } from './properties';
import { QUICK_CALL_CLIENT_CONFIG } from '../shared/aws-clients';

const logger = handlerLogger('license-check');
const ddb = DynamoDBDocumentClient.from(new DynamoDBClient(QUICK_CALL_CLIENT_CONFIG));

async function onEvent(event: CloudFormationCustomResourceEvent, context: Context) {
  const props = deployCheckPropsSchema.parse(event.ResourceProperties);
  const physicalId = `license-check-${props.licenseId}`;
  if (event.RequestType === 'Delete') return { PhysicalResourceId: event.PhysicalResourceId };
  const result = await runDeployCheck(props, {
    ddb,
    // license.keySecretArn may name a secret of another region: read it there.
    sm: secretsClientFor(props.secretId),
    accountId: accountIdFromArn(context.invokedFunctionArn),
    keySet: PINNED_LICENSE_KEYS,
    transport: DEFAULT_TRANSPORT,
    now: () => new Date(),
  });
  if (result.outcome === 'fail') {
    logger.error('license deploy check failed', { message: result.message });
    throw new LicenseDeployCheckFailed(result.message);
  }
  logger[result.outcome === 'warning' ? 'warn' : 'info']('license deploy check', { ...result });
  return { PhysicalResourceId: physicalId, Data: { Outcome: result.outcome, Message: result.message.slice(0, 1000) } };
}

export const handler = middy(onEvent).use(injectLambdaContext(logger));
