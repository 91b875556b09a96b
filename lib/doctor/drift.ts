/**
 * `doctor`'s drift check: the deployment's alarms, metric filters, EventBridge rules, Scheduler
 * schedules and Contributor Insights rules as AWS holds them, against the templates this config
 * synthesizes to (in memory, as `plan` does: lib/plan/synthesize.ts).
 *
 * CloudFormation does not look at a resource again until its template changes, so a hand-made
 * change stays for good, and each of these leaves a zone unwatched without a word:
 *  - an alarm deleted outside CloudFormation (console, a script, a cleanup): no deploy makes it
 *    again. The fix is the `aws cloudwatch put-metric-alarm` (or `put-composite-alarm`) that makes
 *    it as its template has it, built from that template's properties, whose names are the API's;
 *  - an alarm whose actions were turned off (`disable-alarm-actions`, often during an incident) or
 *    changed: it still changes state, but notifies nobody or not the deployment's topics;
 *  - an alarm whose threshold or evaluation was edited (a threshold raised or a window lengthened to
 *    quiet it, a metric math expression, a composite's rule): it pages later than it says, or never;
 *  - a metric filter deleted or edited (its pattern, or the metric it publishes: name, value,
 *    dimensions, unit): its metric gets no data or other numbers, and an alarm that treats missing
 *    data as not breaching stays OK. Deleting a log group deletes its filters, so a group deleted
 *    and made again by hand (to purge it, or to get query logging going again) has none. The fix
 *    is the `aws logs put-metric-filter` that makes it as its template has it.
 *  - an EventBridge rule (change alerts, DNS check follow-ups, alarm deletions) or an EventBridge
 *    Scheduler schedule (the DNS prober, the registration watcher) turned off or deleted: what it
 *    runs stops. DNS check alarms treat missing data as not breaching, so they stay OK. The fix of
 *    a rule is `aws events enable-rule`; of a schedule an `update-schedule` with its own definition
 *    and the state ENABLED (UpdateSchedule replaces every field, so the definition is read first).
 *  - a dashboard deleted: the links to it in alarm notifications and on the other dashboards lead
 *    nowhere. The fix is the `aws cloudwatch put-dashboard` that makes it as its template has it;
 *    its body is not compared (edits in the console are the user's own);
 *  - a Contributor Insights rule deleted, turned off or edited: the dashboards' Top-N tables of it
 *    show nothing, or count other lines than they say. The fix is `aws cloudwatch
 *    enable-insight-rules`, or the `put-insight-rule` that makes it as its template has it (on an
 *    existing name it replaces the definition: CloudFormation updates RuleBody in place, only
 *    RuleName being create-only in the resource schema; test/doctor/drift.test.ts holds that).
 * A stack none of whose alarms, filters, rules, schedules, Contributor Insights rules and dashboards
 * exists, a subject none of whose alarms exists, and a log group none of whose filters exists are one
 * finding each: not deployed yet, or deleted whole.
 */
import { type CloudWatchClient, type CompositeAlarm, type MetricAlarm, paginateDescribeAlarms, paginateDescribeInsightRules, paginateListDashboards } from '@aws-sdk/client-cloudwatch';
import { type CloudWatchLogsClient, paginateDescribeMetricFilters } from '@aws-sdk/client-cloudwatch-logs';
import { type EventBridgeClient, ListRulesCommand } from '@aws-sdk/client-eventbridge';
import { paginateListSchedules, type SchedulerClient } from '@aws-sdk/client-scheduler';
import { parseAlarmContext } from '../../contracts/alarm-context';
import { parseAlarmArn, partitionOfRegion } from '../../contracts/console-links';
import type { CfnResource, SynthesizedStack } from '../plan/synthesize';
import { snsTopicArnOf } from './alert-topics';
import { shellWord } from './shell-word';
import type { CheckFinding } from './finding';

const METRIC_ALARM = 'AWS::CloudWatch::Alarm';
const COMPOSITE_ALARM = 'AWS::CloudWatch::CompositeAlarm';

/** Where a resource of the synthesized templates is: its stack, the stack's region, its logical id. */
interface InStack {
  readonly stack: string;
  readonly region: string;
  readonly logicalId: string;
}

/** A stack's resources by logical id, which a resource's properties may refer to. */
const resourcesOf = (s: SynthesizedStack) => new Map(s.resources.map((r) => [r.logicalId, { type: r.type, props: r.props }] as const));

/**
 * Each resource of the stacks whose type is one of `types`, made into what a check compares by
 * `make` (given where it is and its stack's other resources; undefined leaves it out: a name the
 * template does not give as text, say).
 */
function templateResources<T>(
  stacks: readonly SynthesizedStack[],
  types: readonly string[],
  make: (r: CfnResource, at: InStack, stackResources: ReturnType<typeof resourcesOf>) => T | undefined,
): T[] {
  const out: T[] = [];
  for (const s of stacks) {
    const stackResources = resourcesOf(s);
    for (const r of s.resources) {
      if (!types.includes(r.type)) continue;
      const made = make(r, { stack: s.name, region: s.region, logicalId: r.logicalId }, stackResources);
      if (made !== undefined) out.push(made);
    }
  }
  return out;
}

/** One alarm of the synthesized templates. */
export interface TemplateAlarm extends InStack {
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
  return templateResources(stacks, [METRIC_ALARM, COMPOSITE_ALARM], (r, at, stackResources) => {
    const name = r.props.AlarmName;
    if (typeof name !== 'string') return undefined;
    const description = typeof r.props.AlarmDescription === 'string' ? r.props.AlarmDescription : undefined;
    return { ...at, composite: r.type === COMPOSITE_ALARM, name, props: r.props, subject: parseAlarmContext(description)?.subject, stackResources };
  });
}

/** A template value worked out for one account, or what it refers to that only the deployed stack knows. */
export type Resolved = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly refersTo: string };

