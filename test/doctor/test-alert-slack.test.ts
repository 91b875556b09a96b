/**
 * `dns-monitor test-alert` with the Slack webhook notifier: after setting its alarms to ALARM it
 * reads the notifier's own table until each post it expects is recorded, and says which reached
 * the channel. The deployment is in moto as the app makes it (the alert topics, the default
 * route's two subscribed to the notifier's intake queue, its backlog alarm, the function naming its
 * table, the event source mapping). moto does not run alarm actions: the test does CloudWatch's part, publishing
 * the alarm's notification to its topic once the alarm is in ALARM; SNS (moto) delivers it to the
 * queue, and the notifier (in-process, its table in moto) posts it to the Slack stand-in on 127.0.0.1.
 */
import { type CloudWatchClient, DescribeAlarmsCommand, SetAlarmStateCommand } from '@aws-sdk/client-cloudwatch';
import { CreateTopicCommand, ListSubscriptionsByTopicCommand, PublishCommand, SubscribeCommand, UnsubscribeCommand } from '@aws-sdk/client-sns';
import { type Message, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../bin/test-alert';
import { queueEventOf } from '../../lambdas/slack-notifier/queue-event';
import type { DoctorClients } from '../../lib/doctor';
import { topicName } from '../../lib/naming';
import { parseConfig, readConfigFile } from '../../lib/config/load';
import { intakeTopicArn, slackIntakeTopics } from '../../lib/doctor/alert-topics';
import { intakeSubscribeCommand } from '../../lib/doctor/slack-alarms';
import { REPO } from '../support/synth';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { freePort } from '../support/net';
import { runWithAwsCli } from '../support/aws-cli';
import { captureCli } from '../support/cli';
import { deploymentOf } from '../support/iam/app';
import { countAlarm } from '../slack-notifier/fixtures';
import { makeNotifier, useNotifierEnvironment } from '../slack-notifier/harness';
import { deploySlackNotifierInMoto, motoDoctorClients, putAlarm } from './clients';

const env = useNotifierEnvironment();
const PREFIX = 'tas';
const CONFIG = {
  prefix: PREFIX,
  hostedZones: [
    { zoneId: 'Z0TESTALERTSLACK0001', zoneName: 'a.example.com' },
    { zoneId: 'Z0TESTALERTSLACK0002', zoneName: 'lab.example.com', alertRoute: 'lab' },
  ],
  alerts: { email: ['oncall@example.com'], slack: { webhook: {} }, routes: { lab: { email: ['lab@example.com'] } } },
};
const ON_SLACK = `${PREFIX}-a.example.com-servfail-rate`;
const NOT_ON_SLACK = `${PREFIX}-lab.example.com-servfail-rate`;
let clients: DoctorClients;
let file: string;
let criticalTopic: string;
let warningTopic: string;
let queueUrl: string;
let queueArn: string;

beforeAll(async () => {
  clients = motoDoctorClients(env.moto);
  const sns = clients.sns('us-east-1');
  criticalTopic = (await sns.send(new CreateTopicCommand({ Name: topicName(PREFIX, 'critical') }))).TopicArn!;
  warningTopic = (await sns.send(new CreateTopicCommand({ Name: topicName(PREFIX, 'warning') }))).TopicArn!;
  // The lab route's topic is not subscribed to the intake queue (the app subscribes the default route's only): its alarm is not looked at.
  const labTopic = (await sns.send(new CreateTopicCommand({ Name: topicName(PREFIX, 'critical', 'lab') }))).TopicArn!;
  // The mapping disabled: moto's would hand the queue's messages to its stand-in function, which
  // does not run the notifier; the test hands them to the notifier as Lambda would (actAsCloudWatch).
  const deployed = await deploySlackNotifierInMoto(env.moto, { prefix: PREFIX, functionName: `${PREFIX}-core-SlackNotifierFunction`, tableName: env.r.tableName, mappingEnabled: false });
  queueUrl = deployed.queueUrl;
  queueArn = deployed.queueArn;
  for (const t of [criticalTopic, warningTopic]) await sns.send(new SubscribeCommand({ TopicArn: t, Protocol: 'sqs', Endpoint: queueArn }));
  await putAlarm(clients.cloudwatch('us-east-1'), { AlarmName: ON_SLACK, AlarmActions: [criticalTopic], OKActions: [criticalTopic] });
  await putAlarm(clients.cloudwatch('us-east-1'), { AlarmName: NOT_ON_SLACK, AlarmActions: [labTopic], OKActions: [labTopic] });
  file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'test-alert-slack-')), 'c.yaml');
  fs.writeFileSync(file, JSON.stringify(CONFIG));
}, 60_000);
afterAll(() => fs.rmSync(path.dirname(file), { recursive: true, force: true }));

