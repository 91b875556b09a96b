import { Cursor } from './cursor';
import { parseDelimited } from './parse-delimited';
import { parseJson } from './parse-json';
import { parseTerms } from './parse-terms';
import { readRegex } from './regex';
import type { FilterPattern } from './types';

import { LOGS } from '../aws-facts';

/** API limit on `filterPattern` (PutMetricFilter / PutSubscriptionFilter), lib/aws-facts.ts. */
export const MAX_FILTER_PATTERN_LENGTH = LOGS.maxFilterPatternLength;

/**
 * Parse a CloudWatch Logs filter pattern. The form is chosen by the first non-space character:
 * `{` JSON, `[` space-delimited, `%` standalone regex, anything else unstructured terms (the empty
 * pattern matches every event). Throws FilterPatternSyntaxError with the offending position.
 */
export function parseFilterPattern(pattern: string): FilterPattern {
  const c = new Cursor(pattern);
  if (pattern.length > MAX_FILTER_PATTERN_LENGTH) {
    c.fail(`filter pattern is ${pattern.length} characters; CloudWatch Logs allows at most ${MAX_FILTER_PATTERN_LENGTH} — shorten it`, MAX_FILTER_PATTERN_LENGTH);
  }
  c.skipSpace();
  switch (c.peek()) {
    case '{':
      return parseJson(pattern, c.pos);
    case '[':
      return parseDelimited(pattern, c.pos);
    case '%': {
      const { regex } = readRegex(c);
      c.skipSpace();
      if (!c.atEnd()) c.fail(`unexpected text after the regular expression: ${c.describeHere()} — a %regex% pattern stands alone`);
      return { type: 'regex', source: pattern, regex };
    }
    default:
      return parseTerms(pattern);
  }
}
