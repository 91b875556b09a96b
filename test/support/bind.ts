/**
 * A real BIND 9 authoritative server on 127.0.0.1 (Debian's bind9 package, installed by the test
 * command), serving the zone files given, on a free port (UDP and TCP).
 */
import { execFileSync } from 'node:child_process';
import { startDaemon } from './daemon';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { freePort } from './net';

export interface BindServer {
  readonly port: number;
  /** `<host>:<port>` */
  readonly address: string;
  stop(): Promise<void>;
}

const NAMED = '/usr/sbin/named';

/**
 * `host`/`port`: where it listens (default 127.0.0.1 on a free port; port 53 needs root).
 * `integrityChecks: false` lets named load zones whose delegations lack glue (`check-integrity no`).
 * `serverId`: the name it gives when a query asks for its NSID.
 * `ipv6`: listens on ::1 too, at the same port (a server whose name has only an AAAA record).
 */
export async function startBind(zones: Readonly<Record<string, string>>, opts: { host?: string; port?: number; integrityChecks?: boolean; serverId?: string; ipv6?: boolean } = {}): Promise<BindServer> {
  if (!fs.existsSync(NAMED)) throw new Error(`${NAMED} not found — the test command installs Debian's bind9 package (run npm test as root on Debian)`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bind-'));
  const host = opts.host ?? '127.0.0.1';
  const port = opts.port ?? (await freePort());
  const zoneBlocks = Object.entries(zones).map(([origin, text]) => {
    const file = path.join(dir, `${origin}.zone`);
    fs.writeFileSync(file, text);
    return `zone "${origin}" { type primary; file "${file}"; };`;
  });
  fs.writeFileSync(
    path.join(dir, 'named.conf'),
    [
      'options {',
      `  directory "${dir}";`,
      `  pid-file "${dir}/named.pid";`,
      `  listen-on port ${port} { ${host}; };`,
      `  listen-on-v6 ${opts.ipv6 ? `port ${port} { ::1; }` : '{ none; }'};`,
      '  recursion no;',
      '  dnssec-validation no;',
      '  notify no;',
      ...(opts.integrityChecks === false ? ['  check-integrity no;'] : []),
      // What it answers an NSID request with (RFC 5001), as an anycast instance names itself.
      ...(opts.serverId ? [`  server-id "${opts.serverId}";`] : []),
      '};',
      // No rndc control channel: several servers run at once, and 953 would be shared.
      'controls { };',
      ...zoneBlocks,
    ].join('\n'),
  );
  const stop = await startDaemon('named', NAMED, ['-g', '-n', '1', '-c', path.join(dir, 'named.conf')], dir, async (stderr) => /all zones loaded|running/.test(stderr) && (await canConnect(host, port)) && (!opts.ipv6 || (await canConnect('::1', port))));
  return { port, address: `${host}:${port}`, stop };
}

function canConnect(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host, port }, () => {
      s.destroy();
      resolve(true);
    });
    s.on('error', () => resolve(false));
  });
}

/** A zone file: SOA and NS at the apex, then the records given (relative names). */
export function zoneFile(origin: string, serial: number, records: readonly string[]): string {
  return [
    `$ORIGIN ${origin}.`,
    '$TTL 300',
    `@ IN SOA ns1.${origin}. hostmaster.${origin}. ${serial} 3600 600 86400 60`,
    `@ IN NS ns1.${origin}.`,
    'ns1 IN A 127.0.0.1',
    ...records,
    '',
  ].join('\n');
}

/**
 * Adds `address` (127.0.0.x) to the loopback interface for a server that must listen on port 53
 * (name servers are asked there): named listens only on addresses an interface holds. Needs root
 * and iproute2 (both as the test command runs on Debian). Returns how to remove it again.
 */
export function loopbackAddress(address: string): () => void {
  const shown = execFileSync('/usr/sbin/ip', ['-4', 'addr', 'show', 'dev', 'lo'], { encoding: 'utf8' });
  if (shown.includes(`inet ${address}/`)) return () => undefined;
  execFileSync('/usr/sbin/ip', ['addr', 'add', `${address}/32`, 'dev', 'lo']);
  return () => execFileSync('/usr/sbin/ip', ['addr', 'del', `${address}/32`, 'dev', 'lo']);
}

/**
 * A zone for naming test servers the way a deployed check names a server: by host name, resolved
 * when the check runs (a deployed check refuses loopback and other non-public IP addresses, which
 * the prober Lambda cannot reach). A test serves `<label> IN A 127.0.0.1` records in it from the
 * BIND server it gives the prober as its lookup resolver.
 */
export const SERVER_NAMES_ZONE = 'servers.test';
