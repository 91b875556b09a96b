import { ArnFormat, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { CfnResolverQueryLoggingConfig, CfnResolverQueryLoggingConfigAssociation } from 'aws-cdk-lib/aws-route53resolver';
import { Construct } from 'constructs';
import { queryLogGroup } from './query-log-group';

export interface ResolverQueryLoggingProps {
  readonly name: string;
  readonly logGroupName: string;
  readonly retentionDays: number;
  readonly key: kms.IKey;
  /** The log group exists already (retained by an earlier deployment): referred to, not created. @default false */
  readonly existing?: boolean;
  readonly vpcIds: readonly string[];
  /**
   * The configuration's tags, set on it directly: its tags are create-only, so the deployment's
   * tag aspect leaves it out (CREATE_ONLY_TAG_TYPES) and a changed config `tags` never replaces it.
   */
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * Resource types whose `Tags` are create-only in their CloudFormation resource schema: a changed
 * tag replaces the resource (test/stacks/replacements.test.ts reads the schemas). The deployment's
 * tags skip them; each is given the tags it was created with.
 */
export const CREATE_ONLY_TAG_TYPES: readonly string[] = [CfnResolverQueryLoggingConfig.CFN_RESOURCE_TYPE_NAME];

/**
 * One Resolver query logging configuration per region and log group, with an association per VPC.
 * A region allows 20 configurations and 100 associations across all of them by default
 * (ROUTE53 in lib/aws-facts.ts; `plan` warns). The log group is encrypted and RETAINED.
 */
export class ResolverQueryLogging extends Construct {
  readonly logGroup: logs.ILogGroup;

  constructor(scope: Construct, id: string, props: ResolverQueryLoggingProps) {
    super(scope, id);
    this.logGroup = queryLogGroup(this, 'LogGroup', props);
    const config = new CfnResolverQueryLoggingConfig(this, 'Config', {
      name: props.name,
      tags: Object.entries(props.tags)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([key, value]) => ({ key, value })),
      destinationArn: Stack.of(this).formatArn({
        service: 'logs',
        resource: 'log-group',
        resourceName: props.logGroupName,
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      }),
    });
    config.applyRemovalPolicy(RemovalPolicy.RETAIN);
    // The destination is given as an ARN string, not a reference: without this, CloudFormation may
    // create the configuration before its log group, and Resolver refuses a missing destination.
    config.node.addDependency(this.logGroup);
    for (const vpcId of props.vpcIds) {
      new CfnResolverQueryLoggingConfigAssociation(this, `Association-${vpcId}`, {
        resolverQueryLogConfigId: config.attrId,
        resourceId: vpcId,
      });
    }
  }
}
