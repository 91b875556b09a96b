/** Turns AlarmSpecs into CloudFormation alarms wired to the alert topics of their severity. */
import { Validations } from 'aws-cdk-lib';
import { CfnAlarm } from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import type { Severity } from '../../contracts/alarm-context';
import type { AlarmSpec } from './alarm-spec';
import type { MetricQuery } from '../signals/metric-queries';

/** Where an alarm of each severity notifies (topic ARNs). */
export interface AlarmActions {
  /** On ALARM. */
  readonly topicArns: Readonly<Record<Severity, readonly string[]>>;
  /** On OK, when OK notifications are on: the alert topics without the SMS ones (AlarmTopics in lib/constructs/alert-topics.ts). @default topicArns */
  readonly okTopicArns?: Readonly<Record<Severity, readonly string[]>>;
  /** Send OK notifications too. @default true */
  readonly okNotifications?: boolean;
}

/** Where an alarm of `severity` notifies on ALARM and on OK (undefined: no OK notifications). */
export function actionArnsOf(actions: AlarmActions, severity: Severity): { alarm: string[]; ok: string[] | undefined } {
  return { alarm: [...actions.topicArns[severity]], ok: actions.okNotifications === false ? undefined : [...(actions.okTopicArns ?? actions.topicArns)[severity]] };
}

/** Alarm actions whose every severity notifies where `severity` does (alarms of one fixed severity). */
export function asSeverity(actions: AlarmActions, severity: Severity): AlarmActions {
  const ok = (actions.okTopicArns ?? actions.topicArns)[severity];
  return { ...actions, topicArns: { critical: actions.topicArns[severity], warning: actions.topicArns[severity] }, okTopicArns: { critical: ok, warning: ok } };
}

function dims(d: Readonly<Record<string, string>>) {
  return Object.entries(d).map(([name, value]) => ({ name, value }));
}

function toCfnQuery(q: MetricQuery, period: number): CfnAlarm.MetricDataQueryProperty {
  return {
    id: q.id,
    label: q.label,
    returnData: q.returnData,
    ...(q.metric
      ? {
          metricStat: {
            metric: { namespace: q.metric.namespace, metricName: q.metric.metricName, dimensions: dims(q.metric.dimensions) },
            period,
            stat: 'Sum',
          },
        }
      : { expression: q.expression }),
  };
}

/**
 * @param notifyViaParent the alarm is a child of a composite that notifies for it: it keeps its
 *   state and history but sends nothing itself, so an incident pages once.
 */
export function createAlarm(scope: Construct, id: string, spec: AlarmSpec, actions: AlarmActions, notifyViaParent = false): CfnAlarm {
  const arns = actionArnsOf(actions, spec.severity);
  const alarm = new CfnAlarm(scope, id, {
    alarmName: spec.name,
    alarmDescription: spec.description,
    actionsEnabled: spec.actionsEnabled,
    alarmActions: notifyViaParent ? [] : arns.alarm,
    okActions: notifyViaParent ? undefined : arns.ok,
    comparisonOperator: spec.comparison,
    evaluationPeriods: spec.evaluationPeriods,
    datapointsToAlarm: spec.datapointsToAlarm,
    treatMissingData: spec.treatMissingData,
    threshold: spec.threshold,
    thresholdMetricId: spec.thresholdMetricId,
    ...(spec.metric
      ? {
          namespace: spec.metric.namespace,
          metricName: spec.metric.metricName,
          dimensions: dims(spec.metric.dimensions),
          statistic: spec.statistic ?? 'Sum',
          period: spec.period,
        }
      : { metrics: (spec.queries ?? []).map((q) => toCfnQuery(q, spec.period)) }),
  });
  if (notifyViaParent) {
    Validations.of(alarm).acknowledge({
      id: 'cdk-validator-cfnguard::cloudwatch_alarm_action_check',
      reason: 'Child of the subject\'s "unhealthy" composite alarm, which notifies the critical topic: an incident pages once, and this alarm keeps its state and history.',
    });
  }
  if (!spec.actionsEnabled) {
    Validations.of(alarm).acknowledge({
      id: 'cdk-validator-cfnguard::cloudwatch_alarm_action_enabled_check',
      reason: 'Shadow mode requested in the config (actionsEnabled: false): the alarm evaluates and shows state but notifies nobody until it is trusted.',
    });
  }
  return alarm;
}
