/**
 * `dns-monitor check`'s lookups of server names with the system's resolver (getaddrinfo, as the
 * prober in Lambda makes them), and of Route 53's endpoint for the AWS SDK (socketLookup), made in
 * a helper process of their own. getaddrinfo cannot be cancelled, and a process that exits waits
 * for every lookup it started (libuv joins its thread pool at exit): made in the command's own
 * process, a lookup the check gave up on kept the command waiting after its results until the
 * resolver gave up too (up to resolv.conf's timeout × attempts × name servers). The helper is
 * killed when the results are out (`close`), or ends itself when the command ends any other way
 * (its IPC channel closes), so nothing waits for it.
 *
 * The helper runs with the prober's thread pool (PROBER_LOOKUP_THREADS, from its environment,
 * unless the caller set UV_THREADPOOL_SIZE): as many lookups at once as the prober makes.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import * as net from 'node:net';
import type { LookupFunction } from 'node:net';
import { PROBER_LOOKUP_THREADS } from '../contracts/dns-check';
import type { NameLookup } from '../lambdas/dns-prober/query';

/** The helper's command line after its code: `ps` and the tests find it by these. */
export const HELPER_NAME = 'dns-monitor-lookups';

interface Ask {
  readonly id: number;
  readonly host: string;
  /** 0: both families, as a connection's lookup asks (socketLookup). */
  readonly family: 0 | 4 | 6;
  /** getaddrinfo's flags (dns.ADDRCONFIG, dns.V4MAPPED), as a connection's lookup gives them. */
  readonly hints?: number;
}

type Answer = { readonly id: number; readonly addresses: readonly string[] } | { readonly id: number; readonly error: { readonly message: string; readonly code?: string; readonly syscall?: string; readonly hostname?: string } };

/**
 * The helper's code, run by `node -e` (its source is this function's, so it must use nothing from
 * this module's scope): answers each message with what `dns.lookup` gave for it, and ends at once
 * when the command's end closes the channel (process.exit would wait for its lookups).
 */
function helperMain(): void {
  const dns = require('node:dns') as typeof import('node:dns');
  process.on('message', (ask: Ask) => {
    dns.lookup(ask.host, { family: ask.family, hints: ask.hints, all: true }, (e, addresses) => {
      const answer: Answer = e
        ? { id: ask.id, error: { message: e.message, code: e.code, syscall: e.syscall, hostname: (e as { hostname?: string }).hostname } }
        : { id: ask.id, addresses: addresses.map((a) => a.address) };
      if (process.connected) process.send?.(answer);
    });
  });
  process.on('disconnect', () => process.kill(process.pid, 'SIGKILL'));
}

/** Why a lookup got no answer from the helper: it was closed, or it ended (the reason as a lookup's error). */
function ended(why: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`the lookup helper ${why}`), { code: 'ECANCELLED', syscall: 'getaddrinfo' });
}

/** Server-name lookups in a helper process, started at the first lookup; `close` ends it and every lookup still waiting. */
export class LookupHelper {
  private child: ChildProcess | undefined;
  private closed = false;
  private nextId = 0;
  private readonly waiting = new Map<number, { resolve: (addresses: readonly string[]) => void; reject: (e: Error) => void }>();

  /** Every address of `host` of a family, as getaddrinfo gives them (query.ts's NameLookup). */
  readonly lookup: NameLookup = (host, family) => this.ask(host, family);

  /**
   * A connection's lookup (net.connect's `lookup` option, which an http.Agent passes on): the AWS
   * SDK's connections to Route 53 look its endpoint up here, so a lookup the SDK gave up on (its
   * connection timeout) does not hold a thread of the command's own pool, nor the command at exit.
   */
  readonly socketLookup: LookupFunction = (hostname, options, callback) => {
    const family = options.family === 4 || options.family === 6 ? options.family : 0;
    this.ask(hostname, family, options.hints).then(
      (addresses) => {
        const found = addresses.map((address) => ({ address, family: net.isIP(address) }));
        if (found.length === 0) callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND', syscall: 'getaddrinfo', hostname }), '');
        else if (options.all) callback(null, found);
        else callback(null, found[0].address, found[0].family);
      },
      (e: NodeJS.ErrnoException) => callback(e, ''),
    );
  };

  /** Kills the helper: lookups still waiting fail (ECANCELLED), and nothing keeps the command from exiting. */
  close(): void {
    this.closed = true;
    this.child?.kill('SIGKILL');
    this.failAll('was closed');
  }

  private ask(host: string, family: 0 | 4 | 6, hints?: number): Promise<readonly string[]> {
    return new Promise((resolve, reject) => {
      if (this.closed) return reject(ended('was closed'));
      const id = this.nextId++;
      this.waiting.set(id, { resolve, reject });
      const ask: Ask = { id, host, family, ...(hints ? { hints } : {}) };
      this.started().send(ask);
    });
  }

  private started(): ChildProcess {
    if (this.child) return this.child;
    const child = spawn(process.execPath, ['-e', `(${helperMain.toString()})()`, HELPER_NAME, String(process.pid)], {
      // Nothing of the helper's reaches the command's output, nor holds its pipes open.
      stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
      env: { ...process.env, UV_THREADPOOL_SIZE: process.env.UV_THREADPOOL_SIZE ?? String(PROBER_LOOKUP_THREADS) },
    });
    child.on('message', (answer: Answer) => {
      const waiter = this.waiting.get(answer.id);
      if (!waiter) return;
      this.waiting.delete(answer.id);
      if ('addresses' in answer) waiter.resolve(answer.addresses);
      else waiter.reject(Object.assign(new Error(answer.error.message), answer.error));
    });
    child.on('error', (e) => this.failAll(`could not be run (${e.message})`));
    // A helper that ended before `close` (killed from outside) is started again at the next lookup.
    child.on('exit', (code, signal) => {
      if (this.child === child) this.child = undefined;
      this.failAll(`ended (${signal ?? `exit code ${code}`})`);
    });
    // Neither the helper nor its channel keeps the command running: each lookup is awaited within its check's time limit.
    child.unref();
    child.channel?.unref();
    this.child = child;
    return child;
  }

  private failAll(why: string): void {
    for (const [id, waiter] of this.waiting) {
      this.waiting.delete(id);
      waiter.reject(ended(why));
    }
  }
}
