/**
 * The CLI's AWS clients (bin/doctor.ts defaultClients) take the user's credentials from one
 * credential chain, the current one, whatever the version of each client package: the Route 53
 * Resolver client is pinned at an older release (lib/doctor/resolver-logging.ts) whose own chain
 * predates `aws login` sessions (a profile with `login_session`, its token cached under
 * ~/.aws/login/cache). Here a profile of that kind, with a valid cached token, is the only source
 * of credentials, and the doctor then reads a VPC's Resolver query logging from moto server.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { defaultClients } from '../../bin/doctor';
import { parseConfig } from '../../lib/config/load';
import { type DoctorClients, runDoctor } from '../../lib/doctor';
import { startMoto, type MotoServer } from '../support/moto';

const SESSION = 'arn:aws:iam::111122223333:user/oncall';
const KEY_ID = 'ASIAFROMAWSLOGIN0001';
const SAVED = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE', 'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE', 'AWS_LOGIN_CACHE_DIRECTORY', 'AWS_ENDPOINT_URL'];
const saved = Object.fromEntries(SAVED.map((k) => [k, process.env[k]]));

let moto: MotoServer;
beforeAll(async () => {
  moto = await startMoto();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aws-login-'));
  const cache = path.join(dir, 'cache');
  fs.mkdirSync(cache);
  fs.writeFileSync(path.join(dir, 'config'), `[profile console]\nlogin_session = ${SESSION}\nregion = eu-west-1\n`);
  fs.writeFileSync(path.join(dir, 'credentials'), '');
  const token = {
    accessToken: { accessKeyId: KEY_ID, secretAccessKey: 'secretfromawslogin', sessionToken: 'session-token', accountId: '111122223333', expiresAt: new Date(Date.now() + 3_600_000).toISOString() },
    clientId: 'arn:aws:signin:::devtools/same-device',
    refreshToken: 'refresh-token',
    dpopKey: 'unused while the access token is valid',
  };
  fs.writeFileSync(path.join(cache, `${createHash('sha256').update(SESSION).digest('hex')}.json`), JSON.stringify(token));
  for (const k of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN']) delete process.env[k];
  Object.assign(process.env, {
    AWS_PROFILE: 'console',
    AWS_CONFIG_FILE: path.join(dir, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'credentials'),
    AWS_LOGIN_CACHE_DIRECTORY: cache,
    AWS_ENDPOINT_URL: moto.endpoint,
  });
}, 60_000);
afterAll(async () => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  await moto?.stop();
});

/** One client of every kind the CLI makes (defaultClients), by kind. */
function everyClient(): Record<keyof DoctorClients, unknown> {
  const c = defaultClients();
  return {
    sns: c.sns('eu-west-1'),
    secrets: c.secrets('eu-west-1'),
    logs: c.logs('eu-west-1'),
    cloudwatch: c.cloudwatch('eu-west-1'),
    route53: c.route53(),
    cloudtrail: c.cloudtrail('eu-west-1'),
    sqs: c.sqs('eu-west-1'),
    resolver: c.resolver('eu-west-1'),
    lambda: c.lambda('eu-west-1'),
    dynamodb: c.dynamodb('eu-west-1'),
    route53domains: c.route53domains(),
    events: c.events('eu-west-1'),
    kms: c.kms('eu-west-1'),
    scheduler: c.scheduler('eu-west-1'),
  };
}

describe("the CLI's clients with an `aws login` session as the only credentials", () => {
  it('every client resolves them', async () => {
    const clients = everyClient() as Record<keyof DoctorClients, { config: { credentials: () => Promise<{ accessKeyId: string }> } }>;
    const ids: Record<string, string> = {};
    for (const [kind, client] of Object.entries(clients)) ids[kind] = await client.config.credentials().then((k) => k.accessKeyId, (e: Error) => `failed: ${e.message}`);
    expect(ids).toEqual(Object.fromEntries(Object.keys(clients).map((k) => [k, KEY_ID])));
  });

  it("doctor reads the VPC's Resolver query logging with them", async () => {
    const cfg = parseConfig({ prefix: 'cred', resolverVpcs: [{ vpcId: 'vpc-0123456789abcdef0', region: 'eu-west-1', queryLogging: { logGroupName: '/dns/vpc' } }], alerts: { email: ['oncall@example.com'] } });
    const report = await runDoctor(cfg, defaultClients(), { checks: ['query-logging'] });
    expect(report.findings.map((f) => f.problem)).toEqual(['no Resolver query logging configuration is associated with this VPC: Resolver writes no query logs for it']);
  });
});

describe("the CLI's clients on a connection that stalls", () => {
  it("every client gives up on a connection as the AWS CLI does (no connection in 60 s, or 60 s silent) instead of waiting for good", async () => {
    const { AWS_CLI } = await import('../../lib/aws-facts');
    const clients = everyClient();
    const timeouts: Record<string, unknown> = {};
    for (const [kind, client] of Object.entries(clients)) {
      // The options each client's HTTP handler resolved (every @smithy/node-http-handler release holds
      // them in `configProvider`); the Resolver client's older release calls the silent-socket timeout
      // `requestTimeout` (it takes `socketTimeout` as its other name).
      const handler = (client as unknown as { config: { requestHandler: { configProvider: Promise<Record<string, unknown>> } } }).config.requestHandler;
      const o = await handler.configProvider;
      timeouts[kind] = { connect: o.connectionTimeout, silent: o.socketTimeout ?? o.requestTimeout };
    }
    expect(timeouts).toEqual(Object.fromEntries(Object.keys(clients).map((k) => [k, { connect: AWS_CLI.connectTimeoutMs, silent: AWS_CLI.readTimeoutMs }])));
  });
});
