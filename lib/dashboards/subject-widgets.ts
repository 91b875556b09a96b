/**
 * The metric widgets of one zone/VPC, generated from its enabled signals and the catalogue's
 * widget hints: an own graph per signal (count left, rate % right, alarm thresholds as lines, the
 * anomaly band where an anomaly alarm watches the signal), and stacked breakdowns (response
 * codes, query types, protocols). Only signals the subject enables appear, so no graph ever
 * waits for a metric that is not published.
 */
import type { AlarmSpec } from '../alarms/alarm-spec';
import type { ResolvedSignal, ResolvedSubject } from '../config/resolve';
import { countQueries, MetricQuery, rateQueries } from '../signals/metric-queries';
import type { SignalWidget } from '../signals/types';
import type { Annotation, MetricWidget } from './body';
import { Unplaced, SIZE } from './layout';
import { mergeQueries, toEntries } from './metrics';

type UnplacedMetric = Omit<MetricWidget, 'x' | 'y'>;

const COLORS = { threshold: '#d62728', rateThreshold: '#ff7f0e', band: '#7f7f7f' } as const;
const DEFAULT_WIDGET: SignalWidget = { own: true };

export const widgetOf = (rs: ResolvedSignal): SignalWidget => rs.def.widget ?? DEFAULT_WIDGET;

const hasTotal = (s: ResolvedSubject) => s.signals.some((x) => x.def.id === 'total');

function ownWidget(namespace: string, subject: ResolvedSubject, rs: ResolvedSignal, alarms: readonly AlarmSpec[]): UnplacedMetric {
  const { def, settings } = rs;
  const count = countQueries(namespace, subject, def);
  const rate = def.hasRate && hasTotal(subject) ? rateQueries(namespace, subject, def, settings) : undefined;
  const queries: MetricQuery[] = mergeQueries(count.queries, rate?.queries ?? []);
  const visible = new Set([count.resultId, ...(rate ? [rate.resultId] : [])]);
  const axes: Record<string, 'left' | 'right'> = { [count.resultId]: 'left' };
  if (rate) axes[rate.resultId] = 'right';

  const horizontal: Annotation[] = [];
  const mine = alarms.filter((a) => a.context.signal === def.id);
  for (const a of mine) {
    if ((a.kind === 'count' || a.kind === 'low-traffic') && a.threshold !== undefined) {
      horizontal.push({ value: a.threshold, label: `${a.kind} alarm (${a.threshold}/${a.period}s)`, color: COLORS.threshold, yAxis: 'left' });
    }
    if (a.kind === 'rate' && a.threshold !== undefined && rate) {
      horizontal.push({ value: a.threshold, label: `rate alarm (${a.threshold} %)`, color: COLORS.rateThreshold, yAxis: 'right' });
    }
  }
  const anomaly = mine.find((a) => a.kind === 'anomaly' || a.kind === 'anomaly-drop');
  if (anomaly) {
    const series = def.anomalyOn === 'rate' && def.hasRate ? rate?.resultId : count.resultId;
    if (series) {
      const id = `ad_${series}`;
      queries.push({ id, expression: `ANOMALY_DETECTION_BAND(${series}, ${settings.anomalyBandWidth})`, label: 'expected band', returnData: true });
      visible.add(id);
      axes[id] = axes[series];
    }
  }
  return {
    type: 'metric',
    width: SIZE.third,
    height: SIZE.graphHeight,
    properties: {
      title: rate ? `${def.title}: count and % of queries` : `${def.title}: count`,
      region: subject.region,
      view: 'timeSeries',
      stacked: false,
      period: settings.period,
      stat: 'Sum',
      metrics: toEntries(queries, { period: settings.period, visible, axes, labels: { [count.resultId]: `${def.title} (count)` } }),
      ...(horizontal.length > 0 ? { annotations: { horizontal } } : {}),
      yAxis: { left: { min: 0, label: `per ${settings.period} s`, showUnits: false }, ...(rate ? { right: { min: 0, label: '%', showUnits: false } } : {}) },
    },
  };
}

const BREAKDOWN_TITLES: Record<NonNullable<SignalWidget['breakdown']>, string> = {
  rcode: 'Response codes',
  qtype: 'Query types',
  protocol: 'Protocol mix',
};

function breakdownWidget(
  namespace: string,
  subject: ResolvedSubject,
  kind: NonNullable<SignalWidget['breakdown']>,
  members: readonly ResolvedSignal[],
): UnplacedMetric {
  const period = Math.min(...members.map((m) => m.settings.period));
  const counts = members.map((m) => countQueries(namespace, subject, m.def));
  let queries = mergeQueries(...counts.map((c) => c.queries));
  const visible = new Set(counts.map((c) => c.resultId));
  if (kind === 'protocol' && hasTotal(subject) && visible.has('m_tcp')) {
    const total = countQueries(namespace, subject, subject.signals.find((s) => s.def.id === 'total')!.def);
    queries = mergeQueries(queries, total.queries);
    const udp = 'FILL(m_total, 0) - FILL(m_tcp, 0)';
    queries.push({ id: 'e_udp', expression: `IF((${udp}) > 0, ${udp}, 0)`, label: 'UDP (all - TCP)', returnData: true });
    visible.add('e_udp');
  }
  return {
    type: 'metric',
    width: SIZE.third,
    height: SIZE.graphHeight,
    properties: {
      title: `${BREAKDOWN_TITLES[kind]} (stacked counts)`,
      region: subject.region,
      view: 'timeSeries',
      stacked: true,
      period,
      stat: 'Sum',
      metrics: toEntries(queries, { period, visible }),
      yAxis: { left: { min: 0, label: `per ${period} s`, showUnits: false } },
    },
  };
}

/** Own graphs, then breakdowns, in catalogue order. */
export function subjectMetricWidgets(namespace: string, subject: ResolvedSubject, alarms: readonly AlarmSpec[]): Unplaced[] {
  const own = subject.signals.filter((rs) => widgetOf(rs).own).map((rs) => ownWidget(namespace, subject, rs, alarms));
  const kinds = ['rcode', 'protocol', 'qtype'] as const;
  const breakdowns: UnplacedMetric[] = [];
  for (const kind of kinds) {
    const members = subject.signals.filter((rs) => widgetOf(rs).breakdown === kind);
    if (members.length > 0) breakdowns.push(breakdownWidget(namespace, subject, kind, members));
  }
  return [...own, ...breakdowns];
}
