/**
 * One DNS query to one server, with the wire format from dns-packet: UDP first (retried over TCP
 * when the answer is truncated), or TCP from the start. Only the server named is contacted.
 *
 * A UDP reply counts as the answer only as resolvers take it (RFC 5452, 9.1): from the address and
 * port asked, a response (QR bit set), with the query's ID and question. Any other message is
 * dropped and the wait goes on; when no answer comes, the timeout names what came instead. Over
 * TCP, an answer that is not to the query fails at once.
 */
import * as dgram from 'node:dgram';
import * as dns from 'node:dns';
import { performance } from 'node:perf_hooks';
import * as net from 'node:net';
import { randomInt } from 'node:crypto';
import * as dnsPacket from 'dns-packet';
import { parseServer } from '../../contracts/dns-check';
import { nonPublicKind } from '../../contracts/ip-ranges';
import { type ExtendedError, extendedErrors, NSID_OPTION_CODE, serverId } from './edns-options';
import { typeText, wireType } from './record-types';
import { socketSlots } from './sockets';

export interface DnsAnswer {
  readonly rcode: string;
  readonly authoritative: boolean;
  readonly truncated: boolean;
  /** The AD flag: a validating resolver found the answer secure. */
  readonly authenticated: boolean;
  readonly answers: readonly dnsPacket.Answer[];
  /** The authority section (referrals, SOA of negative answers, NSEC records). */
  readonly authorities: readonly dnsPacket.Answer[];
  /** The additional section without the EDNS OPT record (a referral's glue). */
  readonly additionals: readonly dnsPacket.Answer[];
  /** Whether the answer had an EDNS OPT record (RFC 6891). */
  readonly edns: boolean;
  /** The Extended DNS Errors of the answer (RFC 8914): a resolver's reason for SERVFAIL, a stale answer... */
  readonly extendedErrors: readonly ExtendedError[];
  /** The name the server gives itself (NSID, RFC 5001), when it gives one. */
  readonly serverId?: string;
  /** How the final answer came: udp, or tcp (asked for, or after a truncated UDP answer). */
  readonly transport: 'udp' | 'tcp';
  /** Milliseconds from sending the query to the final answer (a retry over TCP included). */
  readonly elapsedMs: number;
  /** The address asked: the server's own, or the one its name was looked up to. */
  readonly address: string;
}

export class QueryError extends Error {
  constructor(
    readonly kind: 'TIMEOUT' | 'ERROR',
    message: string,
    /** Nothing came back: a timeout, or the connection refused or cut (not an answer that is wrong). */
    readonly unanswered = false,
    /** The address the query was sent to; absent when none was (a server name that was not looked up). */
    readonly address?: string,
  ) {
    super(message);
  }
}

/** The UDP payload size a query offers: DNS Flag Day 2020's, as resolvers send (RFC 6891, 6.2.5). */
const UDP_PAYLOAD_SIZE = 1232;

/**
 * A query, with EDNS0 as resolvers ask (so servers may send Extended DNS Errors), asking the server
 * to name itself (an empty NSID option, RFC 5001 2.3); with `dnssec`, the DO bit too, so servers
 * send the RRSIG records (RFC 4035, 3.2.1). Without `edns`, a plain query: for a server that
 * answers FORMERR to EDNS (RFC 6891, 7).
 */
function encode(name: string, type: dnsPacket.RecordType, id: number, opts: { edns: boolean; dnssec: boolean }): Buffer {
  // dns-packet writes an option with `data` as it is; its types list only the options it builds itself.
  const nsidRequest = { code: NSID_OPTION_CODE, data: Buffer.alloc(0) } as unknown as dnsPacket.PacketOpt;
  const opt: dnsPacket.OptAnswer = { type: 'OPT', name: '.', udpPayloadSize: UDP_PAYLOAD_SIZE, extendedRcode: 0, ednsVersion: 0, flags: opts.dnssec ? dnsPacket.DNSSEC_OK : 0, flag_do: opts.dnssec, options: [nsidRequest] };
  return dnsPacket.encode({
    type: 'query',
    id,
    flags: dnsPacket.RECURSION_DESIRED,
    questions: [{ type: wireType(type), name, class: 'IN' }],
    ...(opts.edns ? { additionals: [opt] } : {}),
  });
}

