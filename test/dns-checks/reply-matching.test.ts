/**
 * Which reply a check takes as a server's answer: only one from the address and port it asked, to
 * the question it asked (RFC 5452, 9.1), as resolvers take them. A server that answers from
 * another address is broken for every resolver, so a check that took its reply would pass while
 * the zone fails. Each case is held to a real resolver's verdict (unbound), against real servers:
 * unbound as an authority bound to the wildcard address, and BIND behind a relay that rewrites its
 * answers.
 */
import * as dnsPacket from 'dns-packet';
import { type DnsCheckSpec } from '../../contracts/dns-check';
import { parseConfig } from '../../lib/config/load';
import { query } from '../../lambdas/dns-prober/query';
import { runCheck, runChecks } from '../../lambdas/dns-prober/run';
import { type BindServer, startBind, zoneFile } from '../support/bind';
import { type DelayRelay, startRelay } from '../support/dns-delay';
import { rng } from '../../scripts/detection-corpus';
import { startUnbound, startUnboundAuthority, type Unbound } from '../support/unbound';

let wildcard: Unbound;
let automatic: Unbound;
let bind: BindServer;
let renamed: DelayRelay;
let unanswered: DelayRelay;
let noEdns: DelayRelay;
let badVersion: DelayRelay;
let renamedTcp: DelayRelay;
let injected: DelayRelay;
let bareFormerr: DelayRelay;
let cutShort: DelayRelay;
let strayFirst: DelayRelay;
let tooShort: DelayRelay;
let renumbered: DelayRelay;
let resolver: Unbound;

/** The answer's question name with its first letter changed (same length: the rest of the packet stays valid). */
function renameQuestion(answer: Buffer): Buffer {
  const p = dnsPacket.decode(answer);
  const q = p.questions?.[0];
  if (!q) return answer;
  return dnsPacket.encode({ ...p, questions: [{ ...q, name: `x${q.name.slice(1)}` }] });
}

/**
 * What a server that does not know EDNS answers a query with an OPT record (RFC 6891, 7): FORMERR,
 * the question echoed, no OPT record. A query without OPT is passed on to BIND.
 */
function formerrToEdns(q: Buffer): Buffer | undefined {
  const p = dnsPacket.decode(q);
  if (!(p.additionals ?? []).some((r) => r.type === 'OPT')) return undefined;
  return dnsPacket.encode({ type: 'response', id: p.id, flags: 1, questions: p.questions, answers: [], authorities: [], additionals: [] });
}

/** FORMERR to an EDNS query with no question section at all: a server that could not read the query need not repeat it. */
function formerrWithoutQuestion(q: Buffer): Buffer | undefined {
  const p = dnsPacket.decode(q);
  if (!(p.additionals ?? []).some((r) => r.type === 'OPT')) return undefined;
  return dnsPacket.encode({ type: 'response', id: p.id, flags: 1, questions: [], answers: [], authorities: [], additionals: [] });
}

/** BADVERS (RCODE 16: its upper bits in the OPT record, RFC 6891 6.1.3), as a server refusing EDNS version 0 would answer. */
function badVers(q: Buffer): Buffer {
  const p = dnsPacket.decode(q);
  const opt = { type: 'OPT', name: '.', udpPayloadSize: 1232, extendedRcode: 1, ednsVersion: 0, flags: 0 } as unknown as dnsPacket.Answer;
  return dnsPacket.encode({ type: 'response', id: p.id, flags: 0, questions: p.questions, answers: [], authorities: [], additionals: [opt] });
}

/** The answer with a record of another name added to its answer section (RFC 2181 5.4.1: not the answer). */
function addStranger(answer: Buffer): Buffer {
  const p = dnsPacket.decode(answer);
  return dnsPacket.encode({ ...p, answers: [...(p.answers ?? []), { type: 'A', name: 'stranger.extra.test', ttl: 300, class: 'IN', data: '203.0.113.9' }] });
}

/** The answer marked truncated (TC bit set), as a server whose answer does not fit a datagram sends it. */
function setTc(answer: Buffer): Buffer {
  const out = Buffer.from(answer);
  out[2] |= 0x02;
  return out;
}

/** The answer less its last 3 bytes: it ends inside its last record (a datagram cut on the way, a server writing past its buffer). */
const cut = (answer: Buffer): Buffer => answer.subarray(0, answer.length - 3);

/**
 * A damaged datagram with another ID, then the answer: what a late, damaged reply to an earlier
 * query looks like, or a datagram forged by someone who did not guess the query's ID.
 */
