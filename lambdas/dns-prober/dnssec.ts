/**
 * DNSSEC checks with node:crypto: a zone's DNSKEY set must match the parent's DS records and be
 * signed by that key; every RRset of an answer must carry a signature that verifies with a key of
 * the zone, is in its validity period, and stays valid for the hours required.
 *
 * Wire forms from RFC 4034: canonical RR form and order (6.2, 6.3), the data a signature covers
 * (3.1.8.1), key tags (appendix B), DS digests (5.1.4); RSA keys as in RFC 3110, ECDSA keys and
 * signatures as in RFC 6605, Ed25519/Ed448 as in RFC 8080.
 */
import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';
import * as dnsPacket from 'dns-packet';
import { typeText } from './record-types';

export interface DnsKey {
  readonly flags: number;
  readonly algorithm: number;
  readonly key: Buffer;
}
export interface Rrsig {
  readonly typeCovered: string;
  readonly algorithm: number;
  readonly labels: number;
  readonly originalTTL: number;
  readonly expiration: number;
  readonly inception: number;
  readonly keyTag: number;
  readonly signersName: string;
  readonly signature: Buffer;
}
export interface Ds {
  readonly keyTag: number;
  readonly algorithm: number;
  readonly digestType: number;
  readonly digest: Buffer;
}

/** DNSSEC algorithm numbers (IANA registry) this module verifies: hash, key form. */
const ALGORITHMS: Readonly<Record<number, { name: string; hash: string | null; kind: 'rsa' | 'ec' | 'okp'; curve?: string; size?: number }>> = {
  5: { name: 'RSASHA1', hash: 'sha1', kind: 'rsa' },
  7: { name: 'RSASHA1-NSEC3-SHA1', hash: 'sha1', kind: 'rsa' },
  8: { name: 'RSASHA256', hash: 'sha256', kind: 'rsa' },
  10: { name: 'RSASHA512', hash: 'sha512', kind: 'rsa' },
  13: { name: 'ECDSAP256SHA256', hash: 'sha256', kind: 'ec', curve: 'P-256', size: 32 },
  14: { name: 'ECDSAP384SHA384', hash: 'sha384', kind: 'ec', curve: 'P-384', size: 48 },
  15: { name: 'ED25519', hash: null, kind: 'okp', curve: 'Ed25519' },
  16: { name: 'ED448', hash: null, kind: 'okp', curve: 'Ed448' },
};
const DS_DIGESTS: Readonly<Record<number, string>> = { 1: 'sha1', 2: 'sha256', 4: 'sha384' };

/** The record codecs dns-packet exports (its typings declare only the packet-level API). */
interface Codec<T> {
  encode(value: T): Buffer;
}
const codecs = dnsPacket as unknown as {
  readonly answer: Codec<dnsPacket.Answer>;
  readonly dnskey: Codec<DnsKey>;
  readonly rrsig: Codec<Rrsig>;
  readonly name: Codec<string>;
};
/** DNSKEY flags bit 7: a zone key (RFC 4034 2.1.1). */
const ZONE_KEY_FLAG = 0x0100;

/** A name as DNSSEC compares it: lowercase, without the trailing dot. */
export const canonicalName = (n: string): string => n.toLowerCase().replace(/\.$/, '');
/** Whether `name` is `ancestor` or a name below it (both canonical; '' is the root, above every name). */
export const isAtOrBelow = (name: string, ancestor: string): boolean => ancestor === '' || name === ancestor || name.endsWith(`.${ancestor}`);
/** A name's labels, leftmost first (split at dots). */
export const labelsOf = (n: string): string[] => canonicalName(n).split('.').filter(Boolean);
const b64url = (b: Buffer) => b.toString('base64url');

/** A name in canonical wire form (RFC 4034 6.2: lowercase, uncompressed), as signatures, DS digests and NSEC3 hashes take it. */
export const canonicalWireName = (n: string): Buffer => codecs.name.encode(canonicalName(n));

/** Record types whose RDATA names are lowercased in canonical form (RFC 4034 6.2, as amended by RFC 6840 5.1). */
function canonicalData(type: string, data: unknown): unknown {
  const d = data as Record<string, unknown>;
  switch (type) {
    case 'NS':
    case 'CNAME':
    case 'PTR':
    case 'DNAME':
      return canonicalName(String(data));
    case 'MX':
      return { ...d, exchange: canonicalName(String(d.exchange)) };
    case 'SRV':
      return { ...d, target: canonicalName(String(d.target)) };
    case 'SOA':
      return { ...d, mname: canonicalName(String(d.mname)), rname: canonicalName(String(d.rname)) };
    default:
      return data;
  }
}

