/** Region guards shared by the health alarms: they must live where AWS publishes their metrics. */
import { Stack, Token } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { AlarmActions } from '../alarms/alarm-factory';

/** Fails synthesis when a construct that must live in `region` is placed elsewhere. */
export function requireStackRegion(scope: Construct, region: string, why: string): void {
  const actual = Stack.of(scope).region;
  if (!Token.isUnresolved(actual) && actual !== region) {
    throw new Error(`${scope.node.path}: must be in a ${region} stack, not ${actual} — ${why}`);
  }
}

/** Fails synthesis when a literal SNS topic ARN is in another region than the alarm. */
export function requireTopicRegion(scope: Construct, actions: AlarmActions, region: string): void {
  for (const arns of [...Object.values(actions.topicArns), ...Object.values(actions.okTopicArns ?? {})]) {
    for (const arn of arns) {
      if (Token.isUnresolved(arn)) continue;
      const topicRegion = arn.split(':')[3];
      if (topicRegion && topicRegion !== region) {
        throw new Error(`${scope.node.path}: topic ${arn} is in ${topicRegion} — alarms can only notify SNS topics in their own region (${region}); use that region's alert topics`);
      }
    }
  }
}