/**
 * `value` with the intrinsic functions the app's alarms and dashboards use worked out: the pseudo
 * parameters `AWS::AccountId`, `AWS::Region` and `AWS::Partition`, `Fn::Join`, `Fn::Sub` (its
 * variables, pseudo parameters and Refs; `${!x}` is the text `${x}`), and `Ref` of a topic (its ARN)
 * or a log group (its name) of the same stack whose name the template gives. Anything else (the generated name of a queue or
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
    if (target?.type === 'AWS::Logs::LogGroup' && typeof target.props.LogGroupName === 'string') return { ok: true, value: target.props.LogGroupName };
    if (target?.type === 'AWS::SNS::Topic' && typeof target.props.TopicName === 'string') {
      return { ok: true, value: snsTopicArnOf(ctx.region, ctx.account, target.props.TopicName) };
    }
    return unresolved(`the ${target?.type ?? 'resource'} ${String(arg)}`);
  }
  if (fn === 'Fn::Sub' && (typeof arg === 'string' || (Array.isArray(arg) && typeof arg[0] === 'string'))) {
    const [text, vars] = typeof arg === 'string' ? [arg, {}] : [arg[0] as string, (arg[1] ?? {}) as Record<string, unknown>];
    const values = resolveTemplateValue(vars, ctx);
    if (!values.ok) return values;
    let missing: Resolved | undefined;
    // `${Name}`: a variable, a pseudo parameter or a resource's Ref; `${!Literal}` stands for `${Literal}`.
    const out = text.replace(/\$\{([^}]*)\}/g, (whole, name: string) => {
      if (name.startsWith('!')) return `\${${name.slice(1)}}`;
      const v = (values.value as Record<string, unknown>)[name];
      if (v !== undefined) return String(v);
      const r = name.includes('.') ? resolveTemplateValue({ 'Fn::GetAtt': name.split('.') }, ctx) : resolveTemplateValue({ Ref: name }, ctx);
      if (r.ok) return String(r.value);
      missing ??= r;
      return whole;
    });
    return missing ?? { ok: true, value: out };
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

/** An alarm as DescribeAlarms returns it, metric or composite. */
export type ScannedAlarm = MetricAlarm | CompositeAlarm;

/** Every alarm of the region whose name starts with `<prefix>-`, metric and composite, by name. */
export async function describeAlarmsWithPrefix(cloudwatch: CloudWatchClient, prefix: string): Promise<Map<string, ScannedAlarm>> {
  const found = new Map<string, ScannedAlarm>();
  for await (const page of paginateDescribeAlarms({ client: cloudwatch }, { AlarmNamePrefix: `${prefix}-`, AlarmTypes: ['MetricAlarm', 'CompositeAlarm'] })) {
    for (const a of [...(page.MetricAlarms ?? []), ...(page.CompositeAlarms ?? [])]) if (a.AlarmName) found.set(a.AlarmName, a);
  }
  return found;
}

/** The account the deployment's alarms are in, from the ARN of any that exists. */
export function accountOfAlarms(found: Iterable<Pick<ScannedAlarm, 'AlarmArn'>>): string | undefined {
  for (const a of found) {
    const account = a.AlarmArn ? parseAlarmArn(a.AlarmArn)?.accountId : undefined;
    if (account) return account;
  }
  return undefined;
}

const dimensionsText = (d: unknown) =>
  ((d ?? []) as { Name?: unknown; Value?: unknown }[])
    .map((x) => `${String(x.Name)}=${String(x.Value)}`)
    .sort()
    .join(',');

/**
 * What decides when an alarm pages, one text per property, from a template's properties (worked
 * out) or from DescribeAlarms (the same names): the comparison, window, threshold and missing-data
 * treatment, the metric or each metric math query, a composite's rule. What PutMetricAlarm leaves
 * out is given its documented default: DatapointsToAlarm is then EvaluationPeriods (an M of N alarm
 * with M = N), TreatMissingData `missing`, a query's ReturnData true. Labels and descriptions,
 * which change no state, are not compared.
 */
export function evaluationOf(a: Readonly<Record<string, unknown>>): Map<string, string> {
  const m = new Map<string, string>();
  if (a.AlarmRule !== undefined) return m.set('AlarmRule', String(a.AlarmRule).replace(/\s+/g, ' ').trim());
  m.set('ComparisonOperator', String(a.ComparisonOperator));
  m.set('EvaluationPeriods', String(a.EvaluationPeriods));
  m.set('DatapointsToAlarm', String(a.DatapointsToAlarm ?? a.EvaluationPeriods));
  m.set('TreatMissingData', JSON.stringify(a.TreatMissingData ?? 'missing'));
  if (a.ThresholdMetricId !== undefined) m.set('ThresholdMetricId', String(a.ThresholdMetricId));
  else m.set('Threshold', String(Number(a.Threshold)));
  if (a.EvaluateLowSampleCountPercentile !== undefined) m.set('EvaluateLowSampleCountPercentile', String(a.EvaluateLowSampleCountPercentile));
  if (!Array.isArray(a.Metrics)) {
    for (const k of ['Namespace', 'MetricName', 'Period', 'Statistic', 'ExtendedStatistic', 'Unit']) if (a[k] !== undefined) m.set(k, JSON.stringify(a[k]));
    m.set('Dimensions', JSON.stringify(dimensionsText(a.Dimensions)));
    return m;
  }
  for (const q of a.Metrics as Record<string, unknown>[]) {
    const id = String(q.Id);
    const stat = q.MetricStat as { Metric?: Record<string, unknown>; Period?: unknown; Stat?: unknown; Unit?: unknown } | undefined;
    if (q.Expression !== undefined) m.set(id, JSON.stringify(q.Expression));
    if (stat) m.set(id, JSON.stringify(`${String(stat.Metric?.Namespace)} ${String(stat.Metric?.MetricName)} [${dimensionsText(stat.Metric?.Dimensions)}] ${String(stat.Stat)} ${String(stat.Period)}${stat.Unit ? ` ${String(stat.Unit)}` : ''}`));
    if (q.Period !== undefined) m.set(`${id} Period`, String(q.Period));
    if (q.AccountId !== undefined) m.set(`${id} AccountId`, String(q.AccountId));
    m.set(`${id} ReturnData`, String(q.ReturnData ?? true));
  }
  return m;
}

