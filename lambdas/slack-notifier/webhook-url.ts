/**
 * The Slack webhook URL lives only in Secrets Manager. The secret value is either the URL itself
 * or JSON `{"webhookUrl": "https://hooks.slack.com/services/..."}`. It is read at run time and
 * cached for `maxAgeSeconds` (Powertools parameters cache), never logged.
 */
import type { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import { isCommandPlaceholder } from '../../contracts/secret-placeholders';

export class WebhookSecretError extends Error {
  override readonly name = 'WebhookSecretError';
}

function isLoopback(host: string): boolean {
  return host === '127.0.0.1' || host === 'localhost' || host === '[::1]';
}

/** Extracts and checks the URL; messages say what is wrong and how to fix it, without the value. */
export function parseWebhookSecret(value: unknown): string {
  let raw = typeof value === 'string' ? value.trim() : value instanceof Uint8Array ? new TextDecoder().decode(value).trim() : '';
  if (!raw) {
    throw new WebhookSecretError('webhook secret is empty — store the Slack webhook URL with `aws secretsmanager put-secret-value`');
  }
  if (raw.startsWith('{')) {
    try {
      const obj = JSON.parse(raw) as Record<string, unknown>;
      raw = String(obj.webhookUrl ?? obj.url ?? '');
    } catch {
      throw new WebhookSecretError('webhook secret looks like JSON but does not parse — store the bare URL or {"webhookUrl":"https://..."}');
    }
  }
  if (isCommandPlaceholder(raw)) {
    throw new WebhookSecretError('webhook secret still holds the <...> placeholder of the command that sets it — put the webhook URL in its place');
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new WebhookSecretError('webhook secret is not a URL — store the Slack incoming-webhook URL (https://hooks.slack.com/services/...)');
  }
  // Plain http is accepted for loopback only (nothing listens there inside Lambda; tests use it).
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback(url.hostname))) {
    throw new WebhookSecretError('webhook URL must use https — store the https:// URL Slack shows for the incoming webhook');
  }
  return url.toString();
}

export interface WebhookUrlSource {
  (): Promise<string>;
}

/** Returns a getter that reads the secret through Powertools' cache (maxAge in seconds). */
export function webhookUrlFromSecret(provider: SecretsProvider, secretId: string, maxAgeSeconds: number): WebhookUrlSource {
  return async () => parseWebhookSecret(await provider.get(secretId, { maxAge: maxAgeSeconds }));
}
