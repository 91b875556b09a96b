/**
 * `dns-monitor test-alert`: one test notification through every alert topic of a deployment, sent
 * the way a real page travels. For each region and alert topic, one deployed alarm that notifies
 * it is set to ALARM with `SetAlarmState`, which runs the alarm's actions as a real breach would
 * (CloudWatch User Guide, "Testing an alarm's actions"; the alarm returns to its real state at its
 * next evaluation). So the topic's key policy, the subscriptions, the Slack notifier and the
 * Chatbot channel are all exercised; no message is composed here.
 *
 * Picked per topic: the first metric alarm by name whose actions are on, that notifies the topic,
 * and is not in ALARM already (setting it again would be no state change, hence no notification).
 * An alarm that notifies several topics (the alert topic and its SMS topic) covers them all.
 * Never a composite alarm: one set to ALARM is not guaranteed to return to its actual state until
 * a child alarm changes (CloudWatch API Reference, SetAlarmState), and a composite stuck in ALARM
 * would not notify the next real incident. A topic only composites notify is reported untested.
 */
import { type CloudWatchClient, DescribeAlarmsCommand, SetAlarmStateCommand } from '@aws-sdk/client-cloudwatch';
import { type DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import { ListSubscriptionsByTopicCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { alarmStateKey, alarmStateRecordOf } from '../../contracts/slack-notifier';
import type { ResolvedConfig } from '../config/resolve';
import { deploymentRegions } from '../model/regions';
import { chatbotTopicName, intakeBacklogAlarmName, SLACK_DELIVERY_NAME } from '../naming';
import { type AlertTopicScope, deploymentAlertTopics } from './alert-topics';
import { describeAlarmsByName, findSlackNotifier } from './slack-alarms';

export interface TestAlert {
  readonly region: string;
  readonly alarmName: string;
  readonly alarmArn: string;
  /** The alert topics (names) its actions notify. */
  readonly topics: readonly string[];
  /** The same topics, by ARN. */
  readonly topicArns: readonly string[];
}

const topicNameOf = (arn: string) => arn.split(':').pop() ?? arn;

/**
 * The topics in scope: the deployment's alert topics (lib/doctor/alert-topics.ts) and, when nothing
 * narrows it, the Chatbot topic.
 */
function alertTopics(cfg: ResolvedConfig, scope: AlertTopicScope): { names: Set<string>; arns: Set<string> } {
  const topics = deploymentAlertTopics(cfg, scope);
  if (!scope.route && !scope.severity) topics.names.add(chatbotTopicName(cfg.prefix));
  return topics;
}

/** Which alarms a test would set to ALARM, one per region and alert topic (read-only calls). */
export async function planTestAlerts(
  cfg: ResolvedConfig,
  cloudwatch: (region: string) => Pick<CloudWatchClient, 'send'>,
  scope: AlertTopicScope = {},
): Promise<{ regions: readonly string[]; alerts: TestAlert[]; untested: { region: string; topic: string }[] }> {
  const { names, arns } = alertTopics(cfg, scope);
  const ours = (arn: string) => arns.has(arn) || names.has(topicNameOf(arn));
  const { regions } = deploymentRegions(cfg);
  const alerts: TestAlert[] = [];
  const untested: { region: string; topic: string }[] = [];
  for (const region of [...regions].sort()) {
    const candidates: { name: string; arn: string; topics: string[] }[] = [];
    const compositeTopics = new Set<string>();
    let token: string | undefined;
    do {
      const page = await cloudwatch(region).send(new DescribeAlarmsCommand({ AlarmNamePrefix: `${cfg.prefix}-`, AlarmTypes: ['MetricAlarm', 'CompositeAlarm'], NextToken: token }));
      for (const a of page.CompositeAlarms ?? []) if (a.ActionsEnabled !== false) (a.AlarmActions ?? []).filter(ours).forEach((t) => compositeTopics.add(t));
      for (const a of page.MetricAlarms ?? []) {
        const topics = (a.AlarmActions ?? []).filter(ours);
        if (a.ActionsEnabled === false || a.StateValue === 'ALARM' || topics.length === 0) continue;
        candidates.push({ name: a.AlarmName!, arn: a.AlarmArn!, topics });
      }
      token = page.NextToken;
    } while (token);
    const covered = new Set<string>();
    for (const c of candidates.sort((a, b) => a.name.localeCompare(b.name))) {
      if (c.topics.every((t) => covered.has(t))) continue;
      c.topics.forEach((t) => covered.add(t));
      alerts.push({ region, alarmName: c.name, alarmArn: c.arn, topics: c.topics.map(topicNameOf), topicArns: c.topics });
    }
    for (const t of [...compositeTopics].sort()) if (!covered.has(t)) untested.push({ region, topic: topicNameOf(t) });
  }
  return { regions, alerts, untested };
}

/** The state reason the notification carries: what it is, so nobody takes it for an incident. */
export function testAlertReason(now: Date): string {
  return `dns-monitor test-alert ${now.toISOString()}: a test notification, not an incident. The alarm returns to its real state at its next evaluation.`;
}

/** Sets each alarm to ALARM (the notification goes out through its actions). */
export async function sendTestAlerts(alerts: readonly TestAlert[], cloudwatch: (region: string) => Pick<CloudWatchClient, 'send'>, now = new Date()): Promise<void> {
  for (const a of alerts) {
    await cloudwatch(a.region).send(new SetAlarmStateCommand({ AlarmName: a.alarmName, StateValue: 'ALARM', StateReason: testAlertReason(now) }));
  }
}

/** What the Slack notifier's table says of a test alert, once `confirmSlackPosts` stops looking. */
export type SlackOutcome =
  /** The notifier recorded the test ALARM as posted to the channel. */
  | 'posted'
  /** It recorded the alarm's recovery after the test, but not the test ALARM (that one failed and was dead-lettered, or its record was overwritten before it was read). */
  | 'recovery-posted'
  /** Nothing recorded by the deadline. */
  | 'not-posted'
  /** The region's notifier was not found (not deployed, its intake queue gone, or no mapping reads it: doctor's dead-letters check says which). */
  | 'no-notifier';

export interface SlackConfirmation {
  readonly region: string;
  readonly alarmName: string;
  readonly outcome: SlackOutcome;
}

export interface SlackConfirmClients {
  cloudwatch(region: string): CloudWatchClient;
  sqs(region: string): SQSClient;
  lambda(region: string): LambdaClient;
  sns(region: string): SNSClient;
  dynamodb(region: string): DynamoDBClient;
}

/**
 * With `alerts.slack.webhook`: whether each test alert reached the Slack channel, read from the
 * notifier's own table (`NOTIFIER_TABLE`: the state it last posted of each alarm, and when the alarm
 * changed to it). Only alerts on a topic the region's notifier reads (its intake queue subscribed)
 * are looked at. The time of the test ALARM is CloudWatch's (DescribeAlarms right after the send),
 * so a clock that differs from AWS's does not matter. Polls every `intervalMs` until each is
 * settled or `timeoutMs` has passed.
 */
export async function confirmSlackPosts(
  cfg: ResolvedConfig,
  c: SlackConfirmClients,
  alerts: readonly TestAlert[],
  opts: { readonly timeoutMs: number; readonly intervalMs?: number; readonly sleep?: (ms: number) => Promise<void>; readonly clock?: () => number },
): Promise<SlackConfirmation[]> {
  if (!cfg.alerts.slack?.webhook || alerts.length === 0) return [];
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const clock = opts.clock ?? Date.now;
  const deadline = clock() + opts.timeoutMs;
  const out: SlackConfirmation[] = [];
  const watched: { alert: TestAlert; tableName: string; sinceMs: number }[] = [];
  for (const region of [...new Set(alerts.map((a) => a.region))].sort()) {
    const here = alerts.filter((a) => a.region === region);
    const notifier = await findSlackNotifier({ cloudwatch: c.cloudwatch(region), sqs: c.sqs(region), lambda: c.lambda(region) }, region, intakeBacklogAlarmName(cfg.prefix, SLACK_DELIVERY_NAME));
    if (!notifier) {
      out.push(...here.map((a) => ({ region, alarmName: a.alarmName, outcome: 'no-notifier' as const })));
      continue;
    }
    const heard = new Set<string>();
    for (const topicArn of [...new Set(here.flatMap((a) => a.topicArns))]) {
      let token: string | undefined;
      do {
        const page = await c.sns(region).send(new ListSubscriptionsByTopicCommand({ TopicArn: topicArn, NextToken: token }));
        if ((page.Subscriptions ?? []).some((s) => s.Protocol === 'sqs' && s.Endpoint === notifier.queueArn)) heard.add(topicArn);
        token = page.NextToken;
      } while (token && !heard.has(topicArn));
    }
    const toSlack = here.filter((a) => a.topicArns.some((t) => heard.has(t)));
    if (toSlack.length === 0) continue;
    const described = await describeAlarmsByName(c.cloudwatch(region), toSlack.map((a) => a.alarmName));
    for (const alert of toSlack) {
      const a = described.get(alert.alarmName)?.alarm;
      // The notification's StateChangeTime, to the second (the notifier records whole seconds).
      const at = (a?.StateTransitionedTimestamp ?? a?.StateUpdatedTimestamp)?.getTime() ?? clock();
      watched.push({ alert, tableName: notifier.tableName, sinceMs: Math.floor(at / 1000) * 1000 });
    }
  }
  let pending = watched;
  while (pending.length > 0) {
    const next: typeof pending = [];
    for (const w of pending) {
      const got = await c.dynamodb(w.alert.region).send(
        new GetItemCommand({ TableName: w.tableName, Key: alarmStateKey(w.alert.alarmArn), ConsistentRead: true }),
      );
      const record = alarmStateRecordOf(got.Item, clock());
      if (record && record.state === 'ALARM' && record.changedAtMs >= w.sinceMs) out.push({ region: w.alert.region, alarmName: w.alert.alarmName, outcome: 'posted' });
      else if (record && record.state !== 'ALARM' && record.changedAtMs > w.sinceMs) out.push({ region: w.alert.region, alarmName: w.alert.alarmName, outcome: 'recovery-posted' });
      else next.push(w);
    }
    pending = next;
    if (pending.length === 0) break;
    if (clock() >= deadline) {
      out.push(...pending.map((w) => ({ region: w.alert.region, alarmName: w.alert.alarmName, outcome: 'not-posted' as const })));
      break;
    }
    await sleep(Math.min(opts.intervalMs ?? 2_000, Math.max(0, deadline - clock())));
  }
  return out.sort((x, y) => x.region.localeCompare(y.region) || x.alarmName.localeCompare(y.alarmName));
}
