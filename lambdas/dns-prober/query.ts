/**
 * One DNS query to one server, with the wire format from dns-packet: UDP first (retried over TCP
 * when the answer is truncated), or TCP from the start. Only the server named is contacted.
 */
import * as dgram from 'node:dgram';
import { performance } from 'node:perf_hooks';
import * as net from 'node:net';
import { randomInt } from 'node:crypto';
import * as dnsPacket from 'dns-packet';
import { parseServer } from '../../contracts/dns-check';
import { wireType } from './record-types';
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
  /** How the final answer came: udp, or tcp (asked for, or after a truncated UDP answer). */
  readonly transport: 'udp' | 'tcp';
  /** Milliseconds from sending the query to the final answer (a retry over TCP included). */
  readonly elapsedMs: number;
}

export class QueryError extends Error {
  constructor(
    readonly kind: 'TIMEOUT' | 'ERROR',
    message: string,
  ) {
    super(message);
  }
}

/** A query; with `dnssec`, EDNS0 with the DO bit, so servers send the RRSIG records (RFC 4035, 3.2.1). */
function encode(name: string, type: dnsPacket.RecordType, id: number, dnssec: boolean): Buffer {
  return dnsPacket.encode({
    type: 'query',
    id,
    flags: dnsPacket.RECURSION_DESIRED,
    questions: [{ type: wireType(type), name, class: 'IN' }],
    ...(dnssec ? { additionals: [{ type: 'OPT', name: '.', udpPayloadSize: 1232, flags: dnsPacket.DNSSEC_OK } as dnsPacket.Answer] } : {}),
  });
}

function toAnswer(p: dnsPacket.Packet, transport: 'udp' | 'tcp', sentAt: number): DnsAnswer {
  const d = p as dnsPacket.Packet & { rcode?: string; flag_aa?: boolean; flag_tc?: boolean; flag_ad?: boolean };
  return {
    rcode: d.rcode ?? 'NOERROR',
    authoritative: d.flag_aa === true,
    truncated: d.flag_tc === true,
    authenticated: d.flag_ad === true,
    answers: p.answers ?? [],
    authorities: p.authorities ?? [],
    additionals: (p.additionals ?? []).filter((r) => r.type !== 'OPT'),
    transport,
    elapsedMs: performance.now() - sentAt,
  };
}

/**
 * One request over one socket: settles once, with the answer, a timeout or the socket's error,
 * and always closes the socket. `start` wires the socket and returns how to close it.
 */
function exchange(transport: 'UDP' | 'TCP', timeoutMs: number, start: (answer: (p: dnsPacket.Packet) => void, fail: (e: Error) => void) => { close(): void }): Promise<dnsPacket.Packet> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (f: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.close();
      f();
    };
    const timer = setTimeout(() => settle(() => reject(new QueryError('TIMEOUT', `no answer over ${transport} within ${timeoutMs} ms`))), timeoutMs);
    // A socket error is reported with its transport; a QueryError (unreadable answer) as it is.
    const socket = start(
      (p) => settle(() => resolve(p)),
      (e) => settle(() => reject(e instanceof QueryError ? e : new QueryError('ERROR', `${transport}: ${e.message}`))),
    );
  });
}

function overUdp(host: string, port: number, msg: Buffer, id: number, timeoutMs: number): Promise<dnsPacket.Packet> {
  return exchange('UDP', timeoutMs, (answer, fail) => {
    const socket = dgram.createSocket(net.isIPv6(host) ? 'udp6' : 'udp4');
    socket.on('error', fail);
    socket.on('message', (buf) => {
      let p: dnsPacket.Packet;
      try {
        p = dnsPacket.decode(buf);
      } catch (e) {
        return fail(new QueryError('ERROR', `unreadable answer: ${(e as Error).message}`));
      }
      if (p.id === id) answer(p);
    });
    socket.send(msg, port, host);
    return { close: () => socket.close() };
  });
}

function overTcp(host: string, port: number, msg: Buffer, timeoutMs: number): Promise<dnsPacket.Packet> {
  return exchange('TCP', timeoutMs, (answer, fail) => {
    const socket = net.connect({ host, port });
    let data = Buffer.alloc(0);
    socket.on('error', fail);
    // DNS over TCP: each message is preceded by its length in two bytes (RFC 1035, 4.2.2).
    socket.on('connect', () => socket.write(dnsPacket.streamEncode(dnsPacket.decode(msg))));
    socket.on('data', (chunk) => {
      data = Buffer.concat([data, chunk]);
      if (data.length < 2 || data.length < 2 + data.readUInt16BE(0)) return;
      try {
        answer(dnsPacket.streamDecode(data));
      } catch (e) {
        fail(new QueryError('ERROR', `unreadable answer: ${(e as Error).message}`));
      }
    });
    return { close: () => socket.destroy() };
  });
}

/** One query, once a socket slot is free (sockets.ts); its time and timeout count from then. */
export function query(server: string, name: string, type: dnsPacket.RecordType, opts: { tcp: boolean; timeoutMs: number; dnssec?: boolean }): Promise<DnsAnswer> {
  return socketSlots.run(async () => {
    const { host, port } = parseServer(server);
    const id = randomInt(0, 65536);
    const msg = encode(name, type, id, opts.dnssec === true);
    const sentAt = performance.now();
    if (opts.tcp) return toAnswer(await overTcp(host, port, msg, opts.timeoutMs), 'tcp', sentAt);
    const udp = toAnswer(await overUdp(host, port, msg, id, opts.timeoutMs), 'udp', sentAt);
    return udp.truncated ? toAnswer(await overTcp(host, port, msg, opts.timeoutMs), 'tcp', sentAt) : udp;
  });
}
