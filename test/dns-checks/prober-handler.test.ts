/**
 * The prober as the app builds it: its input is the schedule's Input of the synthesized template,
 * Route 53 and CloudWatch are moto server through the real AWS SDK, and the DNS servers are real
 * BIND 9 servers. The zone's name servers come from GetHostedZone (moto's delegation set), their
 * names are resolved by a BIND serving the awsdns domains on 127.0.0.36 port 53, and they answer on
 * 127.0.0.2/127.0.0.3 port 53 (binding port 53 needs root, as the test command runs on Debian).
 * Where a server is given by name, the bundled prober runs as Lambda runs it, looking names up with
 * the system's resolver, here a resolv.conf naming that BIND (test/support/scheduled-prober.ts).
 */
import * as dgram from 'node:dgram';
import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { Route53Client } from '@aws-sdk/client-route-53';
import { DNS_CHECK_NAMESPACE } from '../../contracts/dns-check';
import { parseConfig } from '../../lib/config/load';
import { isDue, probe } from '../../lambdas/dns-prober/probe';
import { checkTargets } from '../../lambdas/dns-prober/run';
import { ZoneServers } from '../../lambdas/dns-prober/zone-servers';
import { type BindServer, loopbackAddress, SERVER_NAMES_ZONE, startBind, zoneFile } from '../support/bind';
import { captureCli, writeConfigFile } from '../support/cli';
import { startMoto, type MotoServer } from '../support/moto';
import { scheduledProber, scheduledProberRuns, synthesizedProber } from '../support/scheduled-prober';
import { synthConfig } from '../support/synth';
import { createHostedZone } from '../support/moto-zones';

const asRoot = process.getuid?.() === 0;
if (!asRoot) console.warn('prober-handler.test: not root, the tests of servers given by name (a resolver on port 53, a mount namespace) are skipped');
const itRoot = asRoot ? it : it.skip;

let moto: MotoServer;
let primary: BindServer;
let stale: BindServer;
let names: BindServer;
let other: BindServer;
let canary: dgram.Socket;
let canaryHits = 0;
let zoneId: string;
const removeAddresses: (() => void)[] = [];

const RECORDS = ['www IN A 192.0.2.10'];
/** The system's resolver of the bundled prober's runs: the BIND serving the server names. */
const RESOLV_CONF = 'nameserver 127.0.0.36\n';

beforeAll(async () => {
  moto = await startMoto();
  const r53 = new Route53Client(moto.clientConfig());
  // moto draws 22 random characters for an id; AWS's start with Z (lib/aws-facts.ts): draw until one does.
  const zone = await createHostedZone(r53, 'example.test');
  zoneId = zone.id;
  const servers = zone.nameServers;
  // The delegation set's names: the first two on the primary, the others on a copy that missed a change.
  const addr = (i: number) => (i < 2 ? '127.0.0.2' : '127.0.0.3');
  const awsdns = new Map<string, string[]>();
  servers.forEach((n, i) => {
    const dom = n.split('.').slice(1).join('.');
    awsdns.set(dom, [...(awsdns.get(dom) ?? []), `${n.split('.')[0]} IN A ${addr(i)}`]);
  });
  other = await startBind({ 'example.test': zoneFile('example.test', 7, RECORDS) });
  if (asRoot) {
    removeAddresses.push(loopbackAddress('127.0.0.2'), loopbackAddress('127.0.0.3'), loopbackAddress('127.0.0.36'));
    [names, primary, stale] = await Promise.all([
      // The resolver also names the test servers the checks list: a deployed check names a server
      // by host name (it refuses loopback addresses, which the prober Lambda cannot reach).
      startBind(
        {
          ...Object.fromEntries([...awsdns].map(([d, recs]) => [d, zoneFile(d, 1, recs)])),
          [SERVER_NAMES_ZONE]: zoneFile(SERVER_NAMES_ZONE, 1, ['other IN A 127.0.0.1', 'silent IN A 127.0.0.1']),
        },
        { host: '127.0.0.36', port: 53 },
      ),
      startBind({ 'example.test': zoneFile('example.test', 2026120202, RECORDS) }, { host: '127.0.0.2', port: 53 }),
      startBind({ 'example.test': zoneFile('example.test', 2026120101, ['www IN A 192.0.2.99']) }, { host: '127.0.0.3', port: 53 }),
    ]);
  }
  canary = dgram.createSocket('udp4');
  canary.on('message', () => canaryHits++);
  await new Promise<void>((r) => canary.bind(0, '127.0.0.1', () => r()));
}, 90_000);