/** RCODEs above 15 (the OPT record holds their upper 8 bits, RFC 6891 6.1.3), by IANA's "DNS RCODEs". */
const EXTENDED_RCODES: Readonly<Record<number, string>> = { 16: 'BADVERS', 23: 'BADCOOKIE' };

function toAnswer(p: dnsPacket.Packet, transport: 'udp' | 'tcp', sentAt: number): Omit<DnsAnswer, 'address'> {
  const d = p as dnsPacket.Packet & { rcode?: string; flag_aa?: boolean; flag_tc?: boolean; flag_ad?: boolean };
  const opt = (p.additionals ?? []).find((r) => r.type === 'OPT');
  const upper = (opt as { extendedRcode?: number } | undefined)?.extendedRcode ?? 0;
  const full = (upper << 4) | (((p as { flags?: number }).flags ?? 0) & 0xf);
  const id = serverId(opt);
  return {
    rcode: upper === 0 ? d.rcode ?? 'NOERROR' : EXTENDED_RCODES[full] ?? `RCODE${full}`,
    authoritative: d.flag_aa === true,
    truncated: d.flag_tc === true,
    authenticated: d.flag_ad === true,
    answers: p.answers ?? [],
    authorities: p.authorities ?? [],
    additionals: (p.additionals ?? []).filter((r) => r.type !== 'OPT'),
    edns: opt !== undefined,
    extendedErrors: extendedErrors(opt),
    ...(id ? { serverId: id } : {}),
    transport,
    elapsedMs: performance.now() - sentAt,
  };
}

/**
 * One request over one socket: settles once, with the answer, a timeout or the socket's error,
 * and always closes the socket. `start` wires the socket and returns how to close it.
 */
function exchange(
  transport: 'UDP' | 'TCP',
  timeoutMs: number,
  start: (answer: (p: dnsPacket.Packet) => void, fail: (e: Error) => void) => { close(): void; dropped?: () => string | undefined },
  /** How long to wait: the check's time limit less what the server name's lookup took (the message names the limit). */
  waitMs = timeoutMs,
): Promise<dnsPacket.Packet> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (f: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.close();
      f();
    };
    const timedOut = () => {
      const dropped = socket.dropped?.();
      return new QueryError('TIMEOUT', `no answer over ${transport} within ${timeoutMs} ms${dropped ? ` (${dropped})` : ''}`, true);
    };
    const timer = setTimeout(() => settle(() => reject(timedOut())), waitMs);
    // A socket error is reported with its transport; a QueryError (an answer that cannot be read) as it is.
    const socket = start(
      (p) => settle(() => resolve(p)),
      (e) => settle(() => reject(e instanceof QueryError ? e : new QueryError('ERROR', `${transport}: ${e.message}`, true))),
    );
  });
}

/** `address:port`, an IPv6 address in brackets. */
const endpoint = (address: string, port: number) => (net.isIPv6(address) ? `[${address}]:${port}` : `${address}:${port}`);

/** The same address however written (`::1` and `0:0:0:0:0:0:0:1`). */
function sameAddress(a: string, b: string): boolean {
  if (a === b) return true;
  const family = net.isIPv6(a) ? 'ipv6' : 'ipv4';
  if (family === 'ipv6' ? !net.isIPv6(b) : !net.isIPv4(b)) return false;
  const list = new net.BlockList();
  list.addAddress(a, family);
  return list.check(b, family);
}

/** A name as compared in a question: case aside, the final dot aside (the root is `.`). */
const questionName = (name: string) => name.replace(/\.$/, '').toLowerCase() || '.';

