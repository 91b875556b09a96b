/**
 * `dns-monitor test-alert`: one test notification through every alert topic of a deployment, sent
 * the way a real page travels. For each region and alert topic, one deployed alarm that notifies
 * it is set to ALARM with `SetAlarmState`, which runs the alarm's actions as a real breach would
 * (CloudWatch User Guide, "Testing an alarm's actions"; the alarm returns to its real state at its
 * next evaluation). So the topic's key policy, the subscriptions, the Slack notifier and the
 * Chatbot channel are all exercised; no message is composed here.
 *
 * Picked per topic: a metric alarm whose actions are on, that notifies the topic, and is not in
 * ALARM already (setting it again would be no state change, hence no notification); of those one
 * in OK before one without data, then the one of the shortest period, then the first by name. An
 * alarm without data goes back to INSUFFICIENT_DATA, which notifies nobody, so the test ALARM would
 * stay the last word of the Slack channel and Chatbot; one in OK goes back to OK, which is told
 * where OK notifications are on. Until its next evaluation the alarm stays in the test ALARM and a
 * real breach of it would notify nobody: for a 1-minute alarm that is at most about a minute. How
 * often CloudWatch evaluates an alarm of a longer period (a registered domain's, the license's are
 * hourly) is not stated on the pages found (a field report, and replay's model, say every minute);
 * the shortest period bounds it either way.
 * An alarm that notifies several topics (the alert topic and its SMS topic) covers them all.
 * Never a composite alarm: one set to ALARM is not guaranteed to return to its actual state until
 * a child alarm changes (CloudWatch API Reference, SetAlarmState), and a composite stuck in ALARM
 * would not notify the next real incident. A topic only composites notify is reported untested.
 */
