/**
 * POST to a Slack incoming webhook with a hard per-attempt timeout and bounded retries.
 *
 * Retried: HTTP 429 (waits Retry-After plus a jittered backoff, capped; a 429 does not count
 * toward `maxAttempts`, so a rate-limited alert keeps trying until the time budget ends), HTTP 5xx,
 * network errors (connection reset, refused, DNS) and attempt timeouts. Not retried: other 4xx (400 invalid_payload, 403, 404
 * channel_not_found, 410 channel_is_archived) — repeating the same request cannot succeed — and
 * redirects: Slack's webhook endpoint never redirects, and following one would re-send the alert to
 * another host (307/308) or turn it into a GET that reports success while the alert is lost
 * (302/303), so a 3xx is refused and the alert dead-lettered.
 * Backoff between attempts is exponential with full jitter. The whole loop stops at `deadline`,
 * so it always ends well inside the Lambda timeout. The webhook URL never appears in results.
 */
import { SLACK_RETRY_DEFAULTS } from '../../contracts/slack-notifier';
import type { SlackPayload } from './block-kit';
import { retryAfterMs } from '../shared/retry-after';

export interface RetryPolicy {
  /** Attempts including the first one, counting failures other than 429 (rate limited). */
  readonly maxAttempts: number;
  /**
   * Attempts answered 429, on top: Slack takes about one message a second per webhook, so in an
   * alert storm every invocation but one is rate limited each second, and gives up only when the
   * time budget ends. @default 30
   */
  readonly maxRateLimitedAttempts?: number;
  /** Hard limit for one request including reading the response body. */
  readonly attemptTimeoutMs: number;
  /** First backoff ceiling; doubles per attempt up to `maxDelayMs` (full jitter below the ceiling). */
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** Longest Retry-After wait honoured; longer requests are shortened to this. */
  readonly maxRetryAfterMs: number;
  /** Upper bound for all attempts and waits together. */
  readonly totalBudgetMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  ...SLACK_RETRY_DEFAULTS,
  maxRateLimitedAttempts: 30,
  baseDelayMs: 300,
  maxDelayMs: 4_000,
  maxRetryAfterMs: 10_000,
};

export interface DeliveryDeps {
  readonly fetch: typeof fetch;
  /** Milliseconds clock (Date.now in production). */
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
  /** Uniform [0, 1) for jitter (Math.random in production). */
  readonly random: () => number;
}

export interface AttemptRecord {
  readonly attempt: number;
  readonly status?: number;
  readonly error?: string;
  readonly waitedMs?: number;
}

export interface DeliveryResult {
  readonly ok: boolean;
  readonly attempts: number;
  readonly status?: number;
  /** Why the last attempt failed (never contains the webhook URL). */
  readonly error?: string;
  readonly retryable?: boolean;
  readonly history: AttemptRecord[];
}

/** Below this much remaining budget another attempt is not started. */
const MIN_ATTEMPT_MS = 250;

interface AttemptOutcome {
  ok: boolean;
  retryable: boolean;
  status?: number;
  error?: string;
  retryAfterMs?: number;
}

function describeError(e: unknown, timeoutMs: number): string {
  const err = e as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (err?.name === 'TimeoutError' || err?.name === 'AbortError') return `timeout after ${timeoutMs} ms`;
  const code = err?.cause?.code;
  return code ? `network error ${code}` : `network error: ${err?.cause?.message ?? err?.message ?? String(e)}`;
}

async function attemptOnce(url: string, body: string, timeoutMs: number, deps: DeliveryDeps): Promise<AttemptOutcome> {
  const signal = AbortSignal.timeout(timeoutMs);
  let res: Response;
  let text: string;
  try {
    res = await deps.fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body, signal, redirect: 'manual' });
    text = await res.text();
  } catch (e) {
    return { ok: false, retryable: true, error: describeError(e, timeoutMs) };
  }
  if (res.status >= 200 && res.status < 300) return { ok: true, retryable: false, status: res.status };
  if (res.status >= 300 && res.status < 400) {
    // The Location is not echoed: it may carry the same secret path as the webhook.
    return { ok: false, retryable: false, status: res.status, error: `HTTP ${res.status}: redirect refused (a webhook never redirects; the alert was not re-sent)` };
  }
  const detail = `HTTP ${res.status}${text ? `: ${text.slice(0, 200)}` : ''}`;
  if (res.status === 429) {
    return { ok: false, retryable: true, status: 429, error: detail, retryAfterMs: retryAfterMs(res.headers.get('retry-after'), deps.now()) };
  }
  return { ok: false, retryable: res.status >= 500, status: res.status, error: detail };
}

function backoffMs(attempt: number, policy: RetryPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.floor(random() * ceiling);
}

/**
 * Posts `payload`; resolves (never rejects) with the outcome. `deadline` (epoch ms) further limits
 * the budget, e.g. to the Lambda's remaining time minus what the dead-letter path needs.
 */
export async function postToSlack(url: string, payload: SlackPayload, policy: RetryPolicy, deps: DeliveryDeps, deadline?: number): Promise<DeliveryResult> {
  const body = JSON.stringify(payload);
  const end = Math.min(deps.now() + policy.totalBudgetMs, deadline ?? Number.POSITIVE_INFINITY);
  const history: AttemptRecord[] = [];
  let last: AttemptOutcome = { ok: false, retryable: true, error: 'no attempt made: time budget exhausted' };
  let waited: number | undefined;
  let failures = 0;
  let limited = 0;
  for (let attempt = 1; ; attempt++) {
    const remaining = end - deps.now();
    if (remaining < MIN_ATTEMPT_MS) {
      last = { ...last, error: `${last.error ?? 'failed'}; time budget exhausted` };
      break;
    }
    last = await attemptOnce(url, body, Math.min(policy.attemptTimeoutMs, remaining), deps);
    history.push({ attempt, status: last.status, error: last.error, waitedMs: waited });
    if (last.ok) return { ok: true, attempts: attempt, status: last.status, history };
    if (last.status === 429) limited += 1;
    else failures += 1;
    if (!last.retryable || failures >= policy.maxAttempts || limited >= (policy.maxRateLimitedAttempts ?? 30)) break;
    // After a 429: what Slack asked for plus a jittered backoff, so the invocations of a storm,
    // all told the same second, do not all come back in the same instant.
    const wait =
      last.retryAfterMs !== undefined
        ? Math.min(last.retryAfterMs + backoffMs(limited, policy, deps.random), policy.maxRetryAfterMs)
        : backoffMs(failures, policy, deps.random);
    if (deps.now() + wait + MIN_ATTEMPT_MS > end) {
      last = { ...last, error: `${last.error}; no time left for another attempt (next wait ${wait} ms)` };
      break;
    }
    waited = wait;
    await deps.sleep(wait);
  }
  return { ok: false, attempts: history.length, status: last.status, error: last.error, retryable: last.retryable, history };
}
