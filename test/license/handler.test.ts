/**
 * The production entry point of the reporter (middy + Powertools, pinned key set, https-only
 * transport) run in-process against moto and a loopback HTTPS server whose certificate the
 * production transport does not trust.
 */
jest.mock('jose', () => require('./support/esm').loadEsmAsCjs('jose'));
jest.mock('@middy/core', () => require('./support/esm').loadEsmAsCjs('@middy/core'));

import { startMoto, MotoServer } from '../support/moto';
import { clients, createKeySecretIn, createSecret, createTable, invokeEntryPoint, readItem, readMetric } from './support/aws';
import { startLicenseServer, LicenseServer } from './support/license-server';
import { recordConnections } from './support/recorders';
import { selfSignedLoopbackCert } from './support/tls';

let moto: MotoServer;
let server: LicenseServer;
const saved = { ...process.env };

beforeAll(async () => {
  moto = await startMoto();
  server = await startLicenseServer(selfSignedLoopbackCert());
});
afterAll(async () => {
  process.env = saved;
  await server?.close();
  await moto?.stop();
});

it('runs a scheduled event end to end: failed check stored and published, handler resolves', async () => {
  const c = clients(moto);
  await createTable(c, 'state');
  const secretArn = await createSecret(c, 'acme/license', JSON.stringify({ licenseKey: 'ck_live_0123456789abcdef' }));
  process.env.AWS_ENDPOINT_URL = moto.endpoint;
  process.env.AWS_ACCESS_KEY_ID = 'testing';
  process.env.AWS_SECRET_ACCESS_KEY = 'testing';
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { handler } = require('../../lambdas/license-reporter/index');
  const rec = recordConnections();
  let out;
  try {
    out = await handler(
      {
        licenseId: 'lic_handler_1',
        productVersion: '1.2.3',
        subjects: ['Z0123456789ABCDEFGHIJ'],
        tableName: 'state',
        scheduleHours: 6,
        graceHours: 72,
        endpoint: server.url,
        secretId: secretArn,
      },
      { invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:reporter', functionName: 'reporter', awsRequestId: 'req-1' },
    );
  } finally {
    rec.stop();
  }
  expect(out).toMatchObject({ checked: true, errorClass: 'network' });
  expect(server.received).toHaveLength(0); // the TLS handshake failed: nothing was sent
  for (const conn of rec.connections) expect([`127.0.0.1:${moto.port}`, `127.0.0.1:${server.port}`]).toContain(conn);
  expect(rec.connections).toContain(`127.0.0.1:${server.port}`);
  const item = await readItem(c, 'state', 'license#lic_handler_1');
  expect(item).toMatchObject({ lastErrorClass: 'network', consecutiveFailures: 1 });
  expect(await readMetric(c, 'lic_handler_1', 'CheckSucceeded', new Date())).toBe(0);
});

it('rejects an event that is not the run configuration (strict schema)', async () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { handler } = require('../../lambdas/license-reporter/index');
  await expect(
    handler({ licenseId: 'x', extra: 1 }, { invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:r', functionName: 'r', awsRequestId: 'r' }),
  ).rejects.toThrow();
});

it('reads a key secret of another region (license.keySecretArn) in that region: Secrets Manager does not route by the ARN', async () => {
  // The function runs in us-east-1 (AWS_REGION of the test command); the secret lives in eu-west-1.
  const secretArn = await createKeySecretIn(moto, 'eu-west-1', 'acme/license-eu');
  expect(secretArn).toMatch(/^arn:aws:secretsmanager:eu-west-1:/);
  await createTable(clients(moto), 'state-eu');
  const { out, connections } = await invokeEntryPoint(
    moto,
    'license-reporter',
    { licenseId: 'lic_handler_eu', productVersion: '1.2.3', subjects: ['Z0123456789ABCDEFGHIJ'], tableName: 'state-eu', scheduleHours: 6, graceHours: 72, endpoint: server.url, secretId: secretArn },
    { invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:reporter', functionName: 'reporter', awsRequestId: 'req-eu' },
  );
  // The key was read (a secret it cannot read is `secret-unreadable`); the call then failed at TLS.
  expect(out).toMatchObject({ checked: true, errorClass: 'network' });
  expect(connections).toContain(`127.0.0.1:${server.port}`);
});
