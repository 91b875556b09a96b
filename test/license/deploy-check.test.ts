/** The deploy-time check against a real license server on 127.0.0.1 and moto. */
jest.mock('jose', () => require('./support/esm').loadEsmAsCjs('jose'));
jest.mock('@middy/core', () => require('./support/esm').loadEsmAsCjs('@middy/core'));

import { randomUUID } from 'node:crypto';
import { runDeployCheck, DeployCheckDeps } from '../../lambdas/license-check/deploy-check';
import type { DeployCheckProps } from '../../lambdas/license-check/properties';
import { startMoto, MotoServer } from '../support/moto';
import { freePort } from '../support/net';
import { clients, Clients, createKeySecretIn, createSecret, createTable, invokeEntryPoint } from './support/aws';
import { startLicenseServer, LicenseServer, Reply } from './support/license-server';
import { recordConnections, recordOperations } from './support/recorders';
import { makeSigner, signLicenseToken, TestSigner } from './support/tokens';

const ACCOUNT = '123456789012';
const SUBJECTS = ['Z0123456789ABCDEFGHIJ', 'vpc-0123456789abcdef0'];
const TABLE = 'license-deploy';
const DAY = 86_400;

let moto: MotoServer;
let c: Clients;
let server: LicenseServer;
let signer: TestSigner;
let secretArn: string;

beforeAll(async () => {
  moto = await startMoto();
  c = clients(moto);
  await createTable(c, TABLE);
  secretArn = await createSecret(c, 'acme/license', JSON.stringify({ licenseKey: 'ck_live_0123456789abcdef' }));
  signer = await makeSigner('codreum-test-2025');
  server = await startLicenseServer();
});
afterAll(async () => {
  await server?.close();
  await moto?.stop();
});

function reply(over: { status?: string; subjects?: string[]; kid?: string; licenseEndsIn?: number } = {}) {
  return async (req: { raw: Buffer }): Promise<Reply> => {
    const sent = JSON.parse(req.raw.toString('utf8'));
    const nowS = Math.floor(Date.now() / 1000);
    const token = await signLicenseToken(
      signer,
      {
        licenseId: sent.licenseId, accountId: sent.accountId, mode: 'online', nonce: sent.nonce,
        status: over.status ?? 'active', licenseExpiresAt: nowS + (over.licenseEndsIn ?? 100 * DAY),
        subjects: over.subjects ?? sent.subjects, iat: nowS, exp: nowS + DAY,
      },
      { kid: over.kid },
    );
    return { kind: 'send', status: 200, body: JSON.stringify({ token }) };
  };
}

async function check(props: Partial<DeployCheckProps> = {}) {
  const ops: string[] = [];
  const cl = clients(moto);
  recordOperations(ops, cl.raw, cl.sm);
  const deps: DeployCheckDeps = {
    ddb: cl.ddb,
    sm: cl.sm,
    accountId: ACCOUNT,
    keySet: { keys: [signer.publicJwk] },
    transport: { timeoutMs: 1000, maxResponseBytes: 16_384, allowInsecureLoopbackHttp: true },
    now: () => new Date(),
  };
  const rec = recordConnections();
  try {
    const out = await runDeployCheck(
      {
        licenseId: `lic_${randomUUID().slice(0, 8)}`,
        productVersion: '1.2.3',
        subjects: SUBJECTS,
        tableName: TABLE,
        endpoint: server.url,
        secretId: secretArn,
        ...props,
      },
      deps,
    );
    for (const op of ops) expect(['DynamoDBClient:GetItemCommand', 'DynamoDBClient:PutItemCommand', 'SecretsManagerClient:GetSecretValueCommand']).toContain(op);
    return { out, connections: rec.connections, ops };
  } finally {
    rec.stop();
  }
}

