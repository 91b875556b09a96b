/**
 * Replay: what the synthesized alarms would have done on a set of query logs.
 *
 *   log lines ──(the product's filter-pattern matcher, with each log group's synthesized metric
 *   filters)──> per-minute metric datapoints ──(metric math, lib/replay/metric-math.ts)──> each
 *   alarm's series ──(the alarm evaluator, lib/replay/alarm-evaluator.ts)──> state changes.
 *
 * Only the templates are read (the same ones `cdk deploy` would deploy), never the config's
 * intentions: a filter or alarm the app does not synthesize is not replayed. Alarms whose metrics
 * replay cannot know (Lambda, health checks, license) are listed as skipped.
 *
 * Timing model: a datapoint of the period [t, t + P) becomes visible at t + P + SOURCE_DELAY_SECONDS
 * (lib/alarms/detection-time.ts), and alarms are evaluated at every full minute.
 *
 * Evaluation window: an alarm without `EvaluationWindow` uses CloudWatch's default, a sliding window
 * ("the window advances each time the alarm is evaluated, forming a rolling time window", CloudWatch
 * User Guide, Alarm evaluation window: https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarm-evaluation-window.html).
 * Evaluated every minute, a period of P seconds is then the P seconds ending at the newest visible
 * minute, and the N periods before it follow back to back: replay computes every metric and
 * expression per minute as a rolling aggregate over P. The app never sets `EvaluationWindow`
 * (test/replay/sliding-window.test.ts checks every example's alarms).
 */
import { SOURCE_DELAY_SECONDS } from '../alarms/detection-time';
import type { ResolvedConfig } from '../config/resolve';
import { durationMinutes } from '../config/maintenance-schema';
import { parseMuteSchedule, scheduleOpenings, type MuteSchedule } from '../config/mute-schedule';
import { extractFields, matchDelimitedTokens, parseFilterPattern, tokenizeLine, type FilterPattern, type LineToken } from '../filter-pattern';
import { dnsQueriesMetric } from '../health/zone-alarms';
import type { CfnResource } from '../plan/synthesize';
import {
  breaches,
  EVALUATION_RANGE_EXTRA,
  evaluateRule,
  nextState,
  parseAlarmRule,
  ruleChildren,
  type AlarmState,
  type ComparisonOperator,
  type RuleNode,
  type TreatMissing,
} from './alarm-evaluator';
import { evaluate, idsOf, isBand, isSeries, parseExpression, type Band, type Series, type Value } from './metric-math';

const MINUTE = 60;

interface Filter {
  readonly pattern: FilterPattern;
  readonly namespace: string;
  readonly metricName: string;
  readonly value: string;
  /** Dimension name -> selector (`$zone_id`, `$.vpc_id`). */
  readonly dimensions: readonly (readonly [string, string])[];
}

interface Bucket {
  sum: number;
  count: number;
  min: number;
  max: number;
}

/** Per-minute aggregates of one metric series. */
class MinuteSeries {
  readonly buckets = new Map<number, Bucket>();
  add(minute: number, v: number): void {
    const b = this.buckets.get(minute);
    if (b) {
      b.sum += v;
      b.count += 1;
      if (v < b.min) b.min = v;
      if (v > b.max) b.max = v;
    } else this.buckets.set(minute, { sum: v, count: 1, min: v, max: v });
  }
}

export const seriesKey = (namespace: string, metricName: string, dims: Readonly<Record<string, string>>) =>
  `${namespace}|${metricName}|${Object.keys(dims)
    .sort()
    .map((k) => `${k}=${dims[k]}`)
    .join(',')}`;

/** The series key of a zone's AWS/Route53 DNSQueries (lib/health/zone-alarms.ts defines the metric). */
export function dnsQueriesKey(zoneId: string): string {
  const m = dnsQueriesMetric(zoneId);
  return seriesKey(m.namespace, m.metricName, m.dimensions);
}
const DNS_QUERIES_PREFIX = dnsQueriesKey('').split('|').slice(0, 2).join('|') + '|';

interface AlarmQuery {
  readonly id: string;
  readonly expression?: string;
  readonly metric?: { key: string; stat: string; period: number };
  readonly returnData: boolean;
  readonly label?: string;
}

export interface ReplayAlarm {
  readonly name: string;
  readonly notifies: boolean;
  readonly comparison: ComparisonOperator;
  readonly threshold?: number;
  readonly thresholdMetricId?: string;
  readonly period: number;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
  readonly treatMissingData: TreatMissing;
  readonly queries: readonly AlarmQuery[];
}

