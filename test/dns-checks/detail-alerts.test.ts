/**
 * The follow-up alert of a DNS check alarm ("what each server answered"), end to end as the app
 * builds it, on real parts: the synthesized templates (intrinsics resolved for a test account),
 * real BIND 9 servers on 127.0.0.1 (one right, one serving a stale answer), moto server through the
 * real AWS SDK (Scheduler, Lambda, SNS, SQS), the Slack notifier posting to a real HTTP server.
 *
 *   alarm state-change event (built from the synthesized alarm) -> the synthesized rule (moto's
 *   EventBridge, the template's pattern) -> the reporter's intake queue (moto) -> reporter -> Lambda
 *   Invoke of each region's prober (moto) -> the prober's report run (reads its synthesized schedule
 *   from moto, asks BIND) -> SNS publish (moto) -> SQS subscriber and the Slack notifier -> Slack.
 *
 * moto runs no function code (no Docker here): its Lambda Invoke returns the payload queued for
 * it, and the test queues exactly what the prober's report run returned for that region; and its
 * event source mappings do not run, so the test receives from the intake queue and hands the
 * reporter the records as Lambda's SQS event documents them. So every hop is real code on real
 * input; only the transport between the two functions is moto's.
 */
import { CreateFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { Route53Client } from '@aws-sdk/client-route-53';
import { CreateScheduleCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand, DeleteMessageCommand, GetQueueAttributesCommand, PurgeQueueCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { EventBridgeClient, PutEventsCommand, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { parseAlarmContext } from '../../contracts/alarm-context';
import { DNS_CHECK_DETAIL_TYPE, type DnsCheckDetailMessage, type DnsReportResponse, REPORT_PUBLISH_MARGIN_MS } from '../../contracts/dns-check';
import { SNS } from '../../contracts/sns-limits';
import { matchesEventPattern } from '../../lib/audit/event-pattern-match';
import { chatNotification, emailText, smsText } from '../../lambdas/dns-check-reporter/message';
import { ChatbotCustomNotificationSchema } from '../../contracts/chatbot-notification';
import { invokeProber } from '../../lambdas/dns-check-reporter/prober-client';
import { createReporter, reportQueued } from '../../lambdas/dns-check-reporter/reporter';
import { scriptedRelay } from '../support/throttling-relay';
import { report, scheduledEvent } from '../../lambdas/dns-prober/report';
import { ZoneServers } from '../../lambdas/dns-prober/zone-servers';
import { type BindServer, startBind, zoneFile } from '../support/bind';
import { bundleHandler } from '../support/bundled-handler';
import { deploymentOf, TEST_ACCOUNT } from '../support/iam/app';
import type { Deployment, ResourceRef } from '../support/iam/deployment';
import { startMoto, type MotoServer } from '../support/moto';
import { freePort } from '../support/net';
import { collectingLogger, createResources, makeNotifier, type Resources } from '../slack-notifier/harness';
import { snsEvent, snsRecord } from '../slack-notifier/fixtures';
import { startFakeSlack, type FakeSlack } from '../slack-notifier/fake-slack';
import { allText, slackLimitViolations } from '../slack-notifier/limits-check';
import { parseConfig } from '../../lib/config/load';
import { runCheck } from '../../lambdas/dns-prober/run';
import { PROBER_TIMEOUT_SECONDS } from '../../lib/dns-checks/prober';
import { REPORTER_TIMEOUT_SECONDS } from '../../lib/dns-checks/reporter';

let moto: MotoServer;
let slack: FakeSlack;
let good: BindServer;
let stale: BindServer;
/**
 * The two servers as the check names them: by host name, resolved when the check runs (a deployed
 * check refuses loopback addresses, which the prober Lambda cannot reach). The bundled handler
 * resolves with the system's resolver, as in Lambda, so the name is `localhost`.
 */
let goodServer: string;
let staleServer: string;
let d: Deployment;
let notifierResources: Resources;

const REGIONS = ['us-east-1', 'eu-west-1'];
/** The config's path as `cdk deploy -c config=…` gives it: the follow-up's recheck command names it. */
const CONFIG_FILE = 'config/prod.yaml';
const RECHECK = `Ask again from your machine: npx dns-monitor check ${CONFIG_FILE} --only www (in the folder this deployment's cdk deploy runs in)`;

beforeAll(async () => {
  [moto, slack, good, stale] = await Promise.all([
    startMoto(),
    startFakeSlack(),
    startBind({ 'example.test': zoneFile('example.test', 2, ['www IN A 192.0.2.10']) }),
    // The stale one names itself when asked (NSID), as an anycast instance does.
    startBind({ 'example.test': zoneFile('example.test', 1, ['www IN A 192.0.2.99']) }, { serverId: 'stale-fra-2' }),
  ]);
  goodServer = `localhost:${good.port}`;
  staleServer = `localhost:${stale.port}`;
  d = deploymentOf({
    prefix: 'acme',
    alerts: { email: ['oncall@example.com'] },
    dnsChecks: [{ name: 'www', query: 'www.example.test', type: 'A', servers: [goodServer, staleServer], regions: REGIONS, expect: { answers: ['192.0.2.10'] } }],
  } as never, { configFile: CONFIG_FILE });
  notifierResources = await createResources(moto, slack.url);
  // moto's Lambda without Docker: Invoke answers with the payloads queued below.
  const res = await fetch(`${moto.endpoint}/moto-api/config`, { method: 'POST', body: JSON.stringify({ lambda: { use_docker: false } }) });
  expect(res.ok).toBe(true);
}, 120_000);

afterAll(async () => {
  await Promise.all([moto?.stop(), slack?.close(), good?.stop(), stale?.stop()]);
});

const one = (type: string, region: string, prefix: string): ResourceRef => {
  const found = d.resources(type).filter((r) => r.stack.region === region && r.logicalId.startsWith(prefix));
  expect(found).toHaveLength(1);
  return found[0];
};

/** The synthesized schedule of `region`'s prober, created in moto as CloudFormation would. */
async function createSchedule(region: string): Promise<string> {
  const s = d.props(one('AWS::Scheduler::Schedule', region, 'DnsProberSchedule'));
  await new SchedulerClient(moto.clientConfig(region)).send(
    new CreateScheduleCommand({ Name: s.Name, ScheduleExpression: s.ScheduleExpression, FlexibleTimeWindow: { Mode: 'OFF' }, Target: { Arn: s.Target.Arn, RoleArn: s.Target.RoleArn, Input: s.Target.Input } }),
  );
  return s.Name;
}

/** A "CloudWatch Alarm State Change" event of the synthesized check alarm, in the documented shape. */
function alarmEvent(state: 'ALARM' | 'OK', alarm = one('AWS::CloudWatch::Alarm', 'us-east-1', 'DnsCheckAlarmsCheckwww')) {
  const p = d.props(alarm);
  return {
    version: '0',
    id: '2d1f9a7c-0000-4000-8000-000000000001',
    'detail-type': 'CloudWatch Alarm State Change',
    source: 'aws.cloudwatch',
    account: TEST_ACCOUNT,
    time: '2026-12-03T10:02:07Z',
    region: 'us-east-1',
    resources: [d.arnOf(alarm)],
    detail: {
      alarmName: p.AlarmName,
      state: { value: state, reason: 'Threshold Crossed: 2 out of the last 3 datapoints were greater than or equal to the threshold (1.0).', timestamp: '2026-12-03T10:02:07.345+0000' },
      previousState: { value: state === 'ALARM' ? 'OK' : 'ALARM', reason: '', timestamp: '2026-12-03T09:00:00.000+0000' },
      configuration: {
        description: p.AlarmDescription,
        metrics: (p.Metrics ?? []).map((m: any) =>
          m.MetricStat
            ? {
                id: m.Id,
                metricStat: {
                  metric: { namespace: m.MetricStat.Metric.Namespace, name: m.MetricStat.Metric.MetricName, dimensions: Object.fromEntries(m.MetricStat.Metric.Dimensions.map((x: any) => [x.Name, x.Value])) },
                  period: m.MetricStat.Period,
                  stat: m.MetricStat.Stat,
                },
                returnData: m.ReturnData ?? false,
              }
            : { id: m.Id, expression: m.Expression, label: m.Label, returnData: m.ReturnData ?? true },
        ),
      },
    },
  };
}

/**
 * `event`, when the synthesized reporter rule's pattern matches it, sent through moto's EventBridge
 * (which builds the envelope EventBridge delivers) to a queue made as the template makes the
 * intake queue; then received from that queue and handed back as the event Lambda's SQS event
 * source mapping gives the reporter (Lambda Developer Guide, "Using Lambda with Amazon SQS": one
 * record per message). The pattern is judged by the product's matcher (tested on AWS's examples):
 * moto's does not look into arrays of objects, which the pattern's `configuration.metrics` is, so
 * its rule matches on the source only.
 */
async function throughIntakeQueue(event: ReturnType<typeof alarmEvent>): Promise<{ Records: unknown[] }> {
  const rule = d.props(one('AWS::Events::Rule', 'us-east-1', 'DnsCheckReporterAlarmRule'));
  expect(matchesEventPattern(rule.EventPattern, event)).toBe(true);
  const queueProps = d.props(one('AWS::SQS::Queue', 'us-east-1', 'DnsCheckReporterIntakeQueue'));
  const sqs = new SQSClient(moto.clientConfig());
  const queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: 'reporter-intake', Attributes: { VisibilityTimeout: String(queueProps.VisibilityTimeout), SqsManagedSseEnabled: 'true' } }))).QueueUrl!;
  const queueArn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }))).Attributes!.QueueArn!;
  const events = new EventBridgeClient(moto.clientConfig());
  await events.send(new PutRuleCommand({ Name: rule.Name, EventPattern: JSON.stringify({ source: rule.EventPattern.source }) }));
  await events.send(new PutTargetsCommand({ Rule: rule.Name, Targets: [{ Id: 'intake', Arn: queueArn }] }));
  const put = await events.send(new PutEventsCommand({ Entries: [{ Source: event.source, DetailType: event['detail-type'], Detail: JSON.stringify(event.detail), Resources: event.resources, Time: new Date(event.time) }] }));
  expect(put.FailedEntryCount).toBe(0);
  const got = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, MessageSystemAttributeNames: ['All'] }));
  return {
    Records: (got.Messages ?? []).map((m) => ({
      messageId: m.MessageId,
      receiptHandle: m.ReceiptHandle,
      body: m.Body,
      attributes: m.Attributes,
      messageAttributes: {},
      md5OfBody: m.MD5OfBody,
      eventSource: 'aws:sqs',
      eventSourceARN: queueArn,
      awsRegion: 'us-east-1',
    })),
  };
}

