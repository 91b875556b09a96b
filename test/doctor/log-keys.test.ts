/**
 * doctor's `log-groups` check on the KMS keys of the query log groups. The deploy encrypts the log
 * groups it creates with the region's query-log key (lib/constructs/query-logs-key.ts), and a
 * group the config names may carry a key of its owner. CloudWatch Logs encrypts each new event of
 * such a group with its key and needs the key to read any event back (AWS: "Encrypt log data in
 * CloudWatch Logs using AWS KMS"; AssociateKmsKey), and AWS KMS refuses every use of a key that is
 * disabled or pending deletion (AWS KMS Developer Guide, "Key states"). A key disabled during a key
 * clean-up therefore makes the zones' query logs unreadable, and once deleted, for good: the
 * finding names the key, the groups it encrypts and the command that makes it usable again.
 * Against moto server through the real AWS SDK; the printed fixes are run with the AWS CLI.
 */
import { CreateLogGroupCommand, CreateLogStreamCommand, PutLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CreateKeyCommand, DisableKeyCommand, KMSClient, ScheduleKeyDeletionCommand } from '@aws-sdk/client-kms';
import { parseConfig } from '../../lib/config/load';
import { queryLogGroups } from '../../lib/config/query-log-groups';
import { type DoctorClients, runDoctor } from '../../lib/doctor';
import { KEY_STATES } from '../../lib/doctor/kms-keys';
import { CLI_PERMISSIONS } from '../../lib/doctor/permissions';
import { apiModel } from '../support/api-models';
import { runWithAwsCli } from '../support/aws-cli';
import { startMoto, type MotoServer } from '../support/moto';
import { motoDoctorClients, startMotoWithUserPolicy } from './clients';

const ACCOUNT = '123456789012'; // moto's
const zones = ['a.example.com', 'b.example.com', 'c.example.com'];
const CONFIG = {
  prefix: 'lk',
  hostedZones: [
    // Logged into groups the deploy creates with the query-log key.
    ...zones.map((zoneName, i) => ({ zoneId: `Z0LOGKEYS00000000000${i}`, zoneName })),
    // Logged into a group its owner made and encrypted with a key of their own.
    { zoneId: 'Z0LOGKEYS000000000009', zoneName: 'own.example.com', queryLogging: { logGroupName: '/dns/own' } },
  ],
  resolverVpcs: [{ vpcId: 'vpc-0123456789abcdef0', region: 'eu-west-1' }],
  alerts: { email: ['oncall@example.com'] },
};
const cfg = parseConfig(CONFIG);

let moto: MotoServer;
let clients: DoctorClients;
const keys: Record<string, { arn: string; id: string }> = {};
const kms = (region: string) => new KMSClient(moto.clientConfig(region));
const check = async (c = clients) => runDoctor(cfg, c, { checks: ['log-groups'] });

async function makeKey(region: string, description: string) {
  const k = (await kms(region).send(new CreateKeyCommand({ Description: description }))).KeyMetadata!;
  return { arn: k.Arn!, id: k.KeyId! };
}

beforeAll(async () => {
  moto = await startMoto();
  clients = motoDoctorClients(moto);
  for (const region of ['us-east-1', 'eu-west-1']) keys[region] = await makeKey(region, 'lk DNS query log groups');
  keys.own = await makeKey('us-east-1', "the DNS team's key");
  // Each group as the deploy (or its owner) made it, with one recent event.
  for (const g of queryLogGroups(cfg)) {
    const logs = clients.logs(g.region);
    const kmsKeyId = g.logGroupName === '/dns/own' ? keys.own.arn : keys[g.region].arn;
    await logs.send(new CreateLogGroupCommand({ logGroupName: g.logGroupName, kmsKeyId }));
    await logs.send(new CreateLogStreamCommand({ logGroupName: g.logGroupName, logStreamName: 's' }));
    await logs.send(new PutLogEventsCommand({ logGroupName: g.logGroupName, logStreamName: 's', logEvents: [{ timestamp: Date.now() - 60_000, message: 'q' }] }));
  }
}, 60_000);
afterAll(() => moto?.stop());