export interface ReplayComposite {
  readonly name: string;
  readonly notifies: boolean;
  readonly rule: RuleNode;
}

/** A mute rule (maintenance window): while a window is open, the alarms it names page nobody. */
export interface ReplayMuteRule {
  readonly name: string;
  readonly alarms: ReadonlySet<string>;
  /** Expression, time zone and duration: rules of one window share it (their openings are computed once). */
  readonly scheduleKey: string;
  readonly schedule: MuteSchedule;
  readonly timezone: string;
  readonly durationSeconds: number;
}

/** A span (epoch seconds, end excluded) in which an alarm's actions are muted, and the rules that mute it. */
export interface MutedSpan {
  readonly from: number;
  readonly to: number;
  readonly rules: readonly string[];
}

export interface ReplayTransition {
  readonly at: number;
  readonly state: AlarmState;
}

export interface AlarmTimeline {
  readonly alarmName: string;
  readonly notifies: boolean;
  readonly composite: boolean;
  readonly transitions: readonly ReplayTransition[];
  /** Maintenance windows open during the replay that mute this alarm. */
  readonly muted: readonly MutedSpan[];
  /**
   * When it notified for ALARM (an on-call person's pages): each change to ALARM, unless a window
   * mutes it; then at the window's end if the alarm is still in ALARM (CloudWatch runs the action
   * then). None for an alarm without actions of its own.
   */
  readonly pages: readonly number[];
  /**
   * The alarm's value and thresholds for charts (metric alarms only): one value per `period`
   * seconds from `start`; for a sliding window, one per minute (the value of the window ending then).
   */
  readonly chart?: {
    readonly period: number;
    readonly start: number;
    readonly values: readonly (number | null)[];
    readonly threshold?: number;
    readonly band?: { readonly lower: readonly (number | null)[]; readonly upper: readonly (number | null)[] };
    readonly comparison: ComparisonOperator;
  };
}

export interface ReplayResult {
  readonly from: number;
  readonly to: number;
  readonly lines: number;
  readonly unmatchedLines: number;
  /** Of unmatchedLines: lines that are not query log lines (no timestamp or subject). */
  readonly unreadableLines: number;
  /** Of unmatchedLines: zones and VPCs the config does not monitor (at most UNMONITORED_NAMED). */
  readonly unmonitored: readonly { readonly subject: string; readonly kind: 'hosted zone' | 'VPC'; readonly lines: number }[];
  /** Minutes of datapoints (a DNSQueries CSV) after the last log line, which were replayed too. */
  readonly pastLastLineMinutes: number;
  readonly alarms: readonly AlarmTimeline[];
  readonly skipped: readonly { readonly alarmName: string; readonly why: string }[];
  /** True when an anomaly band was approximated (always marked in every output). */
  readonly approximatedBands: boolean;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** The log groups' metric filters and the alarms, read from synthesized resources. */
export class ReplayModel {
  readonly filtersByGroup = new Map<string, Filter[]>();
  readonly alarms: ReplayAlarm[] = [];
  readonly composites: ReplayComposite[] = [];
  readonly muteRules: ReplayMuteRule[] = [];
  readonly subjectGroup = new Map<string, string>();

