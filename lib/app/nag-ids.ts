/**
 * Resource ARNs as cdk-nag names them in a finding id: a token is written `<AWS::Partition>` /
 * `<AWS::AccountId>`, a literal as it is. The partition is a literal when the CDK app sets
 * `@aws-cdk/core:enablePartitionLiterals` (cdk.json does) and the region is known, a token
 * otherwise, so an acknowledgement must follow what the stack renders.
 */
import { Stack, Token } from 'aws-cdk-lib';

export function nagPartition(stack: Stack): string {
  return Token.isUnresolved(stack.partition) ? '<AWS::Partition>' : stack.partition;
}

export function nagAccount(stack: Stack): string {
  return Token.isUnresolved(stack.account) ? '<AWS::AccountId>' : stack.account;
}