/** A record encoded with the root as owner: the type code at byte 1, the canonical RDATA from byte 11. */
function canonicalWire(a: dnsPacket.Answer): { type: number; rdata: Buffer } {
  const rr = { name: '.', type: a.type, class: 'IN', ttl: 0, data: canonicalData(a.type, (a as { data: unknown }).data) } as dnsPacket.Answer;
  const wire = codecs.answer.encode(rr);
  return { type: wire.readUInt16BE(1), rdata: wire.subarray(1 + 10) }; // root name (1 byte), type, class, ttl, rdlength
}

export function dnskeyRdata(k: DnsKey): Buffer {
  return codecs.dnskey.encode({ flags: k.flags, algorithm: k.algorithm, key: k.key }).subarray(2);
}

/** The key tag of a DNSKEY (RFC 4034 appendix B). */
export function keyTag(k: DnsKey): number {
  const b = dnskeyRdata(k);
  let ac = 0;
  for (let i = 0; i < b.length; i++) ac += i & 1 ? b[i] : b[i] << 8;
  ac += (ac >> 16) & 0xffff;
  return ac & 0xffff;
}

/** The digest a DS record of `owner` holds for this key (RFC 4034 5.1.4), or undefined for an unknown digest type. */
export function dsDigest(owner: string, k: DnsKey, digestType: number): Buffer | undefined {
  const hash = DS_DIGESTS[digestType];
  if (!hash) return undefined;
  return createHash(hash).update(canonicalWireName(owner)).update(dnskeyRdata(k)).digest();
}

export function dsMatches(owner: string, ds: Ds, k: DnsKey): boolean {
  if (ds.algorithm !== k.algorithm || ds.keyTag !== keyTag(k)) return false;
  const d = dsDigest(owner, k, ds.digestType);
  return d !== undefined && d.equals(ds.digest);
}

/** A DNSKEY as a node:crypto public key, or why it cannot be used. */
export function publicKey(k: DnsKey): KeyObject | string {
  const alg = ALGORITHMS[k.algorithm];
  if (!alg) return `algorithm ${k.algorithm} is not supported`;
  try {
    if (alg.kind === 'rsa') {
      // RFC 3110: exponent length (1 byte, or 0 and 2 bytes), exponent, modulus.
      const long = k.key[0] === 0;
      const eLen = long ? k.key.readUInt16BE(1) : k.key[0];
      const start = long ? 3 : 1;
      return createPublicKey({ key: { kty: 'RSA', e: b64url(k.key.subarray(start, start + eLen)), n: b64url(k.key.subarray(start + eLen)) }, format: 'jwk' });
    }
    if (alg.kind === 'ec') {
      const n = alg.size!;
      return createPublicKey({ key: { kty: 'EC', crv: alg.curve, x: b64url(k.key.subarray(0, n)), y: b64url(k.key.subarray(n, 2 * n)) }, format: 'jwk' });
    }
    return createPublicKey({ key: { kty: 'OKP', crv: alg.curve, x: b64url(k.key) }, format: 'jwk' });
  } catch (e) {
    return `unreadable ${alg.name} key: ${(e as Error).message}`;
  }
}

/** The data an RRSIG signs: its RDATA without the signature, then the RRset in canonical form and order (RFC 4034 3.1.8.1). */
export function signedData(sig: Rrsig, owner: string, rrset: readonly dnsPacket.Answer[]): Buffer {
  const head = codecs.rrsig.encode({ ...sig, signersName: canonicalName(sig.signersName), signature: Buffer.alloc(0) }).subarray(2);
  // A wildcard expansion is signed as the wildcard: the owner keeps `labels` labels after '*' (RFC 4035 5.3.2).
  const labels = labelsOf(owner);
  const signedOwner = labels.length > sig.labels ? ['*', ...labels.slice(labels.length - sig.labels)].join('.') : labels.join('.');
  const ownerWire = canonicalWireName(signedOwner);
  const wires = rrset.map(canonicalWire);
  const rdatas = wires.map((w) => w.rdata).sort(Buffer.compare);
  const unique = rdatas.filter((r, i) => i === 0 || !r.equals(rdatas[i - 1]));
  const parts: Buffer[] = [head];
  for (const rd of unique) {
    const fixed = Buffer.alloc(10);
    fixed.writeUInt16BE(wires[0].type, 0);
    fixed.writeUInt16BE(1, 2); // class IN
    fixed.writeUInt32BE(sig.originalTTL, 4);
    fixed.writeUInt16BE(rd.length, 8);
    parts.push(ownerWire, fixed, rd);
  }
  return Buffer.concat(parts);
}

