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
 * the topics' key), so the topics' key and topic policies need no statement for EventBridge.
 */
import { Stack } from 'aws-cdk-lib';
import { CfnRule } from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import type { Severity } from '../alarms/alarm-context';
import { HOSTED_ZONE_REGION } from '../config/resolve';
import { requireStackRegion } from '../health/health-alarm';
import { AUDIT_INPUT_PATHS, auditInputTemplate } from './audit-message';
import {
  type AuditCategory,
  monitoringChangePatterns,
  protectedRecordPatterns,
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
  /** ARN of the KMS key the topics are encrypted with. @default topics not encrypted */
  readonly topicKeyArn?: string;
}

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
    this.role.addToPrincipalPolicy(new iam.PolicyStatement({ sid: 'PublishAlerts', actions: ['sns:Publish'], resources: topicArns }));
    if (props.topicKeyArn) {
      this.role.addToPrincipalPolicy(
        new iam.PolicyStatement({ sid: 'EncryptForTopics', actions: ['kms:Decrypt', 'kms:GenerateDataKey'], resources: [props.topicKeyArn] }),
      );
    }

    const planned: { category: AuditCategory; pattern: EventPattern }[] = [];
    const add = (category: AuditCategory, patterns: EventPattern[]) => planned.push(...patterns.map((pattern) => ({ category, pattern })));
    if (props.zoneIds.length > 0) {
      if (props.allChanges ?? true) add('record-changes', recordChangePatterns(props.zoneIds));
      if ((props.protectedRecords ?? []).length > 0) add('protected-records', protectedRecordPatterns(props.protectedRecords!));
      add('zone-changes', zoneCriticalPatterns(props.zoneIds));
    }
    add('monitoring-changes', monitoringChangePatterns(props.zoneIds, props.healthCheckIds));

    const counters: Partial<Record<AuditCategory, number>> = {};
    this.rules = planned.map(({ category, pattern }) => {
      const n = (counters[category] = (counters[category] ?? 0) + 1);
      const severity = SEVERITY[category];
      const name = `${props.prefix}-dns-audit-${SHORT[category]}-${n}`;
      const rule = new CfnRule(this, `Rule-${category}-${n}`, {
        name,
        description: `${props.prefix}: ${severity} alert on Route 53 ${category.replace('-', ' ')} (CloudTrail management events; needs a trail logging management events)`,
        state: 'ENABLED',
        eventPattern: pattern,
        targets: props.topicArns[severity].map((arn, i) => ({
          id: `${severity}-${i + 1}`,
          arn,
          roleArn: this.role.roleArn,
          inputTransformer: {
            inputPathsMap: { ...AUDIT_INPUT_PATHS },
            inputTemplate: auditInputTemplate(category, severity, props.prefix),
          },
        })),
      });
      return { category, severity, pattern, rule };
    });
  }
}