  constructor(config: ResolvedConfig, resources: readonly CfnResource[]) {
    for (const s of [...config.hostedZones, ...config.resolverVpcs]) this.subjectGroup.set(s.id, s.logGroupName);
    const byId = new Map(resources.map((r) => [`${r.stack}/${r.logicalId}`, r]));
    const groupName = (r: CfnResource, v: unknown): string | undefined => {
      if (typeof v === 'string') return v;
      const ref = (v as { Ref?: string } | undefined)?.Ref;
      if (ref) return str(byId.get(`${r.stack}/${ref}`)?.props.LogGroupName);
      return undefined;
    };
    for (const r of resources) {
      if (r.type === 'AWS::Logs::MetricFilter') {
        const group = groupName(r, r.props.LogGroupName);
        if (!group) continue;
        const pattern = parseFilterPattern(String(r.props.FilterPattern));
        for (const t of (r.props.MetricTransformations ?? []) as any[]) {
          const list = this.filtersByGroup.get(group) ?? [];
          list.push({
            pattern,
            namespace: String(t.MetricNamespace),
            metricName: String(t.MetricName),
            value: String(t.MetricValue ?? '1'),
            dimensions: ((t.Dimensions ?? []) as any[]).map((d) => [String(d.Key), String(d.Value)] as const),
          });
          this.filtersByGroup.set(group, list);
        }
      } else if (r.type === 'AWS::CloudWatch::Alarm') {
        const p = r.props;
        const name = str(p.AlarmName);
        if (!name) continue;
        const notifies = p.ActionsEnabled !== false && Array.isArray(p.AlarmActions) && p.AlarmActions.length > 0;
        const dims = (d: any[] | undefined) => Object.fromEntries((d ?? []).map((x) => [String(x.Name), String(x.Value)]));
        const queries: AlarmQuery[] = p.Metrics
          ? (p.Metrics as any[]).map((m) => ({
              id: String(m.Id),
              label: str(m.Label),
              returnData: m.ReturnData !== false,
              ...(m.Expression
                ? { expression: String(m.Expression) }
                : {
                    metric: {
                      key: seriesKey(String(m.MetricStat.Metric.Namespace), String(m.MetricStat.Metric.MetricName), dims(m.MetricStat.Metric.Dimensions)),
                      stat: String(m.MetricStat.Stat),
                      period: Number(m.MetricStat.Period),
                    },
                  }),
            }))
          : [
              {
                id: 'm',
                returnData: true,
                metric: { key: seriesKey(String(p.Namespace), String(p.MetricName), dims(p.Dimensions)), stat: String(p.Statistic ?? 'Sum'), period: Number(p.Period) },
              },
            ];
        const period = Number(p.Period ?? queries.find((q) => q.metric)?.metric?.period ?? 60);
        this.alarms.push({
          name,
          notifies,
          comparison: p.ComparisonOperator,
          threshold: typeof p.Threshold === 'number' ? p.Threshold : undefined,
          thresholdMetricId: str(p.ThresholdMetricId),
          period,
          evaluationPeriods: Number(p.EvaluationPeriods),
          datapointsToAlarm: Number(p.DatapointsToAlarm ?? p.EvaluationPeriods),
          treatMissingData: (p.TreatMissingData ?? 'missing') as TreatMissing,
          queries,
        });
      } else if (r.type === 'AWS::CloudWatch::AlarmMuteRule') {
        const schedule = (r.props.Rule as { Schedule?: { Expression?: unknown; Duration?: unknown; Timezone?: unknown } } | undefined)?.Schedule;
        const parsed = parseMuteSchedule(String(schedule?.Expression));
        const minutes = durationMinutes(String(schedule?.Duration));
        const names = (r.props.MuteTargets as { AlarmNames?: unknown[] } | undefined)?.AlarmNames ?? [];
        if (typeof parsed === 'string' || minutes === undefined) continue;
        this.muteRules.push({
          name: String(r.props.Name),
          alarms: new Set(names.map(String)),
          scheduleKey: `${String(schedule?.Expression)}|${str(schedule?.Timezone) ?? 'UTC'}|${minutes}`,
          schedule: parsed,
          timezone: str(schedule?.Timezone) ?? 'UTC',
          durationSeconds: minutes * MINUTE,
        });
      } else if (r.type === 'AWS::CloudWatch::CompositeAlarm') {
        const name = str(r.props.AlarmName);
        const rule = str(r.props.AlarmRule);
        if (!name || !rule) continue;
        const notifies = r.props.ActionsEnabled !== false && Array.isArray(r.props.AlarmActions) && r.props.AlarmActions.length > 0;
        this.composites.push({ name, notifies, rule: parseAlarmRule(rule) });
      }
    }
  }
}

/** How many subjects the config does not monitor replay names (with their line counts). */
export const UNMONITORED_NAMED = 20;

/** Turns log lines into per-minute metric datapoints with the synthesized metric filters. */
export class MetricAccumulator {
  readonly series = new Map<string, MinuteSeries>();
  lines = 0;
  /** Lines not counted: unreadable, or of a zone or VPC the config does not monitor. */
  unmatched = 0;
  /** Lines without a timestamp or subject (not a query log line). */
  unreadable = 0;
  /** The start of the first such line, for the error when no line is readable. */
  firstUnreadable: string | undefined;
  /** Lines per subject the config does not monitor (the first UNMONITORED_NAMED subjects). */
  readonly unmonitored = new Map<string, { kind: 'hosted zone' | 'VPC'; lines: number }>();
  /** First and last minute of any data (log lines and datapoints, e.g. a DNSQueries CSV). */
  first = Infinity;
  last = -Infinity;
  /** First and last minute of the log lines: the minutes replay evaluates when there are lines. */
  firstLine = Infinity;
  lastLine = -Infinity;