describe('deploy-time license check', () => {
  it('valid license covering every subject: ok', async () => {
    server.behave(reply());
    const { out, connections } = await check();
    expect(out.outcome).toBe('ok');
    expect(out.message).toMatch(/covers all 2 monitored subjects/);
    for (const conn of connections) expect([`127.0.0.1:${moto.port}`, `127.0.0.1:${server.port}`]).toContain(conn);
  });

  it.each([
    ['revoked', { status: 'revoked' }, /is revoked/],
    ['expired', { status: 'expired', licenseEndsIn: -DAY }, /is expired/],
    ['ended although marked active', { licenseEndsIn: -60 }, /ended on/],
  ])('%s license: fails with a clear message and the way out', async (_n, over, re) => {
    server.behave(reply(over));
    const { out } = await check();
    expect(out.outcome).toBe('fail');
    expect(out.message).toMatch(re);
    expect(out.message).toMatch(/license\.deployCheck: false/);
  });

  it('subjects not covered: fails and names them', async () => {
    server.behave(reply({ status: 'unknown-subject', subjects: [SUBJECTS[0]] }));
    const { out } = await check();
    expect(out.outcome).toBe('fail');
    expect(out.message).toContain('does not cover 1 monitored subject(s): vpc-0123456789abcdef0');
  });

  it.each([
    ['HTTP 500', () => server.behave(() => ({ kind: 'send', status: 500, body: '' })), 'http-status'],
    ['timeout', () => server.behave(() => ({ kind: 'hang' })), 'timeout'],
    ['unverifiable answer', () => server.behave(reply({ kid: 'unknown-kid' })), 'unknown-key'],
  ])('%s: the deployment proceeds with a warning', async (_n, setup, errorClass) => {
    setup();
    const { out } = await check();
    expect(out.outcome).toBe('warning');
    expect(out.message).toContain(errorClass);
    expect(out.message).toMatch(/deployment continues/);
  });

  it('server unreachable (connection refused): warning', async () => {
    const port = await freePort();
    const { out } = await check({ endpoint: `http://127.0.0.1:${port}/v1/check` });
    expect(out).toMatchObject({ outcome: 'warning' });
    expect(out.message).toContain('network');
  });

  it('key not set yet (app-created placeholder secret): warning telling how to set it', async () => {
    const placeholder = await createSecret(c, `acme/license-${randomUUID().slice(0, 6)}`, JSON.stringify({ note: 'x', placeholder: 'abc' }));
    const { out } = await check({ secretId: placeholder });
    expect(out.outcome).toBe('warning');
    expect(out.message).toContain('put-secret-value');
  });

  it('a configuration that passed before is not blocked on rollback', async () => {
    const licenseId = `lic_${randomUUID().slice(0, 8)}`;
    server.behave(reply());
    expect((await check({ licenseId })).out.outcome).toBe('ok');
    server.behave(reply({ status: 'revoked' }));
    const rollback = await check({ licenseId });
    expect(rollback.out.outcome).toBe('warning');
    expect(rollback.out.message).toMatch(/rollback/);
    // A new configuration (another subject) is still blocked.
    const changed = await check({ licenseId, subjects: [...SUBJECTS, 'Z9999999999ZZZZZZZZZZ'] });
    expect(changed.out.outcome).toBe('fail');
  });

  it.each([
    ['warning (HTTP 500)', () => server.behave(() => ({ kind: 'send', status: 500, body: '' }))],
    ['503 with Retry-After', () => server.behave(() => ({ kind: 'send', status: 503, body: '', headers: { 'retry-after': '120' } }))],
  ])('%s, then revoked: the failed update rolls back without failing (never UPDATE_ROLLBACK_FAILED)', async (_n, first) => {
    const licenseId = `lic_${randomUUID().slice(0, 8)}`;
    first();
    expect((await check({ licenseId })).out.outcome).toBe('warning');
    // An update that adds a subject the (now revoked) license does not cover is refused ...
    server.behave(reply({ status: 'revoked' }));
    const added = [...SUBJECTS, 'Z9999999999ZZZZZZZZZZ'];
    const update = await check({ licenseId, subjects: added });
    expect(update.out.outcome).toBe('fail');
    expect(update.out.message).toContain('Z9999999999ZZZZZZZZZZ');
    // ... and CloudFormation's rollback re-applies the deployed properties: that must pass.
    const rollback = await check({ licenseId });
    expect(rollback.out.outcome).toBe('warning');
    expect(rollback.out.message).toMatch(/rollback/);
  });

  it('an expired license never blocks updating monitoring of subjects already deployed', async () => {
    const licenseId = `lic_${randomUUID().slice(0, 8)}`;
    server.behave(reply());
    expect((await check({ licenseId })).out.outcome).toBe('ok');
    server.behave(reply({ status: 'expired', licenseEndsIn: -DAY }));
    // A new product version (another configuration), same subjects: warn loudly, deploy.
    const upgrade = await check({ licenseId, productVersion: '1.3.0' });
    expect(upgrade.out.outcome).toBe('warning');
    expect(upgrade.out.message).toMatch(/is expired/);
    expect(upgrade.out.message).toMatch(/already monitored/);
    // Removing a subject is no addition either.
    expect((await check({ licenseId, subjects: [SUBJECTS[0]] })).out.outcome).toBe('warning');
  });

  it('an unexpected error (state table missing) lets the deployment proceed with a warning, never a failed update or rollback', async () => {
    server.behave(reply({ status: 'revoked' }));
    const { out } = await check({ tableName: 'no-such-table' });
    expect(out.outcome).toBe('warning');
    expect(out.message).toMatch(/could not run/);
  });

  it('offline token: verified without any call; an invalid one fails the deployment', async () => {
    const licenseId = `lic_${randomUUID().slice(0, 8)}`;
    const nowS = Math.floor(Date.now() / 1000);
    const token = await signLicenseToken(signer, {
      licenseId, accountId: ACCOUNT, mode: 'offline', status: 'active', licenseExpiresAt: nowS + 300 * DAY,
      subjects: SUBJECTS, iat: nowS - DAY, exp: nowS + 365 * DAY,
    });
    const before = server.received.length;
    const ok = await check({ licenseId, offlineToken: token, endpoint: undefined, secretId: undefined });
    expect(ok.out.outcome).toBe('ok');
    expect(ok.connections.every((x) => x === `127.0.0.1:${moto.port}`)).toBe(true);
    expect(ok.ops).not.toContain('SecretsManagerClient:GetSecretValueCommand');
    expect(server.received.length).toBe(before);
    const bad = await check({ offlineToken: token.slice(0, -4) + 'AAAA', endpoint: undefined, secretId: undefined });
    expect(bad.out.outcome).toBe('fail');
    expect(bad.out.message).toMatch(/offline token does not verify/);
  });
});

