/**
 * The shapes a query log file reaches replay in, reduced to one log event per line:
 *   - the events as the log group holds them: a hosted-zone line (space-delimited, starting with its
 *     version, `1.0 `) or a Resolver record (JSON, `{`), one per line;
 *   - CloudWatch Logs' export to S3: the event's timestamp and a space before each (handled where
 *     the line is read, lib/replay/engine.ts);
 *   - `aws logs filter-log-events` (or `get-log-events`) saved as the AWS CLI prints it: JSON, with
 *     each event's `"message": "..."` on a line of its own; text (`EVENTS` rows, columns separated by
 *     tabs); or only the messages (`--query 'events[].message' --output text`: one line, the
 *     messages separated by tabs). A query log line holds no tab (Resolver's JSON escapes them).
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
      yield line;
      continue;
    }
    for (const part of line.split('\t')) if (LOOKS_LIKE_EVENT.test(part)) yield part.replace(/\n$/, '');
  }
}
