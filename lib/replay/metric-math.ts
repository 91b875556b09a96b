/**
 * CloudWatch metric math, as far as the product's alarms use it, over time series on one grid of
 * periods (`Float64Array`, NaN = no datapoint). Semantics follow "Using metric math" in the
 * CloudWatch User Guide:
 *  - arithmetic (+ - * / ^) and comparisons (== != < <= > >=, giving 1 or 0) between two series
 *    have a value only where both have one; a scalar applies to every datapoint;
 *  - AND / && , OR / || , NOT / ! (non-zero is true);
 *  - IF(condition, a[, b]): a where the condition is non-zero, else b (no value without b); no
 *    value where the condition has none;
 *  - FILL(series, value): the value at every period without a datapoint;
 *  - MAX / MIN / SUM / AVG of an array `[a, b, ...]`: per period, over the series that have a value
 *    there; of one series: one scalar for the whole range;
 *  - ABS, CEIL, FLOOR;
 *  - ANOMALY_DETECTION_BAND(series, width): an APPROXIMATION (lib/replay/anomaly-band.ts), since
 *    CloudWatch's trained model is not published.
 */
import { approximateBand, type BandOptions } from './anomaly-band';

export type Series = Float64Array;
export interface Band {
  readonly lower: Series;
  readonly upper: Series;
  readonly expected: Series;
}
export type Value = number | Series | Band | readonly Series[];

export class MetricMathError extends Error {}

type Node =
  | { t: 'num'; v: number }
  | { t: 'id'; name: string }
  | { t: 'un'; op: '-' | '!'; a: Node }
  | { t: 'bin'; op: string; a: Node; b: Node }
  | { t: 'call'; name: string; args: Node[] }
  | { t: 'arr'; items: Node[] };

const TOKEN = /\s*(?:(\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+)|([A-Za-z_][A-Za-z0-9_]*)|(==|!=|<=|>=|&&|\|\||[-+*/^<>(),![\]]))/y;

function tokenize(src: string): string[] {
  const out: string[] = [];
  TOKEN.lastIndex = 0;
  let i = 0;
  while (i < src.length) {
    if (/^\s*$/.test(src.slice(i))) break;
    TOKEN.lastIndex = i;
    const m = TOKEN.exec(src);
    if (!m) throw new MetricMathError(`cannot read the expression at '${src.slice(i, i + 12)}': ${src}`);
    out.push(m[1] ?? m[2] ?? m[3]);
    i = TOKEN.lastIndex;
  }
  return out;
}

/** Precedence climbing, lowest first. */
const LEVELS: readonly (readonly string[])[] = [['OR', '||'], ['AND', '&&'], ['==', '!='], ['<', '<=', '>', '>='], ['+', '-'], ['*', '/'], ['^']];

export function parseExpression(src: string): Node {
  const toks = tokenize(src);
  let p = 0;
  const peek = () => toks[p];
  const take = (want?: string) => {
    const t = toks[p++];
    if (want !== undefined && t !== want) throw new MetricMathError(`expected '${want}' but found '${t ?? 'end'}' in: ${src}`);
    return t;
  };
  const level = (n: number): Node => {
    if (n === LEVELS.length) return unary();
    let a = level(n + 1);
    while (peek() !== undefined && LEVELS[n].includes(peek().toUpperCase())) {
      const op = take().toUpperCase();
      // ^ is right-associative
      const b = op === '^' ? level(n) : level(n + 1);
      a = { t: 'bin', op: op === 'AND' ? '&&' : op === 'OR' ? '||' : op, a, b };
    }
    return a;
  };
  const unary = (): Node => {
    const t = peek();
    if (t === '-') return (take(), { t: 'un', op: '-', a: unary() });
    if (t === '+') return (take(), unary());
    if (t === '!' || t?.toUpperCase() === 'NOT') return (take(), { t: 'un', op: '!', a: unary() });
    return primary();
  };
  const primary = (): Node => {
    const t = take();
    if (t === undefined) throw new MetricMathError(`unexpected end of: ${src}`);
    if (t === '(') {
      const e = level(0);
      take(')');
      return e;
    }
    if (t === '[') {
      const items: Node[] = [];
      if (peek() !== ']') for (;;) { items.push(level(0)); if (peek() === ',') { take(); continue; } break; }
      take(']');
      return { t: 'arr', items };
    }
    if (/^[\d.]/.test(t)) return { t: 'num', v: Number(t) };
    if (/^[A-Za-z_]/.test(t)) {
      if (peek() === '(') {
        take('(');
        const args: Node[] = [];
        if (peek() !== ')') for (;;) { args.push(level(0)); if (peek() === ',') { take(); continue; } break; }
        take(')');
        return { t: 'call', name: t.toUpperCase(), args };
      }
      return { t: 'id', name: t };
    }
    throw new MetricMathError(`unexpected '${t}' in: ${src}`);
  };
  const e = level(0);
  if (p !== toks.length) throw new MetricMathError(`unexpected '${toks[p]}' in: ${src}`);
  return e;
}

/** The ids an expression reads (to order evaluation). */
export function idsOf(node: Node): string[] {
  switch (node.t) {
    case 'id': return [node.name];
    case 'num': return [];
    case 'un': return idsOf(node.a);
    case 'bin': return [...idsOf(node.a), ...idsOf(node.b)];
    case 'call': return node.args.flatMap(idsOf);
    case 'arr': return node.items.flatMap(idsOf);
  }
}

