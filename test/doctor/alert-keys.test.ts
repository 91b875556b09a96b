/**
 * doctor's `alert-keys` check: the KMS keys the deployment's alert topics are encrypted with. SNS
 * encrypts each message with its topic's key, and refuses to publish when that key is disabled or
 * pending deletion (its Publish errors KMSDisabled and KMSInvalidState, in AWS's API model below).
 * A CloudWatch alarm then changes state and notifies nobody, and says so only in its own history:
 * nothing pages. Someone tidying "unused" keys, or a key disabled during an audit, silences every
 * alarm of the region. Against moto server through the real AWS SDK; the printed fixes are run with
 * the AWS CLI against the same server.
 */
import { CreateAliasCommand, CreateKeyCommand, DisableKeyCommand, KMSClient, ScheduleKeyDeletionCommand } from '@aws-sdk/client-kms';
import { CreateTopicCommand } from '@aws-sdk/client-sns';
import { parseConfig } from '../../lib/config/load';
import { type DoctorClients, runDoctor } from '../../lib/doctor';
import { CLI_PERMISSIONS } from '../../lib/doctor/permissions';
import { smsTopicName, topicName } from '../../lib/naming';
import { apiModel } from '../support/api-models';
import { runWithAwsCli } from '../support/aws-cli';
import { startMoto, type MotoServer } from '../support/moto';
import { motoDoctorClients, startMotoWithUserPolicy } from './clients';

const ACCOUNT = '123456789012'; // moto's
const CONFIG = {
  prefix: 'keys',
  hostedZones: [{ zoneId: 'Z0ALERTKEYS000000001', zoneName: 'a.example.com' }],
  resolverVpcs: [{ vpcId: 'vpc-0123456789abcdef0', region: 'eu-west-1' }],
  alerts: {
    email: ['oncall@example.com'],
    sms: ['+14155550100'],
    // The DB team's existing topic, encrypted with their key by alias.
    routes: { dbteam: { warning: { topicArns: [`arn:aws:sns:us-east-1:${ACCOUNT}:dbteam-pages`] } } },
  },
};

let moto: MotoServer;
let clients: DoctorClients;
/** Each key's ARN and id (moto's DisableKey, EnableKey and the deletion calls take the id only; AWS takes either). */
const keys: Record<string, string> = {};
const ids: Record<string, string> = {};
const check = async () => runDoctor(parseConfig(CONFIG), clients, { checks: ['alert-keys'] });
const kms = (region: string) => new KMSClient(moto.clientConfig(region));

beforeAll(async () => {
  moto = await startMoto();
  clients = motoDoctorClients(moto);
  // As the deploy makes them: each region's alert topics with that region's alert key (its ARN, as
  // the template's Fn::GetAtt gives it).
  for (const region of ['us-east-1', 'eu-west-1']) {
    const made = (await kms(region).send(new CreateKeyCommand({ Description: 'keys DNS monitor alert topics' }))).KeyMetadata!;
    [keys[region], ids[region]] = [made.Arn!, made.KeyId!];
    for (const name of [topicName('keys', 'critical'), topicName('keys', 'warning'), smsTopicName('keys', 'critical'), smsTopicName('keys', 'warning')]) {
      await clients.sns(region).send(new CreateTopicCommand({ Name: name, Attributes: { KmsMasterKeyId: keys[region] } }));
    }
  }
  const db = (await kms('us-east-1').send(new CreateKeyCommand({ Description: 'db team' }))).KeyMetadata!;
  [keys.db, ids.db] = [db.Arn!, db.KeyId!];
  await kms('us-east-1').send(new CreateAliasCommand({ AliasName: 'alias/dbteam', TargetKeyId: keys.db }));
  await clients.sns('us-east-1').send(new CreateTopicCommand({ Name: 'dbteam-pages', Attributes: { KmsMasterKeyId: 'alias/dbteam' } }));
  // Another deployment's topic, with a key of its own: not this deployment's to report.
  const other = (await kms('us-east-1').send(new CreateKeyCommand({ Description: 'other' }))).KeyMetadata!;
  await clients.sns('us-east-1').send(new CreateTopicCommand({ Name: 'keysx-alerts-critical', Attributes: { KmsMasterKeyId: other.Arn! } }));
  await kms('us-east-1').send(new DisableKeyCommand({ KeyId: other.KeyId! }));
}, 60_000);
afterAll(() => moto?.stop());