beforeEach(async () => {
  for (const name of [ON_SLACK, NOT_ON_SLACK]) await clients.cloudwatch('us-east-1').send(new SetAlarmStateCommand({ AlarmName: name, StateValue: 'OK', StateReason: 'set up by the test' }));
  env.slack.reset();
});

/**
 * CloudWatch's part: once `name` is in ALARM, its notification (CloudWatch's shape, with the state
 * moto holds) published to its topic; then what SNS delivered to the intake queue, handed to the
 * notifier as the event source mapping would.
 */
async function actAsCloudWatch(name: string): Promise<void> {
  const cw = clients.cloudwatch('us-east-1');
  for (let i = 0; i < 100; i++) {
    const a = (await cw.send(new DescribeAlarmsCommand({ AlarmNames: [name] }))).MetricAlarms![0];
    if (a.StateValue === 'ALARM') return notifyOfState(name, 'OK');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${name} never went to ALARM`);
}

/** The notification of the state `name` is in now (moto's state, time and reason), through SNS and the intake queue to the notifier. */
async function notifyOfState(name: string, oldState: string): Promise<void> {
  const a = (await clients.cloudwatch('us-east-1').send(new DescribeAlarmsCommand({ AlarmNames: [name] }))).MetricAlarms![0];
  const notification = countAlarm({
    AlarmName: name,
    AlarmArn: a.AlarmArn,
    NewStateValue: a.StateValue,
    OldStateValue: oldState,
    NewStateReason: a.StateReason,
    StateChangeTime: a.StateUpdatedTimestamp!.toISOString().replace('Z', '+0000'),
  });
  await clients.sns('us-east-1').send(new PublishCommand({ TopicArn: criticalTopic, Message: JSON.stringify(notification), Subject: `${a.StateValue}: "${name}" in US East (N. Virginia)` }));
  let messages: Message[] = [];
  for (let j = 0; j < 10 && messages.length === 0; j++) {
    messages = (await clients.sqs('us-east-1').send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, AttributeNames: ['All'] }))).Messages ?? [];
  }
  const event = queueEventOf({
    Records: messages.map((m) => ({ messageId: m.MessageId, receiptHandle: m.ReceiptHandle, body: m.Body, attributes: m.Attributes ?? {}, messageAttributes: {}, md5OfBody: m.MD5OfBody, eventSource: 'aws:sqs', eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:intake', awsRegion: 'us-east-1' })),
  });
  expect(event?.messages).toHaveLength(1);
  await makeNotifier(env.r, { retry: { maxAttempts: 1 } }).handleQueueEvent(event!, 30_000);
}

/**
 * CloudWatch re-evaluating `name` right after the test sets it to ALARM: clients whose SetAlarmState
 * of it to ALARM returns only once the ALARM was notified (the notifier posts it), the alarm is
 * back in OK at a later second, and, with `notifyOk`, that OK was notified too (its OKActions).
 * test-alert reads the alarm after all its sends, so it finds it in OK already.
 */
function reevaluatedAfterTheTest(name: string, notifyOk: boolean): DoctorClients {
  const real = clients.cloudwatch('us-east-1');
  const cloudwatch = {
    send: async (command: Parameters<CloudWatchClient['send']>[0]) => {
      const out = await real.send(command as never);
      if (command instanceof SetAlarmStateCommand && command.input.AlarmName === name && command.input.StateValue === 'ALARM') {
        await notifyOfState(name, 'OK');
        await new Promise((resolve) => setTimeout(resolve, 1_100));
        await real.send(new SetAlarmStateCommand({ AlarmName: name, StateValue: 'OK', StateReason: 'Threshold Crossed: 1 out of the last 3 datapoints [0.0 (06/12/26 00:10:00)] was not greater than or equal to the threshold (50.0).' }));
        if (notifyOk) await notifyOfState(name, 'ALARM');
      }
      return out;
    },
  } as unknown as CloudWatchClient;
  return { ...clients, cloudwatch: () => cloudwatch };
}

describe('dns-monitor test-alert with the Slack webhook notifier', () => {
  it('says the test page reached the channel once the notifier has recorded it; an alarm on a topic the notifier does not read is not looked at', async () => {
    const [r] = await Promise.all([captureCli(() => main(['test-alert', file, '--yes', '--wait', '20'], clients)), actAsCloudWatch(ON_SLACK)]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^waiting up to 20 s for the Slack notifier to record its posts \(--wait 0 skips this\)$/m);
    expect(r.out.split('\n').filter((l) => l.startsWith('Slack:'))).toEqual([`Slack: us-east-1 ${ON_SLACK}: posted to the channel (the notifier recorded it)`]);
    expect(env.slack.posts.map((p) => p.body.text)).toEqual([expect.stringMatching(/^🔴 ALARM/)]);
  }, 60_000);

  // CloudWatch evaluates a 1-minute alarm every minute: the test ALARM may be over before
  // test-alert reads the alarm. The page was posted all the same, and the recovery after it.
  it.each([
    ['and the recovery was posted after it', true, ['🔴 ALARM', '✅ OK']],
    ['and sent no OK', false, ['🔴 ALARM']],
  ])('says the page was posted when CloudWatch re-evaluated the alarm to OK before test-alert read it, %s', async (_what, notifyOk, posted) => {
    // The notifier keeps StateChangeTime to the second: the last test's recovery must be a second older than this test's page.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const r = await captureCli(() => main(['test-alert', file, '--yes', '--wait', '4'], reevaluatedAfterTheTest(ON_SLACK, notifyOk)));
    expect(env.slack.posts.map((p) => /^\S+ [A-Z_]+/.exec(p.body.text)?.[0])).toEqual(posted);
    expect(r.out.split('\n').filter((l) => l.startsWith('Slack:'))).toEqual([`Slack: us-east-1 ${ON_SLACK}: posted to the channel (the notifier recorded it)`]);
    expect(r.code).toBe(0);
  }, 60_000);

  it('says which page did not reach the channel, and where to look, exit 1, when Slack refused it', async () => {
    env.slack.script({ kind: 'status', status: 404, body: 'channel_not_found' });
    const [r] = await Promise.all([captureCli(() => main(['test-alert', file, '--yes', '--wait', '4'], clients)), actAsCloudWatch(ON_SLACK)]);
    expect(r.code).toBe(1);
    expect(r.out.split('\n').filter((l) => l.startsWith('Slack:'))).toEqual([
      `Slack: us-east-1 ${ON_SLACK}: not posted within 4 s: run dns-monitor doctor (the webhook secret, the intake backlog, dead letters) and read the notifier's log group`,
    ]);
  }, 60_000);

  // A policy made before this check lacks the reads, or a service is out of reach: the pages are
  // sent all the same, and it says which call failed where (exit 0: the pages went out). Here
  // DynamoDB is a closed loopback port.
  it('says so when it cannot read what the notifier posted, after sending, exit 0', async () => {
    const closed = await freePort();
    const denied = { ...clients, dynamodb: () => new DynamoDBClient({ ...env.moto.clientConfig('us-east-1'), endpoint: `http://127.0.0.1:${closed}`, maxAttempts: 1 }) };
    const r = await captureCli(() => main(['test-alert', file, '--yes', '--wait', '5'], denied));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^sent 2 test notification\(s\):/);
    expect(r.out.split('\n').filter((l) => l.startsWith('Slack:'))).toEqual([
      'Slack: could not read what the notifier posted: dynamodb:GetItem in us-east-1 failed (Error): look in the channel; check that dynamodb in us-east-1 can be reached from here (network, proxy, or a region not enabled for the account), then run test-alert',
    ]);
  });

  // The test subscribes the intake queue as the app does: test-alert finds the alarms Slack hears by
  // a subscription of protocol sqs whose endpoint is the queue's ARN ("For the sqs protocol, the
  // endpoint is the ARN of an Amazon SQS queue": SNS API Reference, Subscribe,
  // https://docs.aws.amazon.com/sns/latest/api/API_Subscribe.html), which ListSubscriptionsByTopic lists.
  it.each([
    ['this test\'s config', CONFIG],
    ['examples/everything-on.yaml (config-named topics of another account)', readConfigFile(path.join(REPO, 'examples', 'everything-on.yaml'))],
  ])("reads the app's own subscriptions of the intake queue: protocol sqs, the queue's ARN as endpoint, from each topic slackIntakeTopics names: %s", (_what, raw) => {
    const cfg = parseConfig(raw);
    const d = deploymentOf(raw as never);
    const queues = d.resources('AWS::SQS::Queue').filter((q) => q.logicalId.startsWith('SlackNotifierIntakeQueue'));
    expect(queues.length).toBeGreaterThan(0);
    for (const queue of queues) {
      const region = queue.stack.region;
      const subscriptions = d.resources('AWS::SNS::Subscription').map((r) => d.props(r)).filter((p) => p.Endpoint === d.arnOf(queue));
      const expected = slackIntakeTopics(cfg, region).map((t) => ['sqs', intakeTopicArn(t, { region, account: queue.stack.account })]);
      expect(subscriptions.map((p) => [p.Protocol, p.TopicArn]).sort()).toEqual(expected.sort());
    }
  });

  // The command doctor and test-alert print makes the subscription the app makes: the app's sets
  // no attribute (no RawMessageDelivery: the notifier reads SNS's envelope; no filter policy), and
  // the command passes none, so SNS gives it the same defaults (SNS API Reference, Subscribe,
  // https://docs.aws.amazon.com/sns/latest/api/API_Subscribe.html).
  it('subscribes the intake queue as the app does: no attribute on either side', () => {
    const d = deploymentOf(CONFIG as never);
    const [queue] = d.resources('AWS::SQS::Queue').filter((q) => q.logicalId.startsWith('SlackNotifierIntakeQueue'));
    const mine = d.resources('AWS::SNS::Subscription').map((r) => d.props(r)).filter((p) => p.Endpoint === d.arnOf(queue));
    expect(mine.length).toBeGreaterThan(0);
    for (const p of mine) expect(Object.keys(p).sort()).toEqual(['Endpoint', 'Protocol', 'TopicArn']);
    const command = intakeSubscribeCommand('us-east-1', 'arn:aws:sns:us-east-1:123456789012:t', d.arnOf(queue));
    expect(command.split(' ').filter((w) => w.startsWith('--')).sort()).toEqual(['--notification-endpoint', '--protocol', '--region', '--topic-arn']);
  });

  // An intake subscription deleted by hand: no alert of that topic reaches Slack, and a deploy does
  // not make it again. Said at once, with the command that subscribes it as the app does; that
  // command, pasted into the AWS CLI, makes the page arrive.
  it('says at once that the intake queue is not subscribed to the alarm\'s topic, with the command; the command, run, makes the next test page arrive', async () => {
    const sns = clients.sns('us-east-1');
    const mine = (await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: criticalTopic }))).Subscriptions!.filter((x) => x.Endpoint === queueArn);
    expect(mine).toHaveLength(1);
    await sns.send(new UnsubscribeCommand({ SubscriptionArn: mine[0].SubscriptionArn }));
    const before = Date.now();
    const r = await captureCli(() => main(['test-alert', file, '--yes', '--wait', '20'], clients));
    expect(Date.now() - before).toBeLessThan(10_000);
    expect(r.code).toBe(1);
    const [line, ...others] = r.out.split('\n').filter((l) => l.startsWith('Slack:'));
    expect(others).toEqual([]);
    expect(line).toBe(
      `Slack: us-east-1 ${ON_SLACK}: not posted: the notifier's intake queue is not subscribed to ${criticalTopic}, so no alert of that topic reaches Slack (a deploy does not make a subscription deleted by hand again); subscribe it as the app does: aws sns subscribe --region us-east-1 --topic-arn ${criticalTopic} --protocol sqs --notification-endpoint ${queueArn}`,
    );
    runWithAwsCli(env.moto, line.slice(line.indexOf('aws sns subscribe')));
    const again = (await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: criticalTopic }))).Subscriptions!.filter((x) => x.Endpoint === queueArn);
    expect(again.map((x) => x.Protocol)).toEqual(['sqs']);
    await clients.cloudwatch('us-east-1').send(new SetAlarmStateCommand({ AlarmName: ON_SLACK, StateValue: 'OK', StateReason: 'set up by the test' }));
    const [fixed] = await Promise.all([captureCli(() => main(['test-alert', file, '--yes', '--wait', '20'], clients)), actAsCloudWatch(ON_SLACK)]);
    expect(fixed.out.split('\n').filter((l) => l.startsWith('Slack:'))).toEqual([`Slack: us-east-1 ${ON_SLACK}: posted to the channel (the notifier recorded it)`]);
    expect(fixed.code).toBe(0);
  }, 60_000);

  // Without a notifier (here: another prefix, none deployed) only the alarms of the topics it would
  // hear are reported; one of another route's topic never reaches Slack by design.
  it('reports a missing notifier for the alarms on the topics it would hear only', async () => {
    const other = 'tan';
    const sns = clients.sns('us-east-1');
    const heard = (await sns.send(new CreateTopicCommand({ Name: topicName(other, 'critical') }))).TopicArn!;
    const lab = (await sns.send(new CreateTopicCommand({ Name: topicName(other, 'critical', 'lab') }))).TopicArn!;
    await putAlarm(clients.cloudwatch('us-east-1'), { AlarmName: `${other}-a.example.com-servfail-rate`, AlarmActions: [heard] });
    await putAlarm(clients.cloudwatch('us-east-1'), { AlarmName: `${other}-lab.example.com-servfail-rate`, AlarmActions: [lab] });
    const otherFile = path.join(path.dirname(file), 'other.yaml');
    fs.writeFileSync(otherFile, JSON.stringify({ ...CONFIG, prefix: other }));
    const r = await captureCli(() => main(['test-alert', otherFile, '--yes', '--wait', '5'], clients));
    expect(r.out).toMatch(/^sent 2 test notification\(s\):/);
    expect(r.out.split('\n').filter((l) => l.startsWith('Slack:'))).toEqual([
      `Slack: us-east-1 ${other}-a.example.com-servfail-rate: the webhook notifier of us-east-1 was not found: run dns-monitor doctor (its dead-letters check says why)`,
    ]);
    expect(r.code).toBe(1);
  });

  it('with --wait 0 sends and does not look', async () => {
    const r = await captureCli(() => main(['test-alert', file, '--yes', '--wait', '0'], clients));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^sent 2 test notification\(s\):/);
    expect(r.out).not.toMatch(/Slack:|waiting/);
    const bad = await captureCli(() => main(['test-alert', file, '--wait', 'soon'], clients));
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--wait needs a number of seconds \(0-9999\) — got 'soon'/);
  });
});
