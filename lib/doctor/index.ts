/**
 * `dns-monitor doctor`: after `cdk deploy`, what is still missing for alerts to arrive. Read-only
 * calls with the user's own credentials (nothing leaves the user's machine but those AWS calls):
 *   - email/SMS/HTTPS subscriptions of the alert topics still waiting for confirmation;
 *   - the Slack webhook and license secrets missing, or still holding the app's placeholder;
 *   - monitored log groups missing, or without an event for `staleHours`;
 *   - hosted zones without a Route 53 query logging configuration;
 *   - the deployment's alarms in INSUFFICIENT_DATA for more than `insufficientMinutes`.
 * The AWS clients are passed in (the CLI builds them per region; tests point them at moto).
 */
import { DescribeAlarmsCommand, type CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { DescribeLogGroupsCommand, DescribeLogStreamsCommand, type CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { ListQueryLoggingConfigsCommand, type Route53Client } from '@aws-sdk/client-route-53';
import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { ListSubscriptionsByTopicCommand, ListTopicsCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { ResolvedConfig } from '../config/resolve';
import { HOSTED_ZONE_REGION } from '../config/resolve';
import { SEVERITIES } from '../constructs/alert-topics';
import { slackWebhookSecretName, topicName } from '../naming';
import { deploymentRegions } from '../model/regions';

export type Finding = {
  readonly check: 'subscriptions' | 'secrets' | 'log-groups' | 'query-logging' | 'alarms';
  readonly region: string;
  /** What the finding is about: topic, secret, log group, zone or alarm name. */
  readonly subject: string;
  readonly problem: string;
  readonly fix: string;
};

export interface DoctorClients {
  sns(region: string): SNSClient;
  secrets(region: string): SecretsManagerClient;
  logs(region: string): CloudWatchLogsClient;
  cloudwatch(region: string): CloudWatchClient;
  route53(): Route53Client;
}

export interface DoctorOptions {
  /** A log group without an event for this long is reported. @default 1 */
  readonly staleHours?: number;
  /** An alarm in INSUFFICIENT_DATA for longer than this is reported. @default 60 */
  readonly insufficientMinutes?: number;
  /** @default Date.now() */
  readonly now?: number;
}

export interface DoctorReport {
  readonly findings: readonly Finding[];
  /** What was looked at, per check (so "no findings" can be told from "nothing checked"). */
  readonly checked: Readonly<Record<Finding['check'], number>>;
}

const errorName = (e: unknown) => (e as { name?: string }).name ?? 'Error';

async function subscriptions(cfg: ResolvedConfig, c: DoctorClients, regions: readonly string[], out: Finding[]): Promise<number> {
  const wanted = new Set(Object.values(cfg.alertRoutes).flatMap((r) => SEVERITIES.map((s) => topicName(cfg.prefix, s, r.name))));
  let checked = 0;
  for (const region of regions) {
    const sns = c.sns(region);
    const topics: string[] = [];
    let token: string | undefined;
    do {
      const page = await sns.send(new ListTopicsCommand({ NextToken: token }));
      topics.push(...(page.Topics ?? []).map((t) => t.TopicArn!).filter((arn) => wanted.has(arn.split(':').pop()!)));
      token = page.NextToken;
    } while (token);
    for (const topic of topics.sort()) {
      let next: string | undefined;
      do {
        const page = await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: topic, NextToken: next }));
        for (const s of page.Subscriptions ?? []) {
          checked++;
          // SNS lists a subscription that was never confirmed with this ARN (ListSubscriptionsByTopic).
          if (s.SubscriptionArn === 'PendingConfirmation') {
            out.push({
              check: 'subscriptions',
              region,
              subject: `${topic.split(':').pop()} → ${s.Protocol} ${s.Endpoint}`,
              problem: 'subscription not confirmed: nothing is delivered to it',
              fix: s.Protocol === 'email' ? 'click the link in the "AWS Notification - Subscription Confirmation" email (check spam), or resubscribe' : 'confirm it from the endpoint (the confirmation request carries a SubscribeURL)',
            });
          }
        }
        next = page.NextToken;
      } while (next);
    }
  }
  return checked;
}

