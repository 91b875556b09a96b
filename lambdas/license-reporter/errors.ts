/** Why a license check did not produce a verified answer. Stored in state and logged. */
export const CHECK_ERROR_CLASSES = [
  'config', // the endpoint is not https (or otherwise unusable); nothing was sent
  'key-not-set', // the license secret still holds the placeholder the app created
  'secret-unreadable', // Secrets Manager refused or the secret is malformed
  'network', // connection refused, reset, DNS failure, TLS failure
  'timeout', // no complete answer within the hard deadline (includes slow drip)
  'http-status', // a non-2xx answer (429, 5xx, 4xx)
  'response-too-large', // the answer exceeded the body size limit
  'malformed-response', // not JSON, or not { "token": "<compact JWS>" }
  'unknown-key', // the token's kid is not in the pinned key set
  'bad-signature', // the signature does not verify, or the header is not EdDSA
  'nonce-mismatch', // the token does not echo this request's nonce
  'time-window', // iat/exp outside the allowed window (allowing clock skew)
  'claims-invalid', // issuer, audience, subject, product or claim shapes are wrong
  'internal', // anything unexpected inside the check (a bug): still a failed check
] as const;

export type CheckErrorClass = (typeof CHECK_ERROR_CLASSES)[number];

export class LicenseCheckError extends Error {
  constructor(
    readonly errorClass: CheckErrorClass,
    message: string,
    /** Seconds the server asked us to wait (Retry-After on 429/503), when it said so. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'LicenseCheckError';
  }
}
