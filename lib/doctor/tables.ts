/**
 * The deployment's DynamoDB tables as doctor finds them: a table deleted outside CloudFormation
 * (a cleanup, the console) is not made again by any deploy (CloudFormation looks at a resource
 * again only when its template changes), and the function that names it works on without it. The
 * fix is the AWS CLI commands that make it as the app's template does: key, on-demand billing,
 * encryption, TTL, point-in-time recovery and the deployment's tags (tests run them against moto
 * server and compare the table with the synthesized one).
 *
 * Two tables: the Slack notifier's (lib/doctor/slack-alarms.ts finds it) and each prober's table
 * of zone name servers (`lookAtProberTable`, for the zones check).
 */
import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetFunctionConfigurationCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { PROBER_ZONE_TABLE } from '../../contracts/dns-check';
import { errorName } from './failed-calls';
import { shellWord } from './shell-word';

/** The error DynamoDB (and Lambda) answer for a table (a function) that does not exist. */
export const DYNAMODB_NO_TABLE = 'ResourceNotFoundException';
const LAMBDA_NO_FUNCTION = 'ResourceNotFoundException';

/** A table as the app's template makes it, for the commands that make it again. */
export interface TableToMake {
  readonly region: string;
  readonly tableName: string;
  /** Its partition key (a string). */
  readonly key: string;
  /** The attribute DynamoDB's TTL reads. */
  readonly expiresAt: string;
  /** Encrypted with this customer managed key; `aws-managed`: with DynamoDB's AWS managed key (aws/dynamodb). */
  readonly encryption: { readonly kmsKeyId: string } | 'aws-managed';
  /** The deployment's tags (deploymentTags), in the template's order. */
  readonly tags: readonly (readonly [string, string])[];
}

/**
 * The commands that make `t` again, joined with `&&` (each waits for the one before): create-table,
 * wait for it, then TTL and point-in-time recovery, which CreateTable does not take. Tags go in as
 * JSON, which the CLI's shorthand would split at a `=` or space in a value.
 */
export function createTableCommand(t: TableToMake): string {
  const at = `--region ${shellWord(t.region)} --table-name ${shellWord(t.tableName)}`;
  // SSEType KMS without a key id is DynamoDB's AWS managed key, as the template's SSEEnabled alone is
  // (API Reference and resource schema, SSESpecification: test/doctor/zones.test.ts reads both).
  const sse = t.encryption === 'aws-managed' ? 'Enabled=true,SSEType=KMS' : `Enabled=true,SSEType=KMS,KMSMasterKeyId=${shellWord(t.encryption.kmsKeyId)}`;
  const tags = t.tags.length > 0 ? ` --tags ${shellWord(JSON.stringify(t.tags.map(([Key, Value]) => ({ Key, Value }))))}` : '';
  return [
    `aws dynamodb create-table ${at} --attribute-definitions AttributeName=${shellWord(t.key)},AttributeType=S --key-schema AttributeName=${shellWord(t.key)},KeyType=HASH --billing-mode PAY_PER_REQUEST --sse-specification ${sse}${tags}`,
    `aws dynamodb wait table-exists ${at}`,
    `aws dynamodb update-time-to-live ${at} --time-to-live-specification Enabled=true,AttributeName=${shellWord(t.expiresAt)}`,
    `aws dynamodb update-continuous-backups ${at} --point-in-time-recovery-specification PointInTimeRecoveryEnabled=true`,
  ].join(' && ');
}

/** A prober's table that is gone, or why it could not be looked at. */
export type ProberTableLook = { readonly missing: string } | { readonly unreadable: unknown; readonly subject: string } | undefined;

/**
 * Whether the prober `functionName` names a table of zone name servers that does not exist. Nothing
 * to say when the function is not there (not deployed yet: drift says so of its schedule) or names
 * no table (deployed before the table came).
 */
export async function lookAtProberTable(c: { lambda: LambdaClient; dynamodb: DynamoDBClient }, functionName: string): Promise<ProberTableLook> {
  let tableName: string | undefined;
  try {
    tableName = (await c.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: functionName }))).Environment?.Variables?.[PROBER_ZONE_TABLE.envVar];
  } catch (e) {
    if (errorName(e) === LAMBDA_NO_FUNCTION) return undefined;
    return { unreadable: e, subject: functionName };
  }
  if (!tableName) return undefined;
  try {
    await c.dynamodb.send(new DescribeTableCommand({ TableName: tableName }));
    return undefined;
  } catch (e) {
    return errorName(e) === DYNAMODB_NO_TABLE ? { missing: tableName } : { unreadable: e, subject: tableName };
  }
}
