import { ArnFormat, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subs from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { SEVERITIES, type Severity } from '../../contracts/alarm-context';
import type { AlarmActions } from '../alarms/alarm-factory';
import { existingTopicArn, ResolvedRoute } from '../config/alert-routes';
import { DEFAULT_ROUTE } from '../config/alerts-schema';
import { smsTopicName, topicName } from '../naming';
import { nagAccount, nagPartition } from '../app/nag-ids';
import { restrictGrantsToAwsServices } from './key-policies';
import { topicDeliveryAlarm } from '../alerts/dead-letter-alarm';

export interface AlertTopicsProps {
  readonly prefix: string;
  /** Routes whose alarms live in this region (always includes `default`). */
  readonly routes: readonly ResolvedRoute[];
}

/**
 * Per route and severity, the SNS topic alarms of this region notify: created (encrypted with a
 * customer managed KMS key that CloudWatch alarms may use — the AWS-managed alias/aws/sns key does
 * not work for alarms — with publishing over TLS enforced and the route's email and HTTPS
 * subscriptions), or an existing topic named in the config. A route severity with phone numbers
 * also gets an SMS topic (`smsTopicName`) holding only those: alarms notify both, the change audit
 * publishes its JSON to the alert topic only. SNS splits a message into 140-character texts, so a
 * change alert (about 520 characters) would reach a phone as 4 or more texts of JSON, and record
 * changes (a warning each) would spend the account's SMS budget that alarm pages need.
 */
export class AlertTopics extends Construct {
  readonly key: kms.Key;
  /** Topics of the default route (health checks, change audit, license and Slack use these). */
  readonly topics: Readonly<Record<Severity, sns.ITopic>>;
  /** SMS topics of the default route, for the severities that have phone numbers. */
  readonly smsTopics: Readonly<Partial<Record<Severity, sns.ITopic>>>;
  /** Topics this construct created (not the existing ones it refers to). */
  readonly createdTopics: readonly sns.Topic[];

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
    const created: sns.Topic[] = [];
    const defaults: Partial<Record<Severity, sns.ITopic>> = {};
    const defaultSms: Partial<Record<Severity, sns.ITopic>> = {};
    const createTopic = (cid: string, name: string, displayName: string) => {
      const t = new sns.Topic(this, cid, { topicName: name, displayName, masterKey: this.key, enforceSSL: true });
      // A topic policy replaces SNS's default access policy: without this statement CloudWatch
      // alarms change state but their notifications fail ("not authorized to perform
      // SNS:Publish"). https://repost.aws/knowledge-center/cloudwatch-receive-sns-for-alarm-trigger
      t.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: 'AllowCloudWatchAlarmsOfThisAccount',
          principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
          actions: ['sns:Publish'],
          resources: [t.topicArn],
          conditions: {
            StringEquals: { 'aws:SourceAccount': stack.account },
            ArnLike: { 'aws:SourceArn': stack.formatArn({ service: 'cloudwatch', resource: 'alarm', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME }) },
          },
        }),
      );
      created.push(t);
      return t;
    };
    for (const route of props.routes) {
      for (const severity of SEVERITIES) {
        const existing = existingTopicArn(route, severity, stack.region);
        const cid = route.name === DEFAULT_ROUTE ? `Topic-${severity}` : `Topic-${route.name}-${severity}`;
        const label = `${props.prefix} DNS ${route.name === DEFAULT_ROUTE ? '' : `${route.name} `}${severity}`;
        const topic: sns.ITopic = existing
          ? sns.Topic.fromTopicArn(this, cid, existing)
          : createTopic(cid, topicName(props.prefix, severity, route.name), label);
        // The route's email and HTTPS destinations are subscribed to the topic its alarms notify,
        // created or existing (alerts.<severity>.topicArns with email: both receive the alarms);
        // its phone numbers to the SMS topic, which the same alarms notify.
        const d = route.severities[severity];
        for (const email of d.email ?? []) topic.addSubscription(new subs.EmailSubscription(email));
        for (const url of d.https ?? []) topic.addSubscription(new subs.UrlSubscription(url, { protocol: sns.SubscriptionProtocol.HTTPS }));
        if ((d.sms ?? []).length > 0) {
          const smsTopic = createTopic(`${cid}-sms`, smsTopicName(props.prefix, severity, route.name), label);
          for (const phone of d.sms ?? []) smsTopic.addSubscription(new subs.SmsSubscription(phone));
          if (route.name === DEFAULT_ROUTE) defaultSms[severity] = smsTopic;
        }
        if (route.name === DEFAULT_ROUTE) defaults[severity] = topic;
      }
    }
    this.topics = defaults as Record<Severity, sns.ITopic>;
    this.smsTopics = defaultSms;
    this.createdTopics = created;
  }

  /**
   * One alarm per created topic on the notifications SNS failed to deliver from it
   * (lib/alerts/dead-letter-alarm.ts, topicDeliveryAlarm), each a child of its topic's construct.
   */
  addDeliveryFailureAlarms(actions: AlarmActions, severity: Severity, runbookUrl?: string): void {
    for (const topic of this.createdTopics) {
      const topicName = (topic.node.defaultChild as sns.CfnTopic).topicName!;
      topicDeliveryAlarm(topic, 'DeliveryFailuresAlarm', { topicName, actions, severity, runbookUrl });
    }
  }

  /**
   * What an alarm of the default route's `severity` in this region notifies (`AlarmTopics`): the
   * same lists as `alarmTopics` below, as references, for alarms in this stack (a reference orders
   * the topic before the alarm; the ARNs by name serve other stacks).
   */
  alarmTopics(severity: Severity): AlarmTopics {
    const sms = this.smsTopics[severity];
    return { alarm: [this.topics[severity].topicArn, ...(sms ? [sms.topicArn] : [])], ok: [this.topics[severity].topicArn] };
  }
}

