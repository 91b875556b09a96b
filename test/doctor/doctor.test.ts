/**
 * `dns-monitor doctor` against moto server through the real AWS SDK: a deployment half set up
 * (placeholder secrets, a log group that gets nothing, one that does not exist, zones without
 * query logging, an alarm without data, SMS subscribers SNS will not text) is reported item by
 * item; a complete one is clean.
 */
import { PutMetricAlarmCommand, SetAlarmStateCommand } from '@aws-sdk/client-cloudwatch';
import { CreateLogGroupCommand, CreateLogStreamCommand, PutLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CreateQueryLoggingConfigCommand } from '@aws-sdk/client-route-53';
import { CreateSecretCommand } from '@aws-sdk/client-secrets-manager';
import { CreateTopicCommand, SetSMSAttributesCommand, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateTrailCommand, PutEventSelectorsCommand, StartLoggingCommand } from '@aws-sdk/client-cloudtrail';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main, parseDoctorArgs } from '../../bin/doctor';
import { LAMBDA } from '../../lib/aws-facts';
import { parseConfig } from '../../lib/config/load';
import { type DoctorClients, runDoctor } from '../../lib/doctor';
import { jsonValuesOf, runWithAwsCli } from '../support/aws-cli';
import { startMoto, type MotoServer } from '../support/moto';
import { motoDoctorClients } from './clients';
import { deploymentOf } from '../support/iam/app';
import { deadLetterAlarmName, DNS_REPORTER_ALARMS, intakeBacklogAlarmName, smsTopicName, subjectAlarmName, topicName } from '../../lib/naming';
import { CreateQueueCommand, GetQueueAttributesCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { CreateEventSourceMappingCommand, CreateFunctionCommand, LambdaClient, UpdateEventSourceMappingCommand } from '@aws-sdk/client-lambda';
import { createHostedZone } from '../support/moto-zones';

const CONFIG = {
  prefix: 'doc',
  hostedZones: [
    { zoneId: 'Z0DOCTOR000000000001', zoneName: 'live.example.com' },
    { zoneId: 'Z0DOCTOR000000000002', zoneName: 'quiet.example.com' },
  ],
  resolverVpcs: [{ vpcId: 'vpc-0123456789abcdef0', region: 'eu-west-1', queryLogging: { logGroupName: '/dns/resolver-eu' } }],
  alerts: { email: ['oncall@example.com'], slack: { webhook: {} } },
  license: { licenseId: 'lic_doctor_0001' },
};

let moto: MotoServer;
let clients: DoctorClients;
const HOUR = 3_600_000;

beforeAll(async () => {
  moto = await startMoto();
  clients = motoDoctorClients(moto);
  // What cdk deploy leaves: topics with the email subscription, the placeholder secrets, the log groups.
  for (const region of ['us-east-1', 'eu-west-1']) {
    for (const sev of ['critical', 'warning']) {
      const t = await clients.sns(region).send(new CreateTopicCommand({ Name: `doc-alerts-${sev}` }));
      await clients.sns(region).send(new SubscribeCommand({ TopicArn: t.TopicArn, Protocol: 'email', Endpoint: 'oncall@example.com' }));
    }
  }
  await clients.secrets('us-east-1').send(new CreateSecretCommand({ Name: 'doc/slack-webhook-url', SecretString: '{"placeholder":"k3Jd9"}' }));
  await clients.secrets('us-east-1').send(new CreateSecretCommand({ Name: 'doc/license', SecretString: '{"generated":"x"}' }));
  const logs = clients.logs('us-east-1');
  for (const [group, ageHours] of [['/aws/route53/live.example.com', 0], ['/aws/route53/quiet.example.com', 5]] as const) {
    await logs.send(new CreateLogGroupCommand({ logGroupName: group }));
    await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: 'edge' }));
    await logs.send(new PutLogEventsCommand({ logGroupName: group, logStreamName: 'edge', logEvents: [{ timestamp: Date.now() - ageHours * HOUR, message: '1.0 2026-12-02T00:00:00Z Z0DOCTOR000000000001 x A NOERROR UDP IAD89-C1 192.0.2.1 -' }] }));
  }
  const cw = clients.cloudwatch('us-east-1');
  await cw.send(new PutMetricAlarmCommand({ AlarmName: 'doc-live.example.com-total-low-traffic', Namespace: 'Codreum/DNS', MetricName: 'Queries', Statistic: 'Sum', Period: 60, EvaluationPeriods: 1, Threshold: 1, ComparisonOperator: 'LessThanThreshold' }));
  await cw.send(new SetAlarmStateCommand({ AlarmName: 'doc-live.example.com-total-low-traffic', StateValue: 'INSUFFICIENT_DATA', StateReason: 'no data' }));
  await cw.send(new PutMetricAlarmCommand({ AlarmName: 'other-app-alarm', Namespace: 'X', MetricName: 'Y', Statistic: 'Sum', Period: 60, EvaluationPeriods: 1, Threshold: 1, ComparisonOperator: 'LessThanThreshold' }));
  await cw.send(new SetAlarmStateCommand({ AlarmName: 'other-app-alarm', StateValue: 'INSUFFICIENT_DATA', StateReason: 'no data' }));
}, 60_000);
afterAll(() => moto?.stop());

