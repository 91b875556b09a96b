/** AWS clients against moto, the license table and secret, and metric read-back. */
import { CloudWatchClient, GetMetricStatisticsCommand } from '@aws-sdk/client-cloudwatch';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { MotoServer } from '../../support/moto';

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
