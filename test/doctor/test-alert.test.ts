/**
 * `dns-monitor test-alert`: after a deploy, on-call wants to see a page arrive before a real
 * incident sends one. The command sets one deployed alarm per alert topic to ALARM
 * (`SetAlarmState`, the way AWS documents to test an alarm's actions), so each topic's subscribers
 * get a notification through the very path a real page takes. Against moto server through the
 * real AWS SDK: which alarms it picks, that it changes nothing without --yes, and what it leaves
 * alone (alarms of other apps, alarms already in ALARM, alarms whose actions are off).
 */
import { DeleteAlarmsCommand, DescribeAlarmsCommand, SetAlarmStateCommand } from '@aws-sdk/client-cloudwatch';
import { CreateTopicCommand } from '@aws-sdk/client-sns';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../bin/test-alert';
import { ALARMS } from '../../lib/aws-facts';
import { smsTopicName, topicName } from '../../lib/naming';
import { startMoto, type MotoServer } from '../support/moto';
import { motoDoctorClients, putAlarm } from './clients';
import { captureCli } from '../support/cli';
import type { DoctorClients } from '../../lib/doctor';

let moto: MotoServer;
let clients: DoctorClients;
const CONFIG = {
  prefix: 'tst',
  hostedZones: [
    { zoneId: 'Z0TESTALERT000000001', zoneName: 'a.example.com' },
    { zoneId: 'Z0TESTALERT000000002', zoneName: 'b.example.com' },
  ],
  resolverVpcs: [{ vpcId: 'vpc-0123456789abcdef0', region: 'eu-west-1' }],
  alerts: { email: ['oncall@example.com'], sms: ['+14155550100'] },
};
let file: string;
const arns: Record<string, string> = {};

async function alarm(region: string, name: string, actions: readonly string[], opts: { enabled?: boolean; state?: 'ALARM' | 'OK' | 'INSUFFICIENT_DATA'; period?: number } = {}) {
  const cw = clients.cloudwatch(region);
  await putAlarm(cw, { AlarmName: name, AlarmActions: [...actions], ActionsEnabled: opts.enabled ?? true, Period: opts.period ?? 60 });
  await cw.send(new SetAlarmStateCommand({ AlarmName: name, StateValue: opts.state ?? 'OK', StateReason: 'set up by the test' }));
}
const state = async (region: string, name: string) => {
  const a = (await clients.cloudwatch(region).send(new DescribeAlarmsCommand({ AlarmNames: [name] }))).MetricAlarms![0];
  return { state: a.StateValue, reason: a.StateReason };
};
const capture = (argv: string[]) => captureCli(() => main(argv, clients));

