/**
 * Builds CloudWatch Logs metric-filter patterns from catalogue conditions. Hosted-zone logs use
 * the space-delimited form with all ten fields named; Resolver logs use the JSON form.
 * Every pattern is exercised against real-format log lines in test/signals/filter-patterns.test.ts.
 */
import { LOGS } from '../aws-facts';
import { HOSTED_ZONE_FIELDS } from './sources';
import type { FieldCondition, LogSource } from './types';

/** CloudWatch Logs limit on a filter pattern's length. */
export const MAX_PATTERN_LENGTH = LOGS.maxFilterPatternLength;

const PLAIN = /^[A-Za-z0-9_.:\-/]+$/;

function clfValue(v: string): string {
  return PLAIN.test(v) && v !== '-' ? v : `"${v.replace(/(["\\])/g, '\\$1')}"`;
}

function clfCondition(field: string, c: FieldCondition): string {
  if ('equals' in c) return c.equals.map((v) => `${field}=${clfValue(v)}`).join(' || ');
  return c.notEquals.map((v) => `${field}!=${clfValue(v)}`).join(' && ');
}

function jsonCondition(field: string, c: FieldCondition): string {
  const sel = `$.${field}`;
  const q = (v: string) => `"${v.replace(/(["\\])/g, '\\$1')}"`;
  const parts = 'equals' in c ? c.equals.map((v) => `${sel} = ${q(v)}`) : c.notEquals.map((v) => `${sel} != ${q(v)}`);
  const joined = parts.join('equals' in c ? ' || ' : ' && ');
  return parts.length > 1 ? `(${joined})` : joined;
}

/**
 * @param where conditions on named fields (all must hold)
 * @param subjectField field holding the zone/VPC id
 * @param subjects when given, only lines of these subjects match
 */
export function buildPattern(
  source: LogSource,
  where: Readonly<Record<string, FieldCondition>>,
  subjectField: string,
  subjects?: readonly string[],
): string {
  const all: Record<string, FieldCondition> = { ...where };
  if (subjects && subjects.length > 0) all[subjectField] = { equals: subjects };
  if (source === 'hostedZone') {
    const fields = HOSTED_ZONE_FIELDS.map((f) => (all[f] ? clfCondition(f, all[f]) : f));
    for (const k of Object.keys(all)) {
      if (!(HOSTED_ZONE_FIELDS as readonly string[]).includes(k)) throw new Error(`unknown hosted-zone log field '${k}'`);
    }
    return `[${fields.join(', ')}]`;
  }
  const conds = Object.entries(all).map(([f, c]) => jsonCondition(f, c));
  // A pattern with no condition still has to name a field every Resolver record has.
  if (conds.length === 0) conds.push('$.query_name = "*"');
  return `{ ${conds.join(' && ')} }`;
}
