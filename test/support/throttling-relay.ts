/**
 * A relay on 127.0.0.1 between a CLI and moto server that answers the first `n` requests of each
 * throttled API with CloudWatch's throttling error (ThrottlingException, HTTP 400) and forwards the
 * rest: what an account does to a caller above an API's request rate. Another error answer (an
 * access denial) stands for a caller whose policy lacks the action. Also a relay that throttles as
 * an account's token bucket does (rateLimitedRelay), and one scripted request by request: passed
 * on, held with no answer, or failed (scriptedRelay).
 */
import * as http from 'node:http';

/** Passes a request on to moto server and its answer back unchanged. */
function forward(target: string, req: http.IncomingMessage, res: http.ServerResponse, body: Buffer): void {
  const up = http.request(`${target}${req.url}`, { method: req.method, headers: req.headers }, (r) => {
    res.writeHead(r.statusCode ?? 502, r.headers);
    r.pipe(res);
  });
  up.on('error', () => res.destroy());
  up.end(body);
}

/** An AWS error answer: its code (`__type`) and message. */
export interface AwsErrorAnswer {
  readonly code: string;
  readonly message: string;
}

export const THROTTLED: AwsErrorAnswer = { code: 'ThrottlingException', message: 'Rate exceeded' };

/**
 * `throttles(api)`: whether the API (JSON protocol target, or Query Action) is answered with
 * `answer` (by default CloudWatch's throttling error) for its first `n` requests.
 */
export function throttlingRelay(target: string, n: number, throttles: (api: string) => boolean, answer: AwsErrorAnswer = THROTTLED) {
  const throttled = new Map<string, number>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const api = String(req.headers['x-amz-target'] ?? '').split('.').pop() || /Action=(\w+)/.exec(body.toString())?.[1] || '';
      const seen = throttled.get(api) ?? 0;
      if (throttles(api) && seen < n) {
        throttled.set(api, seen + 1);
        // CloudWatch Logs speaks JSON 1.1 (__type); the AWS SDK reads the error code from either shape.
        res.writeHead(400, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': `throttled-${api}-${seen}` });
        res.end(JSON.stringify({ __type: answer.code, message: answer.message }));
        return;
      }
      forward(target, req, res, body);
    });
  });
  return {
    throttled,
    start: () => new Promise<string>((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as { port: number }).port}`))),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * A relay on 127.0.0.1 in front of moto server that throttles as an account does: a token bucket
 * of `burst` requests refilled at `perSecond` for the requests `limited` picks; a request finding
 * the bucket empty gets Route 53's throttling answer (HTTP 400, REST-XML `Throttling`: "Rate
 * exceeded"). Counts what it throttled and what it passed.
 */
export function rateLimitedRelay(target: string, opts: { perSecond: number; burst: number; limited: (method: string, url: string) => boolean }) {
  let tokens = opts.burst;
  let at = Date.now();
  const counts = { passed: 0, throttled: 0 };
  const take = () => {
    const now = Date.now();
    tokens = Math.min(opts.burst, tokens + ((now - at) / 1000) * opts.perSecond);
    at = now;
    if (tokens < 1) return false;
    tokens -= 1;
    return true;
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (opts.limited(req.method ?? 'GET', req.url ?? '') && !take()) {
        counts.throttled++;
        res.writeHead(400, { 'content-type': 'text/xml', 'x-amzn-requestid': `throttled-${counts.throttled}` });
        res.end('<?xml version="1.0"?>\n<ErrorResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/"><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>throttled</RequestId></ErrorResponse>');
        return;
      }
      counts.passed++;
      forward(target, req, res, Buffer.concat(chunks));
    });
  });
  return {
    counts,
    start: () => new Promise<string>((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as { port: number }).port}`))),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** What a scripted relay does with one request: pass it on, hold it with no answer, or answer this error. */
export type RelayAction = 'forward' | 'stall' | { readonly status: number; readonly body: string };

/** Route 53's answer to a call it failed itself (REST-XML, HTTP 500 `InternalFailure`): its API having an outage. */
export const ROUTE53_INTERNAL_FAILURE: RelayAction = {
  status: 500,
  body: '<?xml version="1.0"?>\n<ErrorResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/"><Error><Type>Receiver</Type><Code>InternalFailure</Code><Message>An internal error occurred</Message></Error><RequestId>failed</RequestId></ErrorResponse>',
};

