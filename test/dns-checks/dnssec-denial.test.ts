/**
 * A DNSSEC check of a name that does not exist, a type a name lacks, an empty non-terminal or a
 * wildcard answer: the NSEC or NSEC3 records of the answer must prove it, or validating resolvers
 * answer SERVFAIL although every signature verifies. Against real servers: zones signed by BIND's
 * own tools with NSEC, NSEC3 (salted, iterated) and NSEC3 Opt-Out, served by BIND 9, and broken
 * the ways a hand edit breaks a chain (a record of the chain left out, a record deleted after
 * signing while its NSEC still lists its type), a zone Knot DNS signs online, denying with
 * an NSEC of the name itself (compact denial, RFC 9824), and zones PowerDNS signs online with NSEC,
 * NSEC3 and NSEC3 narrow denial; Unbound, a real validating resolver, must reach the same
 * verdict as the prober on every query.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DnsCheckSpec } from '../../contracts/dns-check';
import { denialProblems } from '../../lambdas/dns-prober/denial';
import { chainProblems, type Ds } from '../../lambdas/dns-prober/dnssec';
import { runCheck } from '../../lambdas/dns-prober/run';
import { query } from '../../lambdas/dns-prober/query';
import { parseConfig } from '../../lib/config/load';
import { type BindServer, startBind } from '../support/bind';
import { type KnotServer, startKnotNsec3Signer, startKnotOnlineSigner } from '../support/knot';
import { type PowerDnsServer, startPowerDns } from '../support/powerdns';
import { hoursFromNow, ZoneSigner, type ZoneKeys } from '../support/signed-zones';
import { startUnbound, type Unbound } from '../support/unbound';

/** The fixture zones: three well signed, five broken after signing. */
const ZONES = {
  nsec: {},
  nsec3: { nsec3: { salt: 'abcd', iterations: 3 } },
  optout: { nsec3: { salt: '-', iterations: 0, optOut: true } },
  // NSEC: the NSEC of mail.gap.test left out, the one that covers nothere.gap.test (BIND serves a
  // zone whose apex lacks its NSEC as unsigned, so the apex's cannot be the one).
  gap: {},
  // NSEC: www's TXT record and svc's HTTPS record deleted by hand after signing: their NSEC records still list them.
  stale: {},
  // NSEC3: the apex's NSEC3 left out, the closest encloser of any name directly below it.
  gap3: { nsec3: { salt: 'beef', iterations: 1 } },
  // NSEC: the NSEC of the unsigned delegation deleg.ent left out, the proof that it has no DS.
  cut: {},
  // NSEC3: the same, the NSEC3 of deleg.ent (the one whose types hold NS but not SOA).
  cut3: { nsec3: { salt: 'cafe', iterations: 2 } },
} as const;
type Zone = keyof typeof ZONES;
const NAMES = Object.keys(ZONES) as Zone[];

const content = (zone: string, extra: string[] = []) =>
  [
    `$ORIGIN ${zone}.`,
    '$TTL 300',
    `@ IN SOA ns1.${zone}. hostmaster.${zone}. 2026120601 3600 600 86400 60`,
    `@ IN NS ns1.${zone}.`,
    'ns1 IN A 127.0.0.1',
    'www IN A 192.0.2.10',
    'mail IN MX 10 www',
    'a.b IN A 192.0.2.20', // b is an empty non-terminal
    '*.wild IN A 192.0.2.30',
    'deleg.ent IN NS ns.elsewhere.example.', // ent is an empty non-terminal above an unsigned delegation
    'alias IN CNAME www', // the answer's CNAME chain ends at www: a missing type is www's to prove
    'dangling IN CNAME gone', // ... at gone, which does not exist: NXDOMAIN for gone
    '*.wc IN CNAME www', // a CNAME made from a wildcard, ending at www
    'viawild IN CNAME y.wc', // a chain whose second CNAME is made from that wildcard
    'dn IN DNAME wild', // names below dn are names below wild: a CNAME made from the DNAME, then the wildcard
    'dnx IN DNAME nowhere', // ... below nowhere, which does not exist
    'svc IN HTTPS 1 . alpn=h2', // a type dns-packet has no name for (the prober reads it as UNKNOWN_65)
    ...extra,
  ].join('\n');