  constructor(
    private readonly model: ReplayModel,
    /** Count every hosted-zone log line as AWS/Route53 DNSQueries too (when no CSV is given). */
    private readonly deriveDnsQueries: boolean,
  ) {}

  private put(key: string, minute: number, v: number): void {
    let s = this.series.get(key);
    if (!s) this.series.set(key, (s = new MinuteSeries()));
    s.add(minute, v);
  }

  /**
   * One log event: a hosted-zone CLF line or a Resolver JSON record, as the log group holds it
   * (what files hold around it is taken off first: lib/replay/input-formats.ts).
   */
  addLine(line: string): void {
    this.lines++;
    let ts: number;
    let subject: string | undefined;
    let hostedZone = false;
    if (line.charCodeAt(0) === 123 /* { */) {
      const m = /"vpc_id"\s*:\s*"([^"]+)"/.exec(line);
      const t = /"query_timestamp"\s*:\s*"([^"]+)"/.exec(line);
      subject = m?.[1];
      ts = t ? Date.parse(t[1]) / 1000 : NaN;
    } else {
      const sp1 = line.indexOf(' ');
      const sp2 = line.indexOf(' ', sp1 + 1);
      const sp3 = line.indexOf(' ', sp2 + 1);
      ts = Date.parse(line.slice(sp1 + 1, sp2)) / 1000;
      subject = line.slice(sp2 + 1, sp3);
      hostedZone = true;
    }
    if (!subject || Number.isNaN(ts)) {
      this.unmatched++;
      this.unreadable++;
      this.firstUnreadable ??= line.slice(0, 120);
      return;
    }
    const minute = Math.floor(ts / MINUTE);
    if (minute < this.first) this.first = minute;
    if (minute > this.last) this.last = minute;
    if (minute < this.firstLine) this.firstLine = minute;
    if (minute > this.lastLine) this.lastLine = minute;
    if (hostedZone && this.deriveDnsQueries) this.put(dnsQueriesKey(subject), minute, 1);
    const group = this.model.subjectGroup.get(subject);
    const filters = group ? this.model.filtersByGroup.get(group) : undefined;
    if (!filters) {
      this.unmatched++;
      const seen = this.unmonitored.get(subject);
      if (seen) seen.lines++;
      // Memory stays flat however many subjects a file holds; the rest are counted in unmatched.
      else if (this.unmonitored.size < UNMONITORED_NAMED) this.unmonitored.set(subject, { kind: hostedZone ? 'hosted zone' : 'VPC', lines: 1 });
      return;
    }
    // A space-delimited line is split once for all of its log group's filters.
    let tokens: LineToken[] | undefined;
    for (const f of filters) {
      const fields =
        f.pattern.type === 'delimited' ? matchDelimitedTokens(f.pattern, (tokens ??= tokenizeLine(line)), line) : extractFields(f.pattern, line);
      if (!fields) continue;
      const dims: Record<string, string> = {};
      let ok = true;
      for (const [name, sel] of f.dimensions) {
        const v = fields[sel.startsWith('$.') ? sel : sel.slice(1)];
        if (v === undefined) ok = false;
        else dims[name] = v;
      }
      if (!ok) continue;
      const value = f.value.startsWith('$') ? Number(fields[f.value.startsWith('$.') ? f.value : f.value.slice(1)]) : Number(f.value);
      if (Number.isNaN(value)) continue;
      this.put(seriesKey(f.namespace, f.metricName, dims), minute, value);
    }
  }

  /** Adds a datapoint from a metrics CSV (e.g. DNSQueries exported from CloudWatch). */
  addDatapoint(key: string, ts: number, value: number): void {
    const minute = Math.floor(ts / MINUTE);
    if (minute < this.first) this.first = minute;
    if (minute > this.last) this.last = minute;
    this.put(key, minute, value);
  }
}