function strayBefore(answer: Buffer): Buffer[] {
  const stray = Buffer.from(cut(answer));
  stray.writeUInt16BE(answer.readUInt16BE(0) ^ 0x5a5a, 0);
  return [stray, answer];
}

/** The answer with another ID: a middlebox or server that changes IDs (DNS "inspection", a broken proxy). */
function otherId(answer: Buffer): Buffer {
  const out = Buffer.from(answer);
  out.writeUInt16BE(answer.readUInt16BE(0) ^ 0x5a5a, 0);
  return out;
}

/** The answer's first 5 bytes: too short for a DNS header (12 bytes, RFC 1035 4.1.1). */
const headerOnlyInPart = (answer: Buffer): Buffer => answer.subarray(0, 5);

/** The answer sent back as a query (QR bit clear): an echo, not an answer. */
function clearQr(answer: Buffer): Buffer {
  const out = Buffer.from(answer);
  out[2] &= 0x7f;
  return out;
}

beforeAll(async () => {
  [wildcard, automatic, bind] = await Promise.all([
    startUnboundAuthority({ 'wild.test': zoneFile('wild.test', 2026120701, ['www IN A 192.0.2.1']) }, { anyAddress: true }),
    startUnboundAuthority({ 'auto.test': zoneFile('auto.test', 2026120701, ['www IN A 192.0.2.2']) }, { anyAddress: true, interfaceAutomatic: true }),
    startBind({
      'relay.test': zoneFile('relay.test', 2026120701, ['www IN A 192.0.2.3']),
      'echo.test': zoneFile('echo.test', 2026120701, ['www IN A 192.0.2.4']),
      'plain.test': zoneFile('plain.test', 2026120701, ['www IN A 192.0.2.5']),
      'extra.test': zoneFile('extra.test', 2026120701, ['www IN A 192.0.2.6', 'alias IN CNAME www']),
      'cut.test': zoneFile('cut.test', 2026120701, ['www IN A 192.0.2.7', 'www IN TXT "text"', 'www IN MX 10 mail', 'www IN CAA 0 issue "ca.example"']),
      'stray.test': zoneFile('stray.test', 2026120801, ['www IN A 192.0.2.8']),
      'short.test': zoneFile('short.test', 2026120801, ['www IN A 192.0.2.9']),
      'renumbered.test': zoneFile('renumbered.test', 2026120801, ['www IN A 192.0.2.10']),
    }),
  ]);
  [renamed, unanswered, noEdns, badVersion, renamedTcp, injected, bareFormerr, cutShort, strayFirst, tooShort, renumbered] = await Promise.all([
    startRelay(bind.address, { udpAnswer: renameQuestion }),
    startRelay(bind.address, { udpAnswer: clearQr }),
    startRelay(bind.address, { udpQuery: formerrToEdns }),
    startRelay(bind.address, { udpQuery: badVers }),
    startRelay(bind.address, { tcpAnswer: renameQuestion }),
    startRelay(bind.address, { udpAnswer: addStranger }),
    startRelay(bind.address, { udpQuery: formerrWithoutQuestion }),
    startRelay(bind.address, { udpAnswer: cut, tcpAnswer: cut }),
    startRelay(bind.address, { udpAnswer: strayBefore }),
    startRelay(bind.address, { udpAnswer: headerOnlyInPart }),
    startRelay(bind.address, { udpAnswer: otherId }),
  ]);
  resolver = await startUnbound({
    // Every other name goes to BIND, which refuses it: the resolver queries nothing else.
    '.': bind.address.replace(':', '@'),
    'wild.test': `127.0.0.2@${wildcard.port}`,
    'auto.test': `127.0.0.2@${automatic.port}`,
    'relay.test': renamed.address.replace(':', '@'),
    'echo.test': unanswered.address.replace(':', '@'),
    'plain.test': noEdns.address.replace(':', '@'),
    'extra.test': injected.address.replace(':', '@'),
    'cut.test': cutShort.address.replace(':', '@'),
    'stray.test': strayFirst.address.replace(':', '@'),
    'short.test': tooShort.address.replace(':', '@'),
    'renumbered.test': renumbered.address.replace(':', '@'),
  });
}, 60_000);
afterAll(async () => {
  await Promise.all([renamed?.close(), unanswered?.close(), noEdns?.close(), badVersion?.close(), renamedTcp?.close(), injected?.close(), bareFormerr?.close(), cutShort?.close(), strayFirst?.close(), tooShort?.close(), renumbered?.close()]);
  await Promise.all([wildcard?.stop(), automatic?.stop(), bind?.stop(), resolver?.stop()]);
});

