/**
 * A check's server given by name is looked up as the prober in Lambda looks it up: with the
 * system's resolver (getaddrinfo, which reads /etc/resolv.conf). `dns-monitor check` runs the
 * same code, here in a mount namespace of its own whose /etc/resolv.conf names a resolver on a
 * loopback address: a BIND on 127.0.0.31 serving the server names (port 53, the only port
 * resolv.conf takes; binding it needs root, as the test command runs on Debian), a socket on
 * 127.0.0.32 that takes queries and never answers, 127.0.0.33 where nothing listens, or a relay
 * on 127.0.0.34 that passes queries to the BIND and counts the lookups of each name. The
 * server asked listens on 127.0.0.1 and ::1, so a name with only an AAAA record reaches it over
 * IPv6 (checks with deploy: false; the prober has no outbound IPv6).
 */
import { execFile } from 'node:child_process';
import * as dgram from 'node:dgram';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as dnsPacket from 'dns-packet';
import { type BindServer, loopbackAddress, startBind, zoneFile } from '../support/bind';
import { writeConfigFile } from '../support/cli';
import { freePort } from '../support/net';
import { scheduledProberRuns, synthesizedProber } from '../support/scheduled-prober';
import { HELPER_NAME } from '../../bin/lookup-helper';
import { PROBER_LOOKUP_THREADS } from '../../contracts/dns-check';
import { type DelayRelay, startRelay } from '../support/dns-delay';
import { Route53Client } from '@aws-sdk/client-route-53';
import { startMoto } from '../support/moto';
import { createHostedZone } from '../support/moto-zones';
import { route53ReaderConfig } from '../../lambdas/dns-prober/zone-servers';
import { LAMBDA, ROUTE53 } from '../../lib/aws-facts';

const asRoot = process.getuid?.() === 0;
if (!asRoot) console.warn('server-names.test: not root, these tests need port 53 and a mount namespace and are skipped');
const itRoot = asRoot ? it : it.skip;

const NAMES = 'names.test';
let names: BindServer;
let target: BindServer;
let silent: dgram.Socket;
let counting: DelayRelay;
/** A resolver on 127.0.0.35 that never answers a lookup of a name starting with `stuck` and passes the others to the names' BIND. */
let stuckFor: DelayRelay;
/**
 * The lookups the counting relay passed on: `<name> <type>` -> the message ids seen. A resolver
 * that asks again after a timeout (a loaded machine) sends the same id, so one lookup is one id.
 */
const lookups = new Map<string, Set<number>>();
/** The datagrams the silent socket took: `<name> <type>` -> how many (a resolver asking again sends one more). */
const silentlyTaken = new Map<string, number>();
const removeAddresses: (() => void)[] = [];

beforeAll(async () => {
  target = await startBind({ 'example.test': zoneFile('example.test', 7, ['www IN A 192.0.2.80']) }, { ipv6: true });
  if (!asRoot) return;
  removeAddresses.push(loopbackAddress('127.0.0.31'));
  names = await startBind({ [NAMES]: zoneFile(NAMES, 1, ['ok IN A 127.0.0.1', 'v6only IN AAAA ::1', 'text IN TXT "no address"', 'mixed IN A 127.0.0.1', 'mixed IN A 198.51.100.7', 'twin IN A 127.0.0.1', 'twin IN A 10.0.0.53']) }, { host: '127.0.0.31', port: 53 });
  silent = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => silent.bind(53, '127.0.0.32', resolve));
  silent.on('message', (q) => {
    const [question] = dnsPacket.decode(q).questions ?? [];
    if (question) silentlyTaken.set(`${question.name} ${question.type}`, (silentlyTaken.get(`${question.name} ${question.type}`) ?? 0) + 1);
  });
  const count = (q: Buffer) => {
    const [question] = dnsPacket.decode(q).questions ?? [];
    const key = question && `${question.name} ${question.type}`;
    if (key) lookups.set(key, new Set([...(lookups.get(key) ?? []), dnsPacket.decode(q).id ?? -1]));
    return undefined;
  };
  counting = await startRelay('127.0.0.31:53', { udpQuery: count, listen: { host: '127.0.0.34', port: 53 } });
  stuckFor = await startRelay('127.0.0.31:53', { udpDrop: (q) => (dnsPacket.decode(q).questions?.[0]?.name ?? '').startsWith('stuck'), listen: { host: '127.0.0.35', port: 53 } });
}, 60_000);

