/**
 * DNSSEC-signed fixture zones made by BIND's own tools (dnssec-keygen, dnssec-signzone,
 * dnssec-dsfromkey from Debian's bind9-utils): keys are generated per test run, so nothing signed
 * is checked in, and signature dates are set relative to now.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const TOOLS = ['/usr/bin/dnssec-keygen', '/usr/bin/dnssec-signzone', '/usr/bin/dnssec-dsfromkey'];

export interface ZoneKeys {
  /** Base name of the key files in the work directory (`K<zone>.+<alg>+<tag>`). */
  readonly base: string;
  /** The DS record of the key (SHA-256), as zone-file text. */
  readonly ds: string;
}

export class ZoneSigner {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'signed-'));

  constructor() {
    for (const t of TOOLS) if (!fs.existsSync(t)) throw new Error(`${t} not found — the test command installs Debian's bind9-utils package (run npm test as root on Debian)`);
  }

  /** A key that signs everything in the zone (flags 257, the DS points at it). */
  key(zone: string, algorithm: 'ECDSAP256SHA256' | 'ECDSAP384SHA384' | 'RSASHA1' | 'RSASHA256' | 'RSASHA512' | 'ED25519' | 'ED448'): ZoneKeys {
    const args = ['-q', '-K', this.dir, '-a', algorithm, ...(algorithm.startsWith('RSA') ? ['-b', '2048'] : []), '-f', 'KSK', zone];
    const base = execFileSync(TOOLS[0], args, { encoding: 'utf8' }).trim();
    const ds = execFileSync(TOOLS[2], ['-2', path.join(this.dir, `${base}.key`)], { encoding: 'utf8' }).trim();
    return { base, ds };
  }

  /**
   * The zone signed with `keys`, its signatures valid from `from` to `until` (dates), as zone-file
   * text. The DNSKEY records are included; post-sign verification is off so expired zones can be made.
   * `nsec3`: an NSEC3 chain (salt in hex, extra iterations, Opt-Out) instead of NSEC.
   */
  sign(zone: string, text: string, keys: readonly ZoneKeys[], from: Date, until: Date, opts: { nsec3?: { salt: string; iterations: number; optOut?: boolean } } = {}): string {
    const unsigned = path.join(this.dir, `${zone}.zone`);
    const keyLines = keys.map((k) => `$INCLUDE ${path.join(this.dir, `${k.base}.key`)}`);
    fs.writeFileSync(unsigned, `${text}\n${keyLines.join('\n')}\n`);
    const out = `${unsigned}.signed`;
    const n3 = opts.nsec3 ? ['-3', opts.nsec3.salt, '-H', String(opts.nsec3.iterations), ...(opts.nsec3.optOut ? ['-A'] : [])] : [];
    execFileSync(TOOLS[1], ['-q', '-P', '-z', ...n3, '-K', this.dir, '-d', this.dir, '-o', zone, '-s', stamp(from), '-e', stamp(until), '-f', out, unsigned, ...keys.map((k) => path.join(this.dir, k.base))], {
      cwd: this.dir,
      encoding: 'utf8',
    });
    return fs.readFileSync(out, 'utf8');
  }

  cleanup(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** dnssec-signzone's absolute time form, YYYYMMDDHHMMSS (UTC). */
function stamp(d: Date): string {
  return d.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

export const hoursFromNow = (h: number) => new Date(Date.now() + h * 3_600_000);
