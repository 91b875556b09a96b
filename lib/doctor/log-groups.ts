/**
 * Reading many log groups at once. Each hosted zone has a log group of its own by default, so a
 * fleet of thousands of zones has thousands of groups: one call per group would be thousands of
 * calls, at request rates CloudWatch Logs keeps low (DescribeLogStreams: 5 a second). Groups are
 * listed a folder (`/aws/route53/`) a page at a time, and how many events each received is read
 * from the `IncomingLogEvents` metric CloudWatch Logs publishes, 500 groups a call.
 */
import { GetMetricDataCommand, type CloudWatchClient, type MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import { DescribeLogGroupsCommand, type CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { KMSClient } from '@aws-sdk/client-kms';
import { CLOUDWATCH, LOGS } from '../aws-facts';
import { type CheckFinding, someNames } from './finding';
import { enableKeyCommand, keepKeyCommand, OTHER_STATE_FIX, readKey, UNREADABLE_KEY_FIX } from './kms-keys';
import { shellWord } from './shell-word';

/** The folder of a log group's name: up to its last `/` (a name without one is its own folder). */
const folderOf = (name: string) => (name.includes('/') ? name.slice(0, name.lastIndexOf('/') + 1) : name);

/** A log group that exists: its ARN (without the `:*` DescribeLogGroups adds) and its KMS key's ARN, if it has one. */
export interface FoundLogGroup {
  readonly arn: string;
  readonly kmsKeyId?: string;
}

/**
 * Which of the named log groups exist, each with its ARN and KMS key. A folder holding more of the
 * names than one page lists is listed whole, a page at a time (other groups in it cost pages too,
 * but never more than one call per name would when the folder is mostly the config's); a name
 * alone in its folder, or among a few, is looked up by its name (a prefix that lists it first:
 * every longer name sorts after it).
 */
export async function existingLogGroups(logs: Pick<CloudWatchLogsClient, 'send'>, names: readonly string[]): Promise<Map<string, FoundLogGroup>> {
  const wanted = new Set(names);
  const byFolder = new Map<string, string[]>();
  for (const n of wanted) byFolder.set(folderOf(n), [...(byFolder.get(folderOf(n)) ?? []), n]);
  const found = new Map<string, FoundLogGroup>();
  const keep = (groups: readonly { logGroupName?: string; arn?: string; kmsKeyId?: string }[]) => {
    for (const g of groups) if (g.logGroupName && wanted.has(g.logGroupName)) found.set(g.logGroupName, { arn: (g.arn ?? '').replace(/:\*$/, ''), kmsKeyId: g.kmsKeyId });
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

/**
 * The KMS keys of a region's query log groups (`found`, by existingLogGroups), one DescribeKey per
 * key, and what a key that is not usable means for the groups it encrypts. CloudWatch Logs
 * encrypts every event ingested into a group with the group's key and needs the key to read any
 * back ("Encrypt log data in CloudWatch Logs using AWS KMS",
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html; AssociateKmsKey
 * in the API Reference), and AWS KMS refuses every use of a key that is not enabled (lib/doctor/kms-keys.ts).
 * What CloudWatch Logs does with events arriving while the key is disabled is not documented: the
 * finding says they may stop arriving, and the zones' logs-stopped alarms page if they do.
 */
export async function logKeyFindings(kms: Pick<KMSClient, 'send'>, region: string, found: ReadonlyMap<string, FoundLogGroup>): Promise<CheckFinding[]> {
  const byKey = new Map<string, string[]>();
  for (const [name, g] of found) if (g.kmsKeyId) byKey.set(g.kmsKeyId, [...(byKey.get(g.kmsKeyId) ?? []), name]);
  const out: CheckFinding[] = [];
  for (const [key, unsorted] of byKey) {
    const names = [...unsorted].sort();
    const groups = someNames(names, 'groups');
    const consequence = (why: string) =>
      `CloudWatch Logs encrypts every new event of ${groups} with it and cannot read any back without it (AWS KMS refuses every use of ${why}), so their query logs cannot be read and may stop arriving: the metrics, Top-N rules and replay --from-account of those zones or VPCs rest on them`;
    const k = await readKey(kms, key);
    switch (k.kind) {
      case 'usable':
        break;
      case 'unreadable':
        out.push({ region, subject: key, problem: `could not read the KMS key of ${groups} (${k.error}): whether CloudWatch Logs can encrypt and read their query logs is not known`, fix: UNREADABLE_KEY_FIX });
        break;
      case 'disabled':
        out.push({ region, subject: k.arn, problem: `KMS key is disabled: ${consequence('a disabled key')}`, fix: enableKeyCommand(region, k.id) });
        break;
      case 'pending-deletion':
        out.push({
          region,
          subject: k.arn,
          problem: `KMS key is pending deletion${k.deletionDate ? ` on ${k.deletionDate}` : ''}: ${consequence('a key pending deletion')}; once it is deleted, what it encrypted can never be read again`,
          fix: keepKeyCommand(region, k.id),
        });
        break;
      case 'other':
        out.push({ region, subject: k.arn, problem: `KMS key is ${k.state}, not Enabled: ${consequence('a key in that state')}`, fix: OTHER_STATE_FIX });
        break;
      case 'gone': {
        const one = names.length === 1;
        const each = (command: string) => (one ? command.replace('"$g"', shellWord(names[0])) : `for g in ${names.map(shellWord).join(' ')}; do ${command}; done`);
        out.push({
          region,
          subject: key,
          problem: `KMS key does not exist (deleted): the events CloudWatch Logs encrypted with it in ${groups} can no longer be read, and new events cannot be encrypted with it`,
          fix:
            `give the group${one ? '' : 's'} a key CloudWatch Logs may use (its key policy must let logs.${region}.amazonaws.com use it): ${each(`aws logs associate-kms-key --region ${region} --log-group-name "$g" --kms-key-id <key ARN>`)}; ` +
            `or CloudWatch Logs' own encryption: ${each(`aws logs disassociate-kms-key --region ${region} --log-group-name "$g"`)}`,
        });
      }
    }
  }
  return out;
}
