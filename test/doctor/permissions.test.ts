/**
 * The IAM policies docs/doctor.md gives for the commands that call AWS with the user's own
 * credentials (lib/doctor/permissions.ts) hold exactly the calls each makes. Each command runs
 * against moto server through the real AWS SDK, on a deployment set up so that every one of its
 * checks reaches its AWS calls, with a middleware on every client that records the action of each
 * request; the recorded actions must equal the listed ones (none missing, none granted for
 * nothing). Then an IAM policy simulator (@cloud-copilot/iam-simulate) evaluates each action
 * against the generated policy.
 */
import { CreateTrailCommand, StartLoggingCommand } from '@aws-sdk/client-cloudtrail';
import { SetAlarmStateCommand } from '@aws-sdk/client-cloudwatch';
import { CreateQueryLoggingConfigCommand } from '@aws-sdk/client-route-53';
import { CreateLogGroupCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateSecretCommand } from '@aws-sdk/client-secrets-manager';
import { CreateTopicCommand, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { CreateEventSourceMappingCommand, CreateFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { NOTIFIER_TABLE } from '../../contracts/slack-notifier';
import { dynamoAlarmStateStore } from '../../lambdas/slack-notifier/alarm-state';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main as testAlert } from '../../bin/test-alert';
import { main as checkCli } from '../../bin/check';
import { captureCli } from '../support/cli';
import { freePort } from '../support/net';
import { parseConfig, readConfigFile } from '../../lib/config/load';
import { type DoctorClients, runDoctor } from '../../lib/doctor';
import { CLI_PERMISSIONS, cliPolicy, type CliCommand } from '../../lib/doctor/permissions';
import { deadLetterAlarmName, dnsProberFunctionName, intakeBacklogAlarmName, smsTopicName, topicName } from '../../lib/naming';
import { PROBER_ZONE_TABLE } from '../../contracts/dns-check';
import { fetchDnsQueries, fetchLogLines, logGroupsOf } from '../../lib/replay/from-account';
import { resourcePolicyFor, simulate } from '../support/iam/policies';
import { deploymentOf } from '../support/iam/app';
import { REPO } from '../support/synth';
import { startMoto, type MotoServer } from '../support/moto';
import { motoDoctorClients, putAlarm } from './clients';
import { RegisterDomainCommand } from '@aws-sdk/client-route-53-domains';
import { CreateKeyCommand } from '@aws-sdk/client-kms';
import { createHostedZone } from '../support/moto-zones';

/** The IAM service prefix of each SDK client the commands use. */
const SERVICE: Record<string, string> = {
  SNSClient: 'sns',
  SecretsManagerClient: 'secretsmanager',
  CloudWatchLogsClient: 'logs',
  CloudWatchClient: 'cloudwatch',
  Route53Client: 'route53',
  CloudTrailClient: 'cloudtrail',
  SQSClient: 'sqs',
  Route53ResolverClient: 'route53resolver',
  Route53DomainsClient: 'route53domains',
  LambdaClient: 'lambda',
  DynamoDBClient: 'dynamodb',
  EventBridgeClient: 'events',
  SchedulerClient: 'scheduler',
  KMSClient: 'kms',
};

type Sendable = { middlewareStack: { add: (mw: any, opts: any) => void } };
function recording<T extends Sendable>(client: T, into: Set<string>): T {
  client.middlewareStack.add(
    (next: any, context: { clientName?: string; commandName?: string }) => (args: any) => {
      into.add(`${SERVICE[context.clientName ?? ''] ?? context.clientName}:${String(context.commandName).replace(/Command$/, '')}`);
      return next(args);
    },
    { step: 'initialize', name: 'recordIamAction' },
  );
  return client;
}
function recordingClients(moto: MotoServer, into: Set<string>): DoctorClients {
  const c = motoDoctorClients(moto);
  return {
    sns: (r) => recording(c.sns(r), into),
    secrets: (r) => recording(c.secrets(r), into),
    logs: (r) => recording(c.logs(r), into),
    cloudwatch: (r) => recording(c.cloudwatch(r), into),
    route53: () => recording(c.route53(), into),
    cloudtrail: (r) => recording(c.cloudtrail(r), into),
    sqs: (r) => recording(c.sqs(r), into),
    resolver: (r) => recording(c.resolver(r), into),
    lambda: (r) => recording(c.lambda(r), into),
    dynamodb: (r) => recording(c.dynamodb(r), into),
    route53domains: () => recording(c.route53domains(), into),
    events: (r) => recording(c.events(r), into),
    scheduler: (r) => recording(c.scheduler(r), into),
    kms: (r) => recording(c.kms(r), into),
  };
}

const PREFIX = 'perm';
const CONFIG = {
  prefix: PREFIX,
  hostedZones: [{ zoneId: 'Z0PERMISSIONS0000001', zoneName: 'perm.example.com', queryLogging: { create: true } }],
  resolverVpcs: [{ vpcId: 'vpc-0123456789abcdef0', region: 'us-east-1', queryLogging: { logGroupName: '/dns/perm-vpc' } }],
  resolverEndpoints: [{ endpointId: 'rslvr-in-0123456789abcdef0', region: 'us-east-1', direction: 'inbound', name: 'perm-in' }],
  alerts: { email: ['oncall@example.com'], sms: ['+14155550100'], slack: { webhook: {} }, routes: { ext: { topicArns: ['arn:aws:sns:us-east-1:123456789012:perm-external-paging'] } } },
  license: { licenseId: 'lic_permissions_01' },
  registeredDomains: [{ name: 'perm.example.com' }],
  // A check that reads the zone's name servers: its prober keeps them in a table (the zones check looks for it).
  dnsChecks: [{ name: 'perm-www', query: 'www.perm.example.com', type: 'A' as const, zoneId: 'Z0PERMISSIONS0000001', expect: {} }],
};

let moto: MotoServer;
/** A loopback port where nothing listens (check's --resolver). */
let nobody: number;
beforeAll(async () => {
  nobody = await freePort();
  moto = await startMoto();
  // A deployment on which every check reaches its calls: topics with an SMS subscriber, the
  // secrets, the zone's log group, a trail, a dead-letter queue and its alarm, the Slack notifier.
  const c = motoDoctorClients(moto);
  // The alert topics encrypted with the region's alert key, as the deploy makes them (the alert-keys check reads it).
  const key = (await c.kms('us-east-1').send(new CreateKeyCommand({ Description: 'perm DNS monitor alert topics' }))).KeyMetadata!.Arn!;
  for (const sev of ['critical', 'warning'] as const) {
    const t = await c.sns('us-east-1').send(new CreateTopicCommand({ Name: topicName(PREFIX, sev), Attributes: { KmsMasterKeyId: key } }));
    await c.sns('us-east-1').send(new SubscribeCommand({ TopicArn: t.TopicArn, Protocol: 'email', Endpoint: 'oncall@example.com' }));
    const text = await c.sns('us-east-1').send(new CreateTopicCommand({ Name: smsTopicName(PREFIX, sev) }));
    await c.sns('us-east-1').send(new SubscribeCommand({ TopicArn: text.TopicArn, Protocol: 'sms', Endpoint: '+14155550100' }));
    await putAlarm(c.cloudwatch('us-east-1'), { AlarmName: `${PREFIX}-perm.example.com-${sev === 'critical' ? 'servfail' : 'nxdomain'}-rate`, AlarmActions: [t.TopicArn!, text.TopicArn!] });
  }
  // An alarm without data, which the alarms check looks at.
  await putAlarm(c.cloudwatch('us-east-1'), { AlarmName: `${PREFIX}-perm.example.com-total-low-traffic`, MetricName: 'Queries', ComparisonOperator: 'LessThanThreshold' });
  await c.cloudwatch('us-east-1').send(new SetAlarmStateCommand({ AlarmName: `${PREFIX}-perm.example.com-total-low-traffic`, StateValue: 'INSUFFICIENT_DATA', StateReason: 'no data' }));
  await c.secrets('us-east-1').send(new CreateSecretCommand({ Name: `${PREFIX}/slack-webhook-url`, SecretString: '{"placeholder":"x"}' }));
  await c.secrets('us-east-1').send(new CreateSecretCommand({ Name: `${PREFIX}/license`, SecretString: '{"generated":"x"}' }));
  await c.logs('us-east-1').send(new CreateLogGroupCommand({ logGroupName: '/aws/route53/perm.example.com' }));
  // The zone's query logging into that group, as the deploy makes it: the doctor reads the group's tags.
  const zoneId = (await createHostedZone(c.route53(), 'perm.example.com')).id;
  await c.route53().send(new CreateQueryLoggingConfigCommand({ HostedZoneId: zoneId, CloudWatchLogsLogGroupArn: 'arn:aws:logs:us-east-1:123456789012:log-group:/aws/route53/perm.example.com:*' }));
  CONFIG.hostedZones[0].zoneId = zoneId;
  CONFIG.dnsChecks[0].zoneId = zoneId;
  // The zone's domain registered with Route 53 in the account: the domains check compares its name servers with the zone's.
  const contact = { FirstName: 'Dana', LastName: 'Ops', ContactType: 'PERSON' as const, AddressLine1: '1 Main St', City: 'Springfield', CountryCode: 'US' as const, ZipCode: '12345', PhoneNumber: '+1.5555550100', Email: 'dns@example.org' };
  await c.route53domains().send(new RegisterDomainCommand({ DomainName: 'perm.example.com', DurationInYears: 2, AutoRenew: true, AdminContact: contact, RegistrantContact: contact, TechContact: contact }));
  await new S3Client({ ...moto.clientConfig('us-east-1'), forcePathStyle: true }).send(new CreateBucketCommand({ Bucket: 'perm-trail' }));
  await c.cloudtrail('us-east-1').send(new CreateTrailCommand({ Name: 'audit', S3BucketName: 'perm-trail', IsMultiRegionTrail: true }));
  await c.cloudtrail('us-east-1').send(new StartLoggingCommand({ Name: 'audit' }));
  const queueName = `${PREFIX}-slack-DeadLetters`;
  await new SQSClient(moto.clientConfig('us-east-1')).send(new CreateQueueCommand({ QueueName: queueName }));
  await putAlarm(c.cloudwatch('us-east-1'), {
    AlarmName: deadLetterAlarmName(PREFIX, 'slack'),
    Namespace: 'AWS/SQS',
    MetricName: 'ApproximateNumberOfMessagesVisible',
    Dimensions: [{ Name: 'QueueName', Value: queueName }],
    Statistic: 'Maximum',
    Period: 300,
  });
  // The Slack notifier's intake queue and its backlog alarm: the doctor asks what reads the queue.
  const intakeName = `${PREFIX}-core-us-east-1-SlackNotifierIntakeQueue`;
  const intakeUrl = (await new SQSClient(moto.clientConfig('us-east-1')).send(new CreateQueueCommand({ QueueName: intakeName }))).QueueUrl!;
  await putAlarm(c.cloudwatch('us-east-1'), {
    AlarmName: intakeBacklogAlarmName(PREFIX, 'slack'),
    Namespace: 'AWS/SQS',
    MetricName: 'ApproximateAgeOfOldestMessage',
    Dimensions: [{ Name: 'QueueName', Value: intakeName }],
    Statistic: 'Maximum',
    Period: 300,
    Threshold: 600,
  });
  // The notifier that reads it: its function names its table, which holds one alarm the channel heard in ALARM.
  const intakeArn = (await new SQSClient(moto.clientConfig('us-east-1')).send(new GetQueueAttributesCommand({ QueueUrl: intakeUrl, AttributeNames: ['QueueArn'] }))).Attributes!.QueueArn!;
  const role = (await new IAMClient(moto.clientConfig('us-east-1')).send(new CreateRoleCommand({ RoleName: 'perm-notifier', AssumeRolePolicyDocument: '{}' }))).Role!.Arn!;
  const lambda = new LambdaClient(moto.clientConfig('us-east-1'));
  const tableName = `${PREFIX}-slack-table`;
  await lambda.send(new CreateFunctionCommand({ FunctionName: `${PREFIX}-notifier`, Runtime: 'nodejs20.x', Role: role, Handler: 'index.handler', Code: { ZipFile: Buffer.from('stand-in') }, Environment: { Variables: { [NOTIFIER_TABLE.envVar]: tableName } } }));
  await lambda.send(new CreateEventSourceMappingCommand({ EventSourceArn: intakeArn, FunctionName: `${PREFIX}-notifier`, BatchSize: 5 }));
  // The alert topics deliver to it: test-alert reads the table for its posts.
  for (const sev of ['critical', 'warning'] as const) {
    const topicArn = `arn:aws:sns:us-east-1:123456789012:${topicName(PREFIX, sev)}`;
    await c.sns('us-east-1').send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'sqs', Endpoint: intakeArn }));
  }
  const ddb = new DynamoDBClient(moto.clientConfig('us-east-1'));
  await ddb.send(new CreateTableCommand({ TableName: tableName, KeySchema: [{ AttributeName: NOTIFIER_TABLE.attributes.key, KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: NOTIFIER_TABLE.attributes.key, AttributeType: 'S' }], BillingMode: 'PAY_PER_REQUEST' }));
  // The prober of the region, which names its table of zone name servers.
  const proberTable = `${PREFIX}-zone-servers`;
  await lambda.send(new CreateFunctionCommand({ FunctionName: dnsProberFunctionName(PREFIX), Runtime: 'nodejs20.x', Role: role, Handler: 'index.handler', Code: { ZipFile: Buffer.from('stand-in') }, Environment: { Variables: { [PROBER_ZONE_TABLE.envVar]: proberTable } } }));
  // Encrypted as the template encrypts it, with DynamoDB's AWS managed key: the doctor lists that key's aliases.
  await ddb.send(
    new CreateTableCommand({ TableName: proberTable, KeySchema: [{ AttributeName: PROBER_ZONE_TABLE.attributes.key, KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: PROBER_ZONE_TABLE.attributes.key, AttributeType: 'S' }], BillingMode: 'PAY_PER_REQUEST', SSESpecification: { Enabled: true, SSEType: 'KMS' } }),
  );
  await dynamoAlarmStateStore(ddb, tableName).recordPosted(`arn:aws:cloudwatch:us-east-1:123456789012:alarm:${PREFIX}-perm.example.com-servfail-rate`, 'ALARM', Date.now() - 60_000, Date.now());
}, 60_000);
afterAll(() => moto?.stop());

