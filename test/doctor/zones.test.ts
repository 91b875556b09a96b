/**
 * doctor's zones check against moto server through the real AWS SDK: every hosted zone the config
 * monitors, and every zone a DNS check reads its name servers from, must be a public hosted zone of
 * the account with the name the config gives it. A wrong zoneId, a private zone or another name
 * leaves every alarm of the zone without data, and nothing else says why.
 */
import { CreateVpcCommand, EC2Client } from '@aws-sdk/client-ec2';
import { Route53Client } from '@aws-sdk/client-route-53';
import { DYNAMODB, ROUTE53 } from '../../lib/aws-facts';
import { parseConfig } from '../../lib/config/load';
import { runDoctor } from '../../lib/doctor';
import {
  CreateTableCommand,
  DeleteTableCommand,
  DescribeContinuousBackupsCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  ListTagsOfResourceCommand,
  UpdateContinuousBackupsCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { CreateKeyCommand, KMSClient, ListAliasesCommand } from '@aws-sdk/client-kms';
import { PROBER_ZONE_TABLE } from '../../contracts/dns-check';
import { DynamoZoneStore } from '../../lambdas/dns-prober/zone-store';
import { dnsProberFunctionName } from '../../lib/naming';
import { zoneReadsByRegion } from '../../lib/plan/deploy';
import { createEchoFunction, runWithAwsCli } from '../support/aws-cli';
import { freePort } from '../support/net';
import { deploymentOf } from '../support/iam/app';
import { apiModel, apiShape } from '../support/api-models';
import { resourceSchema } from '../support/resource-schemas';
import { startMoto, type MotoServer } from '../support/moto';
import { motoDoctorClients } from './clients';
import { createHostedZone } from '../support/moto-zones';

let moto: MotoServer;
let publicZone: string;
let renamed: string;
let privateZone: string;
const MISSING = 'Z0NOTINTHISACCOUNT01';

/**
 * A zone as Route 53 makes it; moto draws ids from A-Z0-9, the config takes Route 53's (starting with Z).
 * A private zone: AWS makes a zone private when a VPC is given; moto only when HostedZoneConfig says so too.
 */
async function zone(r53: Route53Client, name: string, vpc?: string): Promise<string> {
  return (await createHostedZone(r53, name, vpc ? { vpc: { id: vpc, region: 'eu-west-1' } } : {})).id;
}

beforeAll(async () => {
  moto = await startMoto();
  const r53 = new Route53Client(moto.clientConfig('us-east-1'));
  const vpc = (await new EC2Client(moto.clientConfig('eu-west-1')).send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }))).Vpc!.VpcId!;
  publicZone = await zone(r53, 'shop.example.com');
  renamed = await zone(r53, 'new-name.example.com');
  privateZone = await zone(r53, 'internal.example.com', vpc);
}, 60_000);
afterAll(() => moto?.stop());

