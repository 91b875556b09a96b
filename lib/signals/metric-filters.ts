/**
 * Which metric filters a log group needs, from the signals its subjects enable. Filters are per
 * log group and per *signal*, never per subject: the subject id comes from the log line as a
 * metric dimension, so a log group shared by many zones or VPCs still has a fixed, small number of
 * filters (at most one per catalogue signal, with each query-type family sharing one filter).
 */
import { LOGS } from '../aws-facts';
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
  /** Values of the dimension besides the subject's (the query types counted), 1 without one. */
  readonly valuesPerSubject: number;
}

/** CloudWatch Logs hard limit per log group. */
export const MAX_FILTERS_PER_LOG_GROUP = LOGS.metricFiltersPerLogGroup;

function selector(source: LogSource, field: string): string {
  return source === 'hostedZone' ? `$${field}` : `$.${field}`;
}

export class FilterPlanError extends Error {
  /** The config field to change. */
  constructor(message: string, readonly path: string) {
    super(message);
  }
}

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
    let valuesPerSubject = 1;
    if (g.measure.dimension) {
      const dim = g.measure.dimension;
      // Keep catalogue order so the pattern does not change with config order.
      const known = KNOWN_QUERY_TYPES.filter((q) => g.values.has(q));
      const values = known.length > 0 ? known : [...g.values];
      where[dim.field] = { equals: values };
      dimensions[dim.name] = selector(source, dim.field);
      valuesPerSubject = values.length;
    }
    const restrictTo = allSubjects.filter((id) => g.subjects.has(id));
    let pattern = buildPattern(source, where, src.subjectField, restrictTo);
    let restricted = restrictTo;
    if (pattern.length > MAX_PATTERN_LENGTH) {
      if (restrictTo.length < allSubjects.length) {
        const off = subjects.find((x) => !g.subjects.has(x.id))!;
        const signal = [...g.signals].find((id) => !off.signals.some((s) => s.def.id === id)) ?? [...g.signals][0];
        throw new FilterPlanError(
          `log group ${logGroupName}: the ${metricName} filter would need to list ${restrictTo.length} subjects and exceeds the ${MAX_PATTERN_LENGTH}-character pattern limit — enable the signal for every subject sharing this log group, or split the log group`,
          `${off.configPath}.signals.${signal}`,
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
      valuesPerSubject,
    });
  }
  if (specs.length > MAX_FILTERS_PER_LOG_GROUP) {
    throw new FilterPlanError(`log group ${logGroupName} would need ${specs.length} metric filters (limit ${MAX_FILTERS_PER_LOG_GROUP}) — disable signals or split the log group`, `${subjects[0].configPath}.queryLogging.logGroupName`);
  }
  return specs;
}

/** The largest number of different dimension values one filter of a log group can publish. */
export interface FilterDimensionValues {
  readonly source: LogSource;
  readonly logGroupName: string;
  readonly metricName: string;
  /** Subjects whose lines the filter counts (all of the group's, when the pattern is not restricted). */
  readonly subjects: number;
  readonly valuesPerSubject: number;
  readonly values: number;
  /** Where the config names the group. */
  readonly path: string;
}

function groupsOf(subjects: readonly SignalSubject[]): Map<string, SignalSubject[]> {
  const groups = new Map<string, SignalSubject[]>();
  for (const s of subjects) groups.set(`${s.source}|${s.logGroupName}`, [...(groups.get(`${s.source}|${s.logGroupName}`) ?? []), s]);
  return groups;
}

/** The most subjects one log group may hold when each publishes `valuesPerSubject` dimension values. */
export function maxSubjectsPerGroup(valuesPerSubject: number): number {
  return Math.floor((LOGS.metricFilterDimensionValuesPerHour - 1) / valuesPerSubject);
}

/** The filter of one log group (`mine`: its subjects; `specs`: its filters) with the most dimension values. */
function worstFilter(mine: readonly SignalSubject[], specs: readonly FilterSpec[]): FilterDimensionValues | undefined {
  const counted = (f: FilterSpec) => (f.subjects.length > 0 ? f.subjects.length : mine.length);
  const worst = [...specs].sort((a, b) => counted(b) * b.valuesPerSubject - counted(a) * a.valuesPerSubject)[0];
  if (!worst) return undefined;
  return {
    source: mine[0].source,
    logGroupName: mine[0].logGroupName,
    metricName: worst.metricName,
    subjects: counted(worst),
    valuesPerSubject: worst.valuesPerSubject,
    values: counted(worst) * worst.valuesPerSubject,
    path: `${mine[0].configPath}.queryLogging.logGroupName`,
  };
}

/** For each log group of these subjects (all of one region), its filter with the most dimension values. */
export function filterDimensionValues(subjects: readonly SignalSubject[]): FilterDimensionValues[] {
  return [...groupsOf(subjects).values()]
    .map((mine) => worstFilter(mine, filtersForLogGroup(mine[0].source, mine[0].logGroupName, mine)))
    .filter((d): d is FilterDimensionValues => d !== undefined);
}

/** What happens past LOGS.metricFilterDimensionValuesPerHour (config error and plan warning). */
export const DIMENSION_VALUES_RISK = `CloudWatch Logs may disable a metric filter that publishes ${LOGS.metricFilterDimensionValuesPerHour.toLocaleString('en-US')} different dimension values in an hour`;

/**
 * Problems with the metric filters of the log groups of these subjects (all of one region), as
 * config issues: a pattern or filter count beyond CloudWatch Logs' limits, and a filter that could
 * publish so many different dimension values that CloudWatch Logs may disable it
 * (LOGS.metricFilterDimensionValuesPerHour). An unrestricted filter also counts the lines of
 * subjects outside the config that write to the group (`dns-monitor doctor` names them).
 */
export function metricFilterConfigProblems(subjects: readonly SignalSubject[], region: string): { path: string; message: string }[] {
  const out: { path: string; message: string }[] = [];
  for (const mine of groupsOf(subjects).values()) {
    let specs: FilterSpec[];
    try {
      specs = filtersForLogGroup(mine[0].source, mine[0].logGroupName, mine);
    } catch (e) {
      if (!(e instanceof FilterPlanError)) throw e;
      out.push({ path: e.path, message: e.message });
      continue;
    }
    const d = worstFilter(mine, specs);
    if (!d || d.values < LOGS.metricFilterDimensionValuesPerHour) continue;
    const noun = d.source === 'hostedZone' ? 'zones' : 'VPCs';
    const per = d.valuesPerSubject;
    out.push({
      path: d.path,
      message:
        `log group ${d.logGroupName} in ${region}: its ${d.metricName} filter could publish ${d.values} different dimension values (${d.subjects} ${noun}${per > 1 ? ` × ${per} query types` : ''}); ` +
        `${DIMENSION_VALUES_RISK}, and every alarm of the group's ${noun} would lose its data — ` +
        `give at most ${maxSubjectsPerGroup(per)} ${noun} one log group (queryLogging.logGroupName)${per > 1 ? ', or turn off query-type signals (qtype-*) for some of them' : ''}`,
    });
  }
  return out;
}
