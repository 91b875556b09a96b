/**
 * Lost deliveries never stay silent: every asynchronous delivery of the product (Slack notifier,
 * change-audit EventBridge targets, the license reporter's schedule) has a dead-letter queue, and
 * an alarm fires as soon as a message waits in one. The alarm is a CloudWatch alarm, so it reaches
 * the alert topics through CloudWatch's own publishing path, not through the path that failed.
 */
import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type { CfnAlarm } from 'aws-cdk-lib/aws-cloudwatch';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { type AlarmContext, COMPONENT_SIGNALS, componentQueueSignal, formatAlarmContext, type Severity } from '../../contracts/alarm-context';
import { AlarmActions, createAlarm } from '../alarms/alarm-factory';
import { worstCaseDetectionSeconds } from '../alarms/detection-time';
import { deadLetterAlarmName, intakeBacklogAlarmName, topicDeliveryFailuresAlarmName } from '../naming';
import { SNS_METRICS, SQS } from '../aws-facts';

export interface DeadLetterAlarmProps {
  readonly prefix: string;
  /** Short name of the delivery (`slack`, `audit`, `license`): the alarm is `<prefix>-<name>-dead-letters-count`. */
  readonly name: string;
  readonly queue: sqs.IQueue;
  /** What could not be delivered, e.g. "Alerts could not be posted to Slack". */
  readonly what: string;
  /** What to do about it (sentence). */
  readonly fix: string;
  readonly actions: AlarmActions;
  readonly runbookUrl?: string;
}

const FAILURE_SETTINGS = { period: 300, evaluationPeriods: 1, datapointsToAlarm: 1 };

/**
 * What every delivery-failure alarm shares: warning, fires on the first failure in a 5-minute
 * period, silence is no failure.
 */
export const DELIVERY_FAILURE_ALARM = {
  kind: 'count',
  severity: 'warning',
  actionsEnabled: true,
  comparison: 'GreaterThanOrEqualToThreshold',
  threshold: 1,
  treatMissingData: 'notBreaching',
  ...FAILURE_SETTINGS,
  detectionSeconds: worstCaseDetectionSeconds(FAILURE_SETTINGS),
} as const;

/**
 * A warning alarm on one SQS metric (5-minute maximum) of a delivery's queue. The description
 * stays a plain string (no queue-name token) so its context line can be read back by plan and the
 * notifier; the queue is named by the alarm's dimension.
 */
function deliveryQueueAlarm(
  scope: Construct,
  id: string,
  p: DeadLetterAlarmProps,
  q: { signal: string; name: string; metricName: string; threshold: number; headline: (region: string) => string },
): CfnAlarm {
  const region = Stack.of(scope).region;
  const ctx = { subject: p.name, subjectId: `${p.prefix}-${q.signal}`, signal: q.signal, kind: 'count' as const, severity: 'warning' as const, region };
  return createAlarm(
    scope,
    id,
    {
      ...DELIVERY_FAILURE_ALARM,
      threshold: q.threshold,
      name: q.name,
      context: ctx,
      statistic: 'Maximum',
      metric: { namespace: 'AWS/SQS', metricName: q.metricName, dimensions: { QueueName: p.queue.queueName } },
      description: `${q.headline(region)} ${p.fix}${p.runbookUrl ? ` Runbook: ${p.runbookUrl}` : ''}\n${formatAlarmContext(ctx)}`,
    },
    p.actions,
  );
}

/** Alarm when at least one message waits in a delivery dead-letter queue (5-minute maximum). */
export function deadLetterAlarm(scope: Construct, id: string, p: DeadLetterAlarmProps): CfnAlarm {
  return deliveryQueueAlarm(scope, id, p, {
    signal: componentQueueSignal(p.name, 'dead-letters'),
    name: deadLetterAlarmName(p.prefix, p.name),
    metricName: 'ApproximateNumberOfMessagesVisible',
    threshold: DELIVERY_FAILURE_ALARM.threshold,
    headline: (region) => `${p.what} and wait in a dead-letter queue (${region}; the queue is this alarm's QueueName dimension).`,
  });
}

