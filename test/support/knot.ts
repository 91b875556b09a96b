/**
 * A real Knot DNS server on 127.0.0.1 (Debian's `knot`, installed by the test command) signing its
 * zones, with keys Knot makes for this run: online with its `mod-onlinesign` module (answers are
 * signed as they are made, and a name or type that does not exist is denied with an NSEC record of
 * the name itself: "black lies", the compact denial of RFC 9824, as large DNS providers answer), or
 * ahead of answers with an NSEC3 chain (Knot's automatic signing).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { query } from '../../lambdas/dns-prober/query';
import { startDaemon } from './daemon';
import { freePort } from './net';

const KNOTD = '/usr/sbin/knotd';
const KEYMGR = '/usr/sbin/keymgr';

export interface KnotServer {
  readonly port: number;
  /** `<host>:<port>` */
  readonly address: string;
  /** The DS record (SHA-256) of a zone's key, as zone-file text. */
  ds(zone: string): string;
  stop(): Promise<void>;
}

/**
 * What the server answers a query that asks its NSID (RFC 5001), as knot.conf's `server.nsid` takes
 * it: text, or bytes as `0x` and hex digits. Knot's own default is the machine's host name; the
 * tests give none unless they say so, so that no failing reason depends on the machine.
 */
export interface KnotOptions {
  readonly nsid?: string;
}

/** `zones`: origin -> zone-file text; every zone is signed online. */
export function startKnotOnlineSigner(zones: Readonly<Record<string, string>>): Promise<KnotServer> {
  return startKnot(zones, ['    module: mod-onlinesign'], [], {});
}

/**
 * `zones`: origin -> zone-file text; every zone is signed ahead of answers (Knot's automatic
 * signing) with an NSEC3 chain of `nsec3Iterations` additional hash iterations and no salt. Knot
 * signs with more than BIND's signer allows (150), with a notice that 0 is recommended.
 */
export function startKnotNsec3Signer(zones: Readonly<Record<string, string>>, nsec3Iterations: number, opts: KnotOptions = {}): Promise<KnotServer> {
  return startKnot(zones, ['    dnssec-signing: on', '    dnssec-policy: nsec3'], ['policy:', '  - id: nsec3', '    nsec3: on', `    nsec3-iterations: ${nsec3Iterations}`, '    nsec3-salt-length: 0'], opts);
}

async function startKnot(zones: Readonly<Record<string, string>>, zoneLines: readonly string[], sections: readonly string[], opts: KnotOptions): Promise<KnotServer> {
  for (const bin of [KNOTD, KEYMGR]) if (!fs.existsSync(bin)) throw new Error(`${bin} not found — the test command installs Debian's knot package (run npm test as root on Debian)`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'knot-'));
  const port = await freePort();
  for (const [origin, text] of Object.entries(zones)) fs.writeFileSync(path.join(dir, `${origin}.zone`), text);
  const conf = path.join(dir, 'knot.conf');
  fs.writeFileSync(
    conf,
    [
      'server:',
      `    rundir: "${dir}"`,
      `    listen: 127.0.0.1@${port}`,
      '    udp-workers: 1',
      '    tcp-workers: 1',
      '    background-workers: 1',
      `    nsid: "${opts.nsid ?? ''}"`,
      'database:',
      `    storage: "${dir}"`,
      'log:',
      '  - target: stderr',
      '    any: info',
      ...sections,
      'template:',
      '  - id: default',
      `    storage: "${dir}"`,
      '    file: "%s.zone"',
      'zone:',
      ...Object.keys(zones).flatMap((origin) => [`  - domain: ${origin}`, ...zoneLines]),
      '',
    ].join('\n'),
  );
  const address = `127.0.0.1:${port}`;
  const origins = Object.keys(zones);
  const up = async (stderr: string) =>
    origins.every((o) => stderr.includes(`[${o}.] loaded`)) && (await query(address, origins[0], 'SOA', { tcp: false, timeoutMs: 300 }).then(() => true, () => false));
  const stop = await startDaemon('knotd', KNOTD, ['-c', conf], dir, up);
  return {
    port,
    address,
    ds: (zone) => {
      const lines = execFileSync(KEYMGR, ['-c', conf, zone, 'ds'], { encoding: 'utf8' }).trim().split('\n');
      const sha256 = lines.find((l) => /\sDS\s+\d+\s+\d+\s+2\s/.test(l));
      if (!sha256) throw new Error(`keymgr gave no SHA-256 DS for ${zone}:\n${lines.join('\n')}`);
      return sha256;
    },
    stop,
  };
}
