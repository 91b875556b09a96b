/**
 * DNS checks against real BIND 9 servers on 127.0.0.1 through the prober's own network code:
 * correct answers, a wrong answer, a missing name, a server with a stale copy, a truncated answer
 * that needs TCP, a server that times out; every assertion passes and fails where it should.
 */
import { execFile } from 'node:child_process';
import * as dgram from 'node:dgram';
import * as path from 'node:path';
import { promisify } from 'node:util';
import * as dnsPacket from 'dns-packet';
import { type DnsCheckSpec, expectationSummary } from '../../contracts/dns-check';
import { captureCli, writeConfigFile } from '../support/cli';
import { runCheck } from '../../lambdas/dns-prober/run';
import { main } from '../../bin/check';
import { parseConfig } from '../../lib/config/load';
import { type BindServer, startBind, zoneFile } from '../support/bind';
import { startDelayRelay, startRelay } from '../support/dns-delay';

const BIG = Array.from({ length: 12 }, (_, i) => `big IN TXT "${String(i).padStart(2, '0')}${'x'.repeat(98)}"`);
const RECORDS = [
  'www IN A 192.0.2.10',
  'multi IN A 192.0.2.1',
  'multi IN A 192.0.2.2',
  'multi IN A 192.0.2.3',
  'v6 IN AAAA 2001:db8::10',
  'mail IN MX 10 mx1.example.test.',
  'mail IN MX 20 mx2.example.test.',
  'alias IN CNAME www.example.test.',
  'note 60 IN TXT "hello world"',
  // Terminal control sequences (clear the screen, set the window title) and a line break, in a TXT
  // record and in a name, as anyone who runs a server can put there.
  'ctl 60 IN TXT "\\027[2J\\027]0;pwned\\007 ok\\010line"',
  'odd 60 IN CNAME bad\\027[31mname.example.test.',
  // A right-to-left override (U+202E in UTF-8), which makes "invoice‮fdp.exe" read as "invoiceexe.pdf"; and a C1 control (U+009B, CSI).
  'bidi 60 IN TXT "invoice\\226\\128\\174fdp.exe \\194\\155 end"',
  'utf 60 IN TXT "caf\\195\\169 \\226\\156\\147"',
  ...BIG,
];

let primary: BindServer;
let stale: BindServer;
let silent: dgram.Socket;
let silentAddress: string;
let silentHits = 0;

beforeAll(async () => {
  [primary, stale] = await Promise.all([
    startBind({ 'example.test': zoneFile('example.test', 2026120201, RECORDS) }),
    // A secondary that missed the last change: old serial, old address for www. It names itself
    // when asked (NSID), as an anycast instance does.
    startBind({ 'example.test': zoneFile('example.test', 2026113001, RECORDS.map((r) => (r.startsWith('www ') ? 'www IN A 192.0.2.99' : r))) }, { serverId: 'stale-fra-2' }),
  ]);
  // A server that never answers (a bound UDP port that drops every query).
  silent = dgram.createSocket('udp4');
  silent.on('message', () => silentHits++);
  await new Promise<void>((r) => silent.bind(0, '127.0.0.1', () => r()));
  silentAddress = `127.0.0.1:${silent.address().port}`;
}, 60_000);
afterAll(async () => {
  silent?.close();
  await Promise.all([primary?.stop(), stale?.stop()]);
});

/**
 * A check as `dns-monitor check` runs it: written in the config's shape, resolved by parseConfig.
 * The test servers listen on loopback addresses, which only a check with deploy: false may name
 * (the prober Lambda could not reach them).
 */
const spec = (query: string, type: string, expect: Record<string, unknown>, servers = [primary.address], extra: Record<string, unknown> = {}): DnsCheckSpec =>
  parseConfig({ prefix: 'acme', dnsChecks: [{ name: 'c', query, type, servers, timeoutMs: 1500, expect, deploy: false, ...extra }] }).localDnsChecks[0];
const one = async (s: DnsCheckSpec) => (await runCheck(s))[0];