describe('the reporter rule', () => {
  it('matches the check alarm entering ALARM, not its recovery nor the prober\'s own alarms', () => {
    const rule = one('AWS::Events::Rule', 'us-east-1', 'DnsCheckReporterAlarmRule');
    const pattern = d.props(rule).EventPattern;
    expect(matchesEventPattern(pattern, alarmEvent('ALARM'))).toBe(true);
    expect(matchesEventPattern(pattern, alarmEvent('OK'))).toBe(false);
    const proberErrors = alarmEvent('ALARM', one('AWS::CloudWatch::Alarm', 'us-east-1', 'DnsProberErrorsAlarm'));
    expect(matchesEventPattern(pattern, proberErrors)).toBe(false);
    // Every other alarm of the deployment, the reporter's own included: a reporter failure must not run the reporter.
    const others = d.resources('AWS::CloudWatch::Alarm').filter((a) => a.stack.region === 'us-east-1' && !a.logicalId.startsWith('DnsCheckAlarmsCheck'));
    expect(others.map((a) => d.props(a).AlarmName)).toEqual(expect.arrayContaining(['acme-dns-reporter-dead-letters-count', 'acme-dns-reporter-failed-invocations-count']));
    for (const a of others) expect([d.props(a).AlarmName, matchesEventPattern(pattern, alarmEvent('ALARM', a))]).toEqual([d.props(a).AlarmName, false]);
    // It queues them for the reporter (test/dns-checks/reporter-intake.test.ts: how many run at once).
    expect(d.props(rule).Targets).toHaveLength(1);
    expect(d.props(rule).Targets[0].Arn).toBe(d.arnOf(one('AWS::SQS::Queue', 'us-east-1', 'DnsCheckReporterIntakeQueue')));
  });
});

