/**
 * A record's data as text, as a DNS check compares it: the prober renders each answer record so
 * (lambdas/dns-prober/assert.ts), and a value the config expects is read in zone-file presentation
 * form and rendered the same way, so that two spellings of one record compare equal (an IPv6
 * address written in full, a DS digest in lower case, a DNSKEY's key split by spaces, an HTTPS
 * record's `alpn="h2,h3"` as `named-compilezone` prints it or `alpn=h2,h3`). The config refuses a
 * value that no answer could ever equal (`expectedValueProblem`), as such a check would fail on
 * every run and page.
 *
 * Presentation forms: RFC 1035 5.1 (character strings, `\DDD` escapes), RFC 4034 2.2 and 5.3
 * (DNSKEY, DS), RFC 8659 4.1 (CAA; its tag matched without regard to case), RFC 9460 2.1 and
 * appendix A (SVCB and HTTPS: SvcParams by key, value lists split at unescaped commas), RFC 9461
 * (`dohpath`, key 7), RFC 9540 (`ohttp`, key 8). dns-packet reads SVCB and HTTPS data as bytes only,
 * so their wire form (RFC 9460 2.2) is read here.
 */
import { isIP } from 'node:net';
import * as dnsPacket from 'dns-packet';
import type { DnsRecordType } from './dns-check';

/** The address codec dns-packet reads AAAA records with: an IPv6 address written any way comes back as it renders answers. */
const aaaaCodec = (dnsPacket as unknown as { aaaa: { encode(host: string): Buffer; decode(buf: Buffer): string } }).aaaa;

/** A name as a check compares it: lowercase, without the trailing dot (the root: `.`). */
export const nameText = (n: string): string => n.toLowerCase().replace(/\.$/, '') || '.';

/** An IPv6 address as dns-packet renders an AAAA answer (compressed, lowercase). */
export const ipv6Text = (address: string): string => aaaaCodec.decode(aaaaCodec.encode(address));

/** The SvcParamKeys with a name (RFC 9460 14.3.2, RFC 9461, RFC 9540); any other is `keyNNNNN`. */
const SVC_KEYS = ['mandatory', 'alpn', 'no-default-alpn', 'port', 'ipv4hint', 'ech', 'ipv6hint', 'dohpath', 'ohttp'] as const;
const svcKeyName = (k: number): string => SVC_KEYS[k] ?? `key${k}`;
/** Keys that take no value. */
const FLAG_KEYS = new Set([2, 8]);

/** Bytes as a character string's contents, escaping what a zone file cannot hold plainly (and `extra`, e.g. a list's comma). */
function escapeBytes(b: Buffer, extra = ''): string {
  let out = '';
  for (const c of b) {
    const ch = String.fromCharCode(c);
    if (c <= 0x20 || c >= 0x7f || ch === '"' || ch === ';') out += `\\${String(c).padStart(3, '0')}`;
    else if (ch === '\\' || extra.includes(ch)) out += `\\${ch}`;
    else out += ch;
  }
  return out;
}

/** A character string's contents with its escapes undone (`\DDD` a byte, `\X` the character X); undefined: a broken escape. */
function unescapeText(s: string): Buffer | undefined {
  const bytes: number[] = [];
  const chars = Array.from(s); // code points: a character outside the BMP stays whole
  for (let i = 0; i < chars.length; i++) {
    if (chars[i] !== '\\') {
      bytes.push(...Buffer.from(chars[i], 'utf8'));
      continue;
    }
    const digits = /^\d{3}/.exec(chars.slice(i + 1, i + 4).join(''));
    if (digits) {
      if (Number(digits[0]) > 255) return undefined;
      bytes.push(Number(digits[0]));
      i += 3;
    } else if (i + 1 < chars.length) {
      bytes.push(...Buffer.from(chars[i + 1], 'utf8'));
      i += 1;
    } else return undefined;
  }
  return Buffer.from(bytes);
}

/** A name in wire form read from `buf` at `at` (uncompressed, as SVCB's target must be: RFC 9460 2.2). */
function readName(buf: Buffer, at: number): { name: string; end: number } | undefined {
  const labels: string[] = [];
  let i = at;
  for (;;) {
    if (i >= buf.length) return undefined;
    const len = buf[i];
    if (len === 0) return { name: labels.length ? labels.map((l) => l.toLowerCase()).join('.') : '.', end: i + 1 };
    if (len > 63 || i + 1 + len > buf.length) return undefined;
    labels.push(escapeBytes(buf.subarray(i + 1, i + 1 + len), '.'));
    i += 1 + len;
  }
}

/** A value list's items (RFC 9460 appendix A.1: split at commas a backslash does not escape). */
const listItems = (s: string): string[] => s.split(/(?<!\\),/);