export interface Asked {
  readonly id: number;
  readonly name: string;
  readonly type: dnsPacket.RecordType;
}

/**
 * Why a message is not the answer to the query asked, or undefined when it is. Undefined too for
 * another ID (no answer to this query: overUdp names it, overTcp fails). A reply with no question
 * is taken when it is truncated or an error (a server that could not read the query may not
 * repeat it).
 */
export function notTheAnswer(p: dnsPacket.Packet, asked: Asked): string | undefined {
  if (p.type !== 'response') return 'a message came back that is not a response: its QR bit is clear';
  if (p.id !== asked.id) return undefined;
  const d = p as dnsPacket.Packet & { rcode?: string; flag_tc?: boolean };
  const q = p.questions ?? [];
  if (q.length === 0 && (d.flag_tc === true || (d.rcode ?? 'NOERROR') !== 'NOERROR')) return undefined;
  const wanted = `${questionName(asked.name)} ${typeText(wireType(asked.type))}`;
  const got = q.map((x) => `${questionName(x.name)} ${typeText(x.type)}`);
  const sameClass = q.every((x) => (x.class ?? 'IN') === 'IN');
  return got.length === 1 && got[0] === wanted && sameClass ? undefined : `a reply came to another question: ${got.join(', ') || '(none)'}, not ${wanted}`;
}

/**
 * Why a reply from the server could not be read: not a well-formed DNS message. Most such replies
 * end before the records their header announces (dns-packet then reads past the end: a RangeError
 * from the buffer, or its own "buffer overflow"), which is said plainly; another fault is given as
 * the DNS library words it (a malformed name, a bad compression pointer). A reply with the
 * query's ID fails the check at once, as a resolver gives up on such a server (unbound answers
 * SERVFAIL); over UDP one with another ID is dropped before it is read (overUdp).
 */
function unreadable(transport: 'UDP' | 'TCP', bytes: number, e: unknown): QueryError {
  // By name, not instanceof: the buffer's errors may come from another realm (a test's VM context).
  const { name, message } = typeof e === 'object' && e !== null && 'message' in e ? (e as Error) : { name: '', message: String(e) };
  const endsEarly = name === 'RangeError' || /buffer overflow/i.test(message);
  return new QueryError(
    'ERROR',
    `the answer over ${transport} is not a well-formed DNS message (${bytes} bytes: ${endsEarly ? 'it ends before the records its header announces' : message}) — the server, or a device on the way, cut it short or damaged it, and resolvers cannot use it either`,
  );
}

/** A DNS message's header: ID, flags and the four section counts (RFC 1035, 4.1.1). */
const DNS_HEADER_BYTES = 12;

/**
 * `address`: an IP address (a server given by name is looked up before: serverAddress). Replies
 * must come from it, with the query's ID; a datagram with another ID is not the answer however
 * damaged it is, and is dropped as resolvers drop it.
 */
