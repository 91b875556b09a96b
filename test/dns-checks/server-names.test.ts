/**
 * A check's server given by name is looked up as the prober in Lambda looks it up: with the
 * system's resolver (getaddrinfo, which reads /etc/resolv.conf). `dns-monitor check` runs the
 * same code, here in a mount namespace of its own whose /etc/resolv.conf names a resolver on a
 * loopback address: a BIND on 127.0.0.31 serving the server names (port 53, the only port
 * resolv.conf takes; binding it needs root, as the test command runs on Debian), a socket on
 * 127.0.0.32 that takes queries and never answers, or 127.0.0.33 where nothing listens.
 */
import { execFile } from 'node:child_process';
import * as dgram from 'node:dgram';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type BindServer, loopbackAddress, startBind, zoneFile } from '../support/bind';
import { writeConfigFile } from '../support/cli';

const asRoot = process.getuid?.() === 0;
if (!asRoot) console.warn('server-names.test: not root, these tests need port 53 and a mount namespace and are skipped');
const itRoot = asRoot ? it : it.skip;

const NAMES = 'names.test';
let names: BindServer;
let target: BindServer;
let silent: dgram.Socket;
const removeAddresses: (() => void)[] = [];

beforeAll(async () => {
  target = await startBind({ 'example.test': zoneFile('example.test', 7, ['www IN A 192.0.2.80']) });
  if (!asRoot) return;
  removeAddresses.push(loopbackAddress('127.0.0.31'));
  names = await startBind({ [NAMES]: zoneFile(NAMES, 1, ['ok IN A 127.0.0.1', 'v6only IN AAAA ::1', 'text IN TXT "no address"']) }, { host: '127.0.0.31', port: 53 });
  silent = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => silent.bind(53, '127.0.0.32', resolve));
}, 60_000);

afterAll(async () => {
  await names?.stop();
  await target?.stop();
  silent?.close();
  for (const remove of removeAddresses) remove();
});

/**
 * `dns-monitor check --json` of one A check of www.example.test asking `server`, with the
 * machine's resolver at `resolver` (resolv.conf `options` too, when given).
 */
async function checkWith(resolver: string, server: string, opts: { timeoutMs?: number; resolvConf?: string; args?: readonly string[] } = {}) {
  const file = writeConfigFile({ prefix: 'acme', dnsChecks: [{ name: 'www', query: 'www.example.test', type: 'A', servers: [server], timeoutMs: opts.timeoutMs ?? 2000, expect: { answers: ['192.0.2.80'] } }] }, 'server-names');
  const resolvConf = path.join(path.dirname(file), 'resolv.conf');
  fs.writeFileSync(resolvConf, `nameserver ${resolver}\n${opts.resolvConf ?? ''}`);
  const cli = path.join(__dirname, '..', '..', 'bin', 'dns-monitor-cli.js');
  const script = 'mount --bind "$1" /etc/resolv.conf && shift && exec "$@"';
  return new Promise<{ code: number; checks: { ok: boolean; server: string; rcode: string; reason: string; ms?: number }[]; err: string }>((resolve) => {
    execFile('unshare', ['--mount', '--', 'sh', '-c', script, 'sh', resolvConf, process.execPath, cli, 'check', file, '--json', ...(opts.args ?? [])], { timeout: 60_000 }, (e, out, err) => {
      resolve({ code: typeof e?.code === 'number' ? e.code : 0, checks: out ? JSON.parse(out).checks : [], err });
    });
  });
}

describe('a server given by name', () => {
  itRoot('is asked at the address the system resolver gives, and its answer time counts from the query, not from the lookup', async () => {
    // The first resolver is silent: the lookup takes resolv.conf's timeout (1 s), then the second answers.
    const run = await checkWith('127.0.0.32', `ok.${NAMES}:${target.port}`, { timeoutMs: 3000, resolvConf: 'nameserver 127.0.0.31\noptions timeout:1 attempts:1\n' });
    expect(run.checks).toEqual([expect.objectContaining({ ok: true, server: `ok.${NAMES}:${target.port}`, rcode: 'NOERROR', ms: expect.any(Number) })]);
    expect(run.checks[0].ms).toBeLessThan(1000);
    expect(run.code).toBe(0);
  }, 90_000);

  itRoot('that does not exist, or has no IPv4 address, fails saying so, not as a socket error', async () => {
    for (const host of [`nx.${NAMES}`, `v6only.${NAMES}`, `text.${NAMES}`]) {
      const run = await checkWith('127.0.0.31', `${host}:${target.port}`);
      expect(run.code).toBe(1);
      expect(run.checks).toEqual([
        expect.objectContaining({ ok: false, rcode: 'ERROR', reason: `the server name ${host} has no IPv4 address: its lookup found no such name, or no A record (getaddrinfo ENOTFOUND) — no query was sent` }),
      ]);
    }
  }, 90_000);

  itRoot('fails saying the lookup failed when the resolver refuses it, not that the server did not answer', async () => {
    const run = await checkWith('127.0.0.33', `ok.${NAMES}:${target.port}`);
    expect(run.checks).toEqual([
      expect.objectContaining({ ok: false, rcode: 'ERROR', reason: `the server name ok.${NAMES} could not be looked up: the resolver did not answer, or answered with an error (getaddrinfo EAI_AGAIN) — no query was sent` }),
    ]);
  }, 90_000);

  itRoot("fails saying the lookup took the check's time when the resolver is silent, not that the server did not answer", async () => {
    // resolv.conf's timeout (1 s) is longer than the check's: the lookup is still waiting when the check ends.
    const run = await checkWith('127.0.0.32', `ok.${NAMES}:${target.port}`, { timeoutMs: 500, resolvConf: 'options timeout:1 attempts:1\n' });
    expect(run.checks).toEqual([
      expect.objectContaining({ ok: false, rcode: 'ERROR', reason: `the server name ok.${NAMES} was not looked up within 500 ms: the resolver did not answer in time — no query was sent` }),
    ]);
  }, 90_000);

  itRoot('looked up with the lookup resolvers (`check --resolver`): a name that does not exist, or has no A record, fails saying which', async () => {
    const expected = { [`nx.${NAMES}`]: 'no such name (NXDOMAIN) (queryA ENOTFOUND)', [`v6only.${NAMES}`]: 'no A record (queryA ENODATA)', [`text.${NAMES}`]: 'no A record (queryA ENODATA)' };
    for (const [host, found] of Object.entries(expected)) {
      // The system's resolver is the silent one: only the lookup resolver given is asked.
      const run = await checkWith('127.0.0.32', `${host}:${target.port}`, { args: ['--resolver', '127.0.0.31'] });
      expect(run.checks).toEqual([expect.objectContaining({ ok: false, rcode: 'ERROR', reason: `the server name ${host} has no IPv4 address: its lookup found ${found} — no query was sent` })]);
    }
    const ok = await checkWith('127.0.0.32', `ok.${NAMES}:${target.port}`, { args: ['--resolver', '127.0.0.31'] });
    expect(ok.checks).toEqual([expect.objectContaining({ ok: true, rcode: 'NOERROR' })]);
  }, 90_000);
});
