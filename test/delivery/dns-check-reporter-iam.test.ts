/**
 * The DNS check reporter and the probers' report runs, through the IAM evaluator over the
 * synthesized policies: the reporter may invoke the prober of each vantage region (by its fixed
 * name) and publish to the alert topics (topic policy and key policy included), and nothing else;
 * a prober may read its own schedule, not another's. The EventBridge rule reaching the reporter's
 * intake queue, the reporter reading it, and the dead-letter paths are proven with every other
 * delivery path in delivery-paths.test.ts.
 */
import { roleMay } from '../support/iam/policies';
import { deploymentOf, TEST_ACCOUNT } from '../support/iam/app';
import { deliveryPaths, failingHops, formatFailures } from '../support/iam/delivery-paths';

const config = {
  prefix: 'acme',
  hostedZones: [{ zoneId: 'Z1111111111AAAAAAAAAA', zoneName: 'a.example.org' }],
  alerts: { email: ['oncall@example.com'] },
  dnsChecks: [
    { name: 'www', query: 'www.a.example.org', type: 'A', zoneId: 'Z1111111111AAAAAAAAAA', regions: ['us-east-1', 'eu-west-1'], expect: { answers: ['192.0.2.10'] } },
    { name: 'mx', query: 'a.example.org', type: 'MX', servers: ['192.0.2.53'], regions: ['ap-southeast-2'], alarm: { severity: 'warning' }, expect: {} },
  ],
};
const d = deploymentOf(config as never);
const [reporter] = d.resources('AWS::IAM::Role').filter((r) => r.logicalId.startsWith('DnsCheckReporterRole'));
const fn = (region: string, name: string) => `arn:aws:lambda:${region}:${TEST_ACCOUNT}:function:${name}`;
const topic = (name: string) => `arn:aws:sns:us-east-1:${TEST_ACCOUNT}:${name}`;

const may = (role: typeof reporter, action: string, resource: string, withResourcePolicy = false) => roleMay(d, role, action, resource, withResourcePolicy);

describe('DNS check reporter role', () => {
  it('is in the primary region only', () => {
    expect(d.resources('AWS::IAM::Role').filter((r) => r.logicalId.startsWith('DnsCheckReporterRole')).map((r) => r.stack.region)).toEqual(['us-east-1']);
  });

  it('may invoke the prober of every vantage region, and no other function', async () => {
    const probers = d.resources('AWS::Lambda::Function').filter((f) => f.logicalId.startsWith('DnsProberFunction'));
    expect(probers.map((p) => `${p.stack.region}:${d.physicalName(p)}`).sort()).toEqual(['ap-southeast-2:acme-dns-prober', 'eu-west-1:acme-dns-prober', 'us-east-1:acme-dns-prober']);
    for (const p of probers) expect(await may(reporter, 'lambda:InvokeFunction', d.arnOf(p))).toBe('Allowed');
    expect(await may(reporter, 'lambda:InvokeFunction', fn('sa-east-1', 'acme-dns-prober'))).not.toBe('Allowed');
    expect(await may(reporter, 'lambda:InvokeFunction', fn('us-east-1', 'acme-license-reporter'))).not.toBe('Allowed');
    const notifier = d.resources('AWS::Lambda::Function').find((f) => f.logicalId.startsWith('DnsCheckReporterFunction'))!;
    expect(await may(reporter, 'lambda:InvokeFunction', d.arnOf(notifier))).not.toBe('Allowed');
  });

  it('may publish to both alert topics through their topic and key policies', async () => {
    for (const t of ['acme-alerts-critical', 'acme-alerts-warning']) {
      expect(await may(reporter, 'sns:Publish', topic(t), true)).toBe('Allowed');
    }
    const [key] = d.resources('AWS::KMS::Key').filter((k) => k.stack.region === 'us-east-1' && k.logicalId.startsWith('AlertsKey'));
    const keyArn = d.arnOf(key);
    expect(await may(reporter, 'kms:GenerateDataKey', keyArn, true)).toBe('Allowed');
    expect(await may(reporter, 'sns:Publish', topic('someone-elses-topic'))).not.toBe('Allowed');
  });

  it('cannot read logs, metric data, DNS records or secrets', async () => {
    const logGroup = `arn:aws:logs:us-east-1:${TEST_ACCOUNT}:log-group:/aws/route53/a.example.org`;
    for (const action of ['logs:FilterLogEvents', 'logs:StartQuery']) expect(await may(reporter, action, logGroup)).not.toBe('Allowed');
    expect(await may(reporter, 'logs:GetLogEvents', `${logGroup}:log-stream:x`)).not.toBe('Allowed');
    expect(await may(reporter, 'logs:PutLogEvents', `${logGroup}:log-stream:x`)).not.toBe('Allowed');
    for (const action of ['cloudwatch:GetMetricData', 'cloudwatch:GetMetricStatistics', 'cloudwatch:DescribeAlarms']) expect(await may(reporter, action, '*')).not.toBe('Allowed');
    for (const action of ['route53:ListResourceRecordSets', 'route53:GetHostedZone', 'route53:ChangeResourceRecordSets']) {
      expect(await may(reporter, action, 'arn:aws:route53:::hostedzone/Z1111111111AAAAAAAAAA')).not.toBe('Allowed');
    }
    expect(await may(reporter, 'secretsmanager:GetSecretValue', `arn:aws:secretsmanager:us-east-1:${TEST_ACCOUNT}:secret:acme/slack-webhook-url-AbCdEf`)).not.toBe('Allowed');
    expect(await may(reporter, 'scheduler:GetSchedule', `arn:aws:scheduler:eu-west-1:${TEST_ACCOUNT}:schedule/default/acme-dns-prober`)).not.toBe('Allowed');
  });

  it('reads its intake queue and no other queue: not its dead-letter queue, whose messages wait for a person', async () => {
    const queue = (start: string) => d.arnOf(d.resources('AWS::SQS::Queue').find((q) => q.logicalId.startsWith(start))!);
    expect(await may(reporter, 'sqs:ReceiveMessage', queue('DnsCheckReporterIntakeQueue'), true)).toBe('Allowed');
    for (const action of ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:SendMessage']) {
      expect(await may(reporter, action, queue('DnsCheckReporterDeadLettersQueue'), true)).not.toBe('Allowed');
      expect(await may(reporter, action, `arn:aws:sqs:us-east-1:${TEST_ACCOUNT}:someone-elses-queue`)).not.toBe('Allowed');
    }
  });
});

