/** Reads the license key from the app's Secrets Manager secret. */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { isCommandPlaceholder } from '../../contracts/secret-placeholders';
import { LicenseCheckError } from './errors';

/**
 * The secret holds either the key as a plain string or JSON `{"licenseKey": "..."}`. The secret the
 * app creates starts as JSON without `licenseKey` (a generated placeholder): that reads as "not set".
 */
export function parseLicenseKey(secretString: string | undefined): string {
  const raw = (secretString ?? '').trim();
  if (!raw) throw new LicenseCheckError('key-not-set', 'the license secret is empty — put your license key into it');
  let key: unknown = raw;
  if (raw.startsWith('{')) {
    let json: Record<string, unknown>;
    try {
      json = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      throw new LicenseCheckError('secret-unreadable', 'the license secret starts with { but is not valid JSON');
    }
    key = json.licenseKey;
    if (key === undefined) {
      throw new LicenseCheckError('key-not-set', 'the license secret still holds the placeholder — put your license key into it');
    }
  }
  if (isCommandPlaceholder(key)) {
    throw new LicenseCheckError('key-not-set', 'the license secret still holds the <...> placeholder of the command that sets it — put your license key in its place');
  }
  if (typeof key !== 'string' || !/^[\x21-\x7e]{8,512}$/.test(key)) {
    throw new LicenseCheckError('secret-unreadable', 'the license key must be 8-512 printable characters without spaces');
  }
  return key;
}

export async function readLicenseKey(sm: SecretsManagerClient, secretId: string): Promise<string> {
  let value: string | undefined;
  try {
    const out = await sm.send(new GetSecretValueCommand({ SecretId: secretId }));
    value = out.SecretString;
  } catch (e) {
    throw new LicenseCheckError('secret-unreadable', `could not read the license secret: ${(e as Error).name}`);
  }
  return parseLicenseKey(value);
}