describe('doctor on a half set-up deployment', () => {
  let report: Awaited<ReturnType<typeof runDoctor>>;
  beforeAll(async () => {
    report = await runDoctor(parseConfig(CONFIG), clients, { now: Date.now() + 2 * 60_000, insufficientMinutes: 1 });
  });
  const about = (check: string) => report.findings.filter((f) => f.check === check).map((f) => `${f.region} ${f.subject}: ${f.problem}`);

  it('looked at every subscription, secret, log group, zone and alarm of the deployment', () => {
    // drift: the 37 alarms (4 on the alert topics' deliveries), 22 metric filters and 6 EventBridge rules of the config's templates.
    expect(report.checked).toEqual({ subscriptions: 4, sms: 0, secrets: 2, zones: 2, 'log-groups': 3, 'log-policies': 0, 'query-logging': 3, 'resolver-endpoints': 0, domains: 0, 'change-audit': 0, topics: 0, 'alert-keys': 0, deliveries: 4, alarms: 1, drift: 76, 'dead-letters': 0, 'slack-alarms': 0, maintenance: 0 });
  });

  it('reports both placeholder secrets, with the command that sets each', () => {
    expect(about('secrets')).toEqual([
      'us-east-1 doc/slack-webhook-url: Slack webhook secret still the generated placeholder (no https://hooks.slack.com/ URL)',
      'us-east-1 doc/license: license key secret still the generated placeholder (no licenseKey)',
    ]);
    expect(report.findings.find((f) => f.subject === 'doc/slack-webhook-url')!.fix).toMatch(/put-secret-value --region us-east-1 --secret-id doc\/slack-webhook-url/);
  });

  it('reports the silent log group and the missing one, not the live one', () => {
    expect(about('log-groups')).toEqual([
      'eu-west-1 /dns/resolver-eu: log group does not exist: no query logs, so no metrics',
      'us-east-1 /aws/route53/quiet.example.com: no event for 5 h',
    ]);
  });

  it('reports the VPC without a query logging configuration, and the zones (not in this account) once, under zones', () => {
    expect(about('query-logging')).toEqual([
      'eu-west-1 vpc-0123456789abcdef0: no Resolver query logging configuration is associated with this VPC: Resolver writes no query logs for it',
    ]);
    expect(about('zones')).toEqual([
      'us-east-1 live.example.com (Z0DOCTOR000000000001): this account has no hosted zone Z0DOCTOR000000000001: Route 53 logs and counts nothing for it, so every alarm of the zone stays without data',
      'us-east-1 quiet.example.com (Z0DOCTOR000000000002): this account has no hosted zone Z0DOCTOR000000000002: Route 53 logs and counts nothing for it, so every alarm of the zone stays without data',
    ]);
  });

  it("reports the deployment's alarm stuck in INSUFFICIENT_DATA, and no other app's", () => {
    expect(about('alarms')).toEqual([expect.stringMatching(/^us-east-1 doc-live\.example\.com-total-low-traffic: INSUFFICIENT_DATA for \d+ min/)]);
  });

  it('reports no confirmed subscription as unconfirmed', () => {
    // moto confirms email subscriptions at once; SNS lists an unconfirmed one as "PendingConfirmation".
    expect(about('subscriptions')).toEqual([]);
  });
});

