/**
 * Lambda entry point of the DNS prober: run every minute by EventBridge Scheduler in its region
 * (DnsProbeEvent), or asked by the reporter to run one check now (DnsReportRequest).
 */
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { Route53Client } from '@aws-sdk/client-route-53';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { type DnsProbeEvent, type DnsReportRequest, isReportRequest, PROBER_ZONE_TABLE } from '../../contracts/dns-check';
import { requiredEnv } from '../shared/environment';
import { QUICK_CALL_CLIENT_CONFIG } from '../shared/aws-clients';
import { handlerLogger } from '../shared/logger';
import { probe, PUBLISH_MARGIN_MS } from './probe';
import { report, scheduledEvent } from './report';
import { route53ReaderConfig, ZONE_SERVERS_CACHE_MS, ZoneServers } from './zone-servers';
import { DynamoZoneStore } from './zone-store';

const logger = handlerLogger('dns-prober');
// The region's table of name servers read (present when this region's checks read hosted zones).
const table = process.env[PROBER_ZONE_TABLE.envVar]?.trim();
const store = table ? new DynamoZoneStore(new DynamoDBClient(QUICK_CALL_CLIENT_CONFIG), table) : undefined;
const zones = new ZoneServers(new Route53Client(route53ReaderConfig), ZONE_SERVERS_CACHE_MS, Date.now, undefined, store);
const cloudwatch = new Map<string, CloudWatchClient>();
const scheduler = new SchedulerClient(QUICK_CALL_CLIENT_CONFIG);
const scheduleName = requiredEnv(process.env, 'SCHEDULE_NAME', "the name of the prober's own schedule in its region");
const log = (level: 'info' | 'warn' | 'error', message: string, extra: Record<string, unknown>) => logger[level](message, extra);

async function prober(event: DnsProbeEvent | DnsReportRequest, context: Context) {
  // A check still waiting for answers this long before the function's timeout is reported as failed.
  const runDeadline = Date.now() + context.getRemainingTimeInMillis() - PUBLISH_MARGIN_MS;
  if (isReportRequest(event)) {
    return report(event, { zones, log, now: () => new Date(), region: process.env.AWS_REGION ?? '', scheduledEvent: () => scheduledEvent(scheduler, scheduleName), runDeadline });
  }
  if (!cloudwatch.has(event.metricsRegion)) cloudwatch.set(event.metricsRegion, new CloudWatchClient({ region: event.metricsRegion, ...QUICK_CALL_CLIENT_CONFIG }));
  const summary = await probe(event, {
    cloudwatch: cloudwatch.get(event.metricsRegion)!,
    zones,
    log,
    now: () => new Date(),
    runDeadline,
  });
  return { checks: summary.checks, failed: summary.failed };
}

export const handler = middy(prober).use(injectLambdaContext(logger));
