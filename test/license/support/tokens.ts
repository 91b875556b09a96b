/** Test signing keys and license tokens, made with jose exactly as the license server would. */
import * as jose from 'jose';

type SigningKey = Awaited<ReturnType<typeof jose.generateKeyPair>>['privateKey'];
import type { LicenseKeySet } from '../../../lambdas/license-reporter/keys';

export interface TestSigner {
  readonly kid: string;
  readonly privateKey: SigningKey;
  readonly publicJwk: LicenseKeySet['keys'][number];
}

export async function makeSigner(kid: string): Promise<TestSigner> {
  const { privateKey, publicKey } = await jose.generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  const jwk = await jose.exportJWK(publicKey);
  return {
    kid,
    privateKey,
    publicJwk: { kty: 'OKP', crv: 'Ed25519', x: jwk.x!, kid, alg: 'EdDSA', use: 'sig' },
  };
}

export interface ClaimsInput {
  licenseId: string;
  accountId: string;
  mode: 'online' | 'offline';
  nonce?: string;
  status: string;
  licenseExpiresAt: number;
  subjects: string[];
  iat: number;
  exp: number;
  [extra: string]: unknown;
}

export async function signLicenseToken(
  signer: TestSigner,
  claims: ClaimsInput,
  header: { kid?: string; typ?: string } = {},
): Promise<string> {
  const { licenseId, accountId, iat, exp, ...rest } = claims;
  return new jose.SignJWT({ productCode: 'dns-monitor', ...rest })
    .setProtectedHeader({ alg: 'EdDSA', kid: header.kid ?? signer.kid, typ: header.typ ?? 'codreum-license+jwt' })
    .setIssuer('https://license.codreum.com')
    .setSubject(licenseId)
    .setAudience(accountId)
    .setIssuedAt(iat)
    .setExpirationTime(exp)
    .sign(signer.privateKey);
}
