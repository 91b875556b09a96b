/**
 * A real validating resolver (Debian's unbound) on 127.0.0.1, to cross-check the prober's DNSSEC
 * verdicts. It trusts only the anchor given and reaches only the loopback servers it is told of
 * (stub zones, the root included), so it never queries the internet.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { query } from '../../lambdas/dns-prober/query';
import { startDaemon } from './daemon';
import { freePort } from './net';

const UNBOUND = '/usr/sbin/unbound';

export interface Unbound {
  readonly address: string;
  stop(): Promise<void>;
}

/** `stubs`: zone -> `127.0.0.1@port`; `trustAnchor`: a DS record line of the topmost zone. */
export async function startUnbound(stubs: Readonly<Record<string, string>>, trustAnchor: string): Promise<Unbound> {
  if (!fs.existsSync(UNBOUND)) throw new Error(`${UNBOUND} not found — the test command installs Debian's unbound package (run npm test as root on Debian)`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'unbound-'));
  const port = await freePort();
  const conf = [
    'server:',
    `  interface: 127.0.0.1@${port}`,
    '  port: ' + port,
    '  do-ip6: no',
    '  access-control: 127.0.0.0/8 allow',
    '  do-not-query-localhost: no',
    '  username: ""',
    '  chroot: ""',
    `  directory: "${dir}"`,
    `  pidfile: "${dir}/unbound.pid"`,
    '  use-syslog: no',
    '  logfile: ""',
    '  verbosity: 1',
    '  num-threads: 1',
    '  so-reuseport: no',
    '  qname-minimisation: no',
    '  module-config: "validator iterator"',
    `  trust-anchor: "${trustAnchor.replace(/\s+/g, ' ')}"`,
    // RFC 6761 names (test., invalid. ...) are local zones by default: let the fixtures be resolved and validated.
    ...Object.keys(stubs).filter((z) => z !== '.').map((z) => `  local-zone: "${z}" nodefault`),
    '  val-log-level: 2',
    'remote-control:',
    '  control-enable: no',
    // The root too: anything outside the fixtures goes to a loopback server, never to the internet.
    ...Object.entries(stubs).flatMap(([zone, addr]) => ['stub-zone:', `  name: "${zone}"`, `  stub-addr: ${addr}`]),
    '',
  ].join('\n');
  fs.writeFileSync(path.join(dir, 'unbound.conf'), conf);
  const address = `127.0.0.1:${port}`;
  const up = () => query(address, '.', 'SOA', { tcp: false, timeoutMs: 300 }).then(() => true, () => false);
  const stop = await startDaemon('unbound', UNBOUND, ['-d', '-c', path.join(dir, 'unbound.conf')], dir, up);
  return { address, stop };
}
