/**
 * `dns-monitor doctor`: after `cdk deploy`, what is still missing for alerts to arrive. Read-only
 * calls with the user's own credentials (nothing leaves the user's machine but those AWS calls):
 *   - email/SMS/HTTPS subscriptions of the alert topics still waiting for confirmation;
 *   - SMS subscribers SNS will not text: opted-out numbers, the account's SMS sandbox, and a
 *     monthly SMS spend limit still at the new-account $1;
 *   - existing topics the config names (alerts.*.topicArns) that are missing or encrypted with the
 *     AWS managed key alias/aws/sns, which CloudWatch alarms cannot use;
 *   - the Slack webhook and license secrets missing, or still holding the app's placeholder;
 *   - hosted zones (of the config and of its DNS checks) not in the account, private, or named
 *     otherwise than the config says;
 *   - monitored log groups missing, or without an event for `staleHours`;
 *   - where the app turns query logging on: a region whose CloudWatch Logs resource policies leave
 *     no room for the one the logs need (10 per region; a delivery policy already at its 5,120
 *     characters), which fails the deploy or leaves a VPC's Resolver logs undelivered;
 *   - hosted zones without a Route 53 query logging configuration, or whose configuration writes to
 *     another log group than the one the monitoring reads; VPCs that no Resolver query logging
 *     configuration writing to their group logs (none associated, another destination, or the
 *     association FAILED, with Resolver's error);
 *   - Resolver endpoints that do not exist in their region, or that Resolver reports unhealthy;
 *   - registered domains the account does not hold, whose automatic renewal is off while the config
 *     expects it on, or that expire within their warning threshold;
 *   - with the change audit on: no CloudTrail trail logging Route 53's write management events in
 *     us-east-1 (EventBridge then receives no Route 53 API calls and no change alert arrives);
 *   - the deployment's alarms in INSUFFICIENT_DATA for more than `insufficientMinutes`, and zones
 *     whose logs-stopped alarm is in ALARM;
 *   - undelivered alerts waiting in the deliveries' dead-letter queues (the Slack notifier and its
 *     alarm-deletion rule, the change audit, the DNS check reporter, the license schedule), and the
 *     Slack intake queue's backlog and reader;
 *   - alarms the Slack channel last heard in ALARM that no longer exist (deleted without a notice,
 *     so their ALARM stays the channel's last word), with the command that posts the notice, and
 *     alert topics the Slack notifier's intake queue is no longer subscribed to;
 *   - maintenance windows open now, and what they mute.
 * The AWS clients are passed in (the CLI builds them per region; tests point them at moto).
 */
import {
  type AdvancedEventSelector,
  type CloudTrailClient,
  DescribeTrailsCommand,
  type EventSelector,
  GetEventSelectorsCommand,
  GetTrailStatusCommand,
} from '@aws-sdk/client-cloudtrail';
import { type CompositeAlarm, DescribeAlarmsCommand, type CloudWatchClient, type MetricAlarm } from '@aws-sdk/client-cloudwatch';
import { DescribeLogStreamsCommand, DescribeResourcePoliciesCommand, ListTagsForResourceCommand, type CloudWatchLogsClient, type ResourcePolicy } from '@aws-sdk/client-cloudwatch-logs';
import { ListQueryLoggingConfigsCommand, type Route53Client } from '@aws-sdk/client-route-53';
import type { Route53ResolverClient } from '@aws-sdk/client-route53resolver';
import type { Route53DomainsClient } from '@aws-sdk/client-route-53-domains';
import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetQueueAttributesCommand, GetQueueUrlCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { ListEventSourceMappingsCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  CheckIfPhoneNumberIsOptedOutCommand,
  GetSMSAttributesCommand,
  GetSMSSandboxAccountStatusCommand,
  GetTopicAttributesCommand,
  ListSMSSandboxPhoneNumbersCommand,
  ListSubscriptionsByTopicCommand,
  type SNSClient,
} from '@aws-sdk/client-sns';
import { LAMBDA, LOGS, ROUTE53_DOMAINS, SNS_SMS } from '../aws-facts';
import { filtersForLogGroup, maxSubjectsPerGroup } from '../signals/metric-filters';
import { partitionOfRegion } from '../../contracts/console-links';
import { logGroupOfArn, queryLogGroups } from '../config/query-log-groups';
import type { ResolvedConfig, ResolvedSubject } from '../config/resolve';
import { HOSTED_ZONE_REGION } from '../config/resolve';
import { changeAuditRuns } from '../config/change-audit';
import { canonicalName } from '../config/domain-names';
import { topicArnRegion } from '../config/alerts-schema';
import { deploymentAlertTopics, type DeploymentTopics, intakeTopicArn, listDeploymentTopics, slackIntakeTopics, topicNameOf } from './alert-topics';
import { shellWord } from './shell-word';
import { readResolverLogging, resolverLoggingProblems, vpcsLoggedTo } from './resolver-logging';
import { readHostedZones, zoneProblems } from './zones';
import { createTableCommand, DYNAMODB_AWS_MANAGED_KEY_ALIAS, DYNAMODB_NO_TABLE, lookAtProberTable, lookAtTable, PROBER_TABLE_ENCRYPTION, TABLE_KEY_PERMISSION, tableDriftFinding, type TableToMake } from './tables';
import { isCommandPlaceholder, SECRET_PLACEHOLDER } from '../../contracts/secret-placeholders';
import { type AlarmNow, deletionNoticeCommand, describeAlarmsByName, findSlackNotifier, intakeSubscribeCommand, isQueueSubscribed, readAlarmsHeardInAlarm, notifierTable, recoveryNoticeCommand, type SlackNotifierFound, unheardRecovery } from './slack-alarms';
import { delegationProblems, domainProblems, readDelegations, readRegisteredDomains } from './domains';
import { type CheckFinding, someNames } from './finding';
import { existingLogGroups, type FoundLogGroup, groupsWithEvents, logKeyFindings } from './log-groups';
import { capacityMetricProblems, readCapacityMetricEndpoints, readResolverEndpoints, resolverEndpointProblems } from './resolver-endpoints';
import { DEAD_LETTER_ALARM_SUFFIX, DNS_REPORTER_ALARMS, dnsProberFunctionName, INTAKE_BACKLOG_ALARM_SUFFIX, intakeBacklogAlarmName, logsStoppedAlarmName, SLACK_DELIVERY_NAME, PREFIX_TAG_KEY, resolverQueryLoggingName, route53LogsPolicyName, slackWebhookSecretName } from '../naming';
import { deploymentTags } from '../compose/context';
import { zoneReadsByRegion } from '../plan/deploy';
import { PROBER_ZONE_TABLE } from '../../contracts/dns-check';
import { REPORTER_INTAKE } from '../dns-checks/reporter';
import { deploymentRegions } from '../model/regions';
import { openWindowUntil, targetsSummary, windowTargets, windowWhen } from '../config/maintenance-schema';
import { usSmsTextsFor } from '../plan/prices';
import { synthesizeForPlan } from '../plan/synthesize';
import type { StackAssignments } from '../stacks/stack-assignments';
import { ConfigError } from '../config/errors';
import { errorLabel, errorName, failedCallFix, failedCallOrThrow, failedCallText, type FailedCall, namingFailedCalls } from './failed-calls';
import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { SchedulerClient } from '@aws-sdk/client-scheduler';
import type { KMSClient } from '@aws-sdk/client-kms';
import { alertKeyFindings, encryptTopicCommand } from './alert-keys';
import { deliveryFindings } from './deliveries';
import { accountOfAlarms, accountOfDashboards, type DeployedNow, describeAlarmsWithPrefix, describeFiltersOfMetrics, describeInsightRulesWithPrefix, driftFindings, listDashboardsWithPrefix, listSwitches, type ScannedAlarm, templateAlarmsOf, templateDashboardsOf, templateFiltersOf, templateInsightRulesOf, templateSwitchesOf } from './drift';

/** Every check, in the order they run and print. */
export const DOCTOR_CHECKS = ['subscriptions', 'sms', 'topics', 'alert-keys', 'deliveries', 'secrets', 'zones', 'log-groups', 'log-policies', 'query-logging', 'resolver-endpoints', 'domains', 'change-audit', 'alarms', 'drift', 'dead-letters', 'slack-alarms', 'maintenance'] as const;
export type DoctorCheck = (typeof DOCTOR_CHECKS)[number];

export type Finding = CheckFinding & { readonly check: DoctorCheck };

export interface DoctorClients {
  sns(region: string): SNSClient;
  secrets(region: string): SecretsManagerClient;
  logs(region: string): CloudWatchLogsClient;
  cloudwatch(region: string): CloudWatchClient;
  route53(): Route53Client;
  cloudtrail(region: string): CloudTrailClient;
  sqs(region: string): SQSClient;
  resolver(region: string): Route53ResolverClient;
  lambda(region: string): LambdaClient;
  /** The Slack notifier's table (slack-alarms). */
  dynamodb(region: string): DynamoDBClient;
  /** The Route 53 Domains API (us-east-1 only: ROUTE53_DOMAINS.region). */
  route53domains(): Route53DomainsClient;
  /** EventBridge rules and Scheduler schedules (drift). */
  events(region: string): EventBridgeClient;
  scheduler(region: string): SchedulerClient;
  /** The alert topics' keys (alert-keys). */
  kms(region: string): KMSClient;
}

export interface DoctorOptions {
  /** A log group without an event for this long is reported. @default 1 */
  readonly staleHours?: number;
  /** An alarm in INSUFFICIENT_DATA for longer than this is reported. @default 60 */
  readonly insufficientMinutes?: number;
  /** @default Date.now() */
  readonly now?: number;
  /** Run only these checks (`--check`), e.g. log-policies before a first deploy. @default all */
  readonly checks?: readonly DoctorCheck[];
  /** The config file, as the deploy command doctor prints names it. @default dns-monitor.yaml */
  readonly configFile?: string;
  /** Directory of the config file, for the synthesis of the drift check. @default the current directory */
  readonly configDir?: string;
  /** The stack placement recorded next to the config (the drift check synthesizes with it, as cdk synth does). @default none */
  readonly assignments?: StackAssignments;
}

export interface DoctorReport {
  readonly findings: readonly Finding[];
  /** What was looked at, per check that ran (so "no findings" can be told from "nothing checked"). */
  readonly checked: Readonly<Partial<Record<DoctorCheck, number>>>;
}


/**
 * A call a check needs that failed (most often denied to a policy made from an earlier
 * docs/cli-permissions.md): a finding naming the call, so the other checks still run.
 */