const spec = (name: string, server: string): DnsCheckSpec =>
  parseConfig({ prefix: 'acme', dnsChecks: [{ name: 'c', query: name, type: 'A', servers: [server], timeoutMs: 1000, expect: { authoritative: true }, deploy: false }] }).localDnsChecks[0];
const one = async (name: string, server: string) => (await runCheck(spec(name, server)))[0];
/** What the resolver makes of the name: its rcode, or TIMEOUT. */
const resolved = (name: string) =>
  query(resolver.address, name, 'A', { tcp: false, timeoutMs: 4000 }).then(
    (a) => a.rcode,
    () => 'TIMEOUT',
  );

describe('the address a reply comes from', () => {
  it('a server that replies from another address fails, naming where the reply came from; resolvers drop its replies too', async () => {
    const asked = `127.0.0.2:${wildcard.port}`;
    // unbound retries the server until it gives up: SERVFAIL, or no answer within the wait here.
    expect(['SERVFAIL', 'TIMEOUT']).toContain(await resolved('www.wild.test'));
    const r = await one('www.wild.test', asked);
    expect(r).toMatchObject({ ok: false, rcode: 'TIMEOUT', answers: [] });
    expect(r.reason).toBe(`no answer over UDP within 1000 ms (a reply came from 127.0.0.1:${wildcard.port}, not from ${asked}: resolvers drop it — a server bound to a wildcard address must reply from the address it was asked at)`);
    // Asked at the address it replies from, the same server passes.
    expect(await one('www.wild.test', wildcard.address)).toMatchObject({ ok: true, answers: ['192.0.2.1'] });
  });

  it('the same server replying from the address it was asked at passes, as resolvers take it', async () => {
    expect(await resolved('www.auto.test')).toBe('NOERROR');
    expect(await one('www.auto.test', `127.0.0.2:${automatic.port}`)).toMatchObject({ ok: true, answers: ['192.0.2.2'], reason: '' });
  });
});

