import { Cursor } from './cursor';
import { readOperand, readOperator } from './operands';
import { MAX_REGEX_PER_PATTERN } from './regex';
import type { DelimitedElement, DelimitedPattern, FieldExpression } from './types';

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

/**
 * Space-delimited patterns ("Using filter patterns to match terms in space-delimited log events"):
 *   [ slot (, slot)* ]   slot := '' | '...' | name | cond (('&&' | '||') cond)*   cond := name op value
 * `&&` binds tighter than `||` (same order as JSON patterns; the guide gives no parentheses here).
 * Interpretation: every condition in one slot must name that slot's field (all documented
 * examples do, e.g. `status_code = 404 || status_code = 410`); a different name is rejected.
 * An empty slot is an unnamed field (the guide's `[..., request=*.html*, status_code=4*,]`).
 */
export function parseDelimited(source: string, start: number): DelimitedPattern {
  const c = new Cursor(source, start);
  c.expect('[', '"["');
  const elements: DelimitedElement[] = [];
  const names = new Set<string>();
  const state = { regexes: 0 };
  for (;;) {
    elements.push(parseSlot(c, names, state));
    c.skipSpace();
    if (c.peek() === ',') {
      c.pos++;
      continue;
    }
    if (c.peek() === ']') {
      c.pos++;
      break;
    }
    c.fail(`expected "," or "]" but found ${c.describeHere()}`);
  }
  c.skipSpace();
  if (!c.atEnd()) c.fail(`unexpected text after the closing "]": ${c.describeHere()}`);
  if (elements.length === 1 && elements[0].kind === 'field' && elements[0].name === undefined) {
    c.fail('empty space-delimited pattern [] — name the fields, e.g. [w1, w2]', start);
  }
  return { type: 'delimited', source, elements };
}

function parseSlot(c: Cursor, names: Set<string>, state: { regexes: number }): DelimitedElement {
  c.skipSpace();
  if (c.atEnd()) c.fail('unbalanced "[" — close the pattern with "]"');
  if (c.peek() === ',' || c.peek() === ']') return { kind: 'field' };
  if (c.startsWith('...')) {
    c.pos += 3;
    return { kind: 'ellipsis' };
  }
  const nameStart = c.pos;
  const name = readName(c);
  if (names.has(name)) c.fail(`field name "${name}" is used twice — give every field its own name`, nameStart);
  names.add(name);
  c.skipSpace();
  if (c.atEnd()) c.fail('unbalanced "[" — close the pattern with "]"');
  if (c.peek() === ',' || c.peek() === ']') return { kind: 'field', name };
  const condition = parseOr(c, name, nameStart, state);
  return { kind: 'field', name, condition };
}

function readName(c: Cursor): string {
  const m = NAME.exec(c.text.slice(c.pos));
  if (!m) c.fail(`expected a field name, "..." or "," but found ${c.describeHere()} — field names use letters, digits and _`);
  c.pos += m[0].length;
  return m[0];
}

type RegexState = { regexes: number };

function parseOr(c: Cursor, name: string, at: number, s: RegexState): FieldExpression {
  let left = parseAnd(c, name, at, s, true);
  for (;;) {
    c.skipSpace();
    if (!c.startsWith('||')) return left;
    c.pos += 2;
    left = { kind: 'or', left, right: parseAnd(c, name, at, s, false) };
  }
}

function parseAnd(c: Cursor, name: string, at: number, s: RegexState, first: boolean): FieldExpression {
  let left = parseCondition(c, name, at, s, first);
  for (;;) {
    c.skipSpace();
    if (!c.startsWith('&&')) return left;
    c.pos += 2;
    left = { kind: 'and', left, right: parseCondition(c, name, at, s, false) };
  }
}

function parseCondition(c: Cursor, name: string, at: number, s: RegexState, first: boolean): FieldExpression {
  if (!first) {
    c.skipSpace();
    const start = c.pos;
    const other = readName(c);
    if (other !== name) {
      c.fail(`condition names field "${other}" inside the slot of field "${name}" — conditions combined with && / || must all test "${name}"`, start);
    }
  }
  const opAt = c.pos;
  const op = readOperator(c);
  if (!op) c.fail(`expected an operator (=, !=, <, >, <=, >=), "," or "]" after field "${name}" but found ${c.describeHere()}`, first ? Math.max(opAt, at) : opAt);
  c.skipSpace();
  const valueAt = c.pos;
  const operand = readOperand(c, op);
  if (operand.kind === 'regex' && ++s.regexes > MAX_REGEX_PER_PATTERN) {
    c.fail(`at most ${MAX_REGEX_PER_PATTERN} regular expressions are allowed in one space-delimited pattern (documented quota)`, valueAt);
  }
  return { kind: 'compare', comparison: { op, operand } };
}
