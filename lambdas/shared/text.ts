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