function unreadable(check: DoctorCheck, region: string, subject: string, e: unknown, p: { what: string; unknown: string; allow: string; orElse: string }): Finding {
  return { check, region, subject, problem: `could not ${p.what} (${errorLabel(e)}): whether ${p.unknown} is not known`, fix: `allow ${p.allow} (docs/cli-permissions.md), or ${p.orElse}` };
}

/** One subscription of one of the deployment's alert topics. */
interface AlertSubscription {
  readonly region: string;
  readonly protocol: string;
  readonly endpoint: string;
}

async function subscriptions(cfg: ResolvedConfig, c: DoctorClients, regions: readonly string[], listTopics: () => Promise<DeploymentTopics>, out: Finding[], seen: AlertSubscription[]): Promise<number> {
  // The app's alert and SMS topics (the Chatbot topic's one subscriber is the channel; existing topics are their owner's).
  const wanted = deploymentAlertTopics(cfg).names;
  const listed = (await listTopics()).arns.filter((arn) => wanted.has(topicNameOf(arn)));
  let checked = 0;
  for (const region of regions) {
    const sns = c.sns(region);
    const topics = listed.filter((arn) => topicArnRegion(arn) === region);
    for (const topic of topics.sort()) {
      let next: string | undefined;
      do {
        const page = await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: topic, NextToken: next }));
        for (const s of page.Subscriptions ?? []) {
          checked++;
          seen.push({ region, protocol: s.Protocol ?? '', endpoint: s.Endpoint ?? '' });
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

/**
 * SMS subscribers SNS will not text, per region whose alert topics text them: the region's monthly
 * SMS spend limit still at the new-account quota, the account's SMS sandbox (numbers not verified
 * get nothing), and numbers that opted out. Read-only calls; nothing is changed.
 */
async function smsDelivery(subs: readonly AlertSubscription[], c: DoctorClients, out: Finding[]): Promise<number> {
  const byRegion = new Map<string, Set<string>>();
  for (const s of subs) if (s.protocol === 'sms') byRegion.set(s.region, (byRegion.get(s.region) ?? new Set()).add(s.endpoint));
  let checked = 0;
  for (const region of [...byRegion.keys()].sort()) {
    const sns = c.sns(region);
    const numbers = [...byRegion.get(region)!].sort();
    checked += numbers.length;

    const quota = SNS_SMS.newAccountMonthlySpendQuotaUsd;
    try {
      const a = await sns.send(new GetSMSAttributesCommand({ attributes: ['MonthlySpendLimit'] }));
      const raw = a.attributes?.MonthlySpendLimit;
      const set = raw !== undefined && raw !== '';
      const limit = set ? Number(raw) : quota;
      if (limit <= quota) {
        const usd = Number.isInteger(limit) ? String(limit) : limit.toFixed(2);
        const texts = `about ${usSmsTextsFor(limit)} alarm texts to a US number`;
        out.push({
          check: 'sms',
          region,
          subject: 'SMS spend limit',
          problem: set
            ? `MonthlySpendLimit is $${usd} a month (${texts}): once it is spent, SNS sends no SMS until the next month`
            : `MonthlySpendLimit is not set, so the account's SMS spending quota applies ($${usd} a month for a new account, ${texts}): once it is spent, SNS sends no SMS until the next month`,
          fix: `open an "SNS Text Messaging" spending-quota increase case in the AWS Support Center, then aws sns set-sms-attributes --region ${region} --attributes MonthlySpendLimit=<the new quota>`,
        });
      }
    } catch (e) {
      out.push({ check: 'sms', region, subject: 'SMS spend limit', problem: `could not read the SMS preferences (${errorLabel(e)})`, fix: 'allow sns:GetSMSAttributes, or check the SNS console: Text messaging (SMS), Text messaging preferences' });
    }

    const inSandbox = await sns.send(new GetSMSSandboxAccountStatusCommand({})).then(
      (r) => r.IsInSandbox === true,
      (e: unknown) => {
        out.push({
          check: 'sms',
          region,
          subject: 'SMS sandbox',
          problem: `could not read the SMS sandbox status (${errorLabel(e)}): while the account is in the sandbox, numbers that are not verified get no SMS`,
          fix: 'allow sns:GetSMSSandboxAccountStatus and sns:ListSMSSandboxPhoneNumbers, or check the SNS console: Text messaging (SMS), Account information',
        });
        return false;
      },
    );
    if (inSandbox) {
      const verified = new Set<string>();
      let token: string | undefined;
      do {
        const page = await sns.send(new ListSMSSandboxPhoneNumbersCommand({ NextToken: token }));
        for (const p of page.PhoneNumbers ?? []) if (p.Status === 'Verified' && p.PhoneNumber) verified.add(p.PhoneNumber);
        token = page.NextToken;
      } while (token);
      for (const n of numbers.filter((x) => !verified.has(x))) {
        out.push({
          check: 'sms',
          region,
          subject: n,
          problem: 'the account is in the SMS sandbox and this number is not a verified destination: SNS sends it nothing',
          fix: `verify it (aws sns create-sms-sandbox-phone-number --region ${region} --phone-number ${n}, then verify-sms-sandbox-phone-number with the code it receives; at most ${SNS_SMS.sandboxMaxVerifiedNumbers} numbers), or ask AWS Support to move the account out of the SMS sandbox`,
        });
      }
    }

    for (const n of numbers) {
      const r = await sns.send(new CheckIfPhoneNumberIsOptedOutCommand({ phoneNumber: n }));
      if (r.isOptedOut) {
        out.push({
          check: 'sms',
          region,
          subject: n,
          problem: 'opted out of SMS from this account (its owner replied STOP): SNS sends it nothing',
          fix: `once its owner agrees: aws sns opt-in-phone-number --region ${region} --phone-number ${n} (allowed once every ${SNS_SMS.optInIntervalDays} days)`,
        });
      }
    }
  }
  return checked;
}

/**
 * Existing topics the config names (alerts.*.topicArns, every route and severity): the app cannot
 * change them, so what it can read of them is checked here. A topic encrypted with the AWS managed
 * key alias/aws/sns takes no alarm notification: that key's policy cannot be edited to let a
 * service principal such as cloudwatch.amazonaws.com use it (SNS Developer Guide, "Key management").
 */
async function existingTopics(cfg: ResolvedConfig, c: DoctorClients, out: Finding[]): Promise<number> {
  const arns = [...deploymentAlertTopics(cfg).arns].sort();
  for (const arn of arns) {
    const region = topicArnRegion(arn);
    try {
      const a = (await c.sns(region).send(new GetTopicAttributesCommand({ TopicArn: arn }))).Attributes ?? {};
      if (/(^|:)alias\/aws\/sns$/.test(a.KmsMasterKeyId ?? '')) {
        out.push({
          check: 'topics',
          region,
          subject: arn,
          problem: 'encrypted with the AWS managed key alias/aws/sns, which CloudWatch alarms cannot use: their notifications to it fail',
          fix: `encrypt it with a customer managed key whose policy lets cloudwatch.amazonaws.com use kms:GenerateDataKey* and kms:Decrypt (${encryptTopicCommand(arn)}), or let the app create the topic (remove it from alerts.*.topicArns)`,
        });
      }
    } catch (e) {
      const name = errorName(e);
      out.push({
        check: 'topics',
        region,
        subject: arn,
        problem: name === 'NotFoundException' || name === 'NotFound' ? 'does not exist (NotFound): alarms that notify it reach no one' : `cannot be read (${errorLabel(e)})`,
        fix: 'create the topic, or fix its ARN in alerts.*.topicArns and deploy',
      });
    }
  }
  return arns.length;
}

/** Findings of one of the checks whose module reports without the check's name (alert-keys, deliveries). */
async function reportAs(check: DoctorCheck, out: Finding[], run: (found: CheckFinding[]) => Promise<number>): Promise<number> {
  const found: CheckFinding[] = [];
  const checked = await run(found);
  out.push(...found.map((f) => ({ check, ...f })));
  return checked;
}

/** The value the app's placeholder secrets hold until the user puts the real one. */
/**
 * A secret still holding the `<...>` placeholder of the command that sets it (contracts/secret-placeholders.ts).
 * The webhook URL goes in as JSON: AWS CLI version 1 takes a parameter value that starts with
 * `https://` for a URL to fetch, and would store what Slack answers instead of the URL.
 */
const STILL_COMMAND_PLACEHOLDER = 'still the <...> placeholder of the command that sets it: put the value in its place';

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
    if (isCommandPlaceholder(url)) return STILL_COMMAND_PLACEHOLDER;
    return /^https:\/\/hooks\.slack\.com\//.test(url) ? undefined : 'still the generated placeholder (no https://hooks.slack.com/ URL)';
  }
  if (v.startsWith('{')) {
    let key: unknown;
    try {
      key = (JSON.parse(v) as { licenseKey?: unknown }).licenseKey;
    } catch {
      return 'starts with { but is not valid JSON';
    }
    if (key === undefined) return 'still the generated placeholder (no licenseKey)';
    if (isCommandPlaceholder(key)) return STILL_COMMAND_PLACEHOLDER;
    return undefined;
  }
  return isCommandPlaceholder(v) ? STILL_COMMAND_PLACEHOLDER : undefined;
}

