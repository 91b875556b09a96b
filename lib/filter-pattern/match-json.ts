import { compareValue } from './compare';
import { selectNodes } from './json-select';
import type { JsonExpression } from './types';

/**
 * Evaluate a JSON expression against a parsed event.
 * - Comparisons apply only to value nodes (strings and numbers, per the guide). A selector that
 *   reaches an object, array, null, boolean or nothing fails both `=` and `!=` (documented for
 *   arrays/objects; interpretation for missing/null/boolean).
 * - With a wildcard selector the condition holds if it holds for any selected node (interpretation).
 * - `IS NULL` / `IS TRUE` / `IS FALSE` need the value to be exactly null / true / false;
 *   `NOT EXISTS` holds when the selector reaches nothing (a null value exists).
 */
export function evaluateJson(expr: JsonExpression, event: unknown): boolean {
  switch (expr.kind) {
    case 'and':
      return evaluateJson(expr.left, event) && evaluateJson(expr.right, event);
    case 'or':
      return evaluateJson(expr.left, event) || evaluateJson(expr.right, event);
    case 'notExists':
      return selectNodes(event, expr.selector).length === 0;
    case 'is': {
      const want = expr.value === 'NULL' ? null : expr.value === 'TRUE';
      return selectNodes(event, expr.selector).some((n) => n === want);
    }
    case 'compare':
      return selectNodes(event, expr.selector).some(
        (n) => (typeof n === 'string' || typeof n === 'number') && compareValue(n, expr.comparison),
      );
  }
}
