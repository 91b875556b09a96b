/**
 * `DnsChangeAudit`: EventBridge rules in us-east-1 on Route 53's CloudTrail management events
 * that alert on changes to monitored zones (see change-patterns.ts for what is matched and
 * audit-message.ts for what the alert says):
 *   record-changes      ChangeResourceRecordSets on a monitored zone               warning (allChanges)
 *   protected-records   ChangeResourceRecordSets touching a protected record      critical
 *   zone-changes        DeleteHostedZone, DNSSEC disable, KSK deactivate/delete   critical
 *   monitoring-changes  query-logging / health-check deletion, DNSSEC enable/KSK  warning
 *   registrar-critical  domain registration: name servers, DS records, transfer    critical
 *                       lock lifted, auth code read, transfer, push, delete (part 1, with registered domains)
 *   registrar-changes   domain registration: contacts, their privacy, auto-renew off warning
 * Requires a CloudTrail trail that logs management events (EventBridge only receives "AWS API
 * Call via CloudTrail" events when a trail is logging) and covers us-east-1.
 *
 * Delivery: every rule runs the audit publisher (lambdas/audit-publisher) with the product message
 * its input transformer made (audit-message.ts); the publisher adds an email subject and text made
 * from the same fields and publishes both to the alert topics of the rule's severity in one message
 * (SNS MessageStructure json), so email subscribers read text while the Slack notifier, HTTPS and
 * SQS subscribers keep the product JSON. The chat copy and the critical rules' SMS line are rule
 * targets of their own, published with an IAM execution role. Both the publisher's role and that
 * role may publish to their topics and use the created topics' key, or any key SNS uses for this
 * account's existing topics, so no topic or key policy needs a statement for EventBridge. A target
 * EventBridge cannot deliver to retries for at most 15 minutes, a publisher run that fails is
 * retried twice; both then dead-letter into a retained queue. An alarm fires on a message in that
 * queue and another on FailedInvocations, so a lost change alert is never silent.
 */
import { Duration, Stack, Validations } from 'aws-cdk-lib';
import { ALARMS, EVENTBRIDGE } from '../aws-facts';
import { CfnRule } from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import { Construct } from 'constructs';
import { COMPONENT_SIGNALS, formatAlarmContext, type Severity } from '../../contracts/alarm-context';
import { AlarmActions, createAlarm } from '../alarms/alarm-factory';
import { DELIVERY_FAILURE_ALARM, DeliveryDeadLetterQueue } from '../alerts/dead-letter-alarm';
import { grantPublishToAlertTopics } from '../constructs/alert-topics';
import { HOSTED_ZONE_REGION } from '../config/resolve';
import { requireStackRegion } from '../health/health-alarm';
import { dropRedundantRoleDependency, grantWriteOwnLogs, ProductFunction } from '../lambda/product-function';
import { auditPartTag, auditRuleName } from '../naming';
import { AUDIT_SMS_WORDS, auditChatInputPaths, auditChatTemplate, auditInputPaths, auditInputTemplate, auditSmsInputPaths, auditSmsTemplate, ZONE_NAMED_CATEGORIES } from './audit-message';
import {
  type AuditCategory,
  monitoringChangePatterns,
  patternZoneIds,
  protectedRecordPatterns,
  zoneDnssecChangePatterns,
  recordChangePatterns,
  REGISTRAR_CRITICAL_EVENTS,
  REGISTRAR_WARNING_EVENTS,
  registrarPatterns,
  zoneCriticalPatterns,
  type ProtectedRecord,
  type ZoneGroupFits,
} from './change-patterns';
import type { EventPattern } from './event-pattern-match';

export interface DnsChangeAuditProps {
  readonly prefix: string;
  /** Monitored hosted zones (ids as in the config, without /hostedzone/). */
  readonly zoneIds: readonly string[];
  /**
   * The zones' names by id: the rules of ZONE_NAMED_CATEGORIES carry those of the zones they watch,
   * and the publisher names the zone of an alert with them. @default alerts name zones by id
   */
  readonly zoneNames?: Readonly<Record<string, string>>;
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
  /**
   * Also alert on Route 53 domain registration calls (name servers, DS records, transfer lock,
   * transfers, contacts, automatic renewal) for every domain registered in the account. Account-wide,
   * so part 1 only. @default false
   */
  readonly registrar?: boolean;
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
  'registrar-critical': 'critical',
  'registrar-changes': 'warning',
};

const SHORT: Readonly<Record<AuditCategory, string>> = {
  'record-changes': 'records',
  'protected-records': 'protected',
  'zone-changes': 'zone',
  'monitoring-changes': 'monitoring',
  'registrar-critical': 'registrar',
  'registrar-changes': 'domain-settings',
};

