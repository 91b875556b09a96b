import { flattenJson } from './json-flatten';
import { parseJsonEvent } from './json-select';
import { matchDelimited } from './match-delimited';
import { evaluateJson } from './match-json';
import { matchRegex, matchTerms } from './match-terms';
import { parseFilterPattern } from './parse';
import type { FilterPattern } from './types';

function toPattern(pattern: string | FilterPattern): FilterPattern {
  return typeof pattern === 'string' ? parseFilterPattern(pattern) : pattern;
}

/** True when the log event `line` matches the filter pattern (string patterns are parsed first). */
export function matchFilterPattern(pattern: string | FilterPattern, line: string): boolean {
  return extractFields(pattern, line) !== undefined;
}

/**
 * For a matching event, the values a metric filter could publish:
 * - space-delimited: field name -> field value (unnamed positions as `$1`, `$2`, ...);
 * - JSON: selector -> value as string for every scalar in the event (e.g. `$.vpc_id`), so a
 *   dimension or metric value that the pattern itself does not test can be looked up too;
 * - terms / regex: `{}` (the guide: extracted fields are empty for other pattern types).
 * undefined when the event does not match.
 */
export function extractFields(pattern: string | FilterPattern, line: string): Record<string, string> | undefined {
  const p = toPattern(pattern);
  switch (p.type) {
    case 'terms':
      return matchTerms(p, line) ? {} : undefined;
    case 'regex':
      return matchRegex(p, line) ? {} : undefined;
    case 'delimited':
      return matchDelimited(p, line);
    case 'json': {
      const event = parseJsonEvent(line);
      if (event === undefined || !evaluateJson(p.expression, event)) return undefined;
      return flattenJson(event);
    }
  }
}
