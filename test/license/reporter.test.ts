/**
 * The reporter's logic against a real license server on 127.0.0.1 (HTTP and HTTPS) and moto
 * (DynamoDB, Secrets Manager, CloudWatch), for every way the license API can answer.
 */
jest.mock('jose', () => require('./support/esm').loadEsmAsCjs('jose'));

import { randomUUID } from 'node:crypto';
import { runReporter, ReporterDeps } from '../../lambdas/license-reporter/reporter';
import type { ReporterInput } from '../../lambdas/license-reporter/input';
import type { TransportOptions } from '../../lambdas/license-reporter/http-client';
import { startMoto, MotoServer } from '../support/moto';
import { freePort } from '../support/net';
import { clients, Clients, createSecret, createTable, readItem, readMetric } from './support/aws';
import { startLicenseServer, LicenseServer, Reply } from './support/license-server';
import { recordConnections, recordOperations } from './support/recorders';
import { selfSignedLoopbackCert } from './support/tls';
import { makeSigner, signLicenseToken, TestSigner } from './support/tokens';

const ACCOUNT = '123456789012';
const SUBJECTS = ['Z0123456789ABCDEFGHIJ', 'vpc-0123456789abcdef0'];
const TABLE = 'license-state';
const LICENSE_KEY = 'ck_live_0123456789abcdef';
const ALLOWED_OPS = new Set([
  'DynamoDBClient:GetItemCommand',
  'DynamoDBClient:PutItemCommand',
  'SecretsManagerClient:GetSecretValueCommand',
  'CloudWatchClient:PutMetricDataCommand',
]);
const DAY = 86_400;

let moto: MotoServer;
let c: Clients;
let http: LicenseServer;
let https: LicenseServer;
let tlsCert: string;
let signer: TestSigner;
let stranger: TestSigner;
let secretArn: string;

beforeAll(async () => {
  moto = await startMoto();
  c = clients(moto);
  await createTable(c, TABLE);
  secretArn = await createSecret(c, 'acme/license', JSON.stringify({ licenseKey: LICENSE_KEY }));
  signer = await makeSigner('codreum-test-2025');
  stranger = await makeSigner('codreum-test-2025'); // same kid, different key: a forged signature
  const tls = selfSignedLoopbackCert();
  tlsCert = tls.cert;
  http = await startLicenseServer();
  https = await startLicenseServer(tls);
});
afterAll(async () => {
  await http?.close();
  await https?.close();
  await moto?.stop();
});

interface RunOptions {
  endpoint?: string;
  transport?: Partial<TransportOptions>;
  now?: Date;
  licenseId?: string;
  input?: Partial<ReporterInput>;
  secretId?: string;
}

async function run(opts: RunOptions = {}) {
  const licenseId = opts.licenseId ?? `lic_${randomUUID().slice(0, 8)}`;
  const ops: string[] = [];
  const cl = clients(moto);
  recordOperations(ops, cl.raw, cl.sm, cl.cw);
  const now = opts.now ?? new Date();
  const deps: ReporterDeps = {
    ddb: cl.ddb,
    sm: cl.sm,
    cw: cl.cw,
    accountId: ACCOUNT,
    keySet: { keys: [signer.publicJwk] },
    transport: { timeoutMs: 1500, maxResponseBytes: 16 * 1024, allowInsecureLoopbackHttp: true, ...opts.transport },
    now: () => now,
  };
  const input: ReporterInput = {
    licenseId,
    productVersion: '1.2.3',
    subjects: SUBJECTS,
    tableName: TABLE,
    scheduleHours: 6,
    graceHours: 72,
    endpoint: opts.endpoint ?? http.url,
    secretId: opts.secretId ?? secretArn,
    ...opts.input,
  };
  const rec = recordConnections();
  let result;
  try {
    result = await runReporter(input, deps);
  } finally {
    rec.stop();
  }
  const state = await readItem(c, TABLE, `license#${licenseId}`);
  return { licenseId, ops, connections: rec.connections, result, state, now };
}

