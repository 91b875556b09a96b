/**
 * Deploy pacing: how many resources of one API family CloudFormation works on at once.
 *
 * CloudFormation creates, updates and deletes at the same time every resource that does not
 * depend on another, and AWS's advice against "Rate exceeded" failures is `DependsOn` to limit the
 * calls made at once (AWS Knowledge Center, "How do I prevent 'Rate exceeded' errors in
 * CloudFormation?": https://repost.aws/knowledge-center/cloudformation-rate-exceeded-error). A stack
 * of this app holds up to 400 resources of a few kinds (a default zone stack: about 200 alarms and
 * 200 metric filters), whose APIs
 * allow a few calls a second per account and region (PutMetricAlarm and DeleteAlarms: 3). A
 * throttled call the resource handler does not retry fails the resource and rolls the stack back:
 * the metric-filter handler turns every error it does not name, throttling included, into a
 * general failure (aws-cloudformation-resource-providers-logs, aws-logs-metricfilter
 * Translator.translateException), and a first deploy of a large fleet or the rollback that deletes
 * its alarms is exactly that burst.
 *
 * So each stack chains the resources of each family into a few lanes with `DependsOn`: a lane
 * works on one resource at a time, so no more than `lanes` calls of the family are under way. A
 * resource's lane comes from a hash of its logical id (adding or removing a zone changes one
 * `DependsOn` per lane it touches, not the whole stack's), and a lane runs in the order (length of
 * the resource's longest existing dependency path, logical id): every existing dependency and every
 * added one then points to an earlier resource in one total order, so no cycle can arise. A change
 * of `DependsOn` alone updates no resource (CloudFormation treats a template that differs only in
 * `DependsOn` as unchanged: aws/aws-cdk#21496).
 *
 * `cdk deploy --all` deploys one stack at a time by default; `--concurrency N` multiplies the calls
 * under way by N (docs/rollout.md).
 */
import { createHash } from 'node:crypto';
import { CfnResource, Stack } from 'aws-cdk-lib';
import { ALARMS, CONTRIBUTOR_INSIGHTS, DASHBOARDS, ROUTE53 } from '../aws-facts';

export interface PaceGroup {
  /** Short name of the family (plan's tables). */
  readonly family: string;
  /** What the lanes protect, for messages and docs. */
  readonly api: string;
  readonly types: readonly string[];
  /** Resources of these types CloudFormation may work on at once in one stack. */
  readonly lanes: number;
  /** The family's published calls per second per account and region (Route 53: per account), when AWS publishes one. */
  readonly callsPerSecond?: number;
}

/**
 * No published rate was found for PutMetricFilter (nor for PutCompositeAlarm and PutAlarmMuteRule,
 * which share the alarms' lanes): metric filters go as slowly as the slowest published CloudWatch
 * write rate.
 */
const UNPUBLISHED_RATE_LANES = ALARMS.putMetricAlarmPerSecond;

/**
 * One lane issues one create, update or delete call at a time, and CloudFormation takes seconds per
 * resource (its handler calls, then reads back): `lanes` equal to the calls allowed per second
 * keeps each family at or under its rate. Route 53 health checks share the account's whole Route 53
 * rate with every other caller, so they get half of it.
 */
export const PACE_GROUPS: readonly PaceGroup[] = [
  { family: 'alarms', api: 'CloudWatch alarms (PutMetricAlarm, PutCompositeAlarm, DeleteAlarms, alarm mute rules)', types: ['AWS::CloudWatch::Alarm', 'AWS::CloudWatch::CompositeAlarm', 'AWS::CloudWatch::AlarmMuteRule'], lanes: Math.min(ALARMS.putMetricAlarmPerSecond, ALARMS.deleteAlarmsPerSecond), callsPerSecond: ALARMS.putMetricAlarmPerSecond },
  { family: 'metric filters', api: 'CloudWatch Logs metric filters (PutMetricFilter)', types: ['AWS::Logs::MetricFilter'], lanes: UNPUBLISHED_RATE_LANES },
  { family: 'Contributor Insights rules', api: 'Contributor Insights rules (PutInsightRule, DeleteInsightRules)', types: ['AWS::CloudWatch::InsightRule'], lanes: CONTRIBUTOR_INSIGHTS.slowestApiPerSecond },
  { family: 'dashboards', api: 'CloudWatch dashboards (PutDashboard, DeleteDashboards)', types: ['AWS::CloudWatch::Dashboard'], lanes: DASHBOARDS.putDashboardPerSecond, callsPerSecond: DASHBOARDS.putDashboardPerSecond },
  { family: 'Route 53 (health checks, query logging)', api: 'Route 53 health checks and query logging configurations (CreateHealthCheck, CreateQueryLoggingConfig, ...)', types: ['AWS::Route53::HealthCheck', 'AWS::Route53::QueryLoggingConfig'], lanes: Math.max(1, Math.floor(ROUTE53.apiRequestsPerSecond / 2)), callsPerSecond: ROUTE53.apiRequestsPerSecond },
];

