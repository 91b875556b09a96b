/**
 * A real HTTP server on 127.0.0.1 standing in for Slack's incoming-webhook endpoint. Each request
 * takes the next scripted behaviour (default: 200 "ok") and is recorded with its parsed body.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export type Behaviour =
  | { kind: 'ok' }
  | { kind: 'status'; status: number; body?: string; retryAfter?: string; location?: string }
  | { kind: 'slow'; delayMs: number }
  | { kind: 'reset' };

export interface ReceivedPost {
  readonly at: number;
  readonly path: string;
  readonly contentType?: string;
  readonly body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  readonly answeredWith: Behaviour['kind'] | number;
}

export interface FakeSlack {
  /** Webhook URL of the fake (http://127.0.0.1:<port>/services/T000/B000/XXXX). */
  readonly url: string;
  readonly posts: ReceivedPost[];
  /** Requests that got a 2xx answer. */
  delivered(): ReceivedPost[];
  script(...behaviours: Behaviour[]): void;
  reset(): void;
  close(): Promise<void>;
}

export async function startFakeSlack(): Promise<FakeSlack> {
  let queue: Behaviour[] = [];
  const posts: ReceivedPost[] = [];
  const sockets = new Set<import('node:net').Socket>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const behaviour = queue.shift() ?? { kind: 'ok' };
      let body: unknown;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        body = Buffer.concat(chunks).toString('utf8');
      }
      const answeredWith = behaviour.kind === 'status' ? behaviour.status : behaviour.kind;
      posts.push({ at: Date.now(), path: req.url ?? '', contentType: req.headers['content-type'], body, answeredWith });
      switch (behaviour.kind) {
        case 'ok':
          res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
          break;
        case 'status':
          res.writeHead(behaviour.status, {
            'content-type': 'text/plain',
            ...(behaviour.retryAfter ? { 'retry-after': behaviour.retryAfter } : {}),
            ...(behaviour.location ? { location: behaviour.location } : {}),
          });
          res.end(behaviour.body ?? '');
          break;
        case 'slow': {
          const t = setTimeout(() => {
            if (!res.destroyed) res.writeHead(200).end('ok');
          }, behaviour.delayMs);
          res.on('close', () => clearTimeout(t));
          break;
        }
        case 'reset':
          req.socket.destroy();
          break;
      }
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/services/T000/B000/XXXXXXXX`,
    posts,
    delivered: () => posts.filter((p) => p.answeredWith === 'ok' || (typeof p.answeredWith === 'number' && p.answeredWith < 300)),
    script: (...b) => {
      queue = [...b];
    },
    reset: () => {
      queue = [];
      posts.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