describe('doctor alert-keys', () => {
  it("rests on SNS's API: Publish to a topic whose key is disabled, pending deletion or gone fails", () => {
    const errors = (apiModel('sns').operations.Publish.errors ?? []).map((e: { shape: string }) => e.shape);
    expect(errors).toEqual(expect.arrayContaining(['KMSDisabledException', 'KMSInvalidStateException', 'KMSNotFoundException']));
  });

  it('with every key enabled: nothing to fix; one key read per region and one for the existing topic', async () => {
    const report = await check();
    expect(report.findings).toEqual([]);
    expect(report.checked).toEqual({ 'alert-keys': 3 });
    expect(CLI_PERMISSIONS.doctor).toContain('kms:DescribeKey');
  });

  it('a disabled key: names the topics it silences, and the command that enables it; run, the finding goes', async () => {
    await kms('us-east-1').send(new DisableKeyCommand({ KeyId: ids['us-east-1'] }));
    const [f, ...rest] = (await check()).findings;
    expect(rest).toEqual([]);
    expect(f).toEqual({
      check: 'alert-keys',
      region: 'us-east-1',
      subject: keys['us-east-1'],
      problem:
        'KMS key is disabled: SNS cannot encrypt with it, so every notification to keys-alerts-critical, keys-alerts-critical-sms, keys-alerts-warning, keys-alerts-warning-sms fails (KMSDisabled): alarms change state and page nobody, and CloudWatch says so only in each alarm\'s history',
      fix: `aws kms enable-key --region us-east-1 --key-id ${ids['us-east-1']}`,
    });
    runWithAwsCli(moto, f.fix);
    expect((await check()).findings).toEqual([]);
  });

  it('a key pending deletion: says when it goes, and the commands that keep it; run, the finding goes', async () => {
    const scheduled = await kms('eu-west-1').send(new ScheduleKeyDeletionCommand({ KeyId: ids['eu-west-1'], PendingWindowInDays: 7 }));
    const [f, ...rest] = (await check()).findings;
    expect(rest).toEqual([]);
    expect([f.region, f.subject]).toEqual(['eu-west-1', keys['eu-west-1']]);
    expect(f.problem).toBe(
      `KMS key is pending deletion on ${scheduled.DeletionDate!.toISOString().slice(0, 10)}: SNS cannot encrypt with it, so every notification to keys-alerts-critical, keys-alerts-critical-sms, keys-alerts-warning, keys-alerts-warning-sms fails (KMSInvalidState): alarms change state and page nobody, and CloudWatch says so only in each alarm's history; once it is deleted, they send nothing until each is given another key`,
    );
    // Cancelling leaves the key disabled (AWS KMS Developer Guide, "Cancel key deletion"): both are needed.
    expect(f.fix).toBe(`aws kms cancel-key-deletion --region eu-west-1 --key-id ${ids['eu-west-1']} && aws kms enable-key --region eu-west-1 --key-id ${ids['eu-west-1']}`);
    runWithAwsCli(moto, f.fix);
    expect((await check()).findings).toEqual([]);
  });

  it("an existing topic's key named by alias is read in the topic's account and region", async () => {
    await kms('us-east-1').send(new DisableKeyCommand({ KeyId: ids.db }));
    try {
      expect((await check()).findings.map((f) => [f.region, f.subject, f.fix])).toEqual([['us-east-1', keys.db, `aws kms enable-key --region us-east-1 --key-id ${ids.db}`]]);
    } finally {
      runWithAwsCli(moto, `aws kms enable-key --region us-east-1 --key-id ${ids.db}`);
    }
  });

  it('a key that no longer exists: says no message can be sent, and how to put another key on the topics', async () => {
    const gone = `arn:aws:kms:us-east-1:${ACCOUNT}:key/00000000-0000-4000-8000-000000000000`;
    await clients.sns('us-east-1').send(new CreateTopicCommand({ Name: topicName('keys', 'critical', 'dbteam'), Attributes: { KmsMasterKeyId: gone } }));
    const found = (await check()).findings;
    expect(found.map((f) => [f.region, f.subject])).toEqual([['us-east-1', gone]]);
    expect(found[0].problem).toBe(
      "KMS key does not exist (deleted): no notification to keys-alerts-dbteam-critical can be sent (KMSNotFound): alarms change state and page nobody, and CloudWatch says so only in each alarm's history",
    );
    expect(found[0].fix).toBe(
      `encrypt the topic with a key whose policy lets cloudwatch.amazonaws.com use kms:GenerateDataKey* and kms:Decrypt: aws sns set-topic-attributes --region us-east-1 --topic-arn arn:aws:sns:us-east-1:${ACCOUNT}:keys-alerts-dbteam-critical --attribute-name KmsMasterKeyId --attribute-value <key ARN>`,
    );
  });
});

// A policy made before this check: the key cannot be read, which is said (whether notifications
// can be encrypted is not known), not taken for a usable key.
describe('doctor alert-keys with a policy that refuses KMS', () => {
  let set: Awaited<ReturnType<typeof startMotoWithUserPolicy>>;
  beforeAll(async () => {
    set = await startMotoWithUserPolicy([
      { Effect: 'Allow', Action: '*', Resource: '*' },
      { Effect: 'Deny', Action: 'kms:*', Resource: '*' },
    ]);
    const key = (await set.admin.kms('us-east-1').send(new CreateKeyCommand({ Description: 'keys DNS monitor alert topics' }))).KeyMetadata!.Arn!;
    await set.admin.sns('us-east-1').send(new CreateTopicCommand({ Name: topicName('keys', 'critical'), Attributes: { KmsMasterKeyId: key } }));
  }, 60_000);
  afterAll(() => set?.moto.stop());

  it('says it could not read the key, and which permission reads it', async () => {
    const found = (await runDoctor(parseConfig(CONFIG), set.user, { checks: ['alert-keys'] })).findings;
    expect(found.map((f) => [f.region, f.problem.replace(/\(.*?\)/, '(…)'), f.fix])).toEqual([
      [
        'us-east-1',
        'could not read the KMS key of keys-alerts-critical (…): whether SNS can encrypt their notifications is not known',
        'allow kms:DescribeKey on it (docs/cli-permissions.md); a key of another account must allow it in its key policy too',
      ],
    ]);
  });
});
