/**
 * Reading many log groups at once. Each hosted zone has a log group of its own by default, so a
 * fleet of thousands of zones has thousands of groups: one call per group would be thousands of
 * calls, at request rates CloudWatch Logs keeps low (DescribeLogStreams: 5 a second). Groups are
 * listed a folder (`/aws/route53/`) a page at a time, and how many events each received is read
 * from the `IncomingLogEvents` metric CloudWatch Logs publishes, 500 groups a call.
 */
import { GetMetricDataCommand, type CloudWatchClient, type MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import { DescribeLogGroupsCommand, type CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { CLOUDWATCH, LOGS } from '../aws-facts';

/** The folder of a log group's name: up to its last `/` (a name without one is its own folder). */
const folderOf = (name: string) => (name.includes('/') ? name.slice(0, name.lastIndexOf('/') + 1) : name);

/**
 * Which of the named log groups exist, with each one's ARN (without the `:*` DescribeLogGroups
 * adds). A folder holding more of the names than one page lists is listed whole, a page at a
 * time (other groups in it cost pages too, but never more than one call per name would when the
 * folder is mostly the config's); a name alone in its folder, or among a few, is looked up by its
 * name (a prefix that lists it first: every longer name sorts after it).
 */
export async function existingLogGroups(logs: Pick<CloudWatchLogsClient, 'send'>, names: readonly string[]): Promise<Map<string, string>> {
  const wanted = new Set(names);
  const byFolder = new Map<string, string[]>();
  for (const n of wanted) byFolder.set(folderOf(n), [...(byFolder.get(folderOf(n)) ?? []), n]);
  const found = new Map<string, string>();
  const keep = (groups: readonly { logGroupName?: string; arn?: string }[]) => {
    for (const g of groups) if (g.logGroupName && wanted.has(g.logGroupName)) found.set(g.logGroupName, (g.arn ?? '').replace(/:\*$/, ''));
  };
  for (const [folder, inFolder] of byFolder) {
    if (inFolder.length > LOGS.describeLogGroupsPageSize) {
      let token: string | undefined;
      do {
        const page = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: folder, limit: LOGS.describeLogGroupsPageSize, nextToken: token }));
        keep(page.logGroups ?? []);
        token = page.nextToken;
      } while (token);
    } else {
      for (const name of inFolder) keep((await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: name, limit: 1 }))).logGroups ?? []);
    }
  }
  return found;
}

/**
 * Which of the named log groups received an event in the `windowMs` before `now`, by their
 * `IncomingLogEvents` (Sum over one period as long as the window, whole hours past an hour, as
 * CloudWatch keeps older data only at coarser periods). Positive evidence only: a group it leaves
 * out may still have received events in the last minutes (the metric is published a few minutes
 * late), so the caller looks at such a group itself. A caller whose policy lacks
 * cloudwatch:GetMetricData (one written before the doctor read the metric) gets no evidence, and
 * the caller then looks at every group itself, as it did before.
 */
export async function groupsWithEvents(cw: Pick<CloudWatchClient, 'send'>, names: readonly string[], windowMs: number, now: number): Promise<Set<string>> {
  const seconds = Math.max(60, Math.ceil(windowMs / 1000));
  const period = seconds > 3600 ? Math.ceil(seconds / 3600) * 3600 : Math.ceil(seconds / 60) * 60;
  const end = Math.floor(now / 60_000) * 60_000;
  const active = new Set<string>();
  const m = LOGS.incomingLogEvents;
  for (let i = 0; i < names.length; i += CLOUDWATCH.getMetricDataMaxMetrics) {
    const chunk = names.slice(i, i + CLOUDWATCH.getMetricDataMaxMetrics);
    const queries: MetricDataQuery[] = chunk.map((name, j) => ({
      Id: `g${j}`,
      MetricStat: { Metric: { Namespace: m.namespace, MetricName: m.metricName, Dimensions: [{ Name: m.dimension, Value: name }] }, Period: period, Stat: 'Sum' },
    }));
    let token: string | undefined;
    do {
      let page;
      try {
        page = await cw.send(new GetMetricDataCommand({ MetricDataQueries: queries, StartTime: new Date(end - period * 1000), EndTime: new Date(end + 60_000), NextToken: token }));
      } catch (e) {
        if (e instanceof Error && /^AccessDenied/.test(e.name)) return new Set();
        throw e;
      }
      for (const r of page.MetricDataResults ?? []) if ((r.Values ?? []).some((v) => v > 0)) active.add(chunk[Number((r.Id ?? '').slice(1))]);
      token = page.NextToken;
    } while (token);
  }
  return active;
}