/** How the evaluation of `now` differs from `wanted`'s, one text per property that differs. */
function evaluationDifferences(wanted: Readonly<Record<string, unknown>>, now: Readonly<Record<string, unknown>>): string[] {
  const [w, n] = [evaluationOf(wanted), evaluationOf(now)];
  const keys = [...new Set([...w.keys(), ...n.keys()])].sort();
  return keys.filter((k) => w.get(k) !== n.get(k)).map((k) => `${k} ${n.get(k) ?? 'none'}, not ${w.get(k) ?? 'none'}`);
}

const sameSet = (a: readonly string[] | undefined, b: readonly string[] | undefined) => {
  const x = [...new Set(a ?? [])].sort();
  const y = [...new Set(b ?? [])].sort();
  return x.length === y.length && x.every((v, i) => v === y[i]);
};

const METRIC_FILTER = 'AWS::Logs::MetricFilter';

/** One metric filter of the synthesized templates. */
export interface TemplateFilter extends InStack {
  readonly logGroupName: string;
  readonly filterName: string;
  readonly props: Readonly<Record<string, unknown>>;
  readonly stackResources: TemplateAlarm['stackResources'];
}

/** Every metric filter the stacks build whose log group and name the template gives (or a log group of the stack names). */
export function templateFiltersOf(stacks: readonly SynthesizedStack[]): TemplateFilter[] {
  return templateResources(stacks, [METRIC_FILTER], (r, at, stackResources) => {
    const group = resolveTemplateValue(r.props.LogGroupName, { account: '', region: at.region, resources: stackResources });
    if (!group.ok || typeof group.value !== 'string' || typeof r.props.FilterName !== 'string') return undefined;
    return { ...at, logGroupName: group.value, filterName: r.props.FilterName, props: r.props, stackResources };
  });
}

/** A JSON value with its objects' keys in order: two values that differ only in key order give one text. */
const withSortedKeys = (v: unknown): unknown =>
  Array.isArray(v) ? v.map(withSortedKeys) : v !== null && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, withSortedKeys((v as Record<string, unknown>)[k])])) : v;

/** A property name of the template as the CloudWatch Logs API spells it (`FilterPattern` → `filterPattern`). */
const apiName = (k: string) => k[0].toLowerCase() + k.slice(1);

/** A template transformation in PutMetricFilter's shape: the template's names in camel case, `Dimensions` a map, not a list of `{Key, Value}`. */
const apiTransformation = (t: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(t).map(([tk, tv]) => (tk === 'Dimensions' ? ['dimensions', Object.fromEntries((tv as { Key: string; Value: string }[]).map((d) => [d.Key, d.Value]))] : [apiName(tk), tv])));

/**
 * The AWS CLI command that makes the filter as its template has it: PutMetricFilter's input, whose
 * names are the template's in camel case, but for a transformation's dimensions (a list of
 * `{Key, Value}` in the template, a map in the API).
 */
export function putMetricFilterCommand(f: TemplateFilter): string {
  const input: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(f.props)) {
    if (k === 'LogGroupName') input.logGroupName = f.logGroupName;
    else if (k === 'MetricTransformations') input.metricTransformations = (v as Record<string, unknown>[]).map(apiTransformation);
    else input[apiName(k)] = v;
  }
  return `aws logs put-metric-filter --region ${f.region} --cli-input-json ${shellWord(JSON.stringify(input))}`;
}

/** A metric filter as DescribeMetricFilters lists it: what the check compares. */
export interface ListedFilter {
  readonly filterPattern?: string;
  /** As the API gives them (names in camel case, dimensions a map). */
  readonly metricTransformations?: readonly Record<string, unknown>[];
}

/**
 * Transformations as one text, whatever the order of their keys, with what an API answer may leave
 * out, give empty or give as its default (no dimensions, no default value, unit None) left out: a
 * template's and a listing's of the same metric give the same. One transformation (all
 * PutMetricFilter takes) is shown as an object.
 */
export function transformationsText(ts: readonly Record<string, unknown>[]): string {
  // "If you omit [unit], the unit is set as None" (PutMetricFilter, MetricTransformation).
  const unset = (k: string, v: unknown) => v === undefined || v === null || (k === 'unit' && v === 'None') || (k === 'dimensions' && typeof v === 'object' && Object.keys(v).length === 0);
  const kept = ts.map((t) => Object.fromEntries(Object.entries(t).filter(([k, v]) => !unset(k, v))));
  return JSON.stringify(withSortedKeys(kept.length === 1 ? kept[0] : kept));
}

/** The first transformation's metric, as `namespace name`. */
const metricOfFilter = (f: TemplateFilter) => {
  const t = ((f.props.MetricTransformations ?? []) as { MetricNamespace?: unknown; MetricName?: unknown }[])[0];
  return t ? `${String(t.MetricNamespace)} ${String(t.MetricName)}` : 'none';
};

const filterKey = (logGroupName: string, filterName: string) => `${logGroupName}\n${filterName}`;

/**
 * The region's metric filters of the metrics the template filters publish, keyed by log group and
 * filter name: one listing per metric (namespace and name: DescribeMetricFilters takes both),
 * whatever the number of log groups.
 */