beforeAll(async () => {
  moto = await startMoto();
  clients = motoDoctorClients(moto);
  for (const region of ['us-east-1', 'eu-west-1']) {
    for (const sev of ['critical', 'warning'] as const) {
      for (const name of [topicName('tst', sev), smsTopicName('tst', sev)]) {
        arns[`${region} ${name}`] = (await clients.sns(region).send(new CreateTopicCommand({ Name: name }))).TopicArn!;
      }
    }
  }
  arns['us-east-1 other'] = (await clients.sns('us-east-1').send(new CreateTopicCommand({ Name: 'tstx-alerts-critical' }))).TopicArn!;
  const t = (region: string, name: string) => arns[`${region} ${name}`];
  // us-east-1: the first critical alarm by name is already paging; the next one is picked.
  await alarm('us-east-1', 'tst-a.example.com-errors-rate', [t('us-east-1', 'tst-alerts-critical'), t('us-east-1', 'tst-alerts-critical-sms')], { state: 'ALARM' });
  await alarm('us-east-1', 'tst-a.example.com-servfail-rate', [t('us-east-1', 'tst-alerts-critical'), t('us-east-1', 'tst-alerts-critical-sms')]);
  await alarm('us-east-1', 'tst-b.example.com-servfail-rate', [t('us-east-1', 'tst-alerts-critical'), t('us-east-1', 'tst-alerts-critical-sms')]);
  // First by name, but of an hour's period (as the registered domains' alarms): set to ALARM it
  // would stay there until its next evaluation, and not page a real breach meanwhile. Not picked.
  await alarm('us-east-1', 'tst-a.example.com-domain-expiry-days', [t('us-east-1', 'tst-alerts-critical'), t('us-east-1', 'tst-alerts-critical-sms')], { period: 3600 });
  await alarm('us-east-1', 'tst-a.example.com-nxdomain-rate', [t('us-east-1', 'tst-alerts-warning')], { enabled: false });
  await alarm('us-east-1', 'tst-b.example.com-nxdomain-rate', [t('us-east-1', 'tst-alerts-warning')]);
  // First by name, but without data (a quiet zone): its next evaluation takes it back to
  // INSUFFICIENT_DATA, which notifies nobody, so the test ALARM would stay the channel's last word. Not picked.
  await alarm('us-east-1', 'tst-a.example.com-noerror-rate', [t('us-east-1', 'tst-alerts-warning')], { state: 'INSUFFICIENT_DATA' });
  // Another deployment whose prefix starts like this one's: never touched.
  await alarm('us-east-1', 'tstx-c.example.com-servfail-rate', [arns['us-east-1 other']]);
  // eu-west-1: a rate alarm (metric math, its period in its inputs, as the app's) beats an hourly one first by name.
  await alarm('eu-west-1', 'tst-vpc-0123456789abcdef0-a-hourly', [t('eu-west-1', 'tst-alerts-critical'), t('eu-west-1', 'tst-alerts-critical-sms')], { period: 3600 });
  await putAlarm(clients.cloudwatch('eu-west-1'), {
    AlarmName: 'tst-vpc-0123456789abcdef0-servfail-rate',
    AlarmActions: [t('eu-west-1', 'tst-alerts-critical'), t('eu-west-1', 'tst-alerts-critical-sms')],
    Namespace: undefined,
    MetricName: undefined,
    Statistic: undefined,
    Period: undefined,
    Metrics: [
      { Id: 'servfail', ReturnData: false, MetricStat: { Metric: { Namespace: 'Codreum/DNS', MetricName: 'ServFail' }, Period: 60, Stat: 'Sum' } },
      { Id: 'total', ReturnData: false, MetricStat: { Metric: { Namespace: 'Codreum/DNS', MetricName: 'Total' }, Period: 60, Stat: 'Sum' } },
      { Id: 'rate', Expression: 'servfail / total', ReturnData: true },
    ],
    Threshold: 0.05,
  });
  await clients.cloudwatch('eu-west-1').send(new SetAlarmStateCommand({ AlarmName: 'tst-vpc-0123456789abcdef0-servfail-rate', StateValue: 'OK', StateReason: 'set up by the test' }));
  file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'test-alert-')), 'c.yaml');
  fs.writeFileSync(file, JSON.stringify(CONFIG));
}, 60_000);
afterAll(() => moto?.stop());

