/** Readers for the resources the plan attributes or prices from their properties. */
import { dashboardMetricCount, type DashboardBody } from '../dashboards/body';
import { ASSUMPTIONS } from './prices';
import type { SubjectRegistry } from './subjects';
import type { CfnResource } from './synthesize';

// ---- dashboards ------------------------------------------------------------------------------

/**
 * The metric entries of a synthesized dashboard (each line or expression of a metric widget, as
 * the layout counts them against CloudWatch's quota), or undefined for a body this cannot read.
 * Bodies are JSON text, or `Fn::Sub` of it whose `${...}` stand inside JSON strings.
 */
export function dashboardMetricEntries(r: CfnResource): number | undefined {
  const body = r.props.DashboardBody as unknown;
  const text = typeof body === 'string' ? body : typeof (body as { 'Fn::Sub'?: unknown })?.['Fn::Sub'] === 'string' ? (body as { 'Fn::Sub': string })['Fn::Sub'] : undefined;
  if (text === undefined) return undefined;
  try {
    return dashboardMetricCount(JSON.parse(text.replace(/\$\{[^}]*\}/g, 'x')) as DashboardBody);
  } catch {
    return undefined;
  }
}

// ---- health checks ---------------------------------------------------------------------------

export interface HealthCheckFacts {
  readonly resource: CfnResource;
  /** Config name (Name tag without the `<prefix>-`). */
  readonly name: string;
  readonly awsEndpoint: boolean;
  /** Paid options: HTTPS, string matching, 10 s interval, latency measurement. */
  readonly options: readonly string[];
}

export function healthCheckFacts(r: CfnResource, prefix: string): HealthCheckFacts {
  const c = r.props.HealthCheckConfig ?? {};
  const tag = ((r.props.HealthCheckTags ?? []) as { Key: string; Value: string }[]).find((t) => t.Key === 'Name')?.Value;
  const name = typeof tag === 'string' ? tag.replace(new RegExp(`^${prefix}-`), '') : r.logicalId;
  const type = String(c.Type ?? '');
  const options: string[] = [];
  if (type.startsWith('HTTPS')) options.push('https');
  if (type.endsWith('_STR_MATCH')) options.push('string-match');
  if (c.RequestInterval === 10) options.push('fast-interval');
  if (c.MeasureLatency === true) options.push('latency');
  // Route 53 bills calculated and metric-based checks like basic AWS-endpoint checks. Endpoints are
  // priced as non-AWS unless their name is an amazonaws.com name (the conservative choice).
  const fqdn = typeof c.FullyQualifiedDomainName === 'string' ? c.FullyQualifiedDomainName : '';
  const awsEndpoint = type === 'CALCULATED' || type === 'CLOUDWATCH_METRIC' || /\.amazonaws\.com\.?$/.test(fqdn);
  return { resource: r, name, awsEndpoint, options };
}

// ---- Contributor Insights --------------------------------------------------------------------

function globMatch(glob: string, name: string): boolean {
  const re = new RegExp(`^${glob.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\/]/g, '\\$&')).join('.*')}$`);
  return re.test(name);
}

/** Subject keys whose log lines a Top-N rule reads (log group names/prefixes and subject filters). */
export function insightRuleSubjects(r: CfnResource, reg: SubjectRegistry): string[] {
  let body: any;
  try {
    body = typeof r.props.RuleBody === 'string' ? JSON.parse(r.props.RuleBody) : r.props.RuleBody;
  } catch {
    return [];
  }
  const groups: string[] = body?.LogGroupNames ?? [];
  const source = body?.LogFormat === 'CLF' ? 'hostedZone' : 'resolver';
  const subjectKey = body?.Contribution?.Keys?.[0];
  const filters = ((body?.Contribution?.Filters ?? []) as { Match: string; In?: string[]; NotIn?: string[] }[]).filter((f) => f.Match === subjectKey);
  const all = source === 'hostedZone' ? reg.config.hostedZones : reg.config.resolverVpcs;
  return all
    .filter((s) => s.region === r.region && groups.some((g) => globMatch(g, s.logGroupName)))
    .filter((s) => filters.every((f) => (!f.In || f.In.includes(s.id)) && (!f.NotIn || !f.NotIn.includes(s.id))))
    .map((s) => reg.keyOfId(s.id)!)
    .filter(Boolean);
}

// ---- Lambda invocations ------------------------------------------------------------------------

