import { matchFilterPattern } from '../../lib/filter-pattern';

/** The events, in order, that `pattern` matches. */
export function matching(pattern: string, events: readonly string[]): string[] {
  return events.filter((e) => matchFilterPattern(pattern, e));
}
