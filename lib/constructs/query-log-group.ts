import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

export interface QueryLogGroupProps {
  readonly logGroupName: string;
  readonly retentionDays: number;
  readonly key: kms.IKey;
}

/**
 * The log group query logging writes to: an existing one (retained by an earlier deployment,
 * `queryLogging.useExistingLogGroup`) is referred to by name and nothing is created; else it is
 * created as below.
 */
export function queryLogGroup(scope: Construct, id: string, props: QueryLogGroupProps & { readonly existing?: boolean }): logs.ILogGroup {
  return props.existing ? logs.LogGroup.fromLogGroupName(scope, id, props.logGroupName) : createQueryLogGroup(scope, id, props);
}

/** A query-log group as the app creates it: KMS-encrypted, retention set, RETAINED on stack delete. */
export function createQueryLogGroup(scope: Construct, id: string, props: QueryLogGroupProps): logs.LogGroup {
  const logGroup = new logs.LogGroup(scope, id, {
    logGroupName: props.logGroupName,
    retention: props.retentionDays as logs.RetentionDays,
    encryptionKey: props.key,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  acknowledgeQueryLogGroupChecks(logGroup);
  return logGroup;
}

/** The policy findings a query-log group legitimately triggers, acknowledged with their reasons. */
function acknowledgeQueryLogGroupChecks(logGroup: logs.LogGroup): void {
  Validations.of(logGroup).acknowledge({
    id: 'cdk-validator-cfnguard::cloudwatch_log_group_retention_period_check',
    reason:
      'DNS query logs are high-volume operational telemetry; retention is the customer\'s choice (queryLogging.retentionDays, default 30 days) to keep storage cost in check.',
  });
  Validations.of(logGroup).acknowledge({
    id: 'cdk-validator-cfnguard::cloudwatch_log_group_encrypted_check',
    reason:
      'KmsKeyId is always set to the customer managed query-log key; in zone stacks it is imported from the core stack (Fn::ImportValue), which the rule cannot evaluate.',
  });
}
