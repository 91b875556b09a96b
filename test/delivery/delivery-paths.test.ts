/**
 * Delivery-path proof: every alarm action, EventBridge and Scheduler target and dead-letter queue,
 * SNS subscription and Lambda destination in the synthesized example deployments is evaluated with
 * a real IAM policy simulator against the target's resource policy, its KMS key policy and (for
 * role-based targets) the role's identity policies. Each path must be allowed, and the same request
 * from another account must be denied.
 */
import * as path from 'node:path';
import { readConfigFile } from '../../lib/config/load';
import { Deployment } from '../support/iam/deployment';
import { deliveryPaths, DeliveryPath, failingHops, formatFailures } from '../support/iam/delivery-paths';
import { unknownActions } from '../support/iam/policies';
import { deploymentOf } from '../support/iam/app';
import { exampleConfigFiles, REPO } from '../support/synth';

const examples = exampleConfigFiles().map((f) => [path.relative(REPO, f), f] as const);

/** Existing topics the config names: the only targets allowed to be outside the deployment. */
function configuredTopicArns(file: string): Set<string> {
  const raw = readConfigFile(file);
  const arns = new Set<string>();
  const visit = (v: any) => {
    if (!v || typeof v !== 'object') return;
    if (Array.isArray(v.topicArns)) for (const a of v.topicArns) arns.add(a);
    for (const x of Object.values(v)) visit(x);
  };
  visit(raw.alerts);
  return arns;
}

