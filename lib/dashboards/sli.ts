/**
 * Fleet SLIs on the landing dashboard: a share of all queries, summed over every zone (or every
 * VPC of a region) with Metrics Insights, which aggregates up to 10,000 series in one query — so
 * the tiles cost the same for 1 or 5,000 zones.
 */
import type { ResolvedSubject } from '../config/resolve';
import { getSignal } from '../signals/catalogue';
import { SOURCES } from '../signals/sources';
import type { LogSource } from '../signals/types';
import type { DashboardSettings } from '../config/dashboards-schema';

export interface SliDef {
  readonly id: string;
  readonly title: string;
  /** Signals added up in the numerator. */
  readonly plus: readonly string[];
  /** Signals subtracted from the numerator. */
  readonly minus: readonly string[];
  readonly slo: keyof DashboardSettings['slo'];
  /** Which side of the SLO is good. */
  readonly good: 'above' | 'below';
}

export const SLIS: readonly SliDef[] = [
  { id: 'success', title: 'Success (NOERROR) %', plus: ['noerror'], minus: [], slo: 'successRate', good: 'above' },
  { id: 'errors', title: 'Error %', plus: ['errors'], minus: [], slo: 'errorRate', good: 'below' },
  { id: 'non-nxdomain', title: 'Non-NXDOMAIN error %', plus: ['errors'], minus: ['nxdomain'], slo: 'nonNxdomainErrorRate', good: 'below' },
  { id: 'servfail', title: 'SERVFAIL %', plus: ['servfail'], minus: [], slo: 'servfailRate', good: 'below' },
  { id: 'tcp', title: 'TCP %', plus: ['tcp'], minus: [], slo: 'tcpRate', good: 'below' },
];

const sqlQuote = (s: string) => `"${s.replace(/"/g, '\\"')}"`;

/** Metrics Insights query summing one signal's metric over every subject of a source. */
export function fleetSumSql(namespace: string, source: LogSource, signalId: string): string {
  const def = getSignal(source, signalId);
  if (def.measure.kind !== 'filter' || def.measure.dimension) throw new Error(`signal ${signalId} has no per-subject metric`);
  return `SELECT SUM(${def.measure.metricName}) FROM SCHEMA(${sqlQuote(namespace)}, ${SOURCES[source].subjectDimension})`;
}

/** Top-N subjects by one signal's count (the hotspot graphs). */
export function hotspotSql(namespace: string, source: LogSource, signalId: string, limit: number): string {
  const dim = SOURCES[source].subjectDimension;
  return `${fleetSumSql(namespace, source, signalId)} GROUP BY ${dim} ORDER BY SUM() DESC LIMIT ${limit}`;
}

/** Subjects that lack a signal the SLI needs (the tile would be wrong while any exists). */
export function subjectsMissing(sli: SliDef, subjects: readonly ResolvedSubject[]): ResolvedSubject[] {
  const need = ['total', ...sli.plus, ...sli.minus];
  return subjects.filter((s) => need.some((id) => !s.signals.some((x) => x.def.id === id)));
}

/** Metric-math of the SLI over its Metrics Insights inputs (`q_<signal>` ids). */
export function sliExpression(sli: SliDef): string {
  const id = (s: string) => `q_${s.replace(/[^a-z0-9]/g, '_')}`;
  const num = [...sli.plus.map((s) => `FILL(${id(s)}, 0)`), ...sli.minus.map((s) => `- FILL(${id(s)}, 0)`)].join(' ');
  return `100 * (${num}) / q_total`;
}

export const sliInputIds = (sli: SliDef) => [...new Set(['total', ...sli.plus, ...sli.minus])];