type SvcParams = Map<number, Buffer>;

/** DS digest types (IANA "Delegation Signer (DS) Resource Record (RR) Type Digest Algorithms": RFC 4034, 4509, 6605) and their lengths. */
const DS_DIGEST_BYTES: Readonly<Record<number, { name: string; bytes: number }>> = { 1: { name: 'SHA-1', bytes: 20 }, 2: { name: 'SHA-256', bytes: 32 }, 4: { name: 'SHA-384', bytes: 48 } };

/** An SVCB or HTTPS record as text: `priority target key=value ...`, its keys in order, each value as RFC 9460 writes it. */
function svcbFromParts(priority: number, target: string, params: SvcParams): string {
  const text = [...params.keys()].sort((a, b) => a - b).map((k) => {
    const v = params.get(k)!;
    const name = svcKeyName(k);
    if (FLAG_KEYS.has(k) && v.length === 0) return name;
    const groups = (size: number) => (v.length > 0 && v.length % size === 0 ? Array.from({ length: v.length / size }, (_, i) => v.subarray(i * size, (i + 1) * size)) : undefined);
    let value: string | undefined;
    if (k === 0) value = groups(2)?.map((g) => svcKeyName(g.readUInt16BE(0))).join(',');
    else if (k === 1) {
      const ids: string[] = [];
      for (let i = 0; i < v.length; ) {
        const len = v[i];
        if (len === 0 || i + 1 + len > v.length) return `${name}=\\# ${v.length} ${v.toString('hex')}`;
        ids.push(escapeBytes(v.subarray(i + 1, i + 1 + len), ','));
        i += 1 + len;
      }
      value = ids.length ? ids.join(',') : undefined;
    } else if (k === 3) value = v.length === 2 ? String(v.readUInt16BE(0)) : undefined;
    else if (k === 4) value = groups(4)?.map((g) => [...g].join('.')).join(',');
    else if (k === 6) value = groups(16)?.map((g) => aaaaCodec.decode(Buffer.concat([Buffer.from([0, 16]), g]))).join(',');
    else if (k === 5) value = v.toString('base64');
    else value = escapeBytes(v);
    // A value its key cannot have (a port of three bytes): its bytes, so that it still differs from any good one.
    return value === undefined ? `${name}=\\# ${v.length} ${v.toString('hex')}` : `${name}=${value}`;
  });
  return [String(priority), target, ...text].join(' ');
}

/** The data of an SVCB or HTTPS answer (dns-packet gives its bytes) as a check compares it. */
export function svcbText(rdata: Buffer): string {
  const raw = `\\# ${rdata.length} ${rdata.toString('hex')}`;
  if (rdata.length < 3) return raw;
  const target = readName(rdata, 2);
  if (!target) return raw;
  const params: SvcParams = new Map();
  for (let i = target.end; i < rdata.length; ) {
    if (i + 4 > rdata.length) return raw;
    const key = rdata.readUInt16BE(i);
    const len = rdata.readUInt16BE(i + 2);
    if (i + 4 + len > rdata.length || params.has(key)) return raw;
    params.set(key, rdata.subarray(i + 4, i + 4 + len));
    i += 4 + len;
  }
  return svcbFromParts(rdata.readUInt16BE(0), target.name, params);
}