async function allowed(command: CliCommand, action: string): Promise<string> {
  const resource = action === 'cloudwatch:SetAlarmState' ? `arn:aws:cloudwatch:us-east-1:111122223333:alarm:${PREFIX}-perm.example.com-servfail-rate` : '*';
  return simulate({
    principal: 'arn:aws:iam::111122223333:user/oncall',
    action,
    resource,
    resourceAccount: '111122223333',
    identityPolicies: [{ name: command, policy: cliPolicy(command, PREFIX) as any }],
  });
}

describe('the IAM permissions of the commands that use your credentials', () => {
  it('doctor makes exactly the calls its policy grants, and the policy allows each', async () => {
    const calls = new Set<string>();
    const report = await runDoctor(parseConfig(CONFIG), recordingClients(moto, calls));
    // Every check looked at something, so each reached its AWS calls.
    expect(Object.entries(report.checked).filter(([k, n]) => n === 0 && k !== 'maintenance')).toEqual([]);
    // moto does not answer GetSMSSandboxAccountStatus, so the doctor never learns the account is in
    // the sandbox and never lists its verified numbers; that call is in the code all the same.
    const unreachable = ['sns:ListSMSSandboxPhoneNumbers'];
    expect(fs.readFileSync(path.join(__dirname, '..', '..', 'lib', 'doctor', 'index.ts'), 'utf8')).toContain('new ListSMSSandboxPhoneNumbersCommand(');
    expect([...calls, ...unreachable].sort()).toEqual([...CLI_PERMISSIONS.doctor].sort());
    for (const a of [...calls, ...unreachable]) expect({ a, verdict: await allowed('doctor', a) }).toEqual({ a, verdict: 'Allowed' });
  });

  // DynamoDB decrypts the Slack notifier's table with the deployment's alert key (a customer
  // managed key) for whoever reads it: the reader needs kms:Decrypt on that key, which the policy
  // grants only through DynamoDB (kms:ViaService). Evaluated with the key policy as synthesized.
  it.each([
    ['doctor', 'dynamodb:Scan'],
    ['test-alert', 'dynamodb:GetItem'],
  ] as const)("%s's policy lets it read the Slack notifier's table as deployed: the %s, and the alert key's Decrypt through DynamoDB only", async (command, read) => {
    const d = deploymentOf(readConfigFile(path.join(REPO, 'examples', 'everything-on.yaml')));
    const tables = d.resources('AWS::DynamoDB::Table').filter((t) => t.logicalId.startsWith('SlackNotifierIdempotencyTable'));
    expect(tables.length).toBeGreaterThan(0);
    for (const table of tables) {
      const account = table.stack.account;
      const keyArn = d.props(table).SSESpecification.KMSMasterKeyId;
      expect(d.findByArn(keyArn)?.type).toBe('AWS::KMS::Key');
      const as = (action: string, resource: string, context: Record<string, string> = {}) =>
        simulate({ principal: `arn:aws:iam::${account}:user/oncall`, action, resource, resourceAccount: account, context, identityPolicies: [{ name: command, policy: cliPolicy(command, PREFIX) as any }], resourcePolicy: resourcePolicyFor(d, keyArn) });
      expect(await simulate({ principal: `arn:aws:iam::${account}:user/oncall`, action: read, resource: d.arnOf(table), resourceAccount: account, identityPolicies: [{ name: command, policy: cliPolicy(command, PREFIX) as any }] })).toBe('Allowed');
      expect(await as('kms:Decrypt', keyArn, { 'kms:ViaService': `dynamodb.${table.stack.region}.amazonaws.com` })).toBe('Allowed');
      expect(await as('kms:Decrypt', keyArn)).not.toBe('Allowed');
      expect(await as('kms:Decrypt', keyArn, { 'kms:ViaService': `sqs.${table.stack.region}.amazonaws.com` })).not.toBe('Allowed');
    }
  });

  it('test-alert makes exactly the calls its policy grants; SetAlarmState is allowed on the deployment\'s alarms only', async () => {
    const calls = new Set<string>();
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'perm-')), 'c.yaml');
    fs.writeFileSync(file, JSON.stringify(CONFIG));
    const out = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      // moto runs no alarm actions, so nothing is posted: exit 1 after the wait, every call made.
      expect(await testAlert(['test-alert', file, '--yes', '--wait', '1'], recordingClients(moto, calls))).toBe(1);
    } finally {
      out.mockRestore();
    }
    expect([...calls].sort()).toEqual([...CLI_PERMISSIONS['test-alert']].sort());
    for (const a of calls) expect({ a, verdict: await allowed('test-alert', a) }).toEqual({ a, verdict: 'Allowed' });
    const other = await simulate({
      principal: 'arn:aws:iam::111122223333:user/oncall',
      action: 'cloudwatch:SetAlarmState',
      resource: 'arn:aws:cloudwatch:us-east-1:111122223333:alarm:payments-api-latency',
      resourceAccount: '111122223333',
      identityPolicies: [{ name: 'test-alert', policy: cliPolicy('test-alert', PREFIX) as any }],
    });
    expect(other).toBe('ImplicitlyDenied');
  });

  // Checks of a zoneId, and --hosted-zones, read the zones' name servers; nothing else calls AWS.
  // The queries go nowhere but loopback: the name servers' addresses are asked of a resolver
  // address where nothing listens, so each check fails at once.
  it('check makes exactly the calls its policy grants, and the policy allows each', async () => {
    const calls = new Set<string>();
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'perm-')), 'c.yaml');
    fs.writeFileSync(file, JSON.stringify({ prefix: PREFIX, hostedZones: CONFIG.hostedZones, alerts: { email: ['oncall@example.com'] } }));
    const route53 = () => recording(motoDoctorClients(moto).route53(), calls);
    const r = await captureCli(() => checkCli([file, '--hosted-zones', '--resolver', `127.0.0.1:${nobody}`, '--json'], { route53 }));
    expect(r.code).toBe(1);
    expect((JSON.parse(r.out).checks as { name: string }[]).map((c) => c.name)).toContain(`zone-${CONFIG.hostedZones[0].zoneId.toLowerCase()}`);
    expect([...calls].sort()).toEqual([...CLI_PERMISSIONS.check].sort());
    for (const a of calls) expect({ a, verdict: await allowed('check', a) }).toEqual({ a, verdict: 'Allowed' });
  });

  it('replay --from-account makes exactly the calls its policy grants, and the policy allows each', async () => {
    const calls = new Set<string>();
    const c = recordingClients(moto, calls);
    const cfg = parseConfig(CONFIG);
    const now = Math.floor(Date.now() / 1000);
    for await (const _ of fetchLogLines(logGroupsOf(cfg), now - 3600, now, c.logs)) void _;
    for await (const _ of fetchDnsQueries(cfg.hostedZones, now - 3600, now, c.cloudwatch)) void _;
    expect([...calls].sort()).toEqual([...CLI_PERMISSIONS['replay --from-account']].sort());
    for (const a of calls) expect({ a, verdict: await allowed('replay --from-account', a) }).toEqual({ a, verdict: 'Allowed' });
  });
});