async function secrets(cfg: ResolvedConfig, c: DoctorClients, primary: string, out: Finding[]): Promise<number> {
  const wanted: { kind: 'slack' | 'license'; id: string; region: string; fix: string }[] = [];
  const webhook = cfg.alerts.slack?.webhook;
  if (webhook) {
    const id = webhook.secretArn ?? slackWebhookSecretName(cfg.prefix);
    const region = webhook.secretArn?.split(':')[3] ?? primary;
    wanted.push({ kind: 'slack', id, region, fix: `store the webhook URL (docs/slack.md): aws secretsmanager put-secret-value --region ${region} --secret-id ${id} --secret-string '{"webhookUrl":"${SECRET_PLACEHOLDER.slack}"}'` });
  }
  if (cfg.license && !cfg.license.offlineToken) {
    const id = cfg.license.keySecretArn ?? `${cfg.prefix}/license`;
    const region = cfg.license.keySecretArn?.split(':')[3] ?? primary;
    wanted.push({ kind: 'license', id, region, fix: `store the license key (docs/licensing.md): aws secretsmanager put-secret-value --region ${region} --secret-id ${id} --secret-string '{"licenseKey":"${SECRET_PLACEHOLDER.license}"}'` });
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

const vpcIdsOf = (subjects: readonly ResolvedSubject[]) => subjects.filter((s) => s.source === 'resolver').map((s) => s.id);

async function logGroups(cfg: ResolvedConfig, c: DoctorClients, staleMs: number, now: number, out: Finding[]): Promise<number> {
  const groups = queryLogGroups(cfg).sort((a, b) => a.region.localeCompare(b.region) || a.logGroupName.localeCompare(b.logGroupName));
  for (const region of [...new Set(groups.map((g) => g.region))]) {
    const here = groups.filter((g) => g.region === region);
    const logs = c.logs(region);
    const existing = await existingLogGroups(logs, here.map((g) => g.logGroupName));
    const active = await groupsWithEvents(c.cloudwatch(region), [...existing.keys()], staleMs, now);
    for (const f of await logKeyFindings(c.kms(region), region, existing)) out.push({ check: 'log-groups', ...f });
    for (const { logGroupName: name, subjects } of here) {
      if (!existing.has(name)) {
        out.push({ check: 'log-groups', region, subject: name, problem: 'log group does not exist: no query logs, so no metrics', fix: 'deploy with queryLogging.create: true, or point queryLogging.logGroupName at the group that receives the logs' });
        continue;
      }
      if (active.has(name)) continue;
      // The metric shows no event (or has not caught up with the last minutes): the newest stream says when the last one came.
      const streams = await logs.send(new DescribeLogStreamsCommand({ logGroupName: name, orderBy: 'LastEventTime', descending: true, limit: 1 }));
      const last = streams.logStreams?.[0]?.lastEventTimestamp;
      if (last !== undefined && now - last <= staleMs) continue;
      const vpcs = vpcIdsOf(subjects);
      out.push({
        check: 'log-groups',
        region,
        subject: name,
        problem: last === undefined ? 'no event ever arrived' : `no event for ${Math.round((now - last) / 3_600_000)} h`,
        fix:
          vpcs.length === 0
            ? 'check that query logging is on for the zone and writes to this group (Route 53 console, Query logging; see query-logging)'
            : `see the query-logging finding of ${vpcs.join(', ')} (it reads their Resolver query logging associations: none, another destination, or FAILED with Resolver's error); if it has none, Resolver logs ${vpcs.length === 1 ? 'the VPC' : 'the VPCs'} into this group and ${vpcs.length === 1 ? 'it' : 'they'} made no DNS query in that time`,
      });
    }
  }
  return groups.length;
}

type PolicyStatement = { Effect?: string; Principal?: { Service?: string | string[] }; Action?: string | string[]; Resource?: string | string[] };
const list = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
/** IAM's `*` and `?` wildcards (an ARN's `*` may span colons). */
const wildcard = (pattern: string, value: string, flags = '') =>
  new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, flags).test(value);
function statements(p: ResourcePolicy): PolicyStatement[] {
  try {
    const doc = JSON.parse(p.policyDocument ?? '{}') as { Statement?: PolicyStatement | PolicyStatement[] };
    return Array.isArray(doc.Statement) ? doc.Statement : doc.Statement ? [doc.Statement] : [];
  } catch {
    return [];
  }
}
const forDelivery = (st: PolicyStatement) => st.Effect === 'Allow' && list(st.Principal?.Service).includes(LOGS.logDeliveryPrincipal);
/**
 * Whether the policy lets log delivery put events into the group (any account: the policy is the
 * account's own). A reading of its Allow statements for the principal, action and resource; their
 * conditions are not evaluated (test/doctor/log-policies.test.ts holds it to an IAM policy
 * simulator's verdict on the policies AWS's log delivery writes).
 */
export function grantsDelivery(p: ResourcePolicy, region: string, group: string): boolean {
  const stream = `log-group:${group}:log-stream:x`;
  return statements(p).some(
    (st) =>
      forDelivery(st) &&
      list(st.Action).some((a) => wildcard(a, 'logs:PutLogEvents', 'i')) &&
      list(st.Resource).some((r) => {
        const [arn, partition, service, reg, , ...rest] = r.split(':');
        if (r === '*') return true;
        return arn === 'arn' && wildcard(partition ?? '', partitionOfRegion(region)) && wildcard(service ?? '', 'logs') && wildcard(reg ?? '', region) && wildcard(rest.join(':'), stream);
      }),
  );
}

/**
 * Where the app turns query logging on, the log group needs a CloudWatch Logs resource policy: the
 * app's own for hosted zones (us-east-1), and for Resolver one that AWS's log delivery writes when
 * the configuration is created, adding each log group's ARN. A region holds at most 10 policies
 * and a policy at most 5,120 characters (LOGS in lib/aws-facts.ts). Both are read before a deploy
 * as well as after: the policies are the account's, whoever made them.
 */
async function logPolicies(cfg: ResolvedConfig, c: DoctorClients, out: Finding[]): Promise<number> {
  const zones = cfg.hostedZones.filter((z) => z.createQueryLogging);
  // The VPC log groups the app turns Resolver query logging on for (VPCs sharing a group agree on it).
  const vpcGroups = queryLogGroups({ hostedZones: [], resolverVpcs: cfg.resolverVpcs.filter((v) => v.createQueryLogging) });
  const regions = [...new Set([...(zones.length > 0 ? [HOSTED_ZONE_REGION] : []), ...vpcGroups.map((g) => g.region)])].sort();
  const max = LOGS.resourcePoliciesPerRegion;
  const atLimit = (n: number, region: string) => `the account has ${n} CloudWatch Logs resource policies in ${region}, the most a region can have (not adjustable)`;
  const makeRoom = (region: string) => `delete a resource policy nothing uses: aws logs describe-resource-policies --region ${region}, then aws logs delete-resource-policy --region ${region} --policy-name <its name>`;
  for (const region of regions) {
    const policies: ResourcePolicy[] = [];
    let token: string | undefined;
    do {
      const page = await c.logs(region).send(new DescribeResourcePoliciesCommand({ nextToken: token }));
      policies.push(...(page.resourcePolicies ?? []));
      token = page.nextToken;
    } while (token);
    const own = route53LogsPolicyName(cfg.prefix);
    const addsOwn = region === HOSTED_ZONE_REGION && zones.length > 0 && !policies.some((p) => p.policyName === own);
    if (addsOwn && policies.length >= max) {
      out.push({
        check: 'log-policies',
        region,
        subject: own,
        problem: `${atLimit(policies.length, region)}: deploying query logging for ${zones.length} hosted zone${zones.length === 1 ? '' : 's'} fails creating this one`,
        fix: `${makeRoom(region)}; or turn the zones' query logging on outside this app and set queryLogging.create: false`,
      });
    }
    for (const { logGroupName: group, subjects } of vpcGroups.filter((g) => g.region === region).sort((a, b) => a.logGroupName.localeCompare(b.logGroupName))) {
      const vpcs = vpcIdsOf(subjects);
      if (policies.some((p) => grantsDelivery(p, region, group))) continue;
      const consequence = `creating the query logging of ${vpcs.join(', ')} fails with AccessDeniedException, or their logs stop arriving`;
      const delivery = policies.filter((p) => statements(p).some(forDelivery));
      if (delivery.length === 0) {
        // The app's own Route 53 policy, when this deploy creates it, takes a place first.
        const planned = policies.length + (addsOwn ? 1 : 0);
        if (planned < max) continue;
        const count =
          addsOwn && policies.length < max
            ? `the account has ${policies.length} CloudWatch Logs resource policies in ${region} and this deploy adds ${own}, the ${planned}th, the most a region can have (not adjustable)`
            : atLimit(policies.length, region);
        out.push({
          check: 'log-policies',
          region,
          subject: group,
          problem: `${count}, and none lets log delivery write to this group: Resolver query logging cannot add one, so ${consequence}`,
          fix: makeRoom(region),
        });
        continue;
      }
      if (group.startsWith(LOGS.vendedLogsPrefix)) continue;
      // What Resolver adds: the group's ARN in the policy's Resource list (a 12-digit account id).
      const entry = `,"arn:${partitionOfRegion(region)}:logs:${region}:000000000000:log-group:${group}:log-stream:*"`.length;
      const full = delivery.filter((p) => (p.policyDocument ?? '').length + entry > LOGS.maxResourcePolicyChars);
      if (full.length < delivery.length) continue;
      const p = [...full].sort((a, b) => (a.policyDocument ?? '').length - (b.policyDocument ?? '').length)[0];
      out.push({
        check: 'log-policies',
        region,
        subject: group,
        problem: `Resolver query logging adds each log group it writes to a CloudWatch Logs resource policy, and ${p.policyName} (the one that lets log delivery write) has ${(p.policyDocument ?? '').length} of its ${LOGS.maxResourcePolicyChars} characters, too few for this group's ARN: ${consequence}`,
        fix: `remove the ARNs of log groups that no longer exist from ${p.policyName}: aws logs describe-resource-policies --region ${region} --query ${shellWord(`resourcePolicies[?policyName=='${p.policyName}'].policyDocument`)} --output text > policy.json, take them out of policy.json, then aws logs put-resource-policy --region ${region} --policy-name ${shellWord(p.policyName ?? '')} --policy-document file://policy.json; or name the log group under ${LOGS.vendedLogsPrefix} (resolverVpcs[].queryLogging.logGroupName): CloudWatch Logs admits every such group in one entry once a delivery policy nears its limit`,
      });
    }
  }
  return regions.length;
}


/**
 * The hosted zones of the config and of its DNS checks: in the account, public, named as configured
 * (lib/doctor/zones.ts); and the table each deployed prober that reads them keeps their name
 * servers in (lib/doctor/tables.ts).
 */
async function zones(cfg: ResolvedConfig, c: DoctorClients, out: Finding[], unlogged: Set<string>): Promise<number> {
  const checks = [...cfg.dnsChecks, ...cfg.localDnsChecks].filter((d) => d.zoneId !== undefined);
  if (cfg.hostedZones.length === 0 && checks.length === 0) return 0;
  const found = await readHostedZones(c.route53());
  for (const { unloggedZoneId, ...p } of zoneProblems(cfg.hostedZones, checks, found)) {
    out.push({ check: 'zones', region: HOSTED_ZONE_REGION, ...p });
    if (unloggedZoneId) unlogged.add(unloggedZoneId);
  }
  await proberTables(cfg, c, out);
  return cfg.hostedZones.length + checks.length;
}

/**
 * The table of zone name servers of each region's prober whose checks read hosted zones: one
 * deleted outside CloudFormation is not made again, and without it (or with one made again by hand
 * with another key, which fails every read) each new execution environment of the prober (Lambda
 * starts one every few hours) reads its zones from Route 53 at its share of the account's rate,
 * skipping the zone checks it has not read yet (zoneReadsByRegion: as after a first deploy). TTL
 * and point-in-time recovery as the template sets them (lib/doctor/tables.ts).
 */
async function proberTables(cfg: ResolvedConfig, c: DoctorClients, out: Finding[]): Promise<void> {
  for (const r of zoneReadsByRegion(cfg)) {
    const look = await lookAtProberTable({ lambda: c.lambda(r.region), dynamodb: c.dynamodb(r.region), kms: c.kms(r.region) }, dnsProberFunctionName(cfg.prefix));
    if (!look) continue;
    if ('unreadable' in look) {
      const table = "the DNS prober's table of zone name servers";
      out.push(
        unreadable(
          'zones',
          r.region,
          look.subject,
          look.unreadable,
          look.key
            ? {
                what: `tell whether ${table} is encrypted with DynamoDB's AWS managed key`,
                unknown: 'it is encrypted as the template sets it',
                allow: TABLE_KEY_PERMISSION,
                orElse: `look at the table's key in the DynamoDB console (Additional settings, Encryption): the template's is the AWS managed key ${DYNAMODB_AWS_MANAGED_KEY_ALIAS}`,
              }
            : {
                what: look.settings ? `look at the TTL and point-in-time recovery of ${table}` : `look at ${table}`,
                unknown: look.settings ? 'they are as the template sets them' : "the prober's new execution environments start with the zones' name servers",
                allow: 'lambda:GetFunctionConfiguration on the prober, and dynamodb:DescribeTable, dynamodb:DescribeTimeToLive and dynamodb:DescribeContinuousBackups on its table',
                orElse: `look for the table named in the prober's ${PROBER_ZONE_TABLE.envVar} variable in the DynamoDB console`,
              },
        ),
      );
      continue;
    }
    const wait =
      r.minutes > 0
        ? `skips the zone checks whose name servers it has not read yet for up to about ${r.minutes} minute${r.minutes === 1 ? '' : 's'} (${r.zones} zones at ${r.perRun} a run), as after a first deploy`
        : `reads all ${r.zones} of its zones from Route 53 again in its first run`;
    const environments = `each new execution environment of the prober (Lambda starts one every few hours) ${wait}, and the prober logs that it could not use its table`;
    const table: TableToMake = {
      region: r.region,
      tableName: 'missing' in look ? look.missing : look.tableName,
      key: PROBER_ZONE_TABLE.attributes.key,
      expiresAt: PROBER_ZONE_TABLE.attributes.expiresAt,
      encryption: PROBER_TABLE_ENCRYPTION,
      tags: deploymentTags(cfg),
    };
    if ('drift' in look) {
      out.push({
        check: 'zones',
        region: r.region,
        subject: look.tableName,
        ...tableDriftFinding(look, table, {
          what: "the DNS prober's table of zone name servers",
          failing: `every read and write of it fails, so ${environments}`,
          lingering: 'zones no check reads any more stay in it',
          writer: 'the prober',
        }),
      });
      continue;
    }
    out.push({
      check: 'zones',
      region: r.region,
      subject: look.missing,
      problem: `the DNS prober's table of zone name servers does not exist (deleted outside CloudFormation, which does not make it again): ${environments}`,
      fix: `make it again as the app does (key, billing, encryption, TTL, point-in-time recovery, tags): ${createTableCommand(table)}`,
    });
  }
}

/** The registered domains of the config: held by the account, renewing as the config expects, not about to expire (lib/doctor/domains.ts). */
async function registeredDomains(cfg: ResolvedConfig, c: DoctorClients, now: number, out: Finding[]): Promise<number> {
  if (cfg.registeredDomains.length === 0) return 0;
  let found: Awaited<ReturnType<typeof readRegisteredDomains>>;
  try {
    found = await readRegisteredDomains(c.route53domains());
  } catch (e) {
    // A policy made before this check lacks route53domains:ListDomains: a finding, and the other checks run.
    out.push(unreadable('domains', ROUTE53_DOMAINS.region, 'registered domains', e, {
      what: "list the account's registered domains",
      unknown: cfg.registeredDomains.length === 1 ? "the domain of registeredDomains is the account's" : `the ${cfg.registeredDomains.length} domains of registeredDomains are the account's`,
      allow: 'route53domains:ListDomains',
      orElse: 'look them up in the Route 53 console (Registered domains)',
    }));
    return cfg.registeredDomains.length;
  }
  for (const p of domainProblems(cfg.registeredDomains, found, now)) out.push({ check: 'domains', region: ROUTE53_DOMAINS.region, ...p });
  // A registered domain that is also a monitored zone: delegated to that zone's name servers?
  const pairs = cfg.registeredDomains.flatMap((d) => {
    const zone = cfg.hostedZones.find((z) => canonicalName(z.name) === d.name);
    return zone && found.has(d.name) ? [{ domain: d.name, zoneId: zone.id }] : [];
  });
  if (pairs.length === 0) return cfg.registeredDomains.length;
  try {
    const read = await readDelegations(c.route53domains(), c.route53(), pairs);
    for (const p of delegationProblems(read)) out.push({ check: 'domains', region: ROUTE53_DOMAINS.region, ...p });
  } catch (e) {
    out.push(unreadable('domains', ROUTE53_DOMAINS.region, 'registered domains', e, {
      what: "compare the registrar's name servers with the hosted zones'",
      unknown: `${pairs.map((p) => p.domain).join(', ')} ${pairs.length === 1 ? 'is' : 'are'} delegated to the monitored zone`,
      allow: 'route53domains:GetDomainDetail and route53:GetHostedZone',
      orElse: 'compare them in the Route 53 console (Registered domains, Hosted zones)',
    }));
  }
  return cfg.registeredDomains.length;
}

/** The Resolver endpoints of the config: in their region, in a state that answers (lib/doctor/resolver-endpoints.ts). */
async function resolverEndpoints(cfg: ResolvedConfig, c: DoctorClients, out: Finding[]): Promise<number> {
  const configured = cfg.resolverEndpoints.map((e, i) => ({ ...e, configPath: `resolverEndpoints[${i}]` }));
  for (const region of [...new Set(configured.map((e) => e.region))].sort()) {
    const found = await readResolverEndpoints(c.resolver(region));
    const here = configured.filter((e) => e.region === region);
    for (const p of resolverEndpointProblems(region, here, found)) out.push({ check: 'resolver-endpoints', region, ...p });
    if (!here.some((e) => e.capacity.enabled)) continue;
    let withMetric: Set<string>;
    try {
      withMetric = await readCapacityMetricEndpoints(c.cloudwatch(region));
    } catch (e) {
      // A policy made from an earlier docs/cli-permissions.md lacks cloudwatch:ListMetrics.
      out.push(unreadable('resolver-endpoints', region, 'capacity metric of the endpoints', e, {
        what: 'list ResolverEndpointCapacityStatus',
        unknown: "each endpoint's capacity alarm gets data",
        allow: 'cloudwatch:ListMetrics',
        orElse: 'look for the metric in the CloudWatch console (Route 53 Resolver, By Endpoint)',
      }));
      continue;
    }
    for (const p of capacityMetricProblems(here, found, withMetric)) out.push({ check: 'resolver-endpoints', region, ...p });
  }
  return configured.length;
}

async function queryLogging(cfg: ResolvedConfig, c: DoctorClients, out: Finding[], unlogged: ReadonlySet<string>): Promise<number> {
  return (await zoneQueryLogging(cfg, c, out, unlogged)) + (await vpcQueryLogging(cfg, c, out));
}

/** Each monitored VPC: associated with a query logging configuration that writes to its group (lib/doctor/resolver-logging.ts). */
async function vpcQueryLogging(cfg: ResolvedConfig, c: DoctorClients, out: Finding[]): Promise<number> {
  const byRegion = new Map<string, ResolvedSubject[]>();
  for (const v of cfg.resolverVpcs) byRegion.set(v.region, [...(byRegion.get(v.region) ?? []), v]);
  for (const [region, vpcs] of [...byRegion].sort(([a], [b]) => a.localeCompare(b))) {
    const { configs, associations } = await readResolverLogging(c.resolver(region));
    const monitored = vpcs.map((v) => ({ ...v, appConfigName: resolverQueryLoggingName(cfg.prefix, region, v.logGroupName) }));
    for (const p of resolverLoggingProblems(region, monitored, configs, associations)) out.push({ check: 'query-logging', region, ...p });
    outsideWriters(region, vpcs, (group) => vpcsLoggedTo(group, configs, associations), out);
  }
  return cfg.resolverVpcs.length;
}

/** `unlogged`: zones the zones check found outside the account or private (its finding says why they have no query logging). */
async function zoneQueryLogging(cfg: ResolvedConfig, c: DoctorClients, out: Finding[], unlogged: ReadonlySet<string>): Promise<number> {
  if (cfg.hostedZones.length === 0) return 0;
  // Route 53 allows one query logging configuration per zone: where it writes is where it writes.
  const writesTo = new Map<string, string>();
  const groupArnOf = new Map<string, string>();
  let token: string | undefined;
  do {
    const page = await c.route53().send(new ListQueryLoggingConfigsCommand({ NextToken: token }));
    for (const q of page.QueryLoggingConfigs ?? []) {
      const group = logGroupOfArn(q.CloudWatchLogsLogGroupArn) ?? q.CloudWatchLogsLogGroupArn ?? '';
      writesTo.set((q.HostedZoneId ?? '').replace(/^\/hostedzone\//, ''), group);
      if (q.CloudWatchLogsLogGroupArn) groupArnOf.set(group, q.CloudWatchLogsLogGroupArn.replace(/:\*$/, ''));
    }
    token = page.NextToken;
  } while (token);
  // The groups the deploy would create for zones without a configuration: one that exists already
  // without the deployment's tag (before the first deploy) makes it fail. Read together.
  const created = cfg.hostedZones.filter((z) => !writesTo.has(z.id) && !unlogged.has(z.id) && z.createQueryLogging && !z.existingLogGroup);
  const existing = created.length === 0 ? new Map<string, FoundLogGroup>() : await existingLogGroups(c.logs(HOSTED_ZONE_REGION), created.map((z) => z.logGroupName));
  for (const [i, z] of cfg.hostedZones.entries()) {
    const group = writesTo.get(z.id);
    const subject = `${z.name} (${z.id})`;
    if (group === undefined) {
      if (unlogged.has(z.id)) continue;
      const arn = existing.get(z.logGroupName)?.arn;
      const made = arn === undefined ? undefined : await madeByDeployment(c, cfg.prefix, arn);
      if (made === false) {
        out.push({
          check: 'query-logging',
          region: HOSTED_ZONE_REGION,
          subject,
          problem: `no query logging configuration, and the log group ${z.logGroupName} exists, made outside this deployment (it lacks its ${PREFIX_TAG_KEY} tag): with queryLogging.create: true the deploy fails creating the group (its name is taken)`,
          fix: `set hostedZones[${i}].queryLogging.useExistingLogGroup: true (the deploy then turns query logging on into the existing group), or delete the group if nothing needs it`,
        });
        continue;
      }
      if (z.createQueryLogging && !z.existingLogGroup && arn === undefined) {
        // Before the first deploy: the deploy makes the configuration and the group.
        out.push({ check: 'query-logging', region: HOSTED_ZONE_REGION, subject, problem: `no query logging configuration yet, nor its log group ${z.logGroupName}: the deploy makes both (queryLogging.create: true)`, fix: 'deploy (cdk deploy)' });
        continue;
      }
      if (z.createQueryLogging && arn !== undefined && made === true) {
        // The deployment's group is there, its configuration is not: deleted by hand (CloudFormation does not make it again).
        out.push({
          check: 'query-logging',
          region: HOSTED_ZONE_REGION,
          subject,
          problem: `no query logging configuration, though the deploy made one into this deployment's log group ${z.logGroupName}: it was deleted outside CloudFormation, which does not make it again, so Route 53 writes no query logs for this zone`,
          fix: `turn it on again: aws route53 create-query-logging-config --hosted-zone-id ${z.id} --cloud-watch-logs-log-group-arn ${arn} (or in the Route 53 console: the zone, Configure query logging)`,
        });
        continue;
      }
      out.push({
        check: 'query-logging',
        region: HOSTED_ZONE_REGION,
        subject,
        problem: 'no query logging configuration: Route 53 writes no query logs for this zone',
        fix: z.createQueryLogging
          ? `deploy; if it is deployed, the configuration was deleted outside CloudFormation, which does not make it again: turn query logging on into ${z.logGroupName} (Route 53 console: the zone, Configure query logging)`
          : `set queryLogging.create: true for it and deploy, or turn query logging on into ${z.logGroupName}`,
      });
    } else if (group === z.logGroupName && z.createQueryLogging && !z.existingLogGroup) {
      // The app creates this group with the deployment's tags; a configuration into an untagged one
      // was made outside it, and the deploy would fail creating a second (before the first deploy).
      const made = await madeByDeployment(c, cfg.prefix, groupArnOf.get(group));
      if (made === true) continue;
      out.push({
        check: 'query-logging',
        region: HOSTED_ZONE_REGION,
        subject,
        problem:
          made === false
            ? `Route 53 already writes this zone's query logs to ${group} through a configuration made outside this deployment (the group lacks its ${PREFIX_TAG_KEY} tag): with queryLogging.create: true the deploy fails creating a second configuration (a zone has one) and the group (its name is taken)`
            : `Route 53 already writes this zone's query logs to ${group}, and whether this deployment made that configuration could not be read (${made.error}): if it did not, the deploy fails creating a second one`,
        fix: `set hostedZones[${i}].queryLogging.create: false (the monitoring then reads ${group}, where the existing configuration writes)`,
      });
    } else if (group !== z.logGroupName) {
      out.push({
        check: 'query-logging',
        region: HOSTED_ZONE_REGION,
        subject,
        problem: `Route 53 writes its query logs to ${group}, but the monitoring reads ${z.logGroupName}: its metrics get nothing`,
        fix: `set hostedZones[].queryLogging.logGroupName: ${group} for it (with create: false) and deploy, or point the zone's query logging at ${z.logGroupName} (a zone has one query logging configuration)`,
      });
    }
  }
  outsideWriters(HOSTED_ZONE_REGION, cfg.hostedZones, (group) => [...writesTo].filter(([, g]) => g === group).map(([id]) => id), out);
  return cfg.hostedZones.length;
}

/** Whether a log group carries this deployment's prefix tag; `{ error }` when its tags cannot be read. */
async function madeByDeployment(c: DoctorClients, prefix: string, groupArn: string | undefined): Promise<boolean | { error: string }> {
  if (!groupArn) return { error: 'no log group ARN' };
  try {
    const { tags } = await c.logs(HOSTED_ZONE_REGION).send(new ListTagsForResourceCommand({ resourceArn: groupArn }));
    return tags?.[PREFIX_TAG_KEY] === prefix;
  } catch (e) {
    return { error: `ListTagsForResource: ${e instanceof Error ? e.name : String(e)}` };
  }
}

const WRITER_WORDS = {
  hostedZone: { one: 'hosted zone', many: 'hosted zones', short: 'zone', shorts: 'zones', move: 'its query logging configuration names the group' },
  resolver: { one: 'VPC', many: 'VPCs', short: 'VPC', shorts: 'VPCs', move: 'associate it with a Resolver query logging configuration that writes elsewhere' },
} as const;

/**
 * Subjects outside the config writing to a monitored log group, for the monitored subjects of one
 * source and region (`writersOf`: the ids writing to a group now). A filter that counts every line
 * of the group (every monitored subject of it has the signal, and their ids do not fit in a
 * pattern) makes metrics of their queries too: billed, and counted toward
 * LOGS.metricFilterDimensionValuesPerHour, past which CloudWatch Logs may disable it.
 */
function outsideWriters(region: string, monitored: readonly ResolvedSubject[], writersOf: (group: string) => readonly string[], out: Finding[]): void {
  const ids = new Set(monitored.map((s) => s.id));
  for (const group of [...new Set(monitored.map((s) => s.logGroupName))].sort()) {
    const outsiders = writersOf(group).filter((id) => !ids.has(id)).sort();
    if (outsiders.length === 0) continue;
    const mine = monitored.filter((s) => s.logGroupName === group);
    const unrestricted = filtersForLogGroup(mine[0].source, group, mine).filter((f) => f.subjects.length === 0);
    if (unrestricted.length === 0) continue;
    const most = maxSubjectsPerGroup(Math.max(...unrestricted.map((f) => f.valuesPerSubject)));
    const w = WRITER_WORDS[mine[0].source];
    const one = outsiders.length === 1;
    const shown = someNames(outsiders);
    out.push({
      check: 'query-logging',
      region,
      subject: `log group ${group}`,
      problem:
        `also receives the query logs of ${outsiders.length} ${one ? w.one : w.many} the config does not monitor (${shown}): the group's metric filters count ${one ? 'its' : 'their'} queries as metrics of their own (custom metrics, billed), ` +
        `and toward the ${LOGS.metricFilterDimensionValuesPerHour.toLocaleString('en-US')} different dimension values an hour after which CloudWatch Logs may disable a filter (${mine.length + outsiders.length} ${w.shorts} of at most ${most})`,
      fix: `give ${one ? `that ${w.short} a log group of its own` : `those ${w.shorts} log groups of their own`} (${w.move}), or add ${one ? 'it' : 'them'} to the config`,
    });
  }
}

const ROUTE53_EVENT_SOURCE = 'route53.amazonaws.com';
/** Where the Route 53 Developer Guide's CloudTrail page records domain registration calls (the registrar rules match it). */
const ROUTE53_DOMAINS_EVENT_SOURCE = 'route53domains.amazonaws.com';

/**
 * Whether a trail's selectors record the write management events of `source` (Route 53's, or its
 * domain registration API's): classic selectors with
 * management events (the default) read-write or write-only, or an advanced selector on the
 * Management category that keeps writes and that source (CloudTrail User Guide, "Logging management
 * events"; the AdvancedFieldSelector fields eventCategory, readOnly, eventSource). No selectors at
 * all: a trail logs every management event.
 */
function logsWritesOf(source: string, classic: readonly EventSelector[], advanced: readonly AdvancedEventSelector[]): boolean {
  if (advanced.length > 0) {
    return advanced.some((sel) => {
      const field = (name: string) => sel.FieldSelectors?.find((f) => f.Field === name);
      const has = (name: string, key: 'Equals' | 'NotEquals', value: string) => (field(name)?.[key] ?? []).includes(value);
      return (
        has('eventCategory', 'Equals', 'Management') &&
        !has('readOnly', 'Equals', 'true') &&
        !has('eventSource', 'NotEquals', source) &&
        (field('eventSource')?.Equals === undefined || has('eventSource', 'Equals', source))
      );
    });
  }
  if (classic.length === 0) return true;
  return classic.some(
    (sel) => sel.IncludeManagementEvents !== false && (sel.ReadWriteType ?? 'All') !== 'ReadOnly' && !(sel.ExcludeManagementEventSources ?? []).includes(source),
  );
}

/**
 * The change audit's rules get Route 53's API calls from CloudTrail ("AWS API Call via CloudTrail"),
 * which sends them to EventBridge only while a trail logs them; Route 53 records them in us-east-1.
 * A trail counts when it covers us-east-1 (homed there, or multi-region), keeps global service
 * events, is logging, and its selectors keep Route 53's write management events (and, with registered
 * domains, those of route53domains.amazonaws.com, the registrar rules' calls). A trail whose
 * status or selectors cannot be read (an organization trail seen from a member account) counts.
 */
async function changeAuditTrail(cfg: ResolvedConfig, c: DoctorClients, out: Finding[]): Promise<number> {
  if (!changeAuditRuns(cfg.changeAudit)) return 0;
  const region = HOSTED_ZONE_REGION;
  const trails = (await c.cloudtrail(region).send(new DescribeTrailsCommand({ includeShadowTrails: true }))).trailList ?? [];
  const why: string[] = [];
  let covered = false;
  for (const t of [...trails].sort((a, b) => (a.Name ?? '').localeCompare(b.Name ?? ''))) {
    const home = t.HomeRegion ?? region;
    if (home !== region && !t.IsMultiRegionTrail) {
      why.push(`${t.Name}: a single-region trail in ${home}`);
      continue;
    }
    if (t.IncludeGlobalServiceEvents === false) {
      why.push(`${t.Name}: leaves out global service events, which Route 53's are`);
      continue;
    }
    const ct = c.cloudtrail(home);
    const logging = await ct.send(new GetTrailStatusCommand({ Name: t.TrailARN })).then((r) => r.IsLogging, () => undefined);
    if (logging === false) {
      why.push(`${t.Name}: logging is stopped`);
      continue;
    }
    const selectors = await ct.send(new GetEventSelectorsCommand({ TrailName: t.TrailARN })).then((r) => r, () => undefined);
    const keeps = (source: string) => !selectors || logsWritesOf(source, selectors.EventSelectors ?? [], selectors.AdvancedEventSelectors ?? []);
    if (!keeps(ROUTE53_EVENT_SOURCE)) {
      why.push(`${t.Name}: its event selectors leave out Route 53's write management events`);
      continue;
    }
    if (cfg.changeAudit.registrar && !keeps(ROUTE53_DOMAINS_EVENT_SOURCE)) {
      why.push(`${t.Name}: its event selectors leave out domain registration calls (${ROUTE53_DOMAINS_EVENT_SOURCE})`);
      continue;
    }
    covered = true;
  }
  if (!covered) {
    const consequence = 'EventBridge receives no Route 53 API calls, so no DNS change alert will arrive';
    out.push({
      check: 'change-audit',
      region,
      subject: 'CloudTrail',
      problem: trails.length === 0 ? `no CloudTrail trail in the account: ${consequence}` : `no trail logs Route 53's write management events in ${region} (${why.join('; ')}): ${consequence}`,
      fix: `create a multi-region trail that logs management events (the console default) and start it, into a bucket whose policy lets CloudTrail write (aws cloudtrail create-trail --region ${region} --name <name> --s3-bucket-name <bucket> --is-multi-region-trail, then aws cloudtrail start-logging --region ${region} --name <name>; the bucket and its policy: docs/change-audit.md, 'A trail for the change audit'); or fix the trail named above`,
    });
  }
  return trails.length;
}

async function alarms(cfg: ResolvedConfig, c: DoctorClients, regions: readonly string[], maxMs: number, now: number, out: Finding[]): Promise<number> {
  let checked = 0;
  // A zone's logs-stopped alarm in ALARM: Route 53 answers but the zone's logs do not arrive. A log
  // group shared by other zones still gets events, so log-groups cannot see it; the alarm can.
  const blind = new Map(cfg.hostedZones.map((z) => [logsStoppedAlarmName(cfg.prefix, z.name), z] as const));
  if (blind.size > 0) {
    let token: string | undefined;
    do {
      const page = await c.cloudwatch(HOSTED_ZONE_REGION).send(new DescribeAlarmsCommand({ AlarmNamePrefix: `${cfg.prefix}-`, StateValue: 'ALARM', AlarmTypes: ['MetricAlarm'], NextToken: token }));
      for (const a of page.MetricAlarms ?? []) {
        const z = blind.get(a.AlarmName ?? '');
        // The state is checked here too: moto leaves StateValue out when a name prefix is given.
        if (!z || a.StateValue !== 'ALARM') continue;
        checked++;
        out.push({
          check: 'alarms',
          region: HOSTED_ZONE_REGION,
          subject: a.AlarmName!,
          problem: `in ALARM: Route 53 answers ${z.name} but its query logs do not arrive, so every query-log alarm and dashboard of the zone is blind`,
          fix: `check the zone's query logging configuration and its log group ${z.logGroupName} (see query-logging and log-groups), and the CloudWatch Logs resource policy that lets Route 53 write to it (see log-policies)`,
        });
      }
      token = page.NextToken;
    } while (token);
  }
  for (const region of regions) {
    let token: string | undefined;
    do {
      const page = await c.cloudwatch(region).send(new DescribeAlarmsCommand({ AlarmNamePrefix: `${cfg.prefix}-`, StateValue: 'INSUFFICIENT_DATA', AlarmTypes: ['MetricAlarm'], NextToken: token }));
      for (const a of page.MetricAlarms ?? []) {
        if (a.StateValue !== 'INSUFFICIENT_DATA') continue;
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

/**
 * The deployment's alarms, metric filters, EventBridge rules, Scheduler schedules, Contributor
 * Insights rules and dashboards against the templates the config synthesizes to
 * (lib/doctor/drift.ts): deleted outside CloudFormation, alarm actions or evaluation changed,
 * filter patterns or metrics changed, rules, schedules and Contributor Insights rules turned off
 * or edited, parts not deployed yet. One DescribeAlarms scan per region (shared with
 * dead-letters), one DescribeMetricFilters listing per metric, ListRules and ListSchedules by the
 * prefix, one DescribeInsightRules and one ListDashboards listing per region that has any; the
 * synthesis is that of `plan`, for the account the alarms are in.
 */
async function drift(cfg: ResolvedConfig, c: DoctorClients, regions: readonly string[], scanAlarms: AlarmScan, opts: DoctorOptions, out: Finding[]): Promise<number> {
  /** Each region's read of `what`; a region whose read fails is left out, with a finding saying so. Regions without any: an empty read. */
  const perRegion = async <T>(has: (region: string) => boolean, read: (region: string) => Promise<ReadonlyMap<string, T>>, p: { subject: string; what: string; unknown: (region: string) => string; allow: string; orElse: string }) => {
    const got = new Map<string, ReadonlyMap<string, T>>();
    for (const region of regions) {
      if (!has(region)) {
        got.set(region, new Map());
        continue;
      }
      try {
        got.set(region, await read(region));
      } catch (e) {
        out.push(unreadable('drift', region, p.subject, e, { what: p.what, unknown: p.unknown(region), allow: p.allow, orElse: p.orElse }));
      }
    }
    return got;
  };
  const alarmsNow = await perRegion(() => true, scanAlarms, {
    subject: `${cfg.prefix}-* alarms`,
    what: "list the deployment's alarms",
    unknown: (region) => `every alarm the config deploys in ${region} exists with its actions on`,
    allow: 'cloudwatch:DescribeAlarms',
    orElse: 'compare the alarms of the stacks in the CloudFormation console (drift detection) with the CloudWatch console',
  });
  const account = accountOfAlarms([...alarmsNow.values()].flatMap((m) => [...m.values()]));
  let stacks: ReturnType<typeof synthesizeForPlan>['stacks'];
  try {
    stacks = synthesizeForPlan(cfg, { configDir: opts.configDir, assignments: opts.assignments, account }).stacks;
  } catch (e) {
    // What cdk synth would refuse too (an update path it refuses, a file the config names): the other checks still run.
    const why = e instanceof ConfigError ? e.issues.map((i) => `${i.path ? `${i.path}: ` : ''}${i.message}`).join('; ') : errorLabel(e);
    out.push({
      check: 'drift',
      region: regions[0],
      subject: 'the config',
      problem: `could not synthesize it (${why}): whether the deployment's alarms, metric filters, rules, schedules, Contributor Insights rules and dashboards are as its templates have them is not known`,
      fix: 'run npx cdk synth with this config, fix what it refuses, then run doctor again',
    });
    return 0;
  }
  const alarms = templateAlarmsOf(stacks);
  const filters = templateFiltersOf(stacks);
  const switches = templateSwitchesOf(stacks);
  const insightRules = templateInsightRulesOf(stacks);
  const insightRulesNow = await perRegion(
    (region) => insightRules.some((r) => r.region === region),
    (region) => describeInsightRulesWithPrefix(c.cloudwatch(region), cfg.prefix),
    {
      subject: 'Contributor Insights rules',
      what: "list the deployment's Contributor Insights rules",
      unknown: (region) => `every Contributor Insights rule the config deploys in ${region} exists, on and as its template has it`,
      allow: 'cloudwatch:DescribeInsightRules',
      orElse: 'compare the rules named after the prefix in the CloudWatch console (Contributor Insights) with the templates (npx cdk synth)',
    },
  );
  const dashboards = templateDashboardsOf(stacks);
  const dashboardsNow = await perRegion(
    (region) => dashboards.some((d) => d.region === region),
    (region) => listDashboardsWithPrefix(c.cloudwatch(region), cfg.prefix),
    {
      subject: 'dashboards',
      what: "list the deployment's dashboards",
      unknown: (region) => `every dashboard the config deploys in ${region} exists`,
      allow: 'cloudwatch:ListDashboards',
      orElse: 'look for the dashboards named after the prefix in the CloudWatch console',
    },
  );
  const filtersNow = await perRegion(
    (region) => filters.some((f) => f.region === region),
    (region) => describeFiltersOfMetrics(c.logs(region), filters.filter((f) => f.region === region)),
    {
      subject: 'metric filters',
      what: "list the deployment's metric filters",
      unknown: (region) => `every metric filter the config deploys in ${region} exists as its template has it`,
      allow: 'logs:DescribeMetricFilters',
      orElse: 'compare the metric filters of the log groups in the CloudWatch console with the templates (npx cdk synth)',
    },
  );
  const switchesNow = await perRegion(
    (region) => switches.some((x) => x.region === region),
    (region) => listSwitches({ events: c.events(region), scheduler: c.scheduler(region) }, cfg.prefix),
    {
      subject: 'rules and schedules',
      what: "list the deployment's EventBridge rules and Scheduler schedules",
      unknown: (region) => `every rule and schedule the config deploys in ${region} exists and is on`,
      allow: 'events:ListRules and scheduler:ListSchedules',
      orElse: 'look for rules and schedules named after the prefix in the EventBridge console',
    },
  );
  const now: DeployedNow = { alarms: alarmsNow, filters: filtersNow, switches: switchesNow, insightRules: insightRulesNow, dashboards: dashboardsNow };
  const deploy = `npx cdk deploy --all -c config=${shellWord(opts.configFile ?? 'dns-monitor.yaml')}`;
  // Without any alarm yet, a dashboard's ARN names the account (the templates' account parts are pseudo parameters then).
  const inAccount = account ?? accountOfDashboards([...dashboardsNow.values()].flatMap((m) => [...m.values()]));
  for (const f of driftFindings({ alarms, filters, switches, insightRules, dashboards }, now, inAccount, deploy)) out.push({ check: 'drift', ...f });
  const compared = <T extends { region: string }>(list: readonly T[], read: ReadonlyMap<string, unknown>) => list.filter((x) => read.has(x.region)).length;
  return compared(alarms, alarmsNow) + compared(filters, filtersNow) + compared(switches, switchesNow) + compared(insightRules, insightRulesNow) + compared(dashboards, dashboardsNow);
}

/**
 * Alerts that were never delivered: every delivery of the product dead-letters into a queue watched
 * by `<prefix>-<name>-dead-letters-count` (lib/alerts/dead-letter-alarm.ts), whose QueueName
 * dimension names the queue. That alarm pages through the same topics, so after an incident the
 * queue is where the lost alerts are: how many wait in each, and how to read them. Alerts not yet
 * delivered: a delivery with an intake queue (INTAKE_READERS: the Slack notifier, the DNS check
 * reporter) is watched by `<prefix>-<name>-intake-backlog-age`; while it is in ALARM, how many wait
 * and where to look. Whatever that alarm's state, the queue must be read: an event source mapping
 * disabled by hand, or none at all, leaves every later message waiting, which the alarm tells only
 * its threshold after one has come.
 */
async function deadLetters(c: DoctorClients, prefix: string, regions: readonly string[], scanAlarms: AlarmScan, out: Finding[]): Promise<number> {
  let checked = 0;
  for (const region of regions) {
    for (const a of await scanAlarms(region).then((found) => [...found.values()].filter(isMetricAlarm))) {
      const queueName = a.Dimensions?.find((d) => d.Name === 'QueueName')?.Value;
      const intake = a.AlarmName?.endsWith(INTAKE_BACKLOG_ALARM_SUFFIX) ?? false;
      if (!(intake || a.AlarmName?.endsWith(DEAD_LETTER_ALARM_SUFFIX)) || a.Namespace !== 'AWS/SQS' || !queueName) continue;
      const reader = intake ? intakeReaderOf(prefix, a.AlarmName ?? '') : undefined;
      if (intake && !reader) continue;
      checked++;
      let url: string | undefined;
      let arn: string | undefined;
      let waiting: number;
      try {
        url = (await c.sqs(region).send(new GetQueueUrlCommand({ QueueName: queueName }))).QueueUrl;
        const attrs = (await c.sqs(region).send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'QueueArn'] }))).Attributes ?? {};
        waiting = Number(attrs.ApproximateNumberOfMessages ?? 0) + Number(attrs.ApproximateNumberOfMessagesNotVisible ?? 0);
        arn = attrs.QueueArn;
      } catch (e) {
        out.push({ check: 'dead-letters', region, subject: queueName, problem: `could not read the ${intake ? 'intake' : 'dead-letter'} queue of ${a.AlarmName} (${errorLabel(e)})`, fix: 'allow sqs:GetQueueUrl and sqs:GetQueueAttributes, or look at the queue in the SQS console' });
        continue;
      }
      if (reader && arn) await intakeReader(c.lambda(region), region, queueName, arn, reader, out);
      if (intake && a.StateValue !== 'ALARM') continue;
      if (waiting === 0 && !intake) continue;
      // The alarm's description starts with what could not be delivered, or what waits (our text, one sentence).
      const what = (a.AlarmDescription ?? '').split(' (')[0].trim();
      const plural = waiting === 1 ? ['', 's'] : ['s', ''];
      out.push({
        check: 'dead-letters',
        region,
        subject: queueName,
        ...(intake
          ? {
              problem: `${waiting} ${reader!.items}${waiting === 1 ? '' : 's'} wait${plural[1]} in the intake queue and the oldest has waited past its alarm's threshold (alarm ${a.AlarmName})${what ? `: ${what}` : ''}`,
              fix: `${reader!.storm}; otherwise see whether ${reader!.reader}'s event source mapping is enabled and what it last did: aws lambda list-event-source-mappings --region ${region} --event-source-arn ${arn}; its log group says why a batch fails (${reader!.doc})`,
            }
          : {
              problem: `${waiting} undelivered message${plural[0]} wait${plural[1]} here (alarm ${a.AlarmName})${what ? `: ${what}` : ''}`,
              fix: `read them: aws sqs receive-message --region ${region} --queue-url ${url} --max-number-of-messages 10 --attribute-names All --message-attribute-names All; the reason is in their attributes, the alarm's description says what to fix; then redrive or delete them`,
            }),
      });
    }
  }
  return checked;
}

/** What reads an intake queue, in doctor's words. */
interface IntakeReader {
  /** The function reading it, e.g. "the Slack notifier". */
  readonly reader: string;
  /** What waits in it (singular), e.g. "alert". */
  readonly items: string;
  /** What stops while nothing reads it. */
  readonly stops: string;
  /** When a backlog clears by itself. */
  readonly storm: string;
  readonly doc: string;
}

/** Each delivery with an intake queue, by the name in its alarms' names. */
const INTAKE_READERS: Readonly<Record<string, IntakeReader>> = {
  [SLACK_DELIVERY_NAME]: {
    reader: 'the Slack notifier',
    items: 'alert',
    stops: 'none reaches Slack',
    storm: 'a storm larger than Slack takes (about one alert a second) clears by itself',
    doc: 'docs/slack.md',
  },
  [DNS_REPORTER_ALARMS]: {
    reader: 'the DNS check reporter',
    items: 'alarm event',
    stops: 'no DNS check alarm gets its "what each server answered" follow-up (the alarms themselves notify)',
    storm: `a storm of DNS check alarms (followed up ${REPORTER_INTAKE.maxConcurrency} at a time) clears by itself`,
    doc: 'docs/dns-checks.md',
  },
};

/** The reader of the intake queue that `alarmName` (an intake backlog alarm of this deployment) watches; undefined for one of no delivery the product has. */
function intakeReaderOf(prefix: string, alarmName: string): IntakeReader | undefined {
  return Object.entries(INTAKE_READERS).find(([name]) => intakeBacklogAlarmName(prefix, name) === alarmName)?.[1];
}

/** The intake queue's event source mapping: is something reading it? */
async function intakeReader(lambda: LambdaClient, region: string, queueName: string, queueArn: string, r: IntakeReader, out: Finding[]): Promise<void> {
  const found = (problem: string, fix: string) => out.push({ check: 'dead-letters', region, subject: queueName, problem, fix });
  let mappings;
  try {
    mappings = (await lambda.send(new ListEventSourceMappingsCommand({ EventSourceArn: queueArn }))).EventSourceMappings ?? [];
  } catch (e) {
    found(`could not read what reads the intake queue (${errorLabel(e)})`, `allow lambda:ListEventSourceMappings, or look at the triggers of ${r.reader}'s function in the Lambda console`);
    return;
  }
  if (mappings.length === 0) found(`no event source mapping reads this intake queue: ${r.items}s wait in it and ${r.stops}`, `deploy again (cdk deploy) to recreate ${r.reader}'s mapping`);
  for (const m of mappings) {
    if (!LAMBDA.eventSourceMappingStatesNotReading.includes(m.State ?? '')) continue;
    found(
      `${r.reader}'s event source mapping is ${m.State}: ${r.items}s wait in its intake queue and ${r.stops}`,
      `enable it: aws lambda update-event-source-mapping --region ${region} --uuid ${m.UUID} --enabled`,
    );
  }
}

/**
 * Alarms the Slack channel last heard in ALARM that no longer exist (lib/doctor/slack-alarms.ts):
 * deleted before the notifier posted deletions, or their deletion event never reached it; and
 * those long OK whose recovery never reached the channel. Each is reported with the command that
 * has the notifier post the notice now. Counts the alarms looked at.
 */
async function slackAlarms(cfg: ResolvedConfig, c: DoctorClients, regions: readonly string[], now: number, out: Finding[]): Promise<number> {
  if (!cfg.alerts.slack?.webhook) return 0;
  let checked = 0;
  for (const region of regions) {
    const cannot = (subject: string, e: unknown, what: string, allow: string) =>
      out.push(unreadable('slack-alarms', region, subject, e, {
        what,
        unknown: 'the Slack channel shows alarms that no longer exist as failing',
        allow,
        orElse: 'compare the alarms in ALARM in the channel with the CloudWatch console',
      }));
    let notifier: SlackNotifierFound | undefined;
    try {
      notifier = await findSlackNotifier({ cloudwatch: c.cloudwatch(region), sqs: c.sqs(region), lambda: c.lambda(region) }, region, intakeBacklogAlarmName(cfg.prefix, SLACK_DELIVERY_NAME));
    } catch (e) {
      cannot('Slack notifier', e, "find the Slack notifier's table", 'cloudwatch:DescribeAlarms, sqs:GetQueueUrl, sqs:GetQueueAttributes, lambda:ListEventSourceMappings and lambda:GetFunctionConfiguration');
      continue;
    }
    // No notifier here (not deployed yet, or no mapping reads its queue: dead-letters says so).
    if (!notifier) continue;
    // Its intake queue subscribed to the topics it hears: one deleted by hand silences Slack for
    // that topic, and the queue, empty, sets off no alarm. A topic that does not exist (not
    // deployed; a config-named one the topics check reports) or whose subscriptions cannot be read
    // (another account's) is not reported here.
    for (const t of slackIntakeTopics(cfg, region)) {
      const topicArn = intakeTopicArn(t, notifier);
      if ((await isQueueSubscribed(c.sns(region), topicArn, notifier.queueArn)) !== false) continue;
      out.push({
        check: 'slack-alarms',
        region,
        subject: `${t.name} → sqs ${notifier.queueArn.split(':').pop()}`,
        problem: "the Slack notifier's intake queue is not subscribed to this alert topic (deleted outside CloudFormation, which does not make it again): no alert of the topic reaches Slack",
        fix: `subscribe it as the app does: ${intakeSubscribeCommand(region, topicArn, notifier.queueArn)}`,
      });
    }
    // The notifier's table: there, and as the template makes it (lib/doctor/tables.ts).
    const table = notifierTable(notifier, deploymentTags(cfg));
    const withoutRecords = 'the notifier posts without its records, so a redelivered alert may be posted twice, deletions of alarms are not announced and an OK after INSUFFICIENT_DATA is not posted';
    const missing = () =>
      out.push({
        check: 'slack-alarms',
        region,
        subject: notifier.tableName,
        problem: `the Slack notifier's table does not exist (deleted outside CloudFormation, which does not make it again): ${withoutRecords}`,
        fix: `make it again as the app does (key, billing, the alert key, TTL, point-in-time recovery, tags): ${createTableCommand(table)}`,
      });
    const look = await lookAtTable(c.dynamodb(region), notifier.tableName, table, c.kms(region));
    if (look && 'missing' in look) {
      missing();
      continue;
    }
    if (look && 'drift' in look) {
      out.push({
        check: 'slack-alarms',
        region,
        subject: notifier.tableName,
        ...tableDriftFinding(look, table, {
          what: "the Slack notifier's table",
          failing: `every read and write of it fails: ${withoutRecords}`,
          lingering: "the notifier's records of alarms and of alerts it posted stay in it",
          writer: 'the notifier',
        }),
      });
      // Its records cannot have been written: nothing to read.
      if (look.drift.otherKey !== undefined) continue;
    }
    let heard;
    try {
      heard = (await readAlarmsHeardInAlarm(c.dynamodb(region), notifier.tableName, now)).filter((a) => a.account === notifier.account && a.region === region);
    } catch (e) {
      if (errorName(e) === DYNAMODB_NO_TABLE) {
        missing();
        continue;
      }
      cannot(notifier.tableName, e, "read the Slack notifier's table", "dynamodb:Scan on the notifier's table (and kms:Decrypt on the deployment's alert key, which encrypts it)");
      continue;
    }
    // Told only when the records could be read: a policy made before doctor looked at TTL and
    // point-in-time recovery lacks their permissions, and the records are the larger part.
    if (look && 'unreadable' in look) {
      out.push(
        unreadable('slack-alarms', region, notifier.tableName, look.unreadable, {
          what: "look at the Slack notifier's table's key, TTL and point-in-time recovery",
          unknown: 'the table is as the template makes it',
          allow: "dynamodb:DescribeTable, dynamodb:DescribeTimeToLive and dynamodb:DescribeContinuousBackups on the notifier's table",
          orElse: 'look at the table in the DynamoDB console',
        }),
      );
    }
    checked += heard.length;
    let existing: Map<string, AlarmNow>;
    try {
      existing = await describeAlarmsByName(c.cloudwatch(region), heard.map((a) => a.alarmName));
    } catch (e) {
      cannot('alarms heard in ALARM', e, 'read the alarms the Slack channel last heard in ALARM', 'cloudwatch:DescribeAlarms');
      continue;
    }
    heard.forEach((a, i) => {
      const id = `dns-monitor-doctor-${now}-${i}`;
      const lastWord = `the Slack channel's last word on this alarm is its ALARM of ${new Date(a.sinceMs).toISOString()}`;
      const alarm = existing.get(a.alarmName);
      if (!alarm) {
        out.push({
          check: 'slack-alarms',
          region,
          subject: a.alarmName,
          problem: `${lastWord}, and the alarm no longer exists: it was deleted without a notice (before the notifier posted deletions, or its deletion event never reached it), so the channel will never hear it recover`,
          fix: `have the notifier post that it was deleted (the notice gives the time you run this as the time of deletion): ${deletionNoticeCommand(notifier, a, now, id)}`,
        });
        return;
      }
      const recovery = unheardRecovery(a, alarm, now);
      if (!recovery) return;
      out.push({
        check: 'slack-alarms',
        region,
        subject: a.alarmName,
        problem: `${lastWord}, but the alarm has been OK since ${new Date(recovery.okSinceMs).toISOString()}: its recovery never reached the channel (Slack refused it and its dead-letter entry is gone, or a maintenance window muted it), so the channel shows it failing`,
        fix: `if the dead-letters check reports undelivered alerts, redrive them (docs/slack.md); else have the notifier post the recovery (rebuilt from the alarm as CloudWatch describes it now): ${recoveryNoticeCommand(notifier, alarm, recovery, now, id)}`,
      });
    });
  }
  return checked;
}

/**
 * Maintenance windows open at `now`, from the config (no AWS call): while one is open the alarms it
 * names notify nobody, which is what this command looks for.
 */
function maintenance(cfg: ResolvedConfig, now: number, out: Finding[]): number {
  for (const w of cfg.maintenanceWindows) {
    const until = openWindowUntil(w, now);
    if (until === undefined) continue;
    const what = targetsSummary(windowTargets(w));
    out.push({
      check: 'maintenance',
      region: '-',
      subject: w.name,
      problem: `maintenance window open until ${new Date(until).toISOString()} (${windowWhen(w)}): the alarms of ${what} notify nobody until then; one still in ALARM when it closes notifies then`,
      fix: `nothing, if the work is planned; to end it early, remove ${w.configPath} from the config and deploy`,
    });
  }
  return cfg.maintenanceWindows.length;
}

/** The deployment's alarms in a region (`<prefix>-*`, metric and composite, by name), read once per run and shared by the checks that need them all. */
type AlarmScan = (region: string) => Promise<ReadonlyMap<string, ScannedAlarm>>;

/** A metric alarm, not a composite (only a composite has a rule). */
const isMetricAlarm = (a: ScannedAlarm): a is MetricAlarm => (a as CompositeAlarm).AlarmRule === undefined;

/** The IAM service prefix of each kind of client: with the command, the action a failed call names. */
const CLIENT_SERVICES: { readonly [K in keyof DoctorClients]: string } = {
  sns: 'sns',
  secrets: 'secretsmanager',
  logs: 'logs',
  cloudwatch: 'cloudwatch',
  route53: 'route53',
  cloudtrail: 'cloudtrail',
  sqs: 'sqs',
  resolver: 'route53resolver',
  lambda: 'lambda',
  dynamodb: 'dynamodb',
  route53domains: 'route53domains',
  events: 'events',
  scheduler: 'scheduler',
  kms: 'kms',
};

/** A check stopped by a call it does not handle: what failed where, and what to do. */
function couldNotRun(check: DoctorCheck, failed: FailedCall, e: unknown): Finding {
  return {
    check,
    region: failed.region,
    subject: `the ${check} check`,
    problem: `could not run: ${failedCallText(failed, e)}, so what this check looks at is not known; the other checks ran`,
    fix: failedCallFix(failed, e, 'doctor', `run doctor --check ${check}`),
  };
}

/**
 * `clients` whose failed calls are named (lib/doctor/failed-calls.ts): what doctor runs on, and
 * test-alert. `answered` counts the calls AWS answered.
 */
export const namingDoctorClients = (clients: DoctorClients, answered: { count: number } = { count: 0 }): DoctorClients => namingFailedCalls(clients, CLIENT_SERVICES, answered);

/**
 * Every selected check, in order. A check stopped by an AWS call it does not handle (a permission a
 * policy made from an earlier docs/cli-permissions.md lacks, an endpoint out of reach) is one
 * finding naming that call, and the others still run; the run fails as a whole (the CLI's exit 2)
 * only for what is no check's own: no or refused credentials, a config error, no call answered at
 * all (a refusal is an answer).
 */
export async function runDoctor(cfg: ResolvedConfig, awsClients: DoctorClients, opts: DoctorOptions = {}): Promise<DoctorReport> {
  const answered = { count: 0 };
  const clients = namingDoctorClients(awsClients, answered);
  const now = opts.now ?? Date.now();
  const { regions, primary } = deploymentRegions(cfg);
  const findings: Finding[] = [];
  const subs: AlertSubscription[] = [];
  // Zones the zones check reports as unable to have query logging: the query-logging check, which runs after it, leaves them out.
  const unlogged = new Set<string>();
  const selected = new Set<DoctorCheck>(opts.checks ?? DOCTOR_CHECKS);
  const scans = new Map<string, Promise<ReadonlyMap<string, ScannedAlarm>>>();
  const scanAlarms: AlarmScan = (region) => scans.get(region) ?? scans.set(region, describeAlarmsWithPrefix(clients.cloudwatch(region), cfg.prefix)).get(region)!;
  // The deployment's topics, listed once for the checks that read them all.
  let topicList: Promise<DeploymentTopics> | undefined;
  const topics = () => (topicList ??= listDeploymentTopics(cfg, clients.sns, regions));
  const run: Record<DoctorCheck, () => Promise<number> | number> = {
    // The SMS check reads the numbers the subscriptions check collects (its findings stay out unless asked for).
    subscriptions: () => subscriptions(cfg, clients, regions, topics, selected.has('subscriptions') ? findings : [], subs),
    sms: () => smsDelivery(subs, clients, findings),
    topics: () => existingTopics(cfg, clients, findings),
    'alert-keys': async () => reportAs('alert-keys', findings, async (found) => alertKeyFindings(clients, await topics(), found)),
    deliveries: async () => reportAs('deliveries', findings, async (found) => deliveryFindings(clients.cloudwatch, await topics(), now, found)),
    secrets: () => secrets(cfg, clients, primary, findings),
    zones: () => zones(cfg, clients, findings, unlogged),
    'log-groups': () => logGroups(cfg, clients, (opts.staleHours ?? 1) * 3_600_000, now, findings),
    'log-policies': () => logPolicies(cfg, clients, findings),
    'query-logging': () => queryLogging(cfg, clients, findings, unlogged),
    'resolver-endpoints': () => resolverEndpoints(cfg, clients, findings),
    domains: () => registeredDomains(cfg, clients, now, findings),
    'change-audit': () => changeAuditTrail(cfg, clients, findings),
    alarms: () => alarms(cfg, clients, regions, (opts.insufficientMinutes ?? 60) * 60_000, now, findings),
    drift: () => drift(cfg, clients, regions, scanAlarms, opts, findings),
    'dead-letters': () => deadLetters(clients, cfg.prefix, regions, scanAlarms, findings),
    'slack-alarms': () => slackAlarms(cfg, clients, regions, now, findings),
    maintenance: () => maintenance(cfg, now, findings),
  };
  const checked: Partial<Record<DoctorCheck, number>> = {};
  const stopped: unknown[] = [];
  /** `check`'s count, or 0 and a finding (as `reportAs`) when an AWS call it does not handle stopped it. */
  const attempt = async (check: DoctorCheck, reportAs: DoctorCheck): Promise<number> => {
    try {
      return await run[check]();
    } catch (e) {
      const failed = failedCallOrThrow(e);
      stopped.push(e);
      findings.push(couldNotRun(reportAs, failed, e));
      return 0;
    }
  };
  for (const check of DOCTOR_CHECKS) {
    if (selected.has(check)) checked[check] = await attempt(check, check);
    // The SMS check reads the numbers the subscriptions check collects.
    else if (check === 'subscriptions' && selected.has('sms')) await attempt('subscriptions', 'sms');
  }
  // AWS not reached at all (no answer, not even a refusal): every check would say the same; the error says it once.
  if (stopped.length > 0 && answered.count === 0) throw stopped[0];
  return { findings, checked };
}

export function renderDoctor(r: DoctorReport): string {
  const lines = [`checked: ${Object.entries(r.checked).map(([k, n]) => `${n} ${k}`).join(', ')}`];
  if (r.findings.length === 0) return `${lines[0]}\nnothing is missing.\n`;
  for (const f of r.findings) lines.push(`✗ [${f.check}] ${f.region} ${f.subject}: ${f.problem}\n    fix: ${f.fix}`);
  return `${lines.join('\n')}\n${r.findings.length} thing(s) to fix.\n`;
}
