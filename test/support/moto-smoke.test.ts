import { DynamoDBClient, CreateTableCommand, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { startMoto, MotoServer } from './moto';

describe('moto server harness', () => {
  let moto: MotoServer;
  beforeAll(async () => {
    moto = await startMoto();
  });
  afterAll(() => moto.stop());

  it('serves DynamoDB on loopback through the real AWS SDK', async () => {
    const ddb = new DynamoDBClient(moto.clientConfig());
    await ddb.send(
      new CreateTableCommand({
        TableName: 'smoke',
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    const out = await ddb.send(new ListTablesCommand({}));
    expect(moto.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(out.TableNames).toContain('smoke');
  });
});