afterAll(async () => {
  await names?.stop();
  await target?.stop();
  silent?.close();
  await counting?.close();
  await stuckFor?.close();
  for (const remove of removeAddresses) remove();
});

/**
 * `dns-monitor check --json` of one A check of www.example.test asking `server`, with the
 * machine's resolver at `resolver` (resolv.conf `options` too, when given); a deployed check
 * unless `deploy: false`.
 */
async function checkWith(
  resolver: string,
  server: string,
  opts: { timeoutMs?: number; resolvConf?: string; args?: readonly string[]; deploy?: false; tcp?: true; checks?: readonly object[]; json?: false; env?: Readonly<Record<string, string>>; whileRunning?: (pid: number) => Promise<unknown> } = {},
) {
  const check = { name: 'www', query: 'www.example.test', type: 'A', servers: [server], timeoutMs: opts.timeoutMs ?? 2000, expect: { answers: ['192.0.2.80'] }, ...(opts.deploy === false ? { deploy: false } : {}), ...(opts.tcp ? { tcp: true } : {}) };
  const file = writeConfigFile({ prefix: 'acme', dnsChecks: opts.checks ?? [check] }, 'server-names');
  const resolvConf = path.join(path.dirname(file), 'resolv.conf');
  fs.writeFileSync(resolvConf, `nameserver ${resolver}\n${opts.resolvConf ?? ''}`);
  const cli = path.join(__dirname, '..', '..', 'bin', 'dns-monitor-cli.js');
  const script = 'mount --bind "$1" /etc/resolv.conf && shift && exec "$@"';
  const json = opts.json !== false;
  const startedAt = performance.now();
  let during: Promise<unknown> = Promise.resolve();
  const run = await new Promise<{ code: number; checks: { name: string; ok: boolean; server: string; rcode: string; reason: string; ms?: number }[]; out: string; err: string; pid: number; tookMs: number }>((resolve) => {
    // unshare and sh exec the next command: the pid is the command's.
    const child = execFile('unshare', ['--mount', '--', 'sh', '-c', script, 'sh', resolvConf, process.execPath, cli, 'check', file, ...(json ? ['--json'] : []), ...(opts.args ?? [])], { timeout: 90_000, env: { ...process.env, ...opts.env } }, (e, out, err) => {
      resolve({ code: typeof e?.code === 'number' ? e.code : 0, checks: json && out ? JSON.parse(out).checks : [], out, err, pid: child.pid!, tookMs: performance.now() - startedAt });
    });
    if (opts.whileRunning) during = opts.whileRunning(child.pid!);
  });
  return { ...run, during: await during };
}

/** The lookup helpers of the `check` process `pid` still running (named `HELPER_NAME <pid of check>` in their command line). */
function lookupHelpersOf(pid: number): number[] {
  return fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p)).flatMap((p) => {
    try {
      const argv = fs.readFileSync(`/proc/${p}/cmdline`, 'utf8').split('\0');
      return argv.includes(HELPER_NAME) && argv.includes(String(pid)) ? [Number(p)] : [];
    } catch {
      return []; // ended meanwhile
    }
  });
}

/** The reason of a deployed check whose server name has only IPv6 addresses. */
const onlyIpv6 = (host: string, address: string) =>
  `the server name ${host} has no IPv4 address, only IPv6 (${address}), which the prober cannot reach: Lambda has no outbound IPv6 outside a VPC — no query was sent (give the name an A record, or set deploy: false to run the check only with \`npx dns-monitor check\`)`;

