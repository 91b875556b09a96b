/**
 * One license check: online (ask the license API, verify the signed answer) or offline (verify
 * the signed token from config, no network). Shared by the scheduled reporter and the
 * deploy-time check. Throws LicenseCheckError for every way a check can fail.
 */
import { createHash, randomBytes } from 'node:crypto';
import { LicenseCheckError } from './errors';
import { postJson, TransportOptions } from './http-client';
import { LicenseKeySet } from './keys';
import { PRODUCT_CODE, serializeLicenseRequest } from './payload';
import { VerifiedLicense, verifyLicenseToken } from './token';

export interface OnlineCheckParams {
  readonly endpoint: string;
  readonly licenseId: string;
  readonly licenseKey: string;
  readonly productVersion: string;
  readonly accountId: string;
  readonly subjects: readonly string[];
  readonly keySet: LicenseKeySet;
  readonly transport: TransportOptions;
  readonly now: () => Date;
  readonly clockSkewSeconds?: number;
}

export async function checkOnline(p: OnlineCheckParams): Promise<VerifiedLicense> {
  const nonce = randomBytes(24).toString('base64url');
  const body = serializeLicenseRequest({
    licenseId: p.licenseId,
    productCode: PRODUCT_CODE,
    productVersion: p.productVersion,
    accountId: p.accountId,
    subjects: [...p.subjects],
    nonce,
    sentAt: p.now().toISOString(),
  });
  const answer = await postJson(
    p.endpoint,
    body,
    { authorization: `Bearer ${p.licenseKey}`, 'user-agent': `codreum-dns-monitor/${p.productVersion}` },
    p.transport,
  );
  if (answer.status !== 200) {
    throw new LicenseCheckError('http-status', `license API answered HTTP ${answer.status}`, answer.retryAfterSeconds);
  }
  let token: unknown;
  try {
    token = (JSON.parse(answer.body.toString('utf8')) as { token?: unknown })?.token;
  } catch {
    throw new LicenseCheckError('malformed-response', 'license API answer is not JSON');
  }
  if (typeof token !== 'string') throw new LicenseCheckError('malformed-response', 'license API answer has no "token" string');
  return verifyLicenseToken(token, {
    keySet: p.keySet,
    licenseId: p.licenseId,
    accountId: p.accountId,
    now: p.now(),
    expect: { mode: 'online', nonce },
    clockSkewSeconds: p.clockSkewSeconds,
  });
}

export interface OfflineCheckParams {
  readonly token: string;
  readonly licenseId: string;
  readonly accountId: string;
  readonly keySet: LicenseKeySet;
  readonly now: () => Date;
  readonly clockSkewSeconds?: number;
}

export function checkOffline(p: OfflineCheckParams): Promise<VerifiedLicense> {
  return verifyLicenseToken(p.token.trim(), {
    keySet: p.keySet,
    licenseId: p.licenseId,
    accountId: p.accountId,
    now: p.now(),
    expect: { mode: 'offline' },
    clockSkewSeconds: p.clockSkewSeconds,
  });
}

/** Monitored subjects that the license does not entitle. */
export function uncoveredSubjects(configured: readonly string[], entitled: readonly string[]): string[] {
  const ok = new Set(entitled);
  return configured.filter((s) => !ok.has(s));
}

export function subjectsFingerprint(subjects: readonly string[]): string {
  return createHash('sha256').update([...subjects].sort().join(',')).digest('hex').slice(0, 16);
}

export function asCheckError(e: unknown): LicenseCheckError {
  if (e instanceof LicenseCheckError) return e;
  return new LicenseCheckError('internal', `unexpected error during the check: ${(e as Error)?.name ?? 'Error'}`);
}

/** Account id from the Lambda context's invokedFunctionArn (arn:aws:lambda:region:ACCOUNT:function:name). */
export function accountIdFromArn(arn: string): string {
  const account = arn.split(':')[4];
  if (!account || !/^\d{12}$/.test(account)) throw new Error(`cannot read the account id from ${arn}`);
  return account;
}
