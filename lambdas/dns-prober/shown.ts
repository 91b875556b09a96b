/**
 * A server's bytes as a result shows them. Answers and reasons go to terminals (`dns-monitor
 * check`), email, SMS, Slack and logs, and a record may hold any byte: ESC starts a terminal
 * command, a line break fakes a line of an alert, a bidirectional override reorders what is read.
 * Each such character is written as its UTF-8 bytes in decimal, `\DDD`, as dig and zone files
 * (RFC 1035, 5.1) write bytes that are not text. Only what is shown changes: answers are compared
 * as the data before this.
 */

/** C0 controls, DEL, C1 controls, and the Unicode bidirectional controls (Unicode UAX #9: ALM, LRM, RLM, LRE-RLO, LRI-PDI). */
const HIDDEN = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export function shownText(text: string): string {
  return text.replace(HIDDEN, (c) => [...Buffer.from(c, 'utf8')].map((b) => `\\${String(b).padStart(3, '0')}`).join(''));
}