describe('doctor on existing topics the config names', () => {
  // The app cannot change a topic it does not create. One encrypted with the AWS managed key
  // alias/aws/sns takes no alarm notification: CloudWatch (a service principal) cannot use that key.
  it('reports a missing topic and one encrypted with alias/aws/sns; a topic with a customer managed key is fine', async () => {
    const sns = clients.sns('us-east-1');
    const managed = (await sns.send(new CreateTopicCommand({ Name: 'paging-aws-key', Attributes: { KmsMasterKeyId: 'alias/aws/sns' } }))).TopicArn!;
    const own = (await sns.send(new CreateTopicCommand({ Name: 'paging-own-key', Attributes: { KmsMasterKeyId: 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab' } }))).TopicArn!;
    const missing = 'arn:aws:sns:us-east-1:123456789012:paging-deleted';
    const config = {
      prefix: 'ext',
      hostedZones: [{ zoneId: 'Z0DOCTOR000000000009', zoneName: 'ext.example.com' }],
      alerts: { critical: { topicArns: [managed] }, warning: { topicArns: [own] }, routes: { old: { topicArns: [missing] } } },
    };
    const report = await runDoctor(parseConfig(config), clients);
    expect(report.findings.filter((f) => f.check === 'topics').map((f) => `${f.subject}: ${f.problem}`)).toEqual([
      `${managed}: encrypted with the AWS managed key alias/aws/sns, which CloudWatch alarms cannot use: their notifications to it fail`,
      `${missing}: does not exist (NotFound): alarms that notify it reach no one`,
    ]);
    expect(report.checked.topics).toBe(3);
    // The fix's command (in its parentheses), its key filled in with one made by the AWS CLI, run as pasted: that finding goes.
    const fix = report.findings.find((f) => f.subject === managed)!.fix;
    const command = fix.slice(fix.indexOf('aws sns set-topic-attributes'), fix.indexOf('), or'));
    expect(command).toContain('<key ARN>');
    const key = (jsonValuesOf(runWithAwsCli(moto, "aws kms create-key --description 'paging topic key'")) as { KeyMetadata: { Arn: string } }[])[0].KeyMetadata.Arn;
    runWithAwsCli(moto, command.replace('<key ARN>', key));
    const after = await runDoctor(parseConfig(config), clients);
    expect(after.findings.filter((f) => f.check === 'topics').map((f) => f.subject)).toEqual([missing]);
  });
});

/** A hosted zone in moto with an id the config accepts (test/support/moto-zones.ts). */
async function zone(name: string): Promise<string> {
  return (await createHostedZone(clients.route53(), name)).id;
}

/** Route 53 query logging of a zone into a group, named by its ARN as DescribeLogGroups gives it (with the trailing ":*", which moto requires). */
async function logZoneTo(zoneId: string, group: string): Promise<void> {
  await clients.route53().send(new CreateQueryLoggingConfigCommand({ HostedZoneId: zoneId, CloudWatchLogsLogGroupArn: `arn:aws:logs:us-east-1:123456789012:log-group:${group}:*` }));
}

describe('doctor on a zone whose query logs go to another log group', () => {
  // Route 53 allows one query logging configuration per zone: a zone that already logs elsewhere
  // keeps doing so, and the monitoring reads a group that gets nothing.
  it('names the group the zone logs to and the one the monitoring reads; a zone logging to its group is fine', async () => {
    const elsewhere = await zone('elsewhere.example.com');
    const here = await zone('here.example.com');
    const logs = clients.logs('us-east-1');
    for (const group of ['/aws/route53/legacy-dns', '/aws/route53/here.example.com']) await logs.send(new CreateLogGroupCommand({ logGroupName: group }));
    await logZoneTo(elsewhere, '/aws/route53/legacy-dns');
    await logZoneTo(here, '/aws/route53/here.example.com');
    const config = { prefix: 'qlog', hostedZones: [{ zoneId: elsewhere, zoneName: 'elsewhere.example.com' }, { zoneId: here, zoneName: 'here.example.com' }], alerts: { email: ['oncall@example.com'] } };
    const report = await runDoctor(parseConfig(config), clients);
    const found = report.findings.filter((f) => f.check === 'query-logging');
    expect(found.map((f) => `${f.subject}: ${f.problem}`)).toEqual([
      `elsewhere.example.com (${elsewhere}): Route 53 writes its query logs to /aws/route53/legacy-dns, but the monitoring reads /aws/route53/elsewhere.example.com: its metrics get nothing`,
    ]);
    expect(found[0].fix).toMatch(/queryLogging\.logGroupName: \/aws\/route53\/legacy-dns/);
  });
});

describe('doctor before the first deploy: query logging the app would create already exists', () => {
  // Route 53 allows one query logging configuration per zone, and the group's name is taken: with
  // queryLogging.create: true the deploy fails creating both. The app's own group carries the
  // deployment's tags (codreum:prefix), so after the deploy the same zone is fine.
  it('names a zone whose configuration was made outside the deployment, not one the deployment made', async () => {
    const before = await zone('before.example.com');
    const ours = await zone('ours.example.com');
    const logs = clients.logs('us-east-1');
    await logs.send(new CreateLogGroupCommand({ logGroupName: '/aws/route53/before.example.com' }));
    await logs.send(new CreateLogGroupCommand({ logGroupName: '/aws/route53/ours.example.com', tags: { 'codreum:prefix': 'preflight', 'codreum:product': 'dns-monitor' } }));
    await logZoneTo(before, '/aws/route53/before.example.com');
    await logZoneTo(ours, '/aws/route53/ours.example.com');
    const config = {
      prefix: 'preflight',
      hostedZones: [
        { zoneId: before, zoneName: 'before.example.com', queryLogging: { create: true } },
        { zoneId: ours, zoneName: 'ours.example.com', queryLogging: { create: true } },
      ],
      alerts: { email: ['oncall@example.com'] },
    };
    const report = await runDoctor(parseConfig(config), clients, { checks: ['query-logging'] });
    const found = report.findings.filter((f) => f.check === 'query-logging');
    expect(found.map((f) => f.subject)).toEqual([`before.example.com (${before})`]);
    expect(found[0].problem).toBe('Route 53 already writes this zone\'s query logs to /aws/route53/before.example.com through a configuration made outside this deployment (the group lacks its codreum:prefix tag): with queryLogging.create: true the deploy fails creating a second configuration (a zone has one) and the group (its name is taken)');
    expect(found[0].fix).toBe('set hostedZones[0].queryLogging.create: false (the monitoring then reads /aws/route53/before.example.com, where the existing configuration writes)');
  });

  it('names a zone whose log group exists without query logging, made outside the deployment (its name is taken)', async () => {
    const taken = await zone('taken.example.com');
    await clients.logs('us-east-1').send(new CreateLogGroupCommand({ logGroupName: '/aws/route53/taken.example.com' }));
    const config = { prefix: 'preflight', hostedZones: [{ zoneId: taken, zoneName: 'taken.example.com', queryLogging: { create: true } }], alerts: { email: ['oncall@example.com'] } };
    const report = await runDoctor(parseConfig(config), clients, { checks: ['query-logging'] });
    const found = report.findings.filter((f) => f.check === 'query-logging');
    expect(found.map((f) => `${f.subject}: ${f.problem}`)).toEqual([
      `taken.example.com (${taken}): no query logging configuration, and the log group /aws/route53/taken.example.com exists, made outside this deployment (it lacks its codreum:prefix tag): with queryLogging.create: true the deploy fails creating the group (its name is taken)`,
    ]);
    expect(found[0].fix).toBe('set hostedZones[0].queryLogging.useExistingLogGroup: true (the deploy then turns query logging on into the existing group), or delete the group if nothing needs it');
  });

  // With queryLogging.create: true the deploy makes the configuration: before it, doctor says so
  // (not "set create: true", which it is); after it, a configuration gone while the deployment's
  // group is there was deleted by hand, and CloudFormation does not make it again.
  it('says a zone the deploy will log is not deployed yet, and one whose configuration was deleted after the deploy, with the command that turns it on again', async () => {
    const fresh = await zone('fresh.example.com');
    const deleted = await zone('deleted.example.com');
    await clients.logs('us-east-1').send(new CreateLogGroupCommand({ logGroupName: '/aws/route53/deleted.example.com', tags: { 'codreum:prefix': 'after' } }));
    const config = {
      prefix: 'after',
      hostedZones: [
        { zoneId: fresh, zoneName: 'fresh.example.com', queryLogging: { create: true } },
        { zoneId: deleted, zoneName: 'deleted.example.com', queryLogging: { create: true } },
      ],
      alerts: { email: ['oncall@example.com'] },
    };
    const found = (await runDoctor(parseConfig(config), clients, { checks: ['query-logging'] })).findings;
    expect(found.map((f) => [f.subject, f.problem, f.fix])).toEqual([
      [
        `fresh.example.com (${fresh})`,
        'no query logging configuration yet, nor its log group /aws/route53/fresh.example.com: the deploy makes both (queryLogging.create: true)',
        'deploy (cdk deploy)',
      ],
      [
        `deleted.example.com (${deleted})`,
        "no query logging configuration, though the deploy made one into this deployment's log group /aws/route53/deleted.example.com: it was deleted outside CloudFormation, which does not make it again, so Route 53 writes no query logs for this zone",
        `turn it on again: aws route53 create-query-logging-config --hosted-zone-id ${deleted} --cloud-watch-logs-log-group-arn arn:aws:logs:us-east-1:123456789012:log-group:/aws/route53/deleted.example.com (or in the Route 53 console: the zone, Configure query logging)`,
      ],
    ]);
  });

});

describe('doctor on a shared log group that zones outside the config write to', () => {
  // A group's filters list the zones they count while the list fits in a pattern; past 27
  // zones they count every line of the group, and other zones' queries become metrics too (billed,
  // and toward the 1,000 dimension values an hour after which CloudWatch Logs may disable a filter).
  it('names a group whose filters count every line, and the zones it does not monitor; a group whose filters list their zones is fine', async () => {
    const names = Array.from({ length: 45 }, (_, i) => `z${i}.fleet.example.com`);
    const fleet = await Promise.all(names.map(zone));
    const [outsider, small1, small2, smallOutsider] = await Promise.all(['legacy.fleet.example.com', 'a.small.example.com', 'b.small.example.com', 'legacy.small.example.com'].map(zone));
    const logs = clients.logs('us-east-1');
    for (const group of ['/aws/route53/shared-fleet', '/aws/route53/small']) await logs.send(new CreateLogGroupCommand({ logGroupName: group }));
    for (const id of [...fleet, outsider]) await logZoneTo(id, '/aws/route53/shared-fleet');
    for (const id of [small1, small2, smallOutsider]) await logZoneTo(id, '/aws/route53/small');
    const config = {
      prefix: 'shared',
      hostedZones: [
        ...fleet.map((id, i) => ({ zoneId: id, zoneName: names[i], queryLogging: { logGroupName: '/aws/route53/shared-fleet' } })),
        { zoneId: small1, zoneName: 'a.small.example.com', queryLogging: { logGroupName: '/aws/route53/small' } },
        { zoneId: small2, zoneName: 'b.small.example.com', queryLogging: { logGroupName: '/aws/route53/small' } },
      ],
      alerts: { email: ['oncall@example.com'] },
    };
    const found = (await runDoctor(parseConfig(config), clients)).findings.filter((f) => f.check === 'query-logging');
    expect(found.map((f) => `${f.subject}: ${f.problem}`)).toEqual([
      `log group /aws/route53/shared-fleet: also receives the query logs of 1 hosted zone the config does not monitor (${outsider}): the group's metric filters count its queries as metrics of their own (custom metrics, billed), and toward the 1,000 different dimension values an hour after which CloudWatch Logs may disable a filter (46 zones of at most 999)`,
    ]);
    expect(found[0].fix).toMatch(/log group of its own.*or add it to the config/);
  }, 120_000);
});

describe('doctor on the CloudTrail trail the change audit needs', () => {
  // EventBridge gets Route 53's API calls ("AWS API Call via CloudTrail") only while a trail logs
  // them, in us-east-1, where Route 53 records them. Without one the change audit is silent.
  const trail = () => clients.cloudtrail('us-east-1');
  const audit = async () => (await runDoctor(parseConfig(CONFIG), clients)).findings.filter((f) => f.check === 'change-audit');

  it('reports an account without a trail: no change alert would ever arrive', async () => {
    const found = await audit();
    expect(found.map((f) => `${f.region} ${f.subject}: ${f.problem}`)).toEqual([
      'us-east-1 CloudTrail: no CloudTrail trail in the account: EventBridge receives no Route 53 API calls, so no DNS change alert will arrive',
    ]);
    expect(found[0].fix).toMatch(/aws cloudtrail create-trail .*--is-multi-region-trail.*aws cloudtrail start-logging/);
  });

  it('says why each trail does not count: stopped, read-only selectors, Route 53 left out; a trail of another region only is not seen', async () => {
    const s3 = new S3Client({ ...moto.clientConfig('us-east-1'), forcePathStyle: true });
    await s3.send(new CreateBucketCommand({ Bucket: 'doc-trail-logs' }));
    await clients.cloudtrail('eu-west-1').send(new CreateTrailCommand({ Name: 'eu-only', S3BucketName: 'doc-trail-logs', IsMultiRegionTrail: false }));
    await clients.cloudtrail('eu-west-1').send(new StartLoggingCommand({ Name: 'eu-only' }));
    await trail().send(new CreateTrailCommand({ Name: 'audit', S3BucketName: 'doc-trail-logs', IsMultiRegionTrail: true }));
    expect((await audit()).map((f) => f.problem)).toEqual([
      "no trail logs Route 53's write management events in us-east-1 (audit: logging is stopped): EventBridge receives no Route 53 API calls, so no DNS change alert will arrive",
    ]);

    await trail().send(new StartLoggingCommand({ Name: 'audit' }));
    await trail().send(new PutEventSelectorsCommand({ TrailName: 'audit', EventSelectors: [{ ReadWriteType: 'ReadOnly', IncludeManagementEvents: true }] }));
    expect((await audit()).map((f) => f.problem)).toEqual([expect.stringContaining("(audit: its event selectors leave out Route 53's write management events)")]);

    await trail().send(
      new PutEventSelectorsCommand({
        TrailName: 'audit',
        AdvancedEventSelectors: [{ Name: 'management but not DNS', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }, { Field: 'eventSource', NotEquals: ['route53.amazonaws.com'] }] }],
      }),
    );
    expect((await audit()).map((f) => f.problem)).toEqual([expect.stringContaining("(audit: its event selectors leave out Route 53's write management events)")]);
  });

  it('is satisfied by a logging multi-region trail that records write management events', async () => {
    await trail().send(
      new PutEventSelectorsCommand({ TrailName: 'audit', AdvancedEventSelectors: [{ Name: 'writes', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }, { Field: 'readOnly', Equals: ['false'] }] }] }),
    );
    const report = await runDoctor(parseConfig(CONFIG), clients);
    expect(report.findings.filter((f) => f.check === 'change-audit')).toEqual([]);
    // DescribeTrails in us-east-1 lists its own trails and other regions' multi-region ones only.
    expect(report.checked['change-audit']).toBe(1);
  });
});

describe('doctor on the trail, for the registrar calls of registered domains', () => {
  // The Route 53 Developer Guide records domain registration calls under route53domains.amazonaws.com:
  // a trail that keeps only route53.amazonaws.com would keep them from the registrar rules.
  const trail = () => clients.cloudtrail('us-east-1');
  const WITH_DOMAINS = { ...CONFIG, registeredDomains: [{ name: 'example.com' }] };
  const audit = async (config: object) => (await runDoctor(parseConfig(config), clients)).findings.filter((f) => f.check === 'change-audit');
  const only = (sources: string[]) =>
    trail().send(new PutEventSelectorsCommand({ TrailName: 'audit', AdvancedEventSelectors: [{ Name: 'dns', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }, { Field: 'eventSource', Equals: sources }] }] }));

  it('reports a trail that keeps Route 53 but not domain registration calls, only when the config lists registered domains', async () => {
    await only(['route53.amazonaws.com']);
    expect(await audit(CONFIG)).toEqual([]);
    expect((await audit(WITH_DOMAINS)).map((f) => f.problem)).toEqual([
      "no trail logs Route 53's write management events in us-east-1 (audit: its event selectors leave out domain registration calls (route53domains.amazonaws.com)): EventBridge receives no Route 53 API calls, so no DNS change alert will arrive",
    ]);
    await only(['route53.amazonaws.com', 'route53domains.amazonaws.com']);
    expect(await audit(WITH_DOMAINS)).toEqual([]);
  });
});

