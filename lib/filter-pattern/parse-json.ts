import { Cursor } from './cursor';
import { readOperand, readOperator } from './operands';
import { readSelector } from './parse-selector';
import { MAX_REGEX_PER_PATTERN } from './regex';
import type { JsonExpression, JsonPattern } from './types';

/** Documented quota: up to three wildcard selectors in a filter pattern with compound expressions. */
const MAX_WILDCARD_SELECTORS = 3;

/**
 * JSON patterns ("Using filter patterns to match terms in JSON log events"):
 *   { expr }   expr := and ('||' and)*   and := primary ('&&' primary)*   primary := '(' expr ')' | condition
 *   condition := selector op value | selector IS NULL|TRUE|FALSE | selector NOT EXISTS
 * Precedence () > && > || as documented. `EXISTS` and `IS NOT` are documented as unsupported and
 * rejected. Keywords are upper-case as in the guide.
 */
export function parseJson(source: string, start: number): JsonPattern {
  const c = new Cursor(source, start);
  c.expect('{', '"{"');
  const state = { regexes: 0, wildcards: 0 };
  c.skipSpace();
  if (c.peek() === '}') c.fail('empty JSON pattern {} — add a condition such as { $.field = "value" }');
  const expression = parseOr(c, state);
  c.expect('}', '"&&", "||" or the closing "}"');
  c.skipSpace();
  if (!c.atEnd()) c.fail(`unexpected text after the closing "}": ${c.describeHere()}`);
  return { type: 'json', source, expression };
}

interface State {
  regexes: number;
  wildcards: number;
}

function parseOr(c: Cursor, s: State): JsonExpression {
  let left = parseAnd(c, s);
  for (;;) {
    c.skipSpace();
    if (!c.startsWith('||')) return left;
    c.pos += 2;
    left = { kind: 'or', left, right: parseAnd(c, s) };
  }
}

function parseAnd(c: Cursor, s: State): JsonExpression {
  let left = parsePrimary(c, s);
  for (;;) {
    c.skipSpace();
    if (!c.startsWith('&&')) return left;
    c.pos += 2;
    left = { kind: 'and', left, right: parsePrimary(c, s) };
  }
}

function parsePrimary(c: Cursor, s: State): JsonExpression {
  c.skipSpace();
  if (c.peek() === '(') {
    c.pos++;
    const inner = parseOr(c, s);
    c.expect(')', '"&&", "||" or the closing ")"');
    return inner;
  }
  return parseCondition(c, s);
}

function parseCondition(c: Cursor, s: State): JsonExpression {
  c.skipSpace();
  const selectorAt = c.pos;
  const selector = readSelector(c);
  if (selector.steps.some((step) => step.kind === 'wildcard') && ++s.wildcards > MAX_WILDCARD_SELECTORS) {
    c.fail(`at most ${MAX_WILDCARD_SELECTORS} wildcard selectors are allowed in one pattern (documented quota)`, selectorAt);
  }
  c.skipSpace();
  const kwStart = c.pos;
  const keyword = (word: string): boolean => c.startsWith(word) && !/[A-Za-z0-9_]/.test(c.peek(word.length));
  if (keyword('IS')) {
    c.pos += 2;
    c.skipSpace();
    for (const value of ['NULL', 'TRUE', 'FALSE'] as const) {
      if (keyword(value)) {
        c.pos += value.length;
        return { kind: 'is', selector, value };
      }
    }
    if (keyword('NOT')) c.fail('"IS NOT" is not supported by CloudWatch Logs — use != or NOT EXISTS', kwStart);
    c.fail(`expected NULL, TRUE or FALSE after IS but found ${c.describeHere()}`);
  }
  if (keyword('NOT')) {
    c.pos += 3;
    c.skipSpace();
    if (!keyword('EXISTS')) c.fail(`expected EXISTS after NOT but found ${c.describeHere()}`);
    c.pos += 6;
    return { kind: 'notExists', selector };
  }
  if (keyword('EXISTS')) {
    c.fail('"EXISTS" is not supported by CloudWatch Logs (only NOT EXISTS) — use { $.field = * } to require a value', kwStart);
  }
  const op = readOperator(c);
  if (!op) c.fail(`expected an operator (=, !=, <, >, <=, >=, IS, NOT EXISTS) after ${selector.text} but found ${c.describeHere()}`);
  c.skipSpace();
  const valueAt = c.pos;
  const operand = readOperand(c, op);
  if (operand.kind === 'regex' && ++s.regexes > MAX_REGEX_PER_PATTERN) {
    c.fail(`at most ${MAX_REGEX_PER_PATTERN} regular expressions are allowed in one JSON pattern (documented quota)`, valueAt);
  }
  return { kind: 'compare', selector, comparison: { op, operand } };
}
