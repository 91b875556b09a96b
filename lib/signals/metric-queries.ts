/**
 * Metric and metric-math definitions of a signal for one subject, in the shape CloudWatch alarms
 * (and dashboards) take. Rates are `IF(total >= minVolume, 100 * FILL(x, 0) / total, Q)` (with
 * `minCount` above 1, the busy tier also needs that many matching queries, else 0): missing
 * numerators count as 0, and a quiet period (below the minimum volume) gives Q:
 *  - signals alarmed when low (the NOERROR success rate): 100, which cannot breach, so quiet
 *    periods never page and anomaly bands never train on them;
 *  - signals alarmed when high (errors) without a low-volume tier: 0, which cannot breach;
 *  - with a low-volume tier (`lowVolumeRateThreshold` L, `lowVolumeMinCount` K): the rate when at
 *    least K queries matched and they are at least L % of the period's queries, else 0. A quiet
 *    subject answering mostly errors breaches; its stray errors do not.
 * A period without any logged query has no total, so no value (missing, never breaching).
 * Only IF with comparison operators is used (no AND/OR), nested where two conditions must hold.
 */
import { getSignal } from './catalogue';
import { SOURCES } from './sources';
import type { SignalDef, SignalSubject } from './types';

export interface MetricRef {
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Readonly<Record<string, string>>;
}

export interface MetricQuery {
  readonly id: string;
  /** Either a metric (Sum over `period`) or an expression over other ids. */
  readonly metric?: MetricRef;
  readonly expression?: string;
  readonly label?: string;
  readonly returnData: boolean;
}

export function metricRef(namespace: string, subject: SignalSubject, def: SignalDef): MetricRef {
  if (def.measure.kind !== 'filter') throw new Error(`signal ${def.id} is computed, not published`);
  const dims: Record<string, string> = { [SOURCES[subject.source].subjectDimension]: subject.id };
  if (def.measure.dimension) dims[def.measure.dimension.name] = def.measure.dimension.value;
  return { namespace, metricName: def.measure.metricName, dimensions: dims };
}

const idOf = (signalId: string) => signalId.replace(/[^a-z0-9]/g, '_');

/** Queries whose `resultId` is the signal's count per period (metric or math). */
export function countQueries(namespace: string, subject: SignalSubject, def: SignalDef): { queries: MetricQuery[]; resultId: string } {
  if (def.measure.kind === 'filter') {
    const id = `m_${idOf(def.id)}`;
    return { queries: [{ id, metric: metricRef(namespace, subject, def), label: def.title, returnData: true }], resultId: id };
  }
  const inputs = def.measure.uses.map((u) => ({
    id: `m_${idOf(u)}`,
    metric: metricRef(namespace, subject, getSignal(subject.source, u)),
    returnData: false,
  }));
  let expr = def.measure.expression;
  for (const u of def.measure.uses) expr = expr.split(`{${u}}`).join(`FILL(m_${idOf(u)}, 0)`);
  const id = `e_${idOf(def.id)}`;
  // Clamp at 0: log lines of one minute can land in neighbouring datapoints of different filters.
  return {
    queries: [...inputs, { id, expression: `IF((${expr}) > 0, ${expr}, 0)`, label: def.title, returnData: true }],
    resultId: id,
  };
}

/** Queries whose `resultId` is the signal's percentage of total queries (with the volume guard). */
export function rateQueries(
  namespace: string,
  subject: SignalSubject,
  def: SignalDef,
  settings: { readonly minVolume: number; readonly minCount?: number; readonly lowVolumeRateThreshold?: number | null; readonly lowVolumeMinCount?: number },
): { queries: MetricQuery[]; resultId: string } {
  const total = getSignal(subject.source, 'total');
  const count = countQueries(namespace, subject, def);
  const inputs = count.queries.map((q) => ({ ...q, returnData: false }));
  const hasTotal = inputs.some((q) => q.id === 'm_total');
  if (!hasTotal) inputs.push({ id: 'm_total', metric: metricRef(namespace, subject, total), returnData: false });
  const x = count.resultId.startsWith('m_') ? `FILL(${count.resultId}, 0)` : count.resultId;
  const minVol = Math.max(1, settings.minVolume);
  const pct = `100 * ${x} / m_total`;
  const low = settings.lowVolumeRateThreshold ?? null;
  const quiet =
    def.direction === 'low'
      ? '100'
      : low === null
        ? '0'
        : `IF(${x} >= ${Math.max(1, settings.lowVolumeMinCount ?? 1)}, IF(${pct} >= ${low}, ${pct}, 0), 0)`;
  // Busy tier: the rate, once at least `minCount` queries match (a signal alarmed when low has none).
  const busyMin = def.direction === 'low' ? 1 : Math.max(1, settings.minCount ?? 1);
  const busy = busyMin > 1 ? `IF(${x} >= ${busyMin}, ${pct}, 0)` : pct;
  const rate = {
    id: `r_${idOf(def.id)}`,
    expression: `IF(m_total >= ${minVol}, ${busy}, ${quiet})`,
    label: `${def.title} %`,
    returnData: true,
  };
  return { queries: [...inputs, rate], resultId: rate.id };
}