describe('an alarming check, followed by what each server answered', () => {
  let responses: Record<string, DnsReportResponse>;
  let detail: DnsCheckDetailMessage;
  let published: { Subject?: string; Message: string; MessageId: string; TopicArn: string };
  let queueUrl: string;

  it('each vantage\'s prober runs the check from its own schedule and returns every server\'s answer', async () => {
    responses = {};
    for (const region of REGIONS) {
      const scheduleName = await createSchedule(region);
      const prober = d.props(one('AWS::Lambda::Function', region, 'DnsProberFunction'));
      expect(prober.Environment.Variables.SCHEDULE_NAME).toBe(scheduleName);
      const log: Record<string, unknown>[] = [];
      responses[region] = await report(
        { report: { check: 'www' } },
        {
          zones: new ZoneServers(new Route53Client(moto.clientConfig())),
          log: (level, message, extra) => log.push({ level, message, ...extra }),
          now: () => new Date(),
          region,
          scheduledEvent: () => scheduledEvent(new SchedulerClient(moto.clientConfig(region)), prober.Environment.Variables.SCHEDULE_NAME),
        },
      );
      expect(responses[region]).toMatchObject({ vantage: region, check: 'www', query: 'www.example.test', type: 'A', expected: 'rcode NOERROR; answers exactly 192.0.2.10' });
      const results = (responses[region] as Extract<DnsReportResponse, { results: unknown }>).results;
      expect(results.map((r) => [r.server, r.ok, r.answers, r.nsid])).toEqual([
        [goodServer, true, ['192.0.2.10'], undefined],
        [staleServer, false, ['192.0.2.99'], 'stale-fra-2'],
      ]);
      expect(results[1].reason).toBe('answers 192.0.2.99, expected exactly 192.0.2.10');
      // The failing answer is logged as a scheduled run logs it, marked as a report run.
      expect(log.filter((l) => l.message === 'dns check failed')).toEqual([expect.objectContaining({ server: staleServer, nsid: 'stale-fra-2', ms: results[1].ms, answers: ['192.0.2.99'], report: true, vantage: region })]);
    }
  });

  it('a region that does not run the check says so instead of running anything', async () => {
    const out = await report({ report: { check: 'nope' } }, { zones: new ZoneServers(new Route53Client(moto.clientConfig())), log: () => undefined, now: () => new Date(), region: 'eu-west-1', scheduledEvent: () => scheduledEvent(new SchedulerClient(moto.clientConfig('eu-west-1')), 'acme-dns-prober') });
    expect(out).toEqual({ vantage: 'eu-west-1', check: 'nope', error: 'eu-west-1 does not run DNS check nope' });
    const unreadable = await report({ report: { check: 'www' } }, { zones: new ZoneServers(new Route53Client(moto.clientConfig())), log: () => undefined, now: () => new Date(), region: 'sa-east-1', scheduledEvent: () => scheduledEvent(new SchedulerClient(moto.clientConfig('sa-east-1')), 'acme-dns-prober') });
    expect(unreadable).toMatchObject({ vantage: 'sa-east-1', check: 'www' });
    expect((unreadable as { error: string }).error).toMatch(/^the prober in sa-east-1 could not read its schedule: /);
  });

  it('the reporter asks every vantage through Lambda and publishes one message to the check\'s alert topic', async () => {
    const reporterFn = d.props(one('AWS::Lambda::Function', 'us-east-1', 'DnsCheckReporterFunction'));
    const env = reporterFn.Environment.Variables;
    const topics = JSON.parse(env.TOPICS) as Record<'critical' | 'warning', string[]>;
    const iam = new IAMClient(moto.clientConfig());
    const role = await iam.send(new CreateRoleCommand({ RoleName: 'prober', AssumeRolePolicyDocument: '{}' }));
    for (const region of REGIONS) {
      const prober = d.props(one('AWS::Lambda::Function', region, 'DnsProberFunction'));
      expect(prober.FunctionName).toBe(env.PROBER_FUNCTION_NAME);
      await new LambdaClient(moto.clientConfig(region)).send(
        new CreateFunctionCommand({ FunctionName: prober.FunctionName, Runtime: prober.Runtime, Role: role.Role!.Arn!, Handler: prober.Handler, Code: { ZipFile: Buffer.from('PK\x05\x06' + '\0'.repeat(18), 'binary') } }),
      );
      const q = await fetch(`${moto.endpoint}/moto-api/static/lambda-simple/response`, { method: 'POST', body: JSON.stringify({ region, account_id: '123456789012', results: [JSON.stringify(responses[region])] }) });
      expect(q.status).toBe(201);
    }
    // The check's topics as the template names them, with an SQS subscriber (as the integration test has).
    const sns = new SNSClient(moto.clientConfig());
    const sqs = new SQSClient(moto.clientConfig());
    const queue = await sqs.send(new CreateQueueCommand({ QueueName: 'oncall' }));
    queueUrl = queue.QueueUrl!;
    const queueArn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queue.QueueUrl, AttributeNames: ['QueueArn'] }))).Attributes!.QueueArn;
    const motoArn = (arn: string) => arn.replace(TEST_ACCOUNT, '123456789012');
    for (const arn of topics.critical) {
      const t = await sns.send(new CreateTopicCommand({ Name: arn.split(':').pop()! }));
      expect(t.TopicArn).toBe(motoArn(arn));
      await sns.send(new SubscribeCommand({ TopicArn: t.TopicArn, Protocol: 'sqs', Endpoint: queueArn }));
    }
    const log: string[] = [];
    const handle = createReporter({
      askProber: (region, request) => invokeProber(new LambdaClient(moto.clientConfig(region)), env.PROBER_FUNCTION_NAME, request),
      publish: async (topicArn, input) => (await sns.send(new (await import('@aws-sdk/client-sns')).PublishCommand({ TopicArn: motoArn(topicArn), ...input }))).MessageId,
      topics,
      configFile: env.RECHECK_CONFIG_FILE,
      log: (_level, message) => log.push(message),
      now: () => new Date('2026-12-03T10:02:09Z'),
    });
    const outcome = await handle(alarmEvent('ALARM'));
    expect(outcome).toEqual({ check: 'www', published: topics.critical });
    expect(topics.critical).toEqual([`arn:aws:sns:us-east-1:${TEST_ACCOUNT}:acme-alerts-critical`]);

    const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queue.QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
    expect(received.Messages).toHaveLength(1);
    published = JSON.parse(received.Messages![0].Body!);
    detail = JSON.parse(published.Message);
    expect(env.RECHECK_CONFIG_FILE).toBe(CONFIG_FILE);
    expect(detail).toMatchObject({ type: DNS_CHECK_DETAIL_TYPE, check: 'www', alarmName: 'acme-dns-check-www', severity: 'critical', region: 'us-east-1', alarmTime: '2026-12-03T10:02:07.345+0000', checkedAt: '2026-12-03T10:02:09.000Z', query: 'www.example.test', recordType: 'A', dashboard: 'acme-dns-checks', configFile: CONFIG_FILE });
    expect(detail.vantages.map((v) => v.vantage)).toEqual(REGIONS);
    for (const v of detail.vantages) {
      expect(v.results.map((r) => `${r.server} ${r.address} ${r.nsid} ${r.ok} ${r.rcode} ${r.answers.join(',')} ${typeof r.ms}`)).toEqual([
        `${goodServer} 127.0.0.1 undefined true NOERROR 192.0.2.10 number`,
        `${staleServer} 127.0.0.1 stale-fra-2 false NOERROR 192.0.2.99 number`,
      ]);
    }
    expect(published.Subject).toBe('DNS check www failing: what each server answered for www.example.test A');
  });

  it('Slack shows which server answered what, against what was expected', async () => {
    slack.reset();
    const notifier = makeNotifier(notifierResources, { logger: collectingLogger() });
    const out = await notifier.handleEvent({ kind: 'sns', records: snsEvent(snsRecord(published.Message, { messageId: published.MessageId, topicArn: published.TopicArn, subject: published.Subject })).Records } as never, 30_000);
    expect(out.records[0]).toMatchObject({ status: 'posted', rendering: 'dns-check-detail' });
    const [post] = slack.delivered();
    expect(slackLimitViolations(post.body)).toEqual([]);
    const text = JSON.stringify(post.body);
    expect(post.body.text).toContain(`${staleServer} [127.0.0.1] (NSID stale-fra-2) from us-east-1: NOERROR 192.0.2.99`);
    for (const s of ['answers exactly 192.0.2.10', 'From us-east-1', 'From eu-west-1', `\`${staleServer}\` [127.0.0.1] (NSID stale-fra-2) NOERROR 192.0.2.99`, 'answers 192.0.2.99, expected exactly 192.0.2.10', `\`${goodServer}\` [127.0.0.1] NOERROR 192.0.2.10`, 'Open DNS checks dashboard']) {
      expect(text).toContain(s);
    }
    // How the on-call asks the check's servers again from their own machine.
    const context = post.body.attachments[0].blocks.find((b: any) => b.type === 'context').elements.map((e: any) => e.text);
    expect(context).toContain(`Ask again from your machine: \`npx dns-monitor check ${CONFIG_FILE} --only www\` (in the folder this deployment's cdk deploy runs in)`);
    // Failing servers first in each region.
    const section = post.body.attachments[0].blocks.find((b: any) => b.text?.text?.startsWith('*From us-east-1*')).text.text as string;
    expect(section.indexOf(staleServer)).toBeLessThan(section.indexOf(goodServer));
  });

  it('email, SMS and chat (HTTPS) renderings of the same message carry the answers within SNS\'s limits', () => {
    const email = emailText(detail);
    // Each server with the time its answer took, as the prober measured it.
    const [good, bad] = detail.vantages.find((v) => v.vantage === 'eu-west-1')!.results;
    expect(email).toContain(`From eu-west-1:\n  ok   ${goodServer} [127.0.0.1]: NOERROR 192.0.2.10 in ${good.ms} ms\n  FAIL ${staleServer} [127.0.0.1] (NSID stale-fra-2): NOERROR 192.0.2.99 in ${bad.ms} ms (answers 192.0.2.99, expected exactly 192.0.2.10)`);
    expect(email).toContain('Expected: rcode NOERROR; answers exactly 192.0.2.10');
    expect(email).toContain(`\n${RECHECK}\n`);
    const sms = smsText(detail);
    expect(sms.length).toBeLessThanOrEqual(SNS.smsChars);
    expect(sms).toBe(`DNS check www failing: ${staleServer} from us-east-1 answered NOERROR 192.0.2.99 +1 more`);
    const chat = ChatbotCustomNotificationSchema.parse(JSON.parse(JSON.stringify(chatNotification(detail))));
    expect(chat).toMatchObject({ version: '1.0', source: 'custom', content: { textType: 'client-markdown' } });
    expect(chat.content.description).toContain(`• FAIL ${staleServer} [127.0.0.1] (NSID stale-fra-2): NOERROR 192.0.2.99`);
    expect(chat.content.nextSteps).toContain(RECHECK);
  });

  it('the bundled handlers, as Lambda runs them: the prober answers a report request from its schedule, the reporter publishes it', async () => {
    const prober = bundleHandler('dns-prober');
    const reporter = bundleHandler('dns-check-reporter');
    try {
      const proberEnv = d.props(one('AWS::Lambda::Function', 'eu-west-1', 'DnsProberFunction')).Environment.Variables;
      const p = await prober.invoke([{ report: { check: 'www' } }], { ...proberEnv, AWS_REGION: 'eu-west-1', AWS_ENDPOINT_URL: moto.endpoint, AWS_LAMBDA_FUNCTION_NAME: 'acme-dns-prober' });
      expect(p.code).toBe(0);
      const response = (p.results[0] as { ok: DnsReportResponse }).ok;
      // What the in-process run returned, but for how long each answer took this time.
      const timeless = (r: DnsReportResponse) => ({ ...r, results: 'results' in r ? r.results.map(({ ms, ...rest }) => (expect(ms).toEqual(expect.any(Number)), rest)) : [] });
      expect(timeless(response)).toEqual(timeless(responses['eu-west-1']));
      for (const region of REGIONS) {
        await fetch(`${moto.endpoint}/moto-api/static/lambda-simple/response`, { method: 'POST', body: JSON.stringify({ region, account_id: '123456789012', results: [JSON.stringify(response.vantage === region ? response : responses[region])] }) });
      }
      const env = d.props(one('AWS::Lambda::Function', 'us-east-1', 'DnsCheckReporterFunction')).Environment.Variables;
      // What the app gives the reporter: the alarm event as its rule queued it.
      const queued = await throughIntakeQueue(alarmEvent('ALARM'));
      expect(queued.Records).toHaveLength(1);
      // moto's account for the topics the template names in the test account.
      const out = await reporter.invoke([queued], { ...env, TOPICS: env.TOPICS.split(TEST_ACCOUNT).join('123456789012'), AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL: moto.endpoint, AWS_LAMBDA_FUNCTION_NAME: 'dns-check-reporter' });
      expect(out.results).toEqual([{ ok: { batchItemFailures: [] } }]);
      const logs = out.stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
      expect(logs.find((l) => l.message === 'dns check detail published')).toMatchObject({ level: 'INFO', service: 'dns-check-reporter', check: 'www', failingServers: 2 });
      const sqs = new SQSClient(moto.clientConfig());
      const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
      expect(received.Messages).toHaveLength(1);
      const m = JSON.parse(JSON.parse(received.Messages![0].Body!).Message) as DnsCheckDetailMessage;
      expect(m.vantages.find((v) => v.vantage === 'eu-west-1')!.results.map((r) => `${r.server} ${r.nsid} ${r.answers}`)).toEqual([`${goodServer} undefined 192.0.2.10`, `${staleServer} stale-fra-2 192.0.2.99`]);
      // The recheck command names the config file the template gives the function.
      expect(m.configFile).toBe(CONFIG_FILE);
    } finally {
      prober.remove();
      reporter.remove();
    }
  }, 60_000);

  // A stalled connection to Lambda (a broken path, an endpoint that takes the request and never
  // answers) held the ask until the reporter's own timeout: nothing was published, the run failed
  // and was retried, and the follow-up came late or not at all.
  it('the bundled reporter, Lambda not answering in either region: each ask ends in time to publish, and the message names both regions', async () => {
    const reporter = bundleHandler('dns-check-reporter');
    const silent = scriptedRelay(moto.endpoint, () => 'stall');
    const lambdaEndpoint = await silent.start();
    try {
      const env = d.props(one('AWS::Lambda::Function', 'us-east-1', 'DnsCheckReporterFunction')).Environment.Variables;
      // The messages earlier tests read come back after the queue's visibility timeout, inside this test's minute.
      const sqs = new SQSClient(moto.clientConfig());
      await sqs.send(new PurgeQueueCommand({ QueueUrl: queueUrl }));
      // What Lambda's context gives a run from its start: the function's whole timeout (the test waits a minute).
      const remainingMs = REPORTER_TIMEOUT_SECONDS * 1000;
      const askSeconds = REPORTER_TIMEOUT_SECONDS - REPORT_PUBLISH_MARGIN_MS / 1000;
      // Long enough for a prober run that takes its whole timeout to answer.
      expect(askSeconds).toBeGreaterThanOrEqual(PROBER_TIMEOUT_SECONDS);
      const out = await reporter.invoke([alarmEvent('ALARM')], { ...env, TOPICS: env.TOPICS.split(TEST_ACCOUNT).join('123456789012'), AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL: moto.endpoint, AWS_ENDPOINT_URL_LAMBDA: lambdaEndpoint, AWS_LAMBDA_FUNCTION_NAME: 'dns-check-reporter' }, { remainingMs });
      expect(out.results).toEqual([{ ok: { check: 'www', published: ['arn:aws:sns:us-east-1:123456789012:acme-alerts-critical'] } }]);
      expect(silent.counts.stall).toBeGreaterThanOrEqual(REGIONS.length);
      const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
      expect(received.Messages).toHaveLength(1);
      await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: received.Messages![0].ReceiptHandle }));
      const m = JSON.parse(JSON.parse(received.Messages![0].Body!).Message) as DnsCheckDetailMessage;
      expect(m.vantages.map((v) => [v.vantage, v.error])).toEqual(REGIONS.map((r) => [r, `the prober in ${r} could not be asked: no answer within ${askSeconds} s`]));
    } finally {
      await silent.stop();
      reporter.remove();
    }
  }, 150_000);

  // A run that fails on a queued event must name it, so SQS delivers it again and at last
  // dead-letters it (the queue's redrive policy; its alarm pages); a run that succeeds names none.
  it('the bundled reporter, a topic refusing the publish: the queued event is named as failed, so SQS delivers it again', async () => {
    const reporter = bundleHandler('dns-check-reporter');
    try {
      for (const region of REGIONS) {
        await fetch(`${moto.endpoint}/moto-api/static/lambda-simple/response`, { method: 'POST', body: JSON.stringify({ region, account_id: '123456789012', results: [JSON.stringify(responses[region])] }) });
      }
      const env = d.props(one('AWS::Lambda::Function', 'us-east-1', 'DnsCheckReporterFunction')).Environment.Variables;
      const queued = await throughIntakeQueue(alarmEvent('ALARM'));
      expect(queued.Records).toHaveLength(1);
      const messageId = (queued.Records[0] as { messageId: string }).messageId;
      // The template's topic ARNs as they are (the test account, where moto has no topic): SNS answers NotFound.
      const out = await reporter.invoke([queued], { ...env, AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL: moto.endpoint, AWS_LAMBDA_FUNCTION_NAME: 'dns-check-reporter' });
      expect(out.results).toEqual([{ ok: { batchItemFailures: [{ itemIdentifier: messageId }] } }]);
      // Powertools writes errors to stderr.
      const logs = `${out.stdout}\n${out.stderr}`.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
      expect(logs.find((l) => l.level === 'ERROR')).toMatchObject({ message: expect.stringMatching(/SQS delivers it again/), messageId, error: expect.stringMatching(/does not exist/) });
    } finally {
      reporter.remove();
    }
  }, 60_000);

  it('a message redriven from the dead-letter queue is reported whatever wrote it there: EventBridge (the event) or, before the intake queue, Lambda (a failure record naming it); a body that is no event fails', async () => {
    const sent: string[] = [];
    const handle = createReporter({
      askProber: async (region) => responses[region],
      publish: async (_t, input) => (sent.push(input.Message), 'id'),
      topics: { critical: ['arn:aws:sns:us-east-1:123456789012:acme-alerts-critical'], warning: [] },
      log: () => undefined,
      now: () => new Date('2026-12-03T10:02:09Z'),
    });
    const event = alarmEvent('ALARM');
    // Lambda's on-failure record of an asynchronous run (Lambda Developer Guide, "Capturing records of Lambda asynchronous invocations").
    const failureRecord = {
      version: '1.0',
      timestamp: '2026-12-03T10:03:10.000Z',
      requestContext: { requestId: 'e4b46cbf-b738-4b2c-8e49-6d9fbd6f4a2e', functionArn: 'arn:aws:lambda:us-east-1:123456789012:function:acme-core-DnsCheckReporterFunction:$LATEST', condition: 'RetriesExhausted', approximateInvokeCount: 3 },
      requestPayload: event,
      responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
      responsePayload: { errorType: 'Error', errorMessage: 'publish failed' },
    };
    const record = (messageId: string, body: string) => ({ messageId, body, eventSource: 'aws:sqs' as const, attributes: { ApproximateReceiveCount: '1' } });
    const logged: string[] = [];
    const out = await reportQueued(handle, [record('from-eventbridge', JSON.stringify(event)), record('from-lambda', JSON.stringify(failureRecord)), record('not-json', 'hello'), record('no-event', '{"source":"aws.ec2"}')], () => 60_000, (_l, m) => logged.push(m));
    expect(out).toEqual({ batchItemFailures: [{ itemIdentifier: 'not-json' }, { itemIdentifier: 'no-event' }] });
    expect(sent.map((m) => (JSON.parse(JSON.parse(m).default) as DnsCheckDetailMessage).alarmName)).toEqual(['acme-dns-check-www', 'acme-dns-check-www']);
    expect(logged).toHaveLength(2);
  });

  it('a region whose prober cannot be reached, or answers with no report, is named with the reason; the others still report', async () => {
    const sent: string[] = [];
    const closed = await freePort();
    const handle = createReporter({
      // eu-west-1's Lambda endpoint refuses the connection; us-east-1's prober answers with something that is no report.
      askProber: (region, request) =>
        invokeProber(new LambdaClient(region === 'eu-west-1' ? { ...moto.clientConfig(region), endpoint: `http://127.0.0.1:${closed}` } : moto.clientConfig(region)), 'acme-dns-prober', request),
      publish: async (_t, input) => (sent.push(input.Message), 'id'),
      topics: { critical: ['arn:aws:sns:us-east-1:123456789012:acme-alerts-critical'], warning: [] },
      log: () => undefined,
      now: () => new Date(),
    });
    await fetch(`${moto.endpoint}/moto-api/static/lambda-simple/response`, { method: 'POST', body: JSON.stringify({ region: 'us-east-1', account_id: '123456789012', results: ['{"statusCode":200}'] }) });
    await handle(alarmEvent('ALARM'));
    const m = JSON.parse(JSON.parse(sent[0]).default) as DnsCheckDetailMessage;
    expect(m.vantages.map((v) => v.results)).toEqual([[], []]);
    expect(m.vantages[0].error).toBe('the prober in us-east-1 could not be asked: the prober\'s answer is not a report: {"statusCode":200}');
    expect(m.vantages[1].error).toMatch(/^the prober in eu-west-1 could not be asked: .*ECONNREFUSED/);
    expect(emailText(m)).toContain('From eu-west-1:\n  no results: the prober in eu-west-1 could not be asked');
  });

  it('another alarm is left alone (no prober asked, nothing published, no retry); an event that is no alarm state change fails', async () => {
    const asked: string[] = [];
    const log: string[] = [];
    const handle = createReporter({ askProber: async (r) => { asked.push(r); throw new Error('not asked'); }, publish: async () => 'x', topics: { critical: ['t'], warning: ['t'] }, log: (_l, m) => log.push(m), now: () => new Date() });
    for (const prefix of ['DnsProberErrorsAlarm', 'DnsCheckReporterDeadLetters', 'DnsCheckReporterFailedInvocationsAlarm']) {
      expect(await handle(alarmEvent('ALARM', one('AWS::CloudWatch::Alarm', 'us-east-1', prefix)))).toEqual({ published: [], skipped: 'not a DNS check alarm' });
    }
    expect(asked).toEqual([]);
    expect(log).toEqual(['not a DNS check alarm: nothing to report', 'not a DNS check alarm: nothing to report', 'not a DNS check alarm: nothing to report']);
    await expect(handle({ source: 'aws.ec2' })).rejects.toThrow(/not a CloudWatch alarm state-change event/);
  });

  // What a DNS server sends is the server's text, not ours: a server anyone runs may name itself
  // (NSID) or answer (records, hence the reason) with Slack's mention and link syntax.
  it("a server's own text (its NSID, its records) reaches Slack as text: no mention, no link", async () => {
    const HOSTILE = '<!channel> <https://evil.example|click>';
    const hostile = await startBind({ 'example.test': zoneFile('example.test', 1, ['www IN TXT "<!here> & <https://evil.example|x>"']) }, { serverId: HOSTILE });
    try {
      const spec = parseConfig({ prefix: 'acme', dnsChecks: [{ name: 'www', query: 'www.example.test', type: 'TXT', servers: [hostile.address], expect: { answers: ['v=spf1 -all'] }, deploy: false }] }).localDnsChecks[0];
      const results = await runCheck(spec);
      expect(results).toEqual([expect.objectContaining({ ok: false, nsid: HOSTILE, answers: ['<!here> & <https://evil.example|x>'] })]);
      const sent: { Subject: string; Message: string }[] = [];
      const handle = createReporter({
        askProber: async (vantage) => ({ vantage, check: 'www', query: spec.query, type: spec.type, expected: 'rcode NOERROR; answers exactly v=spf1 -all', results }),
        publish: async (_t, input) => (sent.push(input), 'id'),
        topics: { critical: ['arn:aws:sns:us-east-1:123456789012:acme-alerts-critical'], warning: [] },
        log: () => undefined,
        now: () => new Date(),
      });
      await handle(alarmEvent('ALARM'));
      expect(sent).toHaveLength(1);
      // SNS delivers a Lambda subscriber (the notifier) the message's `default`.
      slack.reset();
      const notifier = makeNotifier(notifierResources, { logger: collectingLogger() });
      const out = await notifier.handleEvent({ kind: 'sns', records: snsEvent(snsRecord(JSON.parse(sent[0].Message).default, { messageId: 'm-hostile', topicArn: 'arn:aws:sns:us-east-1:123456789012:acme-alerts-critical', subject: sent[0].Subject })).Records } as never, 30_000);
      expect(out.records[0]).toMatchObject({ status: 'posted', rendering: 'dns-check-detail' });
      expect(slackLimitViolations(slack.delivered()[0].body)).toEqual([]);
      const text = allText(slack.delivered()[0].body);
      expect(text).not.toMatch(/<!channel>|<!here>|<https:\/\/evil/);
      // The chat copy (HTTPS: AWS Chatbot's custom notification, which reaches the same kind of
      // channel) escapes them too: Chatbot is not documented to escape them itself.
      const chat = JSON.parse(JSON.parse(sent[0].Message).https).content.description as string;
      expect(chat).not.toMatch(/<!channel>|<!here>|<https:\/\/evil/);
      expect(chat).toContain(`${hostile.address} (NSID &lt;!channel&gt; &lt;https://evil.example|click&gt;): NOERROR &lt;!here&gt; &amp; &lt;https://evil.example|x&gt;`);
      // Shown, escaped, beside the server.
      expect(text).toContain(`\`${hostile.address}\` (NSID &lt;!channel&gt; &lt;https://evil.example|click&gt;) NOERROR &lt;!here&gt; &amp; &lt;https://evil.example|x&gt;`);
    } finally {
      await hostile.stop();
    }
  });
});

describe('with dashboards disabled', () => {
  it('the check alarm names no dashboard (none is built), so the follow-up offers no dashboard button', () => {
    const off = deploymentOf({
      prefix: 'acme',
      alerts: { email: ['oncall@example.com'] },
      dashboards: { enabled: false },
      dnsChecks: [{ name: 'www', query: 'www.example.test', type: 'A', servers: ['192.0.2.53'], expect: {} }],
    } as never);
    expect(off.resources('AWS::CloudWatch::Dashboard')).toEqual([]);
    const alarm = off.resources('AWS::CloudWatch::Alarm').find((a) => off.props(a).AlarmName === 'acme-dns-check-www')!;
    const description = off.props(alarm).AlarmDescription as string;
    expect(description).not.toMatch(/dashboard/);
    expect(parseAlarmContext(description)).toMatchObject({ subjectId: 'www', kind: 'dns-check' });
    expect(parseAlarmContext(description)!.dashboard).toBeUndefined();
  });
});
