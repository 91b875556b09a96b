/** Text helpers every handler that writes messages uses (Slack notifier, DNS check reporter). */

const ELLIPSIS = '…';

/** Cuts to at most `max` UTF-16 code units without splitting a surrogate pair, adding "…" when cut. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, Math.max(0, max - ELLIPSIS.length));
  const last = cut.charCodeAt(cut.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut = cut.slice(0, -1);
  return cut + ELLIPSIS;
}
