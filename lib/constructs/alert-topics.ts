import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subs from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import type { Severity } from '../alarms/alarm-context';
import type { Config } from '../config/schema';
import { topicName } from '../naming';
import { restrictGrantsToAwsServices } from './key-policies';

export interface AlertTopicsProps {
  readonly prefix: string;
  readonly alerts: Config['alerts'];
}

export const SEVERITIES: readonly Severity[] = ['critical', 'warning'];

/**
 * One SNS topic per severity in this region, encrypted with a customer managed KMS key that
 * CloudWatch alarms may use (the AWS-managed alias/aws/sns key does not work for alarms), with
 * publishing over TLS enforced and the subscriptions from `alerts`.
 */
export class AlertTopics extends Construct {
  readonly key: kms.Key;
  readonly topics: Readonly<Record<Severity, sns.Topic>>;

  constructor(scope: Construct, id: string, props: AlertTopicsProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.key = new kms.Key(this, 'Key', {
      description: `${props.prefix} DNS monitor alert topics`,
      enableKeyRotation: true,
    });
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudWatchAlarmsToPublish',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
    );
    restrictGrantsToAwsServices(this.key);
    const topics: Partial<Record<Severity, sns.Topic>> = {};
    for (const severity of SEVERITIES) {
      const topic = new sns.Topic(this, `Topic-${severity}`, {
        topicName: topicName(props.prefix, severity),
        displayName: `${props.prefix} DNS ${severity}`,
        masterKey: this.key,
        enforceSSL: true,
      });
      for (const email of props.alerts.email ?? []) topic.addSubscription(new subs.EmailSubscription(email));
      for (const phone of props.alerts.sms ?? []) topic.addSubscription(new subs.SmsSubscription(phone));
      for (const url of props.alerts.https ?? []) topic.addSubscription(new subs.UrlSubscription(url, { protocol: sns.SubscriptionProtocol.HTTPS }));
      topics[severity] = topic;
    }
    this.topics = topics as Record<Severity, sns.Topic>;
  }
}

/** ARN of this product's topic of a severity in a stack's region (topics have fixed names). */
export function alertTopicArn(stack: Stack, prefix: string, severity: Severity): string {
  return stack.formatArn({ service: 'sns', resource: topicName(prefix, severity) });
}