function overUdp(address: string, port: number, msg: Buffer, asked: Asked, timeoutMs: number, waitMs = timeoutMs): Promise<dnsPacket.Packet> {
  return exchange('UDP', timeoutMs, (answer, fail) => {
    const sentTo = address;
    const socket = dgram.createSocket(net.isIPv6(address) ? 'udp6' : 'udp4');
    let dropped: string | undefined;
    socket.on('error', fail);
    socket.on('message', (buf, from) => {
      if (!sameAddress(sentTo, from.address) || from.port !== port) {
        dropped = `a reply came from ${endpoint(from.address, from.port)}, not from ${endpoint(sentTo, port)}: resolvers drop it — a server bound to a wildcard address must reply from the address it was asked at`;
        return;
      }
      // Matched on its header first, as resolvers match a datagram to their query (RFC 5452, 9.1):
      // one that cannot be, or is another query's, is dropped whether or not the rest can be read.
      if (buf.length < DNS_HEADER_BYTES) {
        dropped = `a reply of ${buf.length} bytes came: too short to be a DNS message, whose header alone is ${DNS_HEADER_BYTES} bytes`;
        return;
      }
      // Each query has a socket of its own (a random port), so another ID here is seldom a late
      // reply to an earlier query (only on a port the system has just reused): most often the ID
      // was changed on the way or by the server. It is named if nothing else comes.
      if (buf.readUInt16BE(0) !== asked.id) {
        dropped = `a reply came with ID ${buf.readUInt16BE(0)}, not the query's ${asked.id}: resolvers drop it — a server, or a device on the way, that changes IDs sends such replies`;
        return;
      }
      let p: dnsPacket.Packet;
      try {
        p = dnsPacket.decode(buf);
      } catch (e) {
        return fail(unreadable('UDP', buf.length, e));
      }
      // Its ID is the query's (above).
      const why = notTheAnswer(p, asked);
      if (why) dropped = why;
      else answer(p);
    });
    socket.send(msg, port, address);
    return { close: () => socket.close(), dropped: () => dropped };
  }, waitMs);
}

/** Over TCP the connection is the check's own: an answer that is not to its query is an error, not a stray. */
function overTcp(address: string, port: number, msg: Buffer, asked: Asked, timeoutMs: number, waitMs = timeoutMs): Promise<dnsPacket.Packet> {
  return exchange('TCP', timeoutMs, (answer, fail) => {
    const socket = net.connect({ host: address, port });
    let data = Buffer.alloc(0);
    // An error after part of the answer came (a reset) is not a firewall's: something came back.
    socket.on('error', (e) => fail(data.length === 0 ? e : new QueryError('ERROR', `TCP: ${e.message} (after ${data.length} bytes had come)`)));
    // DNS over TCP: each message is preceded by its length in two bytes (RFC 1035, 4.2.2).
    socket.on('connect', () => socket.write(dnsPacket.streamEncode(dnsPacket.decode(msg))));
    socket.on('data', (chunk) => {
      data = Buffer.concat([data, chunk]);
      if (data.length < 2 || data.length < 2 + data.readUInt16BE(0)) return;
      let p: dnsPacket.Packet;
      try {
        p = dnsPacket.streamDecode(data);
      } catch (e) {
        return fail(unreadable('TCP', data.readUInt16BE(0), e));
      }
      const why = notTheAnswer(p, asked) ?? (p.id === asked.id ? undefined : `the answer over TCP has ID ${p.id}, not the query's ${asked.id}`);
      if (why) fail(new QueryError('ERROR', `TCP: ${why}`));
      else answer(p);
    });
    // The server (or a device on the way) closed the connection before the whole answer came: it
    // will not come, and resolvers try another server at once. Nothing at all came back is a
    // firewall's kind of failure (`unanswered`, as a refused connection); part of an answer is not.
    socket.on('end', () => {
      const expected = data.length >= 2 ? ` (${data.length - 2} of ${data.readUInt16BE(0)} bytes)` : '';
      fail(
        data.length === 0
          ? new QueryError('ERROR', 'TCP: the server closed the connection without answering', true)
          : new QueryError('ERROR', `TCP: the server closed the connection before its answer was complete${expected}`),
      );
    });
    return { close: () => socket.destroy() };
  }, waitMs);
}

/** The lookup's own word that the name has no address of the family asked (else the resolver failed). */
const NO_ADDRESS = new Set(['ENOTFOUND', 'ENODATA']);

/**
 * Whether a lookup's error is a resolver's NXDOMAIN: c-ares's ENOTFOUND (`queryA`, `queryAaaa`:
 * the lookup resolvers). getaddrinfo's ENOTFOUND also stands for a name with no record of the
 * family asked, so it is not one.
 */
const isNxdomain = (e: NodeJS.ErrnoException): boolean => e.code === 'ENOTFOUND' && e.syscall?.startsWith('query') === true;