describe('a prober reading its checks for a report run', () => {
  const probers = d.resources('AWS::IAM::Role').filter((r) => r.logicalId.startsWith('DnsProberRole'));
  it.each(probers.map((r) => [r.stack.region, r] as const))('in %s reads its own schedule only', async (region, role) => {
    const schedules = d.resources('AWS::Scheduler::Schedule').filter((s) => s.stack.region === region);
    expect(schedules).toHaveLength(1);
    expect(d.physicalName(schedules[0])).toBe('acme-dns-prober');
    const prober = d.resources('AWS::Lambda::Function').find((f) => f.stack.region === region && f.logicalId.startsWith('DnsProberFunction'))!;
    expect(d.props(prober).Environment.Variables.SCHEDULE_NAME).toBe(d.physicalName(schedules[0]));
    expect(await may(role, 'scheduler:GetSchedule', d.arnOf(schedules[0]))).toBe('Allowed');
    const other = region === 'eu-west-1' ? 'us-east-1' : 'eu-west-1';
    expect(await may(role, 'scheduler:GetSchedule', `arn:aws:scheduler:${other}:${TEST_ACCOUNT}:schedule/default/acme-dns-prober`)).not.toBe('Allowed');
    expect(await may(role, 'scheduler:GetSchedule', `arn:aws:scheduler:${region}:${TEST_ACCOUNT}:schedule/default/acme-license-reporter`)).not.toBe('Allowed');
    for (const action of ['scheduler:UpdateSchedule', 'scheduler:DeleteSchedule']) expect(await may(role, action, d.arnOf(schedules[0]))).not.toBe('Allowed');
  });
});

describe('delivery paths of the reporter', () => {
  it('the alarm rule reaches the intake queue, the reporter reads it, undeliverable events reach its dead-letter queue, and the alarms on all reach their topic', async () => {
    const paths = deliveryPaths(d).filter((p) => /DnsCheckReporter/.test(p.source));
    // alarm actions: the dead-letter queue's alarm, the intake backlog alarm and the rule's FailedInvocations alarm
    expect(paths.map((p) => p.kind).sort()).toEqual(['alarm-action', 'alarm-action', 'alarm-action', 'event-dead-letter', 'event-target', 'queue-event-source']);
    const [intake] = d.resources('AWS::SQS::Queue').filter((q) => q.logicalId.startsWith('DnsCheckReporterIntakeQueue'));
    expect(paths.filter((p) => p.kind === 'event-target' || p.kind === 'queue-event-source').map((p) => p.target)).toEqual([d.arnOf(intake), d.arnOf(intake)]);
    const failures = await failingHops(paths);
    expect(formatFailures(failures)).toBe('');
    expect(paths.every((p) => p.hops.length > 0)).toBe(true);
  });
});
