import { Validations } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';

/** The policy findings a query-log group legitimately triggers, acknowledged with their reasons. */
export function acknowledgeQueryLogGroupChecks(logGroup: logs.LogGroup): void {
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
