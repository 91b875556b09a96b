/**
 * doctor's `deliveries` check: notifications SNS could not deliver from the deployment's alert
 * topics. An alarm's page reaches SNS and then fails at the subscriber (a rotated PagerDuty or
 * Opsgenie integration URL, an HTTPS endpoint down, an SQS queue whose key refuses SNS, an SMS
 * number SNS cannot text): SNS retries, gives up and counts it in `NumberOfNotificationsFailed`,
 * and nobody is told. Against moto server through the real AWS SDK, with the topics' metrics put
 * into moto's CloudWatch as SNS publishes them (namespace AWS/SNS, dimension TopicName).
 */
import { PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { CreateTopicCommand } from '@aws-sdk/client-sns';
import { parseConfig } from '../../lib/config/load';
import { type DoctorClients, runDoctor } from '../../lib/doctor';
import { CLI_PERMISSIONS } from '../../lib/doctor/permissions';
import { SNS_METRICS } from '../../lib/aws-facts';
import { smsTopicName, topicName } from '../../lib/naming';
import { startMoto, type MotoServer } from '../support/moto';
import { motoDoctorClients } from './clients';

const ACCOUNT = '123456789012'; // moto's
const CONFIG = {
  prefix: 'dlv',
  hostedZones: [{ zoneId: 'Z0DELIVERIES00000001', zoneName: 'a.example.com' }],
  resolverVpcs: [{ vpcId: 'vpc-0123456789abcdef0', region: 'eu-west-1' }],
  alerts: {
    email: ['oncall@example.com'],
    sms: ['+14155550100'],
    routes: { dbteam: { critical: { topicArns: [`arn:aws:sns:us-east-1:${ACCOUNT}:dbteam-pages`] } } },
  },
};
const HOUR = 3_600_000;
// Whole hours: CloudWatch keeps older data at an hour's period, and the check reads hours.
const NOW = Math.floor(Date.now() / HOUR) * HOUR;

let moto: MotoServer;
let clients: DoctorClients;
const check = async (now = NOW) => runDoctor(parseConfig(CONFIG), clients, { checks: ['deliveries'], now });

/** What SNS publishes for a topic: `failed` and `delivered` notifications in the hour starting `at`. */
async function snsMetrics(region: string, topic: string, at: number, counts: { failed?: number; delivered?: number }) {
  const data = [
    ...(counts.failed !== undefined ? [{ MetricName: SNS_METRICS.failed, Value: counts.failed }] : []),
    ...(counts.delivered !== undefined ? [{ MetricName: SNS_METRICS.delivered, Value: counts.delivered }] : []),
  ].map((d) => ({ ...d, Unit: 'Count' as const, Timestamp: new Date(at + 60_000), Dimensions: [{ Name: SNS_METRICS.dimension, Value: topic }] }));
  await clients.cloudwatch(region).send(new PutMetricDataCommand({ Namespace: SNS_METRICS.namespace, MetricData: data }));
}

beforeAll(async () => {
  moto = await startMoto();
  clients = motoDoctorClients(moto);
  for (const region of ['us-east-1', 'eu-west-1']) {
    for (const name of [topicName('dlv', 'critical'), topicName('dlv', 'warning'), smsTopicName('dlv', 'critical'), smsTopicName('dlv', 'warning')]) {
      await clients.sns(region).send(new CreateTopicCommand({ Name: name }));
    }
  }
  await clients.sns('us-east-1').send(new CreateTopicCommand({ Name: 'dbteam-pages' }));
  // Another deployment's topic whose deliveries fail: not this deployment's to report.
  await clients.sns('us-east-1').send(new CreateTopicCommand({ Name: 'dlvx-alerts-critical' }));
  await snsMetrics('us-east-1', 'dlvx-alerts-critical', NOW - 2 * HOUR, { failed: 9 });
  // Deliveries that all went through.
  await snsMetrics('us-east-1', topicName('dlv', 'warning'), NOW - 5 * HOUR, { delivered: 4, failed: 0 });
}, 60_000);
afterAll(() => moto?.stop());

describe('doctor deliveries', () => {
  it('every delivery went through: nothing to report; it reads each topic of the deployment, its own and the configured', async () => {
    const report = await check();
    expect(report.findings).toEqual([]);
    // 4 topics a region in 2 regions, and the DB team's.
    expect(report.checked).toEqual({ deliveries: 9 });
    expect(CLI_PERMISSIONS.doctor).toEqual(expect.arrayContaining(['cloudwatch:GetMetricData', 'sns:ListTopics']));
  });

  it('reports a topic whose notifications SNS could not deliver, with how many, when last, and where to look', async () => {
    await snsMetrics('us-east-1', topicName('dlv', 'critical'), NOW - 30 * HOUR, { failed: 3, delivered: 1 });
    await snsMetrics('us-east-1', topicName('dlv', 'critical'), NOW - 3 * HOUR, { failed: 4, delivered: 1 });
    await snsMetrics('eu-west-1', smsTopicName('dlv', 'warning'), NOW - 100 * HOUR, { failed: 1 });
    await snsMetrics('us-east-1', 'dbteam-pages', NOW - 10 * HOUR, { failed: 2, delivered: 0 });
    const found = (await check()).findings;
    const last = (hoursAgo: number) => new Date(NOW - hoursAgo * HOUR).toISOString().slice(0, 16).replace('T', ' ');
    expect(found.map((f) => [f.region, f.subject, f.problem])).toEqual([
      [
        'eu-west-1',
        'dlv-alerts-warning-sms',
        `SNS failed to deliver 1 notification in the last 7 days (NumberOfNotificationsFailed; 0 delivered), the last in the hour from ${last(100)} UTC: a subscriber did not get the alarms SNS sent it, and nothing else says so`,
      ],
      [
        'us-east-1',
        'dbteam-pages',
        `SNS failed to deliver 2 notifications in the last 7 days (NumberOfNotificationsFailed; 0 delivered), the last in the hour from ${last(10)} UTC: a subscriber did not get the alarms SNS sent it, and nothing else says so`,
      ],
      [
        'us-east-1',
        'dlv-alerts-critical',
        `SNS failed to deliver 7 notifications in the last 7 days (NumberOfNotificationsFailed; 2 delivered), the last in the hour from ${last(3)} UTC: a subscriber did not get the alarms SNS sent it, and nothing else says so`,
      ],
    ]);
    expect(found[2].fix).toBe(
      `find the subscriber among aws sns list-subscriptions-by-topic --region us-east-1 --topic-arn arn:aws:sns:us-east-1:${ACCOUNT}:dlv-alerts-critical (an HTTPS endpoint that refuses or does not answer, such as a rotated PagerDuty or Opsgenie integration URL, counts once per attempt; an email address that bounces, a number SNS cannot text, a queue whose key or policy refuses SNS count once) and fix or replace it; delivery status logging on the topic names it (SNS Developer Guide, "Amazon SNS message delivery status"); then dns-monitor test-alert`,
    );
  });

  it('forgets failures older than its 7 days', async () => {
    const found = (await check(NOW + 7 * 24 * HOUR - 20 * HOUR)).findings;
    // The SMS topic's failure (100 h before NOW) and the critical topic's older one are out of the window.
    expect(found.map((f) => [f.subject, f.problem.match(/deliver (\d+) notification/)![1]])).toEqual([
      ['dbteam-pages', '2'],
      ['dlv-alerts-critical', '4'],
    ]);
  });
});