export async function describeFiltersOfMetrics(logs: CloudWatchLogsClient, filters: readonly TemplateFilter[]): Promise<Map<string, ListedFilter>> {
  const metrics = new Map<string, { namespace: string; name: string }>();
  for (const f of filters) {
    for (const t of (f.props.MetricTransformations ?? []) as { MetricNamespace?: unknown; MetricName?: unknown }[]) {
      if (typeof t.MetricNamespace === 'string' && typeof t.MetricName === 'string') metrics.set(`${t.MetricNamespace}\n${t.MetricName}`, { namespace: t.MetricNamespace, name: t.MetricName });
    }
  }
  const found = new Map<string, ListedFilter>();
  for (const m of [...metrics.values()].sort((a, b) => `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`))) {
    for await (const page of paginateDescribeMetricFilters({ client: logs }, { metricNamespace: m.namespace, metricName: m.name })) {
      for (const f of page.metricFilters ?? []) {
        if (f.logGroupName && f.filterName) found.set(filterKey(f.logGroupName, f.filterName), { filterPattern: f.filterPattern, metricTransformations: f.metricTransformations as Record<string, unknown>[] | undefined });
      }
    }
  }
  return found;
}

const EVENTS_RULE = 'AWS::Events::Rule';
const SCHEDULE = 'AWS::Scheduler::Schedule';

/** An EventBridge rule or Scheduler schedule of the synthesized templates: something that runs a product function. */
export interface TemplateSwitch extends InStack {
  readonly kind: 'rule' | 'schedule';
  readonly name: string;
  /** A schedule's group (`default` when the template names none); a rule's event bus (`default`). */
  readonly group: string;
  readonly enabled: boolean;
  readonly description?: string;
}

/** Every rule and schedule the stacks build whose name the template gives. */
export function templateSwitchesOf(stacks: readonly SynthesizedStack[]): TemplateSwitch[] {
  return templateResources(stacks, [EVENTS_RULE, SCHEDULE], (r, at) => {
    if (typeof r.props.Name !== 'string') return undefined;
    const rule = r.type === EVENTS_RULE;
    const group = rule ? r.props.EventBusName : r.props.GroupName;
    return {
      ...at,
      kind: rule ? 'rule' : 'schedule',
      name: r.props.Name,
      group: typeof group === 'string' ? group : 'default',
      enabled: r.props.State === undefined || r.props.State === 'ENABLED',
      description: typeof r.props.Description === 'string' ? r.props.Description : undefined,
    };
  });
}

const switchKey = (kind: TemplateSwitch['kind'], group: string, name: string) => `${kind}\n${group}\n${name}`;

/** The region's rules (default event bus) and schedules (every group) whose names start with `<prefix>-`, with their state. */
export async function listSwitches(c: { events: EventBridgeClient; scheduler: SchedulerClient }, prefix: string): Promise<Map<string, { readonly state?: string }>> {
  const found = new Map<string, { state?: string }>();
  let token: string | undefined;
  do {
    const page = await c.events.send(new ListRulesCommand({ NamePrefix: `${prefix}-`, NextToken: token }));
    for (const r of page.Rules ?? []) if (r.Name) found.set(switchKey('rule', r.EventBusName ?? 'default', r.Name), { state: r.State });
    token = page.NextToken;
  } while (token);
  for await (const page of paginateListSchedules({ client: c.scheduler }, { NamePrefix: `${prefix}-` })) {
    for (const r of page.Schedules ?? []) if (r.Name) found.set(switchKey('schedule', r.GroupName ?? 'default', r.Name), { state: r.State });
  }
  return found;
}

/**
 * The fields of GetSchedule's output that UpdateSchedule takes (AWS's API model; a test holds them
 * to it): UpdateSchedule replaces the whole schedule, so each is carried over, and the state set.
 */
export const SCHEDULE_UPDATE_FIELDS = ['Name', 'GroupName', 'ScheduleExpression', 'ScheduleExpressionTimezone', 'StartDate', 'EndDate', 'Description', 'FlexibleTimeWindow', 'Target', 'KmsKeyArn', 'ActionAfterCompletion'] as const;

/** The command that turns a rule or schedule on again, as it is (a schedule's definition read with get-schedule; jq keeps the fields update-schedule takes). */
export function enableSwitchCommand(s: TemplateSwitch): string {
  if (s.kind === 'rule') return `aws events enable-rule --region ${s.region} --name ${shellWord(s.name)}${s.group === 'default' ? '' : ` --event-bus-name ${shellWord(s.group)}`}`;
  const jq = `{${SCHEDULE_UPDATE_FIELDS.join(', ')}, State: "ENABLED"} | with_entries(select(.value != null))`;
  return `aws scheduler get-schedule --region ${s.region} --name ${shellWord(s.name)} --group-name ${shellWord(s.group)} --output json | jq ${shellWord(jq)} > schedule.json && aws scheduler update-schedule --region ${s.region} --cli-input-json file://schedule.json`;
}

const INSIGHT_RULE = 'AWS::CloudWatch::InsightRule';

/** One Contributor Insights rule of the synthesized templates (the Top-N tables of the dashboards). */
export interface TemplateInsightRule extends InStack {
  readonly name: string;
  readonly enabled: boolean;
  /** Its definition (JSON text) as the template has it. */
  readonly body: string;
  readonly props: Readonly<Record<string, unknown>>;
}

/** Every Contributor Insights rule the stacks build whose name and definition the template gives. */
export function templateInsightRulesOf(stacks: readonly SynthesizedStack[]): TemplateInsightRule[] {
  return templateResources(stacks, [INSIGHT_RULE], (r, at) =>
    typeof r.props.RuleName === 'string' && typeof r.props.RuleBody === 'string' ? { ...at, name: r.props.RuleName, enabled: r.props.RuleState !== 'DISABLED', body: r.props.RuleBody, props: r.props } : undefined,
  );
}

/**
 * The AWS CLI command that makes the rule as its template has it: PutInsightRule's input, whose
 * names are the template's but for the definition (`RuleBody` in the template, `RuleDefinition` in the API).
 */
