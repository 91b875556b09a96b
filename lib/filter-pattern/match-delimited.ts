import { compareValue } from './compare';
import { tokenizeLine, type LineToken } from './line-tokens';
import type { DelimitedElement, DelimitedPattern, FieldExpression } from './types';

function evaluateField(expr: FieldExpression, value: string): boolean {
  switch (expr.kind) {
    case 'and':
      return evaluateField(expr.left, value) && evaluateField(expr.right, value);
    case 'or':
      return evaluateField(expr.left, value) || evaluateField(expr.right, value);
    case 'compare':
      return compareValue(value, expr.comparison);
  }
}

type Field = Extract<DelimitedElement, { kind: 'field' }>;

function fieldOk(field: Field, value: string): boolean {
  return field.condition === undefined || evaluateField(field.condition, value);
}

/**
 * Match a space-delimited pattern; returns the field values (named fields by name, other
 * positions as `$1`, `$2`, ... 1-based, like the guide's "extracted fields" example) or undefined.
 *
 * Field-count rule (interpretation of the current guide, whose `[w1=ERROR, w2]` example matches
 * multi-word events and says a "blank w2 indicator" must follow w1):
 * - Without `...`: the event needs at least as many fields as the pattern; the last pattern field
 *   takes the rest of the event (its raw text from that field to the end) when there are more.
 * - With `...`: each named/empty slot is exactly one field and each `...` covers zero or more
 *   fields, so the slots and ellipses together must cover every field. With several `...`,
 *   earlier ellipses take as few fields as possible (first match wins).
 */
export function matchDelimited(p: DelimitedPattern, line: string): Record<string, string> | undefined {
  return matchDelimitedTokens(p, tokenizeLine(line), line);
}

/** `matchDelimited` on a line already split by `tokenizeLine` (one split for many patterns). */
export function matchDelimitedTokens(p: DelimitedPattern, tokens: LineToken[], line: string): Record<string, string> | undefined {
  const bindings = p.elements.some((e) => e.kind === 'ellipsis')
    ? matchWithEllipsis(p.elements, tokens)
    : matchFixed(p.elements as Field[], tokens, line);
  return bindings;
}

function bind(out: Record<string, string>, field: Field | undefined, index: number, value: string): void {
  out[field?.name ?? `$${index + 1}`] = value;
}

function matchFixed(fields: Field[], tokens: LineToken[], line: string): Record<string, string> | undefined {
  if (tokens.length < fields.length) return undefined;
  const out: Record<string, string> = {};
  for (let i = 0; i < fields.length; i++) {
    const isLast = i === fields.length - 1;
    const value =
      isLast && tokens.length > fields.length
        ? line.slice(tokens[i].start, tokens[tokens.length - 1].end)
        : tokens[i].value;
    if (!fieldOk(fields[i], value)) return undefined;
    bind(out, fields[i], i, value);
  }
  return out;
}

function matchWithEllipsis(elements: readonly DelimitedElement[], tokens: LineToken[]): Record<string, string> | undefined {
  const fieldCount = elements.filter((e) => e.kind === 'field').length;
  if (tokens.length < fieldCount) return undefined;
  const out: Record<string, string> = {};
  const go = (e: number, t: number): boolean => {
    if (e === elements.length) return t === tokens.length;
    const el = elements[e];
    if (el.kind === 'field') {
      if (t >= tokens.length || !fieldOk(el, tokens[t].value)) return false;
      bind(out, el, t, tokens[t].value);
      if (go(e + 1, t + 1)) return true;
      delete out[el.name ?? `$${t + 1}`];
      return false;
    }
    const remainingFields = elements.slice(e + 1).filter((x) => x.kind === 'field').length;
    for (let take = 0; t + take + remainingFields <= tokens.length; take++) {
      for (let k = t; k < t + take; k++) out[`$${k + 1}`] = tokens[k].value;
      if (go(e + 1, t + take)) return true;
      for (let k = t; k < t + take; k++) delete out[`$${k + 1}`];
    }
    return false;
  };
  return go(0, 0) ? out : undefined;
}