describe('a server given by name', () => {
  itRoot('is asked at the address the system resolver gives, and its answer time counts from the query, not from the lookup', async () => {
    // The first resolver is silent: the lookup takes resolv.conf's timeout (1 s), then the second answers.
    const run = await checkWith('127.0.0.32', `ok.${NAMES}:${target.port}`, { timeoutMs: 3000, resolvConf: 'nameserver 127.0.0.31\noptions timeout:1 attempts:1\n' });
    expect(run.checks).toEqual([expect.objectContaining({ ok: true, server: `ok.${NAMES}:${target.port}`, address: '127.0.0.1', rcode: 'NOERROR', ms: expect.any(Number) })]);
    expect(run.checks[0].ms).toBeLessThan(1000);
    expect(run.code).toBe(0);
    // The text names the address beside the server.
    const text = await checkWith('127.0.0.31', `ok.${NAMES}:${target.port}`, { json: false });
    expect(text.out).toMatch(new RegExp(`^✓ www @ ok\\.${NAMES.replace('.', '\\.')}:${target.port} \\[127\\.0\\.0\\.1\\]: NOERROR 192\\.0\\.2\\.80 in \\d+ ms\n`));
  }, 90_000);

  // The config refuses a deployed check that names a private address; a name that resolves to one
  // could only be found when the prober timed out on every run after the deploy.
  itRoot('that resolves to an address the prober cannot reach (here loopback) is said of a deployed check, once per name, and not of one with deploy: false', async () => {
    const server = `ok.${NAMES}:${target.port}`;
    const checks = [
      { name: 'www', query: 'www.example.test', type: 'A', servers: [server], expect: { answers: ['192.0.2.80'] } },
      { name: 'www-again', query: 'www.example.test', type: 'A', servers: [server], expect: { answers: ['192.0.2.80'] } },
    ];
    const deployed = await checkWith('127.0.0.31', server, { checks });
    // A warning, not a failure: the prober's resolver may give the name a public address (split horizon).
    expect(deployed.code).toBe(0);
    expect(deployed.err).toBe(
      `dns-monitor check: warning: ok.${NAMES} (checks www, www-again) resolves to 127.0.0.1 here, a loopback address: the deployed prober runs outside your VPCs and reaches public addresses only, so it would time out on every run unless the name resolves to a public address where the prober runs — to check a server only your network reaches, set deploy: false\n`,
    );
    const local = await checkWith('127.0.0.31', server, { deploy: false });
    expect([local.code, local.err]).toEqual([0, '']);
  }, 90_000);

  // The prober asks the first address its lookup gives, and resolvers rotate a name's addresses:
  // a name with a public address beside a private one would time out on some runs only.
  itRoot('with an address the prober cannot reach beside a public one is said of a deployed check, whichever address the check asked', async () => {
    const server = `mixed.${NAMES}:${target.port}`;
    for (const args of [[], ['--resolver', '127.0.0.31']]) {
      const run = await checkWith('127.0.0.31', server, { args });
      expect({ args, err: run.err }).toEqual({
        args,
        err: `dns-monitor check: warning: mixed.${NAMES} (check www) resolves to 127.0.0.1 here, a loopback address, besides 198.51.100.7: the deployed prober runs outside your VPCs and reaches public addresses only, and asks the first address its lookup gives, so a run given 127.0.0.1 would time out unless the name resolves otherwise where the prober runs — give the name public addresses only, or, to check a server only your network reaches, set deploy: false\n`,
      });
    }
    // Every address unreachable: each is named with its kind, in the order the lookup gave them.
    const twin = await checkWith('127.0.0.31', `twin.${NAMES}:${target.port}`);
    expect(twin.err).toMatch(
      new RegExp(
        `^dns-monitor check: warning: twin\\.names\\.test \\(check www\\) resolves to (127\\.0\\.0\\.1 \\(a loopback address\\), 10\\.0\\.0\\.53 \\(a private \\(RFC 1918\\) address\\)|10\\.0\\.0\\.53 \\(a private \\(RFC 1918\\) address\\), 127\\.0\\.0\\.1 \\(a loopback address\\)) here: the deployed prober runs outside your VPCs and reaches public addresses only, so it would time out on every run unless`,
      ),
    );
  }, 90_000);

  itRoot('that does not exist, or has no address, fails saying so, not as a socket error', async () => {
    for (const host of [`nx.${NAMES}`, `text.${NAMES}`]) {
      const run = await checkWith('127.0.0.31', `${host}:${target.port}`);
      expect(run.code).toBe(1);
      expect(run.checks).toEqual([
        expect.objectContaining({ ok: false, rcode: 'ERROR', reason: `the server name ${host} has no IPv4 address: its lookup found no such name, or no A record (getaddrinfo ENOTFOUND) — no query was sent` }),
      ]);
    }
  }, 90_000);

  itRoot('that has only an IPv6 address fails a deployed check saying the prober cannot reach IPv6, and is asked over IPv6 (UDP and TCP) with deploy: false', async () => {
    const host = `v6only.${NAMES}`;
    const deployed = await checkWith('127.0.0.31', `${host}:${target.port}`);
    expect(deployed.code).toBe(1);
    expect(deployed.checks).toEqual([expect.objectContaining({ ok: false, rcode: 'ERROR', reason: onlyIpv6(host, '::1') })]);
    for (const tcp of [undefined, true] as const) {
      const local = await checkWith('127.0.0.31', `${host}:${target.port}`, { deploy: false, tcp });
      expect(local.checks).toEqual([expect.objectContaining({ ok: true, server: `${host}:${target.port}`, address: '::1', rcode: 'NOERROR' })]);
      expect(local.code).toBe(0);
    }
  }, 90_000);

  itRoot('with deploy: false, a name with neither an A nor an AAAA record fails saying it has no address', async () => {
    for (const host of [`nx.${NAMES}`, `text.${NAMES}`]) {
      const run = await checkWith('127.0.0.31', `${host}:${target.port}`, { deploy: false });
      expect(run.checks).toEqual([
        expect.objectContaining({ ok: false, rcode: 'ERROR', reason: `the server name ${host} has no address: its lookup found no such name, or no A or AAAA record (getaddrinfo ENOTFOUND) — no query was sent` }),
      ]);
    }
  }, 90_000);

  // The prober's follow-up would otherwise give the timeout alone, and the on-call would look for a server that is down.
  itRoot('that resolves to an address the prober cannot reach, when nothing answers there, fails a deployed check saying why the prober cannot reach it', async () => {
    const closed = `ok.${NAMES}:${await freePort()}`;
    const deployed = await checkWith('127.0.0.31', closed, { timeoutMs: 500 });
    expect(deployed.checks).toEqual([expect.objectContaining({ ok: false, address: '127.0.0.1' })]);
    expect(deployed.checks[0].reason).toMatch(
      new RegExp(
        ` — ok\\.${NAMES.replace('.', '\\.')} was asked at 127\\.0\\.0\\.1, a loopback address: the deployed prober runs outside your VPCs and reaches public addresses only, so it cannot reach it there \\(give the name a public address, or set deploy: false to check a server only your network reaches\\)$`,
      ),
    );
    // With deploy: false the check runs only where it can reach the address: its reason is the failure alone.
    const local = await checkWith('127.0.0.31', closed, { timeoutMs: 500, deploy: false });
    expect(local.checks).toEqual([expect.objectContaining({ ok: false, address: '127.0.0.1' })]);
    expect(local.checks[0].reason).not.toMatch(/prober/);
    expect(deployed.checks[0].reason.startsWith(local.checks[0].reason)).toBe(true);
  }, 90_000);

  itRoot('fails saying the lookup failed when the resolver refuses it, not that the server did not answer', async () => {
    const run = await checkWith('127.0.0.33', `ok.${NAMES}:${target.port}`);
    expect(run.checks).toEqual([
      expect.objectContaining({ ok: false, rcode: 'ERROR', reason: `the server name ok.${NAMES} could not be looked up: the resolver did not answer, or answered with an error (getaddrinfo EAI_AGAIN) — no query was sent` }),
    ]);
  }, 90_000);

  itRoot("fails saying the lookup took the check's time when the resolver is silent, not that the server did not answer", async () => {
    // resolv.conf's timeout (30 s, its longest) is far longer than the check's: the lookup is still
    // waiting when the check ends.
    // While the check waits for the lookup, its helper runs (looked for every 50 ms).
    const seen = async (pid: number) => {
      for (const deadline = Date.now() + 20_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 50))) {
        if (lookupHelpersOf(pid).length > 0) return true;
      }
      return false;
    };
    const run = await checkWith('127.0.0.32', `ok.${NAMES}:${target.port}`, { timeoutMs: 2000, resolvConf: 'options timeout:30 attempts:1\n', whileRunning: seen });
    expect(run.checks).toEqual([
      expect.objectContaining({ ok: false, rcode: 'ERROR', reason: `the server name ok.${NAMES} was not looked up within 2000 ms: the resolver did not answer in time — no query was sent` }),
    ]);
    expect(run.during).toBe(true);
    // No query was sent, so the result names no address.
    expect(run.checks[0]).not.toHaveProperty('address');
    // Before, the process waited for the lookup it gave up on before it exited (getaddrinfo cannot
    // be cancelled, and libuv joins its threads at exit): here 30 s after the results, and it said
    // so on stderr. Now the lookups run in a helper process, which ends with the command: nothing
    // to wait for, nothing to say, and no helper left behind.
    expect(run.err).toBe('');
    expect(run.tookMs).toBeLessThan(20_000);
    expect(lookupHelpersOf(run.pid)).toEqual([]);
    const answered = await checkWith('127.0.0.31', `ok.${NAMES}:${target.port}`, { deploy: false });
    expect(answered.err).toBe('');
    expect(lookupHelpersOf(answered.pid)).toEqual([]);
  }, 90_000);

  itRoot('looked up with the lookup resolvers (`check --resolver`): a name that does not exist, or has no A record, fails saying which', async () => {
    const expected = { [`nx.${NAMES}`]: 'no such name (NXDOMAIN) (queryA ENOTFOUND)', [`text.${NAMES}`]: 'no A record (queryA ENODATA)' };
    // The system's resolver is the silent one: only the lookup resolver given is asked.
    const args = ['--resolver', '127.0.0.31'];
    for (const [host, found] of Object.entries(expected)) {
      const run = await checkWith('127.0.0.32', `${host}:${target.port}`, { args });
      expect(run.checks).toEqual([expect.objectContaining({ ok: false, rcode: 'ERROR', reason: `the server name ${host} has no IPv4 address: its lookup found ${found} — no query was sent` })]);
      const local = await checkWith('127.0.0.32', `${host}:${target.port}`, { args, deploy: false });
      expect(local.checks).toEqual([
        expect.objectContaining({ ok: false, rcode: 'ERROR', reason: `the server name ${host} has no address: its lookup found ${found.replace('no A record', 'no A or AAAA record')} — no query was sent` }),
      ]);
    }
    const v6only = `v6only.${NAMES}`;
    const deployed = await checkWith('127.0.0.32', `${v6only}:${target.port}`, { args });
    expect(deployed.checks).toEqual([expect.objectContaining({ ok: false, rcode: 'ERROR', reason: onlyIpv6(v6only, '::1') })]);
    for (const [host, deploy] of [[`ok.${NAMES}`, undefined], [v6only, false]] as const) {
      const ok = await checkWith('127.0.0.32', `${host}:${target.port}`, { args, deploy });
      expect(ok.checks).toEqual([expect.objectContaining({ ok: true, rcode: 'NOERROR' })]);
    }
  }, 90_000);

  // Before, a lookup through the resolver given waited for that resolver to give up (2 s × 2
  // tries, about 6 s) whatever the check's time limit, and the reason said only that it timed out.
  itRoot("looked up with the lookup resolvers (`check --resolver`), fails saying the lookup took the check's time when that resolver is silent, and is not asked again after the results", async () => {
    silentlyTaken.clear();
    const run = await checkWith('127.0.0.31', `ok.${NAMES}:${target.port}`, { timeoutMs: 500, args: ['--resolver', '127.0.0.32'] });
    expect(run.checks).toEqual([
      expect.objectContaining({ ok: false, rcode: 'ERROR', reason: `the server name ok.${NAMES} was not looked up within 500 ms: the resolver did not answer in time — no query was sent` }),
    ]);
    // The lookup is cancelled once the results are out, so the command does not wait for the
    // resolver's retry (2 s after the first try) to exit, and has nothing to say about it.
    expect(Object.fromEntries(silentlyTaken)).toEqual({ [`ok.${NAMES} A`]: 1 });
    expect(run.err).toBe('');
  }, 90_000);

  // A resolver's NXDOMAIN says the name has no address of any kind (getaddrinfo's ENOTFOUND does not).
  itRoot('looked up with the lookup resolvers (`check --resolver`), a name that does not exist is looked up once, not again for IPv6', async () => {
    for (const deploy of [undefined, false] as const) {
      lookups.clear();
      const run = await checkWith('127.0.0.32', `nx.${NAMES}:${target.port}`, { args: ['--resolver', '127.0.0.34'], deploy });
      expect(run.checks).toEqual([expect.objectContaining({ ok: false, reason: expect.stringMatching(/its lookup found no such name \(NXDOMAIN\) \(queryA ENOTFOUND\)/) })]);
      expect({ deploy, lookups: Object.fromEntries([...lookups].map(([k, ids]) => [k, ids.size])) }).toEqual({ deploy, lookups: { [`nx.${NAMES} A`]: 1 } });
    }
  }, 90_000);

  itRoot('is looked up once a run, however many queries of the run ask it (the system resolver, and `--resolver`)', async () => {
    const server = `ok.${NAMES}:${target.port}`;
    // Two checks of the server; the second also asks its SOA (consistent): three queries.
    const checks = [
      { name: 'www', query: 'www.example.test', type: 'A', servers: [server], expect: { answers: ['192.0.2.80'] } },
      { name: 'www-serial', query: 'www.example.test', type: 'A', servers: [server], expect: { answers: ['192.0.2.80'], consistent: true } },
    ];
    for (const [resolver, args] of [['127.0.0.34', []], ['127.0.0.32', ['--resolver', '127.0.0.34']]] as const) {
      lookups.clear();
      const run = await checkWith(resolver, server, { checks, args });
      expect(run.checks).toEqual([expect.objectContaining({ name: 'www', ok: true }), expect.objectContaining({ name: 'www-serial', ok: true })]);
      expect(Object.fromEntries([...lookups].map(([k, ids]) => [k, ids.size]))).toEqual({ [`ok.${NAMES} A`]: 1 });
    }
  }, 90_000);

  // The prober in Lambda looks names up with the system resolver too; before, only its lookups
  // through a given resolver (the prober-handler test's stand-in) were counted.
  itRoot('the bundled prober, as Lambda runs it on its schedule: once a run with the system resolver, and again the next run', async () => {
    const server = `ok.${NAMES}:${target.port}`;
    const dnsChecks = [
      { name: 'www', query: 'www.example.test', type: 'A', servers: [server], expect: { answers: ['192.0.2.80'] } },
      { name: 'www-serial', query: 'www.example.test', type: 'A', servers: [server], expect: { answers: ['192.0.2.80'], consistent: true } },
    ];
    lookups.clear();
    const out = await scheduledProberRuns(synthesizedProber({ dnsChecks }), 'nameserver 127.0.0.34\n', { runs: 2 });
    expect([out.code, out.results]).toEqual([0, [{ ok: { checks: 2, failed: 0 } }, { ok: { checks: 2, failed: 0 } }]]);
    // Two runs of three queries each (the second check also asks the SOA): one lookup a run.
    expect(Object.fromEntries([...lookups].map(([k, ids]) => [k, ids.size]))).toEqual({ [`ok.${NAMES} A`]: 2 });
  }, 120_000);

  // getaddrinfo runs on libuv's thread pool, which gives lookups (its "slow I/O") half its threads:
  // 2 of the default 4. Before, two names whose lookups hung held both, and every other server
  // name of the run waited behind them and failed as "not looked up": a provider's outage paged
  // for checks of other providers' servers.
  const STUCK = ['stuck-0', 'stuck-1', 'stuck-2', 'stuck-3'];
  /** Four checks of names the resolver on 127.0.0.35 never answers, then one of a name it answers. */
  const withStuck = () => [
    ...STUCK.map((name, i) => ({ name, query: 'www.example.test', type: 'A', servers: [`stuck${i}.${NAMES}:${target.port}`], timeoutMs: 1000, expect: {} })),
    { name: 'www', query: 'www.example.test', type: 'A', servers: [`ok.${NAMES}:${target.port}`], timeoutMs: 1500, expect: { answers: ['192.0.2.80'] } },
  ];
  // The resolver's silence lasts longer than the checks' time limits.
  const stuckResolvConf = 'options timeout:4 attempts:1\n';

  itRoot("the bundled prober: names whose lookups hang do not hold up the lookups of the run's other names", async () => {
    const out = await scheduledProberRuns(synthesizedProber({ dnsChecks: withStuck() }), `nameserver 127.0.0.35\n${stuckResolvConf}`);
    // The four stuck checks fail; www, whose name the resolver answers, passes.
    expect([out.code, out.results]).toEqual([0, [{ ok: { checks: 5, failed: 4 } }]]);
    // The pool of the template's UV_THREADPOOL_SIZE was made, and the process stays well inside the
    // 1,024 processes and threads Lambda allows a function (LAMBDA.processesAndThreads, from
    // https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html).
    expect(out.threads).toBeGreaterThan(PROBER_LOOKUP_THREADS);
    expect(out.threads).toBeLessThan(LAMBDA.processesAndThreads / 4);
  }, 120_000);

  itRoot("`check`: names whose lookups hang do not hold up the lookups of the run's other names", async () => {
    const run = await checkWith('127.0.0.35', '', { checks: withStuck(), resolvConf: stuckResolvConf });
    expect(run.checks.map((c) => [c.name, c.ok])).toEqual([...STUCK.map((name) => [name, false]), ['www', true]]);
  }, 90_000);

  itRoot("the bundled prober's log line of a failing answer says why it could not reach a name's loopback address", async () => {
    const out = await scheduledProberRuns(synthesizedProber({ dnsChecks: [{ name: 'www', query: 'www.example.test', type: 'A', servers: [`ok.${NAMES}:${await freePort()}`], timeoutMs: 500, expect: { answers: ['192.0.2.80'] } }] }), 'nameserver 127.0.0.31\n');
    expect([out.code, out.results]).toEqual([0, [{ ok: { checks: 1, failed: 1 } }]]);
    // The failing answer is logged at WARN, which the runtime writes to stderr.
    expect(out.stderr).toContain(`ok.${NAMES} was asked at 127.0.0.1, a loopback address: the deployed prober runs outside your VPCs and reaches public addresses only, so it cannot reach it there`);
  }, 120_000);
});

