/**
 * Every delivery path of a synthesized deployment, as the requests AWS evaluates when a message
 * travels it: a CloudWatch alarm (or composite alarm) publishing to its topics, an EventBridge rule
 * or EventBridge Scheduler schedule delivering to its target and dead-letter queue, SNS invoking a
 * subscribed function, a function's asynchronous on-failure destination. Each path holds the
 * requests that must be allowed (with the publisher's real context keys) and the same requests
 * from another account, which must be denied.
 *
 * AWS rules behind the requests:
 * - Alarms publish as the service principal cloudwatch.amazonaws.com; an encrypted topic's key must
 *   let it use kms:GenerateDataKey* and kms:Decrypt (CloudWatch User Guide, "Using Amazon SNS
 *   topics with alarms"; https://repost.aws/knowledge-center/cloudwatch-receive-sns-for-alarm-trigger).
 * - A rule target without a role is called as events.amazonaws.com against the target's resource
 *   policy; with a role, EventBridge assumes it (EventBridge User Guide, "Using resource-based
 *   policies for Amazon EventBridge"); dead-letter queues always receive from events.amazonaws.com
 *   with aws:SourceArn = the rule (EventBridge User Guide, "Using dead-letter queues").
 * - Scheduler always uses the schedule's execution role, for the target and the dead-letter queue
 *   (EventBridge Scheduler User Guide, "Set up the execution role", "Configuring a dead-letter queue").
 * - SNS invokes a subscribed function as sns.amazonaws.com (Lambda permission with SourceArn), and
 *   sends to a subscribed queue as sns.amazonaws.com with aws:SourceArn = the topic.
 * - An SQS event source mapping reads the queue as the function's execution role: it needs
 *   sqs:ReceiveMessage, sqs:DeleteMessage and sqs:GetQueueAttributes, and kms:Decrypt on a
 *   customer managed key of the queue (Lambda Developer Guide, "Using Lambda with Amazon SQS",
 *   execution role permissions; SQS Developer Guide, "Configuring an Amazon SQS queue to trigger
 *   an AWS Lambda function", permissions for encrypted queues).
 * - SNS and SQS use a KMS key for the caller; AWS managed keys (alias/aws/sns, alias/aws/sqs) cannot
 *   be used by service principals (SNS Developer Guide, "Key management").
 */
import { Deployment, ResourceRef } from './deployment';
import { PolicyDoc, Request, resourcePolicyFor, roleByArn, roleIdentityPolicies, simulate, Verdict } from './policies';

export const FOREIGN_ACCOUNT = '999999999999';

export interface Hop {
  readonly what: string;
  readonly request: Request;
  /** Allowed: the legitimate request; Denied: the same from another account. */
  readonly expect: 'Allowed' | 'Denied';
}

export interface DeliveryPath {
  readonly kind: 'alarm-action' | 'event-target' | 'event-dead-letter' | 'schedule-target' | 'schedule-dead-letter' | 'sns-subscription' | 'lambda-destination' | 'queue-event-source';
  /** What sends: `<stack>/<logicalId>` and its ARN. */
  readonly source: string;
  readonly target: string;
  readonly hops: readonly Hop[];
  /** Set when the target is not in the deployment (an existing topic): it cannot be evaluated here. */
  readonly external?: string;
  /** Set when the path cannot work whatever the policies say. */
  readonly broken?: string;
}

export interface HopFailure {
  readonly path: DeliveryPath;
  readonly hop: Hop;
  readonly verdict: Verdict;
}

