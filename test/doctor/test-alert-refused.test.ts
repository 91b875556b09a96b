/**
 * `dns-monitor test-alert` when a call fails: a region whose CloudWatch cannot be reached, or a
 * policy that refuses `cloudwatch:SetAlarmState` (one made before test-alert existed). The test
 * still goes through every topic it can reach, says which topics got no test notification, names
 * the call that failed and where, and exits 2, so a script running it after a deploy sees that the
 * test did not cover everything. Against moto server through the real AWS SDK: a region out of
 * reach is a closed port on 127.0.0.1; a refusal is moto checking each request against the
 * caller's IAM policy.
 */
import { CloudWatchClient, DescribeAlarmsCommand, SetAlarmStateCommand } from '@aws-sdk/client-cloudwatch';
import { CreateTopicCommand } from '@aws-sdk/client-sns';
import { main } from '../../bin/test-alert';
import type { DoctorClients } from '../../lib/doctor';
import { CLI_PERMISSIONS } from '../../lib/doctor/permissions';
import { topicName } from '../../lib/naming';
import { captureCli, writeConfigFile } from '../support/cli';
import { startMoto, type MotoServer } from '../support/moto';
import { freePort } from '../support/net';
import { motoDoctorClients, putAlarm, startMotoWithUserPolicy } from './clients';

const CONFIG = {
  prefix: 'ref',
  hostedZones: [{ zoneId: 'Z0TESTREFUSED0000001', zoneName: 'a.example.com' }],
  resolverVpcs: [{ vpcId: 'vpc-0123456789abcdef0', region: 'eu-west-1' }],
  alerts: { email: ['oncall@example.com'] },
};
const US_ALARM = 'ref-a.example.com-servfail-rate';
const EU_ALARM = 'ref-vpc-0123456789abcdef0-servfail-rate';

/** Two alarms, one a region, each notifying its region's critical topic, both in OK. */
async function deployAlarms(clients: DoctorClients): Promise<void> {
  for (const [region, name] of [['us-east-1', US_ALARM], ['eu-west-1', EU_ALARM]]) {
    const topic = (await clients.sns(region).send(new CreateTopicCommand({ Name: topicName('ref', 'critical') }))).TopicArn!;
    const cw = clients.cloudwatch(region);
    await putAlarm(cw, { AlarmName: name, AlarmActions: [topic], Period: 60 });
    await cw.send(new SetAlarmStateCommand({ AlarmName: name, StateValue: 'OK', StateReason: 'set up by the test' }));
  }
}

const stateOf = async (clients: DoctorClients, region: string, name: string) =>
  (await clients.cloudwatch(region).send(new DescribeAlarmsCommand({ AlarmNames: [name] }))).MetricAlarms![0].StateValue;

describe('test-alert with a region out of reach', () => {
  let moto: MotoServer;
  let clients: DoctorClients;
  let file: string;
  let cut: DoctorClients;
  beforeAll(async () => {
    moto = await startMoto();
    clients = motoDoctorClients(moto);
    await deployAlarms(clients);
    file = writeConfigFile(CONFIG, 'test-alert-refused');
    const closed = await freePort();
    cut = {
      ...clients,
      cloudwatch: (region) =>
        region === 'eu-west-1' ? new CloudWatchClient({ ...moto.clientConfig(region), endpoint: `http://127.0.0.1:${closed}`, maxAttempts: 1 }) : clients.cloudwatch(region),
    };
  }, 60_000);
  afterAll(() => moto?.stop());

  const unread =
    'not tested: eu-west-1: cloudwatch:DescribeAlarms in eu-west-1 failed (Error), so its alert topics are left out of this test — check that cloudwatch in eu-west-1 can be reached from here (network, proxy, or a region not enabled for the account), then run test-alert';

  it('without --yes: lists what it would send in the other regions, names the region it could not read, exit 2', async () => {
    const r = await captureCli(() => main(['test-alert', file], cut));
    expect(r.code).toBe(2);
    expect(r.out.split('\n').filter((l) => l.startsWith('  '))).toEqual([`  us-east-1 ${US_ALARM} -> ref-alerts-critical`]);
    expect(r.out.split('\n')).toContain(unread);
    expect(await stateOf(clients, 'us-east-1', US_ALARM)).toBe('OK');
  });

  it('with --yes: sends the test where it can, says which region got none and why, exit 2', async () => {
    const r = await captureCli(() => main(['test-alert', file, '--yes'], cut));
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/^sent 1 test notification\(s\):\n {2}us-east-1 ref-a\.example\.com-servfail-rate -> ref-alerts-critical\n/);
    expect(r.out.split('\n')).toContain(unread);
    expect(await stateOf(clients, 'us-east-1', US_ALARM)).toBe('ALARM');
    expect(await stateOf(clients, 'eu-west-1', EU_ALARM)).toBe('OK');
  });
});

// A policy made before test-alert existed: it may read alarms but not set their state (denied
// under both of CloudWatch's prefixes: startMotoWithUserPolicy).
describe('test-alert with a policy that refuses SetAlarmState', () => {
  let authed: MotoServer;
  let admin: DoctorClients;
  let asUser: DoctorClients;
  let file: string;
  beforeAll(async () => {
    const set = await startMotoWithUserPolicy([
      { Effect: 'Allow', Action: '*', Resource: '*' },
      { Effect: 'Deny', Action: ['cloudwatch:SetAlarmState', 'monitoring:SetAlarmState'], Resource: '*' },
    ]);
    [authed, admin, asUser] = [set.moto, set.admin, set.user];
    await deployAlarms(admin);
    file = writeConfigFile(CONFIG, 'test-alert-refused');
  }, 60_000);
  afterAll(() => authed?.stop());

  it('names the refused call and the permission to add for each topic it could not test, changes nothing, exit 2', async () => {
    expect(CLI_PERMISSIONS['test-alert']).toContain('cloudwatch:SetAlarmState');
    const r = await captureCli(() => main(['test-alert', file, '--yes'], asUser));
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/^sent 0 of 2 test notification\(s\)/);
    const notSent = r.out.split('\n').filter((l) => l.startsWith('not sent: '));
    expect(notSent).toEqual(
      [['eu-west-1', EU_ALARM], ['us-east-1', US_ALARM]].map(([region, name]) =>
        expect.stringMatching(
          new RegExp(
            `^not sent: ${region} ${name.replace(/\./g, '\\.')} -> ref-alerts-critical: cloudwatch:SetAlarmState in ${region} failed \\([A-Za-z]+, HTTP 403\\) — allow cloudwatch:SetAlarmState \\(docs/cli-permissions\\.md lists every call test-alert makes; a policy made from an earlier version may lack it\\), then run test-alert$`,
          ),
        ),
      ),
    );
    expect(await stateOf(admin, 'us-east-1', US_ALARM)).toBe('OK');
    expect(await stateOf(admin, 'eu-west-1', EU_ALARM)).toBe('OK');
  });
});