/** The value the app's placeholder secrets hold until the user puts the real one. */
function placeholderProblem(kind: 'slack' | 'license', value: string | undefined): string | undefined {
  const v = (value ?? '').trim();
  if (!v) return 'empty';
  if (kind === 'slack') {
    let url = v;
    if (v.startsWith('{')) {
      try {
        url = String((JSON.parse(v) as { webhookUrl?: unknown }).webhookUrl ?? '');
      } catch {
        return 'not a URL and not valid JSON';
      }
    }
    return /^https:\/\/hooks\.slack\.com\//.test(url) ? undefined : 'still the generated placeholder (no https://hooks.slack.com/ URL)';
  }
  if (v.startsWith('{')) {
    try {
      return (JSON.parse(v) as { licenseKey?: unknown }).licenseKey === undefined ? 'still the generated placeholder (no licenseKey)' : undefined;
    } catch {
      return 'starts with { but is not valid JSON';
    }
  }
  return undefined;
}

async function secrets(cfg: ResolvedConfig, c: DoctorClients, primary: string, out: Finding[]): Promise<number> {
  const wanted: { kind: 'slack' | 'license'; id: string; region: string; fix: string }[] = [];
  const webhook = cfg.alerts.slack?.webhook;
  if (webhook) {
    const id = webhook.secretArn ?? slackWebhookSecretName(cfg.prefix);
    const region = webhook.secretArn?.split(':')[3] ?? primary;
    wanted.push({ kind: 'slack', id, region, fix: `aws secretsmanager put-secret-value --region ${region} --secret-id ${id} --secret-string 'https://hooks.slack.com/services/...' (docs/slack.md)` });
  }
  if (cfg.license && !cfg.license.offlineToken) {
    const id = cfg.license.keySecretArn ?? `${cfg.prefix}/license`;
    const region = cfg.license.keySecretArn?.split(':')[3] ?? primary;
    wanted.push({ kind: 'license', id, region, fix: `aws secretsmanager put-secret-value --region ${region} --secret-id ${id} --secret-string '{"licenseKey":"..."}' (docs/licensing.md)` });
  }
  for (const w of wanted) {
    let problem: string | undefined;
    try {
      const v = await c.secrets(w.region).send(new GetSecretValueCommand({ SecretId: w.id }));
      problem = placeholderProblem(w.kind, v.SecretString);
    } catch (e) {
      problem = errorName(e) === 'ResourceNotFoundException' ? 'does not exist (not deployed yet?)' : `cannot be read (${errorName(e)})`;
    }
    if (problem) out.push({ check: 'secrets', region: w.region, subject: w.id, problem: `${w.kind === 'slack' ? 'Slack webhook' : 'license key'} secret ${problem}`, fix: w.fix });
  }
  return wanted.length;
}

async function logGroups(cfg: ResolvedConfig, c: DoctorClients, staleMs: number, now: number, out: Finding[]): Promise<number> {
  const groups = new Map<string, { region: string; name: string }>();
  for (const s of [...cfg.hostedZones, ...cfg.resolverVpcs]) groups.set(`${s.region}|${s.logGroupName}`, { region: s.region, name: s.logGroupName });
  for (const { region, name } of [...groups.values()].sort((a, b) => a.region.localeCompare(b.region) || a.name.localeCompare(b.name))) {
    const logs = c.logs(region);
    const found = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: name }));
    if (!(found.logGroups ?? []).some((g) => g.logGroupName === name)) {
      out.push({ check: 'log-groups', region, subject: name, problem: 'log group does not exist: no query logs, so no metrics', fix: 'deploy with queryLogging.create: true, or point queryLogging.logGroupName at the group that receives the logs' });
      continue;
    }
    const streams = await logs.send(new DescribeLogStreamsCommand({ logGroupName: name, orderBy: 'LastEventTime', descending: true, limit: 1 }));
    const last = streams.logStreams?.[0]?.lastEventTimestamp;
    if (last === undefined || now - last > staleMs) {
      out.push({
        check: 'log-groups',
        region,
        subject: name,
        problem: last === undefined ? 'no event ever arrived' : `no event for ${Math.round((now - last) / 3_600_000)} h`,
        fix: 'check that query logging is on for the zone or VPC and writes to this group (Route 53 console, Query logging; Resolver query logging)',
      });
    }
  }
  return groups.size;
}