/** A token answer for the request the server just received (echoing its nonce unless told otherwise). */
function tokenReply(
  over: { status?: string; subjects?: string[]; nonce?: string; iatOffset?: number; expOffset?: number; licenseEndsIn?: number; signer?: TestSigner; kid?: string; mode?: 'online' | 'offline'; aud?: string } = {},
) {
  return async (req: { raw: Buffer }): Promise<Reply> => {
    const sent = JSON.parse(req.raw.toString('utf8'));
    const nowS = Math.floor(Date.now() / 1000);
    const token = await signLicenseToken(
      over.signer ?? signer,
      {
        licenseId: sent.licenseId,
        accountId: over.aud ?? sent.accountId,
        mode: over.mode ?? 'online',
        nonce: over.nonce ?? sent.nonce,
        status: over.status ?? 'active',
        licenseExpiresAt: nowS + (over.licenseEndsIn ?? 100 * DAY),
        subjects: over.subjects ?? sent.subjects,
        iat: nowS + (over.iatOffset ?? 0),
        exp: nowS + (over.expOffset ?? 7 * DAY),
      },
      { kid: over.kid },
    );
    return { kind: 'send', status: 200, body: JSON.stringify({ token }) };
  };
}

/** Checks that hold for every run, whatever the license server did. */
function expectContainedRun(r: Awaited<ReturnType<typeof run>>, licensePort: number | undefined) {
  // Only the allowed AWS operations: nothing that touches alarms, rules or dashboards.
  for (const op of r.ops) expect(ALLOWED_OPS).toContain(op);
  expect(r.ops.filter((o) => o === 'CloudWatchClient:PutMetricDataCommand')).toHaveLength(1);
  // Only the license server and the AWS endpoint (moto) were contacted.
  const allowed = new Set([`127.0.0.1:${moto.port}`, ...(licensePort ? [`127.0.0.1:${licensePort}`] : [])]);
  for (const conn of r.connections) expect(allowed).toContain(conn);
  // State stored.
  expect(r.state).toBeDefined();
  expect(r.state!.lastAttemptAt).toBe(r.now.toISOString());
}

function expectAllowListedRequest(server: LicenseServer, licenseId: string) {
  const req = server.received.at(-1)!;
  expect(req.method).toBe('POST');
  // The exact header set: nothing about the account or its DNS travels in headers either.
  expect(req.headers).toEqual({
    authorization: `Bearer ${LICENSE_KEY}`,
    'user-agent': 'codreum-dns-monitor/1.2.3',
    'content-type': 'application/json',
    'content-length': String(req.raw.length),
    accept: 'application/json',
    host: expect.stringMatching(/^127\.0\.0\.1:\d+$/),
    connection: 'close',
  });
  const body = JSON.parse(req.raw.toString('utf8'));
  expect(Object.keys(body).sort()).toEqual(['accountId', 'licenseId', 'nonce', 'productCode', 'productVersion', 'sentAt', 'subjects']);
  expect(body).toMatchObject({ licenseId, productCode: 'dns-monitor', productVersion: '1.2.3', accountId: ACCOUNT, subjects: SUBJECTS });
  expect(body.nonce).toMatch(/^[A-Za-z0-9_-]{32}$/);
  expect(new Date(body.sentAt).toISOString()).toBe(body.sentAt);
  // Nothing else travels in the body: its size is what the allow-list alone produces.
  expect(req.raw.length).toBe(Buffer.byteLength(JSON.stringify(body)));
}

async function metrics(r: { licenseId: string; now: Date }) {
  const get = (m: string) => readMetric(c, r.licenseId, m, r.now);
  return {
    valid: await get('LicenseValid'),
    succeeded: await get('CheckSucceeded'),
    days: await get('DaysToExpiry'),
    notCovered: await get('SubjectsNotCovered'),
    hours: await get('HoursSinceLastSuccess'),
  };
}

