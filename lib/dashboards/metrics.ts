/**
 * Converts the shared metric queries (lib/signals/metric-queries.ts) into dashboard `metrics`
 * entries, and merges several query lists into one widget (ids are shared: `m_total` is the same
 * metric wherever it appears).
 */
import type { MetricQuery } from '../signals/metric-queries';
import type { MetricEntry, MetricOptions } from './body';

export interface EntryOptions {
  readonly period: number;
  readonly yAxis?: 'left' | 'right';
  /** Ids whose series are drawn; every other query is hidden (an input of an expression). */
  readonly visible: ReadonlySet<string>;
  /** Label overrides per id. */
  readonly labels?: Readonly<Record<string, string>>;
  /** Axis overrides per id. */
  readonly axes?: Readonly<Record<string, 'left' | 'right'>>;
}

export function toEntries(queries: readonly MetricQuery[], o: EntryOptions): MetricEntry[] {
  return queries.map((q) => {
    const opts: MetricOptions = { id: q.id, visible: o.visible.has(q.id) };
    const label = o.labels?.[q.id] ?? q.label;
    if (label) opts.label = label;
    const axis = o.axes?.[q.id] ?? o.yAxis;
    if (axis && opts.visible) opts.yAxis = axis;
    if (q.metric) {
      const dims = Object.entries(q.metric.dimensions).flat();
      return [q.metric.namespace, q.metric.metricName, ...dims, { ...opts, stat: 'Sum', period: o.period }];
    }
    return [{ expression: q.expression!, ...opts }];
  });
}

/** Concatenates query lists, keeping the first definition of every id (they must agree). */
export function mergeQueries(...lists: (readonly MetricQuery[])[]): MetricQuery[] {
  const out = new Map<string, MetricQuery>();
  for (const list of lists) {
    for (const q of list) {
      const prev = out.get(q.id);
      if (!prev) {
        out.set(q.id, q);
        continue;
      }
      const same = JSON.stringify(prev.metric ?? prev.expression) === JSON.stringify(q.metric ?? q.expression);
      if (!same) throw new Error(`metric id ${q.id} is defined twice with different definitions`);
    }
  }
  return [...out.values()];
}
