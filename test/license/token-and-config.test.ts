jest.mock('jose', () => require('./support/esm').loadEsmAsCjs('jose'));

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PINNED_LICENSE_KEYS, licenseKeySetSchema } from '../../lambdas/license-reporter/keys';
import { licenseRequestSchema, serializeLicenseRequest } from '../../lambdas/license-reporter/payload';
import { parseLicenseKey } from '../../lambdas/license-reporter/secret';
import { verifyLicenseToken } from '../../lambdas/license-reporter/token';
import { licenseConfigSchema } from '../../lib/config/license-schema';
import { resolveOfflineToken } from '../../lib/license/offline-token';
import { makeSigner, signLicenseToken } from './support/tokens';

const nowS = Math.floor(Date.now() / 1000);

describe('pinned keys', () => {
  it('the shipped key set is well-formed and a token from any other key never verifies against it', async () => {
    expect(licenseKeySetSchema.parse(PINNED_LICENSE_KEYS).keys.length).toBeGreaterThan(0);
    const s = await makeSigner(PINNED_LICENSE_KEYS.keys[0].kid); // even with the pinned kid
    const token = await signLicenseToken(s, {
      licenseId: 'lic_1', accountId: '123456789012', mode: 'offline', status: 'active',
      licenseExpiresAt: nowS + 1000, subjects: [], iat: nowS, exp: nowS + 1000,
    });
    await expect(
      verifyLicenseToken(token, { keySet: PINNED_LICENSE_KEYS, licenseId: 'lic_1', accountId: '123456789012', now: new Date(), expect: { mode: 'offline' } }),
    ).rejects.toMatchObject({ errorClass: 'bad-signature' });
  });

  it('a token signed with a pinned test key verifies (clock skew within 5 minutes tolerated)', async () => {
    const s = await makeSigner('k1');
    const token = await signLicenseToken(s, {
      licenseId: 'lic_1', accountId: '123456789012', mode: 'offline', status: 'active',
      licenseExpiresAt: nowS + 1000, subjects: ['Z0123456789ABCDEFGHIJ'], iat: nowS + 200, exp: nowS + 1000,
    });
    const v = await verifyLicenseToken(token, { keySet: { keys: [s.publicJwk] }, licenseId: 'lic_1', accountId: '123456789012', now: new Date(), expect: { mode: 'offline' } });
    expect(v).toMatchObject({ status: 'active', kid: 'k1', entitledSubjects: ['Z0123456789ABCDEFGHIJ'] });
    await expect(
      verifyLicenseToken(token, { keySet: { keys: [s.publicJwk] }, licenseId: 'lic_2', accountId: '123456789012', now: new Date(), expect: { mode: 'offline' } }),
    ).rejects.toMatchObject({ errorClass: 'claims-invalid' });
  });
});

describe('request allow-list', () => {
  const ok = {
    licenseId: 'lic_1', productCode: 'dns-monitor' as const, productVersion: '1.0.0', accountId: '123456789012',
    subjects: ['Z0123456789ABCDEFGHIJ'], nonce: 'A'.repeat(32), sentAt: new Date().toISOString(),
  };
  it('serializes exactly the allow-listed fields', () => {
    expect(Object.keys(JSON.parse(serializeLicenseRequest(ok).toString()))).toEqual(Object.keys(ok));
  });
  it.each([['queryNames', ['example.com']], ['metrics', { q: 1 }], ['alarmStates', []], ['sourceIps', ['10.0.0.1']]])(
    'refuses to send an extra field (%s)',
    (key, value) => {
      expect(() => serializeLicenseRequest({ ...ok, [key]: value } as never)).toThrow();
      expect(licenseRequestSchema.safeParse({ ...ok, [key]: value }).success).toBe(false);
    },
  );
  it('refuses subjects that are not zone or VPC ids', () => {
    expect(() => serializeLicenseRequest({ ...ok, subjects: ['example.com'] })).toThrow();
  });
});

describe('license secret value', () => {
  it.each([
    ['ck_live_0123456789abcdef', 'ck_live_0123456789abcdef'],
    ['{"licenseKey":"ck_live_0123456789abcdef"}', 'ck_live_0123456789abcdef'],
  ])('reads %s', (raw, key) => expect(parseLicenseKey(raw)).toBe(key));
  it.each([
    ['{"note":"replace","placeholder":"abc"}', 'key-not-set'],
    ['', 'key-not-set'],
    // The docs' and doctor's command pasted with its placeholder left in.
    ['{"licenseKey":"<your Codreum license key>"}', 'key-not-set'],
    ['<your Codreum license key>', 'key-not-set'],
    ['{"licenseKey": 12}', 'secret-unreadable'],
    ['{broken', 'secret-unreadable'],
  ])('classifies %s as %s', (raw, cls) => {
    expect(() => parseLicenseKey(raw)).toThrow(expect.objectContaining({ errorClass: cls }));
  });
});

describe('license config schema', () => {
  it('fills the documented defaults', () => {
    expect(licenseConfigSchema.parse({ licenseId: 'lic_0123' })).toEqual({
      licenseId: 'lic_0123', endpoint: 'https://license.codreum.com/v1/check', scheduleHours: 6, graceHours: 72,
      expiryWarningDays: 14, deployCheck: true,
    });
  });
  it.each([
    [{ licenseId: 'lic_0123', endpoint: 'http://license.codreum.com/v1/check' }, 'is not an https:// URL'],
    [{ licenseId: 'lic_0123', scheduleHours: 0 }, 'at least 1 hour'],
    [{ licenseId: 'lic_0123', keySecretArn: 'codreum/license' }, 'is not a Secrets Manager secret ARN'],
    [{ licenseId: 'lic_0123', licenseKey: 'abc' }, ''],
    [{}, 'is required'],
    [{ licenseId: 'lic_0123', offlineToken: 'a.b.c', keySecretArn: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:x-AbCdEf' }, 'both set'],
  ])('rejects %j with a "what — how to fix" message', (input, fragment) => {
    const r = licenseConfigSchema.safeParse(input);
    expect(r.success).toBe(false);
    const msg = r.error!.issues.map((i) => i.message).join('\n');
    expect(msg).toContain(fragment);
    if (fragment) expect(msg).toContain(' — ');
  });
});

describe('offline token resolution at synth', () => {
  it('uses a token given inline, reads a token file, and explains a missing file', () => {
    expect(resolveOfflineToken('aaa.bbb.ccc')).toBe('aaa.bbb.ccc');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'offline-token-'));
    fs.writeFileSync(path.join(dir, 'license.jwt'), 'xxx.yyy.zzz\n');
    expect(resolveOfflineToken('license.jwt', dir)).toBe('xxx.yyy.zzz');
    expect(() => resolveOfflineToken('missing.jwt', dir)).toThrow(/not found — give the path/);
    fs.writeFileSync(path.join(dir, 'junk.txt'), 'hello');
    expect(() => resolveOfflineToken('junk.txt', dir)).toThrow(/does not hold a signed token/);
  });
});