/**
 * Why a server given by name was not asked: the lookup of its name failed, with the system's
 * resolver (`getaddrinfo`: the prober in Lambda, `dns-monitor check`) or the lookup resolvers
 * (`queryA`: `dns-monitor check --resolver`). A name with no address is the server's (or the
 * config's) fault; a resolver that fails is not the server's, and is said apart from it. `ipv6`:
 * its IPv6 address was looked for too (a check with deploy: false).
 */
export function serverNameError(host: string, e: NodeJS.ErrnoException, ipv6 = false): QueryError {
  const how = `${e.syscall ?? 'lookup'} ${e.code ?? e.message}`;
  if (!NO_ADDRESS.has(e.code ?? '')) {
    return new QueryError('ERROR', `the server name ${host} could not be looked up: the resolver did not answer, or answered with an error (${how}) — no query was sent`);
  }
  const records = ipv6 ? 'no A or AAAA record' : 'no A record';
  // getaddrinfo gives ENOTFOUND for both; a resolver's answer tells them apart.
  const found = !e.syscall?.startsWith('query') ? `no such name, or ${records}` : isNxdomain(e) ? 'no such name (NXDOMAIN)' : records;
  return new QueryError('ERROR', `the server name ${host} has no ${ipv6 ? '' : 'IPv4 '}address: its lookup found ${found} (${how}) — no query was sent`);
}

/**
 * What the lookup of a server name found: the address its queries go to (the first the lookup
 * gave, as a lookup of one address takes it), and every address of that family the lookup gave.
 */
export interface NameAddresses {
  readonly address: string;
  readonly all: readonly string[];
}

/**
 * The address a server given by name is asked at: its IPv4 address, as the prober asks (it has
 * no outbound IPv6). A name with none is looked up for IPv6: a check with `ipv6` (deploy: false)
 * asks that address, and a deployed check fails saying why the prober cannot. `lookup` gives every
 * address of a family, in the order the resolver gave them. A resolver's NXDOMAIN (isNxdomain)
 * says the name has no address of any kind, so it is not looked up again for IPv6.
 */
export async function addressOfName(host: string, lookup: (family: 4 | 6) => Promise<readonly string[]>, ipv6: boolean): Promise<NameAddresses> {
  const found = (all: readonly string[]): NameAddresses => {
    if (all.length === 0) throw Object.assign(new Error(`no address for ${host}`), { code: 'ENOTFOUND' });
    return { address: all[0], all };
  };
  let v4Error: NodeJS.ErrnoException;
  try {
    return found(await lookup(4));
  } catch (e) {
    v4Error = e as NodeJS.ErrnoException;
  }
  if (!NO_ADDRESS.has(v4Error.code ?? '')) throw serverNameError(host, v4Error);
  if (isNxdomain(v4Error)) throw serverNameError(host, v4Error, ipv6);
  let v6: NameAddresses;
  try {
    v6 = found(await lookup(6));
  } catch (e) {
    const v6Error = e as NodeJS.ErrnoException;
    throw ipv6 && !NO_ADDRESS.has(v6Error.code ?? '') ? serverNameError(host, v6Error, true) : serverNameError(host, v4Error, ipv6);
  }
  if (ipv6) return v6;
  throw new QueryError(
    'ERROR',
    `the server name ${host} has no IPv4 address, only IPv6 (${v6.address}), which the prober cannot reach: Lambda has no outbound IPv6 outside a VPC — no query was sent (give the name an A record, or set deploy: false to run the check only with \`npx dns-monitor check\`)`,
  );
}

/**
 * The server names one run has looked up, and what each lookup gave (an address, or why none):
 * a name is looked up once a run (lookedUp), so every query of the run to it goes to one address
 * and a name that cannot be looked up fails each of them alike. The next run looks again.
 */
export type ServerNames = Map<string, Promise<NameAddresses>>;

/** The key of `host`'s lookup in a run's ServerNames. */
export function serverNameKey(host: string, ipv6: boolean): string {
  return `${ipv6 ? 'any' : 'ipv4'} ${host.toLowerCase()}`;
}