const GROUP_OF_TYPE: ReadonlyMap<string, PaceGroup> = new Map(PACE_GROUPS.flatMap((g) => g.types.map((t) => [t, g] as const)));

/** Stacks `paceDeployment` has run on: their paced resources carry their lane's `DependsOn` already. */
const PACED_STACKS = new WeakSet<Stack>();

/**
 * True when a resource of this type in `stack` will still get one `DependsOn` more from pacing
 * (template-size.ts counts it while stacks are being filled).
 */
export function awaitsPacing(type: string, stack: Stack): boolean {
  return GROUP_OF_TYPE.has(type) && !PACED_STACKS.has(stack);
}

/** Logical ids, in `stack`, of the resources a construct dependency (`node.addDependency`) makes `r` wait for. */
export function constructDependsOn(r: CfnResource, stack: Stack): string[] {
  const ids = new Set<string>();
  for (const dep of r.node.dependencies) {
    for (const x of dep.node.findAll()) {
      if (CfnResource.isCfnResource(x) && Stack.of(x) === stack) ids.add(stack.resolve(x.logicalId) as string);
    }
  }
  return [...ids];
}

/** Logical ids (of `ids`) that a rendered resource names: Ref, Fn::GetAtt, `${...}` in Fn::Sub, DependsOn. */
function namedIds(v: unknown, ids: ReadonlySet<string>, out: Set<string>): void {
  if (Array.isArray(v)) {
    for (const x of v) namedIds(x, ids, out);
    return;
  }
  if (v === null || typeof v !== 'object') {
    if (typeof v === 'string' && ids.has(v)) out.add(v);
    return;
  }
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    if (k === 'Fn::Sub') {
      const [text, vars] = Array.isArray(x) ? x : [x, undefined];
      if (typeof text === 'string') for (const m of text.matchAll(/\$\{([^!}][^}]*)\}/g)) if (ids.has(m[1].split('.')[0])) out.add(m[1].split('.')[0]);
      namedIds(vars, ids, out);
    } else if (k === 'Fn::GetAtt' && typeof x === 'string') {
      if (ids.has(x.split('.')[0])) out.add(x.split('.')[0]);
    } else namedIds(x, ids, out);
  }
}

/** The lane of a paced resource (0 .. lanes-1), from its logical id alone. */
export function laneOf(logicalId: string, lanes: number): number {
  return createHash('sha256').update(logicalId).digest().readUInt32BE(0) % lanes;
}

/**
 * Chains the paced resources of `stack` into lanes (see the file comment). Call once, after every
 * resource of the stack exists.
 */
export function paceDeployment(stack: Stack): void {
  PACED_STACKS.add(stack);
  const byId = new Map<string, CfnResource>();
  for (const x of stack.node.findAll()) {
    if (CfnResource.isCfnResource(x) && Stack.of(x) === stack) byId.set(stack.resolve(x.logicalId) as string, x);
  }
  const paced = [...byId].filter(([, r]) => GROUP_OF_TYPE.has(r.cfnResourceType));
  if (!PACE_GROUPS.some((g) => paced.filter(([, r]) => g.types.includes(r.cfnResourceType)).length > g.lanes)) return;

  // What each resource already waits for. Every string equal to a logical id of the stack counts
  // (a superset of the real references is safe: it only orders more).
  const ids = new Set(byId.keys());
  const waitsFor = new Map<string, Set<string>>();
  for (const [id, r] of byId) {
    const rendered = stack.resolve((r as unknown as { _toCloudFormation(): { Resources: Record<string, unknown> } })._toCloudFormation());
    const out = new Set<string>(constructDependsOn(r, stack));
    for (const body of Object.values(rendered.Resources)) namedIds(body, ids, out);
    out.delete(id);
    waitsFor.set(id, out);
  }
  const depthOf = new Map<string, number>();
  const depth = (id: string): number => {
    const known = depthOf.get(id);
    if (known !== undefined) return known;
    depthOf.set(id, 0); // a cycle among existing references is CloudFormation's error to report, not a loop here
    let d = 0;
    for (const x of waitsFor.get(id) ?? []) d = Math.max(d, depth(x) + 1);
    depthOf.set(id, d);
    return d;
  };

  for (const g of PACE_GROUPS) {
    const members = paced.filter(([, r]) => g.types.includes(r.cfnResourceType)).map(([id]) => id);
    if (members.length <= g.lanes) continue;
    const lanes: string[][] = Array.from({ length: g.lanes }, () => []);
    for (const id of members) lanes[laneOf(id, g.lanes)].push(id);
    for (const lane of lanes) {
      lane.sort((a, b) => depth(a) - depth(b) || (a < b ? -1 : a > b ? 1 : 0));
      for (let i = 1; i < lane.length; i++) {
        // Already waiting for it through a reference: CloudFormation orders them; a DependsOn would repeat it.
        if (waitsFor.get(lane[i])!.has(lane[i - 1])) continue;
        byId.get(lane[i])!.addResourceDependency(byId.get(lane[i - 1])!, `deploy pacing: ${g.api}`);
      }
    }
  }
}
