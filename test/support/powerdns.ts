/**
 * A real PowerDNS Authoritative Server on 127.0.0.1 (Debian's `pdns-server` and
 * `pdns-backend-bind`, installed by the test command) serving zone files with its BIND backend
 * and signing every answer as it makes it, with keys `pdnsutil secure-zone` makes for this run.
 * Denial of existence per zone: NSEC, an NSEC3 chain, or NSEC3 "narrow" mode (each denial an
 * NSEC3 record made for the answer, from just below the hash to just above it: NSEC3 white lies),
 * as PowerDNS-hosted zones answer.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { query } from '../../lambdas/dns-prober/query';
import { startDaemon } from './daemon';
import { freePort } from './net';

const PDNS = '/usr/sbin/pdns_server';
const PDNSUTIL = '/usr/bin/pdnsutil';

export type PowerDnsDenial = 'nsec' | 'nsec3' | 'nsec3-narrow';

export interface PowerDnsServer {
  readonly port: number;
  /** `<host>:<port>` */
  readonly address: string;
  /** The DS record (SHA-256) of a zone's key, as zone-file text. */
  ds(zone: string): string;
  stop(): Promise<void>;
}

/** `zones`: origin -> its zone-file text and how it denies. */
export async function startPowerDns(zones: Readonly<Record<string, { text: string; denial: PowerDnsDenial }>>): Promise<PowerDnsServer> {
  const backend = fs.readdirSync('/usr/lib').some((d) => fs.existsSync(path.join('/usr/lib', d, 'pdns', 'libbindbackend.so')));
  for (const [what, there] of [[PDNS, fs.existsSync(PDNS)], [PDNSUTIL, fs.existsSync(PDNSUTIL)], ['the BIND backend (libbindbackend.so)', backend]] as const) {
    if (!there) throw new Error(`${what} not found — the test command installs Debian's pdns-server and pdns-backend-bind packages (run npm test as root on Debian)`);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pdns-'));
  const port = await freePort();
  const named = Object.entries(zones).map(([origin, z]) => {
    const file = path.join(dir, `${origin}.zone`);
    fs.writeFileSync(file, z.text);
    return `zone "${origin}" { type master; file "${file}"; };`;
  });
  fs.writeFileSync(path.join(dir, 'named.conf'), named.join('\n'));
  fs.writeFileSync(
    path.join(dir, 'pdns.conf'),
    [
      'launch=bind',
      `bind-config=${dir}/named.conf`,
      `bind-dnssec-db=${dir}/dnssec.db`,
      'local-address=127.0.0.1',
      `local-port=${port}`,
      `socket-dir=${dir}`,
      'daemon=no',
      'guardian=no',
      'disable-syslog=yes',
      'api=no',
      'webserver=no',
      'distributor-threads=1',
      'receiver-threads=1',
      // No security-status lookup (a DNS query to secpoll.powerdns.com through the machine's resolver): tests reach only loopback.
      'security-poll-suffix=',
      '',
    ].join('\n'),
  );
  const util = (...args: string[]) => execFileSync(PDNSUTIL, [`--config-dir=${dir}`, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  util('create-bind-db', path.join(dir, 'dnssec.db'));
  for (const [origin, z] of Object.entries(zones)) {
    util('secure-zone', origin);
    if (z.denial !== 'nsec') util('set-nsec3', origin, '1 0 0 -', ...(z.denial === 'nsec3-narrow' ? ['narrow'] : []));
  }
  const address = `127.0.0.1:${port}`;
  const first = Object.keys(zones)[0];
  const stop = await startDaemon('pdns_server', PDNS, [`--config-dir=${dir}`], dir, () => query(address, first, 'SOA', { tcp: false, timeoutMs: 300 }).then((a) => a.authoritative, () => false));
  return {
    port,
    address,
    ds: (zone) => {
      const sha256 = util('export-zone-ds', zone)
        .split('\n')
        .find((l) => /\sDS\s+\d+\s+\d+\s+2\s/.test(l));
      if (!sha256) throw new Error(`pdnsutil gave no SHA-256 DS for ${zone}`);
      return sha256.replace(/\s*;.*$/, '');
    },
    stop,
  };
}
