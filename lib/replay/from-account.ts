/**
 * `replay --from-account --since 6h`: the config's query log groups read with FilterLogEvents,
 * using the caller's own credentials, in each log group's region. The events stay on this machine:
 * they are streamed into the replay, never written anywhere else. Also the zones' AWS/Route53
 * DNSQueries with GetMetricData (what the logs-stopped and traffic-drop alarms compare with).
 */
import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CLOUDWATCH } from '../aws-facts';
import { queryLogGroups } from '../config/query-log-groups';
import type { ResolvedConfig } from '../config/resolve';
import { dnsQueriesMetric } from '../health/zone-alarms';
import { CLI_CLIENT_CONFIG } from '../cli-clients';

/** `90m`, `6h`, `2d` -> seconds. */
export function parseSince(text: string): number {
  const m = /^(\d+)\s*([mhd])$/.exec(text.trim());
  if (!m) throw new Error(`--since must be a duration like 90m, 6h or 2d — got '${text}'`);
  return Number(m[1]) * { m: 60, h: 3600, d: 86400 }[m[2] as 'm' | 'h' | 'd'];
}

export interface LogGroupRef {
  readonly region: string;
  readonly logGroupName: string;
  /** The zones and VPCs (their names) whose query logs it holds. */
  readonly subjects: readonly string[];
}

/** Every distinct query log group of the config, with its region and the subjects logging to it. */
export function logGroupsOf(config: ResolvedConfig): LogGroupRef[] {
  return queryLogGroups(config).map((g) => ({ region: g.region, logGroupName: g.logGroupName, subjects: g.subjects.map((s) => s.name) }));
}

export async function* fetchLogLines(
  groups: readonly LogGroupRef[],
  startSeconds: number,
  endSeconds: number,
  clientFor: (region: string) => Pick<CloudWatchLogsClient, 'send'> = (region) => new CloudWatchLogsClient({ region, ...CLI_CLIENT_CONFIG }),
  /** After each page: the group, its events so far, and whether it was the group's last page. */
  onPage?: (group: string, eventsSoFar: number, last: boolean) => void,
  /** A group that does not exist: its subjects have no log lines; the other groups are still read. */
  onMissing?: (group: LogGroupRef) => void,
): AsyncGenerator<string> {
  for (const g of groups) {
    const client = clientFor(g.region);
    let nextToken: string | undefined;
    let count = 0;
    do {
      let out;
      try {
        out = await client.send(
          new FilterLogEventsCommand({ logGroupName: g.logGroupName, startTime: startSeconds * 1000, endTime: endSeconds * 1000, nextToken }),
        );
      } catch (e) {
        if ((e as { name?: string }).name !== 'ResourceNotFoundException' || count > 0) throw e;
        onMissing?.(g);
        break;
      }
      const events = out.events ?? [];
      count += events.length;
      nextToken = out.nextToken;
      onPage?.(g.logGroupName, count, !nextToken);
      for (const e of events) if (e.message) yield e.message.replace(/\n$/, '');
    } while (nextToken);
  }
}

/** One DNSQueries datapoint of a hosted zone (Sum over one minute). */
export interface DnsQueriesPoint {
  readonly zoneId: string;
  readonly ts: number;
  readonly value: number;
}

/**
 * Days of one-minute DNSQueries fetched before `--since`, which the approximated anomaly band
 * trains on (same time of day on previous days), as it does from a CSV; within the days CloudWatch
 * keeps one-minute data (CLOUDWATCH.oneMinuteRetentionDays), as bench:detection's default history.
 */
export const DNS_QUERIES_HISTORY_DAYS = 7;

/**
 * Where `--from-account` starts reading DNSQueries: `DNS_QUERIES_HISTORY_DAYS` before `--since`,
 * but never further back than CloudWatch keeps one-minute data (a day short of it, so one-minute
 * periods stay allowed for the whole read: CLOUDWATCH.periodMultipleByStartAge).
 */
export function dnsQueriesStartSeconds(nowSeconds: number, sinceSeconds: number): number {
  return Math.max(nowSeconds - sinceSeconds - DNS_QUERIES_HISTORY_DAYS * 86400, nowSeconds - (CLOUDWATCH.oneMinuteRetentionDays - 1) * 86400);
}

/**
 * `--from-account` reads up to this many seconds before now: log events reach CloudWatch Logs and
 * DNSQueries reaches CloudWatch some time after the query, so the newest minutes are incomplete.
 * Our choice (not an AWS figure): 5 minutes, well above the one-minute skew replay models between
 * the two (docs/replay.md).
 */
export const FROM_ACCOUNT_SETTLE_SECONDS = 300;

/**
 * AWS/Route53 DNSQueries of every hosted zone of the config, one-minute sums, read with
 * GetMetricData in the zones' metric region (us-east-1 in the commercial partition), from
 * `startSeconds` to `endSeconds`. Minutes without a datapoint had no query.
 */
export async function* fetchDnsQueries(
  zones: readonly { readonly id: string; readonly region: string }[],
  startSeconds: number,
  endSeconds: number,
  clientFor: (region: string) => Pick<CloudWatchClient, 'send'> = (region) => new CloudWatchClient({ region, ...CLI_CLIENT_CONFIG }),
  onDone?: (region: string, zones: number, datapoints: number) => void,
): AsyncGenerator<DnsQueriesPoint> {
  // Whole minutes: CloudWatch rounds a start time within 15 days down to the minute itself
  // (API_GetMetricData, StartTime) and advises period-aligned times; one-minute buckets must line up
  // with the minutes the log lines are counted in.
  const start = Math.floor(startSeconds / 60) * 60;
  const end = Math.floor(endSeconds / 60) * 60;
  const byRegion = new Map<string, string[]>();
  for (const z of zones) {
    const ids = byRegion.get(z.region) ?? [];
    ids.push(z.id);
    byRegion.set(z.region, ids);
  }
  for (const [region, ids] of byRegion) {
    const client = clientFor(region);
    let datapoints = 0;
    for (let i = 0; i < ids.length; i += CLOUDWATCH.getMetricDataMaxMetrics) {
      const batch = ids.slice(i, i + CLOUDWATCH.getMetricDataMaxMetrics);
      let nextToken: string | undefined;
      do {
        const out = await client.send(
          new GetMetricDataCommand({
            StartTime: new Date(start * 1000),
            EndTime: new Date(end * 1000),
            ScanBy: 'TimestampAscending',
            NextToken: nextToken,
            MetricDataQueries: batch.map((id, j) => {
              const m = dnsQueriesMetric(id);
              return {
                Id: `z${j}`,
                ReturnData: true,
                MetricStat: {
                  Metric: { Namespace: m.namespace, MetricName: m.metricName, Dimensions: Object.entries(m.dimensions).map(([Name, Value]) => ({ Name, Value })) },
                  Period: 60,
                  Stat: 'Sum',
                },
              };
            }),
          }),
        );
        for (const r of out.MetricDataResults ?? []) {
          const zoneId = batch[Number(r.Id?.slice(1))];
          const ts = r.Timestamps ?? [];
          const values = r.Values ?? [];
          for (let k = 0; k < ts.length; k++) {
            datapoints++;
            yield { zoneId, ts: Math.floor(ts[k].getTime() / 1000), value: values[k] };
          }
        }
        nextToken = out.NextToken;
      } while (nextToken);
    }
    onDone?.(region, ids.length, datapoints);
  }
}
