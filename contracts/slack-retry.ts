/**
 * The Slack webhook notifier's retry defaults: the construct (lib/alerts/slack-webhook-notifier.ts)
 * passes them to the function and sizes its timeout from them; the handler
 * (lambdas/slack-notifier/slack-delivery.ts) starts from them.
 */
export const SLACK_RETRY_DEFAULTS = {
  /** Failed attempts per alert, including the first (a 429 answer is not counted: the time budget ends those). */
  maxAttempts: 5,
  /** Hard limit for one POST to Slack, reading the answer included. */
  attemptTimeoutMs: 4_000,
  /** All attempts and waits of one alert together. */
  totalBudgetMs: 25_000,
} as const;