describe('doctor on SMS subscribers that SNS will not text', () => {
  // Three numbers on the default route of a deployment in three regions (VPCs in eu-west-1 and
  // ap-southeast-2):
  // moto reports numbers ending in 99 as opted out (CheckIfPhoneNumberIsOptedOut), keeps each
  // region's SMS preferences apart, and does not implement the SMS sandbox calls.
  const SMS = {
    prefix: 'pager',
    hostedZones: [{ zoneId: 'Z0DOCTOR000000000003', zoneName: 'paged.example.com' }],
    resolverVpcs: [
      { vpcId: 'vpc-0fedcba9876543210', region: 'eu-west-1', queryLogging: { logGroupName: '/dns/resolver-pager' } },
      { vpcId: 'vpc-0fedcba9876543211', region: 'ap-southeast-2', queryLogging: { logGroupName: '/dns/resolver-pager' } },
    ],
    alerts: { email: ['oncall@example.com'], sms: ['+14155550100', '+14155550199', '+442071838750'] },
  };
  let report: Awaited<ReturnType<typeof runDoctor>>;
  beforeAll(async () => {
    for (const region of ['us-east-1', 'eu-west-1', 'ap-southeast-2']) {
      for (const sev of ['critical', 'warning'] as const) {
        // As deploy leaves them: email on the alert topic, the numbers on its SMS topic.
        const t = await clients.sns(region).send(new CreateTopicCommand({ Name: topicName('pager', sev) }));
        await clients.sns(region).send(new SubscribeCommand({ TopicArn: t.TopicArn, Protocol: 'email', Endpoint: 'oncall@example.com' }));
        const text = await clients.sns(region).send(new CreateTopicCommand({ Name: smsTopicName('pager', sev) }));
        for (const n of SMS.alerts.sms) await clients.sns(region).send(new SubscribeCommand({ TopicArn: text.TopicArn, Protocol: 'sms', Endpoint: n }));
      }
    }
    // us-east-1's limit was raised after a quota increase, eu-west-1's was set to the new-account
    // $1, ap-southeast-2's was never set.
    await clients.sns('us-east-1').send(new SetSMSAttributesCommand({ attributes: { MonthlySpendLimit: '50' } }));
    await clients.sns('eu-west-1').send(new SetSMSAttributesCommand({ attributes: { MonthlySpendLimit: '1' } }));
    report = await runDoctor(parseConfig(SMS), clients);
  });
  const sms = () => report.findings.filter((f) => f.check === 'sms');

  it('looks at every SMS number once per region whose topics text it', () => {
    expect(report.checked.sms).toBe(9);
  });

  it("reports the regions still at the new account's $1 a month, set or not, with what that buys and the fix", () => {
    const spend = sms().filter((f) => f.subject === 'SMS spend limit');
    expect(spend.map((f) => `${f.region}: ${f.problem}`)).toEqual([
      "ap-southeast-2: MonthlySpendLimit is not set, so the account's SMS spending quota applies ($1 a month for a new account, about 155 alarm texts to a US number): once it is spent, SNS sends no SMS until the next month",
      'eu-west-1: MonthlySpendLimit is $1 a month (about 155 alarm texts to a US number): once it is spent, SNS sends no SMS until the next month',
    ]);
    expect(spend[1].fix).toMatch(/spending-quota increase .*then aws sns set-sms-attributes --region eu-west-1 --attributes MonthlySpendLimit=/);
  });

  // Last of these: it changes eu-west-1's limit (put back after).
  it('the spend limit command, its quota filled in, run as pasted by the AWS CLI, sets the limit doctor reads: that region is no longer reported', async () => {
    const fix = sms().find((f) => f.subject === 'SMS spend limit' && f.region === 'eu-west-1')!.fix;
    const command = fix.slice(fix.indexOf('aws sns set-sms-attributes'));
    expect(command).toBe('aws sns set-sms-attributes --region eu-west-1 --attributes MonthlySpendLimit=<the new quota>');
    runWithAwsCli(moto, command.replace('<the new quota>', '100'));
    const again = (await runDoctor(parseConfig(SMS), clients)).findings.filter((f) => f.check === 'sms' && f.subject === 'SMS spend limit');
    expect(again.map((f) => f.region)).toEqual(['ap-southeast-2']);
    await clients.sns('eu-west-1').send(new SetSMSAttributesCommand({ attributes: { MonthlySpendLimit: '1' } }));
  });

  it('reports the opted-out number in each region, with the opt-in command and its 30-day rule', () => {
    const out = sms().filter((f) => f.problem.startsWith('opted out'));
    expect(out.map((f) => `${f.region} ${f.subject}`)).toEqual(['ap-southeast-2 +14155550199', 'eu-west-1 +14155550199', 'us-east-1 +14155550199']);
    expect(out[2].fix).toBe('once its owner agrees: aws sns opt-in-phone-number --region us-east-1 --phone-number +14155550199 (allowed once every 30 days)');
    // The command (before its parenthesis), run as pasted by the AWS CLI, is taken (moto answers it).
    runWithAwsCli(moto, out[2].fix.slice(out[2].fix.indexOf('aws '), out[2].fix.indexOf(' (')));
  });

  it('says it could not tell whether the account is in the SMS sandbox, instead of claiming the numbers get texts', () => {
    const sandbox = sms().filter((f) => f.subject === 'SMS sandbox');
    expect(sandbox.map((f) => f.region)).toEqual(['ap-southeast-2', 'eu-west-1', 'us-east-1']);
    expect(sandbox[0].problem).toMatch(/^could not read the SMS sandbox status \(.+\): while the account is in the sandbox, numbers that are not verified get no SMS$/);
  });
});

