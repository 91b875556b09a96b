/** AWS clients against moto, the license table and secret, and metric read-back. */
import { CloudWatchClient, GetMetricStatisticsCommand } from '@aws-sdk/client-cloudwatch';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { MotoServer } from '../../support/moto';
import { recordConnections } from './recorders';

export interface Clients {
  raw: DynamoDBClient;
  ddb: DynamoDBDocumentClient;
  sm: SecretsManagerClient;
  cw: CloudWatchClient;
}

export function clients(moto: MotoServer): Clients {
  const raw = new DynamoDBClient(moto.clientConfig());
  return {
    raw,
    ddb: DynamoDBDocumentClient.from(raw),
    sm: new SecretsManagerClient(moto.clientConfig()),
    cw: new CloudWatchClient(moto.clientConfig()),
  };
}

export async function createTable(c: Clients, name: string): Promise<void> {
  await c.raw.send(
    new CreateTableCommand({
      TableName: name,
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
}

export async function createSecret(c: Clients, name: string, value: string): Promise<string> {
  const out = await c.sm.send(new CreateSecretCommand({ Name: name, SecretString: value }));
  return out.ARN!;
}

export async function readItem(c: Clients, table: string, pk: string): Promise<Record<string, unknown> | undefined> {
  return (await c.ddb.send(new GetCommand({ TableName: table, Key: { pk }, ConsistentRead: true }))).Item;
}

/** The latest value of a license metric, read back from (moto's) CloudWatch. */
export async function readMetric(c: Clients, licenseId: string, metricName: string, around: Date): Promise<number | undefined> {
  const out = await c.cw.send(
    new GetMetricStatisticsCommand({
      Namespace: 'Codreum/License',
      MetricName: metricName,
      Dimensions: [{ Name: 'LicenseId', Value: licenseId }],
      StartTime: new Date(around.getTime() - 3_600_000),
      EndTime: new Date(around.getTime() + 3_600_000),
      Period: 60,
      Statistics: ['Maximum'],
    }),
  );
  const points = (out.Datapoints ?? []).sort((a, b) => a.Timestamp!.getTime() - b.Timestamp!.getTime());
  return points.at(-1)?.Maximum;
}

/** A secret holding a license key in `region` (the functions under test run in us-east-1). */
export async function createKeySecretIn(moto: MotoServer, region: string, name: string): Promise<string> {
  const sm = new SecretsManagerClient(moto.clientConfig(region));
  return (await sm.send(new CreateSecretCommand({ Name: name, SecretString: JSON.stringify({ licenseKey: 'ck_live_0123456789abcdef' }) }))).ARN!;
}

/**
 * Runs a Lambda entry point (`lambdas/<name>/index`) in-process, its AWS clients pointed at moto
 * through AWS_ENDPOINT_URL as their module creates them, and records the connections it opens.
 */
export async function invokeEntryPoint(moto: MotoServer, name: string, event: unknown, context: object): Promise<{ out: any; connections: string[] }> {
  process.env.AWS_ENDPOINT_URL = moto.endpoint;
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { handler } = require(`../../../lambdas/${name}/index`);
  const rec = recordConnections();
  try {
    return { out: await handler(event, context), connections: rec.connections };
  } finally {
    rec.stop();
  }
}
