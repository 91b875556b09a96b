/**
 * Evidence collectors for handler tests: every outbound TCP connection the process opens, and
 * every AWS API operation an SDK client sends.
 */
import * as net from 'node:net';

export interface ConnectionRecorder {
  readonly connections: string[];
  stop(): void;
}

/** Records host:port of every net.Socket connect (plain TCP and TLS both go through it). */
export function recordConnections(): ConnectionRecorder {
  const connections: string[] = [];
  const original = net.Socket.prototype.connect;
  net.Socket.prototype.connect = function patched(this: net.Socket, ...args: unknown[]) {
    const first = args[0];
    let target: string;
    if (Array.isArray(first)) target = describe(first[0]);
    else target = describe(first, args[1]);
    connections.push(target);
    return (original as (...a: unknown[]) => net.Socket).apply(this, args);
  } as typeof net.Socket.prototype.connect;
  return {
    connections,
    stop: () => {
      net.Socket.prototype.connect = original;
    },
  };
}

function describe(first: unknown, second?: unknown): string {
  if (typeof first === 'object' && first !== null) {
    const o = first as { host?: string; port?: number | string; path?: string };
    if (o.path) return `unix:${o.path}`;
    return `${o.host ?? 'localhost'}:${o.port}`;
  }
  if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) return `${typeof second === 'string' ? second : 'localhost'}:${first}`;
  return `unix:${String(first)}`;
}

interface MiddlewareClient {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  middlewareStack: { add(mw: any, opts: any): void };
}

/** Adds a middleware that records `<Client>:<Command>` for every call made through the client. */
export function recordOperations(ops: string[], ...clients: MiddlewareClient[]): void {
  for (const c of clients) {
    c.middlewareStack.add(
      (next: (a: unknown) => Promise<unknown>, context: { clientName?: string; commandName?: string }) => async (args: unknown) => {
        ops.push(`${context.clientName}:${context.commandName}`);
        return next(args);
      },
      { step: 'initialize', name: 'recordOperation' },
    );
  }
}
