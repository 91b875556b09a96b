/**
 * Query-volume dependent cost (only with --queries-per-day N, N = queries each hosted zone and
 * each VPC receives per day): query-log ingestion and storage, and Contributor Insights matched
 * log events. Shown apart from the fixed monthly cost.
 */
import { costLine, sumLines, Units } from './cost-lines';
import { ASSUMPTIONS, DAYS_PER_MONTH } from './prices';
import type { SubjectRegistry } from './subjects';
import type { CfnResource, Synthesized } from './synthesize';
import type { CostLine, Plan } from './types';

const GIB = 1024 ** 3;

export function usageSection(
  s: Synthesized,
  reg: SubjectRegistry,
  rules: readonly { rule: CfnResource; subjects: readonly string[] }[],
  queriesPerDay: number,
): NonNullable<Plan['usage']> {
  const created = new Units();
  const existing = new Units();
  const stored = new Units();
  const matched = new Units();
  const linesPerMonth = queriesPerDay * DAYS_PER_MONTH;
  for (const subj of [...s.config.hostedZones, ...s.config.resolverVpcs]) {
    const key = reg.keyOfId(subj.id)!;
    const gbPerMonth = (linesPerMonth * ASSUMPTIONS.logLineBytes[subj.source]) / GIB;
    if (subj.createQueryLogging) {
      created.add(key, gbPerMonth);
      stored.add(key, (gbPerMonth / DAYS_PER_MONTH) * subj.retentionDays);
    } else existing.add(key, gbPerMonth);
  }
  for (const r of rules) for (const k of r.subjects) matched.add(k, linesPerMonth);

  const lines = [
    costLine({ id: 'log-ingestion-created', what: 'Query-log ingestion, log groups this app creates', price: 'logIngestion', units: created, basis: 'queries x bytes per line' }),
    costLine({ id: 'log-ingestion-existing', what: 'Query-log ingestion, existing log groups (already billed if query logging is on)', price: 'logIngestion', units: existing, basis: 'queries x bytes per line' }),
    costLine({ id: 'log-storage', price: 'logStorage', units: stored, basis: 'steady state: daily volume x retention days, uncompressed (AWS bills the compressed size, usually much less)' }),
    costLine({ id: 'insight-matched-events', price: 'insightMatchedEvents', units: matched, per: 1e6, unit: 'events', basis: 'upper bound: every query line a rule reads counts as matched (rules filtering on rcode match fewer)' }),
  ].filter((l): l is CostLine => l !== undefined);
  return {
    queriesPerDay,
    lines,
    totalUsd: sumLines(lines),
    assumptions: [
      `${queriesPerDay} queries per day for each hosted zone and each VPC, ${DAYS_PER_MONTH.toFixed(2)} days per month.`,
      `Bytes per log line: hosted-zone query log ${ASSUMPTIONS.logLineBytes.hostedZone}, Resolver query log (JSON) ${ASSUMPTIONS.logLineBytes.resolver}; 1 GB = 2^30 bytes.`,
      'Logs Insights queries and dashboard log widgets are billed per GB scanned and are not included.',
    ],
  };
}
