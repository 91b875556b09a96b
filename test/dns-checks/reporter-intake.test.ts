/**
 * How many DNS check reporters run at once, as the app builds them. Each check alarm entering
 * ALARM runs the reporter, which holds an execution while it waits for the prober of every vantage
 * region (one of them in this region): a storm of check alarms (a provider outage, a Route 53-wide
 * problem) must not take the region's Lambda concurrency, which the probers' scheduled runs and the
 * Slack notifier draw from too (a prober run throttled is a check not published, which its alarm
 * counts as passing), the more so in a new account, whose quota AWS keeps low.
 *
 * Read from the synthesized templates (intrinsics resolved for a test account): everything that
 * can start the reporter, and how many runs each allows at once. And the redrive of
 * docs/dns-checks.md, run as pasted by bash and the real AWS CLI against moto.
 */
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { queuedAlarmEvent } from '../../lambdas/dns-check-reporter/reporter';
import { LAMBDA } from '../../lib/aws-facts';
import { REPORTER_TIMEOUT_SECONDS } from '../../lib/dns-checks/reporter';
import { runWithAwsCli } from '../support/aws-cli';
import { deploymentOf } from '../support/iam/app';
import type { ResourceRef } from '../support/iam/deployment';
import { startMoto, type MotoServer } from '../support/moto';
import { REPO } from '../support/synth';

const config = {
  prefix: 'acme',
  alerts: { email: ['oncall@example.com'] },
  dnsChecks: [
    { name: 'www', query: 'www.example.org', type: 'A', servers: ['192.0.2.53'], regions: ['us-east-1', 'eu-west-1'], expect: { answers: ['192.0.2.10'] } },
    { name: 'mx', query: 'example.org', type: 'MX', servers: ['192.0.2.53'], regions: ['ap-southeast-2'], alarm: { severity: 'warning' }, expect: {} },
  ],
};
const d = deploymentOf(config as never);
const only = (rs: ResourceRef[]) => {
  expect(rs).toHaveLength(1);
  return rs[0];
};
const reporter = only(d.resources('AWS::Lambda::Function').filter((f) => f.logicalId.startsWith('DnsCheckReporterFunction')));
const reporterArn = d.arnOf(reporter);
const rule = only(d.resources('AWS::Events::Rule').filter((r) => r.logicalId.startsWith('DnsCheckReporterAlarmRule')));
const namesReporter = (v: unknown) => v === reporterArn || v === d.physicalName(reporter);