function aggregate(s: MinuteSeries | undefined, stat: string, start: number, periods: number, period: number): Series {
  const out = new Float64Array(periods).fill(NaN);
  if (!s) return out;
  for (const [minute, b] of s.buckets) {
    const i = Math.floor((minute * MINUTE - start) / period);
    if (i < 0 || i >= periods) continue;
    const cur = out[i];
    switch (stat) {
      case 'Sum':
        out[i] = (Number.isNaN(cur) ? 0 : cur) + b.sum;
        break;
      case 'SampleCount':
        out[i] = (Number.isNaN(cur) ? 0 : cur) + b.count;
        break;
      case 'Minimum':
        out[i] = Number.isNaN(cur) ? b.min : Math.min(cur, b.min);
        break;
      case 'Maximum':
        out[i] = Number.isNaN(cur) ? b.max : Math.max(cur, b.max);
        break;
      case 'Average':
        // Sum first, divided by the sample count below.
        out[i] = (Number.isNaN(cur) ? 0 : cur) + b.sum;
        break;
      default:
        throw new Error(`replay does not support the statistic ${stat}`);
    }
  }
  if (stat === 'Average') {
    const counts = aggregate(s, 'SampleCount', start, periods, period);
    for (let i = 0; i < periods; i++) out[i] = out[i] / counts[i];
  }
  return out;
}

/**
 * Per minute from `start`, the statistic over the `width` minutes ending with that minute (a
 * sliding window's period); no value when none of those minutes has a datapoint.
 */
function rolling(s: MinuteSeries | undefined, stat: string, start: number, minutes: number, width: number): Series {
  if (stat === 'Average') {
    const sums = rolling(s, 'Sum', start, minutes, width);
    const counts = rolling(s, 'SampleCount', start, minutes, width);
    return sums.map((v, i) => v / counts[i]);
  }
  const perMinute = aggregate(s, stat, start, minutes, MINUTE);
  const combine = stat === 'Minimum' ? Math.min : stat === 'Maximum' ? Math.max : (a: number, b: number) => a + b;
  const out = new Float64Array(minutes).fill(NaN);
  for (let i = 0; i < minutes; i++) {
    let v = NaN;
    for (let j = Math.max(0, i - width + 1); j <= i; j++) {
      const x = perMinute[j];
      if (!Number.isNaN(x)) v = Number.isNaN(v) ? x : combine(v, x);
    }
    out[i] = v;
  }
  return out;
}

/** Metrics replay has data for: the product's log metrics and DNSQueries (a CSV, or the logs). */
function knownMetric(key: string, namespace: string): boolean {
  return key.startsWith(`${namespace}|`) || key.startsWith(DNS_QUERIES_PREFIX);
}

const toNullable = (s: Series) => Array.from(s, (v) => (Number.isNaN(v) ? null : Math.round(v * 1000) / 1000));

/**
 * Evaluates every replayable alarm over [from, to] (seconds; minutes are evaluated until the last
 * minute of data is visible, so an incident at the end of the logs still shows).
 */
