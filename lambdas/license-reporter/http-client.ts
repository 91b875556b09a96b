/**
 * The one outbound call the product makes: an HTTPS POST with a hard overall deadline and a
 * bounded response body, so a slow or hostile server cannot hang or flood the function.
 */
import * as http from 'node:http';
import { retryAfterMs } from '../shared/retry-after';
import * as https from 'node:https';
import { LicenseCheckError } from './errors';

export interface TransportOptions {
  /** Hard deadline for the whole exchange (connect, send, receive), in milliseconds. */
  readonly timeoutMs: number;
  /** Largest response body accepted, in bytes. */
  readonly maxResponseBytes: number;
  /** Extra trusted CA certificates (PEM). Tests pass their self-signed certificate here. */
  readonly ca?: string;
  /**
   * Allows plain `http://127.0.0.1:<port>` endpoints. Test-only: production code never sets it,
   * and nothing (no environment variable) turns it on at run time.
   */
  readonly allowInsecureLoopbackHttp?: boolean;
}

export const DEFAULT_TRANSPORT: TransportOptions = { timeoutMs: 10_000, maxResponseBytes: 64 * 1024 };

export interface HttpAnswer {
  readonly status: number;
  readonly body: Buffer;
  readonly retryAfterSeconds?: number;
}

/** Checks the endpoint is an https URL (or, when explicitly allowed, plain http on 127.0.0.1). */
export function checkEndpoint(endpoint: string, allowInsecureLoopbackHttp = false): URL {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new LicenseCheckError('config', 'license endpoint is not a URL');
  }
  if (url.username || url.password) throw new LicenseCheckError('config', 'license endpoint must not carry credentials');
  if (url.protocol === 'https:') return url;
  if (url.protocol === 'http:' && allowInsecureLoopbackHttp && url.hostname === '127.0.0.1') return url;
  throw new LicenseCheckError('config', `license endpoint must use https (got ${url.protocol})`);
}

export function postJson(
  endpoint: string,
  body: Buffer,
  headers: Record<string, string>,
  opts: TransportOptions,
): Promise<HttpAnswer> {
  let url: URL;
  try {
    url = checkEndpoint(endpoint, opts.allowInsecureLoopbackHttp);
  } catch (e) {
    return Promise.reject(e);
  }
  const lib = url.protocol === 'https:' ? https : http;
  return new Promise<HttpAnswer>((resolve, reject) => {
    let settled = false;
    const finish = (err: LicenseCheckError | undefined, answer?: HttpAnswer) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      if (err) {
        req.destroy();
        reject(err);
      } else resolve(answer!);
    };
    const req = lib.request(
      {
        method: 'POST',
        protocol: url.protocol,
        hostname: url.hostname,
        port: url.port || undefined,
        path: `${url.pathname}${url.search}`,
        agent: false,
        ca: url.protocol === 'https:' && opts.ca ? opts.ca : undefined,
        headers: {
          ...headers,
          'content-type': 'application/json',
          'content-length': String(body.length),
          accept: 'application/json',
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const declared = Number(res.headers['content-length'] ?? NaN);
        if (declared > opts.maxResponseBytes) {
          finish(new LicenseCheckError('response-too-large', `answer declares ${declared} bytes (limit ${opts.maxResponseBytes})`));
          return;
        }
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > opts.maxResponseBytes) {
            finish(new LicenseCheckError('response-too-large', `answer exceeds ${opts.maxResponseBytes} bytes`));
          } else chunks.push(chunk);
        });
        res.on('end', () =>
          finish(undefined, {
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks),
            retryAfterSeconds: secondsOf(retryAfterMs(res.headers['retry-after'] as string | undefined, Date.now())),
          }),
        );
        res.on('error', (e) => finish(new LicenseCheckError('network', `answer interrupted: ${e.message}`)));
      },
    );
    const deadline = setTimeout(
      () => finish(new LicenseCheckError('timeout', `no complete answer within ${opts.timeoutMs} ms`)),
      opts.timeoutMs,
    );
    req.on('error', (e: NodeJS.ErrnoException) =>
      finish(new LicenseCheckError('network', `request failed: ${e.code ?? ''} ${e.message}`.trim())),
    );
    req.end(body);
  });
}

const secondsOf = (ms: number | undefined) => (ms === undefined ? undefined : Math.floor(ms / 1000));
