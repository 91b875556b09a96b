/**
 * Logs Insights Top-N tables, one per Top-N view of the catalogue (lib/signals/contributor-
 * insights.ts), over the subject's log group. Hosted-zone query logs are space-delimited text, so
 * the query parses them in the documented field order (HOSTED_ZONE_FIELDS); Resolver query logs
 * are JSON, whose fields Logs Insights discovers by itself.
 */
import { TOP_N_VIEWS, TopNView } from '../signals/contributor-insights';
import { HOSTED_ZONE_FIELDS, SOURCES } from '../signals/sources';
import type { LogSource } from '../signals/types';

/** Parse step for hosted-zone query logs: one `*` per field, in log order. */
export const HOSTED_ZONE_PARSE = `parse @message "${HOSTED_ZONE_FIELDS.map(() => '*').join(' ')}" as ${HOSTED_ZONE_FIELDS.join(', ')}`;

const quote = (v: string) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
const list = (vs: readonly string[]) => `[${vs.map(quote).join(', ')}]`;

export function topNViewsFor(source: LogSource): readonly TopNView[] {
  return TOP_N_VIEWS.filter((v) => v.source === source);
}

/**
 * The query text of a Top-N table (with its `SOURCE` clauses, as dashboard log widgets take it).
 * `subjectId` is the zone/VPC id every line is filtered on (log groups can be shared).
 */
export function topNQuery(view: TopNView, logGroups: readonly string[], subjectId: string, limit: number): string {
  if (logGroups.length === 0) throw new Error(`Top-N ${view.id}: no log group`);
  const src = SOURCES[view.source];
  const sources = logGroups.map((g) => `SOURCE '${g.replace(/'/g, "\\'")}'`);
  const conditions = [`${src.subjectField} = ${quote(subjectId)}`];
  if (view.rcodeIn) conditions.push(`rcode in ${list(view.rcodeIn)}`);
  if (view.rcodeNotIn) conditions.push(`rcode not in ${list(view.rcodeNotIn)}`);
  const steps = [
    ...sources,
    'fields @timestamp, @message',
    ...(view.source === 'hostedZone' ? [HOSTED_ZONE_PARSE] : []),
    `filter ${conditions.join(' and ')}`,
    `stats count(*) as queries by ${view.field}`,
    'sort queries desc',
    `limit ${limit}`,
  ];
  return steps.join(' | ');
}