export function evaluateAlarms(
  model: ReplayModel,
  acc: MetricAccumulator,
  opts: {
    namespace: string;
    charts?: boolean;
    sourceDelaySeconds?: number;
    /** The range to evaluate (seconds, `to` exclusive) when it is known, e.g. `--from-account --since`. */
    window?: { readonly from: number; readonly to: number };
  },
): ReplayResult {
  const delay = opts.sourceDelaySeconds ?? SOURCE_DELAY_SECONDS;
  // The minutes of the logs (or of the datapoints when there are no logs); datapoints before the
  // logs (e.g. days of DNSQueries from a CSV) only train anomaly bands. Datapoints after the last
  // line are replayed: logs that stopped and never came back end before DNSQueries does, and cut
  // at the last line the replay could never show it. A known window (logs read from the account
  // up to a moment) is evaluated whole, for the same reason.
  const readLines = acc.firstLine <= acc.lastLine; // lines with a timestamp (not only unreadable ones)
  const from = opts.window ? Math.floor(opts.window.from / MINUTE) * MINUTE : (readLines ? acc.firstLine : acc.first) * MINUTE;
  const to = opts.window ? Math.floor(opts.window.to / MINUTE) * MINUTE : (acc.last + 1) * MINUTE;
  const pastLastLineMinutes = !opts.window && readLines ? acc.last - acc.lastLine : 0;
  const timelines: AlarmTimeline[] = [];
  const skipped: { alarmName: string; why: string }[] = [];
  let approximated = false;
  const statesAt = new Map<string, Map<number, AlarmState>>();
  const evalTimes: number[] = [];
  // Until the last minute of data is visible; no window reaches past the data (the data ending is
  // not a drop to zero).
  for (let t = from + MINUTE; t <= to + delay + MINUTE; t += MINUTE) evalTimes.push(t);

  for (const a of model.alarms) {
    const unknown = a.queries.filter((q) => q.metric && !knownMetric(q.metric.key, opts.namespace));
    if (unknown.length > 0) {
      // One metric of several rules or queues (other dimensions) is named once.
      const names = [...new Set(unknown.map((q) => q.metric!.key.split('|').slice(0, 2).join('/')))];
      skipped.push({ alarmName: a.name, why: `no data for ${names.join(', ')}` });
      continue;
    }
    const P = a.period;
    // The grid the metrics and expressions are computed on: clock-aligned periods, or for a
    // sliding window one value per minute (the window of P seconds ending with that minute), whose
    // evaluation range then steps back P / 60 grid points per period.
    const sliding = P > MINUTE && P % MINUTE === 0;
    const unit = sliding ? MINUTE : P;
    const step = sliding ? P / MINUTE : 1;
    // An anomaly alarm's grid starts with the earliest data, so that its band trains on the history.
    const start = Math.floor(Math.min(from, a.thresholdMetricId ? acc.first * MINUTE : from) / unit) * unit;
    const firstEvaluated = Math.floor((from - start) / unit);
    // Grid points up to the last one holding data: no window reaches past the data.
    const periods = Math.ceil((to - start) / unit);
    const env = new Map<string, Value>();
    for (const q of a.queries) {
      if (!q.metric) continue;
      const s = acc.series.get(q.metric.key);
      env.set(q.id, sliding ? rolling(s, q.metric.stat, start, periods, step) : aggregate(s, q.metric.stat, start, periods, P));
    }
    // Expressions in dependency order.
    const pending = a.queries.filter((q) => q.expression);
    const parsed = new Map(pending.map((q) => [q.id, parseExpression(q.expression!)]));
    while (pending.length > 0) {
      const i = pending.findIndex((q) => idsOf(parsed.get(q.id)!).every((id) => env.has(id)));
      if (i < 0) throw new Error(`alarm ${a.name}: expressions refer to unknown ids`);
      const q = pending.splice(i, 1)[0];
      env.set(q.id, evaluate(parsed.get(q.id)!, env, periods, { stride: step, pointsPerDay: 86400 / unit, from: firstEvaluated }));
    }
    const resultQ = a.queries.find((q) => q.returnData && q.id !== a.thresholdMetricId) ?? a.queries[0];
    const values = env.get(resultQ.id);
    if (!values || !isSeries(values)) throw new Error(`alarm ${a.name}: ${resultQ.id} is not a time series`);
    let band: Band | undefined;
    if (a.thresholdMetricId) {
      const b = env.get(a.thresholdMetricId);
      if (!b || !isBand(b)) throw new Error(`alarm ${a.name}: ${a.thresholdMetricId} is not an anomaly band`);
      band = b;
      approximated = true;
    }
    const breach = (i: number): boolean | null =>
      Number.isNaN(values[i]) ? null : breaches(a.comparison, values[i], a.threshold ?? NaN, band?.lower[i], band?.upper[i]);

    const R = a.evaluationPeriods + EVALUATION_RANGE_EXTRA;
    let state: AlarmState = 'INSUFFICIENT_DATA';
    const transitions: ReplayTransition[] = [];
    const perTime = new Map<number, AlarmState>();
    for (const t of evalTimes) {
      // Grid points whose datapoint is visible at t: start + (i + 1) * unit + delay <= t; the
      // evaluation range is the newest of them and the R - 1 periods before it.
      const lastVisible = Math.min(Math.floor((t - delay - start) / unit) - 1, periods - 1);
      const range: (boolean | null)[] = [];
      for (let k = R - 1; k >= 0; k--) {
        const i = lastVisible - k * step;
        if (i >= firstEvaluated) range.push(breach(i));
      }
      const next: AlarmState = lastVisible < firstEvaluated ? state : nextState(range, a, state);
      if (next !== state) {
        transitions.push({ at: t, state: next });
        state = next;
      }
      perTime.set(t, state);
    }
    statesAt.set(a.name, perTime);
    timelines.push({
      alarmName: a.name,
      notifies: a.notifies,
      composite: false,
      transitions,
      muted: [],
      pages: [],
      ...(opts.charts
        ? {
            chart: {
              period: unit,
              start: start + firstEvaluated * unit,
              values: toNullable(values.subarray(firstEvaluated)),
              threshold: a.threshold,
              band: band ? { lower: toNullable(band.lower.subarray(firstEvaluated)), upper: toNullable(band.upper.subarray(firstEvaluated)) } : undefined,
              comparison: a.comparison,
            },
          }
        : {}),
    });
  }

  for (const c of model.composites) {
    const children = ruleChildren(c.rule);
    if (!children.some((ch) => statesAt.has(ch))) {
      skipped.push({ alarmName: c.name, why: 'none of its children is replayed' });
      continue;
    }
    let state: AlarmState = 'INSUFFICIENT_DATA';
    const transitions: ReplayTransition[] = [];
    for (const t of evalTimes) {
      const states = new Map(children.map((ch) => [ch, statesAt.get(ch)?.get(t) ?? 'OK'] as const));
      const next: AlarmState = evaluateRule(c.rule, states) ? 'ALARM' : 'OK';
      if (next !== state) {
        transitions.push({ at: t, state: next });
        state = next;
      }
    }
    timelines.push({ alarmName: c.name, notifies: c.notifies, composite: true, transitions, muted: [], pages: [] });
  }
  const until = evalTimes[evalTimes.length - 1] ?? to;
  const openings = new Map<string, number[]>();
  const openingsOf = (r: ReplayMuteRule) => {
    if (!openings.has(r.scheduleKey)) openings.set(r.scheduleKey, scheduleOpenings(r.schedule, r.timezone, (from - r.durationSeconds) * 1000, until * 1000));
    return openings.get(r.scheduleKey)!;
  };
  const rulesOf = new Map<string, ReplayMuteRule[]>();
  for (const r of model.muteRules) for (const name of r.alarms) rulesOf.set(name, [...(rulesOf.get(name) ?? []), r]);
  const alarms = timelines.map((t) => withPages(t, mutedSpans(rulesOf.get(t.alarmName) ?? [], openingsOf, from), until));
  alarms.sort((x, y) => x.alarmName.localeCompare(y.alarmName));
  return {
    from,
    to,
    lines: acc.lines,
    unmatchedLines: acc.unmatched,
    unreadableLines: acc.unreadable,
    unmonitored: [...acc.unmonitored].map(([subject, v]) => ({ subject, ...v })),
    pastLastLineMinutes,
    alarms,
    skipped,
    approximatedBands: approximated,
  };
}

