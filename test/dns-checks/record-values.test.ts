/**
 * A check's expected values against a real server's answers, for every record type a check may
 * ask: BIND 9 serves a zone holding each, and a check expecting exactly the values BIND itself
 * prints for those records (`named-compilezone`, the presentation form users copy from zone files
 * and `dig`) must pass, as must other spellings of the same data; a value that differs must fail.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { DnsRecordType } from '../../contracts/dns-check';
import { runCheck } from '../../lambdas/dns-prober/run';
import { VALUE_EXAMPLES } from '../../contracts/record-values';
import { ConfigError } from '../../lib/config/errors';
import { parseConfig } from '../../lib/config/load';
import { type BindServer, startBind } from '../support/bind';

const ZONE = 'values.test';
const RECORDS = [
  '@ IN SOA ns1 hostmaster 2026120701 3600 600 86400 60',
  '@ IN NS ns1',
  'ns1 IN A 127.0.0.1',
  'v4 IN A 192.0.2.1',
  'v4 IN A 192.0.2.2',
  'v6 IN AAAA 2001:db8::1',
  'v6 IN AAAA 2001:db8:0:0:1::2',
  'alias IN CNAME v4',
  '@ IN MX 10 mail',
  '@ IN MX 20 mail.example.net.',
  '_sip._tcp IN SRV 10 5 5060 sip',
  'txt IN TXT "v=spf1 include:_spf.example.net" " -all"',
  'txt IN TXT "two words; and \\"quotes\\""',
  '@ IN CAA 0 issue "amazon.com"',
  '@ IN CAA 128 iodef "mailto:security@values.test"',
  '4.3.2.1 IN PTR host.values.test.',
  // An RFC 2317 classless reverse name holds a '/' (as a value and as a query name); a null MX (RFC 7505) names the root.
  '5.2.0.192 IN CNAME 5.0/26.2.0.192',
  '5.0/26.2.0.192 IN PTR host.values.test.',
  'nomail IN MX 0 .',
  // An HTTPS record of each mode (RFC 9460: ServiceMode with its parameters, AliasMode) and an SVCB record with every key BIND 9.18 knows and one it does not.
  '@ IN HTTPS 1 . alpn="h2,h3" port=8443 ipv4hint=192.0.2.1,192.0.2.2 ipv6hint=2001:DB8::1 ech=AEX+DQBB',
  'www IN HTTPS 0 values.test.',
  '_dns IN SVCB 1 dns.values.test. mandatory=alpn,port alpn=dot,doq no-default-alpn port=853 key7="/dns-query{?dns}" key65333=ab\\044c',
  'child IN NS ns.child',
  'ns.child IN A 127.0.0.1',
  'child IN DS 12345 13 2 ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789',
  '@ IN DNSKEY 257 3 13 mdsswUyr3DPW132mOi8V9xESWE8jTo0dxCjjnopKl+GqJxpVXckHAeF+ KkxLbxILfDLUT0rAK9iUzy1L53eKGQ==',
];

/** What each query asks: BIND's own values for it are the expected answers. */
const ASKED: readonly { name: string; type: DnsRecordType }[] = [
  { name: 'v4', type: 'A' },
  { name: 'v6', type: 'AAAA' },
  { name: 'alias', type: 'CNAME' },
  { name: '@', type: 'NS' },
  { name: '@', type: 'SOA' },
  { name: '@', type: 'MX' },
  { name: '_sip._tcp', type: 'SRV' },
  { name: 'txt', type: 'TXT' },
  { name: '@', type: 'CAA' },
  { name: '4.3.2.1', type: 'PTR' },
  { name: '5.2.0.192', type: 'CNAME' },
  { name: '5.0/26.2.0.192', type: 'PTR' },
  { name: 'nomail', type: 'MX' },
  { name: '@', type: 'HTTPS' },
  { name: 'www', type: 'HTTPS' },
  { name: '_dns', type: 'SVCB' },
  { name: 'child', type: 'DS' },
  { name: '@', type: 'DNSKEY' },
];

let server: BindServer;
/** BIND's presentation of each record, by `owner type`, from named-compilezone (one record a line). */
const printed = new Map<string, string[]>();

