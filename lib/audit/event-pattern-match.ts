/**
 * EventBridge event-pattern matching, as documented in the EventBridge User Guide ("Event
 * patterns", "Content filtering"), for testing rules against recorded events without AWS:
 *  - every field of the pattern must match; leaf values are arrays of conditions (any may match);
 *  - an array in the event matches when any element matches; for arrays of objects all fields
 *    of one pattern object must match within the same element (array consistency);
 *  - conditions: literal string/number/boolean/null, prefix, suffix, equals-ignore-case (also
 *    inside prefix/suffix), wildcard, anything-but (values, prefix, suffix, equals-ignore-case,
 *    wildcard), numeric, exists, cidr (IPv4), and `$or` between sub-patterns.
 * A missing field matches only `exists: false`.
 */

export type EventPattern = { readonly [key: string]: unknown };

const MISSING = Symbol('missing');
type Value = unknown | typeof MISSING;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function wildcardToRegExp(p: string): RegExp {
  let out = '';
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === '\\' && i + 1 < p.length) out += p[++i].replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    else if (c === '*') out += '.*';
    else out += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`^${out}$`, 's');
}

function ipv4ToInt(ip: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip);
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return undefined;
  return ((parts[0] << 24) | (parts[1] << 16) | (parts[2] << 8) | parts[3]) >>> 0;
}

function inCidr(value: unknown, cidr: string): boolean {
  if (typeof value !== 'string') return false;
  const [net, bitsText] = cidr.split('/');
  const bits = Number(bitsText);
  const a = ipv4ToInt(value);
  const b = ipv4ToInt(net);
  if (a === undefined || b === undefined || !Number.isInteger(bits) || bits < 0 || bits > 32) return false;
  const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
  return (a & mask) === (b & mask);
}

function stringTest(op: 'prefix' | 'suffix', arg: unknown, value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const test = (s: string, p: string) => (op === 'prefix' ? s.startsWith(p) : s.endsWith(p));
  if (typeof arg === 'string') return test(value, arg);
  if (isObject(arg) && typeof arg['equals-ignore-case'] === 'string') return test(value.toLowerCase(), arg['equals-ignore-case'].toLowerCase());
  throw new Error(`unsupported ${op} argument ${JSON.stringify(arg)}`);
}

function numericTest(ops: unknown, value: unknown): boolean {
  if (typeof value !== 'number' || !Array.isArray(ops)) return false;
  for (let i = 0; i + 1 < ops.length; i += 2) {
    const op = ops[i];
    const n = ops[i + 1] as number;
    const ok = op === '<' ? value < n : op === '<=' ? value <= n : op === '=' ? value === n : op === '>=' ? value >= n : op === '>' ? value > n : undefined;
    if (ok === undefined) throw new Error(`unsupported numeric operator ${String(op)}`);
    if (!ok) return false;
  }
  return true;
}

function anythingBut(arg: unknown, value: unknown): boolean {
  if (Array.isArray(arg)) return !arg.some((x) => x === value);
  if (isObject(arg)) {
    if ('prefix' in arg) return typeof value === 'string' && !stringTest('prefix', arg.prefix, value);
    if ('suffix' in arg) return typeof value === 'string' && !stringTest('suffix', arg.suffix, value);
    if ('wildcard' in arg) {
      const ws = Array.isArray(arg.wildcard) ? arg.wildcard : [arg.wildcard];
      return typeof value === 'string' && !ws.some((w) => wildcardToRegExp(String(w)).test(value));
    }
    if ('equals-ignore-case' in arg) {
      const xs = Array.isArray(arg['equals-ignore-case']) ? arg['equals-ignore-case'] : [arg['equals-ignore-case']];
      return typeof value === 'string' && !xs.some((x) => String(x).toLowerCase() === value.toLowerCase());
    }
    throw new Error(`unsupported anything-but argument ${JSON.stringify(arg)}`);
  }
  return value !== arg;
}

/** One condition against one scalar value (never MISSING; `exists` is handled by the caller). */
function conditionMatches(cond: unknown, value: unknown): boolean {
  if (!isObject(cond)) return cond === value;
  const [op, arg] = Object.entries(cond)[0] ?? [];
  switch (op) {
    case 'prefix':
    case 'suffix':
      return stringTest(op, arg, value);
    case 'equals-ignore-case':
      return typeof value === 'string' && typeof arg === 'string' && value.toLowerCase() === arg.toLowerCase();
    case 'wildcard':
      return typeof value === 'string' && wildcardToRegExp(String(arg)).test(value);
    case 'anything-but':
      return anythingBut(arg, value);
    case 'numeric':
      return numericTest(arg, value);
    case 'cidr':
      return inCidr(value, String(arg));
    case 'exists':
      return arg === true;
    default:
      throw new Error(`unsupported pattern condition ${JSON.stringify(cond)}`);
  }
}

function leafMatches(conditions: readonly unknown[], value: Value): boolean {
  if (value === MISSING) return conditions.some((c) => isObject(c) && c.exists === false);
  const values = Array.isArray(value) ? value : [value];
  return conditions.some((c) => {
    if (isObject(c) && 'exists' in c) return c.exists === true;
    return values.some((v) => !isObject(v) && !Array.isArray(v) && conditionMatches(c, v));
  });
}

function objectMatches(pattern: EventPattern, value: Value): boolean {
  if (Array.isArray(value)) return value.some((el) => objectMatches(pattern, el));
  const obj = isObject(value) ? value : undefined;
  for (const [key, sub] of Object.entries(pattern)) {
    if (key === '$or') {
      if (!Array.isArray(sub) || !sub.some((branch) => objectMatches(branch as EventPattern, value))) return false;
      continue;
    }
    const field: Value = obj && key in obj ? obj[key] : MISSING;
    if (Array.isArray(sub)) {
      if (!leafMatches(sub, field)) return false;
    } else if (isObject(sub)) {
      if (field === MISSING) {
        // Only `exists: false` leaves below can match a missing branch.
        if (!objectMatches(sub, {})) return false;
      } else if (!objectMatches(sub, field)) return false;
    } else {
      throw new Error(`pattern value for '${key}' must be an array or an object, got ${JSON.stringify(sub)}`);
    }
  }
  return true;
}

/** True when `event` matches `pattern` under EventBridge semantics. */
export function matchesEventPattern(pattern: EventPattern, event: unknown): boolean {
  return objectMatches(pattern, event);
}