afterAll(async () => {
  canary?.close();
  await Promise.all([primary?.stop(), stale?.stop(), names?.stop(), other?.stop(), moto?.stop()]);
  for (const remove of removeAddresses) remove();
});


const minute = new Date('2026-12-02T10:00:20Z');
/** The prober's dependencies, for a run in this process of a check that looks no name up. */
const deps = (log: unknown[]) => ({
  cloudwatch: new CloudWatchClient(moto.clientConfig('us-east-1')),
  zones: new ZoneServers(new Route53Client(moto.clientConfig())),
  log: (level: string, message: string, extra: Record<string, unknown>) => log.push({ level, message, ...extra }),
  now: () => minute,
});

/** What the bundled prober's runs (the clock's minute) published of a metric. */
async function metricValue(metricName: string, dims: Record<string, string>): Promise<number[]> {
  const out = await new CloudWatchClient(moto.clientConfig('us-east-1')).send(
    new GetMetricDataCommand({
      StartTime: new Date(Date.now() - 900_000),
      EndTime: new Date(Date.now() + 300_000),
      MetricDataQueries: [{ Id: 'm', MetricStat: { Metric: { Namespace: DNS_CHECK_NAMESPACE, MetricName: metricName, Dimensions: Object.entries(dims).map(([Name, Value]) => ({ Name, Value })) }, Period: 60, Stat: 'Maximum' } }],
    }),
  );
  return out.MetricDataResults?.[0]?.Values ?? [];
}