export function putInsightRuleCommand(r: TemplateInsightRule): string {
  const input = Object.fromEntries(Object.entries(r.props).map(([k, v]) => [k === 'RuleBody' ? 'RuleDefinition' : k, v]));
  return `aws cloudwatch put-insight-rule --region ${r.region} --cli-input-json ${shellWord(JSON.stringify(input))}`;
}

/** A Contributor Insights rule as DescribeInsightRules lists it: what the check compares. */
export interface ListedInsightRule {
  readonly state?: string;
  readonly definition?: string;
}

/** The region's Contributor Insights rules whose names start with `<prefix>-` (DescribeInsightRules lists them all; it takes no name). */
export async function describeInsightRulesWithPrefix(cloudwatch: CloudWatchClient, prefix: string): Promise<Map<string, ListedInsightRule>> {
  const found = new Map<string, ListedInsightRule>();
  for await (const page of paginateDescribeInsightRules({ client: cloudwatch }, {})) {
    for (const r of page.InsightRules ?? []) if (r.Name?.startsWith(`${prefix}-`)) found.set(r.Name, { state: r.State, definition: r.Definition });
  }
  return found;
}

/** JSON text with its objects' keys in order, no spacing: two texts of one definition give the same. */
const canonicalJson = (text: string | undefined): string | undefined => {
  try {
    return JSON.stringify(withSortedKeys(JSON.parse(text ?? '')));
  } catch {
    return text;
  }
};

/** How a rule's definition differs from the template's, said as a user reads it. */
function definitionDifference(now: string | undefined, wanted: string): string {
  const groups = (text: string | undefined) => {
    try {
      return JSON.stringify(JSON.parse(text ?? '').LogGroupNames);
    } catch {
      return undefined;
    }
  };
  const [a, b] = [groups(now), groups(wanted)];
  if (a !== b && a !== undefined) return `it reads log group(s) ${a}, not ${b}`;
  return `its definition is ${now ?? '(none)'}, not ${wanted}`;
}

const DASHBOARD = 'AWS::CloudWatch::Dashboard';

/** One dashboard of the synthesized templates. */
export interface TemplateDashboard extends InStack {
  readonly name: string;
  readonly props: Readonly<Record<string, unknown>>;
  readonly stackResources: TemplateAlarm['stackResources'];
}

/** Every dashboard the stacks build whose name the template gives. */
export function templateDashboardsOf(stacks: readonly SynthesizedStack[]): TemplateDashboard[] {
  return templateResources(stacks, [DASHBOARD], (r, at, stackResources) => (typeof r.props.DashboardName === 'string' ? { ...at, name: r.props.DashboardName, props: r.props, stackResources } : undefined));
}

/** The here-document's end line: a body is JSON on one line, so no line of it is this. */
const BODY_END = 'DNS_MONITOR_DASHBOARD_BODY';

/**
 * The AWS CLI command that makes the dashboard as its template has it (PutDashboard creates or
 * replaces), its body worked out for `account`, or what the body refers to that only the deployed
 * stack knows (a health check's id). The body goes in on standard input: a dashboard of the app's
 * largest (250,000 bytes: MAX_PAGE_BYTES) is longer than one argument may be (on Linux,
 * MAX_ARG_STRLEN: 32 pages, 131,072 bytes with 4 KiB pages; execve(2), "Limits on size of
 * arguments and environment", https://man7.org/linux/man-pages/man2/execve.2.html).
 */
export function putDashboardCommand(d: TemplateDashboard, account: string): { command: string } | { refersTo: string } {
  const body = resolveTemplateValue(d.props.DashboardBody, { account, region: d.region, resources: d.stackResources });
  if (!body.ok) return { refersTo: body.refersTo };
  const text = JSON.stringify(JSON.parse(String(body.value)));
  return { command: `aws cloudwatch put-dashboard --region ${d.region} --dashboard-name ${shellWord(d.name)} --dashboard-body file:///dev/stdin <<'${BODY_END}'\n${text}\n${BODY_END}` };
}

/** The region's dashboards whose names start with `<prefix>-`, with their ARNs. */
export async function listDashboardsWithPrefix(cloudwatch: CloudWatchClient, prefix: string): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for await (const page of paginateListDashboards({ client: cloudwatch }, { DashboardNamePrefix: `${prefix}-` })) {
    for (const d of page.DashboardEntries ?? []) if (d.DashboardName) found.set(d.DashboardName, d.DashboardArn ?? '');
  }
  return found;
}

/** The account of the deployment's dashboards, from the ARN of any (`arn:<partition>:cloudwatch::<account>:dashboard/<name>`). */
export function accountOfDashboards(found: Iterable<string>): string | undefined {
  for (const arn of found) {
    const account = /^arn:[^:]+:cloudwatch:[^:]*:(\d{12}):dashboard\//.exec(arn)?.[1];
    if (account) return account;
  }
  return undefined;
}

/** What CloudWatch, CloudWatch Logs, EventBridge and Scheduler hold now, per region (a region missing: it could not be read). */
export interface DeployedNow {
  readonly alarms: ReadonlyMap<string, ReadonlyMap<string, ScannedAlarm>>;
  readonly filters: ReadonlyMap<string, ReadonlyMap<string, ListedFilter>>;
  readonly switches: ReadonlyMap<string, ReadonlyMap<string, { readonly state?: string }>>;
  readonly insightRules: ReadonlyMap<string, ReadonlyMap<string, ListedInsightRule>>;
  /** Dashboard ARNs by name. */
  readonly dashboards: ReadonlyMap<string, ReadonlyMap<string, string>>;
}

/** Why a resource of a deployed stack may be missing: the two causes drift cannot tell apart. */
const DELETED_BY_HAND = "deleted outside CloudFormation, which no deploy makes again (or the config's change that adds it is not deployed yet)";
/** How a fix that remakes a resource as its template has it begins. */
const REMAKE = 'make it again as its template has it (CloudFormation then keeps it as before';

