/**
 * Which metric filters a log group needs, from the signals its subjects enable. Filters are per
 * log group and per *signal*, never per subject: the subject id comes from the log line as a
 * metric dimension, so a log group shared by many zones or VPCs still has a fixed, small number of
 * filters (at most one per catalogue signal, with each query-type family sharing one filter).
 */
import { KNOWN_QUERY_TYPES } from './catalogue';
import { buildPattern, MAX_PATTERN_LENGTH } from './filter-patterns';
import { SOURCES } from './sources';
import type { FieldCondition, FilterMeasure, LogSource, SignalSubject } from './types';

export interface FilterSpec {
  /** Stable construct id part. */
  readonly key: string;
  readonly metricName: string;
  readonly pattern: string;
  /** Dimension name -> field selector (`$zone_id`, `$.vpc_id`). */
  readonly dimensions: Readonly<Record<string, string>>;
  /** Signals counted by this filter. */
  readonly signalIds: readonly string[];
  /** Subjects the pattern is restricted to (empty: the pattern is not restricted). */
  readonly subjects: readonly string[];
}

/** CloudWatch Logs hard limit per log group. */
export const MAX_FILTERS_PER_LOG_GROUP = 100;

function selector(source: LogSource, field: string): string {
  return source === 'hostedZone' ? `$${field}` : `$.${field}`;
}

export class FilterPlanError extends Error {}

export function filtersForLogGroup(source: LogSource, logGroupName: string, subjects: readonly SignalSubject[]): FilterSpec[] {
  const src = SOURCES[source];
  // metricName -> { measure template, signal ids, subject ids, dimension values }
  const groups = new Map<string, { measure: FilterMeasure; signals: Set<string>; subjects: Set<string>; values: Set<string> }>();
  for (const subject of subjects) {
    for (const { def } of subject.signals) {
      if (def.measure.kind !== 'filter') continue;
      const g = groups.get(def.measure.metricName) ?? {
        measure: def.measure,
        signals: new Set<string>(),
        subjects: new Set<string>(),
        values: new Set<string>(),
      };
      g.signals.add(def.id);
      g.subjects.add(subject.id);
      if (def.measure.dimension) g.values.add(def.measure.dimension.value);
      groups.set(def.measure.metricName, g);
    }
  }
  const allSubjects = subjects.map((s) => s.id);
  const specs: FilterSpec[] = [];
  for (const [metricName, g] of groups) {
    const where: Record<string, FieldCondition> = { ...g.measure.where };
    const dimensions: Record<string, string> = { [src.subjectDimension]: selector(source, src.subjectField) };
    if (g.measure.dimension) {
      const dim = g.measure.dimension;
      // Keep catalogue order so the pattern does not change with config order.
      const values = KNOWN_QUERY_TYPES.filter((q) => g.values.has(q));
      where[dim.field] = { equals: values.length > 0 ? values : [...g.values] };
      dimensions[dim.name] = selector(source, dim.field);
    }
    const restrictTo = allSubjects.filter((id) => g.subjects.has(id));
    let pattern = buildPattern(source, where, src.subjectField, restrictTo);
    let restricted = restrictTo;
    if (pattern.length > MAX_PATTERN_LENGTH) {
      if (restrictTo.length < allSubjects.length) {
        throw new FilterPlanError(
          `log group ${logGroupName}: the ${metricName} filter would need to list ${restrictTo.length} subjects and exceeds the ${MAX_PATTERN_LENGTH}-character pattern limit — enable the signal for every subject sharing this log group, or split the log group`,
        );
      }
      pattern = buildPattern(source, where, src.subjectField);
      restricted = [];
    }
    specs.push({
      key: metricName,
      metricName,
      pattern,
      dimensions,
      signalIds: [...g.signals],
      subjects: restricted,
    });
  }
  if (specs.length > MAX_FILTERS_PER_LOG_GROUP) {
    throw new FilterPlanError(`log group ${logGroupName} would need ${specs.length} metric filters (limit ${MAX_FILTERS_PER_LOG_GROUP})`);
  }
  return specs;
}
