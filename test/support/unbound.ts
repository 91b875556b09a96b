/**
 * Debian's unbound on loopback: a real validating resolver, to cross-check the prober's verdicts
 * (`startUnbound`), and a real authoritative server (`startUnboundAuthority`). The resolver trusts
 * only the anchor given and reaches only the loopback servers it is told of (stub zones, the root
 * included), so it never queries the internet.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { query } from '../../lambdas/dns-prober/query';
import { startDaemon } from './daemon';
import { freePort } from './net';

const UNBOUND = '/usr/sbin/unbound';

export interface Unbound {
  /** `127.0.0.1:<port>` */
  readonly address: string;
  readonly port: number;
  stop(): Promise<void>;
}

/** Lines every instance shares: one thread, in the foreground, files in `dir`, no control channel. */
const common = (dir: string, port: number) => [
  '  port: ' + port,
  '  do-ip6: no',
  '  access-control: 127.0.0.0/8 allow',
  '  username: ""',
  '  chroot: ""',
  `  directory: "${dir}"`,
  `  pidfile: "${dir}/unbound.pid"`,
  '  use-syslog: no',
  '  logfile: ""',
  '  verbosity: 1',
  '  num-threads: 1',
  '  so-reuseport: no',
];

async function launch(dir: string, port: number, conf: readonly string[]): Promise<Unbound> {
  if (!fs.existsSync(UNBOUND)) throw new Error(`${UNBOUND} not found — the test command installs Debian's unbound package (run npm test as root on Debian)`);
  fs.writeFileSync(path.join(dir, 'unbound.conf'), [...conf, 'remote-control:', '  control-enable: no', ''].join('\n'));
  const address = `127.0.0.1:${port}`;
  const up = () => query(address, '.', 'SOA', { tcp: false, timeoutMs: 300 }).then(() => true, () => false);
  const stop = await startDaemon('unbound', UNBOUND, ['-d', '-c', path.join(dir, 'unbound.conf')], dir, up);
  return { address, port, stop };
}

/**
 * A resolver. `stubs`: zone -> `127.0.0.1@port`; `trustAnchor`: a DS record line of the topmost
 * zone (none: every answer is insecure, and none is bogus).
 */
export async function startUnbound(stubs: Readonly<Record<string, string>>, trustAnchor?: string): Promise<Unbound> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'unbound-'));
  const port = await freePort();
  return launch(dir, port, [
    'server:',
    `  interface: 127.0.0.1@${port}`,
    ...common(dir, port),
    '  do-not-query-localhost: no',
    '  qname-minimisation: no',
    '  module-config: "validator iterator"',
    ...(trustAnchor ? [`  trust-anchor: "${trustAnchor.replace(/\s+/g, ' ')}"`] : []),
    // RFC 6761 names (test., invalid. ...) are local zones by default: let the fixtures be resolved
    // and validated (transparent: past the default, and for a name below one too).
    ...Object.keys(stubs).filter((z) => z !== '.').map((z) => `  local-zone: "${z}" transparent`),
    '  val-log-level: 2',
    // Extended DNS Errors (RFC 8914) on its answers, as public resolvers send them.
    '  ede: yes',
    // The root too: anything outside the fixtures goes to a loopback server, never to the internet.
    ...Object.entries(stubs).flatMap(([zone, addr]) => ['stub-zone:', `  name: "${zone}"`, `  stub-addr: ${addr}`]),
  ]);
}

/**
 * An authoritative server for the zone files given (`auth-zone`), answering with the AA flag.
 * `anyAddress`: it listens on 0.0.0.0 (in the test command's network namespace, loopback only;
 * unbound's default access control answers only localhost), so it answers on every loopback
 * address, 127.0.0.2 too. Without `interfaceAutomatic` unbound then replies from the address the
 * kernel picks (127.0.0.1), not the one asked: what a multihomed server bound to the wildcard does
 * (unbound.conf(5), interface-automatic).
 */
export async function startUnboundAuthority(zones: Readonly<Record<string, string>>, opts: { anyAddress: boolean; interfaceAutomatic?: boolean }): Promise<Unbound> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'unbound-auth-'));
  const port = await freePort();
  const zoneBlocks = Object.entries(zones).flatMap(([origin, text]) => {
    const file = path.join(dir, `${origin}.zone`);
    fs.writeFileSync(file, text);
    return ['auth-zone:', `  name: "${origin}"`, `  zonefile: "${file}"`, '  for-downstream: yes', '  for-upstream: no'];
  });
  return launch(dir, port, [
    'server:',
    `  interface: ${opts.anyAddress ? '0.0.0.0' : '127.0.0.1'}@${port}`,
    `  interface-automatic: ${opts.interfaceAutomatic === true ? 'yes' : 'no'}`,
    ...common(dir, port),
    // Authoritative only: a query outside its zones is refused, never resolved.
    '  module-config: "iterator"',
    // Its zones are answered from auth-zone (transparent: past unbound's own local zones such as
    // test., RFC 6761); anything else is refused.
    ...Object.keys(zones).map((z) => `  local-zone: "${z}" transparent`),
    '  local-zone: "." refuse',
    ...zoneBlocks,
  ]);
}
