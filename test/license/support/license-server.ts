/**
 * A real HTTP(S) server on 127.0.0.1 that plays the Codreum license API. Each test sets how it
 * answers; the server keeps the exact bytes and headers of every request it receives.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly raw: Buffer;
}

export type Reply =
  | { kind: 'send'; status: number; body: string; headers?: Record<string, string> }
  /** Accepts the request and never answers. */
  | { kind: 'hang' }
  /** Sends headers, then one byte every `everyMs` forever. */
  | { kind: 'drip'; everyMs: number };

export type Behaviour = (req: ReceivedRequest) => Reply | Promise<Reply>;

export interface LicenseServer {
  readonly url: string;
  readonly port: number;
  readonly received: ReceivedRequest[];
  behave(b: Behaviour): void;
  close(): Promise<void>;
}

export async function startLicenseServer(tls?: { key: string; cert: string }): Promise<LicenseServer> {
  const received: ReceivedRequest[] = [];
  let behaviour: Behaviour = () => ({ kind: 'send', status: 503, body: 'no behaviour set' });
  const timers = new Set<NodeJS.Timeout>();
  const handler: http.RequestListener = (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const r: ReceivedRequest = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, raw: Buffer.concat(chunks) };
      received.push(r);
      const reply = await behaviour(r);
      if (reply.kind === 'send') {
        res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
        res.end(reply.body);
      } else if (reply.kind === 'drip') {
        res.writeHead(200, { 'content-type': 'application/json' });
        const t = setInterval(() => {
          if (res.destroyed) {
            clearInterval(t);
            timers.delete(t);
          } else res.write(' ');
        }, reply.everyMs);
        timers.add(t);
      }
      // 'hang': do nothing.
    });
  };
  const server = tls ? https.createServer({ key: tls.key, cert: tls.cert }, handler) : http.createServer(handler);
  const sockets = new Set<import('node:net').Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `${tls ? 'https' : 'http'}://127.0.0.1:${port}/v1/check`,
    port,
    received,
    behave: (b) => {
      behaviour = b;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearInterval(t);
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
