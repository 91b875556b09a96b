/**
 * `DnsChangeAudit`: EventBridge rules in us-east-1 on Route 53's CloudTrail management events
 * that alert on changes to monitored zones (see change-patterns.ts for what is matched and
 * audit-message.ts for what the alert says):
 *   record-changes      ChangeResourceRecordSets on a monitored zone               warning (allChanges)
 *   protected-records   ChangeResourceRecordSets touching a protected record      critical
 *   zone-changes        DeleteHostedZone, DNSSEC disable, KSK deactivate/delete   critical
 *   monitoring-changes  query-logging / health-check deletion, DNSSEC enable/KSK  warning
 * Requires a CloudTrail trail that logs management events (EventBridge only receives "AWS API
 * Call via CloudTrail" events when a trail is logging) and covers us-east-1.
 *
 * Delivery uses an IAM execution role (sns:Publish on the topics, kms:Decrypt/GenerateDataKey on
 * the created topics' key, and on any key SNS uses for this account's existing topics), so the
 * topics' key and topic policies need no statement for EventBridge. Every target retries for at most
 * 15 minutes, then dead-letters into a retained queue; an alarm fires on a message in that queue
 * and another on FailedInvocations, so a lost change alert is never silent.
 */
import { Stack } from 'aws-cdk-lib';
import { ALARMS, EVENTBRIDGE } from '../aws-facts';
import { CfnRule } from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { formatAlarmContext, type Severity } from '../../contracts/alarm-context';
import { AlarmActions, createAlarm } from '../alarms/alarm-factory';
import { DELIVERY_FAILURE_ALARM, DeliveryDeadLetterQueue } from '../alerts/dead-letter-alarm';
import { grantPublishToAlertTopics } from '../constructs/alert-topics';
import { HOSTED_ZONE_REGION } from '../config/resolve';
import { requireStackRegion } from '../health/health-alarm';
import { AUDIT_SMS_WORDS, auditChatInputPaths, auditChatTemplate, auditInputPaths, auditInputTemplate, auditSmsInputPaths, auditSmsTemplate } from './audit-message';
import {
  type AuditCategory,
  monitoringChangePatterns,
  protectedRecordPatterns,
  zoneDnssecChangePatterns,
  recordChangePatterns,
  zoneCriticalPatterns,
  type ProtectedRecord,
} from './change-patterns';
import type { EventPattern } from './event-pattern-match';

export interface DnsChangeAuditProps {
  readonly prefix: string;
  /** Monitored hosted zones (ids as in the config, without /hostedzone/). */
  readonly zoneIds: readonly string[];
  /** Normalized protected records (resolveChangeAudit). @default none */
  readonly protectedRecords?: readonly ProtectedRecord[];
  /** Alert (warning) on every record change of a monitored zone. @default true */
  readonly allChanges?: boolean;
  /** Only alert on deletion of these health checks. @default any health check in the account */
  readonly healthCheckIds?: readonly string[];
  /** us-east-1 topic ARNs per severity. */
  readonly topicArns: Readonly<Record<Severity, readonly string[]>>;
  /**
   * The topic only the AWS Chatbot channel reads (created with the created topics' key): every rule
   * also publishes its alert there as a Chatbot custom notification, because Chatbot drops the
   * product message on the alert topics. @default no Chatbot channel, no chat copy
   */
  readonly chatTopicArn?: string;
  /**
   * Topics that text the default route's phone numbers, per severity: the critical rules (a
   * protected record, the zone deleted, DNSSEC off) also send them one line of text. No other rule
   * does: record changes come with every deploy, and SNS would text the product JSON in 4 or more
   * parts. @default no text
   */
  readonly smsTopicArns?: Readonly<Partial<Record<Severity, string>>>;
  /** ARN of the KMS key of the topics the app created. @default no created topic is encrypted */
  readonly topicKeyArn?: string;
  /**
   * Some topics are existing ones (alerts.*.topicArns): the role may use, through SNS in us-east-1
   * only, whichever key of this account encrypts them. @default false
   */
  readonly existingTopics?: boolean;
  /** Where the alarms on failed deliveries notify. @default the critical and warning topicArns */
  readonly alarmActions?: AlarmActions;
  readonly runbookUrl?: string;
  /**
   * Large fleets split the audit over stacks, each watching a part of the zones (every template
   * stays under CloudFormation's size limit). Part 1 also watches the account-wide monitoring calls
   * (query logging and health-check deletion); parts 2, 3 ... add `-p<n>` to their names. @default 1
   */
  readonly part?: number;
}