describe('answers, compared as sets', () => {
  it('passes the right answer and fails a wrong one, saying what came back', async () => {
    expect(await one(spec('www.example.test', 'A', { answers: ['192.0.2.10'] }))).toMatchObject({ ok: true, rcode: 'NOERROR', answers: ['192.0.2.10'], reason: '' });
    const wrong = await one(spec('www.example.test', 'A', { answers: ['192.0.2.10'] }, [stale.address]));
    expect(wrong).toMatchObject({ ok: false, answers: ['192.0.2.99'], nsid: 'stale-fra-2' });
    expect(wrong.reason).toBe('answers 192.0.2.99, expected exactly 192.0.2.10');
  });

  it('every answer names the server instance that gave it when the server tells (NSID, RFC 5001): which instance of an anycast address, failing or not', async () => {
    const fine = await one(spec('www.example.test', 'A', { answers: ['192.0.2.99'] }, [stale.address]));
    expect(fine).toEqual({ name: 'c', server: stale.address, ok: true, rcode: 'NOERROR', answers: ['192.0.2.99'], reason: '', nsid: 'stale-fra-2', ms: expect.any(Number) });
    // The primary gives no NSID: its result has none.
    const primaryResult = await one(spec('www.example.test', 'A', { answers: ['192.0.2.99'] }));
    expect(primaryResult).toEqual({ name: 'c', server: primary.address, ok: false, rcode: 'NOERROR', answers: ['192.0.2.10'], reason: 'answers 192.0.2.10, expected exactly 192.0.2.99', ms: expect.any(Number) });
  });

  it('compares several records as a set: order is irrelevant, a missing or extra one fails', async () => {
    expect((await one(spec('multi.example.test', 'A', { answers: ['192.0.2.3', '192.0.2.1', '192.0.2.2'] }))).ok).toBe(true);
    expect((await one(spec('multi.example.test', 'A', { answers: ['192.0.2.1', '192.0.2.2'] }))).reason).toMatch(/^answers 192\.0\.2\.1, 192\.0\.2\.2, 192\.0\.2\.3, expected exactly 192\.0\.2\.1, 192\.0\.2\.2$/);
  });

  it('contains / excludes', async () => {
    expect((await one(spec('multi.example.test', 'A', { contains: ['192.0.2.2'], excludes: ['192.0.2.9'] }))).ok).toBe(true);
    expect((await one(spec('multi.example.test', 'A', { contains: ['192.0.2.9'] }))).reason).toMatch(/lack 192\.0\.2\.9/);
    expect((await one(spec('multi.example.test', 'A', { excludes: ['192.0.2.2'] }))).reason).toMatch(/include 192\.0\.2\.2, which must not be there/);
  });

  it('CIDR ranges (IPv4 and IPv6)', async () => {
    expect((await one(spec('multi.example.test', 'A', { cidr: ['192.0.2.0/24'] }))).ok).toBe(true);
    expect((await one(spec('multi.example.test', 'A', { cidr: ['192.0.2.0/31'] }))).reason).toMatch(/192\.0\.2\.2 is outside 192\.0\.2\.0\/31/);
    expect((await one(spec('v6.example.test', 'AAAA', { cidr: ['2001:db8::/32'] }))).ok).toBe(true);
    expect((await one(spec('v6.example.test', 'AAAA', { cidr: ['2001:db9::/32'] }))).ok).toBe(false);
  });

  it('record count and TTL range', async () => {
    expect((await one(spec('multi.example.test', 'A', { count: { min: 3, max: 3 } }))).ok).toBe(true);
    expect((await one(spec('multi.example.test', 'A', { count: { max: 2 } }))).reason).toBe('3 records, expected at most 2');
    expect((await one(spec('note.example.test', 'TXT', { count: { min: 2 } }))).reason).toBe('1 record, expected at least 2');
    expect((await one(spec('note.example.test', 'TXT', { ttl: { min: 30, max: 120 }, answers: ['hello world'] }))).ok).toBe(true);
    expect((await one(spec('note.example.test', 'TXT', { ttl: { min: 300 } }))).reason).toBe('TTL 60 s of hello world is below 300 s');
  });

  it('MX and CNAME values are compared as written in a zone (case and trailing dot do not matter)', async () => {
    expect((await one(spec('mail.example.test', 'MX', { answers: ['20 MX2.example.test.', '10 mx1.example.test'] }))).ok).toBe(true);
    expect((await one(spec('alias.example.test', 'CNAME', { answers: ['www.example.test.'] }))).ok).toBe(true);
  });

  it('the AA flag of an authoritative answer', async () => {
    expect((await one(spec('www.example.test', 'A', { authoritative: true }))).ok).toBe(true);
  });
});