export interface IntakeBacklogAlarmProps extends DeadLetterAlarmProps {
  /** Age of the oldest waiting message that fires it. */
  readonly maxAgeSeconds: number;
}

/**
 * Alarm when the oldest message of a delivery's intake queue has waited `maxAgeSeconds` (5-minute
 * maximum): the consumer is far behind (a storm larger than its pace) or stopped (its event source
 * mapping disabled or failing), where messages would otherwise wait unseen until the queue's
 * retention ends. `what` names what waits, e.g. "Alerts for Slack".
 */
export function intakeBacklogAlarm(scope: Construct, id: string, p: IntakeBacklogAlarmProps): CfnAlarm {
  return deliveryQueueAlarm(scope, id, p, {
    signal: componentQueueSignal(p.name, 'intake-backlog'),
    name: intakeBacklogAlarmName(p.prefix, p.name),
    metricName: 'ApproximateAgeOfOldestMessage',
    threshold: p.maxAgeSeconds,
    headline: (region) => `${p.what} have waited ${p.maxAgeSeconds / 60} minutes or more in their intake queue (${region}; the queue is this alarm's QueueName dimension).`,
  });
}

export interface DeliveryDeadLetterQueueProps extends Omit<DeadLetterAlarmProps, 'queue'> {}

/**
 * A retained dead-letter queue with SQS-managed encryption (EventBridge can write to it without a
 * key policy: https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-dlq.html), TLS only,
 * 14 days of retention, and its alarm.
 */
export class DeliveryDeadLetterQueue extends Construct {
  readonly queue: sqs.Queue;
  readonly alarm: CfnAlarm;

  constructor(scope: Construct, id: string, props: DeliveryDeadLetterQueueProps) {
    super(scope, id);
    this.queue = new sqs.Queue(this, 'Queue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // The longest SQS keeps a message: a dead letter waits for its redrive.
      retentionPeriod: Duration.seconds(SQS.maxMessageRetentionSeconds),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.queue).acknowledge(
      { id: 'AwsSolutions-SQS3', reason: 'This queue is itself a dead-letter queue of an EventBridge/Scheduler target; it is watched by an alarm and redriven by hand.' },
      { id: 'cdk-validator-cfnguard::sqs_dlq_check', reason: 'This queue is itself a dead-letter queue; a dead-letter queue of a dead-letter queue would only hide lost alerts.' },
    );
    this.alarm = deadLetterAlarm(this, 'Alarm', { ...props, queue: this.queue });
  }
}

/**
 * Alarm on a scheduled product function's errors (AWS/Lambda `Errors`, 5-minute sum, one is
 * enough): the function ran and failed. Its runs that never came are the schedule's dead-letter
 * alarm. `description` says what stops working and where to read why; the context line is added.
 */
export function functionErrorsAlarm(scope: Construct, id: string, p: { name: string; context: AlarmContext; functionName: string; description: string; actions: AlarmActions }): CfnAlarm {
  return countOnFailureAlarm(scope, id, p, { namespace: 'AWS/Lambda', metricName: 'Errors', dimensions: { FunctionName: p.functionName } });
}

/**
 * A delivery-failure alarm on the 5-minute sum of `metric`: one failure is enough; the context line
 * is added to `description`. (Its worst case in `plan` is worked out from the alarm's properties and
 * the metric's namespace: lib/plan/detection.ts.)
 */
function countOnFailureAlarm(
  scope: Construct,
  id: string,
  p: { name: string; context: AlarmContext; description: string; actions: AlarmActions },
  metric: { namespace: string; metricName: string; dimensions: Record<string, string> },
): CfnAlarm {
  return createAlarm(
    scope,
    id,
    { ...DELIVERY_FAILURE_ALARM, name: p.name, context: p.context, description: `${p.description}\n${formatAlarmContext(p.context)}`, metric, statistic: 'Sum' },
    p.actions,
  );
}