/**
 * The topics an alarm of one severity notifies. `alarm`, when it goes into ALARM: the alert topic,
 * and the SMS topic when the severity has phone numbers. `ok`, when it returns to OK: the alert
 * topic alone. SMS is for pages: every new alarm reports OK once after the deploy that creates it
 * (INSUFFICIENT_DATA to OK runs its OK actions: ALARMS.newAlarmRunsOkActions), so a first deploy
 * would text one OK per alarm and spend a new account's $1 monthly SMS limit
 * (SNS_SMS.newAccountMonthlySpendQuotaUsd), after which SNS texts nothing that month, pages
 * included.
 */
export interface AlarmTopics {
  readonly alarm: string[];
  readonly ok: string[];
}

/** The alarm actions of topics per severity (`topicsOf`: an `alarmTopics` of this module or of AlertTopics). */
export function actionsOfTopics(topicsOf: (severity: Severity) => AlarmTopics, okNotifications: boolean | undefined): AlarmActions {
  const t = { critical: topicsOf('critical'), warning: topicsOf('warning') };
  return { topicArns: { critical: t.critical.alarm, warning: t.warning.alarm }, okTopicArns: { critical: t.critical.ok, warning: t.warning.ok }, okNotifications };
}

/** ARN of the topic a route uses for a severity in a region (default: the stack's), known without a cross-region reference. */
export function alertTopicArn(stack: Stack, prefix: string, severity: Severity, route: ResolvedRoute, region = stack.region): string {
  return existingTopicArn(route, severity, region) ?? stack.formatArn({ service: 'sns', region, resource: topicName(prefix, severity, route.name) });
}

/** The SMS topic of a route's severity (AlertTopics creates it in every region with the route's alarms), when the severity has phone numbers. */
export function smsTopicArn(stack: Stack, prefix: string, severity: Severity, route: ResolvedRoute, region = stack.region): string | undefined {
  return (route.severities[severity].sms ?? []).length > 0 ? stack.formatArn({ service: 'sns', region, resource: smsTopicName(prefix, severity, route.name) }) : undefined;
}

/** What an alarm of a route's severity notifies (AlarmTopics), by ARN. */
export function alarmTopics(stack: Stack, prefix: string, severity: Severity, route: ResolvedRoute, region = stack.region): AlarmTopics {
  const topic = alertTopicArn(stack, prefix, severity, route, region);
  const sms = smsTopicArn(stack, prefix, severity, route, region);
  return { alarm: [topic, ...(sms ? [sms] : [])], ok: [topic] };
}

export interface PublishGrant {
  readonly topicArns: readonly string[];
  /** Key of the topics this deployment created; undefined when every topic is one the config names. */
  readonly topicKeyArn?: string;
  /** Some topics are named in the config (alerts.*.topicArns): their keys are unknown at synth. */
  readonly existingTopics?: boolean;
}

/**
 * Lets `role` publish to the alert topics: sns:Publish on those topics, and the KMS use SNS needs
 * to encrypt for them: the created topics' key, and for topics the config names any key of the
 * account used through SNS in this region (kms:ViaService), nothing else.
 */
export function grantPublishToAlertTopics(role: iam.Role, g: PublishGrant): void {
  const stack = Stack.of(role);
  role.addToPrincipalPolicy(new iam.PolicyStatement({ sid: 'PublishAlerts', actions: ['sns:Publish'], resources: [...g.topicArns] }));
  if (g.topicKeyArn) {
    role.addToPrincipalPolicy(new iam.PolicyStatement({ sid: 'EncryptForTopics', actions: ['kms:Decrypt', 'kms:GenerateDataKey'], resources: [g.topicKeyArn] }));
  }
  if (g.existingTopics) {
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:${nagPartition(stack)}:kms:${stack.region}:${nagAccount(stack)}:key/*]`,
      reason: 'The keys of topics named in the config are unknown at synth; the statement only allows use through SNS in this region (kms:ViaService) for a role that publishes alerts.',
    });
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'EncryptForExistingTopics',
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: [stack.formatArn({ service: 'kms', resource: 'key', resourceName: '*' })],
        conditions: { StringEquals: { 'kms:ViaService': `sns.${stack.region}.amazonaws.com` } },
      }),
    );
  }
}
