/**
 * Delegation and DNSSEC checks against real servers: a signed parent zone `test.` on one BIND 9,
 * its child zones on another (signed with BIND's own tools, with keys made for this run), and
 * Unbound as a validating resolver whose verdicts the prober's must match.
 */
import type { DnsCheckSpec } from '../../contracts/dns-check';
import { runCheck } from '../../lambdas/dns-prober/run';
import { query } from '../../lambdas/dns-prober/query';
import { parseConfig } from '../../lib/config/load';
import * as dnsPacket from 'dns-packet';
import { type BindServer, startBind } from '../support/bind';
import { startRelay } from '../support/dns-delay';
import { hoursFromNow, ZoneSigner, type ZoneKeys } from '../support/signed-zones';
import { startUnbound, type Unbound } from '../support/unbound';

const ALGORITHMS = { good: 'ECDSAP256SHA256', rsa: 'RSASHA256', rsa512: 'RSASHA512', rsa1: 'RSASHA1', ed: 'ED25519', ed448: 'ED448', p384: 'ECDSAP384SHA384', algroll: 'RSASHA256', expired: 'ECDSAP256SHA256', soon: 'ECDSAP256SHA256', badds: 'ECDSAP256SHA256', nsdiff: 'ECDSAP256SHA256', rolling: 'ECDSAP256SHA256' } as const;
type Child = keyof typeof ALGORITHMS;
const SIGNED = Object.keys(ALGORITHMS) as Child[];

const child = (zone: string, extra: string[] = []) =>
  [`$ORIGIN ${zone}.`, '$TTL 300', `@ IN SOA ns1.${zone}. hostmaster.${zone}. 2026120201 3600 600 86400 60`, `@ IN NS ns1.${zone}.`, 'ns1 IN A 127.0.0.1', 'www IN A 192.0.2.10', 'www IN A 192.0.2.11', ...extra].join('\n');

let signer: ZoneSigner;
let parent: BindServer;
let children: BindServer;
let resolver: Unbound;
/** How Unbound reaches the fixtures, and the key it trusts: for a resolver of its own. */
let unboundSetup: [Record<string, string>, string];

beforeAll(async () => {
  signer = new ZoneSigner();
  const keys = Object.fromEntries(SIGNED.map((c) => [c, signer.key(`${c}.test`, ALGORITHMS[c])])) as Record<Child, ZoneKeys>;
  const stray = signer.key('badds.test', 'ECDSAP256SHA256'); // the DS the parent wrongly holds for badds.test
  // rolling.test's next key, not in the zone yet: its DS is published first (a Double-DS rollover, RFC 6781 4.1.2).
  const next = signer.key('rolling.test', 'ECDSAP256SHA256');
  // algroll.test in an algorithm rollover (RFC 6781 4.1.4): signed with its RSA key and its new ECDSA key, the parent's DS still the RSA key's.
  const newAlgorithm = signer.key('algroll.test', 'ECDSAP256SHA256');
  const day = (d: number) => hoursFromNow(24 * d);
  const zones: Record<string, string> = {};
  for (const c of SIGNED) {
    const [from, until] = c === 'expired' ? [day(-10), day(-1)] : c === 'soon' ? [day(-1), hoursFromNow(10)] : [day(-1), day(30)];
    zones[`${c}.test`] = signer.sign(`${c}.test`, child(`${c}.test`), c === 'algroll' ? [keys[c], newAlgorithm] : [keys[c]], from, until);
  }
  zones['unsigned.test'] = child('unsigned.test');
  // Its name server moved to 127.0.0.9; the parent's glue still gives the old address.
  zones['glue.test'] = child('glue.test').replace('ns1 IN A 127.0.0.1', 'ns1 IN A 127.0.0.9');
  // The parent delegates it to its own name server without glue (no address for ns1.noglue.test).
  zones['noglue.test'] = child('noglue.test');
  // Its one name server is named as the zone itself (apexns.test NS apexns.test), and the parent gives no glue for it.
  zones['apexns.test'] = ['$ORIGIN apexns.test.', '$TTL 300', '@ IN SOA apexns.test. hostmaster.apexns.test. 2026120601 3600 600 86400 60', '@ IN NS apexns.test.', '@ IN A 127.0.0.1', 'www IN A 192.0.2.10'].join('\n');
  // Besides its own server: a name server name that does not exist, one without an address, and one no lookup can settle.
  zones['dangling.test'] = child('dangling.test', ['@ IN NS ns.gone.test.', '@ IN NS ns.noaddr.test.', '@ IN NS ns.elsewhere.example.']);
  children = await startBind(zones);

  const delegations = [...SIGNED, 'unsigned', 'lame', 'glue'].flatMap((c) => [`${c} IN NS ns1.${c}.test.`, `ns1.${c} IN A 127.0.0.1`]);
  const ds = [...SIGNED.map((c) => (c === 'badds' ? stray.ds : keys[c].ds).replace(/^\S+/, c === 'badds' ? 'badds.test.' : `${c}.test.`)), next.ds.replace(/^\S+/, 'rolling.test.')];
  const parentKey = signer.key('test', 'ECDSAP256SHA256');
  const broken = ['noglue IN NS ns1.noglue.test.', 'apexns IN NS apexns.test.', ...['ns1.dangling.test.', 'ns.gone.test.', 'ns.noaddr.test.', 'ns.elsewhere.example.'].map((n) => `dangling IN NS ${n}`), 'ns1.dangling IN A 127.0.0.1', 'ns.noaddr IN TXT "no address here"'];
  const parentText = ['$ORIGIN test.', '$TTL 300', '@ IN SOA ns.test. hostmaster.test. 1 3600 600 86400 60', '@ IN NS ns.test.', 'ns IN A 127.0.0.1', ...delegations, 'nsdiff IN NS ns2.nsdiff.test.', 'ns2.nsdiff IN A 127.0.0.1', ...broken, ...ds].join('\n');
  // Without its integrity checks BIND serves a parent whose delegations lack glue or name servers with no address, as a misconfigured parent would.
  parent = await startBind({ test: signer.sign('test', parentText, [parentKey], day(-1), day(30)) }, { integrityChecks: false });

  // Unbound reaches every fixture zone at its loopback server; the root goes to the parent server, which refuses it.
  const stubs: Record<string, string> = { '.': `127.0.0.1@${parent.port}`, 'test.': `127.0.0.1@${parent.port}` };
  for (const c of [...SIGNED, 'unsigned', 'lame', 'glue']) stubs[`${c}.test.`] = `127.0.0.1@${children.port}`;
  unboundSetup = [stubs, parentKey.ds];
  resolver = await startUnbound(...unboundSetup);
}, 120_000);

