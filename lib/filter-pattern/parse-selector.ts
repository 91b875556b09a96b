import { Cursor } from './cursor';
import type { JsonSelector, SelectorStep } from './types';

const NAME_CHAR = /[A-Za-z0-9_-]/;

/**
 * JSON property selector: `$.name`, `$.a.b`, `$.a[0]`, `$.a[0][1]`, `$.a[*]`, `$.*`,
 * `$.['key.with.dots']`. Names are alphanumerics plus `-` and `_` (documented); other keys use the
 * bracket notation. An array index must follow a property (documented), so `$[0]` is rejected.
 */
export function readSelector(c: Cursor): JsonSelector {
  c.skipSpace();
  const start = c.pos;
  if (c.peek() !== '$') c.fail(`expected a property selector starting with "$." but found ${c.describeHere()}`);
  c.pos++;
  const steps: SelectorStep[] = [];
  for (;;) {
    if (c.peek() === '.') {
      c.pos++;
      if (c.peek() === '*') {
        c.pos++;
        steps.push({ kind: 'wildcard' });
      } else if (c.peek() === '[') {
        steps.push(readBracket(c, steps.length === 0));
      } else {
        const nameStart = c.pos;
        while (!c.atEnd() && NAME_CHAR.test(c.peek())) c.pos++;
        if (c.pos === nameStart) {
          c.fail(`expected a property name after "." but found ${c.describeHere()} — names use letters, digits, - and _; use $.['name'] for other keys`);
        }
        steps.push({ kind: 'key', key: c.text.slice(nameStart, c.pos) });
      }
    } else if (c.peek() === '[') {
      steps.push(readBracket(c, steps.length === 0));
    } else {
      break;
    }
  }
  if (steps.length === 0) c.fail('a selector needs a property after "$", e.g. $.eventType', start);
  const wildcards = steps.filter((s) => s.kind === 'wildcard').length;
  if (wildcards > 1) c.fail('a property selector may use at most one wildcard (documented quota) — remove a *', start);
  return { text: c.text.slice(start, c.pos), steps };
}

function readBracket(c: Cursor, first: boolean): SelectorStep {
  const open = c.pos;
  c.pos++; // [
  let step: SelectorStep;
  const q = c.peek();
  if (q === "'" || q === '"') {
    const close = c.text.indexOf(q, c.pos + 1);
    if (close < 0) c.fail(`unterminated quoted key in selector — add the closing ${q}`, c.pos);
    step = { kind: 'key', key: c.text.slice(c.pos + 1, close) };
    c.pos = close + 1;
  } else if (q === '*') {
    c.pos++;
    step = { kind: 'wildcard' };
  } else {
    const digits = /^\d+/.exec(c.text.slice(c.pos));
    if (!digits) c.fail(`expected an array index, * or a quoted key inside [ ] but found ${c.describeHere()}`);
    if (first) c.fail('an array index must follow a property — write e.g. $.items[0]', open);
    step = { kind: 'index', index: Number(digits[0]) };
    c.pos += digits[0].length;
  }
  if (c.peek() !== ']') c.fail(`expected "]" in selector but found ${c.describeHere()}`);
  c.pos++;
  return step;
}
