/**
 * Verification of the signed license token (compact JWS, EdDSA/Ed25519). Anything that does not
 * verify throws a LicenseCheckError: a token is never taken as "licensed" on trust.
 */
import { createLocalJWKSet, decodeProtectedHeader, errors as joseErrors, jwtVerify } from 'jose';
import { z } from 'zod';
import { LicenseCheckError } from './errors';
import { LicenseKeySet } from './keys';
import { PRODUCT_CODE, subjectIdSchema } from './payload';

export const TOKEN_ISSUER = 'https://license.codreum.com';
export const TOKEN_TYPE = 'codreum-license+jwt';
export const LICENSE_STATUSES = ['active', 'expired', 'revoked', 'unknown-subject'] as const;
export type LicenseStatus = (typeof LICENSE_STATUSES)[number];

/** Default allowance for clock differences between Lambda and the license server. */
export const DEFAULT_CLOCK_SKEW_SECONDS = 300;

const claimsSchema = z.object({
  iss: z.literal(TOKEN_ISSUER),
  sub: z.string().min(1),
  aud: z.string().regex(/^\d{12}$/),
  iat: z.number().int(),
  exp: z.number().int(),
  mode: z.enum(['online', 'offline']),
  nonce: z.string().optional(),
  productCode: z.literal(PRODUCT_CODE),
  status: z.enum(LICENSE_STATUSES),
  licenseExpiresAt: z.number().int(),
  subjects: z.array(subjectIdSchema).max(5000),
});

export interface VerifiedLicense {
  readonly status: LicenseStatus;
  /** When the license itself ends (epoch seconds). */
  readonly licenseExpiresAt: number;
  /** Subject ids the license entitles. */
  readonly entitledSubjects: readonly string[];
  readonly issuedAt: number;
  readonly tokenExpiresAt: number;
  readonly kid: string;
}

export interface VerifyOptions {
  /** Public keys to trust (production: PINNED_LICENSE_KEYS; tests pass their own). */
  readonly keySet: LicenseKeySet;
  readonly licenseId: string;
  readonly accountId: string;
  readonly now: Date;
  /** Online answers must echo the request nonce; offline tokens carry none. */
  readonly expect: { readonly mode: 'online'; readonly nonce: string } | { readonly mode: 'offline' };
  /** @default 300 */
  readonly clockSkewSeconds?: number;
}

const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

export async function verifyLicenseToken(token: string, opts: VerifyOptions): Promise<VerifiedLicense> {
  const skew = opts.clockSkewSeconds ?? DEFAULT_CLOCK_SKEW_SECONDS;
  if (token.length > 64 * 1024 || !COMPACT_JWS.test(token)) {
    throw new LicenseCheckError('malformed-response', 'token is not a compact JWS');
  }
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(token);
  } catch {
    throw new LicenseCheckError('malformed-response', 'token header is not valid JSON');
  }
  if (header.alg !== 'EdDSA') {
    throw new LicenseCheckError('bad-signature', `token algorithm ${String(header.alg)} is not EdDSA`);
  }
  const kid = header.kid;
  if (typeof kid !== 'string' || !opts.keySet.keys.some((k) => k.kid === kid)) {
    throw new LicenseCheckError('unknown-key', `token key id ${JSON.stringify(kid)} is not a pinned Codreum key`);
  }
  const keys = opts.keySet.keys.filter((k) => k.kid === kid);
  let payload: unknown;
  try {
    const verified = await jwtVerify(token, createLocalJWKSet({ keys }), {
      algorithms: ['EdDSA'],
      typ: TOKEN_TYPE,
      issuer: TOKEN_ISSUER,
      audience: opts.accountId,
      subject: opts.licenseId,
      clockTolerance: skew,
      currentDate: opts.now,
      requiredClaims: ['iat', 'exp'],
    });
    payload = verified.payload;
  } catch (e) {
    throw classifyJoseError(e);
  }
  const parsed = claimsSchema.safeParse(payload);
  if (!parsed.success) {
    throw new LicenseCheckError('claims-invalid', `token claims are not as specified: ${parsed.error.issues[0]?.message}`);
  }
  const c = parsed.data;
  const nowS = Math.floor(opts.now.getTime() / 1000);
  if (c.iat > nowS + skew) throw new LicenseCheckError('time-window', 'token is issued in the future');
  if (c.mode !== opts.expect.mode) {
    throw new LicenseCheckError('claims-invalid', `token mode is ${c.mode}, expected ${opts.expect.mode}`);
  }
  if (opts.expect.mode === 'online') {
    if (c.nonce !== opts.expect.nonce) throw new LicenseCheckError('nonce-mismatch', 'token does not echo this request nonce');
    // A fresh answer: issued around now, not replayed from earlier.
    if (c.iat < nowS - skew) throw new LicenseCheckError('time-window', 'token was issued too long ago for a fresh answer');
  }
  return {
    status: c.status,
    licenseExpiresAt: c.licenseExpiresAt,
    entitledSubjects: c.subjects,
    issuedAt: c.iat,
    tokenExpiresAt: c.exp,
    kid,
  };
}

function classifyJoseError(e: unknown): LicenseCheckError {
  const msg = e instanceof Error ? e.message : String(e);
  if (e instanceof joseErrors.JWSSignatureVerificationFailed) return new LicenseCheckError('bad-signature', 'token signature does not verify');
  if (e instanceof joseErrors.JWKSNoMatchingKey || e instanceof joseErrors.JWKSMultipleMatchingKeys) {
    return new LicenseCheckError('unknown-key', 'no single pinned key matches the token');
  }
  if (e instanceof joseErrors.JWTExpired) return new LicenseCheckError('time-window', 'token has expired');
  if (e instanceof joseErrors.JWTClaimValidationFailed) {
    const timeClaim = e.claim === 'iat' || e.claim === 'nbf' || e.claim === 'exp';
    return new LicenseCheckError(timeClaim ? 'time-window' : 'claims-invalid', `token claim check failed: ${msg}`);
  }
  if (e instanceof joseErrors.JWTInvalid || e instanceof joseErrors.JWSInvalid) {
    return new LicenseCheckError('malformed-response', `token is malformed: ${msg}`);
  }
  return new LicenseCheckError('bad-signature', `token did not verify: ${msg}`);
}
