/**
 * What the construct and the handler of the Slack webhook notifier share. The retry defaults: the construct (lib/alerts/slack-webhook-notifier.ts)
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

/**
 * Why the notifier puts an alert on its dead-letter queue: each entry's `reason`, and what it means
 * (the dead-letter alarm's description lists them for whoever reads the queue).
 */
export const SLACK_DEAD_LETTER_REASONS = {
  'slack-delivery-failed': 'Slack refused it or kept failing: an outage, a revoked or deleted webhook',
  'slack-rate-limited': 'Slack rate-limited it on every receive: another busy sender on the webhook',
  'webhook-secret': 'the webhook secret holds no usable URL',
  'unexpected-error': 'the notifier failed; its log says why',
} as const;

export type SlackDeadLetterReason = keyof typeof SLACK_DEAD_LETTER_REASONS;