import { type CloudWatchClient, DescribeAlarmsCommand, SetAlarmStateCommand } from '@aws-sdk/client-cloudwatch';
import { type DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { SNSClient } from '@aws-sdk/client-sns';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { alarmStateKey, alarmStateRecordOf } from '../../contracts/slack-notifier';
import type { ResolvedConfig } from '../config/resolve';
import { deploymentRegions } from '../model/regions';
import { chatbotTopicName, intakeBacklogAlarmName, SLACK_DELIVERY_NAME } from '../naming';
import { type AlertTopicScope, deploymentAlertTopics, isIntakeTopic, slackIntakeTopics, topicNameOf } from './alert-topics';
import { type FailedCall, failedCallOrThrow } from './failed-calls';
import { evaluationPeriodOf, findSlackNotifier, isQueueSubscribed } from './slack-alarms';

export interface TestAlert {
  readonly region: string;
  readonly alarmName: string;
  readonly alarmArn: string;
  /** The alert topics (names) its actions notify. */
  readonly topics: readonly string[];
  /** The same topics, by ARN. */
  readonly topicArns: readonly string[];
  /**
   * When the alarm changed to the state it was in when picked (CloudWatch's time, epoch ms): the
   * test ALARM comes after it, whatever the local clock says.
   */
  readonly stateSinceMs: number;
  /** Not in OK when picked (no other alarm of its topics was): it goes back to INSUFFICIENT_DATA, which notifies nobody. */
  readonly withoutData: boolean;
}


/**
 * The topics in scope: the deployment's alert topics (lib/doctor/alert-topics.ts) and, when nothing
 * narrows it, the Chatbot topic.
 */
function alertTopics(cfg: ResolvedConfig, scope: AlertTopicScope): { names: Set<string>; arns: Set<string> } {
  const topics = deploymentAlertTopics(cfg, scope);
  if (!scope.route && !scope.severity) topics.names.add(chatbotTopicName(cfg.prefix));
  return topics;
}

/** An AWS call that failed where it was made through clients whose failed calls are named (namingDoctorClients). */
export interface FailedTestCall {
  readonly failed: FailedCall;
  readonly error: unknown;
}

/** `e` as a failed call of a named client, to report and go on (failedCallOrThrow). */
const failedTestCall = (e: unknown): FailedTestCall => ({ failed: failedCallOrThrow(e), error: e });

/**
 * Which alarms a test would set to ALARM, one per region and alert topic (read-only calls). A
 * region whose alarms cannot be read (with clients whose failed calls are named) is `unread`, and
 * the others are planned all the same.
 */
export async function planTestAlerts(
  cfg: ResolvedConfig,
  cloudwatch: (region: string) => Pick<CloudWatchClient, 'send'>,
  scope: AlertTopicScope = {},
): Promise<{ regions: readonly string[]; alerts: TestAlert[]; untested: { region: string; topic: string }[]; unread: (FailedTestCall & { region: string })[] }> {
  const { names, arns } = alertTopics(cfg, scope);
  const ours = (arn: string) => arns.has(arn) || names.has(topicNameOf(arn));
  const { regions } = deploymentRegions(cfg);
  const alerts: TestAlert[] = [];
  const untested: { region: string; topic: string }[] = [];
  const unread: (FailedTestCall & { region: string })[] = [];
  for (const region of [...regions].sort()) {
    const candidates: { name: string; arn: string; topics: string[]; stateSinceMs: number; periodSeconds: number; withoutData: boolean }[] = [];
    const compositeTopics = new Set<string>();
    let token: string | undefined;
    try {
      do {
        const page = await cloudwatch(region).send(new DescribeAlarmsCommand({ AlarmNamePrefix: `${cfg.prefix}-`, AlarmTypes: ['MetricAlarm', 'CompositeAlarm'], NextToken: token }));
        for (const a of page.CompositeAlarms ?? []) if (a.ActionsEnabled !== false) (a.AlarmActions ?? []).filter(ours).forEach((t) => compositeTopics.add(t));
        for (const a of page.MetricAlarms ?? []) {
          const topics = (a.AlarmActions ?? []).filter(ours);
          if (a.ActionsEnabled === false || a.StateValue === 'ALARM' || topics.length === 0) continue;
          const since = (a.StateTransitionedTimestamp ?? a.StateUpdatedTimestamp)?.getTime() ?? Date.now();
          // A period that cannot be read sorts last.
          const periodSeconds = evaluationPeriodOf(a) ?? Number.MAX_SAFE_INTEGER;
          candidates.push({ name: a.AlarmName!, arn: a.AlarmArn!, topics, stateSinceMs: since, periodSeconds, withoutData: a.StateValue !== 'OK' });
        }
        token = page.NextToken;
      } while (token);
    } catch (e) {
      unread.push({ region, ...failedTestCall(e) });
      continue;
    }
    const covered = new Set<string>();
    for (const c of candidates.sort((a, b) => Number(a.withoutData) - Number(b.withoutData) || a.periodSeconds - b.periodSeconds || a.name.localeCompare(b.name))) {
      if (c.topics.every((t) => covered.has(t))) continue;
      c.topics.forEach((t) => covered.add(t));
      alerts.push({ region, alarmName: c.name, alarmArn: c.arn, topics: c.topics.map(topicNameOf), topicArns: c.topics, stateSinceMs: c.stateSinceMs, withoutData: c.withoutData });
    }
    for (const t of [...compositeTopics].sort()) if (!covered.has(t)) untested.push({ region, topic: topicNameOf(t) });
  }
  return { regions, alerts, untested, unread };
}

/** The state reason the notification carries: what it is, so nobody takes it for an incident. */
export function testAlertReason(now: Date): string {
  return `dns-monitor test-alert ${now.toISOString()}: a test notification, not an incident. The alarm returns to its real state at its next evaluation.`;
}

/**
 * Sets each alarm to ALARM (the notification goes out through its actions). One that cannot be set
 * (with clients whose failed calls are named) is `failed`, and the others are sent all the same.
 */
export async function sendTestAlerts(
  alerts: readonly TestAlert[],
  cloudwatch: (region: string) => Pick<CloudWatchClient, 'send'>,
  now = new Date(),
): Promise<{ sent: TestAlert[]; failed: (FailedTestCall & { alert: TestAlert })[] }> {
  const sent: TestAlert[] = [];
  const failed: (FailedTestCall & { alert: TestAlert })[] = [];
  for (const a of alerts) {
    try {
      await cloudwatch(a.region).send(new SetAlarmStateCommand({ AlarmName: a.alarmName, StateValue: 'ALARM', StateReason: testAlertReason(now) }));
      sent.push(a);
    } catch (e) {
      failed.push({ alert: a, ...failedTestCall(e) });
    }
  }
  return { sent, failed };
}

/** What the Slack notifier's table says of a test alert, once `confirmSlackPosts` stops looking. */
export type SlackOutcome =
  /** The notifier recorded the test ALARM as posted to the channel (or the recovery that ended it, which it posts only after that ALARM). */
  | 'posted'
  /** It recorded the alarm's recovery after the test, but not the test ALARM (that one failed and was dead-lettered). */
  | 'recovery-posted'
  /** Nothing recorded by the deadline. */
  | 'not-posted'
  /** The region's notifier was not found (not deployed, its intake queue gone, or no mapping reads it: doctor's dead-letters check says why). */
  | 'no-notifier'
  /** The notifier's intake queue is not subscribed to the alarm's alert topic (`unsubscribed`): the page cannot reach it. */
  | 'not-subscribed';

export interface SlackConfirmation {
  readonly region: string;
  readonly alarmName: string;
  readonly outcome: SlackOutcome;
  /** With `not-subscribed`: the topics of the alarm the intake queue (`queueArn`) is missing from. */
  readonly unsubscribed?: { readonly topicArns: readonly string[]; readonly queueArn: string };
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
 * notifier's own table (`NOTIFIER_TABLE`: the state it last posted of each alarm, when the alarm
 * changed to it and, for a recovery, when the ALARM it ended began). Only alerts on a topic the
 * region's notifier hears by the config (`slackIntakeTopics`) are looked at; one whose topic the
 * intake queue is found not subscribed to is reported at once. The test ALARM is the alarm's first
 * ALARM since the state it was in when picked (`stateSinceMs`, CloudWatch's time), so neither the
 * local clock nor CloudWatch re-evaluating the alarm before this looks matters. Polls every
 * `intervalMs` until each is settled or `timeoutMs` has passed.
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
  const watched: { alert: TestAlert; tableName: string }[] = [];
  for (const region of [...new Set(alerts.map((a) => a.region))].sort()) {
    const intake = slackIntakeTopics(cfg, region);
    // Each alert with the topics of it the notifier hears.
    const toSlack = alerts
      .filter((a) => a.region === region)
      .map((alert) => ({ alert, heard: alert.topicArns.filter((t) => isIntakeTopic(intake, t)) }))
      .filter((x) => x.heard.length > 0);
    if (toSlack.length === 0) continue;
    const notifier = await findSlackNotifier({ cloudwatch: c.cloudwatch(region), sqs: c.sqs(region), lambda: c.lambda(region) }, region, intakeBacklogAlarmName(cfg.prefix, SLACK_DELIVERY_NAME));
    if (!notifier) {
      out.push(...toSlack.map(({ alert }) => ({ region, alarmName: alert.alarmName, outcome: 'no-notifier' as const })));
      continue;
    }
    const unsubscribed = new Set<string>();
    for (const topicArn of new Set(toSlack.flatMap((x) => x.heard))) {
      if ((await isQueueSubscribed(c.sns(region), topicArn, notifier.queueArn)) === false) unsubscribed.add(topicArn);
    }
    for (const { alert, heard } of toSlack) {
      if (heard.every((t) => unsubscribed.has(t))) {
        out.push({ region, alarmName: alert.alarmName, outcome: 'not-subscribed', unsubscribed: { topicArns: heard, queueArn: notifier.queueArn } });
      } else {
        watched.push({ alert, tableName: notifier.tableName });
      }
    }
  }
  let pending = watched;
  while (pending.length > 0) {
    const next: typeof pending = [];
    for (const w of pending) {
      const got = await c.dynamodb(w.alert.region).send(
        new GetItemCommand({ TableName: w.tableName, Key: alarmStateKey(w.alert.alarmArn), ConsistentRead: true }),
      );
      const outcome = testPageOutcome(alarmStateRecordOf(got.Item, clock()), w.alert.stateSinceMs);
      if (outcome) out.push({ region: w.alert.region, alarmName: w.alert.alarmName, outcome });
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

/**
 * What the notifier's record of an alarm says of a test page sent after `stateSinceMs` (when the
 * alarm changed to the state it was in before the test, which was not ALARM). Compared by the
 * second: the record keeps the notification's StateChangeTime (to the millisecond; records written
 * before that release, to the second), `stateSinceMs` is DescribeAlarms', not known to be the same
 * instant to the millisecond. Undefined: nothing yet.
 */
export function testPageOutcome(record: ReturnType<typeof alarmStateRecordOf>, stateSinceMs: number): 'posted' | 'recovery-posted' | undefined {
  if (!record) return undefined;
  const since = Math.floor(stateSinceMs / 1000) * 1000;
  // Any ALARM since then is the test's (or a real one that came first: the channel got a page either way).
  if (record.state === 'ALARM' && record.changedAtMs >= since) return 'posted';
  if (record.state === 'OK' && record.recoveredFromAlarmAtMs !== undefined && record.recoveredFromAlarmAtMs >= since) return 'posted';
  // A later second than that state's own record: a change after the test.
  if (record.state !== 'ALARM' && record.changedAtMs >= since + 1000) return 'recovery-posted';
  return undefined;
}
