/**
 * `dns-monitor check --hosted-zones`: whether resolvers reach the hosted zones the config
 * monitors. Route 53 is moto server through the real AWS SDK (GetHostedZone gives each zone's
 * delegation set); the DNS is real BIND 9 servers: the parent zone `test.` on 127.0.0.14, the
 * zones' Route 53 name servers on 127.0.0.12, and the name servers of a zone since deleted on
 * 127.0.0.13, all on port 53 (as name servers are asked; binding it needs root, as the test
 * command runs on Debian), and a BIND on 127.0.0.1 as the lookup resolver (`--resolver`).
 */
import { Route53Client } from '@aws-sdk/client-route-53';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../bin/check';
import { parseConfig } from '../../lib/config/load';
import { hostedZoneCheckName, hostedZoneChecks } from '../../lib/dns-checks/zone-checks';
import { type BindServer, loopbackAddress, startBind, zoneFile } from '../support/bind';
import { captureCli, writeConfigFile } from '../support/cli';
import { startMoto, type MotoServer } from '../support/moto';
import { createHostedZone } from '../support/moto-zones';

const asRoot = process.getuid?.() === 0;
if (!asRoot) console.warn('check-hosted-zones.test: not root, the tests that need name servers on port 53 are skipped');
const itRoot = asRoot ? it : it.skip;

/** The name servers of a hosted zone since deleted: the registrar of stale.test still lists them. */
const OLD_SET = ['ns-100.awsdns-12.com', 'ns-200.awsdns-25.net'];

let moto: MotoServer;
let lookup: BindServer;
const servers: BindServer[] = [];
const removeAddresses: (() => void)[] = [];
const zoneIds: Record<string, string> = {};
let delegationSet: string[] = [];

/** A zone as Route 53 serves it: its apex NS is its delegation set. */
const r53Zone = (name: string) => [`$ORIGIN ${name}.`, '$TTL 300', `@ IN SOA ${delegationSet[0]}. hostmaster.${name}. 1 7200 900 1209600 86400`, ...delegationSet.map((n) => `@ IN NS ${n}.`), 'www IN A 192.0.2.10', ''].join('\n');

beforeAll(async () => {
  moto = await startMoto();
  const r53 = new Route53Client(moto.clientConfig());
  for (const name of ['good.test', 'stale.test']) {
    const zone = await createHostedZone(r53, name);
    zoneIds[name] = zone.id;
    delegationSet = zone.nameServers;
  }
  // The names of every name server and of the parent's server, as the lookup resolver answers them.
  const byDomain = new Map<string, string[]>();
  const add = (host: string, address: string) => {
    const domain = host.split('.').slice(1).join('.');
    byDomain.set(domain, [...(byDomain.get(domain) ?? []), `${host.split('.')[0]} IN A ${address}`]);
  };
  delegationSet.forEach((n) => add(n, '127.0.0.12'));
  OLD_SET.forEach((n) => add(n, '127.0.0.13'));
  lookup = await startBind({
    ...Object.fromEntries([...byDomain].map(([d, recs]) => [d, zoneFile(d, 1, recs)])),
    test: zoneFile('test', 1, ['@ IN NS ns.parent.example.']).replace(/^@ IN NS ns1\.test\.\nns1 IN A 127\.0\.0\.1\n/m, ''),
    'parent.example': zoneFile('parent.example', 1, ['ns IN A 127.0.0.14']),
  });
  if (!asRoot) return;
  removeAddresses.push(loopbackAddress('127.0.0.12'), loopbackAddress('127.0.0.13'), loopbackAddress('127.0.0.14'));
  const parentZone = [
    '$ORIGIN test.',
    '$TTL 300',
    '@ IN SOA ns.parent.example. hostmaster.test. 1 3600 600 86400 60',
    '@ IN NS ns.parent.example.',
    ...delegationSet.map((n) => `good IN NS ${n}.`),
    // stale.test was deleted and created again in Route 53; its registrar still lists the old zone's servers.
    ...OLD_SET.map((n) => `stale IN NS ${n}.`),
    '',
  ].join('\n');
  servers.push(
    await startBind({ test: parentZone }, { host: '127.0.0.14', port: 53 }),
    await startBind({ 'good.test': r53Zone('good.test'), 'stale.test': r53Zone('stale.test') }, { host: '127.0.0.12', port: 53 }),
    // The old zone is gone: its name servers refuse it.
    await startBind({ 'other.test': zoneFile('other.test', 1, []) }, { host: '127.0.0.13', port: 53 }),
  );
}, 90_000);

afterAll(async () => {
  await Promise.all([lookup?.stop(), ...servers.map((s) => s.stop()), moto?.stop()]);
  for (const remove of removeAddresses) remove();
});

const config = () => ({
  prefix: 'acme',
  hostedZones: [
    { zoneId: zoneIds['good.test'], zoneName: 'good.test' },
    { zoneId: zoneIds['stale.test'], zoneName: 'stale.test' },
  ],
  alerts: { email: ['oncall@example.com'] },
});