beforeAll(async () => {
  const text = [`$ORIGIN ${ZONE}.`, '$TTL 300', ...RECORDS].join('\n');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'values-'));
  fs.writeFileSync(path.join(dir, 'zone'), text);
  for (const line of execFileSync('/usr/bin/named-compilezone', ['-q', '-s', 'full', '-o', '-', ZONE, path.join(dir, 'zone')], { encoding: 'utf8' }).split('\n')) {
    const m = /^(\S+)\s+\d+\s+IN\s+(\S+)\s+(.*)$/.exec(line);
    if (!m) continue;
    const key = `${m[1].replace(/\.$/, '')} ${m[2]}`;
    printed.set(key, [...(printed.get(key) ?? []), m[3].trim()]);
  }
  fs.rmSync(dir, { recursive: true, force: true });
  server = await startBind({ [ZONE]: text });
}, 60_000);

afterAll(async () => {
  await server?.stop();
});

const fqdn = (name: string) => (name === '@' ? ZONE : `${name}.${ZONE}`);
const check = (name: string, type: DnsRecordType, expect: Record<string, unknown>) =>
  parseConfig({ prefix: 'acme', dnsChecks: [{ name: 'c', query: fqdn(name), type, servers: [server.address], timeoutMs: 2000, expect, deploy: false }] }).localDnsChecks[0];
const run = async (name: string, type: DnsRecordType, expect: Record<string, unknown>) => (await runCheck(check(name, type, expect)))[0];

describe("expected values: BIND's own presentation of each record type", () => {
  it('a check expecting exactly the values BIND prints passes, for every type a check may ask', async () => {
    const failing: string[] = [];
    for (const q of ASKED) {
      const values = printed.get(`${fqdn(q.name)} ${q.type}`);
      expect({ q, values: values ?? [] }).not.toEqual({ q, values: [] });
      const r = await run(q.name, q.type, { answers: values, authoritative: true });
      if (!r.ok) failing.push(`${q.name} ${q.type}: ${r.reason}`);
    }
    expect(failing).toEqual([]);
  });

  it('other spellings of the same data pass: addresses written out, names with a trailing dot, unsplit keys, lower-case digests, zone-file TXT', async () => {
    const spellings: [string, DnsRecordType, string[]][] = [
      ['v6', 'AAAA', ['2001:0DB8:0000:0000:0000:0000:0000:0001', '2001:db8::1:0:0:2']],
      ['alias', 'CNAME', ['V4.Values.Test.']],
      ['@', 'MX', ['10 mail.values.test.', '20 MAIL.example.net']],
      ['txt', 'TXT', ['v=spf1 include:_spf.example.net -all', '"two words; and \\"quotes\\""']],
      ['@', 'CAA', ['0 ISSUE amazon.com', '128 iodef "mailto:security@values.test"']],
      ['@', 'HTTPS', ['1 . ipv6hint=2001:db8:0::1 ech=AEX+DQBB ipv4hint=192.0.2.1,192.0.2.2 port=8443 alpn=h2,h3']],
      ['www', 'HTTPS', ['0 values.test']],
      ['_dns', 'SVCB', ['1 dns.values.test port=853 mandatory=port,alpn alpn="dot,doq" no-default-alpn dohpath=/dns-query{?dns} key65333="ab,c"']],
      ['child', 'DS', ['12345 13 2 abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789']],
      ['@', 'DNSKEY', ['257 3 13 mdsswUyr3DPW132mOi8V9xESWE8jTo0dxCjjnopKl+GqJxpVXckHAeF+KkxLbxILfDLUT0rAK9iUzy1L53eKGQ==']],
    ];
    for (const [name, type, answers] of spellings) {
      const r = await run(name, type, { answers });
      expect({ name, type, ok: r.ok, reason: r.reason }).toEqual({ name, type, ok: true, reason: '' });
    }
  });

  it('a PTR check of an address in a classless reverse zone (RFC 2317) follows the CNAME to the name with a /', async () => {
    expect(await run('5.2.0.192', 'PTR', { answers: ['host.values.test'] })).toMatchObject({ ok: true, answers: ['host.values.test'], reason: '' });
  });

  it('a value that differs fails, naming the answers as the check reads them', async () => {
    const r = await run('@', 'HTTPS', { contains: ['1 . alpn=h2'] });
    expect(r.ok).toBe(false);
    expect(r.reason).toBe('answers 1 . alpn=h2,h3 port=8443 ipv4hint=192.0.2.1,192.0.2.2 ech=AEX+DQBB ipv6hint=2001:db8::1 lack 1 . alpn=h2');
    const ds = await run('child', 'DS', { excludes: ['12345 13 2 ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789'] });
    expect(ds.reason).toBe('answers include 12345 13 2 ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789, which must not be there');
    const svcb = await run('_dns', 'SVCB', { answers: ['1 dns.values.test alpn=dot,doq port=853'] });
    expect(svcb.ok).toBe(false);
    expect(svcb.answers).toEqual(['1 dns.values.test mandatory=alpn,port alpn=dot,doq no-default-alpn port=853 dohpath=/dns-query{?dns} key65333=ab,c']);
  });

  it('an HTTPS check asks for HTTPS records: a name without one has none, and a count of them is kept', async () => {
    expect(await run('v4', 'HTTPS', { count: { max: 0 } })).toMatchObject({ ok: true, rcode: 'NOERROR', answers: [] });
    expect(await run('@', 'HTTPS', { count: { min: 1, max: 1 } })).toMatchObject({ ok: true });
    expect(await run('_dns', 'SVCB', { count: { min: 1 } })).toMatchObject({ ok: true });
  });
});