/** EventBridge retries a failed target for this long before it dead-letters the event. */
export const AUDIT_MAX_EVENT_AGE_SECONDS = 900;
export const AUDIT_MAX_RETRY_ATTEMPTS = 8;
/** Metric math in one alarm takes at most 10 metrics (lib/aws-facts.ts). */
const METRICS_PER_ALARM = ALARMS.maxMetricsPerAlarm;

export interface AuditRule {
  readonly category: AuditCategory;
  readonly severity: Severity;
  readonly pattern: EventPattern;
  readonly rule: CfnRule;
}

const SEVERITY: Readonly<Record<AuditCategory, Severity>> = {
  'record-changes': 'warning',
  'protected-records': 'critical',
  'zone-changes': 'critical',
  'monitoring-changes': 'warning',
};

const SHORT: Readonly<Record<AuditCategory, string>> = {
  'record-changes': 'records',
  'protected-records': 'protected',
  'zone-changes': 'zone',
  'monitoring-changes': 'monitoring',
};

export class DnsChangeAudit extends Construct {
  readonly rules: readonly AuditRule[];
  readonly role: iam.Role;
  readonly deadLetters: DeliveryDeadLetterQueue;

  constructor(scope: Construct, id: string, props: DnsChangeAuditProps) {
    super(scope, id);
    requireStackRegion(this, HOSTED_ZONE_REGION, 'Route 53 is global: its CloudTrail events reach EventBridge only in us-east-1');
    const stack = Stack.of(this);
    const topicArns = [...new Set(Object.values(props.topicArns).flat())];
    if (topicArns.length === 0) throw new Error(`${this.node.path}: no topic ARNs — pass the us-east-1 alert topics`);

    this.role = new iam.Role(this, 'DeliveryRole', {
      description: `${props.prefix}: lets EventBridge publish DNS change-audit alerts to the alert topics`,
      assumedBy: new iam.ServicePrincipal('events.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': stack.account } } }),
    });
    const smsArns = Object.values(props.smsTopicArns ?? {}).filter((a): a is string => a !== undefined);
    grantPublishToAlertTopics(this.role, { topicArns: [...topicArns, ...(props.chatTopicArn ? [props.chatTopicArn] : []), ...smsArns], topicKeyArn: props.topicKeyArn, existingTopics: props.existingTopics });
    const actions = props.alarmActions ?? { topicArns: props.topicArns };
    const part = props.part ?? 1;
    const tag = part > 1 ? `-p${part}` : '';
    this.deadLetters = new DeliveryDeadLetterQueue(this, 'DeadLetters', {
      prefix: props.prefix,
      name: `audit${tag}`,
      what: 'DNS change alerts could not be published to the alert topics',
      fix: 'Read the message attributes (ERROR_CODE, ERROR_MESSAGE) for the reason, fix the topic or key policy, then redrive the queue (docs/change-audit.md).',
      actions,
      runbookUrl: props.runbookUrl,
    });

    const planned: { category: AuditCategory; pattern: EventPattern }[] = [];
    const add = (category: AuditCategory, patterns: EventPattern[]) => planned.push(...patterns.map((pattern) => ({ category, pattern })));
    if (props.zoneIds.length > 0) {
      if (props.allChanges ?? true) add('record-changes', recordChangePatterns(props.zoneIds));
      if ((props.protectedRecords ?? []).length > 0) add('protected-records', protectedRecordPatterns(props.protectedRecords!));
      add('zone-changes', zoneCriticalPatterns(props.zoneIds));
    }
    add('monitoring-changes', part === 1 ? monitoringChangePatterns(props.zoneIds, props.healthCheckIds) : zoneDnssecChangePatterns(props.zoneIds));

    const counters: Partial<Record<AuditCategory, number>> = {};
    this.rules = planned.map(({ category, pattern }) => {
      const n = (counters[category] = (counters[category] ?? 0) + 1);
      const severity = SEVERITY[category];
      const name = `${props.prefix}-dns-audit${tag}-${SHORT[category]}-${n}`;
      const rule = new CfnRule(this, `Rule-${category}-${n}`, {
        name,
        description: `${props.prefix}: ${severity} alert on Route 53 ${category.replace('-', ' ')} (CloudTrail management events; needs a trail logging management events)`,
        state: 'ENABLED',
        eventPattern: pattern,
        targets: [
          ...props.topicArns[severity].map((arn, i) => ({
            id: `${severity}-${i + 1}`,
            arn,
            inputTransformer: { inputPathsMap: { ...auditInputPaths(category) }, inputTemplate: auditInputTemplate(category, severity, props.prefix) },
          })),
          ...(props.chatTopicArn
            ? [{ id: 'chatbot', arn: props.chatTopicArn, inputTransformer: { inputPathsMap: { ...auditChatInputPaths(category) }, inputTemplate: auditChatTemplate(category, severity, props.prefix) } }]
            : []),
          ...(AUDIT_SMS_WORDS[category] && props.smsTopicArns?.[severity]
            ? [{ id: 'sms', arn: props.smsTopicArns[severity]!, inputTransformer: { inputPathsMap: { ...auditSmsInputPaths(category) }, inputTemplate: auditSmsTemplate(category, props.prefix) } }]
            : []),
        ].map((t) => ({
          ...t,
          roleArn: this.role.roleArn,
          deadLetterConfig: { arn: this.deadLetters.queue.queueArn },
          retryPolicy: { maximumEventAgeInSeconds: AUDIT_MAX_EVENT_AGE_SECONDS, maximumRetryAttempts: AUDIT_MAX_RETRY_ATTEMPTS },
        })),
      });
      const targets = (rule.targets as unknown[]).length;
      if (targets > EVENTBRIDGE.maxTargetsPerRule) {
        throw new Error(`${name}: ${targets} targets, EventBridge allows ${EVENTBRIDGE.maxTargetsPerRule} per rule (lib/aws-facts.ts) — name fewer ${severity} topics`);
      }
      return { category, severity, pattern, rule };
    });
    // EventBridge sends dead letters as events.amazonaws.com for these rules only.
    this.deadLetters.queue.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'ChangeAuditRulesDeadLetters',
        principals: [new iam.ServicePrincipal('events.amazonaws.com')],
        actions: ['sqs:SendMessage'],
        resources: [this.deadLetters.queue.queueArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnEquals: { 'aws:SourceArn': this.rules.map((r) => r.rule.attrArn) },
        },
      }),
    );
    this.failedInvocationAlarms(props.prefix, tag, actions, props.runbookUrl);
  }

  /** FailedInvocations of the rules, summed, in alarms of at most 10 metrics each. */
  /** @param tag `-p<n>` for audit parts after the first, else empty */
  private failedInvocationAlarms(prefix: string, tag: string, actions: AlarmActions, runbookUrl?: string): void {
    const region = Stack.of(this).region;
    for (let start = 0, part = 1; start < this.rules.length; start += METRICS_PER_ALARM, part++) {
      const rules = this.rules.slice(start, start + METRICS_PER_ALARM);
      const parts = Math.ceil(this.rules.length / METRICS_PER_ALARM);
      const name = `${prefix}-audit${tag}-failed-invocations${parts > 1 ? `-${part}` : ''}-count`;
      const ctx = { subject: 'audit', subjectId: `change-audit${tag}`, signal: 'audit-failed-invocations', kind: 'count' as const, severity: 'warning' as const, region };
      createAlarm(
        this,
        `FailedInvocations${parts > 1 ? part : ''}`,
        {
          ...DELIVERY_FAILURE_ALARM,
          name,
          context: ctx,
          queries: [
            ...rules.map((r, i) => ({
              id: `m${i}`,
              returnData: false,
              metric: { namespace: 'AWS/Events', metricName: 'FailedInvocations', dimensions: { RuleName: r.rule.name! } },
            })),
            { id: 'failed', label: 'failed change-alert deliveries', returnData: true, expression: rules.map((_, i) => `FILL(m${i}, 0)`).join(' + ') },
          ],
          description:
            `DNS change-alert rules failed to deliver to their targets (${rules.map((r) => r.rule.name).join(', ')}). ` +
            `Events are retried for ${AUDIT_MAX_EVENT_AGE_SECONDS / 60} minutes, then land in the dead-letter queue; check the topic and key policies (docs/change-audit.md).` +
            `${runbookUrl ? ` Runbook: ${runbookUrl}` : ''}\n${formatAlarmContext(ctx)}`,
        },
        actions,
      );
    }
  }
}