describe('the prober handler, with the input the app schedules', () => {
  itRoot('asks the zone\'s delegation set from Route 53, publishes 1/0 per check and per server into the alarm region, and logs who answered what', async () => {
    const config = { dnsChecks: [{ name: 'www', query: 'www.example.test', type: 'A', zoneId, regions: ['eu-west-1', 'us-east-1'], expect: { answers: ['192.0.2.10'] } }] };
    const prober = synthesizedProber(config, 'eu-west-1');
    expect(prober.event).toMatchObject({ vantage: 'eu-west-1', metricsRegion: 'us-east-1' });
    const out = await scheduledProberRuns(prober, RESOLV_CONF, { moto });
    expect([out.code, out.results]).toEqual([0, [{ ok: { checks: 1, failed: 1 } }]]);
    const ns = (await new ZoneServers(new Route53Client(moto.clientConfig())).lookup([zoneId])).servers[zoneId];
    expect(ns).toHaveLength(4);
    // Exactly the delegation set is asked, each server by name: the first two pass, the copy that missed a change fails.
    expect(await metricValue('CheckFailed', { Check: 'www', Vantage: 'eu-west-1' })).toEqual([1]);
    for (const [i, server] of ns.entries()) {
      expect({ server, failed: await metricValue('TargetFailed', { Check: 'www', Vantage: 'eu-west-1', Target: server }) }).toEqual({ server, failed: [i < 2 ? 0 : 1] });
    }
    const failing = out.log.filter((l) => l.message === 'dns check failed');
    expect(failing.map((l) => l.server).sort()).toEqual(ns.slice(2).sort());
    expect(failing[0]).toMatchObject({ level: 'WARN', check: 'www', vantage: 'eu-west-1', rcode: 'NOERROR', answers: ['192.0.2.99'], expected: { rcode: 'NOERROR', answers: ['192.0.2.10'] }, reason: 'answers 192.0.2.99, expected exactly 192.0.2.10' });
    // Each name server is named with the address the system's resolver gave it.
    expect(failing.map((l) => l.address)).toEqual(['127.0.0.3', '127.0.0.3']);
  }, 120_000);

  itRoot('a zone Route 53 does not know fails the check with the lookup error, and nothing else is asked', async () => {
    const { event } = synthesizedProber({ dnsChecks: [{ name: 'gone', query: 'www.example.test', type: 'A', zoneId: 'Z0000000000NOTTHERE0', expect: {} }] });
    const summary = await probe(event, deps([]) as never);
    expect(summary.results).toHaveLength(1);
    expect(summary.results[0]).toMatchObject({ ok: false, rcode: 'ERROR' });
    expect(summary.results[0].reason).toMatch(/reading the name servers of Z0000000000NOTTHERE0 from Route 53 failed/);
  });

  // Before, the listed servers were asked and passed, and the zone's own servers were silently
  // left out: a zone deleted (or its read denied) went unnoticed while the check passed.
  itRoot('a check that lists servers beside a zone Route 53 does not know fails for the zone with the lookup error, and still asks its servers', async () => {
    const server = `other.${SERVER_NAMES_ZONE}:${other.port}`;
    const out = await scheduledProberRuns(synthesizedProber({ dnsChecks: [{ name: 'half', query: 'www.example.test', type: 'A', servers: [server], zoneId: 'Z0000000000NOTTHERE0', expect: { answers: ['192.0.2.10'] } }] }), RESOLV_CONF, { moto });
    expect([out.code, out.results]).toEqual([0, [{ ok: { checks: 1, failed: 1 } }]]);
    expect(await metricValue('TargetFailed', { Check: 'half', Vantage: 'us-east-1', Target: server })).toEqual([0]);
    expect(out.log.filter((l) => l.message === 'dns check failed')).toEqual([
      expect.objectContaining({
        server: 'Z0000000000NOTTHERE0',
        rcode: 'ERROR',
        reason: 'reading the name servers of Z0000000000NOTTHERE0 from Route 53 failed: No hosted zone found with ID: Z0000000000NOTTHERE0 — the zone was deleted, or is in another AWS account than the one reading it',
      }),
    ]);
  }, 120_000);
});

describe('dns-monitor check with a zoneId', () => {
  it('reads the zone from Route 53 with the user\'s credentials and reports a zone it cannot read', async () => {
    const { main } = await import('../../bin/check');
    const file = writeConfigFile({ prefix: 'acme', dnsChecks: [{ name: 'gone', query: 'www.example.test', type: 'A', zoneId: 'Z0000000000NOTTHERE0', expect: {} }] }, 'check');
    process.env.AWS_ENDPOINT_URL_ROUTE_53 = moto.endpoint;
    let run;
    try {
      run = await captureCli(() => main(['check', file, '--json']));
    } finally {
      delete process.env.AWS_ENDPOINT_URL_ROUTE_53;
    }
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/reading the name servers of Z0000000000NOTTHERE0 from Route 53 failed: No hosted zone found with ID: Z0000000000NOTTHERE0/); // moto's answer: the request went to the loopback endpoint
    // The check's result gives the same reason (before, `no name servers found`).
    expect(JSON.parse(run.out).checks).toEqual([
      expect.objectContaining({ name: 'gone', ok: false, rcode: 'ERROR', reason: expect.stringMatching(/^reading the name servers of Z0000000000NOTTHERE0 from Route 53 failed: No hosted zone found/) }),
    ]);
  });
});