describe("a server's own bytes are shown, never run", () => {
  // Answers and reasons reach terminals (check), email, SMS, Slack and logs: a control character of
  // a record (ESC starts a terminal command, a line break fakes a line of the alert) is written as
  // its byte in decimal, \\DDD, as dig and zone files write it. Comparing is still on the data.
  const CTL = '\\027[2J\\027]0;pwned\\007 ok\\010line';
  const controls = /[\u0000-\u001f\u007f-\u009f]/;

  it('a TXT record and a name with control characters: shown escaped in answers and reason, compared as the data', async () => {
    const r = await one(spec('ctl.example.test', 'TXT', { answers: ['hello'] }));
    expect(r).toMatchObject({ ok: false, answers: [CTL], reason: `answers ${CTL}, expected exactly hello` });
    expect([...r.answers, r.reason].filter((t) => controls.test(t))).toEqual([]);
    // The config's zone-file form of the same bytes matches the answer.
    expect(await one(spec('ctl.example.test', 'TXT', { answers: [`"${CTL}"`] }))).toMatchObject({ ok: true, answers: [CTL] });
    const name = await one(spec('odd.example.test', 'CNAME', { answers: ['www.example.test'] }));
    expect(name).toMatchObject({ ok: false, answers: ['bad\\027[31mname.example.test'], reason: 'answers bad\\027[31mname.example.test, expected exactly www.example.test' });
    expect((await one(spec('bidi.example.test', 'TXT', {}))).answers).toEqual(['invoice\\226\\128\\174fdp.exe \\194\\155 end']);
    // Other text outside ASCII is shown as it is.
    expect((await one(spec('utf.example.test', 'TXT', {}))).answers).toEqual(['café ✓']);
  });

  it('dns-monitor check prints no control character of a server to the terminal', async () => {
    const file = writeConfigFile({ prefix: 'acme', dnsChecks: [{ name: 'ctl', query: 'ctl.example.test', type: 'TXT', servers: [primary.address], deploy: false, expect: { answers: ['hello'] } }] }, 'check');
    const out = await captureCli(() => main(['check', file]));
    expect(out.code).toBe(1);
    expect(out.out.replace(/ in \d+ ms\n/, '\n')).toBe(`✗ ctl @ ${primary.address}: NOERROR ${CTL}\n    answers ${CTL}, expected exactly hello\n1 of 1 failed.\n`);
    expect(out.out).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
  });
});

