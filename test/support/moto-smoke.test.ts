import { DynamoDBClient, CreateTableCommand, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { CreateHostedZoneCommand, GetHostedZoneCommand, Route53Client } from '@aws-sdk/client-route-53';
import { ROUTE53 } from '../../lib/aws-facts';
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

  it("gives hosted zones ids of Route 53's shape (Z and capitals or digits), which the config takes", async () => {
    // moto 5.2.5 draws 22 capitals or digits, so 35 ids in 36 did not start with Z and every test
    // that needed a zone the config takes made and deleted zones until one did (test/support/moto_server.py).
    const r53 = new Route53Client(moto.clientConfig('us-east-1'));
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) {
      const out = await r53.send(new CreateHostedZoneCommand({ Name: `z${i}.smoke.example.com`, CallerReference: `smoke-${i}` }));
      ids.push(out.HostedZone!.Id!.replace('/hostedzone/', ''));
    }
    for (const id of ids) expect(id).toMatch(ROUTE53.hostedZoneId);
    expect(new Set(ids).size).toBe(10);
    // The zone is read back by its id, as any other.
    expect((await r53.send(new GetHostedZoneCommand({ Id: ids[3] }))).HostedZone?.Name).toBe('z3.smoke.example.com.');
  });
});
