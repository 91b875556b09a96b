/**
 * Every literal value of a synthesized resource against its CloudFormation resource schema (as
 * cfn-lint ships it): string lengths, patterns and enums, number minimums and maximums, array sizes,
 * through nested properties, `$ref` definitions and array items. Intrinsics (`Ref`, `Fn::*`) and
 * what lies under `oneOf`/`anyOf` are skipped: their value is known only at deploy time, or the
 * schema does not say which branch applies. One line per problem.
 */
import { resourceSchema } from './resource-schemas';

interface Rule {
  readonly $ref?: string;
  readonly type?: string | string[];
  readonly properties?: Record<string, Rule>;
  readonly items?: Rule;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: string;
  readonly enum?: unknown[];
  readonly minimum?: number;
  readonly maximum?: number;
  readonly minItems?: number;
  readonly maxItems?: number;
}

/** Each schema pattern compiled once (without the g or y flag, `test` keeps no state between calls). */
const patterns = new Map<string, RegExp>();

/**
 * Schema patterns are written for Python's re as much as for ECMAScript: its \A and \Z anchors
 * become ^ and $, and `\p{L}` classes need the unicode flag (which refuses some escapes Python
 * takes, such as `\_`: those patterns are read without it).
 */
export function ecmaPattern(p: string): RegExp {
  const hit = patterns.get(p);
  if (hit) return hit;
  const source = p.replace(/\\A/g, '^').replace(/\\Z/g, '$');
  let re: RegExp;
  try {
    re = new RegExp(source, 'u');
  } catch {
    re = new RegExp(source);
  }
  patterns.set(p, re);
  return re;
}

const intrinsic = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).some((k) => k === 'Ref' || k.startsWith('Fn::'));

function check(value: unknown, rule: Rule | undefined, defs: Record<string, Rule>, at: string, out: string[]): void {
  if (!rule || value === undefined || value === null || intrinsic(value)) return;
  if (rule.$ref) {
    const name = rule.$ref.replace(/^#\/definitions\//, '');
    check(value, defs[name], defs, at, out);
    return;
  }
  if (typeof value === 'string') {
    if (rule.maxLength !== undefined && value.length > rule.maxLength) out.push(`${at} is ${value.length} characters, over ${rule.maxLength}: ${value.slice(0, 80)}`);
    if (rule.minLength !== undefined && value.length < rule.minLength) out.push(`${at} is shorter than ${rule.minLength}: '${value}'`);
    if (rule.pattern && !ecmaPattern(rule.pattern).test(value)) out.push(`${at} does not match ${rule.pattern}: ${value.slice(0, 80)}`);
    if (rule.enum && !rule.enum.includes(value)) out.push(`${at} is '${value}', not one of ${rule.enum.join(', ')}`);
    // A number written as a string (CloudFormation accepts both) is held to the number's bounds.
    if ((rule.type === 'integer' || rule.type === 'number') && /^-?\d+(\.\d+)?$/.test(value)) check(Number(value), rule, defs, at, out);
    return;
  }
  if (typeof value === 'number') {
    if (rule.minimum !== undefined && value < rule.minimum) out.push(`${at} is ${value}, under ${rule.minimum}`);
    if (rule.maximum !== undefined && value > rule.maximum) out.push(`${at} is ${value}, over ${rule.maximum}`);
    if (rule.enum && !rule.enum.includes(value)) out.push(`${at} is ${value}, not one of ${rule.enum.join(', ')}`);
    return;
  }
  if (Array.isArray(value)) {
    if (rule.maxItems !== undefined && value.length > rule.maxItems) out.push(`${at} has ${value.length} items, over ${rule.maxItems}`);
    if (rule.minItems !== undefined && value.length < rule.minItems) out.push(`${at} has ${value.length} items, under ${rule.minItems}`);
    value.forEach((v, i) => check(v, rule.items, defs, `${at}[${i}]`, out));
    return;
  }
  if (typeof value === 'object' && rule.properties) {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) check(v, rule.properties[k], defs, `${at}.${k}`, out);
  }
}

/** Problems of one resource's properties against its type's schema in `region`. */
export function schemaValueProblems(type: string, props: Record<string, unknown> | undefined, region: string, where: string): string[] {
  if (type.startsWith('Custom::') || type === 'AWS::CDK::Metadata') return [];
  const schema = resourceSchema(type, region) as unknown as { properties: Record<string, Rule>; definitions?: Record<string, Rule> };
  const out: string[] = [];
  check(props ?? {}, { properties: schema.properties }, schema.definitions ?? {}, `${type}.${where}`, out);
  return out;
}