describe('verified answers', () => {
  it('valid license: stored as active, LicenseValid 1, CheckSucceeded 1, allow-listed request', async () => {
    http.behave(tokenReply());
    const r = await run();
    expectContainedRun(r, http.port);
    expectAllowListedRequest(http, r.licenseId);
    expect(r.result.errorClass).toBeUndefined();
    expect(r.state).toMatchObject({ status: 'active', consecutiveFailures: 0, entitledSubjects: SUBJECTS, lastSuccessAt: r.now.toISOString() });
    const m = await metrics(r);
    expect(m).toMatchObject({ valid: 1, succeeded: 1, notCovered: 0, hours: 0 });
    expect(m.days).toBeGreaterThan(99);
    expect(m.days).toBeLessThanOrEqual(100);
  });

  it('valid license over HTTPS with a self-signed certificate trusted through the ca option', async () => {
    https.behave(tokenReply());
    const r = await run({ endpoint: https.url, transport: { ca: tlsCert, allowInsecureLoopbackHttp: false } });
    expectContainedRun(r, https.port);
    expectAllowListedRequest(https, r.licenseId);
    expect(r.state).toMatchObject({ status: 'active' });
    expect((await metrics(r)).valid).toBe(1);
  });

  it.each([
    ['expired', { status: 'expired', licenseEndsIn: -DAY }, 'expired'],
    ['revoked', { status: 'revoked' }, 'revoked'],
  ])('%s license: check succeeds, LicenseValid 0', async (_n, over, status) => {
    http.behave(tokenReply(over));
    const r = await run();
    expectContainedRun(r, http.port);
    expect(r.state).toMatchObject({ status, consecutiveFailures: 0 });
    const m = await metrics(r);
    expect(m).toMatchObject({ valid: 0, succeeded: 1 });
  });

  it('subject not covered: SubjectsNotCovered counts the missing id', async () => {
    http.behave(tokenReply({ status: 'unknown-subject', subjects: [SUBJECTS[0]] }));
    const r = await run();
    expectContainedRun(r, http.port);
    expect(r.state).toMatchObject({ status: 'unknown-subject', entitledSubjects: [SUBJECTS[0]] });
    expect(await metrics(r)).toMatchObject({ notCovered: 1, succeeded: 1 });
  });
});

