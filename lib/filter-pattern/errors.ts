/**
 * Thrown by `parseFilterPattern` when a pattern is not valid CloudWatch Logs filter-pattern syntax.
 * `position` is the 0-based character offset in `pattern` where the problem was found.
 */
export class FilterPatternSyntaxError extends Error {
  readonly pattern: string;
  readonly position: number;
  /** The problem alone, without the position suffix. */
  readonly reason: string;

  constructor(reason: string, pattern: string, position: number) {
    const at = Math.max(0, Math.min(position, pattern.length));
    const shown = pattern.length > 80 ? `${pattern.slice(0, 77)}...` : pattern;
    super(`${reason} (at position ${at} in filter pattern ${JSON.stringify(shown)})`);
    this.name = 'FilterPatternSyntaxError';
    this.reason = reason;
    this.pattern = pattern;
    this.position = at;
  }
}
