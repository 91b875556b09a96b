/**
 * Commands doctor and test-alert print are pasted into a POSIX shell (docs/doctor.md): a value
 * that is not plainly safe there goes in as one single-quoted word.
 */

/** One shell word (single quotes; a `'` inside is closed, escaped and reopened). */
export function shellWord(s: string): string {
  if (/^[A-Za-z0-9_./:@=+-]+$/.test(s)) return s;
  const closedEscapedReopened = "'" + '\\' + "''";
  return "'" + s.split("'").join(closedEscapedReopened) + "'";
}