/**
 * An EventBridge rule that runs a product function (the Slack notifier's alarm deletions) or queues
 * for one (the DNS check reporter's intake queue): EventBridge retries its delivery, and Lambda an
 * asynchronous run it made, twice within an hour each, then the event lands in the rule's
 * dead-letter queue.
 */
export const RULE_TO_FUNCTION_RETRY = { retryAttempts: 2, maxEventAge: Duration.hours(1) } as const;

/**
 * Alarm on a rule's failed invocations (AWS/Events `FailedInvocations`, 5-minute sum, one is
 * enough): EventBridge could not deliver to the target, nor to the dead-letter queue. `description`
 * says what stops working; the context line is added.
 */
export function ruleFailedInvocationsAlarm(scope: Construct, id: string, p: { name: string; context: AlarmContext; ruleName: string; description: string; actions: AlarmActions }): CfnAlarm {
  return countOnFailureAlarm(scope, id, p, { namespace: 'AWS/Events', metricName: 'FailedInvocations', dimensions: { RuleName: p.ruleName } });
}

/** The component the alert topics' delivery alarms are about (their context's subject). */
export const ALERT_TOPICS_COMPONENT = 'alert-topics';

export interface TopicDeliveryAlarmProps {
  /** The alert topic's name (the app's: `<prefix>-alerts-...`). */
  readonly topicName: string;
  readonly actions: AlarmActions;
  /** The severity `actions` notify (where delivery failures go: deliveryFailureSeverity); `actions` notify it whatever the severity asked (asSeverity). */
  readonly severity: Severity;
  readonly runbookUrl?: string;
  /** Who the topic's subscribers are, for the description. @default the alert topics' (HTTPS, email, SMS, the Slack notifier's queue) */
  readonly subscribers?: string;
}

/** The subscribers of an alert topic, as the delivery alarm's description names them. */
const ALERT_TOPIC_SUBSCRIBERS =
  "an HTTPS endpoint that refuses or does not answer (a rotated PagerDuty or Opsgenie integration URL), an email address that bounces, a number SNS cannot text, or the Slack notifier's intake queue";

/**
 * Alarm when SNS failed to deliver a notification of one of the app's alert topics (its
 * `NumberOfNotificationsFailed`, Sum of 5 minutes: lib/aws-facts.ts, SNS_METRICS): a page reached
 * SNS and failed at a subscriber, which nothing else reports. It notifies where delivery failures
 * go, which may be the failing topic itself: its other subscribers still get it.
 */
export function topicDeliveryAlarm(scope: Construct, id: string, p: TopicDeliveryAlarmProps): CfnAlarm {
  const region = Stack.of(scope).region;
  // One component, the alert topics, with the topic as its id: plan gives them one cost row, Slack names the topic.
  const context: AlarmContext = { subject: ALERT_TOPICS_COMPONENT, subjectId: p.topicName, signal: COMPONENT_SIGNALS.topicDeliveryFailures, kind: 'count', severity: p.severity, region };
  return countOnFailureAlarm(
    scope,
    id,
    {
      name: topicDeliveryFailuresAlarmName(p.topicName),
      context,
      description:
        `SNS failed to deliver alerts of topic ${p.topicName} (${region}) to a subscriber: ${p.subscribers ?? ALERT_TOPIC_SUBSCRIBERS}. ` +
        `Find it with npx dns-monitor doctor --check deliveries or aws sns list-subscriptions-by-topic, fix or replace it, then run npx dns-monitor test-alert.${p.runbookUrl ? ` Runbook: ${p.runbookUrl}` : ''}`,
      // Every severity of these actions notifies the same topics (asSeverity): the alarm's own severity picks none.
      actions: p.actions,
    },
    { namespace: SNS_METRICS.namespace, metricName: SNS_METRICS.failed, dimensions: { [SNS_METRICS.dimension]: p.topicName } },
  );
}
