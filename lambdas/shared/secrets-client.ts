/**
 * Secrets Manager clients for secrets that may live in another region than the function. Secrets
 * Manager does not route a request by the region in a secret's ARN: a client answers for its own
 * region only (aws/aws-sdk-js-v3#7278, aws/aws-cli#3474), so a secret given by ARN is read with a
 * client of the ARN's region.
 */
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { QUICK_CALL_CLIENT_CONFIG } from './aws-clients';

/** The region of a secret given by ARN (complete or partial); undefined for a name. */
export function secretRegionOf(secretId: string): string | undefined {
  return /^arn:[^:]+:secretsmanager:([a-z0-9-]+):/.exec(secretId)?.[1];
}

const clients = new Map<string, SecretsManagerClient>();

/** One client per region, reused across invocations; a name is read in the function's own region. */
export function secretsClientFor(secretId: string | undefined): SecretsManagerClient {
  const region = secretId ? secretRegionOf(secretId) : undefined;
  const key = region ?? '';
  let client = clients.get(key);
  if (!client) {
    client = new SecretsManagerClient({ ...(region ? { region } : {}), ...QUICK_CALL_CLIENT_CONFIG });
    clients.set(key, client);
  }
  return client;
}
