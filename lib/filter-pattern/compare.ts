import type { Comparison, TextOperand, ValueOperand } from './types';

/**
 * Numeric text in a log value: integer or decimal with optional sign. Scientific notation in
 * log *strings* is not treated as a number (guide: "Strings don't support scientific notation").
 */
const NUMERIC_TEXT = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

export function numericValue(actual: string | number): number | undefined {
  if (typeof actual === 'number') return actual;
  return NUMERIC_TEXT.test(actual) ? Number(actual) : undefined;
}

function matchText(operand: TextOperand, text: string): boolean {
  switch (operand.mode) {
    case 'any':
      return true;
    case 'exact':
      return text === operand.core;
    case 'prefix':
      return text.startsWith(operand.core);
    case 'suffix':
      return text.endsWith(operand.core);
    case 'contains':
      return text.includes(operand.core);
  }
}

function operandMatches(operand: Exclude<ValueOperand, { kind: 'number' }>, text: string): boolean {
  return operand.kind === 'regex' ? operand.regex.test(text) : matchText(operand, text);
}

/**
 * Evaluate one comparison against a value node (a log field, or a JSON string/number).
 * - Number operand: numeric comparison when the value is numeric. A non-numeric value fails
 *   every operator except `!=`, for which it counts as "not equal" (interpretation).
 * - Text/regex operand (only = and != parse): JSON numbers are compared as their decimal text.
 */
export function compareValue(actual: string | number, comparison: Comparison): boolean {
  const { op, operand } = comparison;
  if (operand.kind === 'number') {
    const n = numericValue(actual);
    if (n === undefined) return op === '!=';
    switch (op) {
      case '=':
        return n === operand.value;
      case '!=':
        return n !== operand.value;
      case '<':
        return n < operand.value;
      case '>':
        return n > operand.value;
      case '<=':
        return n <= operand.value;
      case '>=':
        return n >= operand.value;
    }
  }
  const hit = operandMatches(operand, typeof actual === 'number' ? String(actual) : actual);
  return op === '!=' ? !hit : hit;
}