async function queryLogging(cfg: ResolvedConfig, c: DoctorClients, out: Finding[]): Promise<number> {
  if (cfg.hostedZones.length === 0) return 0;
  const on = new Set<string>();
  let token: string | undefined;
  do {
    const page = await c.route53().send(new ListQueryLoggingConfigsCommand({ NextToken: token }));
    for (const q of page.QueryLoggingConfigs ?? []) on.add((q.HostedZoneId ?? '').replace(/^\/hostedzone\//, ''));
    token = page.NextToken;
  } while (token);
  for (const z of cfg.hostedZones) {
    if (!on.has(z.id)) {
      out.push({ check: 'query-logging', region: HOSTED_ZONE_REGION, subject: `${z.name} (${z.id})`, problem: 'no query logging configuration: Route 53 writes no query logs for this zone', fix: `set queryLogging.create: true for it and deploy, or turn query logging on into ${z.logGroupName}` });
    }
  }
  return cfg.hostedZones.length;
}

async function alarms(cfg: ResolvedConfig, c: DoctorClients, regions: readonly string[], maxMs: number, now: number, out: Finding[]): Promise<number> {
  let checked = 0;
  for (const region of regions) {
    let token: string | undefined;
    do {
      const page = await c.cloudwatch(region).send(new DescribeAlarmsCommand({ AlarmNamePrefix: `${cfg.prefix}-`, StateValue: 'INSUFFICIENT_DATA', AlarmTypes: ['MetricAlarm'], NextToken: token }));
      for (const a of page.MetricAlarms ?? []) {
        checked++;
        const since = a.StateUpdatedTimestamp?.getTime() ?? now;
        if (now - since > maxMs) {
          out.push({
            check: 'alarms',
            region,
            subject: a.AlarmName!,
            problem: `INSUFFICIENT_DATA for ${Math.round((now - since) / 60_000)} min: its metric has no data`,
            fix: 'the alarm cannot fire: check that its log group receives query logs (see log-groups) or that the resource it watches exists',
          });
        }
      }
      token = page.NextToken;
    } while (token);
  }
  return checked;
}

export async function runDoctor(cfg: ResolvedConfig, clients: DoctorClients, opts: DoctorOptions = {}): Promise<DoctorReport> {
  const now = opts.now ?? Date.now();
  const { regions, primary } = deploymentRegions(cfg);
  const findings: Finding[] = [];
  const checked = {
    subscriptions: await subscriptions(cfg, clients, regions, findings),
    secrets: await secrets(cfg, clients, primary, findings),
    'log-groups': await logGroups(cfg, clients, (opts.staleHours ?? 1) * 3_600_000, now, findings),
    'query-logging': await queryLogging(cfg, clients, findings),
    alarms: await alarms(cfg, clients, regions, (opts.insufficientMinutes ?? 60) * 60_000, now, findings),
  };
  return { findings, checked };
}

export function renderDoctor(r: DoctorReport): string {
  const lines = [`checked: ${Object.entries(r.checked).map(([k, n]) => `${n} ${k}`).join(', ')}`];
  if (r.findings.length === 0) return `${lines[0]}\nnothing is missing.\n`;
  for (const f of r.findings) lines.push(`✗ [${f.check}] ${f.region} ${f.subject}: ${f.problem}\n    fix: ${f.fix}`);
  return `${lines.join('\n')}\n${r.findings.length} thing(s) to fix.\n`;
}