describe('response codes and transport', () => {
  it('a missing name is NXDOMAIN: fails by default, passes when NXDOMAIN is expected', async () => {
    expect(await one(spec('gone.example.test', 'A', {}))).toMatchObject({ ok: false, rcode: 'NXDOMAIN', reason: 'rcode NXDOMAIN, expected NOERROR' });
    expect((await one(spec('gone.example.test', 'A', { rcode: 'NXDOMAIN' }))).ok).toBe(true);
  });

  it('a zone the server does not serve is REFUSED', async () => {
    expect((await one(spec('www.example.org', 'A', {}))).rcode).toBe('REFUSED');
  });

  it('a truncated UDP answer is asked again over TCP and compared whole', async () => {
    const r = await one(spec('big.example.test', 'TXT', { count: { min: 12, max: 12 } }));
    expect(r).toMatchObject({ ok: true });
    expect(r.answers).toHaveLength(12);
    expect((await one(spec('big.example.test', 'TXT', { count: { min: 12 } }, [primary.address], { tcp: true }))).ok).toBe(true);
  });

  it('a truncated UDP answer from a server TCP cannot reach (a firewall refusing or dropping it) fails saying so, as it fails resolvers', async () => {
    for (const tcp of ['refused', 'silent'] as const) {
      const relay = await startRelay(primary.address, { tcp });
      try {
        // An answer that fits a datagram never needs TCP: it passes.
        expect(await one(spec('www.example.test', 'A', { answers: ['192.0.2.10'] }, [relay.address]))).toMatchObject({ ok: true });
        const r = await one(spec('big.example.test', 'TXT', { count: { min: 12 } }, [relay.address], { timeoutMs: 500 }));
        const how = tcp === 'refused' ? `connect ECONNREFUSED ${relay.address}` : 'no answer over TCP within 500 ms';
        expect(r).toMatchObject({ ok: false, rcode: tcp === 'refused' ? 'ERROR' : 'TIMEOUT' });
        expect(r.reason).toBe(
          `the answer over UDP was truncated (TC flag) and the query over TCP failed: ${how} — resolvers ask over TCP for an answer that does not fit in a datagram (RFC 7766), so they cannot get this one: let TCP port 53 through to the server`,
        );
      } finally {
        await relay.close();
      }
    }
  });

  it('a TCP connection reset after part of the answer came is not taken for a firewall: no advice to let TCP through', async () => {
    const relay = await startRelay(primary.address, { tcp: 'reset' });
    try {
      const r = await one(spec('big.example.test', 'TXT', { count: { min: 12 } }, [relay.address], { timeoutMs: 5000 }));
      expect(r).toMatchObject({ ok: false, rcode: 'ERROR' });
      expect(r.reason).toMatch(/^the answer over UDP was truncated \(TC flag\) and the query over TCP failed: read ECONNRESET \(after \d+ bytes had come\)$/);
    } finally {
      await relay.close();
    }
  });

  // A load balancer with no server behind it, a server at its connection limit, a middlebox that
  // ends what it does not like: the connection is closed, and resolvers try another server at once.
  it('a server that closes the TCP connection without its whole answer fails at once, saying so, not as a timeout', async () => {
    for (const tcp of ['closed', 'cut'] as const) {
      const relay = await startRelay(primary.address, { tcp });
      try {
        const how = tcp === 'closed' ? 'the server closed the connection without answering' : /^the server closed the connection before its answer was complete \(\d+ of \d+ bytes\)$/;
        const startedAt = performance.now();
        const direct = await one(spec('www.example.test', 'A', { answers: ['192.0.2.10'] }, [relay.address], { tcp: true, timeoutMs: 5000 }));
        // At once: not at the check's time limit.
        expect(performance.now() - startedAt).toBeLessThan(4000);
        expect(direct).toMatchObject({ ok: false, rcode: 'ERROR' });
        expect(direct.reason).toMatch(/^TCP: /);
        expect(direct.reason.replace(/^TCP: /, '')).toMatch(how);
        const truncated = await one(spec('big.example.test', 'TXT', { count: { min: 12 } }, [relay.address], { timeoutMs: 5000 }));
        expect(truncated).toMatchObject({ ok: false, rcode: 'ERROR' });
        // Nothing came back: a firewall's doing, as with a refused connection; part of an answer is the server's.
        const advice = ' — resolvers ask over TCP for an answer that does not fit in a datagram (RFC 7766), so they cannot get this one: let TCP port 53 through to the server';
        if (tcp === 'closed') expect(truncated.reason).toBe(`the answer over UDP was truncated (TC flag) and the query over TCP failed: the server closed the connection without answering${advice}`);
        else expect(truncated.reason).toMatch(/^the answer over UDP was truncated \(TC flag\) and the query over TCP failed: the server closed the connection before its answer was complete \(\d+ of \d+ bytes\)$/);
      } finally {
        await relay.close();
      }
    }
  });

  // A firewall that drops DNS queries with EDNS (an OPT record), as old "DNS inspection" rules do:
  // resolvers have sent EDNS since DNS Flag Day 2019 and do not ask again without it after a
  // timeout, so the zone is dark for them. `dns-monitor check` asks once more without EDNS when an
  // EDNS query gets no answer, and says what that shows; the prober's runs do not (their time is
  // budgeted), so a deployed check fails with the timeout alone.
  it('an EDNS query that times out while a plain one is answered: check says the server or a firewall drops EDNS', async () => {
    const edns = (q: Buffer) => (dnsPacket.decode(q).additionals ?? []).some((r) => r.type === 'OPT');
    const firewall = await startRelay(primary.address, { udpDrop: edns });
    try {
      const deployed = await one(spec('www.example.test', 'A', { answers: ['192.0.2.10'] }, [firewall.address], { timeoutMs: 300 }));
      expect(deployed).toMatchObject({ ok: false, rcode: 'TIMEOUT', reason: 'no answer over UDP within 300 ms' });
      const file = writeConfigFile({ prefix: 'acme', dnsChecks: [{ name: 'www', query: 'www.example.test', type: 'A', servers: [firewall.address], deploy: false, timeoutMs: 300, expect: { answers: ['192.0.2.10'] } }] }, 'check');
      const out = await captureCli(() => main(['check', file, '--json']));
      expect(out.code).toBe(1);
      expect(JSON.parse(out.out).checks[0]).toMatchObject({
        rcode: 'TIMEOUT',
        reason:
          'no answer over UDP within 300 ms — yet the same query without EDNS is answered (NOERROR): the server, or a firewall on the way, drops queries with EDNS; resolvers send EDNS and, since DNS Flag Day 2019, do not ask again without it, so they get no answer either',
      });
    } finally {
      await firewall.close();
    }
    // A server that answers nothing at all is a plain timeout, in check too.
    const file = writeConfigFile({ prefix: 'acme', dnsChecks: [{ name: 'www', query: 'www.example.test', type: 'A', servers: [silentAddress], deploy: false, timeoutMs: 300, expect: {} }] }, 'check');
    expect(JSON.parse((await captureCli(() => main(['check', file, '--json']))).out).checks[0]).toMatchObject({ rcode: 'TIMEOUT', reason: 'no answer over UDP within 300 ms' });
  });

  it("parent servers that do not answer fail a delegation check with that alone, after the checked server's own failures", async () => {
    const r = await one(spec('example.test', 'SOA', { delegation: { parentServers: [silentAddress] } }, [stale.address], { timeoutMs: 300 }));
    expect(r).toMatchObject({ ok: false, rcode: 'NOERROR' });
    expect(r.reason).toBe('no parent server of example.test answered (no answer over UDP within 300 ms)');
    // The same server's own failure still names it, before what the parent could not say.
    const both = await one(spec('www.example.test', 'A', { answers: ['192.0.2.10'], delegation: { parentServers: [silentAddress] } }, [stale.address], { timeoutMs: 300 }));
    expect(both).toMatchObject({ nsid: 'stale-fra-2', reason: 'answers 192.0.2.99, expected exactly 192.0.2.10; no parent server of example.test answered (no answer over UDP within 300 ms)' });
  });

  it('a server that does not answer times out, and only the listed servers are asked', async () => {
    const before = silentHits;
    const r = await one(spec('www.example.test', 'A', {}, [silentAddress], { timeoutMs: 300 }));
    expect(r).toMatchObject({ ok: false, rcode: 'TIMEOUT', reason: 'no answer over UDP within 300 ms' });
    expect(r).not.toHaveProperty('ms');
    expect(silentHits - before).toBe(1);
    await one(spec('www.example.test', 'A', {}));
    expect(silentHits - before).toBe(1); // a check of another server never reaches this one
  });
});