describe('doctor: the hosted zones the config names', () => {
  it('reports a zone not in the account, a private zone and one with another name; a public zone of that name is fine', async () => {
    const cfg = parseConfig({
      prefix: 'zn',
      hostedZones: [
        { zoneId: publicZone, zoneName: 'shop.example.com' },
        { zoneId: MISSING, zoneName: 'typo.example.com' },
        { zoneId: privateZone, zoneName: 'internal.example.com', queryVolume: { enabled: false } },
        { zoneId: renamed, zoneName: 'old-name.example.com' },
      ],
      dnsChecks: [
        { name: 'shop', query: 'www.shop.example.com', type: 'A', zoneId: publicZone, expect: {} },
        { name: 'inside', query: 'www.internal.example.com', type: 'A', zoneId: privateZone, expect: {} },
        { name: 'gone', query: 'www.gone.example.com', type: 'A', zoneId: 'Z0GONEFROMACCOUNT001', expect: {} },
      ],
      alerts: { email: ['oncall@example.com'] },
    });
    const report = await runDoctor(cfg, motoDoctorClients(moto), { checks: ['zones'] });
    expect(report.checked).toEqual({ zones: 7 });
    expect(report.findings.map((f) => `${f.region} ${f.subject}: ${f.problem}`)).toEqual([
      `us-east-1 typo.example.com (${MISSING}): this account has no hosted zone ${MISSING}: Route 53 logs and counts nothing for it, so every alarm of the zone stays without data`,
      `us-east-1 internal.example.com (${privateZone}): is a private hosted zone: Route 53 writes query logs and publishes DNSQueries for public zones only, so none of the zone's query-log or DNSQueries alarms can fire`,
      `us-east-1 old-name.example.com (${renamed}): the hosted zone ${renamed} is named new-name.example.com, not old-name.example.com: the queries in its logs and every alarm, log group and dashboard name the wrong zone`,
      `us-east-1 DNS check inside: its zoneId ${privateZone} is a private hosted zone: it has no public name servers, so the prober's queries to the zone's name servers fail on every run`,
      `us-east-1 DNS check gone: this account has no hosted zone Z0GONEFROMACCOUNT001: the prober cannot read its name servers, so the check fails on every run`,
    ]);
    const fix = (subject: string) => report.findings.find((f) => f.subject.startsWith(subject))!.fix;
    expect(fix('typo.example.com')).toContain('hostedZones[1].zoneId');
    expect(fix('typo.example.com')).toContain('aws route53 list-hosted-zones');
    expect(fix('internal.example.com')).toMatch(/resolverVpcs/);
    expect(fix('old-name.example.com')).toBe('set hostedZones[3].zoneName: new-name.example.com, or correct hostedZones[3].zoneId');
    expect(fix('DNS check inside')).toMatch(/^remove zoneId from the check named inside under dnsChecks; .*deploy: false/);
  });

  it("says once what a zone outside the account or a private zone lacks: the zones finding, not also the query-logging one", async () => {
    // Neither can have the public query logging the query-logging check looks for; its finding
    // would send the user to turn query logging on for a zone that is not there.
    const cfg = parseConfig({
      prefix: 'zq',
      hostedZones: [
        { zoneId: publicZone, zoneName: 'shop.example.com' },
        { zoneId: MISSING, zoneName: 'typo.example.com' },
        { zoneId: privateZone, zoneName: 'internal.example.com', queryVolume: { enabled: false } },
      ],
      alerts: { email: ['oncall@example.com'] },
    });
    const both = await runDoctor(cfg, motoDoctorClients(moto), { checks: ['zones', 'query-logging'] });
    expect(both.findings.map((f) => `${f.check} ${f.subject}`)).toEqual([
      `zones typo.example.com (${MISSING})`,
      `zones internal.example.com (${privateZone})`,
      `query-logging shop.example.com (${publicZone})`,
    ]);
    // Asked for alone, the query-logging check still reports every zone it finds without query logging.
    const alone = await runDoctor(cfg, motoDoctorClients(moto), { checks: ['query-logging'] });
    expect(alone.findings.map((f) => f.subject)).toEqual([`shop.example.com (${publicZone})`, `typo.example.com (${MISSING})`, `internal.example.com (${privateZone})`]);
  });

  it('reads the zones with one paginated list, whatever their number', async () => {
    const r53 = new Route53Client(moto.clientConfig('us-east-1'));
    const many: string[] = [];
    // More than one ListHostedZones page.
    for (let i = 0; i < ROUTE53.listHostedZonesPageSize + 5; i++) many.push(await zone(r53, `z${i}.fleet.example.com`));
    const cfg = parseConfig({ prefix: 'fl', hostedZones: many.map((zoneId, i) => ({ zoneId, zoneName: `z${i}.fleet.example.com` })), alerts: { email: ['oncall@example.com'] } });
    const report = await runDoctor(cfg, motoDoctorClients(moto), { checks: ['zones'] });
    expect(report).toEqual({ findings: [], checked: { zones: ROUTE53.listHostedZonesPageSize + 5 } });
  }, 120_000);
});

