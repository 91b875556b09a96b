/**
 * The shapes a query log file reaches replay in, reduced to one log event per line:
 *   - the events as the log group holds them: a hosted-zone line (space-delimited, starting with its
 *     version, `1.0 `) or a Resolver record (JSON, `{`), one per line;
 *   - CloudWatch Logs' export to S3: the event's timestamp and a space before each;
 *   - `aws logs tail` (AWS CLI v2) saved to a file: its default format puts the event's timestamp
 *     (ISO 8601, microseconds, `+00:00`) and the log stream's name before each message, its
 *     `--format short` only a timestamp (awscli/customizations/logs/tail.py, the formatters);
 *   - `aws logs filter-log-events` (or `get-log-events`) saved as the AWS CLI prints it: JSON, with
 *     each event's `"message": "..."` on a line of its own; text (`EVENTS` rows, columns separated by
 *     tabs); or only the messages (`--query 'events[].message' --output text`: a line per page of
 *     up to 10,000 events, its messages separated by tabs, so a line stays small). A query log line
 *     holds no tab (Resolver's JSON escapes them).
 */

/** A line the CLI's JSON output gives an event's message on: `"message": "<JSON string>",`. */
const CLI_JSON_MESSAGE = /^\s*"message"\s*:\s*("(?:[^"\\]|\\.)*")\s*,?\s*$/;
/** What a query log event starts with: a hosted-zone line's version, or a Resolver record. */
const LOOKS_LIKE_EVENT = /^(\{|\d+\.\d+ )/;

export async function* queryLogLines(lines: AsyncIterable<string>): AsyncGenerator<string> {
  let cliJson: boolean | undefined;
  for await (const line of lines) {
    // The CLI's JSON output starts with a line holding only "{"; a Resolver record never does.
    cliJson ??= line.trim() === '{';
    if (cliJson) {
      const m = CLI_JSON_MESSAGE.exec(line);
      if (m) yield (JSON.parse(m[1]) as string).replace(/\n$/, '');
      continue;
    }
    if (!line.includes('\t')) {
      yield withoutPrefix(line);
      continue;
    }
    for (const part of line.split('\t')) if (LOOKS_LIKE_EVENT.test(part)) yield part.replace(/\n$/, '');
  }
}

/**
 * A line less what an export or `aws logs tail` put before the event: a leading timestamp
 * (`2026-12-01T10:00:00.000Z `, `2026-12-01T10:00:00.123000+00:00 `), then, when what follows is
 * not an event yet, the log stream's name (hosted zones `Z…/EDGE`, Resolver `vpc-…`). A line that is
 * an event already starts with its version or `{`, whose fifth character is never `-`.
 */
function withoutPrefix(line: string): string {
  if (line.charCodeAt(4) !== 45 /* - */ || line.charCodeAt(0) < 48 || line.charCodeAt(0) > 57) return line;
  const rest = line.slice(line.indexOf(' ') + 1);
  if (LOOKS_LIKE_EVENT.test(rest)) return rest;
  const space = rest.indexOf(' ');
  return space > 0 && LOOKS_LIKE_EVENT.test(rest.slice(space + 1)) ? rest.slice(space + 1) : rest;
}