const groupBy = <T>(items: readonly T[], key: (t: T) => string | undefined) => {
  const m = new Map<string, T[]>();
  for (const t of items) {
    const k = key(t);
    if (k === undefined) continue;
    const list = m.get(k);
    if (list) list.push(t);
    else m.set(k, [t]);
  }
  return m;
};

/**
 * Compares the template alarms, filters, rules, schedules, dashboards and Contributor Insights rules
 * with what the account holds (`now`), stack by stack, for the account `account` (unknown when
 * nothing of the deployment exists: then only existence is compared). `deploy`: the command that
 * deploys the config, for what is not deployed yet.
 */
export function driftFindings(
  t: { readonly alarms: readonly TemplateAlarm[]; readonly filters: readonly TemplateFilter[]; readonly switches: readonly TemplateSwitch[]; readonly insightRules: readonly TemplateInsightRule[]; readonly dashboards: readonly TemplateDashboard[] },
  now: DeployedNow,
  account: string | undefined,
  deploy: string,
): CheckFinding[] {
  const out: CheckFinding[] = [];
  const alarmExists = (a: TemplateAlarm) => now.alarms.get(a.region)?.has(a.name) ?? false;
  const filterExists = (f: TemplateFilter) => now.filters.get(f.region)?.has(filterKey(f.logGroupName, f.filterName)) ?? false;
  const switchOf = (x: TemplateSwitch) => now.switches.get(x.region)?.get(switchKey(x.kind, x.group, x.name));
  const switchExists = (x: TemplateSwitch) => switchOf(x) !== undefined;
  const insightRuleOf = (r: TemplateInsightRule) => now.insightRules.get(r.region)?.get(r.name);
  const insightRuleExists = (r: TemplateInsightRule) => insightRuleOf(r) !== undefined;
  const dashboardExists = (d: TemplateDashboard) => now.dashboards.get(d.region)?.has(d.name) ?? false;
  const stacks = new Map<string, { region: string; alarms: TemplateAlarm[]; filters: TemplateFilter[]; switches: TemplateSwitch[]; insightRules: TemplateInsightRule[]; dashboards: TemplateDashboard[] }>();
  const stackOf = (name: string, region: string) => stacks.get(name) ?? stacks.set(name, { region, alarms: [], filters: [], switches: [], insightRules: [], dashboards: [] }).get(name)!;
  for (const a of t.alarms) if (now.alarms.has(a.region)) stackOf(a.stack, a.region).alarms.push(a);
  for (const f of t.filters) if (now.filters.has(f.region)) stackOf(f.stack, f.region).filters.push(f);
  for (const x of t.switches) if (now.switches.has(x.region)) stackOf(x.stack, x.region).switches.push(x);
  for (const r of t.insightRules) if (now.insightRules.has(r.region)) stackOf(r.stack, r.region).insightRules.push(r);
  for (const d of t.dashboards) if (now.dashboards.has(d.region)) stackOf(d.stack, d.region).dashboards.push(d);
  const ordered = [...stacks].sort(([x, a], [y, b]) => a.region.localeCompare(b.region) || x.localeCompare(y));
  for (const [stack, { region, alarms: unsortedAlarms, filters: unsortedFilters, switches: unsortedSwitches, insightRules: unsortedInsightRules, dashboards: unsortedDashboards }] of ordered) {
    const alarms = [...unsortedAlarms].sort((a, b) => a.name.localeCompare(b.name));
    const filters = [...unsortedFilters].sort((a, b) => a.logGroupName.localeCompare(b.logGroupName) || a.filterName.localeCompare(b.filterName));
    const switches = [...unsortedSwitches].sort((a, b) => a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name));
    const insightRules = [...unsortedInsightRules].sort((a, b) => a.name.localeCompare(b.name));
    const dashboards = [...unsortedDashboards].sort((a, b) => a.name.localeCompare(b.name));
    if (!alarms.some(alarmExists) && !filters.some(filterExists) && !switches.some(switchExists) && !insightRules.some(insightRuleExists) && !dashboards.some(dashboardExists)) {
      const rules = switches.filter((x) => x.kind === 'rule').length;
      const schedules = switches.length - rules;
      const what = [
        alarms.length ? `${alarms.length} alarm(s)` : '',
        filters.length ? `${filters.length} metric filter(s)` : '',
        rules ? `${rules} rule(s)` : '',
        schedules ? `${schedules} schedule(s)` : '',
        insightRules.length ? `${insightRules.length} Contributor Insights rule(s)` : '',
        dashboards.length ? `${dashboards.length} dashboard(s)` : '',
      ]
        .filter(Boolean)
        .join(', ')
        .replace(/, ([^,]*)$/, ' and $1');
      out.push({
        region,
        subject: stack,
        problem: `none of the stack's ${what} exists: the stack is not deployed yet (or what it made was all deleted), so what it watches pages nobody`,
        fix: `deploy the config (${deploy}); if the stack is deployed, see its resources in the CloudFormation console (drift detection lists the deleted ones)`,
      });
      continue;
    }
    alarmFindings(stack, alarms, now, alarmExists, account, deploy, out);
    filterFindings(stack, filters, now, filterExists, deploy, out);
    switchFindings(stack, switches, switchOf, out);
    dashboardFindings(stack, dashboards.filter((d) => !dashboardExists(d)), account, out);
    insightRuleFindings(stack, insightRules, insightRuleOf, deploy, out);
  }
  return out;
}

