/** One field of a space-delimited log event. `start`/`end` are offsets in the raw line. */
export interface LineToken {
  readonly value: string;
  readonly start: number;
  readonly end: number;
}

const GAP = /[ \t\r\n]/;

/**
 * Split a log event into fields the way the guide describes: fields are separated by spaces, and
 * the characters between a pair of square brackets or double quotes form one field (returned
 * without the brackets/quotes, as in the guide's "extracted fields" example).
 * Interpretations: runs of spaces/tabs are one separator; a `[` or `"` opens a grouped field only
 * at the start of a field and only if its closer exists later in the line (otherwise it is an
 * ordinary character); the grouped field ends at the first closer.
 */
export function tokenizeLine(line: string): LineToken[] {
  const tokens: LineToken[] = [];
  let i = 0;
  while (i < line.length) {
    if (GAP.test(line[i])) {
      i++;
      continue;
    }
    const start = i;
    const closer = line[i] === '"' ? '"' : line[i] === '[' ? ']' : undefined;
    const close = closer ? line.indexOf(closer, i + 1) : -1;
    if (close > 0) {
      tokens.push({ value: line.slice(i + 1, close), start, end: close + 1 });
      i = close + 1;
      continue;
    }
    while (i < line.length && !GAP.test(line[i])) i++;
    tokens.push({ value: line.slice(start, i), start, end: i });
  }
  return tokens;
}
