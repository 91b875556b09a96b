import type { RegexPattern, TermsPattern } from './types';

/**
 * Terms are case-sensitive substrings of the event (the guide's `ERROR` matches
 * "Exiting with ERRORCODE: -1"). `?` terms count only when the pattern has no other terms:
 * "If you combine "?" with other filter patterns, all question mark terms will be ignored."
 */
export function matchTerms(p: TermsPattern, line: string): boolean {
  if (p.excluded.some((t) => line.includes(t))) return false;
  if (p.required.length > 0 || p.excluded.length > 0) return p.required.every((t) => line.includes(t));
  if (p.optional.length > 0) return p.optional.some((t) => line.includes(t));
  return true; // empty pattern matches every event
}

export function matchRegex(p: RegexPattern, line: string): boolean {
  return p.regex.test(line);
}