describe('dns-monitor test-alert', () => {
  it('without --yes: lists one alarm per alert topic it would set to ALARM, and changes nothing', async () => {
    const r = await capture(['test-alert', file]);
    expect(r.code).toBe(0);
    expect(r.out.split('\n').filter((l) => l.startsWith('  '))).toEqual([
      '  eu-west-1 tst-vpc-0123456789abcdef0-servfail-rate -> tst-alerts-critical, tst-alerts-critical-sms',
      '  us-east-1 tst-a.example.com-servfail-rate -> tst-alerts-critical, tst-alerts-critical-sms',
      '  us-east-1 tst-b.example.com-nxdomain-rate -> tst-alerts-warning',
    ]);
    expect(r.out).toMatch(/--yes sends them/);
    expect(await state('us-east-1', 'tst-a.example.com-servfail-rate')).toMatchObject({ state: 'OK' });
  });

  it('--severity and --route narrow it to those topics; an unknown route or severity is refused with the choices', async () => {
    const warning = await capture(['test-alert', file, '--severity', 'warning']);
    expect(warning.code).toBe(0);
    expect(warning.out.split('\n').filter((l) => l.startsWith('  '))).toEqual(['  us-east-1 tst-b.example.com-nxdomain-rate -> tst-alerts-warning']);
    const route = await capture(['test-alert', file, '--route', 'default', '--severity', 'critical']);
    expect(route.out.split('\n').filter((l) => l.startsWith('  ')).length).toBe(2);
    const badRoute = await capture(['test-alert', file, '--route', 'ops']);
    expect(badRoute.code).toBe(2);
    expect(badRoute.err).toMatch(/--route: the config has no route 'ops' — its routes: default/);
    const badSeverity = await capture(['test-alert', file, '--severity', 'info']);
    expect(badSeverity.code).toBe(2);
    expect(badSeverity.err).toMatch(/--severity must be critical or warning/);
  });

  it('with --yes: sets exactly those alarms to ALARM with a reason that says it is a test; others, and other apps, untouched', async () => {
    const r = await capture(['test-alert', file, '--yes']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/sent 3 test notification\(s\)/);
    // Where to see a delivery SNS could not make: its metrics, a few minutes later.
    expect(r.out).toMatch(/one that does not: run dns-monitor doctor .*; a few minutes later, dns-monitor doctor --check deliveries says which topics SNS failed to deliver from/);
    for (const [region, name] of [
      ['eu-west-1', 'tst-vpc-0123456789abcdef0-servfail-rate'],
      ['us-east-1', 'tst-a.example.com-servfail-rate'],
      ['us-east-1', 'tst-b.example.com-nxdomain-rate'],
    ]) {
      const s = await state(region, name);
      expect(s.state).toBe('ALARM');
      expect(s.reason).toMatch(/^dns-monitor test-alert .*: a test notification, not an incident/);
      expect(s.reason!.length).toBeLessThanOrEqual(ALARMS.maxStateReasonLength);
    }
    for (const name of ['tst-b.example.com-servfail-rate', 'tst-a.example.com-nxdomain-rate', 'tstx-c.example.com-servfail-rate']) expect((await state('us-east-1', name)).state).toBe('OK');
    expect((await state('us-east-1', 'tst-a.example.com-errors-rate')).reason).toBe('set up by the test');
  });

  // A topic whose only alarms have no data (a deployment of quiet zones just made): one is still
  // sent, and the user is told the channel keeps the test ALARM.
  it('says so when the alarm picked for a topic has no data: the test ALARM stays the last word of Slack and Chatbot', async () => {
    const quiet = 'tst-c.example.com-servfail-rate';
    const topic = arns['eu-west-1 tst-alerts-warning'];
    await alarm('eu-west-1', quiet, [topic], { state: 'INSUFFICIENT_DATA' });
    try {
      const r = await capture(['test-alert', file, '--severity', 'warning']);
      expect(r.out.split('\n').filter((l) => l.includes(quiet))).toEqual([
        `  eu-west-1 ${quiet} -> tst-alerts-warning`,
        `note: ${quiet} in eu-west-1 has no data (every alarm of its topics is without data or in ALARM): it goes back to INSUFFICIENT_DATA, which notifies nobody, so Slack and Chatbot keep the test ALARM as its last word until it has data and recovers`,
      ]);
      expect(r.out).not.toMatch(/note: tst-b\.example\.com/);
    } finally {
      await clients.cloudwatch('eu-west-1').send(new DeleteAlarmsCommand({ AlarmNames: [quiet] }));
    }
  });

  it('says when a maintenance window is open now: the alarms it mutes notify nobody, test ones included', async () => {
    const start = new Date(Math.floor(Date.now() / 60000) * 60000 - 60000).toISOString().slice(0, 16);
    const muted = path.join(path.dirname(file), 'muted.yaml');
    fs.writeFileSync(muted, JSON.stringify({ ...CONFIG, maintenanceWindows: [{ name: 'deploy', schedule: `at(${start})`, duration: '1h', zones: ['a.example.com'] }] }));
    const r = await capture(['test-alert', muted]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(new RegExp(`^note: maintenance window deploy \\(at\\(${start}\\) for 1h, UTC\\) is open until .*: alarms it mutes notify nobody until then$`, 'm'));
  });

  it('says so when no deployed alarm notifies any alert topic (not deployed yet), exit 1', async () => {
    const other = path.join(path.dirname(file), 'other.yaml');
    fs.writeFileSync(other, JSON.stringify({ ...CONFIG, prefix: 'none' }));
    const r = await capture(['test-alert', other, '--yes']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/no alarm of this deployment notifies an alert topic in eu-west-1, us-east-1 .*cdk deploy/);
  });

  it('refuses an unknown option (exit 2)', async () => {
    const r = await capture(['test-alert', file, '--force']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/unknown option '--force'/);
  });
});
