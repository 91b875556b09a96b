/**
 * `doctor`'s alarm-drift check: the deployment's alarms as CloudWatch has them, against the
 * templates this config synthesizes to (in memory, as `plan` does: lib/plan/synthesize.ts).
 *
 * CloudFormation does not look at a resource again until its template changes, so two hand-made
 * changes stay for good, and both leave a zone unwatched without a word:
 *  - an alarm deleted outside CloudFormation (console, a script, a cleanup): no deploy makes it
 *    again. The fix is the `aws cloudwatch put-metric-alarm` (or `put-composite-alarm`) that makes
 *    it as its template has it, built from that template's properties, whose names are the API's;
 *  - an alarm whose actions were turned off (`disable-alarm-actions`, often during an incident) or
 *    changed: it still changes state, but notifies nobody or not the deployment's topics.
 * Alarms of a stack or a subject none of which exists are one finding: that part of the config is
 * not deployed yet (or was deleted whole).
 */
import { type CloudWatchClient, type CompositeAlarm, DescribeAlarmsCommand, type MetricAlarm } from '@aws-sdk/client-cloudwatch';
import { parseAlarmContext } from '../../contracts/alarm-context';
import { parseAlarmArn, partitionOfRegion } from '../../contracts/console-links';
import type { SynthesizedStack } from '../plan/synthesize';
import { shellWord } from './shell-word';

const METRIC_ALARM = 'AWS::CloudWatch::Alarm';
const COMPOSITE_ALARM = 'AWS::CloudWatch::CompositeAlarm';

/** One alarm of the synthesized templates. */
export interface TemplateAlarm {
  readonly stack: string;
  readonly region: string;
  readonly logicalId: string;
  readonly composite: boolean;
  readonly name: string;
  /** Its resource's properties as the template has them (intrinsic functions not worked out). */
  readonly props: Readonly<Record<string, unknown>>;
  /** What it watches, from its description's context line (contracts/alarm-context.ts); none for the product's own alarms. */
  readonly subject?: string;
  /** The other resources of its stack, which its properties may refer to. */
  readonly stackResources: ReadonlyMap<string, { readonly type: string; readonly props: Readonly<Record<string, unknown>> }>;
}

/** Every alarm (metric and composite) the stacks build, with a name the template gives as text. */
export function templateAlarmsOf(stacks: readonly SynthesizedStack[]): TemplateAlarm[] {
  const out: TemplateAlarm[] = [];
  for (const s of stacks) {
    const stackResources = new Map(s.resources.map((r) => [r.logicalId, { type: r.type, props: r.props }] as const));
    for (const r of s.resources) {
      if (r.type !== METRIC_ALARM && r.type !== COMPOSITE_ALARM) continue;
      const name = r.props.AlarmName;
      if (typeof name !== 'string') continue;
      const description = typeof r.props.AlarmDescription === 'string' ? r.props.AlarmDescription : undefined;
      out.push({ stack: s.name, region: s.region, logicalId: r.logicalId, composite: r.type === COMPOSITE_ALARM, name, props: r.props, subject: parseAlarmContext(description)?.subject, stackResources });
    }
  }
  return out;
}

/** A template value worked out for one account, or what it refers to that only the deployed stack knows. */
export type Resolved = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly refersTo: string };

/**
 * `value` with the intrinsic functions the app's alarms use worked out: the pseudo parameters
 * `AWS::AccountId`, `AWS::Region` and `AWS::Partition`, `Fn::Join`, and `Ref` of a topic of the same
 * stack whose name the template gives (its ARN). Anything else (the generated name of a queue or
 * a function, a health check's id, an import) is known to the deployed stack only.
 */
