import { Cursor } from './cursor';
import type { RegexOperand } from './types';

/*
 * CloudWatch Logs regex subset, per "Supported regular expressions (regex) syntax" in the
 * CloudWatch Logs User Guide: alphanumerics, the symbols : _ # = @ / ; , -  and the operators
 * ^ $ ? [ ] { } | \ * + .  Parentheses are not supported; multi-byte characters are not supported.
 * Interpretation: the space character is accepted too, because the guide's own examples use it
 * (`%^starting|^initializing|^shutting down%`, `%.at%` matching " at").
 */
const ALLOWED = /^[A-Za-z0-9:_#=@/;,\- ^$?[\]{}|\\*+.]$/;

/** Read `%...%` at the cursor and compile it to a JavaScript RegExp (unanchored search). */
export function readRegex(c: Cursor): RegexOperand {
  const start = c.pos;
  const close = c.text.indexOf('%', start + 1);
  if (close < 0) c.fail('regular expression is missing its closing % — end it with %', start);
  const source = c.text.slice(start + 1, close);
  if (source.length === 0) c.fail('empty regular expression %% — put a pattern between the % signs', start);
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    const at = start + 1 + i;
    if (ch === '(' || ch === ')') {
      c.fail(`regular expressions may not use parentheses "${ch}" — CloudWatch Logs does not support sub-patterns; use \\x28 / \\x29 for a literal parenthesis`, at);
    }
    if (ch.charCodeAt(0) > 127) c.fail('regular expressions may not contain multi-byte characters — use \\xhh escapes', at);
    if (!ALLOWED.test(ch)) c.fail(`character ${JSON.stringify(ch)} is not supported in a CloudWatch Logs regular expression — use a \\xhh escape`, at);
  }
  // `{,n}` (minimum omitted) is allowed by CloudWatch; JavaScript needs `{0,n}`.
  const jsSource = source.replace(/\{,(\d+)\}/g, '{0,$1}');
  let regex: RegExp;
  try {
    regex = new RegExp(jsSource);
  } catch (e) {
    c.fail(`invalid regular expression %${source}% (${(e as Error).message}) — fix the expression`, start);
  }
  c.pos = close + 1;
  return { kind: 'regex', source, regex };
}

/** Documented quota: at most 2 regular expressions in one JSON or space-delimited pattern. */
export const MAX_REGEX_PER_PATTERN = 2;
