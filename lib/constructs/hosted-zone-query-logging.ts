import { Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { CfnQueryLoggingConfig } from 'aws-cdk-lib/aws-route53';
import { Construct } from 'constructs';
import { queryLogGroup } from './query-log-group';

export interface HostedZoneQueryLoggingProps {
  readonly zoneIds: readonly string[];
  readonly logGroupName: string;
  readonly retentionDays: number;
  readonly key: kms.IKey;
  /** The log group exists already (retained by an earlier deployment): referred to, not created. @default false */
  readonly existing?: boolean;
}

/**
 * Creates a query-log group in us-east-1 (encrypted, with retention, RETAINED when the stack is
 * deleted) and turns Route 53 query logging on for the zones that write to it.
 * Needs the shared Route53LogsResourcePolicy (core stack) to exist first.
 */
export class HostedZoneQueryLogging extends Construct {
  readonly logGroup: logs.ILogGroup;

  constructor(scope: Construct, id: string, props: HostedZoneQueryLoggingProps) {
    super(scope, id);
    this.logGroup = queryLogGroup(this, 'LogGroup', props);
    const stack = Stack.of(this);
    // CreateQueryLoggingConfig takes arn:aws:logs:region:account-id:log-group:log_group_name
    // (https://docs.aws.amazon.com/Route53/latest/APIReference/API_CreateQueryLoggingConfig.html),
    // without the trailing ":*" of LogGroup.logGroupArn (test/stacks/templates.test.ts).
    const arn = `arn:${stack.partition}:logs:us-east-1:${stack.account}:log-group:${props.logGroupName}`;
    for (const zoneId of props.zoneIds) {
      const qlc = new CfnQueryLoggingConfig(this, `QueryLogging-${zoneId}`, {
        hostedZoneId: zoneId,
        cloudWatchLogsLogGroupArn: arn,
      });
      qlc.node.addDependency(this.logGroup);
    }
  }
}