const list = (v: unknown): any[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const serviceOf = (arn: string) => arn.split(':')[2];
const regionOf = (arn: string) => arn.split(':')[3];

/** The KMS hops of writing to an encrypted topic or queue as `principal`. */
function keyHops(d: Deployment, target: ResourceRef, principal: Principal, what: string, actions = ['kms:GenerateDataKey', 'kms:Decrypt']): { hops: Hop[]; broken?: string } {
  const p = d.props(target);
  const key: string | undefined = p.KmsMasterKeyId;
  if (!key) return { hops: [] };
  if (key.startsWith('alias/aws/')) {
    return principal.service
      ? { hops: [], broken: `${what}: ${d.arnOf(target)} uses the AWS managed key ${key}, which ${principal.service} cannot use — use a customer managed key` }
      : { hops: [] };
  }
  const keyArn = key.startsWith('arn:') ? key : d.arnOf(d.resources('AWS::KMS::Key').find((k) => d.physicalName(k) === key)!);
  const viaService = `${serviceOf(d.arnOf(target))}.${target.stack.region}.amazonaws.com`;
  return {
    hops: actions.flatMap((action) =>
      principal.requests(action, keyArn, target.stack.account, resourcePolicyFor(d, keyArn), { 'kms:ViaService': viaService }).map((h) => ({ ...h, what: `${what}: ${action} on ${keyArn}` })),
    ),
  };
}

/** Who makes a request: a service principal acting for a source ARN, or a role. */
interface Principal {
  readonly service?: string;
  requests(action: string, resource: string, account: string, resourcePolicy: PolicyDoc | undefined, extra?: Record<string, string>): Omit<Hop, 'what'>[];
}

function servicePrincipal(service: string, sourceArn: string, account: string): Principal {
  const foreignSource = sourceArn.replace(`:${account}:`, `:${FOREIGN_ACCOUNT}:`);
  return {
    service,
    requests: (action, resource, resourceAccount, resourcePolicy) => [
      {
        expect: 'Allowed',
        request: { principal: service, action, resource, resourceAccount, resourcePolicy, context: { 'aws:SourceAccount': account, 'aws:SourceArn': sourceArn } },
      },
      {
        expect: 'Denied',
        request: { principal: service, action, resource, resourceAccount, resourcePolicy, context: { 'aws:SourceAccount': FOREIGN_ACCOUNT, 'aws:SourceArn': foreignSource } },
      },
    ],
  };
}

function rolePrincipal(d: Deployment, roleArn: string): Principal {
  const role = roleByArn(d, roleArn);
  const identityPolicies = roleIdentityPolicies(d, role);
  const everything = [{ name: 'foreign-admin', policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } }];
  return {
    requests: (action, resource, resourceAccount, resourcePolicy, extra = {}) => [
      {
        expect: 'Allowed',
        request: { principal: roleArn, action, resource, resourceAccount, resourcePolicy, identityPolicies, context: { 'kms:CallerAccount': role.stack.account, ...extra } },
      },
      {
        expect: 'Denied',
        request: {
          principal: `arn:aws:iam::${FOREIGN_ACCOUNT}:role/intruder`,
          action,
          resource,
          resourceAccount,
          resourcePolicy,
          identityPolicies: everything,
          context: { 'kms:CallerAccount': FOREIGN_ACCOUNT, ...extra },
        },
      },
    ],
  };
}

const WRITE_ACTION: Record<string, string> = { sns: 'sns:Publish', sqs: 'sqs:SendMessage', lambda: 'lambda:InvokeFunction' };

/** Hops of `principal` writing to `targetArn`: the write itself and the target's key. */
function writeHops(d: Deployment, principal: Principal, targetArn: string, what: string): { hops: Hop[]; external?: string; broken?: string } {
  const target = d.findByArn(targetArn);
  if (!target) return { hops: [], external: `${targetArn} is not created by this deployment` };
  const action = WRITE_ACTION[serviceOf(targetArn)];
  if (!action) return { hops: [], broken: `${what}: no delivery rule known for ${targetArn}` };
  const resourceArn = d.arnOf(target);
  const own = principal.requests(action, resourceArn, target.stack.account, resourcePolicyFor(d, resourceArn)).map((h) => ({ ...h, what: `${what}: ${action} on ${resourceArn}` }));
  const keys = keyHops(d, target, principal, what);
  return { hops: [...own, ...keys.hops], broken: keys.broken };
}

function assumeHops(d: Deployment, service: string, roleArn: string, sourceArn: string, account: string, what: string): Hop[] {
  return servicePrincipal(service, sourceArn, account)
    .requests('sts:AssumeRole', roleArn, account, resourcePolicyFor(d, roleArn))
    .map((h) => ({ ...h, what: `${what}: ${service} assumes ${roleArn}` }));
}