/** The windows of an alarm's mute rules that are open at some time of the replay, merged where they touch. */
function mutedSpans(rules: readonly ReplayMuteRule[], openingsOf: (r: ReplayMuteRule) => readonly number[], from: number): MutedSpan[] {
  const spans: MutedSpan[] = [];
  for (const r of rules) {
    for (const open of openingsOf(r)) {
      const start = open / 1000;
      if (start + r.durationSeconds > from) spans.push({ from: start, to: start + r.durationSeconds, rules: [r.name] });
    }
  }
  spans.sort((a, b) => a.from - b.from);
  const merged: MutedSpan[] = [];
  for (const s of spans) {
    const last = merged[merged.length - 1];
    if (last && s.from <= last.to) merged[merged.length - 1] = { from: last.from, to: Math.max(last.to, s.to), rules: [...new Set([...last.rules, ...s.rules])] };
    else merged.push(s);
  }
  return merged;
}

function withPages(t: AlarmTimeline, muted: MutedSpan[], until: number): AlarmTimeline {
  if (!t.notifies) return { ...t, muted };
  const stateAt = (at: number) => [...t.transitions].reverse().find((x) => x.at <= at)?.state;
  const pages = new Set<number>();
  for (const x of t.transitions.filter((y) => y.state === 'ALARM')) {
    const span = muted.find((m) => x.at >= m.from && x.at < m.to);
    if (!span) pages.add(x.at);
    // Muted: CloudWatch runs the action when the window ends if the alarm is still in ALARM
    // (known only when the replay reaches that minute).
    else if (span.to <= until && stateAt(span.to) === 'ALARM') pages.add(span.to);
  }
  return { ...t, muted, pages: [...pages].sort((a, b) => a - b) };
}

/** When the alarm paged an on-call person (see AlarmTimeline.pages). */
export function pagesOf(t: AlarmTimeline): readonly number[] {
  return t.pages;
}