/** `dns-monitor check` in-process, its Route 53 calls sent to moto. */
async function check(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const saved = { ...process.env };
  Object.assign(process.env, { AWS_ENDPOINT_URL: moto.endpoint, AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing', AWS_REGION: 'us-east-1' });
  try {
    return await captureCli(() => main(args));
  } finally {
    process.env = saved;
  }
}

describe('the checks of the hosted zones', () => {
  it('are built through the config schema: the zone SOA from its delegation set, with delegation (and the DNSSEC chain, signatures valid now, where its alarms are on)', () => {
    const cfg = parseConfig({ ...config(), hostedZones: [{ zoneId: 'Z0HOSTED00000000001', zoneName: 'a.example.com', dnssec: true }, { zoneId: 'Z0HOSTED00000000002', zoneName: 'b.example.com' }] });
    const [a, b] = hostedZoneChecks(cfg);
    expect(a).toMatchObject({ name: 'zone-z0hosted00000000001', query: 'a.example.com', type: 'SOA', zoneId: 'Z0HOSTED00000000001', servers: [], expect: { rcode: 'NOERROR', authoritative: true, delegation: { parentServers: [] }, dnssec: { minValidityHours: 0, parentServers: [] } } });
    expect(b).toMatchObject({ name: 'zone-z0hosted00000000002', query: 'b.example.com', zoneId: 'Z0HOSTED00000000002', expect: { delegation: { parentServers: [] } } });
    expect(b.expect.dnssec).toBeUndefined();
  });

  itRoot('pass for a zone its parent delegates to its Route 53 name servers, and fail for one delegated to a deleted zone\'s', async () => {
    const file = writeConfigFile(config(), 'hosted-zones');
    const r = await check([file, '--hosted-zones', '--resolver', lookup.address, '--json']);
    expect(r.err).toBe('');
    expect(r.code).toBe(1);
    const results = JSON.parse(r.out).checks as { name: string; server: string; ok: boolean; reason: string }[];
    const good = results.filter((c) => c.name === hostedZoneCheckName(zoneIds['good.test']));
    const stale = results.filter((c) => c.name === hostedZoneCheckName(zoneIds['stale.test']));
    // Each zone's four Route 53 name servers are asked, as GetHostedZone gives them.
    expect(good.map((c) => c.server).sort()).toEqual([...delegationSet].sort());
    expect(good.every((c) => c.ok)).toBe(true);
    expect(stale.map((c) => c.server).sort()).toEqual([...delegationSet].sort());
    for (const c of stale) {
      expect(c.ok).toBe(false);
      expect(c.reason).toBe(`the parent delegates stale.test to ${[...OLD_SET].sort().join(', ')}; the zone lists ${[...delegationSet].sort().join(', ')}`);
    }
  });

  it('refuses --hosted-zones with --nameserver, and a resolver given by name, before any query', async () => {
    const file = writeConfigFile(config(), 'hosted-zones');
    const both = await check([file, '--hosted-zones', '--nameserver', '127.0.0.1:53']);
    expect(both.code).toBe(2);
    expect(both.err).toMatch(/--hosted-zones asks each zone's parent and name servers; it cannot send every query to --nameserver/);
    const named = await check([file, '--hosted-zones', '--resolver', 'resolver.example.com']);
    expect(named.code).toBe(2);
    expect(named.err).toMatch(/--resolver resolver\.example\.com: give the resolver's IP address/);
  });

  // The on-call asking a check again from their machine (the follow-up's command) may have no AWS
  // credentials there: before, each zone's check failed with "no name servers found" and stderr
  // repeated the SDK's "Could not load credentials from any providers" once per zone.
  it('without AWS credentials: the checks of a zoneId fail saying the name servers were not read and how to read them; the other checks run', async () => {
    const file = writeConfigFile(
      {
        prefix: 'acme',
        dnsChecks: [
          { name: 'good', query: 'good.test', type: 'SOA', zoneId: zoneIds['good.test'], expect: {} },
          { name: 'stale', query: 'stale.test', type: 'SOA', zoneId: zoneIds['stale.test'], expect: {} },
          { name: 'parent', query: 'parent.example', type: 'SOA', servers: [lookup.address], deploy: false, expect: {} },
        ],
      },
      'no-credentials',
    );
    const saved = { ...process.env };
    const none = path.join(os.tmpdir(), 'no-such-aws-config');
    for (const k of Object.keys(process.env).filter((k) => k.startsWith('AWS_'))) delete process.env[k];
    // Nothing to sign with: no keys, no profile files, no container or instance credentials (IMDS off).
    Object.assign(process.env, { AWS_SHARED_CREDENTIALS_FILE: none, AWS_CONFIG_FILE: none, AWS_EC2_METADATA_DISABLED: 'true', AWS_ENDPOINT_URL: moto.endpoint, AWS_REGION: 'us-east-1' });
    let r: { code: number; out: string; err: string };
    try {
      r = await captureCli(() => main([file, '--json']));
    } finally {
      process.env = saved;
    }
    expect(r.code).toBe(1);
    const results = JSON.parse(r.out).checks as { name: string; server: string; ok: boolean; rcode: string; reason: string }[];
    expect(results.map((c) => [c.name, c.ok])).toEqual([
      ['good', false],
      ['stale', false],
      ['parent', true],
    ]);
    for (const [c, id] of [[results[0], zoneIds['good.test']], [results[1], zoneIds['stale.test']]] as const) {
      expect(c).toMatchObject({ server: id, rcode: 'ERROR' });
      expect(c.reason).toBe(`the name servers of ${id} were not read from Route 53: no AWS credentials were found where this runs — dns-monitor check reads them with your credentials (route53:GetHostedZone, docs/cli-permissions.md)`);
    }
    // One line for the whole run, naming the checks it leaves without servers and what to do.
    expect(r.err).toBe(
      'dns-monitor check: no AWS credentials were found (Could not load credentials from any providers): checks good, stale ask the name servers of their zoneId, read from Route 53 with your credentials (route53:GetHostedZone, docs/cli-permissions.md) — sign in (aws sso login, or set AWS_PROFILE) and run it again, or list the servers under servers\n',
    );
  });

  it('without --hosted-zones a config without dnsChecks says how to check its zones', async () => {
    const r = await check([writeConfigFile(config(), 'hosted-zones')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/has no dnsChecks — add some \(docs\/dns-checks\.md\), or give --hosted-zones to check the delegation of its hosted zones/);
  });
});