describe('doctor on maintenance windows', () => {
  // Sundays 02:00 in Berlin for 2 h; 6 December 2026 is a Sunday (CET: 01:00-03:00 UTC).
  const config = {
    ...CONFIG,
    maintenanceWindows: [
      { name: 'weekly', schedule: 'cron(0 2 * * SUN)', duration: '2h', timezone: 'Europe/Berlin', zones: ['live.example.com'], vpcs: ['vpc-0123456789abcdef0'] },
      { name: 'once', schedule: 'at(2026-12-24T18:00)', duration: '1h', zones: ['quiet.example.com'] },
    ],
  };
  const windows = async (now: number) => (await runDoctor(parseConfig(config), clients, { now })).findings.filter((f) => f.check === 'maintenance');

  it('reports a window open now: until when, what it mutes, and how to end it', async () => {
    const found = await windows(Date.UTC(2026, 11, 6, 2, 30));
    expect(found).toEqual([
      {
        check: 'maintenance',
        region: '-',
        subject: 'weekly',
        problem: 'maintenance window open until 2026-12-06T03:00:00.000Z (cron(0 2 * * SUN) for 2h, Europe/Berlin): the alarms of 1 zone(s), 1 VPC(s) notify nobody until then; one still in ALARM when it closes notifies then',
        fix: 'nothing, if the work is planned; to end it early, remove maintenanceWindows[0] from the config and deploy',
      },
    ]);
    expect((await windows(Date.UTC(2026, 11, 24, 18, 59))).map((f) => f.subject)).toEqual(['once']);
  });

  it('reports nothing before a window opens or once it has closed', async () => {
    for (const now of [Date.UTC(2026, 11, 6, 0, 59), Date.UTC(2026, 11, 6, 3, 0), Date.UTC(2026, 11, 24, 19, 0)]) expect(await windows(now)).toEqual([]);
  });
});

