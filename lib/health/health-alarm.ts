/**
 * Shared pieces of the health alarms: statistics other than Sum, the description (with the
 * worst-case detection time and the context line), naming and region guards.
 */
import { ALARMS } from '../aws-facts';
import { subjectAlarmName } from '../naming';
import { Stack, Token } from 'aws-cdk-lib';
import { CfnAlarm } from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { AlarmActions, createAlarm } from '../alarms/alarm-factory';
import { AlarmContext, formatAlarmContext } from '../../contracts/alarm-context';
import type { AlarmSpec } from '../alarms/alarm-spec';
import { formatDuration } from '../alarms/detection-time';

export type Statistic = 'Sum' | 'Average' | 'Minimum' | 'Maximum';

/** An AlarmSpec on a single AWS metric whose statistic is not necessarily Sum. */
export interface StatAlarmSpec extends AlarmSpec {
  readonly statistic: Statistic;
}

/**
 * createAlarm always writes `Statistic: Sum` for single-metric alarms; AWS health metrics need
 * Minimum/Average/Maximum, so the statistic is set on the alarm createAlarm returns.
 * (When AlarmSpec gains a `statistic` field this becomes a plain createAlarm call.)
 */
export function createStatAlarm(scope: Construct, id: string, spec: StatAlarmSpec, actions: AlarmActions): CfnAlarm {
  const alarm = createAlarm(scope, id, spec, actions);
  if (spec.metric) alarm.statistic = spec.statistic;
  return alarm;
}

/** `<prefix>-<subject>-<signal>-<kind>`, the product's alarm naming (lib/naming.ts). */
export const healthAlarmName = subjectAlarmName;

const MAX_DESCRIPTION = ALARMS.maxDescriptionLength;

/** Description: what fires and when, worst-case detection, where to look, then the context line. */
export function describeAlarm(parts: {
  readonly head: string;
  readonly detectionSeconds: number;
  readonly detail: string;
  readonly runbookUrl?: string;
  readonly context: AlarmContext;
}): string {
  const tail = `\n${formatAlarmContext(parts.context)}`;
  const runbook = parts.runbookUrl ? ` Runbook: ${parts.runbookUrl}` : '';
  let body = `${parts.head}. Worst-case detection ${formatDuration(parts.detectionSeconds)}.\n${parts.detail}${runbook}`;
  if (body.length + tail.length > MAX_DESCRIPTION) body = `${body.slice(0, MAX_DESCRIPTION - tail.length - 1)}…`;
  return body + tail;
}

/** Fails synthesis when a construct that must live in `region` is placed elsewhere. */
export function requireStackRegion(scope: Construct, region: string, why: string): void {
  const actual = Stack.of(scope).region;
  if (!Token.isUnresolved(actual) && actual !== region) {
    throw new Error(`${scope.node.path}: must be in a ${region} stack, not ${actual} — ${why}`);
  }
}

/** Fails synthesis when a literal SNS topic ARN is in another region than the alarm. */
export function requireTopicRegion(scope: Construct, actions: AlarmActions, region: string): void {
  for (const arns of Object.values(actions.topicArns)) {
    for (const arn of arns) {
      if (Token.isUnresolved(arn)) continue;
      const topicRegion = arn.split(':')[3];
      if (topicRegion && topicRegion !== region) {
        throw new Error(`${scope.node.path}: topic ${arn} is in ${topicRegion} — alarms can only notify SNS topics in their own region (${region}); use that region's alert topics`);
      }
    }
  }
}