describe('DNS check reporters running at once', () => {
  it('nothing invokes the reporter directly: no permission lets a service invoke it, and the rule targets no function', () => {
    const permissions = d.resources('AWS::Lambda::Permission').filter((p) => namesReporter(d.props(p).FunctionName));
    expect(permissions.map((p) => `${p.logicalId}: ${d.props(p).Principal}`)).toEqual([]);
    expect(d.props(rule).Targets.map((t: any) => d.findByArn(t.Arn)?.type)).toEqual(['AWS::SQS::Queue']);
    expect(d.resources('AWS::Lambda::EventInvokeConfig').filter((c) => namesReporter(d.props(c).FunctionName))).toEqual([]);
  });

  it('its one trigger, the queue the rule writes to, runs one alarm event a run and at most the fewest runs at once Lambda allows', () => {
    const mapping = only(d.resources('AWS::Lambda::EventSourceMapping').filter((m) => namesReporter(d.props(m).FunctionName)));
    const p = d.props(mapping);
    expect(p.EventSourceArn).toBe(d.props(rule).Targets[0].Arn);
    expect(p.ScalingConfig).toEqual({ MaximumConcurrency: LAMBDA.sqsMinimumMaximumConcurrency });
    expect(p.BatchSize).toBe(1);
    expect(p.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
  });

  it('the queue keeps an event out of sight long enough for Lambda to retry a throttled run, and dead-letters a run that keeps failing', () => {
    const queue = d.findByArn(d.props(rule).Targets[0].Arn)!;
    const q = d.props(queue);
    expect(q.VisibilityTimeout).toBe(LAMBDA.sqsVisibilityTimeoutPerFunctionTimeout * REPORTER_TIMEOUT_SECONDS);
    expect(d.props(reporter).Timeout).toBe(REPORTER_TIMEOUT_SECONDS);
    // The rule's own dead-letter queue (events EventBridge cannot deliver) is where the queue's
    // redrive puts events the reporter failed on: one queue, one alarm, one redrive.
    expect(q.RedrivePolicy.deadLetterTargetArn).toBe(d.props(rule).Targets[0].DeadLetterConfig.Arn);
    expect(q.SqsManagedSseEnabled).toBe(true);
  });
});

describe('the redrive of docs/dns-checks.md', () => {
  const page = fs.readFileSync(path.join(REPO, 'docs', 'dns-checks.md'), 'utf8');
  const section = page.slice(page.indexOf("### Redrive the reporter's dead-letter queue"));
  const blocks = [...section.matchAll(/```bash\n([\s\S]*?)```/g)].map((m) => m[1]);
  let moto: MotoServer;
  beforeAll(async () => {
    moto = await startMoto();
  }, 60_000);
  afterAll(async () => {
    await moto?.stop();
  });

  it('finds the two queues by logical ids the core stack has', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(2);
    const looked = [...blocks[0].matchAll(/contains\(LogicalResourceId,'(\w+)'\)/g)].map((m) => m[1]);
    const queues = d.resources('AWS::SQS::Queue').filter((q) => q.stack.region === 'us-east-1');
    const intake = d.findByArn(d.props(rule).Targets[0].Arn)!;
    const deadLetters = d.findByArn(d.props(rule).Targets[0].DeadLetterConfig.Arn)!;
    expect(looked.map((part) => queues.filter((q) => q.logicalId.includes(part)).map((q) => q.logicalId))).toEqual([[deadLetters.logicalId], [intake.logicalId]]);
    expect(blocks[0]).toContain(`--stack-name <prefix>-core-<region>`);
    expect(intake.stack.stackName).toBe('acme-core-us-east-1');
  });

  // Both forms a dead-lettered event takes: EventBridge's (the event, with attributes saying why)
  // and, for one dead-lettered before the intake queue came, Lambda's failure record.
  it('moves every message, body unchanged, to the intake queue, where the reporter reads the alarm event of each', async () => {
    const sqs = new SQSClient(moto.clientConfig('us-east-1'));
    const make = async (QueueName: string) => (await sqs.send(new CreateQueueCommand({ QueueName }))).QueueUrl!;
    const [dlq, intake] = [await make('reporter-dead-letters'), await make('reporter-intake')];
    const event = { version: '0', id: 'e-1', 'detail-type': 'CloudWatch Alarm State Change', source: 'aws.cloudwatch', account: '123456789012', time: '2026-12-03T10:02:07Z', region: 'us-east-1', resources: [], detail: { alarmName: "acme-dns-check-www — team's", state: { value: 'ALARM' }, configuration: { description: 'a "quoted" $HOME `x` line\nand another' } } };
    const failureRecord = { version: '1.0', requestContext: { requestId: 'r-1', condition: 'RetriesExhausted', approximateInvokeCount: 3 }, requestPayload: event, responseContext: { statusCode: 200, functionError: 'Unhandled' }, responsePayload: { errorMessage: 'publish failed' } };
    const bodies = [JSON.stringify(event), JSON.stringify(failureRecord)];
    for (const MessageBody of bodies) await sqs.send(new SendMessageCommand({ QueueUrl: dlq, MessageBody, MessageAttributes: { ERROR_CODE: { DataType: 'String', StringValue: 'SQSError' } } }));
    runWithAwsCli(moto, blocks[1], { DLQ_URL: dlq, INTAKE_URL: intake });
    const left = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlq, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }));
    expect(left.Attributes).toMatchObject({ ApproximateNumberOfMessages: '0', ApproximateNumberOfMessagesNotVisible: '0' });
    const moved = (await sqs.send(new ReceiveMessageCommand({ QueueUrl: intake, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }))).Messages ?? [];
    expect(moved.map((m) => m.Body).sort()).toEqual([...bodies].sort());
    for (const m of moved) expect(queuedAlarmEvent(m.Body!)).toEqual(event);
  }, 60_000);
});
