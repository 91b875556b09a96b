/** Lambda entry point of the DNS prober (run every minute by EventBridge Scheduler in its region). */
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { Route53Client } from '@aws-sdk/client-route-53';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { DnsProbeEvent } from '../../contracts/dns-check';
import { handlerLogger } from '../shared/logger';
import { probe } from './probe';
import { ZoneServers } from './zone-servers';

const logger = handlerLogger('dns-prober');
const zones = new ZoneServers(new Route53Client({}));
const cloudwatch = new Map<string, CloudWatchClient>();

async function prober(event: DnsProbeEvent) {
  if (!cloudwatch.has(event.metricsRegion)) cloudwatch.set(event.metricsRegion, new CloudWatchClient({ region: event.metricsRegion }));
  const summary = await probe(event, {
    cloudwatch: cloudwatch.get(event.metricsRegion)!,
    zones,
    log: (level, message, extra) => logger[level](message, extra),
    now: () => new Date(),
  });
  return { checks: summary.checks, failed: summary.failed };
}

export const handler = middy(prober).use(injectLambdaContext(logger));
