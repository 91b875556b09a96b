import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { restrictGrantsToAwsServices } from './key-policies';

/**
 * Customer managed key for the query-log groups this app creates in one region. Retained on stack
 * delete (like the log groups it protects: deleting it would make retained logs unreadable).
 */
export class QueryLogsKey extends kms.Key {
  constructor(scope: Construct, id: string, prefix: string) {
    super(scope, id, {
      description: `${prefix} DNS query log groups`,
      enableKeyRotation: true,
    });
    const stack = Stack.of(this);
    this.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudWatchLogsForQueryLogGroups',
        principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        conditions: {
          ArnLike: {
            'kms:EncryptionContext:aws:logs:arn': stack.formatArn({ service: 'logs', resource: 'log-group', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME }),
          },
        },
      }),
    );
    restrictGrantsToAwsServices(this);
  }
}
