/** Text helpers every handler that writes messages uses (Slack notifier, DNS check reporter, audit publisher). */
import { SNS } from '../../contracts/sns-limits';

const ELLIPSIS = '…';

/** Cuts to at most `max` UTF-16 code units without splitting a surrogate pair, adding "…" when cut. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, Math.max(0, max - ELLIPSIS.length));
  const last = cut.charCodeAt(cut.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut = cut.slice(0, -1);
  return cut + ELLIPSIS;
}

/**
 * Escapes the three characters Slack's mrkdwn treats as control characters (&, <, >: its
 * formatting reference), so text from outside (a DNS server's answer, a publisher's subject) is
 * shown, never read as a mention or a link. The Slack notifier and the chat copy of the DNS check
 * reporter both send such text.
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Escapes, then truncates without leaving half an entity ("&am…") at the end. */
export function mrkdwnText(raw: string, max: number): string {
  const escaped = escapeMrkdwn(raw);
  if (escaped.length <= max) return escaped;
  const cut = truncate(escaped, max);
  return cut.replace(/&[a-z]{0,3}…$/, '…');
}

/**
 * An SNS email subject (contracts/sns-limits.ts): one line of printable ASCII, under 100 characters.
 * Newer versions of the Publish API reference ask for UTF-8 without line breaks or control
 * characters; older ones asked for ASCII that begins with a letter, number or punctuation mark. A
 * subject that meets the older rule meets both, so other characters become "?" and a cut subject
 * ends in "..." (not "…").
 */
export function snsSubject(text: string): string {
  const ascii = text.replace(/[\x00-\x1f\x7f]+/g, ' ').replace(/[^\x20-\x7e]/g, '?').trim();
  return ascii.length <= SNS.maxSubjectLength ? ascii : `${ascii.slice(0, SNS.maxSubjectLength - 3)}...`;
}
