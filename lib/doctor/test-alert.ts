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
import type { ResolvedConfig } from '../config/resolve';
import { deploymentRegions } from '../model/regions';
import { chatbotTopicName } from '../naming';
import { type AlertTopicScope, deploymentAlertTopics } from './alert-topics';

export interface TestAlert {
  readonly region: string;
  readonly alarmName: string;
  /** The alert topics (names) its actions notify. */
  readonly topics: readonly string[];
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
    const candidates: { name: string; topics: string[] }[] = [];
    const compositeTopics = new Set<string>();
    let token: string | undefined;
    do {
      const page = await cloudwatch(region).send(new DescribeAlarmsCommand({ AlarmNamePrefix: `${cfg.prefix}-`, AlarmTypes: ['MetricAlarm', 'CompositeAlarm'], NextToken: token }));
      for (const a of page.CompositeAlarms ?? []) if (a.ActionsEnabled !== false) (a.AlarmActions ?? []).filter(ours).forEach((t) => compositeTopics.add(t));
      for (const a of page.MetricAlarms ?? []) {
        const topics = (a.AlarmActions ?? []).filter(ours);
        if (a.ActionsEnabled === false || a.StateValue === 'ALARM' || topics.length === 0) continue;
        candidates.push({ name: a.AlarmName!, topics });
      }
      token = page.NextToken;
    } while (token);
    const covered = new Set<string>();
    for (const c of candidates.sort((a, b) => a.name.localeCompare(b.name))) {
      if (c.topics.every((t) => covered.has(t))) continue;
      c.topics.forEach((t) => covered.add(t));
      alerts.push({ region, alarmName: c.name, topics: c.topics.map(topicNameOf) });
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