/** Verifies one signature over an RRset with one key (the cryptography only, not the dates). */
export function signatureVerifies(sig: Rrsig, owner: string, rrset: readonly dnsPacket.Answer[], k: DnsKey): boolean | string {
  const key = publicKey(k);
  if (typeof key === 'string') return key;
  const alg = ALGORITHMS[k.algorithm]!;
  try {
    return verify(alg.hash, signedData(sig, owner, rrset), alg.kind === 'ec' ? { key, dsaEncoding: 'ieee-p1363' } : key, sig.signature);
  } catch (e) {
    return `signature check failed: ${(e as Error).message}`;
  }
}

const iso = (t: number) => new Date(t * 1000).toISOString().replace('.000Z', 'Z');
/** Seconds from `now` to `t`, in RFC 1982 serial arithmetic (RRSIG times are 32-bit and wrap). */
const secondsUntil = (t: number, now: number) => ((t - now) | 0);

export interface ChainInput {
  /** The zone apex. */
  readonly zone: string;
  /** DS records of the zone, from the parent's servers. */
  readonly ds: readonly Ds[];
  /** The DNSKEY response of the zone (answer section: DNSKEY and RRSIG records). */
  readonly dnskeyAnswer: readonly dnsPacket.Answer[];
  /** The answer and authority records of the checked query (with their RRSIGs). */
  readonly response: readonly dnsPacket.Answer[];
  /** Seconds since the epoch. */
  readonly now: number;
  readonly minValidityHours: number;
}

interface RRset {
  readonly owner: string;
  readonly type: string;
  readonly records: dnsPacket.Answer[];
  readonly sigs: Rrsig[];
}

function rrsets(records: readonly dnsPacket.Answer[]): RRset[] {
  const sets = new Map<string, RRset>();
  const sigs: { owner: string; sig: Rrsig }[] = [];
  for (const r of records) {
    if (r.type === 'OPT') continue;
    const owner = canonicalName(r.name);
    if (r.type === 'RRSIG') {
      sigs.push({ owner, sig: (r as { data: Rrsig }).data });
      continue;
    }
    const key = `${owner}|${r.type}`;
    if (!sets.has(key)) sets.set(key, { owner, type: r.type, records: [], sigs: [] });
    sets.get(key)!.records.push(r);
  }
  for (const { owner, sig } of sigs) sets.get(`${owner}|${sig.typeCovered}`)?.sigs.push(sig);
  return [...sets.values()];
}

/**
 * Why an RRset's signatures fail (empty: one signature by a key in `keys` verifies, is in its
 * validity period and stays valid for `minValidityHours`).
 */
function rrsetProblems(set: RRset, zone: string, keys: readonly DnsKey[], now: number, minValidityHours: number): string[] {
  const what = `${set.owner}/${typeText(set.type)}`;
  const own = set.sigs.filter((s) => canonicalName(s.signersName) === zone);
  if (own.length === 0) return [`${what} is not signed by ${zone} (no RRSIG)`];
  const problems: string[] = [];
  for (const sig of own) {
    const candidates = keys.filter((k) => k.algorithm === sig.algorithm && keyTag(k) === sig.keyTag);
    if (candidates.length === 0) {
      problems.push(`${what} is signed by key tag ${sig.keyTag}, which is not among the keys checked`);
      continue;
    }
    const result = candidates.map((k) => signatureVerifies(sig, set.owner, set.records, k)).find((r) => r === true) ?? signatureVerifies(sig, set.owner, set.records, candidates[0]);
    if (result !== true) {
      problems.push(`the RRSIG of ${what} by key tag ${sig.keyTag} does not verify${typeof result === 'string' ? ` (${result})` : ''}`);
      continue;
    }
    if (secondsUntil(sig.inception, now) > 0) {
      problems.push(`the RRSIG of ${what} is not valid before ${iso(sig.inception)}`);
      continue;
    }
    const left = secondsUntil(sig.expiration, now);
    if (left < 0) {
      problems.push(`the RRSIG of ${what} expired at ${iso(sig.expiration)}`);
      continue;
    }
    if (left < minValidityHours * 3600) {
      problems.push(`the RRSIG of ${what} expires at ${iso(sig.expiration)}, in ${(left / 3600).toFixed(1)} h — less than the ${minValidityHours} h required`);
      continue;
    }
    return []; // one good signature is enough
  }
  return problems;
}