const withoutDnames = (text: string) => text.split('\n').filter((l) => !/ IN DNAME /.test(l)).join('\n');
const belowDname = (q: { name: string }) => /(^|\.)dnx?$/.test(q.name);

/** A signed zone as one record a line (named-compilezone), without the records `drop` picks. */
function oneRecordALine(zone: string, signed: string, dir: string, drop: (owner: string, type: string, rest: string) => boolean = () => false): string {
  const file = path.join(dir, `${zone}.signed-in`);
  fs.writeFileSync(file, signed);
  const lines = execFileSync('/usr/bin/named-compilezone', ['-q', '-s', 'full', '-o', '-', zone, file], { encoding: 'utf8' }).split('\n');
  return lines
    .filter((l) => {
      const [owner, , , type, ...rest] = l.split(/\s+/);
      if (!type || l.startsWith(';')) return true;
      return !drop(owner.toLowerCase(), type, rest.join(' '));
    })
    .join('\n');
}

let signer: ZoneSigner;
let parent: BindServer;
/** A signed root holding test.'s DS: the parent of the parent, for a check of test.'s own referrals. */
let root: BindServer;
let children: BindServer;
/** online.test, signed online by Knot: compact denial ("black lies", RFC 9824) for every missing name or type. */
let online: KnotServer;
/**
 * Zones PowerDNS signs as it answers, denying with NSEC, an NSEC3 chain, or NSEC3 made for each
 * answer ("narrow"). Without the DNAMEs: PowerDNS 4.7 synthesizes below a DNAME only with
 * `dname-processing` (its docs once said not to combine it with DNSSEC), and then sends a signed
 * answer's records out of order (the target's, the CNAME, the DNAME), which Unbound 1.17 validated
 * or failed depending on what it had cached (seen here); the prober passes such an answer.
 */
const POWERDNS = { 'pdns-nsec': 'nsec', 'pdns-nsec3': 'nsec3', 'pdns-narrow': 'nsec3-narrow' } as const;
type PowerDnsZone = keyof typeof POWERDNS;
let powerdns: PowerDnsServer;
/** iter.test, signed by Knot with an NSEC3 chain of more iterations than validators verify. */
let iterated: KnotServer;
/** More than validators verify (NSEC3_MAX_VALIDATED_ITERATIONS in denial.ts): BIND's signer refuses it, Knot's signs it. */
const TOO_MANY_ITERATIONS = 200;
/** Unbound's default limit (unbound.conf(5): val-nsec3-keysize-iterations), which it still validates. */
const UNBOUND_LIMIT = 150;
/** at-limit.test, signed by Knot with exactly Unbound's limit. */
let atLimit: KnotServer;
let resolver: Unbound;

