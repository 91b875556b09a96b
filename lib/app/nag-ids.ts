/**
 * Resource ARNs as cdk-nag names them in a finding id: a token is written `<AWS::Partition>` /
 * `<AWS::AccountId>`, a literal as it is. The partition is a literal when the CDK app sets
 * `@aws-cdk/core:enablePartitionLiterals` (cdk.json does) and the region is known, a token
 * otherwise, so an acknowledgement must follow what the stack renders.
 */
import { type CfnElement, Stack, Token } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

export function nagPartition(stack: Stack): string {
  return Token.isUnresolved(stack.partition) ? '<AWS::Partition>' : stack.partition;
}

export function nagAccount(stack: Stack): string {
  return Token.isUnresolved(stack.account) ? '<AWS::AccountId>' : stack.account;
}

/** The CloudFormation logical id of a construct's resource (cdk-nag names resources by it). */
export function logicalIdOf(c: IConstruct): string {
  return Stack.of(c).getLogicalId(c.node.defaultChild as CfnElement);
}
