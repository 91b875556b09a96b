/**
 * doctor's `deliveries` check: notifications SNS could not deliver from the deployment's alert
 * topics in the last 7 days. A page reaches SNS and then fails at the subscriber (an HTTPS endpoint
 * that refuses or does not answer, such as a rotated PagerDuty or Opsgenie integration URL; an email
 * address that bounces; a number SNS cannot text; a queue whose key or policy refuses SNS): SNS
 * retries, gives up and counts it in the topic's `NumberOfNotificationsFailed` (lib/aws-facts.ts,
 * SNS_METRICS), and no alarm or message says so. Read with GetMetricData, one hour a datapoint,
 * so a finding also says when the last failure was; a topic of another account publishes its
 * metrics there, and reads as no failure.
 */
import { type CloudWatchClient, GetMetricDataCommand, type MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import { CLOUDWATCH, SNS_METRICS } from '../aws-facts';
import { topicArnRegion } from '../config/alerts-schema';
import { type DeploymentTopics, topicNameOf } from './alert-topics';
import type { CheckFinding } from './finding';
import { shellWord } from './shell-word';

/** How far back the check looks. */
export const DELIVERY_WINDOW_DAYS = 7;
const HOUR_MS = 3_600_000;

interface Counts {
  failed: number;
  delivered: number;
  /** Start of the last hour with a failure (epoch ms). */
  lastFailedHour?: number;
}

/** The failed and delivered counts of `topicArns` (one region's) in the window ending at the hour after `now`. */
async function countsOf(cw: Pick<CloudWatchClient, 'send'>, topicArns: readonly string[], now: number): Promise<Map<string, Counts>> {
  const end = Math.ceil(now / HOUR_MS) * HOUR_MS;
  const start = end - DELIVERY_WINDOW_DAYS * 24 * HOUR_MS;
  const out = new Map<string, Counts>();
  const perCall = Math.floor(CLOUDWATCH.getMetricDataMaxMetrics / 2);
  for (let i = 0; i < topicArns.length; i += perCall) {
    const chunk = topicArns.slice(i, i + perCall);
    const metric = (name: string, arn: string) => ({ Namespace: SNS_METRICS.namespace, MetricName: name, Dimensions: [{ Name: SNS_METRICS.dimension, Value: topicNameOf(arn) }] });
    const queries: MetricDataQuery[] = chunk.flatMap((arn, j) => [
      { Id: `f${j}`, MetricStat: { Metric: metric(SNS_METRICS.failed, arn), Period: 3600, Stat: 'Sum' } },
      { Id: `d${j}`, MetricStat: { Metric: metric(SNS_METRICS.delivered, arn), Period: 3600, Stat: 'Sum' } },
    ]);
    chunk.forEach((arn) => out.set(arn, { failed: 0, delivered: 0 }));
    let token: string | undefined;
    do {
      const page = await cw.send(new GetMetricDataCommand({ MetricDataQueries: queries, StartTime: new Date(start), EndTime: new Date(end), NextToken: token }));
      for (const r of page.MetricDataResults ?? []) {
        const counts = out.get(chunk[Number((r.Id ?? '').slice(1))]);
        if (!counts) continue;
        (r.Values ?? []).forEach((v, k) => {
          if (r.Id!.startsWith('d')) counts.delivered += v;
          else if (v > 0) {
            counts.failed += v;
            const at = r.Timestamps?.[k]?.getTime();
            if (at !== undefined) counts.lastFailedHour = Math.max(counts.lastFailedHour ?? at, at);
          }
        });
      }
      token = page.NextToken;
    } while (token);
  }
  return out;
}

const utcMinute = (ms: number) => `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/** Each topic of `topics` whose notifications SNS failed to deliver in the window; returns how many topics were read. */
export async function deliveryFindings(cloudwatch: (region: string) => Pick<CloudWatchClient, 'send'>, topics: DeploymentTopics, now: number, out: CheckFinding[]): Promise<number> {
  const byRegion = new Map<string, string[]>();
  for (const arn of topics.arns) byRegion.set(topicArnRegion(arn), [...(byRegion.get(topicArnRegion(arn)) ?? []), arn]);
  const found: CheckFinding[] = [];
  for (const [region, arns] of byRegion) {
    for (const [arn, c] of await countsOf(cloudwatch(region), arns, now)) {
      if (c.failed <= 0) continue;
      const when = c.lastFailedHour !== undefined ? `, the last in the hour from ${utcMinute(c.lastFailedHour)}` : '';
      found.push({
        region,
        subject: topicNameOf(arn),
        problem: `SNS failed to deliver ${c.failed} notification${c.failed === 1 ? '' : 's'} in the last ${DELIVERY_WINDOW_DAYS} days (${SNS_METRICS.failed}; ${c.delivered} delivered)${when}: a subscriber did not get the alarms SNS sent it, and nothing else says so`,
        fix: `find the subscriber among aws sns list-subscriptions-by-topic --region ${region} --topic-arn ${shellWord(arn)} (an HTTPS endpoint that refuses or does not answer, such as a rotated PagerDuty or Opsgenie integration URL, counts once per attempt; an email address that bounces, a number SNS cannot text, a queue whose key or policy refuses SNS count once) and fix or replace it; delivery status logging on the topic names it (SNS Developer Guide, "Amazon SNS message delivery status"); then dns-monitor test-alert`,
      });
    }
  }
  out.push(...found.sort((a, b) => a.region.localeCompare(b.region) || a.subject.localeCompare(b.subject)));
  return topics.arns.length;
}