function switchFindings(stack: string, list: readonly TemplateSwitch[], switchOf: (x: TemplateSwitch) => { readonly state?: string } | undefined, out: CheckFinding[]): void {
  for (const x of list) {
    const listed = switchOf(x);
    const what = `${x.kind === 'rule' ? 'EventBridge rule' : 'EventBridge Scheduler schedule'}${x.description ? ` (${x.description})` : ''}`;
    if (!listed) {
      out.push({
        region: x.region,
        subject: x.name,
        problem: `${what} does not exist, though other resources of stack ${stack} do: ${DELETED_BY_HAND}, so what it runs never runs`,
        fix: `make it again with aws ${x.kind === 'rule' ? 'events put-rule and put-targets' : 'scheduler create-schedule'} as resource ${x.logicalId} of stack ${stack} has it (npx cdk synth writes the template to cdk.out/; it names the physical ids of other resources of the stack: aws cloudformation describe-stack-resources --region ${x.region} --stack-name ${stack})`,
      });
    } else if (x.enabled && listed.state !== 'ENABLED') {
      out.push({
        region: x.region,
        subject: x.name,
        problem: `${what} is ${listed.state ?? 'not enabled'} (turned off outside CloudFormation; the deployment turns it on): what it runs does not run${x.kind === 'schedule' ? ', and alarms on what it publishes that treat missing data as not breaching stay OK' : ''}`,
        fix: enableSwitchCommand(x),
      });
    }
  }
}

/** `missing`: the stack's dashboards that do not exist. */
function dashboardFindings(stack: string, missing: readonly TemplateDashboard[], account: string | undefined, out: CheckFinding[]): void {
  for (const d of missing) {
    const p = account ? putDashboardCommand(d, account) : undefined;
    out.push({
      region: d.region,
      subject: d.name,
      problem: `dashboard does not exist, though other resources of stack ${stack} do: ${DELETED_BY_HAND}, so the dashboard links in alarm notifications and on the other dashboards lead nowhere`,
      fix:
        p && 'command' in p
          ? `${REMAKE}): ${p.command}`
          : `make it again with aws cloudwatch put-dashboard and the DashboardBody of resource ${d.logicalId} in the template of stack ${stack} (npx cdk synth writes it to cdk.out/)${p ? `, with the physical id of ${p.refersTo} in the stack (aws cloudformation describe-stack-resources --region ${d.region} --stack-name ${stack})` : ''}`,
    });
  }
}

function insightRuleFindings(stack: string, list: readonly TemplateInsightRule[], insightRuleOf: (r: TemplateInsightRule) => ListedInsightRule | undefined, deploy: string, out: CheckFinding[]): void {
  for (const r of list) {
    const listed = insightRuleOf(r);
    if (!listed) {
      out.push({
        region: r.region,
        subject: r.name,
        problem: `Contributor Insights rule does not exist, though other resources of stack ${stack} do: ${DELETED_BY_HAND}, so the dashboards' Top-N tables of it show nothing`,
        fix: `${REMAKE}): ${putInsightRuleCommand(r)}`,
      });
    } else if (canonicalJson(listed.definition) !== canonicalJson(r.body)) {
      out.push({
        region: r.region,
        subject: r.name,
        problem: `Contributor Insights rule's definition is not the deployment's (changed outside CloudFormation, or the config's change is not deployed yet): ${definitionDifference(listed.definition, r.body)}; its Top-N tables count other lines than the dashboards say`,
        fix: `deploy the config (${deploy}); if it is deployed, put it back as its template has it: ${putInsightRuleCommand(r)}`,
      });
    } else if (r.enabled && listed.state !== 'ENABLED') {
      out.push({
        region: r.region,
        subject: r.name,
        problem: `Contributor Insights rule is ${listed.state ?? 'not enabled'} (turned off outside CloudFormation; the deployment turns it on): it counts nothing, so the dashboards' Top-N tables of it show nothing`,
        fix: `aws cloudwatch enable-insight-rules --region ${r.region} --rule-names ${shellWord(r.name)}; to go without the Top-N rules (each is billed per rule-month), set contributorInsights.enabled: false in the config and deploy instead`,
      });
    }
  }
}