describe('license-check Lambda entry point', () => {
  it('Delete requests succeed without any AWS or network call', async () => {
    const rec = recordConnections();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { handler } = require('../../lambdas/license-check/index');
    try {
      const out = await handler(
        {
          RequestType: 'Delete',
          PhysicalResourceId: 'license-check-lic_1',
          ResourceProperties: { ServiceToken: 'arn:x', licenseId: 'lic_1', productVersion: '1', subjects: [], tableName: 'tbl', endpoint: 'https://license.codreum.com/v1/check', secretId: 's' },
        },
        { invokedFunctionArn: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:f`, functionName: 'f', awsRequestId: 'r' },
      );
      expect(out).toEqual({ PhysicalResourceId: 'license-check-lic_1' });
      expect(rec.connections).toEqual([]);
    } finally {
      rec.stop();
    }
  });

  it('Create reads a key secret of another region (license.keySecretArn) in that region', async () => {
    const arn = await createKeySecretIn(moto, 'eu-west-1', 'acme/license-eu');
    expect(arn).toMatch(/^arn:aws:secretsmanager:eu-west-1:/);
    const { out, connections } = await invokeEntryPoint(
      moto,
      'license-check',
      {
        RequestType: 'Create',
        ResourceProperties: { ServiceToken: 'arn:x', licenseId: 'lic_eu', productVersion: '1', subjects: SUBJECTS, tableName: TABLE, endpoint: server.url, secretId: arn },
      },
      { invokedFunctionArn: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:f`, functionName: 'f', awsRequestId: 'r' },
    );
    // The key was read (the secret is read before the call); the production transport then
    // refused this suite's plain-HTTP test server, without a connection.
    expect(out.Data.Outcome).toBe('warning');
    expect(out.Data.Message).toMatch(/could not be verified now \(config: license endpoint must use https/);
    expect(new Set(connections)).toEqual(new Set([`127.0.0.1:${moto.port}`]));
  });
});