describe('doctor once everything is set', () => {
  /** The command a secret's finding ends with (after its last ": "), as a user pastes it. */
  const secretFixes = async () => (await runDoctor(parseConfig(CONFIG), clients, { checks: ['secrets'] })).findings.map((f) => [f.subject, f.fix.slice(f.fix.lastIndexOf(': aws ') + 2)]);

  // A user who pastes the command with its placeholder left in has set nothing: the finding stays
  // (a placeholder that looks like a URL or a key would have passed, and Slack refuse every post).
  it('keeps reporting a secret set by the command with its placeholder left in, and says so', async () => {
    const fixes = await secretFixes();
    expect(fixes.map(([subject]) => subject)).toEqual(['doc/slack-webhook-url', 'doc/license']);
    for (const [, command] of fixes) runWithAwsCli(moto, command);
    const report = await runDoctor(parseConfig(CONFIG), clients, { checks: ['secrets'] });
    expect(report.findings.map((f) => `${f.subject}: ${f.problem}`)).toEqual([
      'doc/slack-webhook-url: Slack webhook secret still the <...> placeholder of the command that sets it: put the value in its place',
      'doc/license: license key secret still the <...> placeholder of the command that sets it: put the value in its place',
    ]);
  });

  it('is clean for the parts that are now in place, and the CLI exits 1 while something is still missing', async () => {
    // Each secret set by its finding's command, run by the AWS CLI with the placeholder filled in.
    for (const [subject, command] of await secretFixes()) {
      // The URL inside the JSON the command writes: AWS CLI version 1 would fetch a bare https:// value.
      const filled = subject === 'doc/license' ? command.replace(/<[^<>]*>/, 'lk_0123456789') : command.replace(/<[^<>]*>/, 'https://hooks.slack.com/services/T000/B000/XXXX');
      expect(filled).not.toBe(command);
      runWithAwsCli(moto, filled);
    }
    const report = await runDoctor(parseConfig(CONFIG), clients, { staleHours: 6, insufficientMinutes: 1 });
    expect(report.findings.filter((f) => f.check === 'secrets' || f.check === 'log-groups' && f.region === 'us-east-1')).toEqual([]);

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'doctor-'));
    const file = path.join(dir, 'c.yaml');
    fs.writeFileSync(file, JSON.stringify(CONFIG));
    // Its stack placement file: the drift check synthesizes with it, as cdk synth does (the VPC was placed in a third stack).
    fs.writeFileSync(path.join(dir, 'c.stacks.json'), JSON.stringify({ version: 1, units: { 'vpcs-eu-west-1|vpc-0123456789abcdef0': 3 } }));
    const out: string[] = [];
    const spy = jest.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
    try {
      // The zones (not in moto's account), the VPC's query logging and the eu log group are still
      // missing, and the five stacks' alarms (not deployed: moto runs no CloudFormation).
      expect(await main(['doctor', file, '--json', '--stale-hours', '6'], clients)).toBe(1);
    } finally {
      spy.mockRestore();
    }
    const findings = JSON.parse(out.join('')).findings as { check: string; subject: string }[];
    expect(findings.map((f) => f.check).sort()).toEqual(['drift', 'drift', 'drift', 'drift', 'drift', 'drift', 'drift', 'drift', 'log-groups', 'query-logging', 'zones', 'zones']);
    expect(findings.filter((f) => f.check === 'drift').map((f) => f.subject)).toEqual(['doc-core-eu-west-1', 'doc-dashboards-eu-west-1', 'doc-vpcs-eu-west-1-3', 'doc-change-audit', 'doc-core-us-east-1', 'doc-dashboards-us-east-1', 'doc-top-n', 'doc-zones-1']);
  });

  it('exits 2 with the config problem for a bad config, and on a bad option', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'doctor-'));
    const file = path.join(dir, 'bad.yaml');
    fs.writeFileSync(file, 'prefix: BAD\n');
    const err: string[] = [];
    const spy = jest.spyOn(process.stderr, 'write').mockImplementation((s) => (err.push(String(s)), true));
    try {
      expect(await main(['doctor', file], clients)).toBe(2);
      expect(await main(['doctor', '--stale-hours', 'soon'], clients)).toBe(2);
    } finally {
      spy.mockRestore();
    }
    expect(err.join('')).toMatch(/prefix: must be 1-24 characters/);
    expect(err.join('')).toMatch(/--stale-hours needs a number/);
    expect(parseDoctorArgs(['doctor', '-c', 'config=x.yaml'])).toMatchObject({ config: 'x.yaml', json: false });
  });
});

describe('doctor on alerts waiting in dead-letter queues', () => {
  // What the app deploys: a dead-letter queue per delivery, watched by `<prefix>-<name>-dead-letters-count`
  // on the queue's AWS/SQS ApproximateNumberOfMessagesVisible (lib/alerts/dead-letter-alarm.ts).
  const CFG = { prefix: 'dlq', hostedZones: [{ zoneId: 'Z0DOCTOR000000000009', zoneName: 'dlq.example.com' }], alerts: { email: ['oncall@example.com'] } };
  const queueFor = async (name: string, waiting: number) => {
    const sqs = new SQSClient(moto.clientConfig('us-east-1'));
    const queueName = `dlq-change-audit-DeadLettersQueue-${name}`;
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: queueName }));
    for (let i = 0; i < waiting; i++) await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: `{"lost":${i}}` }));
    await clients.cloudwatch('us-east-1').send(
      new PutMetricAlarmCommand({
        AlarmName: deadLetterAlarmName('dlq', name),
        AlarmDescription: `Undelivered ${name} alerts could not be sent and wait in a dead-letter queue (us-east-1; the queue is this alarm's QueueName dimension). Fix it.`,
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: queueName }],
        Statistic: 'Maximum',
        Period: 300,
        EvaluationPeriods: 1,
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      }),
    );
    return { queueName, QueueUrl: QueueUrl! };
  };

  it('reports how many undelivered alerts wait in each queue, with the command that reads them; an empty queue is fine', async () => {
    const audit = await queueFor('audit', 3);
    await queueFor('slack', 0);
    const report = await runDoctor(parseConfig(CFG), clients);
    expect(report.checked['dead-letters']).toBe(2);
    const found = report.findings.filter((f) => f.check === 'dead-letters');
    expect(found).toEqual([
      {
        check: 'dead-letters',
        region: 'us-east-1',
        subject: audit.queueName,
        problem: `3 undelivered messages wait here (alarm ${deadLetterAlarmName('dlq', 'audit')}): Undelivered audit alerts could not be sent and wait in a dead-letter queue`,
        fix: expect.stringContaining(`aws sqs receive-message --region us-east-1 --queue-url ${audit.QueueUrl}`),
      },
    ]);
    // The read command (up to the ';' that ends it), run as pasted by the AWS CLI, shows them.
    const fix = found[0].fix;
    const read = jsonValuesOf(runWithAwsCli(moto, fix.slice(fix.indexOf('aws '), fix.indexOf(';')))) as { Messages: unknown[] }[];
    expect(read[0].Messages).toHaveLength(3);
  });
});