export class DnsChangeAudit extends Construct {
  readonly rules: readonly AuditRule[];
  /** Publishes each alert to the alert topics of its severity (product JSON, and text for email). */
  readonly publisher: ProductFunction;
  readonly publisherRole: iam.Role;
  /** The role EventBridge publishes the chat copy and the SMS line with (absent when there are neither). */
  readonly role?: iam.Role;
  readonly deadLetters: DeliveryDeadLetterQueue;

  constructor(scope: Construct, id: string, props: DnsChangeAuditProps) {
    super(scope, id);
    requireStackRegion(this, HOSTED_ZONE_REGION, 'Route 53 is global: its CloudTrail events reach EventBridge only in us-east-1');
    const stack = Stack.of(this);
    const topicArns = [...new Set(Object.values(props.topicArns).flat())];
    if (topicArns.length === 0) throw new Error(`${this.node.path}: no topic ARNs — pass the us-east-1 alert topics`);

    const keys = { topicKeyArn: props.topicKeyArn, existingTopics: props.existingTopics };
    const smsArns = Object.values(props.smsTopicArns ?? {}).filter((a): a is string => a !== undefined);
    const roleTopics = [...(props.chatTopicArn ? [props.chatTopicArn] : []), ...smsArns];
    if (roleTopics.length > 0) {
      this.role = new iam.Role(this, 'DeliveryRole', {
        description: `${props.prefix}: lets EventBridge publish the chat copy and the text message of DNS change alerts`,
        assumedBy: new iam.ServicePrincipal('events.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': stack.account } } }),
      });
      grantPublishToAlertTopics(this.role, { topicArns: roleTopics, ...keys });
    }
    const actions = props.alarmActions ?? { topicArns: props.topicArns };
    const part = props.part ?? 1;
    const tag = auditPartTag(part);
    this.deadLetters = new DeliveryDeadLetterQueue(this, 'DeadLetters', {
      prefix: props.prefix,
      name: `audit${tag}`,
      what: 'DNS change alerts could not be published to the alert topics',
      fix: 'Read the message attributes (ERROR_CODE, ERROR_MESSAGE, or the publisher\'s error in the Lambda failure record) for the reason, fix the topic or key policy, then redrive the queue (docs/change-audit.md).',
      actions,
      runbookUrl: props.runbookUrl,
    });
    this.publisherRole = new iam.Role(this, 'PublisherRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `${props.prefix}: DNS change-alert publisher: publishes to the alert topics and writes its own logs; nothing else`,
    });
    this.publisher = new ProductFunction(this, 'Publisher', {
      lambdaDir: 'audit-publisher',
      description: `${props.prefix}: publishes DNS change alerts to the alert topics (JSON, and text for email)`,
      role: this.publisherRole,
      timeout: Duration.seconds(30),
      memorySize: 256,
      environment: {
        TOPICS: stack.toJsonString({ critical: props.topicArns.critical, warning: props.topicArns.warning }),
        POWERTOOLS_SERVICE_NAME: 'dns-audit-publisher',
        POWERTOOLS_LOG_LEVEL: 'INFO',
      },
      onFailure: new destinations.SqsDestination(this.deadLetters.queue),
      retryAttempts: 2,
      maxEventAge: Duration.hours(1),
    });
    grantWriteOwnLogs(this.publisher, this.publisherRole);
    grantPublishToAlertTopics(this.publisherRole, { topicArns, ...keys });
    dropRedundantRoleDependency(this.publisher, this.publisherRole);

    const planned: { category: AuditCategory; pattern: EventPattern }[] = [];
    const add = (category: AuditCategory, patterns: EventPattern[]) => planned.push(...patterns.map((pattern) => ({ category, pattern })));
    // The names of a rule's zones go into its input template: a rule holds no more zones than fit there.
    const namesOf = (ids: readonly string[]): Record<string, string> | undefined => {
      const named = ids.filter((id) => props.zoneNames?.[id] !== undefined);
      return named.length > 0 ? Object.fromEntries(named.map((id) => [id, props.zoneNames![id]])) : undefined;
    };
    const fits = (category: AuditCategory): ZoneGroupFits => (ids) =>
      auditInputTemplate(category, SEVERITY[category], props.prefix, namesOf(ids)).length <= EVENTBRIDGE.maxInputTemplateLength;
    if (props.zoneIds.length > 0) {
      if (props.allChanges ?? true) add('record-changes', recordChangePatterns(props.zoneIds));
      if ((props.protectedRecords ?? []).length > 0) add('protected-records', protectedRecordPatterns(props.protectedRecords!, fits('protected-records')));
      add('zone-changes', zoneCriticalPatterns(props.zoneIds, fits('zone-changes')));
    }
    // Query logging and health-check deletions matter to zones' monitoring: not watched for registered domains alone.
    if (props.zoneIds.length > 0) {
      const monitoringFits = fits('monitoring-changes');
      add('monitoring-changes', part === 1 ? monitoringChangePatterns(props.zoneIds, props.healthCheckIds, monitoringFits) : zoneDnssecChangePatterns(props.zoneIds, monitoringFits));
    }
    if (props.registrar && part === 1) {
      add('registrar-critical', registrarPatterns(REGISTRAR_CRITICAL_EVENTS));
      add('registrar-changes', registrarPatterns(REGISTRAR_WARNING_EVENTS));
    }

    const counters: Partial<Record<AuditCategory, number>> = {};
    this.rules = planned.map(({ category, pattern }) => {
      const n = (counters[category] = (counters[category] ?? 0) + 1);
      const severity = SEVERITY[category];
      const name = auditRuleName(props.prefix, part, `${SHORT[category]}-${n}`);
      const rule = new CfnRule(this, `Rule-${category}-${n}`, {
        name,
        description: `${props.prefix}: ${severity} alert on Route 53 ${category.replace('-', ' ')} (CloudTrail management events; needs a trail logging management events)`,
        state: 'ENABLED',
        eventPattern: pattern,
        targets: [
          // A function target is invoked through its resource policy (the permission below), no role.
          {
            id: 'alert',
            arn: this.publisher.functionArn,
            inputTransformer: {
              inputPathsMap: { ...auditInputPaths(category) },
              inputTemplate: auditInputTemplate(category, severity, props.prefix, ZONE_NAMED_CATEGORIES.includes(category) ? namesOf(patternZoneIds(pattern)) : undefined),
            },
          },
          ...(props.chatTopicArn
            ? [{ id: 'chatbot', arn: props.chatTopicArn, roleArn: this.role!.roleArn, inputTransformer: { inputPathsMap: { ...auditChatInputPaths(category) }, inputTemplate: auditChatTemplate(category, severity, props.prefix) } }]
            : []),
          ...(AUDIT_SMS_WORDS[category] && props.smsTopicArns?.[severity]
            ? [{ id: 'sms', arn: props.smsTopicArns[severity]!, roleArn: this.role!.roleArn, inputTransformer: { inputPathsMap: { ...auditSmsInputPaths(category) }, inputTemplate: auditSmsTemplate(category, props.prefix) } }]
            : []),
        ].map((t) => ({
          ...t,
          deadLetterConfig: { arn: this.deadLetters.queue.queueArn },
          retryPolicy: { maximumEventAgeInSeconds: AUDIT_MAX_EVENT_AGE_SECONDS, maximumRetryAttempts: AUDIT_MAX_RETRY_ATTEMPTS },
        })),
      });
      return { category, severity, pattern, rule };
    });
    // EventBridge invokes the publisher for this audit's rules, in this account. One statement for all
    // of them, matched on their names: a statement per rule would pass the 20 KB a function's policy
    // may hold at about 60 rules, and a 2,000-zone part has over 100 (lib/aws-facts.ts, LAMBDA).
    this.publisher.addPermission('InvokeFromAuditRules', {
      principal: new iam.ServicePrincipal('events.amazonaws.com'),
      sourceArn: stack.formatArn({ service: 'events', resource: 'rule', resourceName: auditRuleName(props.prefix, part, '*') }),
      sourceAccount: stack.account,
    });
    Validations.of(this.publisher.node.findChild('InvokeFromAuditRules')).acknowledge({
      id: 'cdk-validator-cfnguard::lambda_function_public_access_prohibited_check',
      reason:
        "Not public: the principal is events.amazonaws.com, SourceAccount is this stack's account and SourceArn admits only this audit's rules by name. The rule reads the template unresolved and accepts only a literal account or a reference to one resource; the account is AWS::AccountId in an environment-agnostic stack, and a wildcard ARN cannot be a reference (a statement per rule would exceed Lambda's 20 KB policy).",
    });
    // EventBridge sends dead letters as events.amazonaws.com for the audit's rules only, matched on
    // their names as the permission above: one ARN per rule passed the 8,192 bytes an SQS queue
    // policy may hold at about 75 rules (POLICY_SIZES in lib/aws-facts.ts), and a 2,000-zone part
    // has over 100 (test/stacks/policy-sizes.test.ts).
    this.deadLetters.queue.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'ChangeAuditRulesDeadLetters',
        principals: [new iam.ServicePrincipal('events.amazonaws.com')],
        actions: ['sqs:SendMessage'],
        resources: [this.deadLetters.queue.queueArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnLike: { 'aws:SourceArn': stack.formatArn({ service: 'events', resource: 'rule', resourceName: auditRuleName(props.prefix, part, '*') }) },
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
      const ctx = { subject: 'audit', subjectId: `change-audit${tag}`, signal: COMPONENT_SIGNALS.auditFailedInvocations, kind: 'count' as const, severity: 'warning' as const, region };
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