describe('answers that must not count as licensed', () => {
  const cases: Array<[string, () => void, string]> = [
    ['wrong nonce', () => http.behave(tokenReply({ nonce: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' })), 'nonce-mismatch'],
    ['bad signature (right kid, other key)', () => http.behave(tokenReply({ signer: stranger })), 'bad-signature'],
    ['unknown key id', () => http.behave(tokenReply({ kid: 'rotated-away-1999' })), 'unknown-key'],
    ['stale answer (issued an hour ago)', () => http.behave(tokenReply({ iatOffset: -3600 })), 'time-window'],
    ['token already expired', () => http.behave(tokenReply({ iatOffset: -10, expOffset: -3600 })), 'time-window'],
    ['token for another account', () => http.behave(tokenReply({ aud: '999999999999' })), 'claims-invalid'],
    ['offline token replayed as an online answer', () => http.behave(tokenReply({ mode: 'offline' })), 'claims-invalid'],
    ['malformed JSON', () => http.behave(() => ({ kind: 'send', status: 200, body: '{"token": "abc' })), 'malformed-response'],
    ['JSON without a token', () => http.behave(() => ({ kind: 'send', status: 200, body: '{"status":"active"}' })), 'malformed-response'],
    ['HTTP 500', () => http.behave(() => ({ kind: 'send', status: 500, body: '{}' })), 'http-status'],
    ['oversized answer', () => http.behave(() => ({ kind: 'send', status: 200, body: 'x'.repeat(64 * 1024) })), 'response-too-large'],
    ['no answer (timeout)', () => http.behave(() => ({ kind: 'hang' })), 'timeout'],
    ['slow drip', () => http.behave(() => ({ kind: 'drip', everyMs: 100 })), 'timeout'],
  ];

  it.each(cases)('%s: failed check stored, metrics published, run resolves', async (_name, setup, errorClass) => {
    setup();
    const before = http.received.length;
    const started = Date.now();
    const r = await run();
    expect(Date.now() - started).toBeLessThan(5000); // the hard deadline holds
    expect(http.received.length).toBe(before + 1);
    expectContainedRun(r, http.port);
    expectAllowListedRequest(http, r.licenseId);
    expect(r.result.errorClass).toBe(errorClass);
    expect(r.state).toMatchObject({ lastErrorClass: errorClass, consecutiveFailures: 1 });
    expect(r.state!.status).toBeUndefined();
    expect(r.state!.lastSuccessAt).toBeUndefined();
    expect(await metrics(r)).toMatchObject({ valid: 0, succeeded: 0, hours: 0, days: undefined, notCovered: undefined });
  });

  it('429 with Retry-After: failure stored with a back-off; the next hourly run does not call', async () => {
    http.behave(() => ({ kind: 'send', status: 429, body: '{}', headers: { 'retry-after': '7200' } }));
    const r = await run();
    expectContainedRun(r, http.port);
    expect(r.state).toMatchObject({ lastErrorClass: 'http-status', notBefore: new Date(r.now.getTime() + 7200_000).toISOString() });
    const before = http.received.length;
    const r2 = await run({ licenseId: r.licenseId, now: new Date(r.now.getTime() + 3600_000) });
    expect(http.received.length).toBe(before);
    expect(r2.result).toMatchObject({ checked: false, skipped: 'backing-off' });
    expect((await metrics(r2)).succeeded).toBe(0);
  });

  it('connection refused', async () => {
    const port = await freePort();
    const r = await run({ endpoint: `http://127.0.0.1:${port}/v1/check` });
    expectContainedRun(r, port);
    expect(r.connections).toContain(`127.0.0.1:${port}`);
    expect(r.result.errorClass).toBe('network');
    expect(await metrics(r)).toMatchObject({ valid: 0, succeeded: 0 });
  });

  it('HTTPS server whose certificate is not trusted: network failure, nothing sent', async () => {
    const before = https.received.length;
    const r = await run({ endpoint: https.url, transport: { allowInsecureLoopbackHttp: false } });
    expectContainedRun(r, https.port);
    expect(https.received.length).toBe(before);
    expect(r.result.errorClass).toBe('network');
  });

  it('plain http endpoint without the test-only allowance: refused before any connection', async () => {
    const before = http.received.length;
    const r = await run({ transport: { allowInsecureLoopbackHttp: false } });
    expectContainedRun(r, undefined);
    expect(r.connections.every((x) => x === `127.0.0.1:${moto.port}`)).toBe(true);
    expect(http.received.length).toBe(before);
    expect(r.result.errorClass).toBe('config');
  });

  it('secret still holding the app placeholder: key-not-set, no call goes out', async () => {
    const placeholder = await createSecret(c, `acme/license-${randomUUID().slice(0, 6)}`, JSON.stringify({ note: 'replace', placeholder: 'Xy12' }));
    const before = http.received.length;
    const r = await run({ secretId: placeholder });
    expectContainedRun(r, undefined);
    expect(http.received.length).toBe(before);
    expect(r.result.errorClass).toBe('key-not-set');
    expect(r.state).toMatchObject({ lastErrorClass: 'key-not-set' });
  });
});

describe('schedule behaviour', () => {
  it('after a success the hourly run skips the call until scheduleHours pass; failures retry hourly; grace ends validity', async () => {
    const t0 = new Date();
    http.behave(tokenReply());
    const first = await run({ now: t0 });
    const licenseId = first.licenseId;
    expect(first.result.checked).toBe(true);

    const calls = http.received.length;
    const hourLater = await run({ licenseId, now: new Date(t0.getTime() + 3600_000) });
    expect(hourLater.result).toMatchObject({ checked: false, skipped: 'not-due' });
    expect(http.received.length).toBe(calls);
    expect(await metrics(hourLater)).toMatchObject({ valid: 1, succeeded: 1, hours: 1 });

    // Six hours later the check is due; the server is down: the check fails, validity holds (grace).
    http.behave(() => ({ kind: 'send', status: 500, body: '{}' }));
    const t6 = new Date(t0.getTime() + 6 * 3600_000);
    const down = await run({ licenseId, now: t6 });
    expect(down.result).toMatchObject({ checked: true, errorClass: 'http-status' });
    expect(await metrics(down)).toMatchObject({ valid: 1, succeeded: 0, hours: 6 });
    expect(down.state).toMatchObject({ status: 'active', consecutiveFailures: 1 });

    // While failing, every hourly run calls again.
    const t7 = new Date(t0.getTime() + 7 * 3600_000);
    const retry = await run({ licenseId, now: t7 });
    expect(retry.result.checked).toBe(true);
    expect(retry.state).toMatchObject({ consecutiveFailures: 2 });

    // Past the 72 h grace period the license no longer counts as valid; the stored status stays.
    const t73 = new Date(t0.getTime() + 73 * 3600_000);
    const late = await run({ licenseId, now: t73 });
    expect(await metrics(late)).toMatchObject({ valid: 0, succeeded: 0, hours: 73 });
    expect(late.state).toMatchObject({ status: 'active', consecutiveFailures: 3, firstAttemptAt: t0.toISOString() });
  });

  it('a change of monitored subjects makes the check due at once', async () => {
    http.behave(tokenReply());
    const first = await run();
    const calls = http.received.length;
    const r = await run({ licenseId: first.licenseId, now: new Date(first.now.getTime() + 60_000), input: { subjects: [...SUBJECTS, 'Z9999999999ZZZZZZZZZZ'] } });
    expect(r.result.checked).toBe(true);
    expect(http.received.length).toBe(calls + 1);
    expect(JSON.parse(http.received.at(-1)!.raw.toString()).subjects).toEqual([...SUBJECTS, 'Z9999999999ZZZZZZZZZZ']);
  });
});

describe('offline (air-gapped) token', () => {
  async function offlineToken(licenseId: string, over: { expOffset?: number; status?: string } = {}) {
    const nowS = Math.floor(Date.now() / 1000);
    return signLicenseToken(signer, {
      licenseId, accountId: ACCOUNT, mode: 'offline', status: over.status ?? 'active',
      licenseExpiresAt: nowS + 200 * DAY, subjects: SUBJECTS, iat: nowS - DAY, exp: nowS + (over.expOffset ?? 365 * DAY),
    });
  }

  it('verified locally; no connection except the AWS endpoint; secret not read', async () => {
    const licenseId = `lic_${randomUUID().slice(0, 8)}`;
    const token = await offlineToken(licenseId);
    const before = http.received.length;
    const r = await run({ licenseId, input: { offlineToken: token, endpoint: undefined, secretId: undefined } });
    expectContainedRun(r, undefined);
    expect(r.connections.every((x) => x === `127.0.0.1:${moto.port}`)).toBe(true);
    expect(r.ops).not.toContain('SecretsManagerClient:GetSecretValueCommand');
    expect(http.received.length).toBe(before);
    expect(r.state).toMatchObject({ source: 'offline', status: 'active' });
    expect(await metrics(r)).toMatchObject({ valid: 1, succeeded: 1, notCovered: 0 });
  });

  it('an expired offline token is a failed check', async () => {
    const licenseId = `lic_${randomUUID().slice(0, 8)}`;
    const token = await offlineToken(licenseId, { expOffset: -3600 });
    const r = await run({ licenseId, input: { offlineToken: token, endpoint: undefined, secretId: undefined } });
    expectContainedRun(r, undefined);
    expect(r.result.errorClass).toBe('time-window');
    expect(await metrics(r)).toMatchObject({ valid: 0, succeeded: 0 });
  });
});