describe('consistency across servers', () => {
  it('servers that disagree fail every result of the check, naming who answered what', async () => {
    const results = await runCheck(spec('www.example.test', 'A', { consistent: true }, [primary.address, stale.address]));
    expect(results.map((r) => r.ok)).toEqual([false, false]);
    // The stale server names itself (NSID): which instance of an anycast address holds the old copy.
    expect(results[0].reason).toBe(`servers disagree: ${primary.address}: 192.0.2.10 | ${stale.address} (NSID stale-fra-2): 192.0.2.99; SOA serials differ: ${primary.address}: 2026120201 | ${stale.address} (NSID stale-fra-2): 2026113001`);
  });

  // Behind one anycast address, successive queries may reach different instances: the check's
  // query one that is in sync, the SOA query one that is not. The serial is named with the instance
  // that gave it.
  it('names the instance that gave each serial: behind one address the SOA query may reach another instance', async () => {
    const inSync = await startBind({ 'example.test': zoneFile('example.test', 2026120201, RECORDS) }, { serverId: 'ams-1' });
    const anycast = await startRelay(inSync.address, { udpUpstream: (q) => (dnsPacket.decode(q).questions?.[0]?.type === 'SOA' ? stale.address : undefined) });
    try {
      const results = await runCheck(spec('multi.example.test', 'A', { consistent: true }, [primary.address, anycast.address]));
      expect(results[1]).toMatchObject({ server: anycast.address, nsid: 'ams-1', ok: false });
      expect(results[1].reason).toBe(`SOA serials differ: ${primary.address}: 2026120201 | ${anycast.address} (NSID stale-fra-2): 2026113001`);
    } finally {
      await Promise.all([anycast.close(), inSync.stop()]);
    }
  });

  it('the SOA serial is part of the answer, so a stale secondary is caught on SOA too', async () => {
    const results = await runCheck(spec('example.test', 'SOA', { consistent: true }, [primary.address, stale.address]));
    expect(results.every((r) => !r.ok)).toBe(true);
    expect(results[0].reason).toMatch(/2026120201.*2026113001/);
    // Same answer, but the stale copy is caught by its zone's SOA serial on any check that asks for consistency.
    const same = await runCheck(spec('multi.example.test', 'A', { consistent: true }, [primary.address, stale.address]));
    expect(same.map((r) => r.answers)).toEqual([['192.0.2.1', '192.0.2.2', '192.0.2.3'], ['192.0.2.1', '192.0.2.2', '192.0.2.3']]);
    expect(same.every((r) => !r.ok)).toBe(true);
    expect(same[0].reason).toBe(`SOA serials differ: ${primary.address}: 2026120201 | ${stale.address} (NSID stale-fra-2): 2026113001`);
    expect((await runCheck(spec('multi.example.test', 'A', { consistent: true }, [primary.address, primary.address.replace('127.0.0.1', 'localhost')]))).every((r) => r.ok)).toBe(true);
  });
});

