/**
 * The deployment's DynamoDB tables as doctor finds them: a table deleted outside CloudFormation
 * (a cleanup, the console) is not made again by any deploy (CloudFormation looks at a resource
 * again only when its template changes), and the function that names it works on without it. The
 * fix is the AWS CLI commands that make it as the app's template does: key, on-demand billing,
 * encryption, TTL, point-in-time recovery and the deployment's tags (tests run them against moto
 * server and compare the table with the synthesized one).
 *
 * A table made again by hand, or changed, may differ from the template's (`lookAtTable`): another
 * key, which fails every read and write of the function (the fix deletes it, which loses nothing
 * the function could have written, and makes it as the app does); TTL off or on another attribute,
 * so items never expire; point-in-time recovery off; billed by provisioned capacity (throttled
 * beyond it); encrypted with a key DynamoDB owns, or another KMS key than the template's. Each is
 * told with the commands that set it as the template does.
 *
 * Two tables: the Slack notifier's (lib/doctor/slack-alarms.ts finds it) and each prober's table
 * of zone name servers (`lookAtProberTable`, for the zones check).
 */
import { DescribeContinuousBackupsCommand, DescribeTableCommand, DescribeTimeToLiveCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type KMSClient, ListAliasesCommand } from '@aws-sdk/client-kms';
import { GetFunctionConfigurationCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { DYNAMODB } from '../aws-facts';
import { PROBER_ZONE_TABLE } from '../../contracts/dns-check';
import { errorLabel, errorName } from './failed-calls';
import { shellWord } from './shell-word';

/** The error DynamoDB (and Lambda) answer for a table (a function) that does not exist. */
export const DYNAMODB_NO_TABLE = 'ResourceNotFoundException';
const LAMBDA_NO_FUNCTION = 'ResourceNotFoundException';

/** The prober's table is encrypted with DynamoDB's AWS managed key (lib/dns-checks/prober.ts). */
export const PROBER_TABLE_ENCRYPTION = 'aws-managed';

/**
 * The alias of DynamoDB's AWS managed key: AWS managed keys' aliases have the form aws/<service>,
 * aws/dynamodb for DynamoDB's, and the prefix alias/aws/ is reserved for them ("Aliases in AWS KMS"
 * and "Create aliases", KMS Developer Guide,
 * https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html). A table's key is that key
 * when ListAliases of the key lists this alias. Not DescribeKey of the alias, which makes the AWS
 * managed key when the account has none yet (DescribeKey, KMS API Reference, KeyId): doctor changes
 * nothing.
 */
export const DYNAMODB_AWS_MANAGED_KEY_ALIAS = 'alias/aws/dynamodb';

/** What lets doctor tell a table's key (lookAtTable), for the findings that say it could not. */
export const TABLE_KEY_PERMISSION = "kms:ListAliases (of the table's key)";

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

/** The key and expiry attribute a function reads and writes a table by, and the encryption the template gives it. */
export interface TableShape {
  /** Its partition key (a string), alone: no sort key. */
  readonly key: string;
  readonly expiresAt: string;
  readonly encryption: TableToMake['encryption'];
}

/** How a table that exists differs from the template's; nothing set: it does not. */
export interface TableDrift {
  /** Its key as it is (`ZoneId (a string)`), when not the function's: every read and write fails. */
  readonly otherKey?: string;
  /** TTL `off`, or the attribute it reads when not the template's. */
  readonly ttl?: 'off' | { readonly attribute: string };
  readonly pitrOff?: true;
  /** Billed by provisioned capacity (units a second), not on demand as the template bills it: a burst beyond it is throttled. */
  readonly provisioned?: { readonly read: number; readonly write: number };
  /** Encrypted with a key DynamoDB owns (`owned`: no KMS key), or with another KMS key than the template's. */
  readonly encryption?: 'owned' | { readonly keyArn: string };
  /** Whether its KMS key is DynamoDB's AWS managed key could not be told (why: an error's label), beside other drift. */
  readonly keyUnknown?: string;
}

/**
 * A table as doctor finds it: gone, differing from the template's, or why it could not be looked at
 * (`settings`: it is there, but its TTL or point-in-time recovery could not be read, as with a
 * policy made before doctor read them; `key`: it is there, but whether its KMS key is DynamoDB's AWS
 * managed key could not be told); undefined: as the template makes it.
 */
export type TableLook =
  | { readonly missing: string }
  | { readonly drift: TableDrift; readonly tableName: string }
  | { readonly unreadable: unknown; readonly subject: string; readonly settings?: true; readonly key?: true }
  | undefined;

const TYPE_NAMES: Readonly<Record<string, string>> = { S: 'a string', N: 'a number', B: 'binary' };

/** `key (a string)`, and `, sort key …` when there is one. */
function keyOf(table: { KeySchema?: { AttributeName?: string; KeyType?: string }[]; AttributeDefinitions?: { AttributeName?: string; AttributeType?: string }[] }): string {
  const typeOf = (name?: string) => TYPE_NAMES[table.AttributeDefinitions?.find((a) => a.AttributeName === name)?.AttributeType ?? ''] ?? 'of unknown type';
  return (table.KeySchema ?? []).map((k) => `${k.KeyType === 'RANGE' ? 'sort key ' : ''}${k.AttributeName} (${typeOf(k.AttributeName)})`).join(', ');
}

/**
 * Whether `tableName` exists and is as the template makes it for a function that reads it by
 * `shape`. Another key is told alone (the table must be made again, which sets the rest). A table
 * the template encrypts with DynamoDB's AWS managed key is told apart from one encrypted with
 * another KMS key by that key's aliases, which `kms` lists (DescribeTable gives the key's ARN alone).
 */
export async function lookAtTable(dynamodb: DynamoDBClient, tableName: string, shape: TableShape, kms: KMSClient): Promise<TableLook> {
  const step = async <T>(call: () => Promise<T>, settings?: true): Promise<{ ok: T } | { look: TableLook }> => {
    try {
      return { ok: await call() };
    } catch (e) {
      return { look: errorName(e) === DYNAMODB_NO_TABLE ? { missing: tableName } : { unreadable: e, subject: tableName, ...(settings ? { settings } : {}) } };
    }
  };
  const described = await step(() => dynamodb.send(new DescribeTableCommand({ TableName: tableName })));
  if ('look' in described) return described.look;
  const table = described.ok.Table ?? {};
  const keys = table.KeySchema ?? [];
  if (keys.length !== 1 || keys[0].AttributeName !== shape.key || keys[0].KeyType !== 'HASH' || table.AttributeDefinitions?.find((a) => a.AttributeName === shape.key)?.AttributeType !== 'S') {
    return { tableName, drift: { otherKey: keyOf(table) || 'none' } };
  }
  const ttlRead = await step(() => dynamodb.send(new DescribeTimeToLiveCommand({ TableName: tableName })), true);
  if ('look' in ttlRead) return ttlRead.look;
  const backups = await step(() => dynamodb.send(new DescribeContinuousBackupsCommand({ TableName: tableName })), true);
  if ('look' in backups) return backups.look;
  const ttl = ttlRead.ok.TimeToLiveDescription;
  // A table that never changed billing mode may carry no BillingModeSummary: it is then billed by its provisioned capacity.
  const billing = table.BillingModeSummary?.BillingMode ?? ((table.ProvisionedThroughput?.ReadCapacityUnits ?? 0) > 0 ? 'PROVISIONED' : 'PAY_PER_REQUEST');
  const provisioned = billing === 'PROVISIONED' ? { read: table.ProvisionedThroughput?.ReadCapacityUnits ?? 0, write: table.ProvisionedThroughput?.WriteCapacityUnits ?? 0 } : undefined;
  // SSEStatus (API model): ENABLING, ENABLED, DISABLING, DISABLED, UPDATING. Without a KMS key, DynamoDB encrypts with a key it owns.
  const sse = table.SSEDescription;
  const kmsKey = sse?.SSEType === 'KMS' && ['ENABLING', 'ENABLED', 'UPDATING'].includes(sse.Status ?? '') ? sse.KMSMasterKeyArn ?? '' : undefined;
  let keyUnread: unknown;
  let encryption = kmsKey === undefined ? ('owned' as const) : shape.encryption !== 'aws-managed' && !sameKmsKey(kmsKey, shape.encryption.kmsKeyId) ? { keyArn: kmsKey } : undefined;
  if (kmsKey && shape.encryption === 'aws-managed') {
    try {
      // A key has a few aliases at most (AWS managed keys one): one page.
      const aliases = ((await kms.send(new ListAliasesCommand({ KeyId: kmsKey }))).Aliases ?? []).map((a) => a.AliasName ?? '');
      if (!aliases.includes(DYNAMODB_AWS_MANAGED_KEY_ALIAS)) encryption = { keyArn: kmsKey };
    } catch (e) {
      keyUnread = e;
    }
  }
  // ENABLING counts as on: DynamoDB is turning it on (TimeToLiveStatus: ENABLING, DISABLING, ENABLED,
  // DISABLED; PointInTimeRecoveryStatus: ENABLED, DISABLED, in AWS's API model: test/doctor/zones.test.ts).
  const ttlOn = ttl?.TimeToLiveStatus === 'ENABLED' || ttl?.TimeToLiveStatus === 'ENABLING';
  const drift: TableDrift = {
    ...(!ttlOn ? { ttl: 'off' as const } : ttl?.AttributeName !== shape.expiresAt ? { ttl: { attribute: ttl?.AttributeName ?? '' } } : {}),
    ...(backups.ok.ContinuousBackupsDescription?.PointInTimeRecoveryDescription?.PointInTimeRecoveryStatus !== 'ENABLED' ? { pitrOff: true as const } : {}),
    ...(provisioned ? { provisioned } : {}),
    ...(encryption ? { encryption } : {}),
  };
  // The key that could not be told is a finding of its own, or said beside the table's other drift.
  if (keyUnread !== undefined) return Object.keys(drift).length > 0 ? { tableName, drift: { ...drift, keyUnknown: errorLabel(keyUnread) } } : { unreadable: keyUnread, subject: tableName, key: true };
  return Object.keys(drift).length > 0 ? { tableName, drift } : undefined;
}

/**
 * Whether the key a table is encrypted with (its ARN) is `wanted`: a key ARN or key id (an alias, or a
 * placeholder when the key is not known, cannot be compared: taken as the same).
 */
function sameKmsKey(arn: string, wanted: string): boolean {
  if (wanted.startsWith('arn:')) return arn === wanted;
  if (/^[0-9a-f-]{36}$|^mrk-[0-9a-f]{32}$/i.test(wanted)) return arn.endsWith(`:key/${wanted}`);
  return true;
}

/**
 * The finding of a table that differs from the template's: `what` names it ("the DNS prober's
 * table of zone name servers"), `failing` says what fails when its key is another, `lingering` what
 * stays in it when its items never expire, `writer` what writes it (with another key it cannot have:
 * the fix deletes it).
 */
export function tableDriftFinding(
  look: { readonly drift: TableDrift; readonly tableName: string },
  t: TableToMake,
  words: { readonly what: string; readonly failing: string; readonly lingering: string; readonly writer: string },
): { readonly problem: string; readonly fix: string } {
  const d = look.drift;
  const at = `--region ${shellWord(t.region)} --table-name ${shellWord(t.tableName)}`;
  if (d.otherKey !== undefined) {
    return {
      problem: `${words.what} has the key ${d.otherKey}, not ${t.key} (a string) as the template makes it (made again outside CloudFormation?): ${words.failing}`,
      fix: `${words.writer} cannot have written to it (every write fails), so it holds nothing ${words.writer} needs: delete it and make it again as the app does (key, billing, encryption, TTL, point-in-time recovery, tags): aws dynamodb delete-table ${at} && aws dynamodb wait table-not-exists ${at} && ${createTableCommand(t)}`,
    };
  }
  const ttlOn = `aws dynamodb update-time-to-live ${at} --time-to-live-specification Enabled=true,AttributeName=${shellWord(t.expiresAt)}`;
  const pitrOn = `aws dynamodb update-continuous-backups ${at} --point-in-time-recovery-specification PointInTimeRecoveryEnabled=true`;
  const lingering = `its items never expire (${words.lingering})`;
  const templateKey = t.encryption === 'aws-managed' ? "DynamoDB's AWS managed key (aws/dynamodb)" : `the deployment's alert key ${t.encryption.kmsKeyId}`;
  const problems = [
    ...(d.ttl === 'off' ? [`TTL is off, so ${lingering}`] : d.ttl ? [`TTL reads the attribute ${d.ttl.attribute}, not ${t.expiresAt}, so ${lingering}`] : []),
    ...(d.pitrOff ? ['point-in-time recovery is off, so it cannot be restored to an earlier time'] : []),
    ...(d.provisioned
      ? [`it is billed by provisioned capacity (${d.provisioned.read} reads and ${d.provisioned.write} writes a second), not on demand as the template bills it, so reads and writes beyond that (an alarm storm) are throttled and fail`]
      : []),
    ...(d.encryption ? [`it is encrypted with ${d.encryption === 'owned' ? 'a key DynamoDB owns' : `the KMS key ${d.encryption.keyArn}`}, not ${templateKey} as the template makes it`] : []),
    ...(d.keyUnknown !== undefined ? [`whether its key is ${templateKey}, as the template makes it, could not be told (${d.keyUnknown}): allow ${TABLE_KEY_PERMISSION}`] : []),
  ];
  // UpdateTable takes one change at a time, each to wait for (UpdateTable, API Reference): billing, then encryption.
  const settle = `aws dynamodb wait table-exists ${at}`;
  const sseSpec = t.encryption === 'aws-managed' ? 'Enabled=true,SSEType=KMS' : `Enabled=true,SSEType=KMS,KMSMasterKeyId=${shellWord(t.encryption.kmsKeyId)}`;
  const tableUpdates = [
    ...(d.provisioned ? [`aws dynamodb update-table ${at} --billing-mode PAY_PER_REQUEST`, settle] : []),
    ...(d.encryption ? [`aws dynamodb update-table ${at} --sse-specification ${sseSpec}`, settle] : []),
  ];
  const problem = `${words.what} is not as the template makes it (made again or changed outside CloudFormation?): ${problems.join('; ')}`;
  if (d.ttl !== undefined && d.ttl !== 'off') {
    // DynamoDB takes no other TTL change of a table for a while after one (DYNAMODB.ttlChangeSettleHours).
    const hours = DYNAMODB.ttlChangeSettleHours === 1 ? 'an hour' : `${DYNAMODB.ttlChangeSettleHours} hours`;
    const off = `aws dynamodb update-time-to-live ${at} --time-to-live-specification Enabled=false,AttributeName=${shellWord(d.ttl.attribute)}`;
    return { problem, fix: `turn it off, then on for the app's attribute: ${[off, ...(d.pitrOff ? [pitrOn] : []), ...tableUpdates].join(' && ')}; ${hours} later (DynamoDB takes one TTL change of a table ${hours}): ${ttlOn}` };
  }
  const commands = [...(d.ttl === 'off' ? [ttlOn] : []), ...(d.pitrOff ? [pitrOn] : [])];
  if (tableUpdates.length > 0) return { problem, fix: `set it as the app does: ${[...commands, ...tableUpdates].join(' && ')}` };
  return { problem, fix: `turn ${commands.length > 1 ? 'them' : 'it'} on as the app does: ${commands.join(' && ')}` };
}

/**
 * Whether the prober `functionName` names a table of zone name servers that does not exist or is
 * not as the template makes it (`lookAtTable`). Nothing
 * to say when the function is not there (not deployed yet: drift says so of its schedule) or names
 * no table (deployed before the table came).
 */
export async function lookAtProberTable(c: { lambda: LambdaClient; dynamodb: DynamoDBClient; kms: KMSClient }, functionName: string): Promise<TableLook> {
  let tableName: string | undefined;
  try {
    tableName = (await c.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: functionName }))).Environment?.Variables?.[PROBER_ZONE_TABLE.envVar];
  } catch (e) {
    if (errorName(e) === LAMBDA_NO_FUNCTION) return undefined;
    return { unreadable: e, subject: functionName };
  }
  if (!tableName) return undefined;
  return lookAtTable(c.dynamodb, tableName, { key: PROBER_ZONE_TABLE.attributes.key, expiresAt: PROBER_ZONE_TABLE.attributes.expiresAt, encryption: PROBER_TABLE_ENCRYPTION }, c.kms);
}