/** The fields of a presentation-form value: split at spaces outside double quotes (a quoted part stays one field, quotes kept). */
const fields = (s: string): string[] => s.trim().match(/(?:[^\s"\\]|\\.|"(?:[^"\\]|\\.)*")+/g) ?? [];
const unquote = (s: string): string => (s.length >= 2 && s.startsWith('"') && s.endsWith('"') ? s.slice(1, -1) : s);
const uint = (s: string | undefined, max: number): number | undefined => (s !== undefined && /^\d+$/.test(s) && Number(s) <= max ? Number(s) : undefined);

/**
 * A domain name as a value may give it (relative names are taken as absolute: there is no origin):
 * labels of letters, digits, `_`, `-`, `*` and `/` (RFC 2317's classless reverse names), or `.`.
 */
const NAME = /^(?:\.|(?:[a-z0-9_*/-]{1,63}\.)*[a-z0-9_*/-]{1,63}\.?)$/i;

type Parsed = { readonly text: string } | { readonly problem: string };

function parseSvcb(value: string): Parsed {
  const [p, target, ...rest] = fields(value);
  const priority = uint(p, 65535);
  if (priority === undefined) return { problem: `its priority ${p === undefined ? 'is missing' : `'${p}' is not a number from 0 to 65535`}` };
  if (target === undefined || !NAME.test(target)) return { problem: `its target ${target === undefined ? 'is missing' : `'${target}' is not a domain name`} (write . for the record's own name)` };
  const params: SvcParams = new Map();
  for (const f of rest) {
    const eq = f.indexOf('=');
    const keyText = (eq < 0 ? f : f.slice(0, eq)).toLowerCase();
    const rawValue = eq < 0 ? undefined : unquote(f.slice(eq + 1));
    const named = SVC_KEYS.indexOf(keyText as (typeof SVC_KEYS)[number]);
    const numbered = /^key(\d{1,5})$/.exec(keyText);
    const key = named >= 0 ? named : numbered && Number(numbered[1]) <= 65535 ? Number(numbered[1]) : undefined;
    if (key === undefined) return { problem: `'${keyText}' is not a SvcParam key (${SVC_KEYS.join(', ')}, or keyNNNNN)` };
    if (params.has(key)) return { problem: `the key ${svcKeyName(key)} is given twice` };
    const bad = (why: string): Parsed => ({ problem: `${svcKeyName(key)}: ${why}` });
    if (FLAG_KEYS.has(key)) {
      if (rawValue !== undefined && rawValue !== '') return bad('takes no value');
      params.set(key, Buffer.alloc(0));
      continue;
    }
    if (rawValue === undefined || rawValue === '') return bad('needs a value (key=value)');
    if (key === 0) {
      const keys = listItems(rawValue).map((n) => {
        const i = SVC_KEYS.indexOf(n.toLowerCase() as (typeof SVC_KEYS)[number]);
        const m = /^key(\d{1,5})$/i.exec(n);
        return i >= 0 ? i : m && Number(m[1]) <= 65535 ? Number(m[1]) : -1;
      });
      if (keys.includes(-1)) return bad(`'${rawValue}' names a key that is not a SvcParam key`);
      params.set(key, Buffer.concat([...new Set(keys)].sort((a, b) => a - b).map((k) => Buffer.from([k >> 8, k & 0xff]))));
    } else if (key === 1) {
      const ids = listItems(rawValue).map(unescapeText);
      if (ids.some((id) => id === undefined || id.length === 0 || id.length > 255)) return bad(`'${rawValue}' is not a list of protocol ids (e.g. h2,h3)`);
      params.set(key, Buffer.concat(ids.flatMap((id) => [Buffer.from([id!.length]), id!])));
    } else if (key === 3) {
      const port = uint(rawValue, 65535);
      if (port === undefined) return bad(`'${rawValue}' is not a port from 0 to 65535`);
      params.set(key, Buffer.from([port >> 8, port & 0xff]));
    } else if (key === 4 || key === 6) {
      const family = key === 4 ? 4 : 6;
      const addresses = rawValue.split(',');
      if (addresses.some((a) => isIP(a) !== family)) return bad(`'${rawValue}' is not a list of IPv${family} addresses`);
      params.set(key, Buffer.concat(addresses.map((a) => (family === 4 ? Buffer.from(a.split('.').map(Number)) : aaaaCodec.encode(a).subarray(2)))));
    } else if (key === 5) {
      if (!/^[A-Za-z0-9+/]+={0,2}$/.test(rawValue)) return bad(`'${rawValue}' is not base64`);
      params.set(key, Buffer.from(rawValue, 'base64'));
    } else {
      const bytes = unescapeText(rawValue);
      if (bytes === undefined) return bad(`'${rawValue}' ends in a broken escape`);
      params.set(key, bytes);
    }
  }
  return { text: svcbFromParts(priority, nameText(target), params) };
}

/** A record's data in presentation form, as the prober renders answers (undefined problem: it can be an answer). */
function parse(type: DnsRecordType, value: string): Parsed {
  const t = value.trim();
  const f = fields(t);
  switch (type) {
    case 'A':
      return isIP(t) === 4 ? { text: t } : { problem: 'is not an IPv4 address' };
    case 'AAAA':
      return isIP(t) === 6 && !t.includes('%') ? { text: ipv6Text(t) } : { problem: 'is not an IPv6 address' };
    case 'CNAME':
    case 'NS':
    case 'PTR':
      return NAME.test(t) ? { text: nameText(t) } : { problem: 'is not a domain name' };
    case 'MX': {
      const pref = uint(f[0], 65535);
      return f.length === 2 && pref !== undefined && NAME.test(f[1]) ? { text: `${pref} ${nameText(f[1])}` } : { problem: 'is not `preference exchange`' };
    }
    case 'SRV': {
      const n = f.slice(0, 3).map((x) => uint(x, 65535));
      return f.length === 4 && !n.includes(undefined) && NAME.test(f[3]) ? { text: `${n.join(' ')} ${nameText(f[3])}` } : { problem: 'is not `priority weight port target`' };
    }
    case 'SOA': {
      const n = f.slice(2).map((x) => uint(x, 4294967295));
      return f.length === 7 && NAME.test(f[0]) && NAME.test(f[1]) && !n.includes(undefined)
        ? { text: `${nameText(f[0])} ${nameText(f[1])} ${n.join(' ')}` }
        : { problem: 'is not `mname rname serial refresh retry expire minimum`' };
    }
    case 'TXT': {
      // Zone-file form ("part" "part"): the strings joined, as answers are; any other text is the text itself.
      if (!/^(?:"(?:[^"\\]|\\.)*"\s*)+$/.test(t)) return { text: t };
      const parts = f.map((x) => unescapeText(unquote(x)));
      return parts.includes(undefined) ? { problem: 'has a broken escape inside its quotes' } : { text: parts.map((b) => b!.toString('utf8')).join('') };
    }
    case 'CAA': {
      const flags = uint(f[0], 255);
      const tag = f[1];
      const v = f.length >= 3 ? unescapeText(unquote(f.slice(2).join(' '))) : undefined;
      return flags !== undefined && tag !== undefined && /^[a-z0-9]+$/i.test(tag) && v !== undefined ? { text: caaText(flags, tag, v.toString('utf8')) } : { problem: 'is not `flags tag "value"`' };
    }
    case 'DS': {
      const n = [uint(f[0], 65535), uint(f[1], 255), uint(f[2], 255)];
      const digest = f.slice(3).join('');
      if (n.includes(undefined) || !/^(?:[0-9a-f]{2})+$/i.test(digest)) return { problem: 'is not `key-tag algorithm digest-type digest` (the digest in hex)' };
      const size = DS_DIGEST_BYTES[n[2]!];
      if (size && digest.length / 2 !== size.bytes) return { problem: `its digest is ${digest.length / 2} bytes, but digest type ${n[2]} (${size.name}) makes ${size.bytes}` };
      return { text: `${n.join(' ')} ${digest.toUpperCase()}` };
    }
    case 'DNSKEY': {
      const n = [uint(f[0], 65535), uint(f[1], 255), uint(f[2], 255)];
      const key = f.slice(3).join('');
      if (n.includes(undefined) || !/^[A-Za-z0-9+/]+={0,2}$/.test(key)) return { problem: 'is not `flags protocol algorithm public-key` (the key in base64)' };
      // RFC 4034 2.1.2: the protocol field MUST be 3 (dns-packet reads no other).
      return n[1] === 3 ? { text: `${n.join(' ')} ${Buffer.from(key, 'base64').toString('base64')}` } : { problem: `its protocol is ${n[1]}, but a DNSKEY's is always 3` };
    }
    case 'HTTPS':
    case 'SVCB':
      return parseSvcb(t);
  }
}

/** A CAA record as text (RFC 8659 4.1: its tag compared without regard to case). */
export const caaText = (flags: number, tag: string, value: string): string => `${flags} ${tag.toLowerCase()} "${value.replace(/[\\"]/g, '\\$&')}"`;

/** Examples of each type's values, for the config's errors and docs/dns-checks.md. */
export const VALUE_EXAMPLES: Readonly<Record<DnsRecordType, string>> = {
  A: '192.0.2.10',
  AAAA: '2001:db8::10',
  CNAME: 'www.example.com',
  NS: 'ns1.example.net',
  PTR: 'host.example.com',
  MX: '10 mx1.example.com',
  SRV: '10 5 443 svc.example.com',
  SOA: 'ns1.example.net hostmaster.example.com 2026120101 7200 900 1209600 300',
  TXT: 'v=spf1 -all',
  CAA: '0 issue "amazon.com"',
  DS: '2371 13 2 1F987CC6583E92DF0890718C42FE96D4E0C2D8C0DA1A3E9E8F5C5DD5C7F7A0B4',
  DNSKEY: '257 3 13 mdsswUyr3DPW132mOi8V9xESWE8jTo0dxCjjnopKl+GqJxpVXckHAeF+KkxLbxILfDLUT0rAK9iUzy1L53eKGQ==',
  HTTPS: '1 . alpn=h2,h3',
  SVCB: '1 svc.example.com alpn=h2 port=8443',
};

/** Why `value` can never equal an answer's data of `type` (undefined: it can). */
export function expectedValueProblem(type: DnsRecordType, value: string): string | undefined {
  const p = parse(type, value);
  return 'problem' in p ? p.problem : undefined;
}

/** An expected value as the prober compares it with answers (a value the config would refuse: its trimmed text, which no answer equals). */
export function normalizeExpected(type: DnsRecordType, value: string): string {
  const p = parse(type, value);
  return 'text' in p ? p.text : value.trim();
}
