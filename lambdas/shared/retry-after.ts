/**
 * The HTTP Retry-After header (RFC 9110, section 10.2.3): delta-seconds or an HTTP date. One
 * parser for every handler that calls out (Slack webhook, license API).
 * @returns milliseconds to wait from `nowMs`, or undefined when absent or unreadable
 */
export function retryAfterMs(value: string | null | undefined, nowMs: number): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}