describe('dns-monitor check', () => {
  const write = (config: object) => writeConfigFile(config, 'check');
  const capture = (argv: string[]) => captureCli(() => main(argv));

  it('accepts the public config contract exactly as written and runs it (--nameserver, --json, exit 0 and 1)', async () => {
    const contract = { name: 'www', query: 'www.example.test', type: 'A', expect: { answers: ['192.0.2.10'] } };
    const file = write({ prefix: 'acme', dnsChecks: [contract] });
    // Without servers the check asks the machine's resolvers; here --nameserver sends it to the test server only.
    expect(parseConfig({ prefix: 'acme', dnsChecks: [contract] }).dnsChecks[0]).toMatchObject({ servers: [], tcp: false, expect: { rcode: 'NOERROR', answers: ['192.0.2.10'] } });
    const ok = await capture(['check', file, '--nameserver', primary.address, '--json']);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.out)).toEqual({ checks: [{ name: 'www', server: primary.address, ok: true, rcode: 'NOERROR', answers: ['192.0.2.10'], reason: '', ms: expect.any(Number) }] });
    const bad = await capture(['check', file, '--nameserver', stale.address, '--json']);
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.out).checks[0]).toEqual({ name: 'www', server: stale.address, ok: false, rcode: 'NOERROR', answers: ['192.0.2.99'], reason: 'answers 192.0.2.99, expected exactly 192.0.2.10', nsid: 'stale-fra-2', ms: expect.any(Number) });
    // The text names the instance beside the server, passing or failing.
    // And how long the server took to answer, as dig's query time.
    const escaped = stale.address.replace(/\./g, '\\.');
    expect((await capture(['check', write({ prefix: 'acme', dnsChecks: [{ ...contract, expect: { answers: ['192.0.2.99'] } }] }), '--nameserver', stale.address])).out).toMatch(
      new RegExp(`^✓ www @ ${escaped} \\(NSID stale-fra-2\\): NOERROR 192\\.0\\.2\\.99 in \\d+ ms\nall 1 passed\\.\n$`),
    );
    const text = await capture(['check', file, '--nameserver', stale.address]);
    expect(text.out).toMatch(new RegExp(`^✗ www @ ${escaped} \\(NSID stale-fra-2\\): NOERROR 192\\.0\\.2\\.99 in \\d+ ms\n    answers 192\\.0\\.2\\.99, expected exactly 192\\.0\\.2\\.10\n1 of 1 failed\\.\n$`));
    // A bad --nameserver is a bad command line (exit 2), named before any query: a port the socket
    // refuses, or a value that is no address, was run and reported as a failing check (exit 1).
    for (const value of ['127.0.0.1:99999', 'bad:host:x']) {
      const wrong = await capture(['check', file, '--nameserver', value]);
      expect({ code: wrong.code, out: wrong.out }).toEqual({ code: 2, out: '' });
      expect(wrong.err).toMatch(new RegExp(`^dns-monitor check: --nameserver ${value.replace(/\./g, '\\.')}: (has port 99999 — a port is 1 to 65535|is not a server address)`));
    }
    const broken = await capture(['check', write({ prefix: 'acme', dnsChecks: [{ ...contract, type: 'AXFR' }] })]);
    expect(broken.code).toBe(2);
    expect(broken.err).toMatch(/dnsChecks\[0\]\.type: is not a record type this check supports/);
  });

  it('runs the checks with deploy: false too, which name servers only this network reaches', async () => {
    const file = write({ prefix: 'acme', dnsChecks: [{ name: 'inside', query: 'www.example.test', type: 'A', servers: [primary.address], deploy: false, expect: { answers: ['192.0.2.10'] } }] });
    const run = await capture(['check', file, '--json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.out)).toEqual({ checks: [{ name: 'inside', server: primary.address, ok: true, rcode: 'NOERROR', answers: ['192.0.2.10'], reason: '', ms: expect.any(Number) }] });
  });

  it('--only runs the checks it names (an on-call re-running the check that paged), and refuses a name the config does not have', async () => {
    const ask = (name: string, server: string) => ({ name, query: 'www.example.test', type: 'A', servers: [server], deploy: false, expect: { answers: ['192.0.2.10'] } });
    const file = write({ prefix: 'acme', dnsChecks: [ask('www', primary.address), ask('www-stale', stale.address), ask('www-again', primary.address)] });
    const one = await capture(['check', file, '--only', 'www', '--json']);
    expect(JSON.parse(one.out).checks.map((c: { name: string; ok: boolean }) => [c.name, c.ok])).toEqual([['www', true]]);
    expect(one.code).toBe(0);
    const two = await capture(['check', file, '--only', 'www-stale, www', '--json']);
    expect(JSON.parse(two.out).checks.map((c: { name: string; ok: boolean }) => [c.name, c.ok])).toEqual([['www', true], ['www-stale', false]]);
    expect(two.code).toBe(1);
    // The name of the check's alarm, as the page that woke the on-call gives it, names the check too.
    const paged = await capture(['check', file, '--only', 'acme-dns-check-www-stale', '--json']);
    expect(JSON.parse(paged.out).checks.map((c: { name: string; ok: boolean }) => [c.name, c.ok])).toEqual([['www-stale', false]]);
    for (const [only, why] of [
      ['ww,www-stal', `no check named ww, www-stal in ${file} — its checks are www, www-stale, www-again`],
      [',', 'names no check — give one or more check names, comma-separated (dnsChecks[].name)'],
    ] as const) {
      const wrong = await capture(['check', file, '--only', only]);
      expect(wrong).toEqual({ code: 2, out: '', err: `dns-monitor check: --only ${only}: ${why}\n` });
    }
  });

  // `check` of a config with no zoneId talks to no AWS service: it prints nothing but its results
  // (the AWS SDK warned on stderr, on Node 20, about the Node versions of its future releases,
  // because a Route 53 client was made for every run).
  it('as a command, with no zoneId to read, writes nothing to stderr', async () => {
    const file = write({ prefix: 'acme', dnsChecks: [{ name: 'inside', query: 'www.example.test', type: 'A', servers: [primary.address], deploy: false, expect: { answers: ['192.0.2.10'] } }] });
    const out = await promisify(execFile)(process.execPath, [path.join(__dirname, '..', '..', 'bin', 'dns-monitor-cli.js'), 'check', file], { env: { ...process.env, NODE_OPTIONS: '' } });
    expect(out.stdout).toMatch(/^✓ inside @ 127\.0\.0\.1:\d+: NOERROR 192\.0\.2\.10 in \d+ ms\nall 1 passed\.\n$/);
    expect(out.stderr).toBe('');
  }, 60_000);

  it('the config refuses a bad check with path and fix', () => {
    expect(() => parseConfig({ prefix: 'acme', dnsChecks: [{ name: 'www', query: 'www.example.test', type: 'A', servers: ['127.0.0.1'], deploy: false, timeoutMs: 1000, expect: { maxResponseMs: 1000 } }] })).toThrow(
      /dnsChecks\[0\]\.expect\.maxResponseMs: is 1000 ms, but timeoutMs is 1000 ms: a slower answer times out first — lower maxResponseMs or raise timeoutMs/,
    );
    // timeoutMs defaults to 2000 ms.
    expect(() => parseConfig({ prefix: 'acme', dnsChecks: [{ name: 'www', query: 'www.example.test', type: 'A', servers: ['127.0.0.1'], deploy: false, expect: { maxResponseMs: 2500 } }] })).toThrow(/but timeoutMs is 2000 ms/);
    expect(() => parseConfig({ prefix: 'acme', dnsChecks: [{ name: 'www', query: 'www.example.test', type: 'A', servers: ['127.0.0.1'], deploy: false, expect: { maxResponseMs: 0 } }] })).toThrow(/dnsChecks\[0\]\.expect\.maxResponseMs: must be at least 1 ms/);
    expect(() => parseConfig({ prefix: 'acme', dnsChecks: [{ name: 'www', query: 'www.example.test', type: 'MX', servers: ['127.0.0.1'], deploy: false, expect: { cidr: '10.0.0.0/8' } }] })).toThrow(/dnsChecks\[0\]\.expect\.cidr: applies to A and AAAA answers only, not MX/);
    expect(() => parseConfig({ prefix: 'acme', dnsChecks: [{ name: 'www', query: 'www.example.test', type: 'A', servers: ['127.0.0.1'], deploy: false, expect: { cidr: '10.0.0.0/33' } }] })).toThrow(/is not a CIDR/);
  });
});

