import { Stack } from 'aws-cdk-lib';
import { CfnResourcePolicy } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { route53LogsPolicyName } from '../naming';

/**
 * The ONE CloudWatch Logs resource policy that lets Route 53 write query logs to every
 * `/aws/route53/*` log group of this account in us-east-1. An account has at most 10 resource
 * policies per region, so the app never creates one per zone.
 */
export class Route53LogsResourcePolicy extends Construct {
  readonly policy: CfnResourcePolicy;

  constructor(scope: Construct, id: string, prefix: string) {
    super(scope, id);
    const stack = Stack.of(this);
    const doc = {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'Route53QueryLogsToCloudWatchLogs',
          Effect: 'Allow',
          Principal: { Service: 'route53.amazonaws.com' },
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          Resource: `arn:${stack.partition}:logs:us-east-1:${stack.account}:log-group:/aws/route53/*`,
          Condition: {
            ArnLike: { 'aws:SourceArn': `arn:${stack.partition}:route53:::hostedzone/*` },
            StringEquals: { 'aws:SourceAccount': stack.account },
          },
        },
      ],
    };
    this.policy = new CfnResourcePolicy(this, 'Resource', {
      policyName: route53LogsPolicyName(prefix),
      policyDocument: stack.toJsonString(doc),
    });
  }
}