const dnskeysOf = (records: readonly dnsPacket.Answer[], zone: string): DnsKey[] =>
  records.filter((r) => r.type === 'DNSKEY' && canonicalName(r.name) === zone).map((r) => (r as { data: DnsKey }).data);

/** Why the response does not validate from the parent's DS down (empty: it validates). */
export function chainProblems(i: ChainInput): string[] {
  const zone = canonicalName(i.zone);
  if (i.ds.length === 0) return [`the parent has no DS record for ${zone}: validators treat the zone as unsigned (publish the DS at the registrar or parent zone)`];
  const keys = dnskeysOf(i.dnskeyAnswer, zone);
  if (keys.length === 0) return [`${zone} has no DNSKEY records, though the parent has a DS for it: validators answer SERVFAIL`];
  const entry = keys.filter((k) => i.ds.some((d) => dsMatches(zone, d, k)));
  if (entry.length === 0) {
    return [`no DNSKEY of ${zone} matches the parent's DS (DS key tags ${i.ds.map((d) => d.keyTag).join(', ')}; DNSKEY key tags ${keys.map(keyTag).join(', ')}): validators answer SERVFAIL`];
  }
  const keySet = rrsets(i.dnskeyAnswer).find((s) => s.owner === zone && s.type === 'DNSKEY')!;
  const keyProblems = rrsetProblems(keySet, zone, entry, i.now, i.minValidityHours);
  if (keyProblems.length > 0) return keyProblems.map((p) => `${p} (the key the parent's DS names must sign the DNSKEY set)`);
  // Every RRset of the answer, and the SOA/NSEC/NSEC3 of a negative answer, must be signed by a zone key.
  const zoneKeys = keys.filter((k) => (k.flags & ZONE_KEY_FLAG) !== 0);
  const signedHere = rrsets(i.response).filter((s) => isAtOrBelow(s.owner, zone)).filter((s) => !(s.type === 'NS' && s.owner !== zone && s.sigs.length === 0));
  const dnames = signedHere.filter((s) => s.type === 'DNAME');
  return signedHere.flatMap((s) => (s.type === 'CNAME' && s.sigs.length === 0 && madeByDname(s, dnames) ? [] : rrsetProblems(s, zone, zoneKeys, i.now, i.minValidityHours)));
}

/**
 * Whether an unsigned CNAME is the one a DNAME of the answer makes: a server makes it from the DNAME
 * above the name asked and sends it unsigned; validators take it once the DNAME's own signature
 * verifies (checked with the rest of the answer) and the CNAME is what that DNAME makes of its owner
 * (RFC 6672 5.3.1).
 */
function madeByDname(cname: RRset, dnames: readonly RRset[]): boolean {
  if (cname.records.length !== 1) return false;
  const target = canonicalName(String((cname.records[0] as { data: unknown }).data));
  return dnames.some(
    (d) =>
      d.records.length === 1 &&
      cname.owner !== d.owner &&
      isAtOrBelow(cname.owner, d.owner) &&
      target === `${cname.owner.slice(0, cname.owner.length - d.owner.length)}${canonicalName(String((d.records[0] as { data: unknown }).data))}`.replace(/\.$/, ''),
  );
}

/** Why the parent's delegation does not match the zone (empty: it matches). */
export function delegationProblems(zone: string, parentNs: readonly string[], zoneNs: readonly string[], ds: readonly Ds[], keyRecords: readonly dnsPacket.Answer[]): string[] {
  const z = canonicalName(zone);
  const out: string[] = [];
  const p = [...new Set(parentNs.map(canonicalName))].sort();
  const c = [...new Set(zoneNs.map(canonicalName))].sort();
  if (p.length === 0) out.push(`the parent does not delegate ${z} (no NS records for it at the parent)`);
  else if (c.length === 0) out.push(`the zone's servers list no NS records for ${z} (lame delegation: they do not serve the zone)`);
  else if (p.join(' ') !== c.join(' ')) out.push(`the parent delegates ${z} to ${p.join(', ')}; the zone lists ${c.join(', ')}`);
  const keys = dnskeysOf(keyRecords, z);
  // Validators need one DS that leads to the keys (RFC 4035 5.2): a DS for a key not published yet
  // beside it is a Double-DS rollover's first step (RFC 6781 4.1.2), or one left from a finished
  // rollover, and harmless. With none matching, each is said.
  if (!ds.some((d) => keys.some((k) => dsMatches(z, d, k)))) {
    for (const d of ds) out.push(`the parent's DS (key tag ${d.keyTag}, algorithm ${d.algorithm}) matches no DNSKEY of ${z}: validators answer SERVFAIL — publish that key or replace the DS`);
  }
  return out;
}
