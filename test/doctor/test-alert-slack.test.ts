/**
 * `dns-monitor test-alert` with the Slack webhook notifier: after setting its alarms to ALARM it
 * reads the notifier's own table until each post it expects is recorded, and says which reached
 * the channel. The deployment is in moto as the app makes it (the alert topics, the critical one
 * subscribed to the notifier's intake queue, its backlog alarm, the function naming its table, the
 * event source mapping). moto does not run alarm actions: the test does CloudWatch's part, publishing
 * the alarm's notification to its topic once the alarm is in ALARM; SNS (moto) delivers it to the
 * queue, and the notifier (in-process, its table in moto) posts it to the Slack stand-in on 127.0.0.1.
 */
import { DescribeAlarmsCommand, SetAlarmStateCommand } from '@aws-sdk/client-cloudwatch';
import { CreateTopicCommand, PublishCommand, SubscribeCommand } from '@aws-sdk/client-sns';
import { type Message, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../bin/test-alert';
import { queueEventOf } from '../../lambdas/slack-notifier/queue-event';
import type { DoctorClients } from '../../lib/doctor';
import { topicName } from '../../lib/naming';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { freePort } from '../support/net';
import { captureCli } from '../support/cli';
import { deploymentOf } from '../support/iam/app';
import { countAlarm } from '../slack-notifier/fixtures';
import { makeNotifier, useNotifierEnvironment } from '../slack-notifier/harness';
import { deploySlackNotifierInMoto, motoDoctorClients, putAlarm } from './clients';

const env = useNotifierEnvironment();
const PREFIX = 'tas';
const CONFIG = {
  prefix: PREFIX,
  hostedZones: [{ zoneId: 'Z0TESTALERTSLACK0001', zoneName: 'a.example.com' }],
  alerts: { email: ['oncall@example.com'], slack: { webhook: {} } },
};
const ON_SLACK = `${PREFIX}-a.example.com-servfail-rate`;
const NOT_ON_SLACK = `${PREFIX}-a.example.com-nxdomain-rate`;
let clients: DoctorClients;
let file: string;
let criticalTopic: string;
let queueUrl: string;

beforeAll(async () => {
  clients = motoDoctorClients(env.moto);
  const sns = clients.sns('us-east-1');
  criticalTopic = (await sns.send(new CreateTopicCommand({ Name: topicName(PREFIX, 'critical') }))).TopicArn!;
  // The warning topic is not subscribed to the intake queue (as a route without Slack): its alarm is not looked at.
  const warningTopic = (await sns.send(new CreateTopicCommand({ Name: topicName(PREFIX, 'warning') }))).TopicArn!;
  // The mapping disabled: moto's would hand the queue's messages to its stand-in function, which
  // does not run the notifier; the test hands them to the notifier as Lambda would (actAsCloudWatch).
  const deployed = await deploySlackNotifierInMoto(env.moto, { prefix: PREFIX, functionName: `${PREFIX}-core-SlackNotifierFunction`, tableName: env.r.tableName, mappingEnabled: false });
  queueUrl = deployed.queueUrl;
  await sns.send(new SubscribeCommand({ TopicArn: criticalTopic, Protocol: 'sqs', Endpoint: deployed.queueArn }));
  await putAlarm(clients.cloudwatch('us-east-1'), { AlarmName: ON_SLACK, AlarmActions: [criticalTopic], OKActions: [criticalTopic] });
  await putAlarm(clients.cloudwatch('us-east-1'), { AlarmName: NOT_ON_SLACK, AlarmActions: [warningTopic], OKActions: [warningTopic] });
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
    if (a.StateValue === 'ALARM') {
      const notification = countAlarm({ AlarmName: name, AlarmArn: a.AlarmArn, NewStateReason: a.StateReason, StateChangeTime: a.StateUpdatedTimestamp!.toISOString().replace('Z', '+0000') });
      await clients.sns('us-east-1').send(new PublishCommand({ TopicArn: criticalTopic, Message: JSON.stringify(notification), Subject: `ALARM: "${name}" in US East (N. Virginia)` }));
      let messages: Message[] = [];
      for (let j = 0; j < 10 && messages.length === 0; j++) {
        messages = (await clients.sqs('us-east-1').send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, AttributeNames: ['All'] }))).Messages ?? [];
      }
      const event = queueEventOf({
        Records: messages.map((m) => ({ messageId: m.MessageId, receiptHandle: m.ReceiptHandle, body: m.Body, attributes: m.Attributes ?? {}, messageAttributes: {}, md5OfBody: m.MD5OfBody, eventSource: 'aws:sqs', eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:intake', awsRegion: 'us-east-1' })),
      });
      expect(event?.messages).toHaveLength(1);
      await makeNotifier(env.r, { retry: { maxAttempts: 1 } }).handleQueueEvent(event!, 30_000);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${name} never went to ALARM`);
}

describe('dns-monitor test-alert with the Slack webhook notifier', () => {
  it('says the test page reached the channel once the notifier has recorded it; an alarm on a topic the notifier does not read is not looked at', async () => {
    const [r] = await Promise.all([captureCli(() => main(['test-alert', file, '--yes', '--wait', '20'], clients)), actAsCloudWatch(ON_SLACK)]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^waiting up to 20 s for the Slack notifier to record its posts \(--wait 0 skips this\)$/m);
    expect(r.out.split('\n').filter((l) => l.startsWith('Slack:'))).toEqual([`Slack: us-east-1 ${ON_SLACK}: posted to the channel (the notifier recorded it)`]);
    expect(env.slack.posts.map((p) => p.body.text)).toEqual([expect.stringMatching(/^🔴 ALARM/)]);
  }, 60_000);

  it('says which page did not reach the channel, and where to look, exit 1, when Slack refused it', async () => {
    env.slack.script({ kind: 'status', status: 404, body: 'channel_not_found' });
    const [r] = await Promise.all([captureCli(() => main(['test-alert', file, '--yes', '--wait', '4'], clients)), actAsCloudWatch(ON_SLACK)]);
    expect(r.code).toBe(1);
    expect(r.out.split('\n').filter((l) => l.startsWith('Slack:'))).toEqual([
      `Slack: us-east-1 ${ON_SLACK}: not posted within 4 s: run dns-monitor doctor (the webhook secret, the intake backlog, dead letters) and read the notifier's log group`,
    ]);
  }, 60_000);

  // A policy made before this check lacks the reads: the pages are sent all the same, and it says
  // it could not tell (exit 0). Here DynamoDB is a closed loopback port.
  it('says so when it cannot read what the notifier posted, after sending, exit 0', async () => {
    const closed = await freePort();
    const denied = { ...clients, dynamodb: () => new DynamoDBClient({ ...env.moto.clientConfig('us-east-1'), endpoint: `http://127.0.0.1:${closed}`, maxAttempts: 1 }) };
    const r = await captureCli(() => main(['test-alert', file, '--yes', '--wait', '5'], denied));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^sent 2 test notification\(s\):/);
    expect(r.out.split('\n').filter((l) => l.startsWith('Slack:'))).toEqual([
      "Slack: could not read what the notifier posted (Error): look in the channel; the policy in docs/cli-permissions.md grants the reads this needs (cloudwatch:DescribeAlarms, dynamodb:GetItem, lambda:GetFunctionConfiguration, lambda:ListEventSourceMappings, sns:ListSubscriptionsByTopic, sqs:GetQueueAttributes, sqs:GetQueueUrl, kms:Decrypt through dynamodb)",
    ]);
  });

  // The test subscribes the intake queue as the app does: test-alert finds the alarms Slack hears by
  // a subscription of protocol sqs whose endpoint is the queue's ARN ("For the sqs protocol, the
  // endpoint is the ARN of an Amazon SQS queue": SNS API Reference, Subscribe,
  // https://docs.aws.amazon.com/sns/latest/api/API_Subscribe.html), which ListSubscriptionsByTopic lists.
  it("reads the app's own subscriptions of the intake queue: protocol sqs, the queue's ARN as endpoint, from each alert topic", () => {
    const d = deploymentOf(CONFIG as never);
    const [queue] = d.resources('AWS::SQS::Queue').filter((q) => q.logicalId.startsWith('SlackNotifierIntakeQueue'));
    const subscriptions = d.resources('AWS::SNS::Subscription').map((r) => d.props(r)).filter((p) => p.Endpoint === d.arnOf(queue));
    expect(subscriptions.map((p) => [p.Protocol, p.TopicArn.split(':').pop()]).sort()).toEqual([
      ['sqs', topicName(PREFIX, 'critical')],
      ['sqs', topicName(PREFIX, 'warning')],
    ]);
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
