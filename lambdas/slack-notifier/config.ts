/**
 * Environment of the notifier function. The webhook URL is never here: only the id of the secret
 * that holds it.
 */
import { NOTIFIER_TABLE } from '../../contracts/slack-notifier';
import { requiredVar } from '../shared/environment';
import type { IntakeSettings } from './notifier';
import { DEFAULT_RETRY_POLICY, RetryPolicy } from './slack-delivery';

export interface NotifierConfig {
  readonly webhookSecretId: string;
  readonly tableName: string;
  readonly deadLetterQueueUrl: string;
  readonly secretMaxAgeSeconds: number;
  readonly idempotencyExpiresSeconds: number;
  readonly retry: RetryPolicy;
  /** Least time from the end of one post to the start of the next in one execution environment (intake queue batches), once Slack has answered it 429. */
  readonly postIntervalMs: number;
  /** Where a rate-limited alert goes back to (absent: it is dead-lettered, as on a hand-invoked SNS event). */
  readonly intake?: IntakeSettings;
}

type Env = Record<string, string | undefined>;

function int(env: Env, name: string, def: number, min: number, max: number, problems: string[]): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return def;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) problems.push(`${name}=${raw} is not an integer in [${min}, ${max}] — fix or remove it (default ${def})`);
  return n;
}

/** An integer the construct always sets (its value is defined there, not here). */
function requiredInt(env: Env, name: string, min: number, max: number, problems: string[]): number {
  const raw = env[name]?.trim();
  const n = Number(raw);
  if (!raw) problems.push(`${name} is missing — set it as SlackWebhookNotifier does (SLACK_INTAKE)`);
  else if (!Number.isInteger(n) || n < min || n > max) problems.push(`${name}=${raw} is not an integer in [${min}, ${max}]`);
  return n;
}

export function loadConfig(env: Env): NotifierConfig {
  const p: string[] = [];
  const cfg: NotifierConfig = {
    webhookSecretId: requiredVar(env, 'SLACK_WEBHOOK_SECRET_ID', 'the ARN or name of the secret holding the webhook URL', p),
    tableName: requiredVar(env, NOTIFIER_TABLE.envVar, 'the idempotency table name', p),
    deadLetterQueueUrl: requiredVar(env, 'DEAD_LETTER_QUEUE_URL', 'the dead-letter queue URL', p),
    secretMaxAgeSeconds: int(env, 'WEBHOOK_SECRET_MAX_AGE_SECONDS', 300, 0, 86_400, p),
    idempotencyExpiresSeconds: int(env, 'IDEMPOTENCY_EXPIRES_SECONDS', 86_400, 60, 7 * 86_400, p),
    retry: {
      ...DEFAULT_RETRY_POLICY,
      maxAttempts: int(env, 'SLACK_MAX_ATTEMPTS', DEFAULT_RETRY_POLICY.maxAttempts, 1, 10, p),
      attemptTimeoutMs: int(env, 'SLACK_ATTEMPT_TIMEOUT_MS', DEFAULT_RETRY_POLICY.attemptTimeoutMs, 100, 30_000, p),
      totalBudgetMs: int(env, 'SLACK_TOTAL_BUDGET_MS', DEFAULT_RETRY_POLICY.totalBudgetMs, 1_000, 600_000, p),
    },
    postIntervalMs: int(env, 'SLACK_POST_INTERVAL_MS', 0, 0, 60_000, p),
    intake: env.INTAKE_QUEUE_URL?.trim()
      ? {
          queueUrl: env.INTAKE_QUEUE_URL.trim(),
          maxReceives: requiredInt(env, 'SLACK_INTAKE_MAX_RECEIVES', 1, 1_000, p),
          rateLimitedRedeliverySeconds: requiredInt(env, 'SLACK_RATE_LIMITED_REDELIVERY_SECONDS', 0, 3_600, p),
        }
      : undefined,
  };
  if (p.length) throw new Error(`slack-notifier configuration: ${p.join('; ')}`);
  return cfg;
}