/**
 * What the app deploys with slack.webhook, in moto: the notifier's function (a stand-in body: moto
 * does not run it) reading the intake queue through an event source mapping, enabled or not.
 */
async function intakeMapping(prefix: string, queueArn: string, enabled: boolean): Promise<string> {
  const iam = new IAMClient(moto.clientConfig('us-east-1'));
  const lambda = new LambdaClient(moto.clientConfig('us-east-1'));
  const name = `${prefix}-notifier-${queueArn.split(':').pop()!.slice(-12)}`;
  const role = (await iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: '{}' }))).Role!.Arn!;
  // moto keeps the code without running it, so any bytes stand in for the bundle.
  await lambda.send(new CreateFunctionCommand({ FunctionName: name, Runtime: 'nodejs20.x', Role: role, Handler: 'index.handler', Code: { ZipFile: Buffer.from('stand-in') } }));
  const { UUID } = await lambda.send(new CreateEventSourceMappingCommand({ EventSourceArn: queueArn, FunctionName: name, BatchSize: 5 }));
  if (!enabled) await lambda.send(new UpdateEventSourceMappingCommand({ UUID, Enabled: false }));
  return UUID!;
}

/** The DNS check reporter's intake backlog alarm as the app synthesizes it (its description is what doctor quotes). */
const reporterBacklogDescription = (() => {
  const d = deploymentOf({ prefix: 'x', alerts: { email: ['oncall@example.com'] }, dnsChecks: [{ name: 'www', query: 'www.example.org', type: 'A', servers: ['192.0.2.53'], expect: {} }] } as never);
  const [alarm] = d.resources('AWS::CloudWatch::Alarm').filter((a) => d.props(a).AlarmName === intakeBacklogAlarmName('x', DNS_REPORTER_ALARMS));
  return d.props(alarm).AlarmDescription as string;
})();

/** An intake queue's backlog alarm as lib/alerts/dead-letter-alarm.ts makes it: AWS/SQS ApproximateAgeOfOldestMessage of the queue. */
function backlogAlarm(AlarmName: string, queueName: string) {
  return clients.cloudwatch('us-east-1').send(
    new PutMetricAlarmCommand({
      AlarmName,
      AlarmDescription: AlarmName.endsWith(intakeBacklogAlarmName('', DNS_REPORTER_ALARMS))
        ? reporterBacklogDescription
        : `Alerts for Slack have waited 10 minutes or more in their intake queue (us-east-1; the queue is this alarm's QueueName dimension). Fix it.`,
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateAgeOfOldestMessage',
      Dimensions: [{ Name: 'QueueName', Value: queueName }],
      Statistic: 'Maximum',
      Period: 300,
      EvaluationPeriods: 1,
      Threshold: 600,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    }),
  );
}

describe('doctor on messages waiting in an intake queue (the Slack notifier\'s, the DNS check reporter\'s)', () => {
  // What the app deploys with slack.webhook (and with DNS checks): the intake queue, watched by
  // `<prefix>-slack-intake-backlog-age` (`<prefix>-dns-reporter-intake-backlog-age`) on its AWS/SQS
  // ApproximateAgeOfOldestMessage (lib/alerts/dead-letter-alarm.ts), and read by the function's event source mapping.
  const CFG = { prefix: 'intake', hostedZones: [{ zoneId: 'Z0DOCTOR000000000010', zoneName: 'intake.example.com' }], alerts: { email: ['oncall@example.com'] } };
  it('reports a backlog whose alarm is in ALARM, with how many wait and where to look, in the words of what reads it; a backlog alarm that is OK is fine', async () => {
    const sqs = new SQSClient(moto.clientConfig('us-east-1'));
    const cw = clients.cloudwatch('us-east-1');
    const queues: Record<string, { queueName: string; url: string }> = {};
    for (const [name, state, waiting] of [['slack', 'ALARM', 4], [DNS_REPORTER_ALARMS, 'OK', 3]] as const) {
      const queueName = `intake-core-us-east-1-IntakeQueue-${name}`;
      const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: queueName }));
      await intakeMapping('intake', (await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }))).Attributes!.QueueArn!, true);
      for (let i = 0; i < waiting; i++) await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: `{"waiting":${i}}` }));
      const AlarmName = intakeBacklogAlarmName('intake', name);
      await backlogAlarm(AlarmName, queueName);
      await cw.send(new SetAlarmStateCommand({ AlarmName, StateValue: state, StateReason: 'test' }));
      queues[name] = { queueName, url: QueueUrl! };
    }
    const report = await runDoctor(parseConfig(CFG), clients);
    expect(report.checked['dead-letters']).toBe(2);
    expect(report.findings.filter((f) => f.check === 'dead-letters')).toEqual([
      {
        check: 'dead-letters',
        region: 'us-east-1',
        subject: queues.slack.queueName,
        problem: `4 alerts wait in the intake queue and the oldest has waited past its alarm's threshold (alarm ${intakeBacklogAlarmName('intake', 'slack')}): Alerts for Slack have waited 10 minutes or more in their intake queue`,
        fix: expect.stringContaining(`aws lambda list-event-source-mappings --region us-east-1 --event-source-arn arn:aws:sqs:us-east-1:`),
      },
    ]);
    // The reporter's backlog alarm goes off too: a storm of check alarms, or a reporter that stopped reading.
    await cw.send(new SetAlarmStateCommand({ AlarmName: intakeBacklogAlarmName('intake', DNS_REPORTER_ALARMS), StateValue: 'ALARM', StateReason: 'test' }));
    const later = await runDoctor(parseConfig(CFG), clients, { checks: ['dead-letters'] });
    expect(later.findings.filter((f) => f.subject === queues[DNS_REPORTER_ALARMS].queueName)).toEqual([
      {
        check: 'dead-letters',
        region: 'us-east-1',
        subject: queues[DNS_REPORTER_ALARMS].queueName,
        problem: `3 alarm events wait in the intake queue and the oldest has waited past its alarm's threshold (alarm intake-dns-reporter-intake-backlog-age): Alarm events waiting for the DNS check reporter's "what each server answered" follow-up have waited 30 minutes or more in their intake queue`,
        fix: expect.stringMatching(/^a storm of DNS check alarms \(followed up 2 at a time\) clears by itself; otherwise see whether the DNS check reporter's event source mapping is enabled .* \(docs\/dns-checks\.md\)$/),
      },
    ]);
  });
});