describe('query targets', () => {
  itRoot('are the servers the config names (and the delegation set of its zone), never another', async () => {
    const before = canaryHits;
    const silent = `silent.${SERVER_NAMES_ZONE}:${canary.address().port}`;
    const own = `other.${SERVER_NAMES_ZONE}:${other.port}`;
    const config = {
      dnsChecks: [
        { name: 'own', query: 'www.example.test', type: 'A', servers: [own], expect: { answers: ['192.0.2.10'] } },
        { name: 'silent', query: 'www.example.test', type: 'A', servers: [silent], timeoutMs: 300, expect: {} },
      ],
    };
    const prober = synthesizedProber(config);
    expect(checkTargets(prober.event.checks[0], { zoneServers: { Z1: ['ns-1.example'] } })).toEqual([own]);
    expect(checkTargets({ ...prober.event.checks[0], zoneId: 'Z1' }, { zoneServers: { Z1: ['ns-1.example'] } })).toEqual([own, 'ns-1.example']);
    const out = await scheduledProberRuns(prober, RESOLV_CONF, { moto });
    expect([out.code, out.results]).toEqual([0, [{ ok: { checks: 2, failed: 1 } }]]);
    expect(await metricValue('TargetFailed', { Check: 'own', Vantage: 'us-east-1', Target: own })).toEqual([0]);
    expect(out.log.filter((l) => l.message === 'dns check failed')).toEqual([
      // The name led to a loopback address, which the deployed prober cannot reach: its reason says so (query.ts).
      expect.objectContaining({
        check: 'silent',
        server: silent,
        address: '127.0.0.1',
        rcode: 'TIMEOUT',
        reason: expect.stringMatching(new RegExp(`^no answer over UDP within 300 ms — silent\\.${SERVER_NAMES_ZONE.replace(/\./g, '\\.')} was asked at 127\\.0\\.0\\.1, a loopback address: `)),
      }),
    ]);
    // The silent server got its own check's one query, nothing of the other check.
    expect(canaryHits - before).toBe(1);
  }, 120_000);

  it('a check runs on the minutes its interval divides', () => {
    const spec = { intervalMinutes: 5 } as never;
    expect(isDue(spec, new Date('2026-12-02T10:05:03Z'))).toBe(true);
    expect(isDue(spec, new Date('2026-12-02T10:07:03Z'))).toBe(false);
  });
});

describe('prober input: the regions sharing Route 53', () => {
  it("each region whose checks read a hosted zone's name servers is told how many regions do; a region reading none is not", () => {
    const config = {
      dnsChecks: [
        { name: 'zone', query: 'www.example.test', type: 'A', zoneId: 'Z0123456789ABCDEFGHIJ', regions: ['eu-west-1', 'us-east-1'], expect: {} },
        { name: 'other', query: 'www.example.test', type: 'A', servers: ['ns1.example.net'], regions: ['ap-southeast-2', 'eu-west-1'], expect: {} },
      ],
    };
    const { templates } = synthConfig({ prefix: 'acme', ...config } as never);
    expect(scheduledProber(templates, 'eu-west-1').event).toMatchObject({ route53Readers: 2, checks: [{ name: 'zone' }, { name: 'other' }] });
    expect(scheduledProber(templates, 'us-east-1').event).toMatchObject({ route53Readers: 2 });
    expect(scheduledProber(templates, 'ap-southeast-2').event).not.toHaveProperty('route53Readers');
  });
});

describe('prober input size', () => {
  it('a region whose checks exceed the input bound is a config error naming the region and the fix', () => {
    const many = Array.from({ length: 400 }, (_, i) => ({ name: `c${i}`, query: `host-${i}.example.com`, type: 'A', regions: ['eu-west-1'], expect: { answers: ['192.0.2.10', '192.0.2.11'] } }));
    expect(() => parseConfig({ prefix: 'acme', dnsChecks: many })).toThrow(/dnsChecks: the 400 checks run from eu-west-1 take \d+ bytes as prober input, more than 65536 — run some of them from other regions/);
    expect(() => parseConfig({ prefix: 'acme', dnsChecks: many.slice(0, 100) })).not.toThrow();
  });
});