describe.each(examples)('delivery paths of %s', (_name, file) => {
  let deployment: Deployment;
  let paths: DeliveryPath[];
  beforeAll(() => {
    deployment = deploymentOf(readConfigFile(file));
    paths = deliveryPaths(deployment);
  });

  it('has alarm delivery paths to evaluate', () => {
    expect(paths.filter((p) => p.kind === 'alarm-action' && !p.external).length).toBeGreaterThan(0);
  });

  it('a Slack webhook notifier is reached through its intake queue: topics send to it, the function reads it', () => {
    const webhook = Boolean(readConfigFile(file).alerts?.slack?.webhook);
    const fedBy = (kind: DeliveryPath['kind'], target: string) => paths.filter((p) => p.kind === kind && p.target === target).length;
    const reads = paths.filter((p) => p.kind === 'queue-event-source' && fedBy('sns-subscription', p.target) > 0);
    expect(reads.length > 0).toBe(webhook);
    for (const read of reads) {
      expect(fedBy('sns-subscription', read.target)).toBeGreaterThanOrEqual(2);
      expect(read.hops.map((h) => h.request.action)).toEqual(expect.arrayContaining(['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'kms:Decrypt']));
    }
  });

  it('the DNS check reporter is reached through its intake queue: its alarm rule sends to it, the function reads it; every queue read is fed', () => {
    const checks = (readConfigFile(file).dnsChecks ?? []).some((c: { deploy?: boolean }) => c.deploy !== false);
    const fedBy = (kind: DeliveryPath['kind'], target: string) => paths.filter((p) => p.kind === kind && p.target === target).length;
    const reads = paths.filter((p) => p.kind === 'queue-event-source' && fedBy('event-target', p.target) > 0);
    expect(reads.map((p) => p.source.includes('DnsCheckReporter'))).toEqual(checks ? [true] : []);
    for (const read of reads) expect(read.hops.map((h) => h.request.action)).toEqual(expect.arrayContaining(['sqs:ReceiveMessage', 'sqs:DeleteMessage']));
    for (const read of paths.filter((p) => p.kind === 'queue-event-source')) expect(fedBy('sns-subscription', read.target) + fedBy('event-target', read.target)).toBeGreaterThan(0);
  });

  it('no path is broken by a rule no policy can fix (region, AWS managed key)', () => {
    expect(paths.filter((p) => p.broken).map((p) => p.broken)).toEqual([]);
  });

  it('only the existing topics the config names are outside the deployment', () => {
    const allowed = configuredTopicArns(file);
    const outside = [...new Set(paths.filter((p) => p.external).map((p) => p.target))];
    expect(outside.filter((t) => !allowed.has(t))).toEqual([]);
  });

  it('every path is allowed for its publisher and denied to another account', async () => {
    const failures = await failingHops(paths);
    expect(formatFailures(failures)).toBe('');
  });

  it('every action in every policy exists in AWS service authorization reference', async () => {
    expect(await unknownActions(deployment)).toEqual([]);
  });

  it('every EventBridge and Scheduler target has a dead-letter queue and a bounded retry policy', () => {
    for (const rule of deployment.resources('AWS::Events::Rule')) {
      for (const t of deployment.props(rule).Targets) {
        expect({ rule: rule.logicalId, dlq: typeof t.DeadLetterConfig?.Arn, retry: t.RetryPolicy?.MaximumEventAgeInSeconds > 0 }).toEqual({ rule: rule.logicalId, dlq: 'string', retry: true });
      }
    }
    for (const s of deployment.resources('AWS::Scheduler::Schedule')) {
      expect(typeof deployment.props(s).Target.DeadLetterConfig?.Arn).toBe('string');
    }
  });

  it('every dead-letter queue is retained and watched by an alarm that notifies someone', () => {
    const dlqs = paths.filter((p) => ['event-dead-letter', 'schedule-dead-letter', 'lambda-destination'].includes(p.kind)).map((p) => p.target);
    const alarms = deployment.resources('AWS::CloudWatch::Alarm').map((a) => deployment.props(a));
    for (const arn of new Set(dlqs)) {
      const queue = deployment.findByArn(arn)!;
      expect(queue.stack.template.Resources[queue.logicalId].DeletionPolicy).toBe('Retain');
      const name = deployment.physicalName(queue);
      const watching = alarms.filter((a) => a.Namespace === 'AWS/SQS' && a.Dimensions?.some((d: any) => d.Name === 'QueueName' && d.Value === name));
      expect({ queue: name, notifying: watching.filter((a) => a.AlarmActions?.length > 0).length }).toEqual({ queue: name, notifying: 1 });
    }
  });

  it('every EventBridge rule (change audit, DNS check reporter) is covered by a FailedInvocations alarm', () => {
    const ruleOf = (dims: any[] | undefined) => dims?.find((d: any) => d.Name === 'RuleName')?.Value;
    const alarms = deployment.resources('AWS::CloudWatch::Alarm').map((a) => deployment.props(a));
    const watched = new Set([
      // metric-math alarms over several rules, and single-metric alarms of one rule
      ...alarms.flatMap((p) => p.Metrics ?? []).filter((m: any) => m.MetricStat?.Metric.MetricName === 'FailedInvocations').map((m: any) => ruleOf(m.MetricStat.Metric.Dimensions)),
      ...alarms.filter((p) => p.Namespace === 'AWS/Events' && p.MetricName === 'FailedInvocations' && p.AlarmActions?.length > 0).map((p) => ruleOf(p.Dimensions)),
    ]);
    for (const rule of deployment.resources('AWS::Events::Rule')) expect(watched).toContain(deployment.physicalName(rule));
  });
});

describe('the delivery proof can fail', () => {
  const base = deploymentOf(readConfigFile(path.join(REPO, 'examples', 'everything-on.yaml')));
  /** The deployment with every statement (of a resource, identity or key policy) of a given Sid removed (as older code synthesized it). */
  const without = (...sids: string[]) => {
    const stacks = base.stacks.map((s) => {
      const template = JSON.parse(JSON.stringify(s.template));
      for (const r of Object.values<any>(template.Resources)) {
        const doc = r.Properties?.PolicyDocument ?? r.Properties?.KeyPolicy;
        if (doc?.Statement) doc.Statement = doc.Statement.filter((st: any) => !sids.includes(st.Sid));
      }
      return { ...s, template };
    });
    return new Deployment(stacks);
  };

  it('a deny-only topic policy (enforceSSL alone) fails every alarm of a created topic', async () => {
    const failures = await failingHops(deliveryPaths(without('AllowCloudWatchAlarmsOfThisAccount')));
    expect(failures.length).toBeGreaterThan(50);
    expect(new Set(failures.map((f) => `${f.hop.request.principal} ${f.hop.request.action}`))).toEqual(new Set(['cloudwatch.amazonaws.com sns:Publish']));
  });

  it('a change-audit role without KMS statements fails the audit deliveries', async () => {
    const failures = await failingHops(deliveryPaths(without('EncryptForTopics', 'EncryptForExistingTopics')));
    expect(failures.length).toBeGreaterThan(0);
    expect(failures.every((f) => f.path.kind === 'event-target' && f.hop.request.action.startsWith('kms:'))).toBe(true);
  });

  it('the Slack intake queue without its SNS statements (queue and key) fails the topics\' deliveries to it', async () => {
    const failures = await failingHops(deliveryPaths(without('AlertTopicsDeliver', 'AlertTopicsDeliverToSlackIntake')));
    expect(failures.length).toBeGreaterThan(0);
    expect(new Set(failures.map((f) => `${f.path.kind} ${f.hop.request.principal} ${f.hop.request.action}`))).toEqual(
      new Set(['sns-subscription sns.amazonaws.com sqs:SendMessage', 'sns-subscription sns.amazonaws.com kms:GenerateDataKey', 'sns-subscription sns.amazonaws.com kms:Decrypt']),
    );
  });

  it('a notifier role that cannot read its intake queue fails the event source', async () => {
    const stacks = base.stacks.map((s) => {
      const template = JSON.parse(JSON.stringify(s.template));
      for (const r of Object.values<any>(template.Resources)) {
        const doc = r.Type === 'AWS::IAM::Policy' ? r.Properties.PolicyDocument : undefined;
        if (doc) doc.Statement = doc.Statement.filter((st: any) => ![].concat(st.Action).includes('sqs:ReceiveMessage' as never));
      }
      return { ...s, template };
    });
    const failures = await failingHops(deliveryPaths(new Deployment(stacks)));
    expect(failures.length).toBeGreaterThan(0);
    expect(new Set(failures.map((f) => `${f.path.kind} ${f.hop.expect} ${f.hop.request.action}`))).toEqual(
      new Set(['queue-event-source Allowed sqs:ReceiveMessage', 'queue-event-source Allowed sqs:DeleteMessage', 'queue-event-source Allowed sqs:GetQueueAttributes']),
    );
  });

  it('a foreign account is denied: a topic policy without aws:SourceAccount is reported', async () => {
    const stacks = base.stacks.map((s) => {
      const template = JSON.parse(JSON.stringify(s.template));
      for (const r of Object.values<any>(template.Resources)) {
        for (const st of r.Properties?.PolicyDocument?.Statement ?? []) if (st.Sid === 'AllowCloudWatchAlarmsOfThisAccount') delete st.Condition;
      }
      return { ...s, template };
    });
    const failures = await failingHops(deliveryPaths(new Deployment(stacks)));
    expect(failures.length).toBeGreaterThan(0);
    expect(failures.every((f) => f.hop.expect === 'Denied')).toBe(true);
  });

  it('covers every kind of delivery path the product has', () => {
    expect(new Set(deliveryPaths(base).map((p) => p.kind))).toEqual(
      new Set(['alarm-action', 'event-target', 'event-dead-letter', 'schedule-target', 'schedule-dead-letter', 'sns-subscription', 'lambda-destination', 'queue-event-source']),
    );
  });
});