export function resolveTemplateValue(value: unknown, ctx: { account: string; region: string; resources: TemplateAlarm['stackResources'] }): Resolved {
  const unresolved = (refersTo: string): Resolved => ({ ok: false, refersTo });
  if (Array.isArray(value)) {
    const items: unknown[] = [];
    for (const v of value) {
      const r = resolveTemplateValue(v, ctx);
      if (!r.ok) return r;
      items.push(r.value);
    }
    return { ok: true, value: items };
  }
  if (value === null || typeof value !== 'object') return { ok: true, value };
  const entries = Object.entries(value as Record<string, unknown>);
  const [fn, arg] = entries.length === 1 ? entries[0] : [];
  if (fn === 'Ref') {
    const pseudo: Record<string, string> = { 'AWS::AccountId': ctx.account, 'AWS::Region': ctx.region, 'AWS::Partition': partitionOfRegion(ctx.region) };
    if (typeof arg === 'string' && pseudo[arg] !== undefined) return { ok: true, value: pseudo[arg] };
    const target = typeof arg === 'string' ? ctx.resources.get(arg) : undefined;
    if (target?.type === 'AWS::SNS::Topic' && typeof target.props.TopicName === 'string') {
      return { ok: true, value: `arn:${partitionOfRegion(ctx.region)}:sns:${ctx.region}:${ctx.account}:${target.props.TopicName}` };
    }
    return unresolved(`the ${target?.type ?? 'resource'} ${String(arg)}`);
  }
  if (fn === 'Fn::Join' && Array.isArray(arg) && typeof arg[0] === 'string' && Array.isArray(arg[1])) {
    const parts = resolveTemplateValue(arg[1], ctx);
    if (!parts.ok) return parts;
    return { ok: true, value: (parts.value as unknown[]).map(String).join(arg[0]) };
  }
  if (fn === 'Fn::GetAtt' && Array.isArray(arg)) return unresolved(`the ${String(arg[1])} of ${ctx.resources.get(String(arg[0]))?.type ?? 'resource'} ${String(arg[0])}`);
  if (fn?.startsWith('Fn::')) return unresolved(`a ${fn}`);
  const out: Record<string, unknown> = {};
  for (const [k, v] of entries) {
    const r = resolveTemplateValue(v, ctx);
    if (!r.ok) return r;
    out[k] = r.value;
  }
  return { ok: true, value: out };
}

/**
 * The AWS CLI command that makes the alarm as its template has it (the resource's property names
 * are those of PutMetricAlarm and PutCompositeAlarm), or what its template refers to that only
 * the deployed stack knows.
 */
export function putAlarmCommand(a: TemplateAlarm, account: string): { command: string } | { refersTo: string } {
  const resolved = resolveTemplateValue(a.props, { account, region: a.region, resources: a.stackResources });
  if (!resolved.ok) return { refersTo: resolved.refersTo };
  const call = a.composite ? 'put-composite-alarm' : 'put-metric-alarm';
  return { command: `aws cloudwatch ${call} --region ${a.region} --cli-input-json ${shellWord(JSON.stringify(resolved.value))}` };
}

/** An alarm as DescribeAlarms returns it: what the check compares. */
export type DescribedAlarm = Pick<MetricAlarm & CompositeAlarm, 'AlarmName' | 'AlarmArn' | 'ActionsEnabled' | 'AlarmActions' | 'OKActions'>;

/** Every alarm of the region whose name starts with `<prefix>-`, metric and composite. */
export async function describeAlarmsWithPrefix(cloudwatch: CloudWatchClient, prefix: string): Promise<Map<string, DescribedAlarm>> {
  const found = new Map<string, DescribedAlarm>();
  let token: string | undefined;
  do {
    const page = await cloudwatch.send(new DescribeAlarmsCommand({ AlarmNamePrefix: `${prefix}-`, AlarmTypes: ['MetricAlarm', 'CompositeAlarm'], NextToken: token }));
    for (const a of [...(page.MetricAlarms ?? []), ...(page.CompositeAlarms ?? [])]) if (a.AlarmName) found.set(a.AlarmName, a);
    token = page.NextToken;
  } while (token);
  return found;
}

/** The account the deployment's alarms are in, from the ARN of any that exists. */
export function accountOfAlarms(found: Iterable<DescribedAlarm>): string | undefined {
  for (const a of found) {
    const account = a.AlarmArn ? parseAlarmArn(a.AlarmArn)?.accountId : undefined;
    if (account) return account;
  }
  return undefined;
}

export interface DriftFinding {
  readonly region: string;
  readonly subject: string;
  readonly problem: string;
  readonly fix: string;
}

const sameSet = (a: readonly string[] | undefined, b: readonly string[] | undefined) => {
  const x = [...new Set(a ?? [])].sort();
  const y = [...new Set(b ?? [])].sort();
  return x.length === y.length && x.every((v, i) => v === y[i]);
};

/**
 * Compares the template alarms with those CloudWatch has (`existing`, per region), for the account
 * `account` (unknown when no alarm of the deployment exists: then nothing is compared but existence).
 * `deploy`: the command that deploys the config, for what is not deployed yet.
 */
