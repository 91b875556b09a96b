import { Cursor } from './cursor';
import { readRegex } from './regex';
import type { ComparisonOperator, NumberOperand, TextMatchMode, TextOperand, ValueOperand } from './types';

/** Number literal in a pattern: integer or decimal, optional sign, optional exponent (documented). */
const NUMBER_LITERAL = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Characters allowed in an unquoted value. The guide says values made of anything other than
 * alphanumerics/underscore must be quoted, yet its own examples use bare `123.123.*`, `*.html*`,
 * `4*`, `+1000`, `10e-3`. Interpretation: bare values may also use . * + - : /; anything else
 * (spaces, @, $, \, quotes, brackets, non-ASCII ...) must be in double quotes.
 */
const BARE_CHAR = /[A-Za-z0-9_.*+:/-]/;

/** Characters that may follow a bare value. */
const TERMINATOR = /[\s,\]})&|]/;

export const RELATIONAL: readonly ComparisonOperator[] = ['<', '>', '<=', '>='];

/** Read a comparison operator at the cursor, or undefined if there is none. */
export function readOperator(c: Cursor): ComparisonOperator | undefined {
  c.skipSpace();
  for (const op of ['!=', '<=', '>=', '=', '<', '>'] as const) {
    if (c.startsWith(op)) {
      c.pos += op.length;
      return op;
    }
  }
  return undefined;
}

/** Read a double-quoted string at the cursor. `\"` and `\\` are escapes (interpretation). */
export function readQuoted(c: Cursor): string {
  const start = c.pos;
  c.pos++; // opening quote
  let out = '';
  while (!c.atEnd()) {
    const ch = c.peek();
    if (ch === '\\' && (c.peek(1) === '"' || c.peek(1) === '\\')) {
      out += c.peek(1);
      c.pos += 2;
      continue;
    }
    if (ch === '"') {
      c.pos++;
      return out;
    }
    out += ch;
    c.pos++;
  }
  return c.fail('unterminated double-quoted string — add the closing "', start);
}

export function readBare(c: Cursor): string {
  const start = c.pos;
  while (!c.atEnd() && BARE_CHAR.test(c.peek())) c.pos++;
  return c.text.slice(start, c.pos);
}

export function textOperand(raw: string, quoted: boolean): TextOperand {
  /*
   * `*` is a wildcard at the start and/or end of a value. The older guide text states that
   * "Ev*ent will only match the actual string Ev*ent", so an inner `*` is a literal character
   * (interpretation applied to space-delimited values as well). Quoted values keep their
   * wildcards (CIS-benchmark patterns such as `$.errorCode = "*UnauthorizedOperation"` rely on it).
   */
  if (/^\*+$/.test(raw)) return { kind: 'text', raw, quoted, mode: 'any', core: '' };
  const lead = raw.startsWith('*');
  const trail = raw.endsWith('*');
  const core = raw.slice(lead ? 1 : 0, trail ? raw.length - 1 : raw.length);
  const mode: TextMatchMode = lead && trail ? 'contains' : lead ? 'suffix' : trail ? 'prefix' : 'exact';
  return { kind: 'text', raw, quoted, mode, core };
}

function numberOperand(raw: string): NumberOperand {
  return { kind: 'number', raw, value: Number(raw) };
}

/** Read the value after `op`. Relational operators (<, >, <=, >=) need a number. */
export function readOperand(c: Cursor, op: ComparisonOperator): ValueOperand {
  c.skipSpace();
  const start = c.pos;
  let operand: ValueOperand;
  if (c.peek() === '"') {
    operand = textOperand(readQuoted(c), true);
  } else if (c.peek() === '%') {
    operand = readRegex(c);
  } else {
    const raw = readBare(c);
    if (raw.length === 0) {
      if (c.atEnd() || TERMINATOR.test(c.peek())) c.fail(`missing value after "${op}" — write a value, e.g. ${op} "text"`, start);
      c.fail(`character ${JSON.stringify(c.peek())} must be inside a double-quoted value — quote the value`, c.pos);
    }
    if (!c.atEnd() && !TERMINATOR.test(c.peek())) {
      c.fail(`character ${JSON.stringify(c.peek())} must be inside a double-quoted value — quote the value`, c.pos);
    }
    operand = NUMBER_LITERAL.test(raw) ? numberOperand(raw) : textOperand(raw, false);
  }
  if (RELATIONAL.includes(op) && operand.kind !== 'number') {
    c.fail(`"${op}" compares numbers but the value is not a number — use a number or the = / != operators`, start);
  }
  return operand;
}