const isSeries = (v: Value): v is Series => v instanceof Float64Array;
const isBand = (v: Value): v is Band => typeof v === 'object' && !isSeries(v) && !Array.isArray(v) && 'lower' in v;

function asSeries(v: Value, n: number, what: string): Series {
  if (isSeries(v)) return v;
  if (typeof v === 'number') return new Float64Array(n).fill(v);
  throw new MetricMathError(`${what} needs a time series or a number`);
}

const BIN: Record<string, (a: number, b: number) => number> = {
  '+': (a, b) => a + b,
  '-': (a, b) => a - b,
  '*': (a, b) => a * b,
  '/': (a, b) => (b === 0 ? NaN : a / b),
  '^': (a, b) => a ** b,
  '==': (a, b) => +(a === b),
  '!=': (a, b) => +(a !== b),
  '<': (a, b) => +(a < b),
  '<=': (a, b) => +(a <= b),
  '>': (a, b) => +(a > b),
  '>=': (a, b) => +(a >= b),
  '&&': (a, b) => +(a !== 0 && b !== 0),
  '||': (a, b) => +(a !== 0 || b !== 0),
};

function zip(a: Value, b: Value, n: number, f: (x: number, y: number) => number): Value {
  if (typeof a === 'number' && typeof b === 'number') return f(a, b);
  const x = asSeries(a, n, 'an operator');
  const y = asSeries(b, n, 'an operator');
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = Number.isNaN(x[i]) || Number.isNaN(y[i]) ? NaN : f(x[i], y[i]);
  return out;
}

function map(a: Value, n: number, f: (x: number) => number): Value {
  if (typeof a === 'number') return f(a);
  const x = asSeries(a, n, 'a function');
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = Number.isNaN(x[i]) ? NaN : f(x[i]);
  return out;
}

function reduceArray(items: readonly Series[], n: number, f: (vals: number[]) => number): Series {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const vals = items.map((s) => s[i]).filter((v) => !Number.isNaN(v));
    out[i] = vals.length ? f(vals) : NaN;
  }
  return out;
}

const AGG: Record<string, (vals: number[]) => number> = {
  MAX: (v) => Math.max(...v),
  MIN: (v) => Math.min(...v),
  SUM: (v) => v.reduce((a, b) => a + b, 0),
  AVG: (v) => v.reduce((a, b) => a + b, 0) / v.length,
};

/** Evaluates `node` with the already computed values of other ids; `n` is the grid length. */
export function evaluate(node: Node, env: ReadonlyMap<string, Value>, n: number, opts: EvaluateOptions = {}): Value {
  const ev = (x: Node) => evaluate(x, env, n, opts);
  switch (node.t) {
    case 'num':
      return node.v;
    case 'id': {
      const v = env.get(node.name);
      if (v === undefined) throw new MetricMathError(`unknown id '${node.name}'`);
      return v;
    }
    case 'un':
      return map(ev(node.a), n, node.op === '-' ? (x) => -x : (x) => +(x === 0));
    case 'bin':
      return zip(ev(node.a), ev(node.b), n, BIN[node.op]);
    case 'arr':
      return node.items.map((i) => asSeries(ev(i), n, 'an array item'));
    case 'call':
      return call(node.name, node.args.map(ev), n, opts);
  }
}

/** How ANOMALY_DETECTION_BAND reads the grid (lib/replay/anomaly-band.ts `BandOptions`). */
export type EvaluateOptions = BandOptions;

function call(name: string, args: Value[], n: number, opts: EvaluateOptions): Value {
  switch (name) {
    case 'IF': {
      if (args.length < 2 || args.length > 3) throw new MetricMathError('IF takes (condition, trueValue[, falseValue])');
      const c = asSeries(args[0], n, 'IF');
      const a = asSeries(args[1], n, 'IF');
      const b = args.length === 3 ? asSeries(args[2], n, 'IF') : undefined;
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = Number.isNaN(c[i]) ? NaN : c[i] !== 0 ? a[i] : b ? b[i] : NaN;
      return out;
    }
    case 'FILL': {
      const s = asSeries(args[0], n, 'FILL');
      const v = args[1];
      const fill = asSeries(v, n, 'FILL');
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = Number.isNaN(s[i]) ? fill[i] : s[i];
      return out;
    }
    case 'ABS':
      return map(args[0], n, Math.abs);
    case 'CEIL':
      return map(args[0], n, Math.ceil);
    case 'FLOOR':
      return map(args[0], n, Math.floor);
    case 'MAX':
    case 'MIN':
    case 'SUM':
    case 'AVG': {
      const a = args[0];
      if (Array.isArray(a)) return reduceArray(a as Series[], n, AGG[name]);
      const s = asSeries(a as Value, n, name);
      const vals = [...s].filter((v) => !Number.isNaN(v));
      return vals.length ? AGG[name](vals) : NaN;
    }
    case 'ANOMALY_DETECTION_BAND': {
      const s = asSeries(args[0], n, 'ANOMALY_DETECTION_BAND');
      const width = typeof args[1] === 'number' ? args[1] : 2;
      return approximateBand(s, width, opts);
    }
    default:
      throw new MetricMathError(`metric math function ${name} is not supported by replay`);
  }
}

export { isBand, isSeries };