/**
 * A relay on 127.0.0.1 in front of moto server whose `act(n, method, url)` decides what happens to
 * its `n`-th request (from 0): passed on, held open with no answer (a stalled connection, as a
 * broken path or an overloaded endpoint leaves it), or answered with an error. Counts each action;
 * `stop` drops the connections it holds.
 */
export function scriptedRelay(target: string, act: (n: number, method: string, url: string) => RelayAction) {
  let n = 0;
  const counts = { forward: 0, stall: 0, error: 0 };
  const held = new Set<import('node:net').Socket>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const action = act(n++, req.method ?? 'GET', req.url ?? '');
      if (action === 'stall') {
        counts.stall++;
        held.add(req.socket);
        req.socket.on('close', () => held.delete(req.socket));
        return;
      }
      if (action === 'forward') {
        counts.forward++;
        forward(target, req, res, Buffer.concat(chunks));
        return;
      }
      counts.error++;
      res.writeHead(action.status, { 'content-type': 'text/xml', 'x-amzn-requestid': `failed-${counts.error}` });
      res.end(action.body);
    });
  });
  return {
    counts,
    start: () => new Promise<string>((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as { port: number }).port}`))),
    stop: () => {
      for (const s of held) s.destroy();
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * A relay on 127.0.0.1 in front of moto server's DynamoDB that processes only part of a
 * BatchGetItem, as DynamoDB does when a table is throttled or the answer would pass its size
 * limit: of each table's keys in the `n`-th BatchGetItem (from 0) it passes on the first
 * `keep(n, keys)` and answers the others as UnprocessedKeys, with the request's other fields
 * ("BatchGetItem", DynamoDB API Reference). Other requests go on unchanged. Records the keys each
 * BatchGetItem asked for.
 */
export function partialBatchRelay(target: string, keep: (n: number, keys: number) => number) {
  const asked: number[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      if (req.headers['x-amz-target'] !== 'DynamoDB_20120810.BatchGetItem') {
        forward(target, req, res, body);
        return;
      }
      type KeysAndAttributes = { Keys: unknown[] } & Record<string, unknown>;
      const request = JSON.parse(body.toString('utf8')) as { RequestItems: Record<string, KeysAndAttributes> } & Record<string, unknown>;
      const n = asked.length;
      asked.push(Object.values(request.RequestItems).reduce((sum, t) => sum + t.Keys.length, 0));
      const passed: Record<string, KeysAndAttributes> = {};
      const left: Record<string, KeysAndAttributes> = {};
      for (const [table, t] of Object.entries(request.RequestItems)) {
        const k = Math.min(t.Keys.length, keep(n, t.Keys.length));
        if (k > 0) passed[table] = { ...t, Keys: t.Keys.slice(0, k) };
        if (k < t.Keys.length) left[table] = { ...t, Keys: t.Keys.slice(k) };
      }
      const answer = (responses: Record<string, unknown>) => {
        const text = JSON.stringify({ Responses: responses, UnprocessedKeys: left });
        // The body changed: no x-amz-crc32 of moto's body (the SDK checks one when given).
        res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0', 'content-length': Buffer.byteLength(text), 'x-amzn-requestid': `partial-${n}` });
        res.end(text);
      };
      if (Object.keys(passed).length === 0) {
        answer({});
        return;
      }
      const out = Buffer.from(JSON.stringify({ ...request, RequestItems: passed }));
      const up = http.request(`${target}${req.url}`, { method: 'POST', headers: { ...req.headers, 'content-length': String(out.length) } }, (r) => {
        const got: Buffer[] = [];
        r.on('data', (c: Buffer) => got.push(c));
        r.on('end', () => {
          if ((r.statusCode ?? 500) !== 200) {
            res.writeHead(r.statusCode ?? 502, r.headers);
            res.end(Buffer.concat(got));
            return;
          }
          answer((JSON.parse(Buffer.concat(got).toString('utf8')) as { Responses?: Record<string, unknown> }).Responses ?? {});
        });
      });
      up.on('error', () => res.destroy());
      up.end(out);
    });
  });
  return {
    asked,
    start: () => new Promise<string>((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as { port: number }).port}`))),
    stop: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