describe('response time (maxResponseMs)', () => {
  it('a server slower than allowed fails with how long it took; the same server passes a looser limit, a fast one the tight limit', async () => {
    // BIND behind a relay that holds each query 400 ms: a distant or overloaded server.
    const slow = await startDelayRelay(primary.address, 400);
    try {
      const tight = await one(spec('www.example.test', 'A', { answers: ['192.0.2.10'], maxResponseMs: 150 }, [slow.address]));
      expect(tight).toMatchObject({ ok: false, answers: ['192.0.2.10'] });
      expect(tight.reason).toMatch(/^answered in (\d+) ms, more than the 150 ms allowed$/);
      expect(Number(/in (\d+) ms/.exec(tight.reason)![1])).toBeGreaterThanOrEqual(400);
      // The result says how long the answer took, passing or not: the figure the reason gives.
      expect(tight.ms).toBe(Number(/in (\d+) ms/.exec(tight.reason)![1]));
      expect(await one(spec('www.example.test', 'A', { answers: ['192.0.2.10'], maxResponseMs: 1200 }, [slow.address]))).toMatchObject({ ok: true, reason: '' });
      expect(await one(spec('www.example.test', 'A', { answers: ['192.0.2.10'], maxResponseMs: 150 }))).toMatchObject({ ok: true, reason: '' });
    } finally {
      await slow.close();
    }
  });

  it('names the limit in what the check expects (alarm description, follow-up alert)', () => {
    const s = spec('www.example.test', 'A', { answers: ['192.0.2.10'], maxResponseMs: 300 });
    expect(expectationSummary(s)).toContain('answered within 300 ms');
  });
});