describe('doctor on the Slack notifier\'s event source mapping', () => {
  it('takes as "not reading" only states that Lambda\'s API model lists for a mapping, never Enabled', () => {
    // The State documentation of EventSourceMappingConfiguration, as the SDK's generated model carries it from AWS's API model.
    const model = fs.readFileSync(require.resolve('@aws-sdk/client-lambda/dist-types/models/models_0.d.ts'), 'utf8');
    const doc = /The state of the event source mapping\. It can be one of the following: (.*?)\.<\/p>/.exec(model)?.[1] ?? '';
    const states = [...doc.matchAll(/<code>(\w+)<\/code>/g)].map((m) => m[1]);
    expect(states).toEqual(expect.arrayContaining(['Enabled', 'Disabled']));
    for (const state of LAMBDA.eventSourceMappingStatesNotReading) expect(states).toContain(state);
    expect(LAMBDA.eventSourceMappingStatesNotReading).not.toContain('Enabled');
  });

  // Someone who disables the trigger (to quiet a noisy channel during an incident, say) leaves every
  // later alert waiting in the intake queue: the backlog alarm says so only after 10 minutes, and
  // only once an alert has come.
  const CFG = { prefix: 'esm', hostedZones: [{ zoneId: 'Z0DOCTOR000000000013', zoneName: 'esm.example.com' }], alerts: { email: ['oncall@example.com'] } };
  it('reports an intake queue whose mapping is disabled, or that no mapping reads, with the fix; an enabled one is fine', async () => {
    const sqs = new SQSClient(moto.clientConfig('us-east-1'));
    const made: Record<string, { queueName: string; arn: string; uuid?: string }> = {};
    for (const [name, mapping] of [['slack', 'disabled'], [DNS_REPORTER_ALARMS, 'none']] as const) {
      const queueName = `esm-core-us-east-1-IntakeQueue-${name}`;
      const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: queueName }));
      const arn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }))).Attributes!.QueueArn!;
      const uuid = mapping === 'none' ? undefined : await intakeMapping('esm', arn, false);
      await backlogAlarm(intakeBacklogAlarmName('esm', name), queueName);
      made[name] = { queueName, arn, uuid };
    }
    const report = await runDoctor(parseConfig(CFG), clients, { checks: ['dead-letters'] });
    expect(report.findings).toEqual([
      {
        check: 'dead-letters',
        region: 'us-east-1',
        subject: made.slack.queueName,
        problem: 'the Slack notifier\'s event source mapping is Disabled: alerts wait in its intake queue and none reaches Slack',
        fix: `enable it: aws lambda update-event-source-mapping --region us-east-1 --uuid ${made.slack.uuid} --enabled`,
      },
      {
        check: 'dead-letters',
        region: 'us-east-1',
        subject: made[DNS_REPORTER_ALARMS].queueName,
        problem: 'no event source mapping reads this intake queue: alarm events wait in it and no DNS check alarm gets its "what each server answered" follow-up (the alarms themselves notify)',
        fix: 'deploy again (cdk deploy) to recreate the DNS check reporter\'s mapping',
      },
    ]);
    // The first fix, run as pasted by the AWS CLI, enables the mapping, which is then fine: only the orphan is left.
    runWithAwsCli(moto, report.findings[0].fix.slice(report.findings[0].fix.indexOf('aws ')));
    const after = await runDoctor(parseConfig(CFG), clients, { checks: ['dead-letters'] });
    expect(after.findings.map((f) => f.subject)).toEqual([made[DNS_REPORTER_ALARMS].queueName]);
  });
});

describe('doctor on a zone whose query logs stopped while Route 53 answers', () => {
  // The logs-stopped alarm in ALARM means the zone's monitoring is blind now: every query-log alarm
  // and dashboard of the zone lacks data. A log group shared by other zones still gets events, so
  // the log-groups check cannot see it; the alarm's state can.
  const CFG = { prefix: 'blind', hostedZones: [{ zoneId: 'Z0DOCTOR000000000011', zoneName: 'blind.example.com' }, { zoneId: 'Z0DOCTOR000000000012', zoneName: 'seen.example.com' }], alerts: { email: ['oncall@example.com'] } };
  it('reports the zone whose logs-stopped alarm is in ALARM, with where to look; a zone whose alarm is OK is fine', async () => {
    const cw = clients.cloudwatch('us-east-1');
    for (const [zone, state] of [['blind.example.com', 'ALARM'], ['seen.example.com', 'OK']] as const) {
      const AlarmName = subjectAlarmName('blind', zone, 'query-logs', 'logs-stopped');
      await cw.send(new PutMetricAlarmCommand({ AlarmName, Namespace: 'Codreum/DNS', MetricName: 'Queries', Statistic: 'Sum', Period: 60, EvaluationPeriods: 5, Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold' }));
      await cw.send(new SetAlarmStateCommand({ AlarmName, StateValue: state, StateReason: 'test' }));
    }
    const report = await runDoctor(parseConfig(CFG), clients, { checks: ['alarms'] });
    expect(report.findings.map((f) => `${f.region} ${f.subject}: ${f.problem}`)).toEqual([
      'us-east-1 blind-blind.example.com-query-logs-logs-stopped: in ALARM: Route 53 answers blind.example.com but its query logs do not arrive, so every query-log alarm and dashboard of the zone is blind',
    ]);
    expect(report.findings[0].fix).toMatch(/query-logging.*log-policies/);
  });
});