describe('the config refuses a value no answer could equal, saying which and why', () => {
  const refused = (type: string, value: string): string => {
    try {
      parseConfig({ prefix: 'acme', dnsChecks: [{ name: 'c', query: 'www.example.com', type, servers: ['192.0.2.53'], expect: { contains: [value] }, deploy: false }] });
    } catch (e) {
      if (e instanceof ConfigError) return e.message;
      throw e;
    }
    return 'accepted';
  };

  it.each([
    ['A', '192.0.2.300', 'an A', 'is not an IPv4 address'],
    ['AAAA', '192.0.2.1', 'an AAAA', 'is not an IPv6 address'],
    ['MX', 'mail.example.com', 'an MX', 'is not `preference exchange`'],
    ['SRV', '10 5 sip.example.com', 'an SRV', 'is not `priority weight port target`'],
    ['CAA', 'issue amazon.com', 'a CAA', 'is not `flags tag "value"`'],
    ['DS', '12345 13 2 XYZ', 'a DS', 'is not `key-tag algorithm digest-type digest` (the digest in hex)'],
    ['DNSKEY', '257 3 13 not*base64', 'a DNSKEY', 'is not `flags protocol algorithm public-key` (the key in base64)'],
    ['DNSKEY', '257 2 13 mdsswUyr3DPW132mOi8V9xESWE8jTo0dxCjjnopKl+GqJxpVXckHAeF+KkxLbxILfDLUT0rAK9iUzy1L53eKGQ==', 'a DNSKEY', "its protocol is 2, but a DNSKEY's is always 3"],
    ['CNAME', 'www example.com', 'a CNAME', 'is not a domain name'],
    ['HTTPS', '1 . alpn', 'an HTTPS', 'alpn: needs a value (key=value)'],
    ['HTTPS', '1 . h2', 'an HTTPS', "'h2' is not a SvcParam key (mandatory, alpn, no-default-alpn, port, ipv4hint, ech, ipv6hint, dohpath, ohttp, or keyNNNNN)"],
    ['SVCB', '1 svc.example.com port=99999', 'an SVCB', "port: '99999' is not a port from 0 to 65535"],
    ['SVCB', 'svc.example.com', 'an SVCB', "its priority 'svc.example.com' is not a number from 0 to 65535"],
    ['HTTPS', '1 . ipv4hint=2001:db8::1', 'an HTTPS', "ipv4hint: '2001:db8::1' is not a list of IPv4 addresses"],
    ['HTTPS', '1 . alpn=h2 alpn=h3', 'an HTTPS', 'the key alpn is given twice'],
  ])('%s %s', (type, value, aType, why) => {
    const message = refused(type, value);
    expect(message).toContain(`dnsChecks[0].expect.contains[0]: is not a value ${aType} record can have: ${why}`);
    expect(message).toMatch(/ — write it as in a zone file, e\.g\. /);
  });

  it('accepts the example its errors give for each type, and any text for a TXT record', () => {
    for (const [type, value] of [...Object.entries(VALUE_EXAMPLES), ['TXT', 'anything "at all']]) {
      expect({ type, value, message: refused(type, value) }).toEqual({ type, value, message: 'accepted' });
    }
  });

  it('a DS digest must be as long as its digest type makes it', () => {
    expect(refused('DS', '12345 13 2 ABCDEF')).toContain('dnsChecks[0].expect.contains[0]: is not a value a DS record can have: its digest is 3 bytes, but digest type 2 (SHA-256) makes 32');
  });
});