beforeAll(async () => {
  signer = new ZoneSigner();
  const keys = Object.fromEntries(NAMES.map((z) => [z, signer.key(`${z}.test`, 'ECDSAP256SHA256')])) as Record<Zone, ZoneKeys>;
  const [from, until] = [hoursFromNow(-24), hoursFromNow(24 * 30)];
  const zones: Record<string, string> = {};
  for (const z of NAMES) {
    const zone = `${z}.test`;
    const extra = z === 'optout' ? ['sub IN NS ns.sub.elsewhere.example.'] : [];
    const signed = z === 'stale' ? '' : signer.sign(zone, content(zone, extra), [keys[z]], from, until, ZONES[z]);
    if (z === 'gap') zones[zone] = oneRecordALine(zone, signed, signer.dir, (owner, type, rest) => owner === `mail.${zone}.` && (type === 'NSEC' || (type === 'RRSIG' && rest.startsWith('NSEC '))));
    else if (z === 'gap3') {
      // The apex's NSEC3 is the one whose type list holds SOA.
      const apexHash = oneRecordALine(zone, signed, signer.dir)
        .split('\n')
        .find((l) => / NSEC3\s.* SOA /.test(`${l} `))!
        .split(/\s+/)[0]
        .toLowerCase();
      zones[zone] = oneRecordALine(zone, signed, signer.dir, (owner, type, rest) => owner === apexHash && (type === 'NSEC3' || (type === 'RRSIG' && rest.startsWith('NSEC3 '))));
    } else if (z === 'stale') {
      const withTxt = signer.sign(zone, content(zone, ['www IN TXT "v=old"']), [keys[z]], from, until);
      // ... and svc's HTTPS record: the NSEC of svc still lists HTTPS.
      const deleted = (owner: string, type: string, rest: string, name: string, t: string) => owner === `${name}.${zone}.` && (type === t || (type === 'RRSIG' && rest.startsWith(`${t} `)));
      zones[zone] = oneRecordALine(zone, withTxt, signer.dir, (owner, type, rest) => deleted(owner, type, rest, 'www', 'TXT') || deleted(owner, type, rest, 'svc', 'HTTPS'));
    } else if (z === 'cut') {
      zones[zone] = oneRecordALine(zone, signed, signer.dir, (owner, type, rest) => owner === `deleg.ent.${zone}.` && (type === 'NSEC' || (type === 'RRSIG' && rest.startsWith('NSEC '))));
    } else if (z === 'cut3') {
      const cutHash = oneRecordALine(zone, signed, signer.dir)
        .split('\n')
        .find((l) => / NSEC3\s.* NS /.test(`${l} `) && !/ SOA /.test(`${l} `))!
        .split(/\s+/)[0]
        .toLowerCase();
      zones[zone] = oneRecordALine(zone, signed, signer.dir, (owner, type, rest) => owner === cutHash && (type === 'NSEC3' || (type === 'RRSIG' && rest.startsWith('NSEC3 '))));
    } else zones[zone] = signed;
  }
  children = await startBind(zones);
  [online, iterated, atLimit, powerdns] = await Promise.all([
    startKnotOnlineSigner({ 'online.test': content('online.test') }),
    // It names itself in bytes that are not text (NSID, RFC 5001), as some anycast operators do.
    startKnotNsec3Signer({ 'iter.test': content('iter.test') }, TOO_MANY_ITERATIONS, { nsid: '0x0a01fe' }),
    startKnotNsec3Signer({ 'at-limit.test': content('at-limit.test') }, UNBOUND_LIMIT),
    startPowerDns(Object.fromEntries(Object.entries(POWERDNS).map(([z, denial]) => [`${z}.test`, { text: withoutDnames(content(`${z}.test`)), denial }]))),
  ]);

  const parentKey = signer.key('test', 'ECDSAP256SHA256');
  const delegations = [
    ...NAMES.flatMap((z) => [`${z} IN NS ns1.${z}.test.`, `ns1.${z} IN A 127.0.0.1`, keys[z].ds.replace(/^\S+/, `${z}.test.`)]),
    'online IN NS ns1.online.test.',
    'ns1.online IN A 127.0.0.1',
    online.ds('online.test'),
    ...Object.keys(POWERDNS).flatMap((z) => [`${z} IN NS ns1.${z}.test.`, `ns1.${z} IN A 127.0.0.1`, powerdns.ds(`${z}.test`)]),
    'iter IN NS ns1.iter.test.',
    'ns1.iter IN A 127.0.0.1',
    iterated.ds('iter.test'),
    'at-limit IN NS ns1.at-limit.test.',
    'ns1.at-limit IN A 127.0.0.1',
    atLimit.ds('at-limit.test'),
  ];
  const parentText = ['$ORIGIN test.', '$TTL 300', '@ IN SOA ns.test. hostmaster.test. 1 3600 600 86400 60', '@ IN NS ns.test.', 'ns IN A 127.0.0.1', ...delegations].join('\n');
  parent = await startBind({ test: signer.sign('test', parentText, [parentKey], from, until) });
  const rootText = ['$ORIGIN .', '$TTL 300', '. IN SOA ns.root. hostmaster.root. 1 3600 600 86400 60', '. IN NS ns.root.', 'ns.root. IN A 127.0.0.1', 'test. IN NS ns.test.', 'ns.test. IN A 127.0.0.1', parentKey.ds].join('\n');
  root = await startBind({ '.': signer.sign('.', rootText, [signer.key('.', 'ECDSAP256SHA256')], from, until) });

  const stubs: Record<string, string> = { '.': `127.0.0.1@${parent.port}`, 'test.': `127.0.0.1@${parent.port}` };
  for (const z of NAMES) stubs[`${z}.test.`] = `127.0.0.1@${children.port}`;
  stubs['online.test.'] = `127.0.0.1@${online.port}`;
  for (const z of Object.keys(POWERDNS)) stubs[`${z}.test.`] = `127.0.0.1@${powerdns.port}`;
  stubs['iter.test.'] = `127.0.0.1@${iterated.port}`;
  stubs['at-limit.test.'] = `127.0.0.1@${atLimit.port}`;
  resolver = await startUnbound(stubs, parentKey.ds);
}, 120_000);