afterAll(async () => {
  await Promise.all([parent?.stop(), children?.stop(), resolver?.stop()]);
  signer?.cleanup();
});

const check = (query: string, expect: Record<string, unknown>, servers = [children.address]): DnsCheckSpec =>
  // Loopback servers: a check only `dns-monitor check` runs (deploy: false), as the prober Lambda could not reach them.
  parseConfig({ prefix: 'acme', dnsChecks: [{ name: 'c', query, type: 'A', servers, timeoutMs: 1500, expect, deploy: false }] }).localDnsChecks[0];
const dnssec = (zone: string, minValidityHours = 24) => check(`www.${zone}`, { dnssec: { minValidityHours, parentServers: [parent.address] } });
const one = async (s: DnsCheckSpec) => (await runCheck(s))[0];

describe('DNSSEC: the chain from the parent DS validates, with signatures valid long enough', () => {
  it.each(['good', 'rsa', 'rsa512', 'ed', 'ed448', 'p384', 'algroll'])('%s.test validates (ECDSA P-256/P-384, RSA/SHA-256 and SHA-512, Ed25519, Ed448, two algorithms in a rollover)', async (c) => {
    expect(await one(dnssec(`${c}.test`))).toMatchObject({ ok: true, reason: '', answers: ['192.0.2.10', '192.0.2.11'] });
  });

  it('an expired RRSIG fails, with its expiry', async () => {
    const r = await one(dnssec('expired.test'));
    expect(r.ok).toBe(false);
    expect(r.reason).toMatch(/RRSIG of expired\.test\/DNSKEY expired at \d{4}-\d\d-\d\dT/);
  });

  it('signatures that expire sooner than required fail; with a shorter requirement they pass', async () => {
    expect((await one(dnssec('soon.test', 24))).reason).toMatch(/expires at .*, in (9\.\d|10\.0) h — less than the 24 h required/);
    expect((await one(dnssec('soon.test', 6))).ok).toBe(true);
  });

  it('a DS that matches no key of the zone fails', async () => {
    expect((await one(dnssec('badds.test'))).reason).toMatch(/no DNSKEY of badds\.test matches the parent's DS \(DS key tags \d+; DNSKEY key tags \d+\)/);
  });

  it('a zone no server serves: the DNSSEC check says its zone is unknown, not that the parent has no DS for the queried name', async () => {
    const r = await one(check('www.lame.test', { rcode: 'REFUSED', dnssec: { parentServers: [parent.address] } }));
    expect(r.reason).toBe(`no server gave the SOA of the zone holding www.lame.test (${children.address} answered REFUSED), so its DNSSEC chain was not checked`);
  });

  it('an unsigned zone fails a DNSSEC check (no DS at the parent)', async () => {
    expect((await one(dnssec('unsigned.test'))).reason).toMatch(/the parent has no DS record for unsigned\.test/);
  });

  it('the prober agrees with Unbound, a real validating resolver, on every fixture zone', async () => {
    const verdicts: Record<string, { prober: boolean; unbound: string }> = {};
    for (const zone of [...SIGNED, 'unsigned'].map((c) => `${c}.test`)) {
      const r = await one(dnssec(zone, 0)); // Unbound has no "valid for N more hours" rule
      const u = await query(resolver.address, `www.${zone}`, 'A', { tcp: false, timeoutMs: 3000, dnssec: true });
      verdicts[zone] = { prober: r.ok, unbound: u.rcode === 'SERVFAIL' ? 'bogus' : u.authenticated ? 'secure' : 'insecure' };
    }
    expect(verdicts).toEqual({
      'good.test': { prober: true, unbound: 'secure' },
      'rsa.test': { prober: true, unbound: 'secure' },
      'rsa512.test': { prober: true, unbound: 'secure' },
      'rsa1.test': { prober: true, unbound: 'secure' },
      'ed.test': { prober: true, unbound: 'secure' },
      'ed448.test': { prober: true, unbound: 'secure' },
      'algroll.test': { prober: true, unbound: 'secure' },
      'p384.test': { prober: true, unbound: 'secure' },
      'soon.test': { prober: true, unbound: 'secure' },
      'nsdiff.test': { prober: true, unbound: 'secure' },
      'rolling.test': { prober: true, unbound: 'secure' },
      'expired.test': { prober: false, unbound: 'bogus' },
      'badds.test': { prober: false, unbound: 'bogus' },
      'unsigned.test': { prober: false, unbound: 'insecure' },
    });
  });
});

describe('a check that asks a validating resolver', () => {
  // A resolver of its own: Unbound gives the detail of a validation failure (its code and text) the
  // first time; an answer from its cache carries only DNSSEC Bogus (6), with no text.
  let own: Unbound;
  beforeAll(async () => {
    own = await startUnbound(...unboundSetup);
  }, 60_000);
  afterAll(() => own?.stop());
  const viaResolver = (zone: string) =>
    parseConfig({ prefix: 'acme', dnsChecks: [{ name: 'c', query: `www.${zone}`, type: 'A', resolvers: [own.address], timeoutMs: 3000, expect: { answers: ['192.0.2.10', '192.0.2.11'] }, deploy: false }] }).localDnsChecks[0];

  it("fails a zone the resolver cannot validate, giving the resolver's Extended DNS Error (RFC 8914) and its text", async () => {
    const expired = await one(viaResolver('expired.test'));
    expect(expired).toMatchObject({ ok: false, rcode: 'SERVFAIL' });
    expect(expired.reason).toMatch(/^rcode SERVFAIL, expected NOERROR; answers \(none\), expected exactly 192\.0\.2\.10, 192\.0\.2\.11; the answer carries Extended DNS Error 7 \(Signature Expired\): validation failure <www\.expired\.test\. A IN>: signature expired from 127\.0\.0\.1 for key expired\.test\./);
    const badDs = await one(viaResolver('badds.test'));
    expect(badDs.reason).toMatch(/; the answer carries Extended DNS Error 9 \(DNSKEY Missing\): validation failure <www\.badds\.test\. A IN>: no keys have a DS/);
    // Then from its cache: the code only.
    expect((await one(viaResolver('expired.test'))).reason).toMatch(/; the answer carries Extended DNS Error 6 \(DNSSEC Bogus\)$/);
  });

  it('passes a zone the resolver validates, and a failing answer without an extended error says none', async () => {
    expect(await one(viaResolver('good.test'))).toMatchObject({ ok: true, reason: '' });
    const wrong = parseConfig({ prefix: 'acme', dnsChecks: [{ name: 'c', query: 'www.good.test', type: 'A', resolvers: [own.address], timeoutMs: 3000, expect: { answers: ['192.0.2.99'] }, deploy: false }] }).localDnsChecks[0];
    expect((await one(wrong)).reason).toBe('answers 192.0.2.10, 192.0.2.11, expected exactly 192.0.2.99');
  });
});

describe('delegation: the parent NS and DS match the zone NS and DNSKEY', () => {
  const delegation = (zone: string, servers = [children.address]) => check(`www.${zone}`, { delegation: { parentServers: [parent.address] } }, servers);

  it('a matching delegation passes (signed or not)', async () => {
    expect(await one(delegation('good.test'))).toMatchObject({ ok: true, reason: '' });
    expect(await one(delegation('unsigned.test'))).toMatchObject({ ok: true, reason: '' });
  });

  it("the parent's glue for a name server inside the zone must be the address the zone gives it", async () => {
    expect((await one(delegation('glue.test'))).reason).toBe("the parent's glue for ns1.glue.test is 127.0.0.1 (A); the zone gives 127.0.0.9: resolvers that take the parent's glue ask an address the zone no longer lists — update the glue at the registrar or parent zone");
  });

  it('a name server inside the zone that the parent gives no glue for fails: resolvers cannot find its address (RFC 9471)', async () => {
    // Checked over TCP as well, so a UDP answer cut short cannot pass for missing glue.
    const referral = await query(parent.address, 'noglue.test', 'NS', { tcp: true, timeoutMs: 1500 });
    expect(referral.additionals.filter((r) => r.type === 'A' || r.type === 'AAAA')).toEqual([]);
    expect((await one(delegation('noglue.test'))).reason).toBe(
      'the parent gives no glue for ns1.noglue.test, a name server inside noglue.test: resolvers cannot find its address without asking noglue.test itself — add its A or AAAA record at the registrar or in the parent zone',
    );
  });

  it('a name server named as the zone itself is inside it: without glue it fails too', async () => {
    const referral = await query(parent.address, 'apexns.test', 'NS', { tcp: true, timeoutMs: 1500 });
    expect(referral.authorities.map((r) => `${r.name} ${r.type} ${String((r as { data: unknown }).data)}`)).toEqual(['apexns.test NS apexns.test']);
    expect(referral.additionals.filter((r) => r.type === 'A' || r.type === 'AAAA')).toEqual([]);
    expect((await one(delegation('apexns.test'))).reason).toBe(
      'the parent gives no glue for apexns.test, a name server inside apexns.test: resolvers cannot find its address without asking apexns.test itself — add its A or AAAA record at the registrar or in the parent zone',
    );
  });

  it('glue a UDP referral leaves out is looked for over TCP before it is called missing', async () => {
    // In front of the parent: UDP referrals lose their additional section (as from a server older than RFC 9471), TCP passes unchanged.
    const stripped = await startRelay(parent.address, { udpAnswer: (b) => Buffer.from(dnsPacket.encode({ ...dnsPacket.decode(b), additionals: [] })) });
    try {
      expect((await query(stripped.address, 'good.test', 'NS', { tcp: false, timeoutMs: 1500 })).additionals).toEqual([]);
      expect((await query(stripped.address, 'good.test', 'NS', { tcp: true, timeoutMs: 1500 })).additionals.map((r) => r.name)).toEqual(['ns1.good.test']);
      const r = await one(check('www.good.test', { delegation: { parentServers: [stripped.address] } }));
      expect(r).toMatchObject({ ok: true, reason: '' });
    } finally {
      await stripped.close();
    }
  });

  it('a name server name that does not exist or has no address fails; one the lookup cannot settle does not', async () => {
    // Their lookups: NXDOMAIN, NODATA, and SERVFAIL (Unbound reaches nothing outside the fixtures).
    const lookups = await Promise.all(['ns.gone.test', 'ns.noaddr.test', 'ns.elsewhere.example'].map(async (n) => (await query(resolver.address, n, 'A', { tcp: false, timeoutMs: 3000 })).rcode));
    expect(lookups).toEqual(['NXDOMAIN', 'NOERROR', 'SERVFAIL']);
    const r = (await runCheck(delegation('dangling.test'), { lookupServers: [resolver.address] }))[0];
    expect(r.reason).toBe(
      [
        'the name server ns.gone.test of dangling.test does not exist (NXDOMAIN): resolvers that pick it get no answer, and whoever can register its domain can answer for dangling.test — remove it from the parent\'s delegation and the zone\'s NS records',
        'the name server ns.noaddr.test of dangling.test has no address (no A or AAAA record): resolvers that pick it get no answer — give it an address or remove it from the parent\'s delegation and the zone\'s NS records',
      ].join('; '),
    );
  });

  it('the parent delegating to other servers than the zone lists fails, naming both', async () => {
    expect((await one(delegation('nsdiff.test'))).reason).toBe('the parent delegates nsdiff.test to ns1.nsdiff.test, ns2.nsdiff.test; the zone lists ns1.nsdiff.test');
  });

  it("a DS for a key the zone does not publish yet (a Double-DS rollover), beside one for a key it does, passes: validators need one DS that leads to the keys", async () => {
    expect(await one(delegation('rolling.test'))).toMatchObject({ ok: true, reason: '' });
  });

  it('a DS the zone has no key for fails', async () => {
    expect((await one(delegation('badds.test'))).reason).toMatch(/the parent's DS \(key tag \d+, algorithm 13\) matches no DNSKEY of badds\.test/);
  });

  it('a lame delegation (the delegated server does not serve the zone) fails', async () => {
    const r = await one(check('lame.test', { rcode: 'REFUSED', delegation: { parentServers: [parent.address] } }));
    expect(r.reason).toMatch(/does not serve lame\.test \(NS query: REFUSED, not authoritative\): lame delegation/);
  });
});