function alarmFindings(stack: string, list: readonly TemplateAlarm[], now: DeployedNow, exists: (a: TemplateAlarm) => boolean, account: string | undefined, deploy: string, out: CheckFinding[]): void {
  // Within a deployed stack, a subject none of whose alarms exists is one not deployed yet.
  const notDeployed = new Set<string>();
  for (const [subject, own] of groupBy(list, (a) => a.subject)) {
    if (own.some(exists)) continue;
    own.forEach((a) => notDeployed.add(a.name));
    // Composites last: a composite's rule names its children, which must exist first.
    const commands = account ? [...own].sort((a, b) => Number(a.composite) - Number(b.composite)).map((a) => putAlarmCommand(a, account)) : [];
    const all = commands.length > 0 && commands.every((c) => 'command' in c) ? (commands as { command: string }[]).map((c) => c.command) : undefined;
    out.push({
      region: own[0].region,
      subject,
      problem: `none of its ${own.length} alarm(s) in stack ${stack} exists: the config's change that adds it is not deployed yet (or its alarms were deleted), so nothing watches it`,
      fix: all
        ? `deploy the config (${deploy}); if it is deployed, its alarms were deleted outside CloudFormation: make them again as the template has them (CloudFormation then keeps them as before): ${all.join(' && ')}`
        : `deploy the config (${deploy}); if it is deployed, its alarms were deleted outside CloudFormation: make them again with the properties of their resources in the template of stack ${stack} (npx cdk synth writes it to cdk.out/), composites last`,
    });
  }
  for (const a of list) {
    if (notDeployed.has(a.name)) continue;
    const described = now.alarms.get(a.region)?.get(a.name);
    const remake = () => {
      if (!account) return 'deploy the config (a deploy does not make a deleted alarm again)';
      const p = putAlarmCommand(a, account);
      return 'command' in p
        ? `${REMAKE}${a.composite ? '; after the alarms its rule names exist' : ''}): ${p.command}`
        : `make it again with aws cloudwatch ${a.composite ? 'put-composite-alarm' : 'put-metric-alarm'} and the properties of resource ${a.logicalId} in the template of stack ${stack} (npx cdk synth writes it to cdk.out/), with the physical id of ${p.refersTo} in the stack (aws cloudformation describe-stack-resources --region ${a.region} --stack-name ${stack})`;
    };
    if (!described) {
      out.push({
        region: a.region,
        subject: a.name,
        problem: `does not exist, though other alarms of stack ${stack} do: ${DELETED_BY_HAND}, so it pages nobody`,
        fix: remake(),
      });
      continue;
    }
    if (a.props.ActionsEnabled !== false && described.ActionsEnabled === false) {
      out.push({
        region: a.region,
        subject: a.name,
        problem: 'its actions are turned off (disable-alarm-actions, by hand or a script; the deployment turns them on): it changes state but notifies nobody',
        fix: `aws cloudwatch enable-alarm-actions --region ${a.region} --alarm-names ${shellWord(a.name)}`,
      });
      continue;
    }
    if (!account) continue;
    // What pages when: compared where the template's values are known without the deployed stack.
    const evaluation = resolveTemplateValue(a.props, { account, region: a.region, resources: a.stackResources });
    const evaluationDiffers = evaluation.ok ? evaluationDifferences(evaluation.value as Record<string, unknown>, described as Record<string, unknown>) : [];
    const wanted = resolveTemplateValue(
      { AlarmActions: a.props.AlarmActions ?? [], OKActions: a.props.OKActions ?? [], InsufficientDataActions: a.props.InsufficientDataActions ?? [] },
      { account, region: a.region, resources: a.stackResources },
    );
    const w = wanted.ok ? (wanted.value as Record<'AlarmActions' | 'OKActions' | 'InsufficientDataActions', string[]>) : undefined;
    const actionsDiffer = !w
      ? []
      : (
          [
            ['AlarmActions', 'ALARM'],
            ['OKActions', 'OK'],
            ['InsufficientDataActions', 'INSUFFICIENT_DATA'],
          ] as const
        ).flatMap(([k, state]) => (sameSet(w[k], described[k]) ? [] : [`${state} actions ${JSON.stringify(described[k] ?? [])}, not ${JSON.stringify(w[k])}`]));
    const changed = [
      ...(actionsDiffer.length > 0 ? [`its actions are not the deployment's (changed outside CloudFormation, or the config's change is not deployed yet): ${actionsDiffer.join('; ')}`] : []),
      ...(evaluationDiffers.length > 0
        ? [`${actionsDiffer.length > 0 ? 'and its evaluation' : "its evaluation is not the deployment's (edited outside CloudFormation, or the config's change is not deployed yet)"}: ${evaluationDiffers.join('; ')}: it pages at other values or later than its description says, or never`]
        : []),
    ];
    if (changed.length > 0) {
      out.push({
        region: a.region,
        subject: a.name,
        problem: changed.join('; '),
        fix: `deploy the config (${deploy}); if it is deployed, ${remake().replace(/^make it again/, 'put it back')}`,
      });
    }
  }
}

function filterFindings(stack: string, list: readonly TemplateFilter[], now: DeployedNow, exists: (f: TemplateFilter) => boolean, deploy: string, out: CheckFinding[]): void {
  for (const [group, own] of groupBy(list, (f) => f.logGroupName)) {
    const region = own[0].region;
    // A log group none of whose filters exists: made again by hand (deleting a group deletes its
    // filters), or not deployed yet.
    if (!own.some(exists)) {
      out.push({
        region,
        subject: group,
        problem: `none of its ${own.length} metric filter(s) of stack ${stack} exists: the log group was deleted and made again outside CloudFormation (deleting a log group deletes its filters), or the config's change that adds it is not deployed yet; its query logs make no metrics, so its alarms cannot fire`,
        fix: `deploy the config (${deploy}); if it is deployed, make them again as the template has them, once the log group exists (the log-groups check says whether it does): ${own.map(putMetricFilterCommand).join(' && ')}`,
      });
      continue;
    }
    for (const f of own) {
      const listed = now.filters.get(region)?.get(filterKey(f.logGroupName, f.filterName));
      const subject = `${f.filterName} on ${f.logGroupName}`;
      if (!listed) {
        out.push({
          region,
          subject,
          problem: `metric filter does not exist or publishes another metric than its template's (${metricOfFilter(f)}), though the other filters of its log group do: deleted or changed outside CloudFormation, which no deploy puts back (or the config's change that adds it is not deployed yet); its metric gets no data, so its alarms cannot fire`,
          fix: `${REMAKE}): ${putMetricFilterCommand(f)}`,
        });
      } else if (typeof f.props.FilterPattern === 'string' && listed.filterPattern !== f.props.FilterPattern) {
        out.push({
          region,
          subject,
          problem: `metric filter's pattern is not the deployment's (changed outside CloudFormation, or the config's change is not deployed yet): ${JSON.stringify(listed.filterPattern ?? '')}, not ${JSON.stringify(f.props.FilterPattern)}; its metric counts other lines than its alarms expect`,
          fix: `deploy the config (${deploy}); if it is deployed, put it back as its template has it: ${putMetricFilterCommand(f)}`,
        });
      } else {
        const wanted = transformationsText(((f.props.MetricTransformations ?? []) as Record<string, unknown>[]).map(apiTransformation));
        const listedText = transformationsText(listed.metricTransformations ?? []);
        if (listedText === wanted) continue;
        out.push({
          region,
          subject,
          problem: `metric filter's metric is not published as its template has it (changed outside CloudFormation, or the config's change is not deployed yet): ${listedText}, not ${wanted}; its alarms, which read the metric by its dimensions, get no data or other numbers`,
          fix: `deploy the config (${deploy}); if it is deployed, put it back as its template has it: ${putMetricFilterCommand(f)}`,
        });
      }
    }
  }
}