/**
 * `check` reads a zone's name servers from Route 53 (checks with a `zoneId`). The SDK looks up
 * Route 53's endpoint with the system's resolver too, before each connection: here the endpoint is
 * given by a name of the names' BIND (AWS_ENDPOINT_URL_ROUTE_53), as Route 53's own name is looked
 * up on the on-call's machine.
 */
describe("Route 53's endpoint", () => {
  const route53 = (host: string, port: number) => ({ AWS_ENDPOINT_URL_ROUTE_53: `http://${host}:${port}` });
  const soa = (zoneId: string) => [{ name: 'soa', query: 'example.test', type: 'SOA', zoneId, timeoutMs: 500, expect: {} }];

  itRoot('is looked up with the system resolver, and the zone is read through it', async () => {
    const moto = await startMoto();
    try {
      const r53 = new Route53Client({ ...moto.clientConfig(), region: ROUTE53.globalRegion });
      const zone = await createHostedZone(r53, 'example.test');
      // Node connects with every address a lookup gives (autoSelectFamily, its default since Node
      // 20), or with the first one when told not to: the lookup answers either way.
      for (const nodeOptions of ['', '--no-network-family-autoselection']) {
        const run = await checkWith('127.0.0.31', '', { checks: soa(zone.id), env: { ...route53(`ok.${NAMES}`, moto.port), NODE_OPTIONS: nodeOptions } });
        // The zone was read: its checks ask its name servers (which do not resolve here).
        expect({ nodeOptions, servers: run.checks.map((c) => c.server).sort() }).toEqual({ nodeOptions, servers: [...zone.nameServers].sort() });
        expect(run.err).not.toMatch(/Route 53/);
      }
    } finally {
      await moto.stop();
    }
  }, 90_000);

  itRoot("whose lookup hangs: the command ends once Route 53 is given up on, not when the resolver gives up on the lookups", async () => {
    const run = await checkWith('127.0.0.35', '', { checks: soa('Z0123456789ABCDEFGHIJ'), env: route53(`stuck-route53.${NAMES}`, 9), resolvConf: 'options timeout:30 attempts:1\n' });
    expect(run.code).toBe(1);
    expect(run.err).toMatch(new RegExp(`^dns-monitor check: Route 53 did not answer reading the name servers of Z0123456789ABCDEFGHIJ after ${route53ReaderConfig.maxAttempts} attempts \\(TimeoutError: `, 'm'));
    // The SDK gives up after its attempts (each connection waits 3 s: route53ReaderConfig). Before,
    // the command then waited for each lookup it had started, the last one 30 s (resolv.conf's
    // timeout) after it began; now they run in the lookup helper, which ends with the results.
    // Measured: 20 s. The margin is for a loaded machine; the old code had not ended at 90 s.
    const attemptsMs = route53ReaderConfig.maxAttempts * route53ReaderConfig.requestHandler.connectionTimeout;
    expect(run.tookMs).toBeLessThan(attemptsMs + 40_000);
    expect(lookupHelpersOf(run.pid)).toEqual([]);
  }, 120_000);
});