afterAll(async () => {
  await Promise.all([root?.stop(), parent?.stop(), children?.stop(), online?.stop(), iterated?.stop(), atLimit?.stop(), powerdns?.stop(), resolver?.stop()]);
  signer?.cleanup();
});

/** The queries asked of every zone: what each proves, and the response code it expects. */
const QUERIES = [
  { what: 'name that does not exist', name: 'nothere', type: 'A', rcode: 'NXDOMAIN' },
  { what: 'type the name lacks', name: 'www', type: 'TXT', rcode: 'NOERROR' },
  { what: 'empty non-terminal', name: 'b', type: 'A', rcode: 'NOERROR' },
  { what: 'empty non-terminal above an unsigned delegation only (with Opt-Out it may have no NSEC3)', name: 'ent', type: 'A', rcode: 'NOERROR' },
  { what: 'wildcard answer', name: 'x.wild', type: 'A', rcode: 'NOERROR' },
  { what: 'wildcard answer two labels below the wildcard', name: 'a.x.wild', type: 'A', rcode: 'NOERROR' },
  { what: 'type the apex lacks', name: '@', type: 'TXT', rcode: 'NOERROR' },
  { what: 'wildcard without the type', name: 'x.wild', type: 'MX', rcode: 'NOERROR' },
  { what: 'name that exists', name: 'www', type: 'A', rcode: 'NOERROR' },
  { what: 'type the CNAME target lacks (NODATA behind a CNAME)', name: 'alias', type: 'TXT', rcode: 'NOERROR' },
  { what: 'CNAME to a name that does not exist (NXDOMAIN behind a CNAME)', name: 'dangling', type: 'A', rcode: 'NXDOMAIN' },
  { what: 'CNAME made from a wildcard, to a target without the type', name: 'x.wc', type: 'TXT', rcode: 'NOERROR' },
  { what: 'CNAME made from a wildcard, to a target with the type', name: 'x.wc', type: 'A', rcode: 'NOERROR' },
  { what: 'CNAME chain through a CNAME made from a wildcard', name: 'viawild', type: 'A', rcode: 'NOERROR' },
  // A referral: validators follow it only once the zone proves the delegation has no DS (RFC 4035
  // 3.1.4, RFC 5155 7.2.7). Unbound is asked that DS itself, whose answer holds the same proof (a
  // name below deleg.ent would take it on to a server that does not exist).
  { what: 'name below an unsigned delegation (a referral)', name: 'x.deleg.ent', type: 'A', rcode: 'NOERROR', validated: { name: 'deleg.ent', type: 'DS' } },
  { what: 'DS of an unsigned delegation, which the zone that delegates answers', name: 'deleg.ent', type: 'DS', rcode: 'NOERROR' },
  // Below a DNAME the server makes a CNAME, unsigned, that validators take from the signed DNAME.
  { what: 'name below a DNAME (a CNAME made from it, then a wildcard answer)', name: 'x.dn', type: 'A', rcode: 'NOERROR' },
  { what: 'type missing below a DNAME', name: 'x.dn', type: 'TXT', rcode: 'NOERROR' },
  { what: 'name below a DNAME whose target does not exist', name: 'x.dnx', type: 'A', rcode: 'NXDOMAIN' },
  { what: "type the DNAME's owner lacks", name: 'dn', type: 'A', rcode: 'NOERROR' },
  { what: 'HTTPS record (a type dns-packet has no name for)', name: 'svc', type: 'HTTPS', rcode: 'NOERROR' },
  { what: 'HTTPS record the name lacks', name: 'www', type: 'HTTPS', rcode: 'NOERROR' },
] as const;
/** The queries whose answer is the record itself, which needs no NSEC or NSEC3 proof. */
const needsNoProof = (q: (typeof QUERIES)[number]) => (q.name === 'www' && q.type === 'A') || (q.name === 'svc' && q.type === 'HTTPS');
/** What Unbound is asked for the verdict on query `q` of `zone`. */
const validatedQuery = (q: (typeof QUERIES)[number], zone: string): { name: string; type: string } => {
  const v = 'validated' in q ? q.validated : q;
  return { name: v.name === '@' ? zone : `${v.name}.${zone}`, type: v.type };
};
/**
 * Also asked of optout.test's own server: the DS of its unsigned delegation, left out of the NSEC3
 * chain by Opt-Out (RFC 5155 8.6). Not a DNSSEC check's case: the name is in an unsigned zone,
 * which such a check reports as unsigned (dnssec-delegation.test.ts).
 */
