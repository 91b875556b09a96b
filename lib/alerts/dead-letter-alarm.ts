/**
 * Alarm when an alert could not be posted to Slack and waits in the notifier's dead-letter queue.
 * It notifies the warning topic, whose email/SMS subscribers still hear about it when Slack is down.
 */
import { Stack } from 'aws-cdk-lib';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { formatAlarmContext } from '../alarms/alarm-context';
import { AlarmActions, createAlarm } from '../alarms/alarm-factory';
import { worstCaseDetectionSeconds } from '../alarms/detection-time';

export function slackDeadLetterAlarm(scope: Construct, prefix: string, queue: sqs.IQueue, actions: AlarmActions, runbookUrl?: string) {
  const region = Stack.of(scope).region;
  const ctx = { subject: 'slack', subjectId: queue.queueName, signal: 'slack-dead-letters', kind: 'count' as const, severity: 'warning' as const, region };
  const settings = { period: 300, evaluationPeriods: 1, datapointsToAlarm: 1 };
  return createAlarm(
    scope,
    'SlackDeadLettersAlarm',
    {
      name: `${prefix}-slack-dead-letters-count`,
      kind: 'count',
      severity: 'warning',
      context: ctx,
      actionsEnabled: true,
      comparison: 'GreaterThanOrEqualToThreshold',
      threshold: 1,
      treatMissingData: 'notBreaching',
      statistic: 'Maximum',
      metric: { namespace: 'AWS/SQS', metricName: 'ApproximateNumberOfMessagesVisible', dimensions: { QueueName: queue.queueName } },
      ...settings,
      detectionSeconds: worstCaseDetectionSeconds(settings),
      description:
        `Alerts could not be posted to Slack and wait in the dead-letter queue ${queue.queueName} (${region}). ` +
        'Check the notifier logs for the reason (webhook revoked, Slack outage), fix it, then redrive the queue (docs/slack.md).' +
        `${runbookUrl ? ` Runbook: ${runbookUrl}` : ''}\n${formatAlarmContext(ctx)}`,
    },
    actions,
  );
}