export function deliveryPaths(d: Deployment): DeliveryPath[] {
  const out: DeliveryPath[] = [];
  const at = (r: ResourceRef) => `${r.stack.stackName}/${r.logicalId}`;

  for (const alarm of [...d.resources('AWS::CloudWatch::Alarm'), ...d.resources('AWS::CloudWatch::CompositeAlarm')]) {
    const p = d.props(alarm);
    const arn = d.arnOf(alarm);
    const targets = new Set([...list(p.AlarmActions), ...list(p.OKActions), ...list(p.InsufficientDataActions)]);
    for (const t of targets) {
      if (serviceOf(t) !== 'sns') continue;
      const what = `${at(alarm)} (${p.AlarmName}) -> ${t}`;
      if (regionOf(t) !== alarm.stack.region) {
        out.push({ kind: 'alarm-action', source: at(alarm), target: t, hops: [], broken: `${what}: an alarm can only notify a topic of its own region` });
        continue;
      }
      const w = writeHops(d, servicePrincipal('cloudwatch.amazonaws.com', arn, alarm.stack.account), t, what);
      out.push({ kind: 'alarm-action', source: at(alarm), target: t, ...w });
    }
  }

  for (const rule of d.resources('AWS::Events::Rule')) {
    const p = d.props(rule);
    const ruleArn = d.arnOf(rule);
    for (const target of list(p.Targets)) {
      const what = `${at(rule)} target ${target.Id} -> ${target.Arn}`;
      const principal = target.RoleArn ? rolePrincipal(d, target.RoleArn) : servicePrincipal('events.amazonaws.com', ruleArn, rule.stack.account);
      const w = writeHops(d, principal, target.Arn, what);
      const assume = target.RoleArn ? assumeHops(d, 'events.amazonaws.com', target.RoleArn, ruleArn, rule.stack.account, what) : [];
      out.push({ kind: 'event-target', source: at(rule), target: target.Arn, ...w, hops: [...assume, ...w.hops] });
      const dlq = target.DeadLetterConfig?.Arn;
      if (dlq) {
        const dw = writeHops(d, servicePrincipal('events.amazonaws.com', ruleArn, rule.stack.account), dlq, `${what} dead-letter queue`);
        out.push({ kind: 'event-dead-letter', source: at(rule), target: dlq, ...dw });
      }
    }
  }

  for (const schedule of d.resources('AWS::Scheduler::Schedule')) {
    const p = d.props(schedule);
    const t = p.Target;
    const what = `${at(schedule)} -> ${t.Arn}`;
    const assume = assumeHops(d, 'scheduler.amazonaws.com', t.RoleArn, d.arnOf(schedule), schedule.stack.account, what);
    const w = writeHops(d, rolePrincipal(d, t.RoleArn), t.Arn, what);
    out.push({ kind: 'schedule-target', source: at(schedule), target: t.Arn, ...w, hops: [...assume, ...w.hops] });
    if (t.DeadLetterConfig?.Arn) {
      const dw = writeHops(d, rolePrincipal(d, t.RoleArn), t.DeadLetterConfig.Arn, `${what} dead-letter queue`);
      out.push({ kind: 'schedule-dead-letter', source: at(schedule), target: t.DeadLetterConfig.Arn, ...dw });
    }
  }

  for (const sub of d.resources('AWS::SNS::Subscription')) {
    const p = d.props(sub);
    if (p.Protocol !== 'lambda' && p.Protocol !== 'sqs') continue;
    const what = `${at(sub)} ${p.TopicArn} -> ${p.Endpoint}`;
    const w = writeHops(d, servicePrincipal('sns.amazonaws.com', p.TopicArn, sub.stack.account), p.Endpoint, what);
    out.push({ kind: 'sns-subscription', source: at(sub), target: p.Endpoint, ...w });
  }

  for (const esm of d.resources('AWS::Lambda::EventSourceMapping')) {
    const p = d.props(esm);
    if (serviceOf(p.EventSourceArn) !== 'sqs') continue;
    const fn = d.resources('AWS::Lambda::Function').find((f) => d.physicalName(f) === p.FunctionName);
    if (!fn) throw new Error(`${at(esm)}: no function ${p.FunctionName}`);
    const what = `${at(esm)} ${p.EventSourceArn} -> ${at(fn)}`;
    const queue = d.findByArn(p.EventSourceArn);
    if (!queue) {
      out.push({ kind: 'queue-event-source', source: at(esm), target: p.EventSourceArn, hops: [], external: `${p.EventSourceArn} is not created by this deployment` });
      continue;
    }
    const principal = rolePrincipal(d, d.props(fn).Role);
    const queueArn = d.arnOf(queue);
    const reads = ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'].flatMap((action) =>
      principal.requests(action, queueArn, queue.stack.account, resourcePolicyFor(d, queueArn)).map((h) => ({ ...h, what: `${what}: ${action} on ${queueArn}` })),
    );
    const keys = keyHops(d, queue, principal, what, ['kms:Decrypt']);
    out.push({ kind: 'queue-event-source', source: at(esm), target: p.EventSourceArn, hops: [...reads, ...keys.hops], broken: keys.broken });
  }

  for (const cfg of d.resources('AWS::Lambda::EventInvokeConfig')) {
    const p = d.props(cfg);
    const fn = d.resources('AWS::Lambda::Function').find((f) => d.physicalName(f) === p.FunctionName);
    if (!fn) throw new Error(`${at(cfg)}: no function ${p.FunctionName}`);
    const roleArn = d.props(fn).Role;
    for (const [when, dest] of Object.entries<any>(p.DestinationConfig ?? {})) {
      const what = `${at(fn)} ${when} -> ${dest.Destination}`;
      const w = writeHops(d, rolePrincipal(d, roleArn), dest.Destination, what);
      out.push({ kind: 'lambda-destination', source: at(fn), target: dest.Destination, ...w });
    }
  }
  return out;
}

/** Evaluates every hop; returns the ones whose verdict differs from what the path needs. */
export async function failingHops(paths: readonly DeliveryPath[]): Promise<HopFailure[]> {
  const failures: HopFailure[] = [];
  for (const path of paths) {
    for (const hop of path.hops) {
      const verdict = await simulate(hop.request);
      const ok = hop.expect === 'Allowed' ? verdict === 'Allowed' : verdict !== 'Allowed';
      if (!ok) failures.push({ path, hop, verdict });
    }
  }
  return failures;
}

export function formatFailures(failures: readonly HopFailure[]): string {
  return failures.map((f) => `${f.hop.expect === 'Allowed' ? 'NOT ALLOWED' : 'NOT DENIED'} (${f.verdict}) ${f.hop.what} as ${f.hop.request.principal}`).join('\n');
}