/** The server name a ServerNames key stands for. */
export function serverNameOfKey(key: string): string {
  return key.slice(key.indexOf(' ') + 1);
}

/** The run's lookup of `host` (`lookup`, made at the first query of the run that asks it). */
export function lookedUp(names: ServerNames | undefined, host: string, ipv6: boolean, lookup: () => Promise<NameAddresses>): Promise<NameAddresses> {
  const key = serverNameKey(host, ipv6);
  const known = names?.get(key);
  if (known) return known;
  const looking = lookup();
  looking.catch(() => undefined); // a query that gave up waiting has left it
  names?.set(key, looking);
  return looking;
}

/** Every address of `host` of a family, in the order the resolver gave them. */
export type NameLookup = (host: string, family: 4 | 6) => Promise<readonly string[]>;

/**
 * The system's resolver (getaddrinfo, which reads /etc/resolv.conf), in this process: the prober
 * in Lambda. `dns-monitor check` makes the same lookup in a helper process (bin/lookup-helper.ts).
 */
const systemLookup: NameLookup = async (host, family) => (await dns.promises.lookup(host, { family, all: true })).map((a) => a.address);

/**
 * The address of a server given by name (addressOfName), from the system's resolver or the
 * lookup resolvers `dns-monitor check --resolver` gives (run.ts), within `timeoutMs` (the check's
 * time limit covers the lookup and the answer). Looked up once a run (`names`), so a truncated
 * answer is asked again over TCP at the same address. A lookup the resolver leaves unanswered is
 * left to end on its own (getaddrinfo cannot be cancelled; `check` ends its lookup helper and
 * cancels the lookup resolvers' once its results are out), and a later query of the run waits for
 * it again within its own time limit.
 */
