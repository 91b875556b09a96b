/**
 * Codreum's license-signing public keys, pinned in the product. A token is accepted only when its
 * `kid` names one of these keys and its EdDSA (Ed25519) signature verifies with it.
 *
 * PLACEHOLDER: this repository does not hold Codreum's production keys. The key below is a
 * throw-away key whose private half was discarded when it was generated, so no token can ever
 * verify against it: a build that still carries it fails safe (every check is a failed check,
 * never "licensed"). Release builds replace PINNED_LICENSE_KEYS with the production set — see
 * docs/license-protocol.md, "Key rotation".
 */
import { z } from 'zod';

/** One Ed25519 public key as a JWK (RFC 8037) with the key id the token header names. */
export const licensePublicJwkSchema = z.strictObject({
  kty: z.literal('OKP'),
  crv: z.literal('Ed25519'),
  x: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'x is not a base64url Ed25519 public key — use the 32-byte key, base64url without padding'),
  kid: z.string().min(1).max(64),
  alg: z.literal('EdDSA').optional(),
  use: z.literal('sig').optional(),
});

export const licenseKeySetSchema = z.strictObject({
  keys: z.array(licensePublicJwkSchema).min(1, 'the key set is empty — pin at least one public key'),
});

export type LicensePublicJwk = z.infer<typeof licensePublicJwkSchema>;
export type LicenseKeySet = z.infer<typeof licenseKeySetSchema>;

export const PINNED_LICENSE_KEYS: LicenseKeySet = {
  keys: [
    {
      kty: 'OKP',
      crv: 'Ed25519',
      x: '7_RGvJ4cwohLzN55LpdhLD0rSjuHQfAQhl_XajAfOWw',
      kid: 'placeholder-not-for-release',
      alg: 'EdDSA',
      use: 'sig',
    },
  ],
};