describe('doctor log-groups: the KMS keys of the query log groups', () => {
  it("rests on AWS's API models: DescribeLogGroups gives each group's kmsKeyId, and the key states and the missing key doctor tells apart are KMS's", () => {
    expect(Object.keys(apiModel('logs').shapes.LogGroup.members ?? {})).toContain('kmsKeyId');
    const kms = apiModel('kms');
    expect(kms.shapes.KeyState.enum).toEqual(expect.arrayContaining([...KEY_STATES.usable, KEY_STATES.disabled, KEY_STATES.pendingDeletion]));
    expect((kms.operations.DescribeKey.errors ?? []).map((e) => e.shape)).toContain('NotFoundException');
  });

  it('every key enabled: nothing to fix; kms:DescribeKey is in the policy doctor documents', async () => {
    const report = await check();
    expect(report.findings).toEqual([]);
    expect(report.checked['log-groups']).toBe(5);
    expect(CLI_PERMISSIONS.doctor).toContain('kms:DescribeKey');
  });

  it('a disabled key: one finding naming the groups it encrypts, and the command that enables it; run, the finding goes', async () => {
    await kms('us-east-1').send(new DisableKeyCommand({ KeyId: keys['us-east-1'].id }));
    const [f, ...rest] = (await check()).findings;
    expect(rest).toEqual([]);
    expect(f).toEqual({
      check: 'log-groups',
      region: 'us-east-1',
      subject: keys['us-east-1'].arn,
      problem:
        'KMS key is disabled: CloudWatch Logs encrypts every new event of /aws/route53/a.example.com, /aws/route53/b.example.com, /aws/route53/c.example.com with it and cannot read any back without it (AWS KMS refuses every use of a disabled key), so their query logs cannot be read and may stop arriving: the metrics, Top-N rules and replay --from-account of those zones or VPCs rest on them',
      fix: `aws kms enable-key --region us-east-1 --key-id ${keys['us-east-1'].id}`,
    });
    runWithAwsCli(moto, f.fix);
    expect((await check()).findings).toEqual([]);
  });

  it("a key pending deletion: says when the logs become unreadable for good, and the commands that keep it; run, the finding goes", async () => {
    const scheduled = await kms('eu-west-1').send(new ScheduleKeyDeletionCommand({ KeyId: keys['eu-west-1'].id, PendingWindowInDays: 7 }));
    const [f, ...rest] = (await check()).findings;
    expect(rest).toEqual([]);
    const group = queryLogGroups(cfg).find((g) => g.region === 'eu-west-1')!.logGroupName;
    expect([f.region, f.subject]).toEqual(['eu-west-1', keys['eu-west-1'].arn]);
    expect(f.problem).toBe(
      `KMS key is pending deletion on ${scheduled.DeletionDate!.toISOString().slice(0, 10)}: CloudWatch Logs encrypts every new event of ${group} with it and cannot read any back without it (AWS KMS refuses every use of a key pending deletion), so their query logs cannot be read and may stop arriving: the metrics, Top-N rules and replay --from-account of those zones or VPCs rest on them; once it is deleted, what it encrypted can never be read again`,
    );
    // Cancelling leaves the key disabled (AWS KMS Developer Guide, "Cancel key deletion"): both are needed.
    expect(f.fix).toBe(`aws kms cancel-key-deletion --region eu-west-1 --key-id ${keys['eu-west-1'].id} && aws kms enable-key --region eu-west-1 --key-id ${keys['eu-west-1'].id}`);
    runWithAwsCli(moto, f.fix);
    expect((await check()).findings).toEqual([]);
  });

  it("a group the config names is read with its owner's key; a key that is gone says the logs are unreadable and how to encrypt new ones", async () => {
    await kms('us-east-1').send(new DisableKeyCommand({ KeyId: keys.own.id }));
    try {
      expect((await check()).findings.map((f) => [f.subject, f.fix])).toEqual([[keys.own.arn, `aws kms enable-key --region us-east-1 --key-id ${keys.own.id}`]]);
    } finally {
      runWithAwsCli(moto, `aws kms enable-key --region us-east-1 --key-id ${keys.own.id}`);
    }
    // A group whose key no longer exists (moto keeps a deleted key, so a key id it never made).
    const gone = `arn:aws:kms:us-east-1:${ACCOUNT}:key/00000000-0000-4000-8000-000000000000`;
    const other = parseConfig({ ...CONFIG, hostedZones: [{ zoneId: 'Z0LOGKEYS000000000008', zoneName: 'gone.example.com', queryLogging: { logGroupName: '/dns/gone#1' } }], resolverVpcs: [] });
    await clients.logs('us-east-1').send(new CreateLogGroupCommand({ logGroupName: '/dns/gone#1', kmsKeyId: gone }));
    await clients.logs('us-east-1').send(new CreateLogStreamCommand({ logGroupName: '/dns/gone#1', logStreamName: 's' }));
    await clients.logs('us-east-1').send(new PutLogEventsCommand({ logGroupName: '/dns/gone#1', logStreamName: 's', logEvents: [{ timestamp: Date.now() - 60_000, message: 'q' }] }));
    const [f, ...rest] = (await runDoctor(other, clients, { checks: ['log-groups'] })).findings;
    expect(rest).toEqual([]);
    expect(f).toEqual({
      check: 'log-groups',
      region: 'us-east-1',
      subject: gone,
      problem: 'KMS key does not exist (deleted): the events CloudWatch Logs encrypted with it in /dns/gone#1 can no longer be read, and new events cannot be encrypted with it',
      // Names quoted for the shell (a `#` would start a comment).
      fix: "give the group a key CloudWatch Logs may use (its key policy must let logs.us-east-1.amazonaws.com use it): aws logs associate-kms-key --region us-east-1 --log-group-name '/dns/gone#1' --kms-key-id <key ARN>; or CloudWatch Logs' own encryption: aws logs disassociate-kms-key --region us-east-1 --log-group-name '/dns/gone#1'",
    });
  });

  it('many groups under one key: the finding names ten and counts the rest; one DescribeKey per key', async () => {
    const names = Array.from({ length: 14 }, (_, i) => `m${String(i).padStart(2, '0')}.example.com`);
    const many = parseConfig({ prefix: 'lkm', hostedZones: names.map((zoneName, i) => ({ zoneId: `Z0LOGKEYSMANY0000000${String(i).padStart(2, '0')}`, zoneName })), alerts: { email: ['oncall@example.com'] } });
    const key = await makeKey('us-east-1', 'lkm DNS query log groups');
    for (const g of queryLogGroups(many)) {
      await clients.logs('us-east-1').send(new CreateLogGroupCommand({ logGroupName: g.logGroupName, kmsKeyId: key.arn }));
      await clients.logs('us-east-1').send(new CreateLogStreamCommand({ logGroupName: g.logGroupName, logStreamName: 's' }));
      await clients.logs('us-east-1').send(new PutLogEventsCommand({ logGroupName: g.logGroupName, logStreamName: 's', logEvents: [{ timestamp: Date.now() - 60_000, message: 'q' }] }));
    }
    await kms('us-east-1').send(new DisableKeyCommand({ KeyId: key.id }));
    let describeKeys = 0;
    const counting: DoctorClients = {
      ...clients,
      kms: (r) => {
        const c = clients.kms(r);
        c.middlewareStack.add((next, context) => (args) => ((describeKeys += context.commandName === 'DescribeKeyCommand' ? 1 : 0), next(args)), { step: 'initialize' });
        return c;
      },
    };
    const [f, ...rest] = (await runDoctor(many, counting, { checks: ['log-groups'] })).findings;
    expect(rest).toEqual([]);
    expect(f.problem).toContain(`of ${names.slice(0, 10).map((n) => `/aws/route53/${n}`).join(', ')}, and 4 more groups with it`);
    expect(describeKeys).toBe(1);
  });

  it('a key doctor may not read is a finding saying so, not taken as usable; the other checks of the run go on', async () => {
    // moto answers a JSON API's refusal in XML, which the SDK reads as `SyntaxError, HTTP 403`.
    const set = await startMotoWithUserPolicy([
      { Effect: 'Allow', Action: '*', Resource: '*' },
      { Effect: 'Deny', Action: 'kms:*', Resource: '*' },
    ]);
    try {
      const keyArn = (await set.admin.kms('us-east-1').send(new CreateKeyCommand({}))).KeyMetadata!.Arn!;
      await set.admin.logs('us-east-1').send(new CreateLogGroupCommand({ logGroupName: '/aws/route53/a.example.com', kmsKeyId: keyArn }));
      const one = parseConfig({ prefix: 'lk', hostedZones: [CONFIG.hostedZones[0]], alerts: CONFIG.alerts });
      const found = (await runDoctor(one, set.user, { checks: ['log-groups'] })).findings;
      expect(found).toEqual([
        {
          check: 'log-groups',
          region: 'us-east-1',
          subject: keyArn,
          problem: expect.stringMatching(/^could not read the KMS key of \/aws\/route53\/a\.example\.com \(.*HTTP 403\): whether CloudWatch Logs can encrypt and read their query logs is not known$/),
          fix: 'allow kms:DescribeKey on it (docs/cli-permissions.md); a key of another account must allow it in its key policy too',
        },
        expect.objectContaining({ check: 'log-groups', subject: '/aws/route53/a.example.com', problem: 'no event ever arrived' }),
      ]);
    } finally {
      await set.moto.stop();
    }
  });
});