// CloudFormation does not make again a table deleted outside it. The prober then works from Route 53
// alone (test/dns-checks/zone-store.test.ts), and each new execution environment skips the zone
// checks it has not read yet, as after a first deploy.
describe("doctor: the DNS probers' tables of zone name servers", () => {
  /** Checks that read 150 zones from this region, so a new environment needs more than one run (zoneReadsPerRun). */
  const checksOf = (zoneId: string) => [
    { name: 'shop', query: 'www.shop.example.com', type: 'A' as const, zoneId, expect: {} },
    ...Array.from({ length: 149 }, (_, i) => ({ name: `z${i}`, query: `www.z${i}.example.com`, type: 'A' as const, zoneId: `Z0FLEET${String(i).padStart(13, '0')}`, expect: {}, interval: 5 })),
  ];
  const rawConfig = (prefix: string) => ({
    prefix,
    dnsChecks: checksOf(publicZone),
    alerts: { email: ['oncall@example.com'] },
    tags: { 'cost centre': 'dns=ops/42', team: 'dns on-call' },
  });
  const zoneFindings = async (cfg: ReturnType<typeof parseConfig>, clients = motoDoctorClients(moto)) =>
    (await runDoctor(cfg, clients, { checks: ['zones'] })).findings.filter((f) => !f.subject.startsWith('DNS check '));
  /** A deployed prober of `prefix` and its table, made by hand with key `key` (on-demand, nothing else set). */
  /**
   * A table made by hand: with on-demand billing and DynamoDB's AWS managed key, or as the
   * console's defaults make it (5 units a second each way, a key DynamoDB owns), or on demand with
   * a customer managed key (`keyArn`).
   */
  const handMadeTable = async (prefix: string, key: string, made: 'on-demand-aws-managed' | 'as-the-console-does' | { keyArn: string } = 'on-demand-aws-managed') => {
    const cfg = parseConfig(rawConfig(prefix));
    const tableName = `${prefix}-core-us-east-1-DnsProberZoneServers97BD8A42-HANDMADE${prefix.toUpperCase()}`;
    await createEchoFunction(moto, dnsProberFunctionName(prefix), { [PROBER_ZONE_TABLE.envVar]: tableName });
    const ddb = new DynamoDBClient(moto.clientConfig('us-east-1'));
    await ddb.send(
      new CreateTableCommand({
        TableName: tableName,
        KeySchema: [{ AttributeName: key, KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: key, AttributeType: 'S' }],
        ...(made === 'as-the-console-does'
          ? { ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 } }
          : { BillingMode: 'PAY_PER_REQUEST', SSESpecification: { Enabled: true, SSEType: 'KMS', ...(typeof made === 'object' ? { KMSMasterKeyId: made.keyArn } : {}) } }),
      }),
    );
    return { cfg, tableName, ddb };
  };

  it("says a prober's table was deleted outside CloudFormation, with the commands that make it as the template does; run, the finding goes", async () => {
    const raw = rawConfig('zt');
    const cfg = parseConfig(raw);
    // Not deployed: no prober, nothing to say of its table.
    expect(await zoneFindings(cfg)).toEqual([]);
    const tableName = 'zt-core-us-east-1-DnsProberZoneServers97BD8A42-1Q2W3E4R5T6Y';
    await createEchoFunction(moto, dnsProberFunctionName('zt'), { [PROBER_ZONE_TABLE.envVar]: tableName });
    const [region] = zoneReadsByRegion(cfg);
    expect(region.minutes).toBe(1);
    const findings = await zoneFindings(cfg);
    expect(findings.map(({ fix, ...f }) => f)).toEqual([
      {
        check: 'zones',
        region: 'us-east-1',
        subject: tableName,
        problem: `the DNS prober's table of zone name servers does not exist (deleted outside CloudFormation, which does not make it again): each new execution environment of the prober (Lambda starts one every few hours) skips the zone checks whose name servers it has not read yet for up to about 1 minute (150 zones at ${region.perRun} a run), as after a first deploy, and the prober logs that it could not use its table`,
      },
    ]);
    const fix = findings[0].fix;
    expect(fix).toMatch(/^make it again as the app does \(key, billing, encryption, TTL, point-in-time recovery, tags\): aws dynamodb create-table /);
    runWithAwsCli(moto, fix.slice(fix.indexOf('aws dynamodb create-table')));

    // The table is the one the app's template makes (this config's synthesized prober table), read back from DynamoDB.
    const d = deploymentOf(raw);
    const tables = d.resources('AWS::DynamoDB::Table').filter((t) => t.logicalId.startsWith('DnsProberZoneServers'));
    expect(tables.map((t) => t.stack.region)).toEqual(['us-east-1']);
    const synthesized = d.props(tables[0]);
    const ddb = new DynamoDBClient(moto.clientConfig('us-east-1'));
    const table = (await ddb.send(new DescribeTableCommand({ TableName: tableName }))).Table!;
    expect(table.KeySchema).toEqual(synthesized.KeySchema);
    expect(table.AttributeDefinitions).toEqual(synthesized.AttributeDefinitions);
    expect(table.BillingModeSummary?.BillingMode).toBe(synthesized.BillingMode);
    // SSEEnabled alone is the AWS managed key (CloudFormation's AWS::DynamoDB::Table SSESpecification); the CLI asks for KMS without a key.
    expect(synthesized.SSESpecification).toEqual({ SSEEnabled: true });
    // moto keeps no key for either, so AWS's own words decide that both name DynamoDB's AWS managed key:
    // the resource schema's SSEEnabled, and the API model's Enabled and KMSMasterKeyId (given only for another key).
    const schemaSse = (resourceSchema('AWS::DynamoDB::Table') as unknown as { definitions: { SSESpecification: { properties: Record<string, { description: string }> } } }).definitions.SSESpecification.properties;
    expect(schemaSse.SSEEnabled.description).toMatch(/If enabled \(true\), server-side encryption type is set to ``KMS`` and an AWS managed key is used/);
    const apiSse = (apiModel('dynamodb').shapes.SSESpecification as unknown as { members: Record<string, { documentation: string }> }).members;
    expect(apiSse.Enabled.documentation).toMatch(/If enabled \(true\), server-side encryption type is set to <code>KMS<\/code> and an Amazon Web Services managed key is used/);
    expect(apiSse.KMSMasterKeyId.documentation).toMatch(/only provide this parameter if the key is different from the default DynamoDB key <code>alias\/aws\/dynamodb<\/code>/);
    expect(fix).toContain('--sse-specification Enabled=true,SSEType=KMS ');
    expect(table.SSEDescription).toMatchObject({ Status: 'ENABLED', SSEType: 'KMS' });
    const ttl = (await ddb.send(new DescribeTimeToLiveCommand({ TableName: tableName }))).TimeToLiveDescription;
    expect({ AttributeName: ttl?.AttributeName, Enabled: ttl?.TimeToLiveStatus === 'ENABLED' }).toEqual(synthesized.TimeToLiveSpecification);
    const pitr = (await ddb.send(new DescribeContinuousBackupsCommand({ TableName: tableName }))).ContinuousBackupsDescription?.PointInTimeRecoveryDescription;
    expect({ PointInTimeRecoveryEnabled: pitr?.PointInTimeRecoveryStatus === 'ENABLED' }).toEqual(synthesized.PointInTimeRecoverySpecification);
    const byKey = (tags: readonly { Key?: string; Value?: string }[]) => Object.fromEntries(tags.map((t) => [t.Key, t.Value]));
    expect(byKey((await ddb.send(new ListTagsOfResourceCommand({ ResourceArn: table.TableArn }))).Tags ?? [])).toEqual(byKey(synthesized.Tags));

    expect(await zoneFindings(cfg)).toEqual([]);
    await ddb.send(new DeleteTableCommand({ TableName: tableName }));
  }, 120_000);

  it('says a table made again by hand with another key, whose every read fails: its fix makes it as the template does', async () => {
    // As someone might make it from the console: the key spelt otherwise.
    const { cfg, tableName, ddb } = await handMadeTable('zk', 'ZoneId');
    // What the finding says of it: the prober's own store cannot read it.
    await expect(new DynamoZoneStore(ddb, tableName).load([publicZone], new AbortController().signal)).rejects.toThrow();
    const [region] = zoneReadsByRegion(cfg);
    const findings = await zoneFindings(cfg);
    expect(findings.map(({ fix, ...f }) => f)).toEqual([
      {
        check: 'zones',
        region: 'us-east-1',
        subject: tableName,
        problem: `the DNS prober's table of zone name servers has the key ZoneId (a string), not ${PROBER_ZONE_TABLE.attributes.key} (a string) as the template makes it (made again outside CloudFormation?): every read and write of it fails, so each new execution environment of the prober (Lambda starts one every few hours) skips the zone checks whose name servers it has not read yet for up to about 1 minute (150 zones at ${region.perRun} a run), as after a first deploy, and the prober logs that it could not use its table`,
      },
    ]);
    const fix = findings[0].fix;
    expect(fix).toMatch(/^the prober cannot have written to it \(every write fails\), so it holds nothing the prober needs: delete it and make it again as the app does \(key, billing, encryption, TTL, point-in-time recovery, tags\): aws dynamodb delete-table /);
    runWithAwsCli(moto, fix.slice(fix.indexOf('aws dynamodb delete-table')));
    expect((await ddb.send(new DescribeTableCommand({ TableName: tableName }))).Table?.KeySchema).toEqual([{ AttributeName: PROBER_ZONE_TABLE.attributes.key, KeyType: 'HASH' }]);
    expect(await zoneFindings(cfg)).toEqual([]);
    await ddb.send(new DeleteTableCommand({ TableName: tableName }));
  }, 120_000);

  it("says a table whose TTL or point-in-time recovery was turned off, or whose TTL reads another attribute; the printed fixes, run, leave nothing to say", async () => {
    const { cfg, tableName, ddb } = await handMadeTable('zl', PROBER_ZONE_TABLE.attributes.key);
    const findings = await zoneFindings(cfg);
    expect(findings.map(({ fix, ...f }) => f)).toEqual([
      {
        check: 'zones',
        region: 'us-east-1',
        subject: tableName,
        problem: `the DNS prober's table of zone name servers is not as the template makes it (made again or changed outside CloudFormation?): TTL is off, so its items never expire (zones no check reads any more stay in it); point-in-time recovery is off, so it cannot be restored to an earlier time`,
      },
    ]);
    const at = `--region us-east-1 --table-name ${tableName}`;
    expect(findings[0].fix).toBe(
      `turn them on as the app does: aws dynamodb update-time-to-live ${at} --time-to-live-specification Enabled=true,AttributeName=${PROBER_ZONE_TABLE.attributes.expiresAt} && aws dynamodb update-continuous-backups ${at} --point-in-time-recovery-specification PointInTimeRecoveryEnabled=true`,
    );
    runWithAwsCli(moto, findings[0].fix.slice(findings[0].fix.indexOf('aws dynamodb')));
    expect(await zoneFindings(cfg)).toEqual([]);

    // TTL on another attribute (point-in-time recovery now on): DynamoDB takes one TTL change of a table an hour.
    await ddb.send(new UpdateTimeToLiveCommand({ TableName: tableName, TimeToLiveSpecification: { Enabled: false, AttributeName: PROBER_ZONE_TABLE.attributes.expiresAt } }));
    await ddb.send(new UpdateTimeToLiveCommand({ TableName: tableName, TimeToLiveSpecification: { Enabled: true, AttributeName: 'ttl' } }));
    const [other] = await zoneFindings(cfg);
    expect(other.problem).toBe(
      `the DNS prober's table of zone name servers is not as the template makes it (made again or changed outside CloudFormation?): TTL reads the attribute ttl, not ${PROBER_ZONE_TABLE.attributes.expiresAt}, so its items never expire (zones no check reads any more stay in it)`,
    );
    // The wait is AWS's own rule (lib/aws-facts.ts DYNAMODB, with its link), held to the API model's words.
    const updateTtlDoc = (apiModel('dynamodb').operations.UpdateTimeToLive as unknown as { documentation: string }).documentation;
    expect(updateTtlDoc).toMatch(/It can take up to one hour for the change to fully process\. Any additional <code>UpdateTimeToLive<\/code> calls for the same table during this one hour duration result in a <code>ValidationException<\/code>/);
    expect(DYNAMODB.ttlChangeSettleHours).toBe(1);
    // The states lookAtTable reads, as the API model lists them.
    expect(apiShape('dynamodb', 'TimeToLiveStatus').enum).toEqual(['ENABLING', 'DISABLING', 'ENABLED', 'DISABLED']);
    expect(apiShape('dynamodb', 'PointInTimeRecoveryStatus').enum).toEqual(['ENABLED', 'DISABLED']);
    const [now, later] = other.fix.split('; an hour later (DynamoDB takes one TTL change of a table an hour): ');
    expect(now).toBe(`turn it off, then on for the app's attribute: aws dynamodb update-time-to-live ${at} --time-to-live-specification Enabled=false,AttributeName=ttl`);
    expect(later).toBe(`aws dynamodb update-time-to-live ${at} --time-to-live-specification Enabled=true,AttributeName=${PROBER_ZONE_TABLE.attributes.expiresAt}`);
    runWithAwsCli(moto, now.slice(now.indexOf('aws dynamodb')));
    runWithAwsCli(moto, later);
    const ttl = (await ddb.send(new DescribeTimeToLiveCommand({ TableName: tableName }))).TimeToLiveDescription;
    expect(ttl).toMatchObject({ AttributeName: PROBER_ZONE_TABLE.attributes.expiresAt, TimeToLiveStatus: 'ENABLED' });
    expect(await zoneFindings(cfg)).toEqual([]);

    // Point-in-time recovery alone.
    await ddb.send(new UpdateContinuousBackupsCommand({ TableName: tableName, PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: false } }));
    expect((await zoneFindings(cfg)).map((f) => [f.problem, f.fix])).toEqual([
      [
        "the DNS prober's table of zone name servers is not as the template makes it (made again or changed outside CloudFormation?): point-in-time recovery is off, so it cannot be restored to an earlier time",
        `turn it on as the app does: aws dynamodb update-continuous-backups ${at} --point-in-time-recovery-specification PointInTimeRecoveryEnabled=true`,
      ],
    ]);
    await ddb.send(new DeleteTableCommand({ TableName: tableName }));
  }, 120_000);

  it("says a table billed by provisioned capacity, or encrypted with a key DynamoDB owns, with the commands that set both as the template does", async () => {
    const { cfg, tableName, ddb } = await handMadeTable('zb', PROBER_ZONE_TABLE.attributes.key, 'as-the-console-does');
    const at = `--region us-east-1 --table-name ${tableName}`;
    await ddb.send(new UpdateTimeToLiveCommand({ TableName: tableName, TimeToLiveSpecification: { Enabled: true, AttributeName: PROBER_ZONE_TABLE.attributes.expiresAt } }));
    await ddb.send(new UpdateContinuousBackupsCommand({ TableName: tableName, PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } }));
    const findings = await zoneFindings(cfg);
    expect(findings.map((f) => [f.subject, f.problem, f.fix])).toEqual([
      [
        tableName,
        "the DNS prober's table of zone name servers is not as the template makes it (made again or changed outside CloudFormation?): it is billed by provisioned capacity (5 reads and 5 writes a second), not on demand as the template bills it, so reads and writes beyond that (an alarm storm) are throttled and fail; it is encrypted with a key DynamoDB owns, not DynamoDB's AWS managed key (aws/dynamodb) as the template makes it",
        `set it as the app does: aws dynamodb update-table ${at} --billing-mode PAY_PER_REQUEST && aws dynamodb wait table-exists ${at} && aws dynamodb update-table ${at} --sse-specification Enabled=true,SSEType=KMS && aws dynamodb wait table-exists ${at}`,
      ],
    ]);
    // What the template makes, from the synthesized prober table: on-demand, SSE with the AWS managed key.
    const synthesized = deploymentOf(rawConfig('zb')).props(deploymentOf(rawConfig('zb')).resources('AWS::DynamoDB::Table').find((t) => t.logicalId.startsWith('DnsProberZoneServers'))!);
    expect({ billing: synthesized.BillingMode, sse: synthesized.SSESpecification }).toEqual({ billing: 'PAY_PER_REQUEST', sse: { SSEEnabled: true } });
    // The states read, as AWS's API model lists them.
    expect(apiShape('dynamodb', 'SSEStatus').enum).toEqual(['ENABLING', 'ENABLED', 'DISABLING', 'DISABLED', 'UPDATING']);
    expect(apiShape('dynamodb', 'BillingMode').enum).toEqual(['PROVISIONED', 'PAY_PER_REQUEST']);
    // The fix waits between its two updates because UpdateTable takes no other request while the table is UPDATING (API Reference, UpdateTable).
    const updateTableDoc = (apiModel('dynamodb').operations.UpdateTable as unknown as { documentation: string }).documentation;
    expect(updateTableDoc).toMatch(/While it's <code>UPDATING<\/code>, you can't issue another <code>UpdateTable<\/code> request/);
    runWithAwsCli(moto, findings[0].fix.slice(findings[0].fix.indexOf('aws dynamodb')));
    // The billing is on demand now. moto takes UpdateTable's encryption without changing it (it keeps no key for a table), so the
    // encryption finding stays here; against DynamoDB the command sets the AWS managed key.
    expect((await ddb.send(new DescribeTableCommand({ TableName: tableName }))).Table?.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
    expect((await zoneFindings(cfg)).map((f) => f.problem)).toEqual([
      "the DNS prober's table of zone name servers is not as the template makes it (made again or changed outside CloudFormation?): it is encrypted with a key DynamoDB owns, not DynamoDB's AWS managed key (aws/dynamodb) as the template makes it",
    ]);
    await ddb.send(new DeleteTableCommand({ TableName: tableName }));
  }, 120_000);

  // Before, any KMS key passed as DynamoDB's AWS managed key: the table's description gives the key's ARN alone.
  it("says a table encrypted with a customer managed key, not DynamoDB's AWS managed key as the template makes it, with the command that sets that key", async () => {
    const kms = new KMSClient(moto.clientConfig('us-east-1'));
    const keyArn = (await kms.send(new CreateKeyCommand({ Description: 'a key of the account' }))).KeyMetadata!.Arn!;
    const { cfg, tableName, ddb } = await handMadeTable('zc', PROBER_ZONE_TABLE.attributes.key, { keyArn });
    const at = `--region us-east-1 --table-name ${tableName}`;
    await ddb.send(new UpdateTimeToLiveCommand({ TableName: tableName, TimeToLiveSpecification: { Enabled: true, AttributeName: PROBER_ZONE_TABLE.attributes.expiresAt } }));
    await ddb.send(new UpdateContinuousBackupsCommand({ TableName: tableName, PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } }));
    expect((await ddb.send(new DescribeTableCommand({ TableName: tableName }))).Table?.SSEDescription?.KMSMasterKeyArn).toBe(keyArn);
    const findings = await zoneFindings(cfg);
    expect(findings.map((f) => [f.subject, f.problem, f.fix])).toEqual([
      [
        tableName,
        `the DNS prober's table of zone name servers is not as the template makes it (made again or changed outside CloudFormation?): it is encrypted with the KMS key ${keyArn}, not DynamoDB's AWS managed key (aws/dynamodb) as the template makes it`,
        `set it as the app does: aws dynamodb update-table ${at} --sse-specification Enabled=true,SSEType=KMS && aws dynamodb wait table-exists ${at}`,
      ],
    ]);
    // What doctor relies on, in AWS's API model: ListAliases takes the key's ARN (DescribeTable's KMSMasterKeyArn) and keys of
    // the caller's account only; DescribeKey of a predefined AWS alias would make the AWS managed key, which doctor must not.
    const listAliasesKeyId = (apiShape('kms', 'ListAliasesRequest') as unknown as { members: { KeyId: { documentation: string } } }).members.KeyId.documentation;
    expect(listAliasesKeyId).toContain('Specify the key ID or key ARN of the KMS key.');
    expect(listAliasesKeyId).toContain('Enter a KMS key in your Amazon Web Services account.');
    const describeKeyId = (apiShape('kms', 'DescribeKeyRequest') as unknown as { members: { KeyId: { documentation: string } } }).members.KeyId.documentation;
    expect(describeKeyId).toMatch(/If you specify a predefined Amazon Web Services alias \(an Amazon Web Services alias with no key ID\), KMS associates the alias with an <a [^>]*>Amazon Web Services managed key<\/a>/);
    // A table under DynamoDB's AWS managed key is under the key of the alias aws/dynamodb (moto makes it as DynamoDB does), which
    // passes: the other tests' tables made with SSEType KMS alone get no encryption finding.
    await ddb.send(new CreateTableCommand({ TableName: 'zc-managed', KeySchema: [{ AttributeName: 'k', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'k', AttributeType: 'S' }], BillingMode: 'PAY_PER_REQUEST', SSESpecification: { Enabled: true, SSEType: 'KMS' } }));
    const managedArn = (await ddb.send(new DescribeTableCommand({ TableName: 'zc-managed' }))).Table?.SSEDescription?.KMSMasterKeyArn;
    expect((await kms.send(new ListAliasesCommand({ KeyId: managedArn }))).Aliases?.map((a) => a.AliasName)).toContain('alias/aws/dynamodb');
    await ddb.send(new DeleteTableCommand({ TableName: 'zc-managed' }));
    // KMS out of reach: said of the table's key alone.
    const closed = await freePort();
    const kmsOutOfReach = { ...motoDoctorClients(moto), kms: (r: string) => new KMSClient({ ...moto.clientConfig(r), endpoint: `http://127.0.0.1:${closed}`, maxAttempts: 1 }) };
    const unread = await zoneFindings(cfg, kmsOutOfReach);
    expect(unread.map((f) => [f.subject, f.problem.replace(/ \(.*?\): /, ' (…): '), f.fix])).toEqual([
      [
        tableName,
        "could not tell whether the DNS prober's table of zone name servers is encrypted with DynamoDB's AWS managed key (…): whether it is encrypted as the template sets it is not known",
        "allow kms:ListAliases (of the table's key) (docs/cli-permissions.md), or look at the table's key in the DynamoDB console (Additional settings, Encryption): the template's is the AWS managed key alias/aws/dynamodb",
      ],
    ]);
    // With something else to say of the table (point-in-time recovery off), that is said, and that its key could not be told.
    await ddb.send(new UpdateContinuousBackupsCommand({ TableName: tableName, PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: false } }));
    const partly = await zoneFindings(cfg, kmsOutOfReach);
    expect(partly.map((f) => [f.subject, f.problem.replace(/could not be told \(.*?\)/, 'could not be told (…)'), f.fix])).toEqual([
      [
        tableName,
        "the DNS prober's table of zone name servers is not as the template makes it (made again or changed outside CloudFormation?): point-in-time recovery is off, so it cannot be restored to an earlier time; whether its key is DynamoDB's AWS managed key (aws/dynamodb), as the template makes it, could not be told (…): allow kms:ListAliases (of the table's key)",
        `turn it on as the app does: aws dynamodb update-continuous-backups ${at} --point-in-time-recovery-specification PointInTimeRecoveryEnabled=true`,
      ],
    ]);
    await ddb.send(new DeleteTableCommand({ TableName: tableName }));
  }, 120_000);

  it('says nothing of a prober deployed before it had a table, nor of a region whose checks read no hosted zone', async () => {
    await createEchoFunction(moto, dnsProberFunctionName('zo'), {});
    expect(await zoneFindings(parseConfig(rawConfig('zo')))).toEqual([]);
    // The prober of a region without zone reads has no table: doctor does not ask for one.
    const noZones = parseConfig({ prefix: 'zt', dnsChecks: [{ name: 'plain', query: 'www.example.com', type: 'A', servers: ['192.0.2.53'], expect: {} }], alerts: { email: ['oncall@example.com'] } });
    expect(zoneReadsByRegion(noZones)).toEqual([]);
    expect(await zoneFindings(noZones)).toEqual([]);
  }, 120_000);

  it('a few zones: a new environment reads them all in its first run, which the finding says', async () => {
    const raw = { ...rawConfig('zt'), dnsChecks: checksOf(publicZone).slice(0, 3) };
    const cfg = parseConfig(raw);
    const [region] = zoneReadsByRegion(cfg);
    expect(region.minutes).toBe(0);
    expect((await zoneFindings(cfg)).map((f) => f.problem)).toEqual([
      "the DNS prober's table of zone name servers does not exist (deleted outside CloudFormation, which does not make it again): each new execution environment of the prober (Lambda starts one every few hours) reads all 3 of its zones from Route 53 again in its first run, and the prober logs that it could not use its table",
    ]);
  }, 120_000);

  it('DynamoDB out of reach: says what it could not look at; the zone findings stand', async () => {
    const clients = motoDoctorClients(moto);
    const refused = { ...clients, dynamodb: (r: string) => new DynamoDBClient({ ...moto.clientConfig(r), endpoint: 'http://127.0.0.1:9', maxAttempts: 1 }) };
    const findings = await zoneFindings(parseConfig(rawConfig('zt')), refused);
    expect(findings.map((f) => [f.region, f.subject])).toEqual([['us-east-1', 'zt-core-us-east-1-DnsProberZoneServers97BD8A42-1Q2W3E4R5T6Y']]);
    expect(findings[0].problem.replace(/\(.*?\)/, '(…)')).toBe(
      "could not look at the DNS prober's table of zone name servers (…): whether the prober's new execution environments start with the zones' name servers is not known",
    );
    expect(findings[0].fix).toContain('dynamodb:DescribeTable');
  }, 120_000);

  it("its TTL and point-in-time recovery out of reach (a policy made before doctor read them): says so of them alone", async () => {
    const { cfg, tableName, ddb } = await handMadeTable('zm', PROBER_ZONE_TABLE.attributes.key);
    // A client of moto whose DescribeContinuousBackups requests go to a closed port (a real refusal).
    const closed = await freePort();
    const partly = new DynamoDBClient({ ...moto.clientConfig('us-east-1'), maxAttempts: 1 });
    partly.middlewareStack.add(
      (next, context) => async (args: any) => {
        if (context.commandName === 'DescribeContinuousBackupsCommand') args.request.port = closed;
        return next(args);
      },
      { step: 'build' },
    );
    const findings = await zoneFindings(cfg, { ...motoDoctorClients(moto), dynamodb: () => partly });
    expect(findings.map((f) => [f.subject, f.problem.replace(/\(.*?\)/, '(…)')])).toEqual([
      [tableName, "could not look at the TTL and point-in-time recovery of the DNS prober's table of zone name servers (…): whether they are as the template sets them is not known"],
    ]);
    await ddb.send(new DeleteTableCommand({ TableName: tableName }));
  }, 120_000);
});
