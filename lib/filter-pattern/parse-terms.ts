import { Cursor } from './cursor';
import { readQuoted } from './operands';
import type { TermsPattern } from './types';

/**
 * Unstructured-term patterns ("Using filter patterns to match terms in unstructured log events").
 * Terms are separated by spaces; `?term` is optional (OR), `-term` excludes; `"..."` is an exact
 * phrase. Unquoted terms may contain only alphanumerics and underscore (documented: other
 * characters must be in double quotes). A lone `-` followed by a term also excludes it, as in the
 * older guide's example `"ERROR" - "Exiting"`. A quoted term that is empty or only spaces (`""`,
 * `" "`) matches every event (both guide versions call these "match everything").
 */
export function parseTerms(source: string): TermsPattern {
  const c = new Cursor(source);
  const required: string[] = [];
  const optional: string[] = [];
  const excluded: string[] = [];
  for (;;) {
    c.skipSpace();
    if (c.atEnd()) break;
    const start = c.pos;
    let bucket = required;
    if (c.peek() === '?') {
      bucket = optional;
      c.pos++;
    } else if (c.peek() === '-') {
      bucket = excluded;
      c.pos++;
      c.skipSpace();
    }
    if (c.atEnd()) c.fail(`"${source[start]}" must be followed by a term — write e.g. ${source[start]}ERROR`, start);
    bucket.push(readTerm(c));
  }
  return { type: 'terms', source, required, optional, excluded };
}

function readTerm(c: Cursor): string {
  if (c.peek() === '"') {
    const text = readQuoted(c);
    if (!c.atEnd() && !/\s/.test(c.peek())) c.fail('a quoted term must be followed by a space or the end of the pattern', c.pos);
    return text.trim() === '' ? '' : text;
  }
  const start = c.pos;
  while (!c.atEnd() && !/\s/.test(c.peek())) {
    const ch = c.peek();
    if (!/[A-Za-z0-9_]/.test(ch)) {
      c.fail(`character ${JSON.stringify(ch)} in an unquoted term — terms with characters other than letters, digits and _ must be in double quotes`, c.pos);
    }
    c.pos++;
  }
  if (c.pos === start) c.fail('expected a term', start);
  return c.text.slice(start, c.pos);
}