const refOf = (v: unknown): string | undefined => {
  const o = v as { Ref?: string; 'Fn::GetAtt'?: [string, string] };
  return o?.Ref ?? o?.['Fn::GetAtt']?.[0];
};

/**
 * Invocations per month of a `rate(...)` schedule, or of a `cron(...)` whose minute field is `*` or
 * `0/N` and whose other fields are `*`/`?` (the DNS probers'); other cron and one-off schedules count as hourly.
 */
export function schedulePerMonth(expression: unknown): number {
  const cron = /^cron\((\*|0\/(\d+)) [*?] [*?] [*?] [*?] [*?]\)$/.exec(String(expression));
  if (cron) return (ASSUMPTIONS.hoursPerMonth * 60) / (cron[2] ? Number(cron[2]) : 1);
  const m = /^rate\((\d+)\s+(minute|minutes|hour|hours|day|days)\)$/.exec(String(expression));
  if (!m) return ASSUMPTIONS.hoursPerMonth;
  const minutes = Number(m[1]) * (m[2].startsWith('minute') ? 1 : m[2].startsWith('hour') ? 60 : 1440);
  return (ASSUMPTIONS.hoursPerMonth * 60) / minutes;
}

export interface LambdaUse {
  readonly resource: CfnResource;
  readonly invocationsPerMonth: number;
  readonly memoryGb: number;
  readonly why: string;
}

/** Expected invocations of each function: its schedules, plus its SNS subscriptions and alarm rules at the assumed notification volume. */
export function lambdaUses(resources: readonly CfnResource[]): LambdaUse[] {
  const perFn = new Map<string, { n: number; why: string[] }>();
  const add = (stack: string, fn: string | undefined, n: number, why: string) => {
    if (!fn) return;
    const k = `${stack}/${fn}`;
    const e = perFn.get(k) ?? { n: 0, why: [] };
    e.n += n;
    e.why.push(why);
    perFn.set(k, e);
  };
  for (const r of resources) {
    if (r.type === 'AWS::Scheduler::Schedule') add(r.stack, refOf(r.props.Target?.Arn), schedulePerMonth(r.props.ScheduleExpression), `schedule ${r.props.ScheduleExpression}`);
    // A topic's deliveries to a function, or to a queue a function reads (the Slack notifier's intake).
    if (r.type === 'AWS::SNS::Subscription' && (r.props.Protocol === 'lambda' || r.props.Protocol === 'sqs')) {
      add(r.stack, refOf(r.props.Endpoint), ASSUMPTIONS.notificationsPerTopicPerMonth, 'alert topic subscription');
    }
    // A rule on alarm state changes (the DNS check reporter), or on Route 53 calls, domain
    // registration calls among them (the change-audit publisher): at most as often as an alert
    // topic is notified.
    const raw = (r.props.EventPattern as { source?: unknown } | undefined)?.source;
    const sources = (Array.isArray(raw) ? raw : [raw]).map(String);
    const ruleKind = sources.includes('aws.cloudwatch') ? 'alarm state-change rule' : sources.includes('aws.route53') ? 'change-audit rule' : undefined;
    if (r.type === 'AWS::Events::Rule' && ruleKind) {
      for (const t of (r.props.Targets as { Arn?: unknown; RoleArn?: unknown }[] | undefined) ?? []) {
        if (!t.RoleArn) add(r.stack, refOf(t.Arn), ASSUMPTIONS.notificationsPerTopicPerMonth, ruleKind);
      }
    }
  }
  // A function reading a queue runs about once a message at these volumes (one batch each): what
  // reaches the queue (keyed like a function above) is what reaches the function.
  for (const r of resources) {
    if (r.type !== 'AWS::Lambda::EventSourceMapping') continue;
    const queued = perFn.get(`${r.stack}/${refOf(r.props.EventSourceArn)}`);
    if (queued) add(r.stack, refOf(r.props.FunctionName), queued.n, queued.why.join(', '));
  }
  return resources
    .filter((r) => r.type === 'AWS::Lambda::Function')
    .map((r) => {
      const use = perFn.get(`${r.stack}/${r.logicalId}`);
      return {
        resource: r,
        invocationsPerMonth: use?.n ?? 0,
        memoryGb: (typeof r.props.MemorySize === 'number' ? r.props.MemorySize : 128) / 1024,
        why: use ? use.why.join(', ') : 'deploy-time only',
      };
    });
}
