/**
 * A relay on 127.0.0.1 in front of a real DNS server: it holds each UDP query `delayMs` before
 * passing it on (what a distant or overloaded name server looks like to a check), may rewrite the
 * server's UDP answers (`udpAnswer`: what an older server that drops records to fit a datagram
 * looks like) or answer some UDP queries itself (`udpQuery`: what a server that does not know EDNS
 * says to an EDNS query), and passes TCP connections through on the same port, unchanged or with
 * each answer rewritten (`tcpAnswer`), or refuses or swallows them (`tcp`). It may also pass each
 * UDP query to a server of its own choosing (`udpUpstream`): the instances behind one anycast
 * address, of which a resolver's successive queries may reach different ones.
 */
import * as dgram from 'node:dgram';
import * as net from 'node:net';
import { parseServer } from '../../contracts/dns-check';

export interface DelayRelay {
  /** `127.0.0.1:<port>`, or where `listen` says (UDP and TCP) */
  readonly address: string;
  close(): Promise<void>;
}

export interface RelayOptions {
  readonly delayMs?: number;
  /** Rewrites each UDP answer (the wire bytes) before it is passed back; several datagrams are sent in their order. */
  readonly udpAnswer?: (answer: Buffer) => Buffer | readonly Buffer[];
  /** Answers a UDP query itself when it returns a reply (the query is then not passed on). */
  readonly udpQuery?: (query: Buffer) => Buffer | undefined;
  /** Rewrites each TCP answer (one DNS message, without its length prefix) before it is passed back. */
  readonly tcpAnswer?: (answer: Buffer) => Buffer;
  /**
   * What a firewall or a load balancer in front of the server does to DNS over TCP: `refused`,
   * nothing listens on the relay's TCP port (the connection is refused); `silent`, the connection
   * is taken and nothing ever comes back; `closed`, the connection is taken and closed at once
   * (FIN), the query unanswered; `cut`, the server's answer is passed back in part (its length and
   * half its bytes) and the connection closed; `reset`, the same part, then the connection reset
   * (RST). Default: passed through.
   */
  readonly tcp?: 'refused' | 'silent' | 'closed' | 'cut' | 'reset';
  /** Drops a UDP query when true: a firewall that drops what it does not like (EDNS, large queries). */
  readonly udpDrop?: (query: Buffer) => boolean;
  /** The server (`host:port`) a UDP query is passed to, when not `server`. */
  readonly udpUpstream?: (query: Buffer) => string | undefined;
  /** Where the relay listens (a resolver named in resolv.conf listens on port 53). @default 127.0.0.1 on a free port */
  readonly listen?: { readonly host: string; readonly port: number };
}

/** Passes the server's TCP stream back, each message (length-prefixed, RFC 1035 4.2.2) rewritten. */
function rewriteStream(from: net.Socket, to: net.Socket, rewrite: (m: Buffer) => Buffer): void {
  let data = Buffer.alloc(0);
  from.on('data', (chunk) => {
    data = Buffer.concat([data, chunk]);
    while (data.length >= 2 && data.length >= 2 + data.readUInt16BE(0)) {
      const message = rewrite(data.subarray(2, 2 + data.readUInt16BE(0)));
      data = data.subarray(2 + data.readUInt16BE(0));
      const length = Buffer.alloc(2);
      length.writeUInt16BE(message.length);
      to.write(Buffer.concat([length, message]));
    }
  });
}

export async function startDelayRelay(server: string, delayMs: number): Promise<DelayRelay> {
  return startRelay(server, { delayMs });
}

export async function startRelay(server: string, opts: RelayOptions): Promise<DelayRelay> {
  const { host, port } = parseServer(server);
  const timers = new Set<NodeJS.Timeout>();
  const sockets = new Set<net.Socket>();
  const tcp = net.createServer((client) => {
    if (opts.tcp === 'silent' || opts.tcp === 'closed') {
      sockets.add(client);
      client.on('error', () => undefined);
      client.on('close', () => sockets.delete(client));
      if (opts.tcp === 'closed') client.end();
      return;
    }
    const upstream = net.connect({ host, port });
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', () => (s === client ? upstream : client).destroy());
      s.on('close', () => sockets.delete(s));
    }
    client.pipe(upstream);
    if (opts.tcp === 'cut' || opts.tcp === 'reset') {
      const how = opts.tcp;
      let data = Buffer.alloc(0);
      upstream.on('data', (chunk) => {
        data = Buffer.concat([data, chunk]);
        if (data.length < 2 || data.length < 2 + data.readUInt16BE(0)) return;
        const part = data.subarray(0, 2 + Math.floor(data.readUInt16BE(0) / 2));
        if (how === 'cut') client.end(part);
        else client.write(part, () => setTimeout(() => client.resetAndDestroy(), 20));
      });
    } else if (opts.tcpAnswer) rewriteStream(upstream, client, opts.tcpAnswer);
    else upstream.pipe(client);
  });
  const at = opts.listen ?? { host: '127.0.0.1', port: 0 };
  await new Promise<void>((r) => tcp.listen(at.port, at.host, () => r()));
  const relayPort = (tcp.address() as net.AddressInfo).port;
  // The port stays the relay's for UDP; over TCP nothing answers on it.
  if (opts.tcp === 'refused') await new Promise<void>((r) => tcp.close(() => r()));
  const front = dgram.createSocket('udp4');
  front.on('message', (msg, client) => {
    if (opts.udpDrop?.(msg)) return;
    const own = opts.udpQuery?.(msg);
    if (own) return front.send(own, client.port, client.address);
    const t = setTimeout(() => {
      timers.delete(t);
      const back = dgram.createSocket('udp4');
      back.on('message', (answer) => {
        for (const datagram of [opts.udpAnswer ? opts.udpAnswer(answer) : answer].flat()) front.send(datagram, client.port, client.address);
        back.close();
      });
      const to = opts.udpUpstream?.(msg);
      const upstream = to ? parseServer(to) : { host, port };
      back.send(msg, upstream.port, upstream.host);
    }, opts.delayMs ?? 0);
    timers.add(t);
  });
  await new Promise<void>((r, reject) => {
    front.once('error', reject);
    front.bind(relayPort, at.host, () => r());
  });
  return {
    address: `${at.host}:${relayPort}`,
    close: async () => {
      for (const t of timers) clearTimeout(t);
      for (const s of sockets) s.destroy();
      await Promise.all([new Promise<void>((r) => front.close(() => r())), opts.tcp === 'refused' ? undefined : new Promise<void>((r) => tcp.close(() => r()))]);
    },
  };
}