const UNSIGNED_DELEGATION_DS = { what: 'DS of an unsigned delegation', name: 'sub', type: 'DS', rcode: 'NOERROR' } as const;

const check = (name: string, type: string, rcode: string, server = children.address): DnsCheckSpec =>
  parseConfig({
    prefix: 'acme',
    dnsChecks: [{ name: 'c', query: name, type, servers: [server], timeoutMs: 1500, expect: { rcode, dnssec: { minValidityHours: 0, parentServers: [parent.address] } }, deploy: false }],
  }).localDnsChecks[0];

describe('DNSSEC denial of existence: NSEC and NSEC3 proofs', () => {
  it('the prober agrees with Unbound on every query of every zone', async () => {
    const disagree: string[] = [];
    const bogus: string[] = [];
    /** The well-signed zones must validate, not merely not fail: Unbound sets AD on each of their answers. */
    const notSecure: string[] = [];
    const pdnsZones = Object.keys(POWERDNS) as PowerDnsZone[];
    for (const z of [...NAMES, 'online', ...pdnsZones]) {
      for (const q of QUERIES) {
        if (pdnsZones.includes(z as PowerDnsZone) && belowDname(q)) continue;
        const name = q.name === '@' ? `${z}.test` : `${q.name}.${z}.test`;
        // Knot's compact denial answers a missing name NOERROR, with an NSEC of the name itself.
        const rcode = z === 'online' ? 'NOERROR' : q.rcode;
        const server = z === 'online' ? online.address : pdnsZones.includes(z as PowerDnsZone) ? powerdns.address : children.address;
        const [r] = await runCheck(check(name, q.type, rcode, server));
        const v = validatedQuery(q, `${z}.test`);
        const u = await query(resolver.address, v.name, v.type as never, { tcp: false, timeoutMs: 3000, dnssec: true });
        const unbound = u.rcode === 'SERVFAIL' ? 'bogus' : u.authenticated ? 'secure' : 'insecure';
        if (r.ok !== (unbound !== 'bogus')) disagree.push(`${name} ${q.type}: prober ${r.ok ? 'ok' : `fails (${r.reason})`}, Unbound ${unbound}`);
        if (!r.ok) bogus.push(`${name} ${q.type}`);
        if (['nsec', 'nsec3', 'online', ...pdnsZones].includes(z) && unbound !== 'secure') notSecure.push(`${name} ${q.type}: ${unbound}`);
      }
    }
    expect(disagree).toEqual([]);
    expect(notSecure).toEqual([]);
    // The broken zones, and only they, fail: each where its chain is broken (behind a CNAME too: www's
    // stale NSEC, gone's missing closest encloser; in cut.test and cut3.test the record left out
    // also covered or matched what proves gone absent; below dnx, what proves x.nowhere absent).
    expect(bogus.sort()).toEqual([
      'alias.stale.test TXT',
      'dangling.cut.test A',
      'dangling.cut3.test A',
      'dangling.gap3.test A',
      'deleg.ent.cut.test DS',
      'deleg.ent.cut3.test DS',
      'gap3.test TXT',
      'nothere.gap.test A',
      'nothere.gap3.test A',
      'svc.stale.test HTTPS',
      'www.stale.test TXT',
      'x.deleg.ent.cut.test A',
      'x.deleg.ent.cut3.test A',
      'x.dnx.gap.test A',
      'x.dnx.gap3.test A',
      'x.wc.stale.test TXT',
    ]);
  }, 120_000);

  it('delegation, DNSSEC, authoritative and consistent checks of the zones Knot and PowerDNS sign pass, as of the zones BIND serves: their NS, keys and SOA answers are read alike', async () => {
    const servers: Record<string, string> = { 'pdns-nsec': powerdns.address, 'pdns-nsec3': powerdns.address, 'pdns-narrow': powerdns.address, online: online.address, iter: iterated.address, nsec: children.address };
    const failing: string[] = [];
    for (const [z, server] of Object.entries(servers)) {
      const expected = { authoritative: true, consistent: true, delegation: { parentServers: [parent.address] }, dnssec: { minValidityHours: 0, parentServers: [parent.address] } };
      // The same server twice, by address and by name: consistent compares the two answers and SOA serials.
      const spec = parseConfig({ prefix: 'acme', dnsChecks: [{ name: 'c', query: `${z}.test`, type: 'SOA', servers: [server, server.replace('127.0.0.1', 'localhost')], timeoutMs: 2000, expect: expected, deploy: false }] }).localDnsChecks[0];
      const results = await runCheck(spec);
      expect(results).toHaveLength(2);
      for (const r of results) if (!r.ok) failing.push(`${z}.test at ${r.server}: ${r.reason}`);
    }
    expect(failing).toEqual([]);
  });

  it('NSEC3 with more iterations than validators verify: every answer it proves fails, where Unbound gives it no protection (insecure)', async () => {
    const verdicts: string[] = [];
    for (const q of QUERIES) {
      const name = q.name === '@' ? 'iter.test' : `${q.name}.iter.test`;
      const [r] = await runCheck(check(name, q.type, q.rcode, iterated.address));
      const v = validatedQuery(q, 'iter.test');
      const u = await query(resolver.address, v.name, v.type as never, { tcp: false, timeoutMs: 3000, dnssec: true });
      const unbound = u.rcode === 'SERVFAIL' ? 'bogus' : u.authenticated ? 'secure' : 'insecure';
      verdicts.push(`${q.name} ${q.type}: prober ${r.ok ? 'ok' : 'fails'}, Unbound ${unbound}`);
    }
    // Only the answers that need no NSEC3 proof validate; every other one Unbound leaves unprotected.
    expect(verdicts).toEqual(QUERIES.map((q) => `${q.name} ${q.type}: ${needsNoProof(q) ? 'prober ok, Unbound secure' : 'prober fails, Unbound insecure'}`));
    // At the limit itself, Unbound still validates, and the prober passes.
    for (const q of QUERIES) {
      const name = q.name === '@' ? 'at-limit.test' : `${q.name}.at-limit.test`;
      const [r] = await runCheck(check(name, q.type, q.rcode, atLimit.address));
      const v = validatedQuery(q, 'at-limit.test');
      const u = await query(resolver.address, v.name, v.type as never, { tcp: false, timeoutMs: 3000, dnssec: true });
      expect({ name, type: q.type, prober: r.ok, unboundSecure: u.authenticated }).toEqual({ name, type: q.type, prober: true, unboundSecure: true });
    }
    const [r] = await runCheck(check('nothere.iter.test', 'A', 'NXDOMAIN', iterated.address));
    expect(r.reason).toBe(
      `the NSEC3 records of iter.test use ${TOO_MANY_ITERATIONS} hash iterations, more than the 150 validators verify (Unbound's default limit): validators treat the answer as insecure (no DNSSEC protection) or answer SERVFAIL — re-sign the zone with 0 iterations and no salt (RFC 9276)`,
    );
    // The instance that answered, which names itself in bytes that are not text: in hex.
    expect(r.nsid).toBe('0x0a01fe');
  });

  it("every record of BIND's proofs is needed: leaving any one NSEC or NSEC3 out of a real answer breaks the proof", async () => {
    const holes: string[] = [];
    let proofs = 0;
    // In optout.test a NODATA proof short of a record may still prove an Opt-Out span, which
    // validators take as insecure rather than bogus (the test above holds those to Unbound): only
    // its DS query, whose proof has nothing to spare, is asked here.
    const asked = (z: Zone) => (z === 'optout' ? [UNSIGNED_DELEGATION_DS] : QUERIES.filter((x) => !needsNoProof(x)));
    for (const z of ['nsec', 'nsec3', 'optout'] as const) {
      for (const q of asked(z)) {
        const name = q.name === '@' ? `${z}.test` : `${q.name}.${z}.test`;
        const a = await query(children.address, name, q.type as never, { tcp: false, timeoutMs: 3000, dnssec: true });
        const input = { zone: `${z}.test`, qname: name, qtype: q.type, rcode: a.rcode, answers: a.answers, authorities: a.authorities };
        expect({ name, type: q.type, problems: denialProblems(input) }).toEqual({ name, type: q.type, problems: [] });
        const proof = a.authorities.filter((r) => r.type === 'NSEC' || r.type === 'NSEC3');
        expect(proof.length).toBeGreaterThan(0);
        for (const left of proof) {
          proofs++;
          const authorities = a.authorities.filter((r) => r !== left);
          if (denialProblems({ ...input, authorities }).length === 0) holes.push(`${name} ${q.type} without ${left.type} ${left.name}`);
        }
      }
    }
    expect(holes).toEqual([]);
    expect(proofs).toBeGreaterThanOrEqual(15);
  });

  it("compact denial with NXDOMAIN restored (RFC 9824) passes only with the NXNAME type in the name's NSEC", async () => {
    // Knot 3.2 answers NOERROR without NXNAME; its real answer with NXDOMAIN and NXNAME (type 128) added, as newer signers send it.
    const a = await query(online.address, 'nothere.online.test', 'A', { tcp: false, timeoutMs: 3000, dnssec: true });
    const input = { zone: 'online.test', qname: 'nothere.online.test', qtype: 'A', answers: a.answers, authorities: a.authorities };
    expect(denialProblems({ ...input, rcode: 'NOERROR' })).toEqual([]);
    expect(denialProblems({ ...input, rcode: 'NXDOMAIN' })).toEqual(['the answer says nothere.online.test does not exist, but an NSEC record shows it does: validators answer SERVFAIL']);
    const withNxname = a.authorities.map((r) => (r.type === 'NSEC' ? { ...r, data: { ...(r as { data: object }).data, rrtypes: ['RRSIG', 'NSEC', 'UNKNOWN_128'] } } : r)) as typeof a.authorities;
    expect(denialProblems({ ...input, rcode: 'NXDOMAIN', authorities: withNxname })).toEqual([]);
  });

  it("a DNSSEC check of a name below a signed delegation, asked of the zone that delegates: its referral's DS verifies from the parent's DS down, as Unbound finds", async () => {
    const spec = parseConfig({
      prefix: 'acme',
      dnsChecks: [{ name: 'c', query: 'www.nsec.test', type: 'A', servers: [parent.address], timeoutMs: 1500, expect: { rcode: 'NOERROR', dnssec: { minValidityHours: 0, parentServers: [root.address] } }, deploy: false }],
    }).localDnsChecks[0];
    const [r] = await runCheck(spec);
    expect({ ok: r.ok, reason: r.reason }).toEqual({ ok: true, reason: '' });
    const u = await query(resolver.address, 'nsec.test', 'DS', { tcp: false, timeoutMs: 3000, dnssec: true });
    expect({ rcode: u.rcode, secure: u.authenticated }).toEqual({ rcode: 'NOERROR', secure: true });
  });

  it("a referral to a signed zone carries the zone's DS, which needs no proof; the same referral without it is a referral to an unsigned zone that proves nothing", async () => {
    // The parent test. delegates nsec.test with a DS: its real referral, as BIND sends it.
    const a = await query(parent.address, 'www.nsec.test', 'A', { tcp: false, timeoutMs: 3000, dnssec: true });
    expect(a.authoritative).toBe(false);
    expect(a.authorities.filter((r) => r.type === 'NS' || r.type === 'DS').map((r) => `${r.type} ${r.name}`)).toEqual(expect.arrayContaining(['NS nsec.test', 'DS nsec.test']));
    const input = { zone: 'test', qname: 'www.nsec.test', qtype: 'A', rcode: a.rcode, answers: a.answers, authorities: a.authorities };
    expect(denialProblems(input)).toEqual([]);
    const withoutDs = a.authorities.filter((r) => r.type !== 'DS' && !(r.type === 'RRSIG' && (r as { data: { typeCovered: string } }).data.typeCovered === 'DS'));
    expect(denialProblems({ ...input, authorities: withoutDs })).toEqual([
      'the referral to nsec.test carries no DS record and does not prove that it has none (it carries no NSEC or NSEC3 records), as a referral to an unsigned zone must: validators answer SERVFAIL',
    ]);
  });

  it("a delegation check whose server answers with a referral reports it lame for the delegated zone: the referral's DNSSEC is no stand-in for serving it", async () => {
    const spec = parseConfig({
      prefix: 'acme',
      dnsChecks: [{ name: 'c', query: 'x.deleg.ent.nsec.test', type: 'A', servers: [children.address], timeoutMs: 1500, expect: { delegation: { parentServers: [children.address] } }, deploy: false }],
    }).localDnsChecks[0];
    const [r] = await runCheck(spec);
    expect(r.ok).toBe(false);
    expect(r.reason).toContain(`${children.address} does not serve deleg.ent.nsec.test (NS query: NOERROR, not authoritative): lame delegation`);
  });

  it("a CNAME made from a DNAME comes unsigned and passes only when it is what the signed DNAME makes of the name", async () => {
    const opts = { tcp: false, timeoutMs: 3000, dnssec: true } as const;
    const a = await query(children.address, 'x.dn.nsec.test', 'A', opts);
    // BIND's real answer: the DNAME with its RRSIG, the CNAME it makes without one, the wildcard's A.
    expect(a.answers.map((r) => `${r.type} ${r.name}${r.type === 'RRSIG' ? ` ${(r as { data: { typeCovered: string } }).data.typeCovered}` : ''}`).sort()).toEqual(
      ['A x.wild.nsec.test', 'CNAME x.dn.nsec.test', 'DNAME dn.nsec.test', 'RRSIG x.wild.nsec.test A', 'RRSIG dn.nsec.test DNAME'].sort(),
    );
    const keys = await query(children.address, 'nsec.test', 'DNSKEY', opts);
    const ds = (await query(parent.address, 'nsec.test', 'DS', opts)).answers.filter((r) => r.type === 'DS').map((r) => (r as { data: Ds }).data);
    const input = { zone: 'nsec.test', ds, dnskeyAnswer: keys.answers, now: Math.floor(Date.now() / 1000), minValidityHours: 0 };
    expect(chainProblems({ ...input, response: [...a.answers, ...a.authorities] })).toEqual([]);
    // A CNAME to anywhere else is not the DNAME's: unsigned, it is an answer anyone could have forged.
    const forged = a.answers.map((r) => (r.type === 'CNAME' ? { ...r, data: 'x.www.nsec.test' } : r)) as typeof a.answers;
    expect(chainProblems({ ...input, response: [...forged, ...a.authorities] })).toEqual(['x.dn.nsec.test/CNAME is not signed by nsec.test (no RRSIG)']);
    // Nor does a DNAME whose signature is gone vouch for it: the DNAME itself is unsigned.
    const unsignedDname = a.answers.filter((r) => !(r.type === 'RRSIG' && (r as { data: { typeCovered: string } }).data.typeCovered === 'DNAME'));
    expect(chainProblems({ ...input, response: [...unsignedDname, ...a.authorities] })).toEqual(['dn.nsec.test/DNAME is not signed by nsec.test (no RRSIG)']);
  });

  it('says what the answer fails to prove', async () => {
    const reason = async (name: string, type: string, rcode: string) => (await runCheck(check(name, type, rcode)))[0].reason;
    expect(await reason('nothere.gap.test', 'A', 'NXDOMAIN')).toBe('no NSEC record proves that nothere.gap.test does not exist (none covers it): validators answer SERVFAIL');
    expect(await reason('nothere.gap3.test', 'A', 'NXDOMAIN')).toBe('no NSEC3 record matches an ancestor of nothere.gap3.test in gap3.test (no closest encloser proof): validators answer SERVFAIL');
    expect(await reason('www.stale.test', 'TXT', 'NOERROR')).toBe('the NSEC record of www.stale.test lists TXT, though the answer says there is no such record: validators answer SERVFAIL');
    expect(await reason('x.deleg.ent.cut.test', 'A', 'NOERROR')).toBe(
      'the referral to deleg.ent.cut.test carries no DS record and does not prove that it has none (it carries no NSEC or NSEC3 records), as a referral to an unsigned zone must: validators answer SERVFAIL',
    );
    expect(await reason('x.deleg.ent.cut3.test', 'A', 'NOERROR')).toBe(
      'the referral to deleg.ent.cut3.test carries no DS record and does not prove that it has none (no NSEC3 record matches deleg.ent.cut3.test, and no NSEC3 record matches an ancestor of deleg.ent.cut3.test in cut3.test (no closest encloser proof)), as a referral to an unsigned zone must: validators answer SERVFAIL',
    );
  });
});