describe('the question a reply answers', () => {
  it('a reply to another question is not the answer', async () => {
    expect(await resolved('www.relay.test')).toBe('SERVFAIL');
    const r = await one('www.relay.test', renamed.address);
    expect(r).toMatchObject({ ok: false, rcode: 'TIMEOUT' });
    expect(r.reason).toBe('no answer over UDP within 1000 ms (a reply came to another question: xww.relay.test A, not www.relay.test A)');
    expect(await one('www.relay.test', bind.address)).toMatchObject({ ok: true, answers: ['192.0.2.3'] });
  });

  it('over TCP, an answer to another question fails at once', async () => {
    const tcp = parseConfig({ prefix: 'acme', dnsChecks: [{ name: 'c', query: 'www.relay.test', type: 'A', servers: [renamedTcp.address], tcp: true, timeoutMs: 1000, expect: {}, deploy: false }] }).localDnsChecks[0];
    const r = (await runCheck(tcp))[0];
    expect(r).toMatchObject({ ok: false, rcode: 'ERROR' });
    expect(r.reason).toBe('TCP: a reply came to another question: xww.relay.test A, not www.relay.test A');
    // Over UDP the same relay passes BIND's answers unchanged.
    expect(await one('www.relay.test', renamedTcp.address)).toMatchObject({ ok: true, answers: ['192.0.2.3'] });
  });

  it('a truncated UDP answer whose TCP answer is to another question fails naming both, not as a blocked TCP port', async () => {
    const relay = await startRelay(bind.address, { udpAnswer: setTc, tcpAnswer: renameQuestion });
    try {
      const r = await one('www.relay.test', relay.address);
      expect(r).toMatchObject({ ok: false, rcode: 'ERROR' });
      expect(r.reason).toBe('the answer over UDP was truncated (TC flag) and the query over TCP failed: a reply came to another question: xww.relay.test A, not www.relay.test A');
    } finally {
      await relay.close();
    }
  });

  it('a reply with another ID is not the answer: the check times out naming it, and the resolver gets no answer either', async () => {
    expect(['SERVFAIL', 'TIMEOUT']).toContain(await resolved('www.renumbered.test'));
    const r = await one('www.renumbered.test', renumbered.address);
    expect(r).toMatchObject({ ok: false, rcode: 'TIMEOUT' });
    expect(r.reason).toMatch(/^no answer over UDP within 1000 ms \(a reply came with ID \d+, not the query's \d+: resolvers drop it — a server, or a device on the way, that changes IDs sends such replies\)$/);
  });

  it('a message without the QR bit is not an answer', async () => {
    expect(await resolved('www.echo.test')).toBe('SERVFAIL');
    const r = await one('www.echo.test', unanswered.address);
    expect(r).toMatchObject({ ok: false, rcode: 'TIMEOUT' });
    expect(r.reason).toBe('no answer over UDP within 1000 ms (a message came back that is not a response: its QR bit is clear)');
  });
});

describe('a server that does not know EDNS', () => {
  it('answers FORMERR to a query with EDNS: the check asks again without it, as the resolver does', async () => {
    expect(await resolved('www.plain.test')).toBe('NOERROR');
    const direct = await query(noEdns.address, 'www.plain.test', 'A', { tcp: false, timeoutMs: 1000 });
    expect(direct).toMatchObject({ rcode: 'NOERROR', edns: false });
    expect(await one('www.plain.test', noEdns.address)).toMatchObject({ ok: true, answers: ['192.0.2.5'], reason: '' });
  });

  it('its FORMERR is taken without a question section (it could not read the query), and the query asked again', async () => {
    expect(await query(bareFormerr.address, 'www.plain.test', 'A', { tcp: false, timeoutMs: 1000, dnssec: true })).toMatchObject({ rcode: 'FORMERR', edns: false, answers: [] });
    expect(await one('www.plain.test', bareFormerr.address)).toMatchObject({ ok: true, answers: ['192.0.2.5'], reason: '' });
  });

  it('fails a DNSSEC check: without EDNS there is no DO bit, so no signatures', async () => {
    expect(await query(noEdns.address, 'www.plain.test', 'A', { tcp: false, timeoutMs: 1000, dnssec: true })).toMatchObject({ rcode: 'FORMERR', edns: false });
  });
});

describe('RCODEs above 15', () => {
  it('are read with their upper bits from the OPT record: BADVERS is not NOERROR', async () => {
    const r = await one('www.plain.test', badVersion.address);
    expect(r).toMatchObject({ ok: false, rcode: 'BADVERS' });
    expect(r.reason).toBe('rcode BADVERS, expected NOERROR; the answer is not authoritative (AA flag not set)');
  });
});

describe('the records an answer holds', () => {
  it('a record of a name the answer is not about is not counted, as the resolver drops it', async () => {
    const viaResolver = await query(resolver.address, 'alias.extra.test', 'A', { tcp: false, timeoutMs: 4000 });
    expect(viaResolver.answers.filter((r) => r.type === 'A').map((r) => `${r.name} ${String((r as { data: unknown }).data)}`)).toEqual(['www.extra.test 192.0.2.6']);
    const direct = await query(injected.address, 'www.extra.test', 'A', { tcp: false, timeoutMs: 1000 });
    expect(direct.answers.map((r) => `${r.name} ${String((r as { data: unknown }).data)}`)).toEqual(['www.extra.test 192.0.2.6', 'stranger.extra.test 203.0.113.9']);
    for (const name of ['www.extra.test', 'alias.extra.test']) {
      const exact = parseConfig({ prefix: 'acme', dnsChecks: [{ name: 'c', query: name, type: 'A', servers: [injected.address], timeoutMs: 1000, expect: { answers: ['192.0.2.6'], excludes: ['203.0.113.9'], count: { max: 1 } }, deploy: false }] }).localDnsChecks[0];
      expect((await runCheck(exact))[0]).toMatchObject({ ok: true, answers: ['192.0.2.6'], reason: '' });
    }
  });
});

/**
 * The answer damaged one of the ways a network or a broken server damages a message, chosen by
 * `random`: a few bytes after the header changed, the message cut anywhere after its header, or
 * one header byte (flags, a section's count) changed.
 */
function damage(random: () => number): (answer: Buffer) => Buffer {
  return (answer) => {
    const out = Buffer.from(answer);
    const after = () => 12 + Math.floor(random() * (out.length - 12));
    const how = Math.floor(random() * 3);
    if (how === 0) for (let i = 1 + Math.floor(random() * 3); i > 0; i--) out[after()] = Math.floor(random() * 256);
    else if (how === 1) return out.subarray(0, after());
    else out[2 + Math.floor(random() * 10)] = Math.floor(random() * 256);
    return out;
  };
}

describe('an answer that is not a well-formed DNS message', () => {
  it('fails the check at once, saying so, over UDP and over TCP; the resolver cannot use it either', async () => {
    expect(await resolved('www.cut.test')).toBe('SERVFAIL');
    for (const tcp of [false, true]) {
      const check = parseConfig({ prefix: 'acme', dnsChecks: [{ name: 'c', query: 'www.cut.test', type: 'A', servers: [cutShort.address], tcp, timeoutMs: 1000, expect: {}, deploy: false }] }).localDnsChecks[0];
      const [r] = await runCheck(check);
      expect(r).toMatchObject({ ok: false, rcode: 'ERROR', answers: [] });
      expect(r.reason).toMatch(
        new RegExp(
          `^the answer over ${tcp ? 'TCP' : 'UDP'} is not a well-formed DNS message \\(\\d+ bytes: it ends before the records its header announces\\) — the server, or a device on the way, cut it short or damaged it, and resolvers cannot use it either$`,
        ),
      );
    }
  });

  it('a damaged datagram with another ID is not the answer: the check waits for its own, as the resolver does', async () => {
    expect(await resolved('www.stray.test')).toBe('NOERROR');
    expect(await one('www.stray.test', strayFirst.address)).toMatchObject({ ok: true, answers: ['192.0.2.8'], reason: '' });
  });

  it('a datagram too short to hold a DNS header is not an answer: the check times out naming it, and the resolver gets no answer either', async () => {
    // It drops the datagram and asks again until it gives up (SERVFAIL), later than the 4 s waited here.
    expect(['SERVFAIL', 'TIMEOUT']).toContain(await resolved('www.short.test'));
    const r = await one('www.short.test', tooShort.address);
    expect(r).toMatchObject({ ok: false, rcode: 'TIMEOUT' });
    expect(r.reason).toBe('no answer over UDP within 1000 ms (a reply of 5 bytes came: too short to be a DNS message, whose header alone is 12 bytes)');
  });

  // A message a check cannot read must fail that check alone: an exception in a socket's handler
  // would end the prober's run (every check's result lost) or `dns-monitor check` itself.
  it('damaged at random, every check of every run still gets a result, failing with a reason or passing as read', async () => {
    // The corpus generator's seeded PRNG: the same damage on every run.
    const random = rng(20261208);
    const relay = await startRelay(bind.address, { udpAnswer: damage(random), tcpAnswer: damage(random) });
    const escaped: unknown[] = [];
    const note = (e: unknown) => escaped.push(e);
    process.on('uncaughtException', note);
    process.on('unhandledRejection', note);
    const reasons = new Map<string, number>();
    try {
      const checks = parseConfig({
        prefix: 'acme',
        dnsChecks: [
          { name: 'a', query: 'www.cut.test', type: 'A', servers: [relay.address], timeoutMs: 300, expect: { answers: ['192.0.2.7'] }, deploy: false },
          { name: 'txt', query: 'www.cut.test', type: 'TXT', servers: [relay.address], tcp: true, timeoutMs: 300, expect: { answers: ['text'] }, deploy: false },
          { name: 'mx', query: 'www.cut.test', type: 'MX', servers: [relay.address], timeoutMs: 300, expect: { authoritative: true }, deploy: false },
          { name: 'caa', query: 'www.cut.test', type: 'CAA', servers: [relay.address], timeoutMs: 300, expect: { answers: ['0 issue "ca.example"'] }, deploy: false },
          { name: 'serial', query: 'cut.test', type: 'SOA', servers: [relay.address, bind.address], timeoutMs: 300, expect: { consistent: true }, deploy: false },
        ],
      }).localDnsChecks;
      for (let run = 0; run < 40; run++) {
        const results = await runChecks(checks, { diagnose: run % 2 === 0 });
        expect(results.map((r) => `${r.name} ${r.server}`)).toEqual([...checks.flatMap((c) => c.servers.map((s) => `${c.name} ${s}`))]);
        for (const r of results) {
          if (!r.ok) expect({ r, reason: r.reason.length > 0 }).toEqual({ r, reason: true });
          const kind = r.ok ? 'passed' : /is not a well-formed DNS message/.test(r.reason) ? 'unreadable' : 'failed otherwise';
          reasons.set(kind, (reasons.get(kind) ?? 0) + 1);
        }
      }
    } finally {
      process.off('uncaughtException', note);
      process.off('unhandledRejection', note);
      await relay.close();
    }
    expect(escaped).toEqual([]);
    // The damage was read every way: some answers could not be read, some were read and failed, some passed.
    expect([...reasons.keys()].sort()).toEqual(['failed otherwise', 'passed', 'unreadable']);
  }, 120_000);
});