async function serverAddress(host: string, timeoutMs: number, ipv6: boolean, names: ServerNames | undefined, lookup: NameLookup): Promise<string> {
  if (net.isIP(host)) return host;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new QueryError('ERROR', `the server name ${host} was not looked up within ${timeoutMs} ms: the resolver did not answer in time — no query was sent`)), timeoutMs);
  });
  try {
    const looked = lookedUp(names, host, ipv6, () => addressOfName(host, (family) => lookup(host, family), ipv6));
    return (await Promise.race([looked, late])).address;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A truncated UDP answer is asked again over TCP, as resolvers do (RFC 7766): when that fails, the
 * reason says why TCP was asked, and, when nothing came back over it (a firewall refusing or
 * dropping TCP to port 53, the classic fault), that resolvers cannot get the answer either.
 */
function truncatedThenFailed(e: QueryError): QueryError {
  const advice = e.unanswered ? ' — resolvers ask over TCP for an answer that does not fit in a datagram (RFC 7766), so they cannot get this one: let TCP port 53 through to the server' : '';
  return new QueryError(e.kind, `the answer over UDP was truncated (TC flag) and the query over TCP failed: ${e.message.replace(/^TCP: /, '')}${advice}`, e.unanswered);
}

/**
 * Why a deployed check's query to a server given by name got nothing back, when the name led to an
 * address the prober cannot reach (contracts/ip-ranges.ts: private, loopback, link-local, …): the
 * prober runs outside the account's VPCs and reaches public addresses only, so the follow-up says
 * so rather than leave the on-call looking for a server that is down. Not for an address written
 * out (the config refuses it), nor a check with deploy: false, which runs only where its servers
 * are reached: such a check is the one that carries `ipv6` (while the prober has no outbound IPv6,
 * only they do; the test of this reason fails if that changes).
 */
function unreachableAddress(host: string, address: string, e: QueryError, ipv6: boolean): string {
  const kind = e.unanswered && !ipv6 && !net.isIP(host) ? nonPublicKind(address) : undefined;
  return kind === undefined
    ? ''
    : ` — ${host} was asked at ${address}, a ${kind} address: the deployed prober runs outside your VPCs and reaches public addresses only, so it cannot reach it there (give the name a public address, or set deploy: false to check a server only your network reaches)`;
}

/**
 * Why an EDNS query over UDP got no answer, when the same query without EDNS gets one: the server,
 * or a firewall in front of it, drops EDNS (the timeout as it was otherwise).
 */
async function withoutEdns(e: QueryError, address: string, port: number, name: string, type: dnsPacket.RecordType, timeoutMs: number): Promise<QueryError> {
  const id = randomInt(0, 65536);
  try {
    const plain = toAnswer(await overUdp(address, port, encode(name, type, id, { edns: false, dnssec: false }), { id, name, type }, timeoutMs), 'udp', performance.now());
    return new QueryError(
      e.kind,
      `${e.message} — yet the same query without EDNS is answered (${plain.rcode}): the server, or a firewall on the way, drops queries with EDNS; resolvers send EDNS and, since DNS Flag Day 2019, do not ask again without it, so they get no answer either`,
      e.unanswered,
    );
  } catch {
    return e;
  }
}

/**
 * One query, once a socket slot is free (sockets.ts); its time and timeout count from then. A
 * server that answers FORMERR without an OPT record does not know EDNS: the query is asked again
 * without it, as resolvers do (not for DNSSEC, which needs the DO bit). With `diagnose`, an EDNS
 * query over UDP that times out is asked once more without EDNS, to say whether EDNS is what goes
 * unanswered (up to a second timeout: `dns-monitor check` only, the prober's runs are budgeted).
 */
export function query(server: string, name: string, type: dnsPacket.RecordType, opts: { tcp: boolean; timeoutMs: number; dnssec?: boolean; diagnose?: boolean; ipv6?: boolean; names?: ServerNames; lookup?: NameLookup }): Promise<DnsAnswer> {
  return socketSlots.run(async () => {
    const { host, port } = parseServer(server);
    const dnssec = opts.dnssec === true;
    const startedAt = performance.now();
    const address = await serverAddress(host, opts.timeoutMs, opts.ipv6 === true, opts.names, opts.lookup ?? systemLookup);
    // The first query waits what the lookup left of the check's time limit; the answer time counts from sending it.
    const firstWait = Math.max(1, opts.timeoutMs - (performance.now() - startedAt));
    const sentAt = performance.now();
    const ask = async (edns: boolean): Promise<Omit<DnsAnswer, 'address'>> => {
      const id = randomInt(0, 65536);
      const msg = encode(name, type, id, { edns, dnssec });
      const asked = { id, name, type };
      const waitMs = edns ? firstWait : opts.timeoutMs;
      if (opts.tcp) return toAnswer(await overTcp(address, port, msg, asked, opts.timeoutMs, waitMs), 'tcp', sentAt);
      const udp = toAnswer(
        await overUdp(address, port, msg, asked, opts.timeoutMs, waitMs).catch(async (e: unknown) => {
          throw edns && opts.diagnose && e instanceof QueryError && e.kind === 'TIMEOUT' ? await withoutEdns(e, address, port, name, type, opts.timeoutMs) : e;
        }),
        'udp',
        sentAt,
      );
      if (!udp.truncated) return udp;
      try {
        return toAnswer(await overTcp(address, port, msg, asked, opts.timeoutMs), 'tcp', sentAt);
      } catch (e) {
        throw e instanceof QueryError ? truncatedThenFailed(e) : e;
      }
    };
    try {
      const answer = await ask(true);
      return { ...(answer.rcode === 'FORMERR' && !answer.edns && !dnssec ? await ask(false) : answer), address };
    } catch (e) {
      // What went wrong after the query was sent names the address it went to.
      throw e instanceof QueryError ? new QueryError(e.kind, `${e.message}${unreachableAddress(host, address, e, opts.ipv6 === true)}`, e.unanswered, address) : e;
    }
  });
}
