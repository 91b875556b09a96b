/**
 * Lambda entry point of the registration watcher: run every hour by EventBridge Scheduler in the
 * deployment's us-east-1 core stack with the config's registered domains (DomainWatchEvent).
 */
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { Route53DomainsClient } from '@aws-sdk/client-route-53-domains';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { handlerLogger } from '../shared/logger';
import { watchDomains } from './watch';
import { QUICK_CALL_CLIENT_CONFIG } from '../shared/aws-clients';

const logger = handlerLogger('domain-watcher');
// The Route 53 Domains API is served in us-east-1 only (lib/aws-facts.ts ROUTE53_DOMAINS.region),
// where the construct deploys this function: both clients use the function's own region.
const domains = new Route53DomainsClient(QUICK_CALL_CLIENT_CONFIG);
const cloudwatch = new CloudWatchClient(QUICK_CALL_CLIENT_CONFIG);

export const handler = middy((event: unknown) =>
  watchDomains(event, { domains, cloudwatch, log: (level, message, extra) => logger[level](message, extra) }),
).use(injectLambdaContext(logger));
