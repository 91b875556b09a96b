/** Config problems: one line per problem, `<path>: <what is wrong> — <how to fix it>`. */
import { z } from 'zod';
import { maxAlarmEvaluationRange } from '../aws-facts';

export interface ConfigIssue {
  /** Where in the file, e.g. `hostedZones[2].signals.nxdomain.period` (or the file path itself). */
  readonly path: string;
  readonly message: string;
}

export class ConfigError extends Error {
  constructor(
    readonly issues: readonly ConfigIssue[],
    readonly source = 'config',
  ) {
    super(`${source}: ${issues.length} problem(s)\n${formatIssues(issues)}`);
    this.name = 'ConfigError';
  }
}

export function formatIssues(issues: readonly ConfigIssue[]): string {
  return issues.map((i) => `  ${i.path || '(top level)'}: ${i.message}`).join('\n');
}

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out ? `.${String(p)}` : String(p);
  }
  return out;
}

/** Walks a zod schema along a path to list the keys allowed in the object found there. */
function allowedKeys(schema: z.ZodType, path: readonly PropertyKey[]): string[] | undefined {
  let cur: z.ZodType | undefined = schema;
  const unwrap = (s: z.ZodType): z.ZodType => {
    let x = s;
    for (let i = 0; i < 10; i++) {
      const def = (x as unknown as { def: { type: string; innerType?: z.ZodType; in?: z.ZodType; schema?: z.ZodType } }).def;
      if (def.innerType) x = def.innerType;
      else if (def.type === 'pipe' && def.in) x = def.in;
      else break;
    }
    return x;
  };
  for (const p of path) {
    if (!cur) return undefined;
    const s = unwrap(cur) as unknown as { def: { type: string; shape?: Record<string, z.ZodType>; element?: z.ZodType; valueType?: z.ZodType } };
    if (s.def.type === 'object' && typeof p === 'string') cur = s.def.shape?.[p];
    else if (s.def.type === 'array') cur = s.def.element;
    else if (s.def.type === 'record') cur = s.def.valueType;
    else return undefined;
  }
  if (!cur) return undefined;
  const s = unwrap(cur) as unknown as { def: { type: string; shape?: Record<string, z.ZodType> } };
  return s.def.type === 'object' && s.def.shape ? Object.keys(s.def.shape) : undefined;
}

const near = (key: string, allowed: readonly string[] | undefined) => {
  const n = allowed ? didYouMean(key, allowed) : undefined;
  return n ? ` (did you mean '${n}'?)` : '';
};
const article = (t: string) => (t === 'array' || t === 'object' ? `an ${t === 'array' ? 'array (a YAML list)' : 'object (a YAML mapping)'}` : `a ${t}`);
const typeName = (v: unknown) => (v === undefined ? '' : `, not ${v === null ? 'null' : Array.isArray(v) ? 'a list' : typeof v === 'object' ? 'a mapping' : `a ${typeof v} (${JSON.stringify(v).slice(0, 40)})`}`);

/** Turns zod issues into config issues with a fix hint. */
export function fromZod(error: z.ZodError, schema: z.ZodType): ConfigIssue[] {
  const out: ConfigIssue[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      const allowed = allowedKeys(schema, issue.path);
      for (const key of issue.keys) {
        out.push({
          path: formatPath([...issue.path, key]),
          message: `unknown key '${key}'${near(key, allowed)} — check the spelling${allowed ? `; allowed here: ${allowed.join(', ')}` : ''} (see docs/configuration.md)`,
        });
      }
      continue;
    }
    let message = issue.message;
    if (issue.code === 'invalid_type' && /^Invalid input/.test(message)) {
      message = `must be ${article(issue.expected)}${typeName(issue.input)} — see docs/configuration.md for the expected form of this key`;
    }
    out.push({ path: formatPath(issue.path), message });
  }
  return out;
}

/** The candidate closest to `value` (edit distance at most 2, or a shared prefix), for "did you mean". */
export function didYouMean(value: string, candidates: readonly string[]): string | undefined {
  const distance = (a: string, b: string) => {
    const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
    for (let j = 1; j <= b.length; j++) d[0][j] = j;
    for (let i = 1; i <= a.length; i++) {
      for (let j = 1; j <= b.length; j++) d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    return d[a.length][b.length];
  };
  let best: { c: string; d: number } | undefined;
  for (const c of candidates) {
    const d = distance(value.toLowerCase(), c.toLowerCase());
    if (!best || d < best.d) best = { c, d };
  }
  return best && best.d <= 2 ? best.c : undefined;
}

/** The problem with an alarm's period x evaluationPeriods (PutMetricAlarm's range), or undefined. */
export function evaluationRangeProblem(period: number, evaluationPeriods: number, what = 'period x evaluationPeriods', fix = 'lower one of them'): string | undefined {
  const range = period * evaluationPeriods;
  const max = maxAlarmEvaluationRange(period);
  return range > max.seconds ? `${what} is ${range} s — CloudWatch allows at most ${max.seconds} s (${max.limit}) ${max.applies}; ${fix}` : undefined;
}