export function alarmDriftFindings(alarms: readonly TemplateAlarm[], existing: ReadonlyMap<string, ReadonlyMap<string, DescribedAlarm>>, account: string | undefined, deploy: string): DriftFinding[] {
  const out: DriftFinding[] = [];
  const exists = (a: TemplateAlarm) => existing.get(a.region)?.has(a.name) ?? false;
  const byStack = new Map<string, TemplateAlarm[]>();
  for (const a of alarms) byStack.set(a.stack, [...(byStack.get(a.stack) ?? []), a]);
  const ordered = [...byStack].sort(([x, a], [y, b]) => a[0].region.localeCompare(b[0].region) || x.localeCompare(y));
  for (const [stack, unsorted] of ordered) {
    const list = [...unsorted].sort((a, b) => a.name.localeCompare(b.name));
    if (!list.some(exists)) {
      out.push({
        region: list[0].region,
        subject: stack,
        problem: `none of the stack's ${list.length} alarm(s) exists: the stack is not deployed yet (or its alarms were all deleted), so what it watches pages nobody`,
        fix: `deploy the config (${deploy}); if the stack is deployed, see its alarms in the CloudFormation console (drift detection lists the deleted ones)`,
      });
      continue;
    }
    // Within a deployed stack, a subject none of whose alarms exists is one not deployed yet.
    const bySubject = new Map<string, TemplateAlarm[]>();
    for (const a of list) if (a.subject !== undefined) bySubject.set(a.subject, [...(bySubject.get(a.subject) ?? []), a]);
    const notDeployed = new Set<string>();
    for (const [subject, own] of bySubject) {
      if (own.some(exists)) continue;
      own.forEach((a) => notDeployed.add(a.name));
      out.push({
        region: own[0].region,
        subject,
        problem: `none of its ${own.length} alarm(s) in stack ${stack} exists: the config's change that adds it is not deployed yet (or its alarms were deleted), so nothing watches it`,
        fix: `deploy the config (${deploy}); if it is deployed, its alarms were deleted outside CloudFormation: run doctor again after making one of them again from its template (the other findings of this stack show how)`,
      });
    }
    for (const a of list) {
      if (notDeployed.has(a.name)) continue;
      const now = existing.get(a.region)?.get(a.name);
      const remake = () => {
        if (!account) return 'deploy the config (a deploy does not make a deleted alarm again)';
        const p = putAlarmCommand(a, account);
        return 'command' in p
          ? `make it again as its template has it (CloudFormation then keeps it as before): ${p.command}`
          : `make it again with aws cloudwatch ${a.composite ? 'put-composite-alarm' : 'put-metric-alarm'} and the properties of resource ${a.logicalId} in the template of stack ${stack} (npx cdk synth writes it to cdk.out/), with the physical id of ${p.refersTo} in the stack (aws cloudformation describe-stack-resources --region ${a.region} --stack-name ${stack})`;
      };
      if (!now) {
        out.push({
          region: a.region,
          subject: a.name,
          problem: `does not exist, though other alarms of stack ${stack} do: deleted outside CloudFormation, which no deploy makes again (or the config's change that adds it is not deployed yet), so it pages nobody`,
          fix: remake(),
        });
        continue;
      }
      const wantsActions = a.props.ActionsEnabled !== false;
      if (wantsActions && now.ActionsEnabled === false) {
        out.push({
          region: a.region,
          subject: a.name,
          problem: 'its actions are turned off (disable-alarm-actions, by hand or a script; the deployment turns them on): it changes state but notifies nobody',
          fix: `aws cloudwatch enable-alarm-actions --region ${a.region} --alarm-names ${shellWord(a.name)}`,
        });
        continue;
      }
      if (!account) continue;
      const wanted = resolveTemplateValue({ AlarmActions: a.props.AlarmActions ?? [], OKActions: a.props.OKActions ?? [] }, { account, region: a.region, resources: a.stackResources });
      if (!wanted.ok) continue;
      const w = wanted.value as { AlarmActions: string[]; OKActions: string[] };
      const differs = [
        ...(sameSet(w.AlarmActions, now.AlarmActions) ? [] : [`ALARM actions ${JSON.stringify(now.AlarmActions ?? [])}, not ${JSON.stringify(w.AlarmActions)}`]),
        ...(sameSet(w.OKActions, now.OKActions) ? [] : [`OK actions ${JSON.stringify(now.OKActions ?? [])}, not ${JSON.stringify(w.OKActions)}`]),
      ];
      if (differs.length > 0) {
        out.push({
          region: a.region,
          subject: a.name,
          problem: `its actions are not the deployment's (changed outside CloudFormation, or the config's change is not deployed yet): ${differs.join('; ')}`,
          fix: `deploy the config (${deploy}); if it is deployed, ${remake().replace(/^make it again/, 'put it back')}`,
        });
      }
    }
  }
  return out;
}
