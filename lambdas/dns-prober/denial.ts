/**
 * Authenticated denial of existence: whether the NSEC or NSEC3 records of an answer prove what it
 * says. A validating resolver answers SERVFAIL when they do not (the response is "bogus"), so a
 * zone whose signer left a gap in its chain, or whose chain was not updated with a new name, fails
 * for every resolver that validates, although each signature verifies (dnssec.ts checks those).
 *
 * NSEC: RFC 4035 5.4 (NXDOMAIN: an NSEC covering the name and one covering the wildcard at the
 * closest encloser; NODATA: the NSEC of the name without the type or CNAME; an empty non-terminal:
 * an NSEC covering the name whose next name is below it; wildcard answers and wildcard NODATA:
 * 3.1.3.3, 3.1.3.4), canonical order RFC 4034 6.1; an NSEC of a delegation (NS without SOA) or of a
 * DNAME proves nothing below it (RFC 4035 5.4, RFC 6672 5.3.2). NSEC3: RFC 5155 8 (the hash 5,
 * the closest encloser proof 8.3, NXDOMAIN 8.4, NODATA 8.5 and 8.6, wildcard NODATA 8.7,
 * wildcard answers 8.8; a span with the Opt-Out flag may hide an unsigned delegation: not bogus,
 * 9.2). Compact denial (RFC 9824: "black lies", an NSEC or NSEC3 of the name itself, the NXNAME
 * type for a name that does not exist) is a NODATA proof by these rules. Behind a CNAME chain the
 * proof is of the chain's last name (RFC 6604 2.1, RFC 4035 3.1.3), and of every CNAME made from a
 * wildcard on the way. A referral to an unsigned zone proves that the cut has no DS (RFC 4035
 * 3.1.4, RFC 5155 7.2.7: a NODATA proof for the DS of the cut; under an Opt-Out span, insecure).
 * Names are compared as dns-packet gives them (labels split at dots).
 */
import { createHash } from 'node:crypto';
import { canonicalName, canonicalWireName, isAtOrBelow, labelsOf } from './dnssec';
import type { DnsAnswer } from './query';
import { typeText } from './record-types';

/** A response (its code, answer and authority sections) to `qname`/`qtype`, of the zone at `zone`. */
export interface DenialInput extends Pick<DnsAnswer, 'rcode' | 'answers' | 'authorities'> {
  /** The zone apex. */
  readonly zone: string;
  readonly qname: string;
  /** As dns-packet names it (record-types.ts: HTTPS is UNKNOWN_65), as the NSEC type lists hold it. */
  readonly qtype: string;
}

interface Nsec {
  readonly owner: string;
  readonly next: string;
  readonly types: ReadonlySet<string>;
}
interface Nsec3 {
  /** The hash of the owner (its first label, base32hex decoded). */
  readonly hash: Buffer;
  readonly next: Buffer;
  readonly types: ReadonlySet<string>;
  readonly optOut: boolean;
  readonly algorithm: number;
  readonly iterations: number;
  readonly salt: Buffer;
}

/** RFC 4034 6.1: labels compared from the root down, each as lowercase octets; an ancestor first. */
function compareNames(a: string, b: string): number {
  const la = labelsOf(a).reverse();
  const lb = labelsOf(b).reverse();
  for (let i = 0; i < Math.min(la.length, lb.length); i++) {
    const c = Buffer.compare(Buffer.from(la[i]), Buffer.from(lb[i]));
    if (c !== 0) return c;
  }
  return la.length - lb.length;
}

/** Whether the span from `owner` to `next` (a chain's last span wraps to the apex) holds `x` strictly. */
function spans<T>(owner: T, next: T, x: T, cmp: (a: T, b: T) => number): boolean {
  return cmp(owner, next) < 0 ? cmp(owner, x) < 0 && cmp(x, next) < 0 : cmp(owner, x) < 0 || cmp(x, next) < 0;
}

/** The name with its leftmost label removed. */
const parentOf = (n: string) => labelsOf(n).slice(1).join('.');
/** `name` cut to its rightmost `count` labels. */
const lastLabels = (n: string, count: number) => labelsOf(n).slice(-count).join('.');

// --- NSEC ---

/** The NXNAME pseudo-type of compact denial of existence (RFC 9824, type 128), as dns-packet names it. */
const NXNAME = 'UNKNOWN_128';

/** An NSEC proves nothing below a delegation (NS without SOA) or a DNAME at its owner. */
const cutsBelow = (s: Nsec, name: string) => name !== s.owner && isAtOrBelow(name, s.owner) && ((s.types.has('NS') && !s.types.has('SOA')) || s.types.has('DNAME'));
const nsecCovers = (s: Nsec, name: string) => !cutsBelow(s, name) && spans(s.owner, s.next, name, compareNames);
/** The closest encloser a covering NSEC shows: the longer of qname's common ancestors with its owner and next name. */
function closestEncloser(s: Nsec, qname: string, zone: string): string {
  const common = (a: string) => {
    const x = labelsOf(qname).reverse();
    const y = labelsOf(a).reverse();
    let i = 0;
    while (i < x.length && i < y.length && x[i] === y[i]) i++;
    return x.slice(0, i).reverse().join('.');
  };
  const ce = [common(s.owner), common(s.next)].sort((a, b) => labelsOf(b).length - labelsOf(a).length)[0];
  return isAtOrBelow(ce, zone) ? ce : zone;
}

function nsecProblems(i: DenialInput, nsecs: readonly Nsec[], kind: Kind): string[] {
  const q = canonicalName(i.qname);
  const matching = nsecs.find((s) => s.owner === q);
  const covering = nsecs.find((s) => nsecCovers(s, q));
  const noType = (s: Nsec) => !s.types.has(i.qtype) && !s.types.has('CNAME');
  if (kind.kind === 'wildcard-answer') {
    return covering ? [] : [`no NSEC record proves that ${q} does not exist, though the answer was made from a wildcard`];
  }
  if (kind.kind === 'nodata') {
    if (matching) {
      if (!noType(matching)) return [`the NSEC record of ${q} lists ${typeText(i.qtype)}${matching.types.has('CNAME') ? ' or CNAME' : ''}, though the answer says there is no such record`];
      if (i.qtype !== 'DS' && matching.types.has('NS') && !matching.types.has('SOA')) return [`the NSEC record of ${q} is the parent side of a delegation: it cannot prove that ${q} has no ${typeText(i.qtype)}`];
      return [];
    }
    // An empty non-terminal: the covering NSEC's next name is below qname.
    if (covering && isAtOrBelow(canonicalName(covering.next), q) && canonicalName(covering.next) !== q) return [];
    // Wildcard NODATA: qname covered, and the wildcard at the closest encloser lacks the type.
    if (covering) {
      const wildcard = `*.${closestEncloser(covering, q, i.zone)}`;
      const wild = nsecs.find((s) => s.owner === wildcard);
      if (wild && noType(wild)) return [];
    }
    return [`no NSEC record proves that ${q} has no ${typeText(i.qtype)} record (none for ${q}, and none showing it as an empty non-terminal or a wildcard without that type)`];
  }
  // NXDOMAIN. Compact denial (RFC 9824) proves a name absent with an NSEC of the name itself whose
  // types hold NXNAME; such an answer may come with NXDOMAIN restored.
  if (matching?.types.has(NXNAME)) return [];
  if (matching) return [`the answer says ${q} does not exist, but an NSEC record shows it does`];
  if (!covering) return [`no NSEC record proves that ${q} does not exist (none covers it)`];
  const wildcard = `*.${closestEncloser(covering, q, i.zone)}`;
  if (nsecs.some((s) => s.owner === wildcard)) return [`the answer says ${q} does not exist, but the NSEC records show the wildcard ${wildcard}, which should have answered`];
  if (!nsecs.some((s) => nsecCovers(s, wildcard))) return [`no NSEC record proves that the wildcard ${wildcard} does not exist, so ${q} may exist through it`];
  return [];
}

// --- NSEC3 ---

const BASE32HEX = '0123456789abcdefghijklmnopqrstuv';
function base32hexDecode(s: string): Buffer | undefined {
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const ch of s.toLowerCase()) {
    const v = BASE32HEX.indexOf(ch);
    if (v < 0) return undefined;
    value = (value << 5) | v;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** RFC 5155 5: IH(salt, x, 0) = H(x || salt); IH(salt, x, k) = H(IH(salt, x, k-1) || salt); SHA-1 (algorithm 1). */
function nsec3Hash(name: string, salt: Buffer, iterations: number): Buffer {
  let h = createHash('sha1').update(canonicalWireName(name)).update(salt).digest();
  for (let k = 0; k < iterations; k++) h = createHash('sha1').update(h).update(salt).digest();
  return h;
}

/**
 * The most NSEC3 hash iterations validators verify. Above their limit, RFC 9276 (3.2) lets a
 * validator treat the answer as insecure or answer SERVFAIL; Unbound's default limit is 150
 * (`val-nsec3-keysize-iterations: "1024 150 2048 150 4096 150"`, unbound.conf(5) of Unbound 1.17,
 * the version tests hold the prober to), and some validators stop lower (systemd-resolved at 100,
 * by its source). RFC 9276 (3.1) asks signers for 0 iterations and no salt.
 */
export const NSEC3_MAX_VALIDATED_ITERATIONS = 150;

/** NSEC3 flags: the Opt-Out bit (RFC 5155 3.1.2.1). */
const OPT_OUT = 0x01;
/** NSEC3 hash algorithm 1, SHA-1: the only one defined (RFC 5155 11). */
const SHA1 = 1;

function nsec3ProofProblems(i: DenialInput, all: readonly Nsec3[], kind: Kind): string[] {
  const q = canonicalName(i.qname);
  const unknown = all.filter((r) => r.algorithm !== SHA1);
  if (unknown.length > 0) return [`NSEC3 records use hash algorithm ${unknown[0].algorithm}, which validators do not know: the answer cannot be proven`];
  const params = all[0];
  const hashOf = (n: string) => nsec3Hash(n, params.salt, params.iterations);
  const matchOf = (n: string) => {
    const h = hashOf(n);
    return all.find((r) => r.hash.equals(h));
  };
  const coverOf = (n: string) => {
    const h = hashOf(n);
    return all.find((r) => spans(r.hash, r.next, h, Buffer.compare));
  };
  const noType = (r: Nsec3) => !r.types.has(i.qtype) && !r.types.has('CNAME');
  /** RFC 5155 8.3: the closest encloser (matched) and the next closer name (covered), or why there is none. */
  const closestEncloserProof = (): { ce: string; ncCover: Nsec3 } | string => {
    let nc = q;
    for (let sn = parentOf(q); isAtOrBelow(sn, canonicalName(i.zone)); nc = sn, sn = parentOf(sn)) {
      const m = matchOf(sn);
      if (!m) continue;
      if ((m.types.has('NS') && !m.types.has('SOA')) || m.types.has('DNAME')) return `the NSEC3 record of the closest encloser ${sn} is a delegation or DNAME: it cannot prove anything below it`;
      const cover = coverOf(nc);
      return cover ? { ce: sn, ncCover: cover } : `no NSEC3 record covers ${nc}, the next closer name below the closest encloser ${sn}`;
    }
    return `no NSEC3 record matches an ancestor of ${q} in ${canonicalName(i.zone)} (no closest encloser proof)`;
  };

  if (kind.kind === 'wildcard-answer') {
    // RFC 5155 8.8: the next closer name of the wildcard's source must be covered.
    const nc = lastLabels(q, kind.sourceLabels + 1);
    return coverOf(nc) ? [] : [`no NSEC3 record covers ${nc}, so the wildcard answer for ${q} is not proven (an exact match may exist)`];
  }
  if (kind.kind === 'nodata') {
    const m = matchOf(q);
    if (m) return noType(m) ? [] : [`the NSEC3 record of ${q} lists ${typeText(i.qtype)}${m.types.has('CNAME') ? ' or CNAME' : ''}, though the answer says there is no such record`];
    const proof = closestEncloserProof();
    if (typeof proof === 'string') return [`no NSEC3 record matches ${q}, and ${proof}`];
    // Under an Opt-Out span: the DS of an unsigned delegation (RFC 5155 8.6), or an empty
    // non-terminal above unsigned delegations only, which Opt-Out leaves without an NSEC3 (RFC 5155
    // 7.1); validators take both as insecure, not bogus (tested against Unbound).
    if (proof.ncCover.optOut) return [];
    // RFC 5155 8.7: wildcard NODATA.
    const wild = matchOf(`*.${proof.ce}`);
    if (wild && noType(wild)) return [];
    return [`no NSEC3 record proves that ${q} has no ${typeText(i.qtype)} record (none matches ${q}, nor a wildcard without that type at ${proof.ce})`];
  }
  // NXDOMAIN, RFC 5155 8.4 (or compact denial with NXDOMAIN restored: the name's own NSEC3 with NXNAME).
  const own = matchOf(q);
  if (own?.types.has(NXNAME)) return [];
  if (own) return [`the answer says ${q} does not exist, but an NSEC3 record matches it`];
  const proof = closestEncloserProof();
  if (typeof proof === 'string') return [proof];
  const wildcard = `*.${proof.ce}`;
  if (matchOf(wildcard)) return [`the answer says ${q} does not exist, but an NSEC3 record shows the wildcard ${wildcard}, which should have answered`];
  if (!coverOf(wildcard)) return [`no NSEC3 record covers the wildcard ${wildcard}, so ${q} may exist through it`];
  return [];
}

// --- both ---

type Kind = { kind: 'nxdomain' } | { kind: 'nodata' } | { kind: 'wildcard-answer'; sourceLabels: number };
/**
 * One thing a response must prove, about one name of its CNAME chain; `referral`: that the zone
 * cut a referral names has no DS (a NODATA proof for its DS), as an unsigned delegation's referral
 * must (RFC 4035 3.1.4, RFC 5155 7.2.7), or validators take it as bogus.
 */
type Proof = Kind & { readonly name: string; readonly referral?: true };

/** Steps of a CNAME chain followed within one answer; a longer one is a loop or not worth following. */
const MAX_CHAIN = 16;

/**
 * The names of the answer's CNAME chain from `qname` (RFC 1034 3.6.2): the queried name, then each
 * CNAME's target. The response code, and any denial, speak of the last name (RFC 6604 2.1); the
 * records of the type asked are those these names own (resolvers drop any other, RFC 2181 5.4.1).
 */
export function cnameChain(i: Pick<DenialInput, 'qname' | 'qtype' | 'answers'>): string[] {
  const chain = [canonicalName(i.qname)];
  if (i.qtype === 'CNAME') return chain;
  for (let n = 0; n < MAX_CHAIN; n++) {
    const at = chain[chain.length - 1];
    const cname = i.answers.find((r) => r.type === 'CNAME' && canonicalName(r.name) === at);
    const target = cname && canonicalName(String((cname as { data: string }).data));
    if (!target || chain.includes(target)) break;
    chain.push(target);
  }
  return chain;
}

/**
 * What the response must prove (empty: nothing by denial, as for a positive answer or a referral):
 * each name of its CNAME chain inside the zone whose records came from a wildcard, and the last name
 * when it is inside the zone and the answer has none of its records: that it does not exist
 * (NXDOMAIN) or lacks the type (NODATA). A chain that leaves the zone is the next zone's to prove.
 */
function proofsOf(i: DenialInput): Proof[] {
  const zone = canonicalName(i.zone);
  if (i.rcode !== 'NXDOMAIN' && i.rcode !== 'NOERROR') return [];
  const chain = cnameChain(i);
  const out: Proof[] = [];
  for (const name of chain) {
    if (!isAtOrBelow(name, zone)) break;
    const own = i.answers.filter((r) => canonicalName(r.name) === name);
    // A wildcard expansion: the RRSIG of the answer counts fewer labels than its owner (RFC 4035 5.3.4).
    const sig = own.find((r) => r.type === 'RRSIG' && (r as { data: { typeCovered: string } }).data.typeCovered !== 'NSEC') as { data: { labels: number } } | undefined;
    if (sig && sig.data.labels < labelsOf(name).length) out.push({ kind: 'wildcard-answer', sourceLabels: sig.data.labels, name });
  }
  const last = chain[chain.length - 1];
  if (!isAtOrBelow(last, zone) || i.answers.some((r) => canonicalName(r.name) === last && r.type !== 'RRSIG')) return out;
  if (i.rcode === 'NXDOMAIN') return [...out, { kind: 'nxdomain', name: last }];
  // A referral (NS of a name below the apex, without the SOA of a negative answer): with the DS of
  // the cut, a signed delegation (its signature is chainProblems'); without, the proof it has none.
  const cut = i.authorities.find((r) => r.type === 'NS' && canonicalName(r.name) !== zone && isAtOrBelow(canonicalName(r.name), zone));
  const soa = i.authorities.some((r) => r.type === 'SOA');
  if (cut && !soa) {
    const at = canonicalName(cut.name);
    return i.authorities.some((r) => r.type === 'DS' && canonicalName(r.name) === at) ? out : [...out, { kind: 'nodata', name: at, referral: true }];
  }
  return [...out, { kind: 'nodata', name: last }];
}

/** Why the NSEC or NSEC3 records of a negative or wildcard answer do not prove it (empty: they do, or nothing is to prove). */
export function denialProblems(i: DenialInput): string[] {
  const proofs = proofsOf(i);
  if (proofs.length === 0) return [];
  const zone = canonicalName(i.zone);
  const records = [...i.answers, ...i.authorities].filter((r) => isAtOrBelow(canonicalName(r.name), zone));
  const nsecs: Nsec[] = records
    .filter((r) => r.type === 'NSEC')
    .map((r) => {
      const d = (r as { data: { nextDomain: string; rrtypes: string[] } }).data;
      return { owner: canonicalName(r.name), next: canonicalName(d.nextDomain), types: new Set(d.rrtypes) };
    });
  const nsec3s: Nsec3[] = records
    .filter((r) => r.type === 'NSEC3')
    .flatMap((r) => {
      const d = (r as { data: { algorithm: number; flags: number; iterations: number; salt: Buffer; nextDomain: Buffer; rrtypes: string[] } }).data;
      const hash = base32hexDecode(labelsOf(r.name)[0] ?? '');
      return hash && parentOf(r.name) === zone ? [{ hash, next: d.nextDomain, types: new Set(d.rrtypes), optOut: (d.flags & OPT_OUT) !== 0, algorithm: d.algorithm, iterations: d.iterations, salt: d.salt }] : [];
    });
  const iterations = Math.max(0, ...nsec3s.map((r) => r.iterations));
  if (iterations > NSEC3_MAX_VALIDATED_ITERATIONS) {
    return [
      `the NSEC3 records of ${zone} use ${iterations} hash iterations, more than the ${NSEC3_MAX_VALIDATED_ITERATIONS} validators verify (Unbound's default limit): ` +
        'validators treat the answer as insecure (no DNSSEC protection) or answer SERVFAIL — re-sign the zone with 0 iterations and no salt (RFC 9276)',
    ];
  }
  const problems = proofs.flatMap((proof) => {
    // Each proof is about one name of the chain, as if that name had been asked (a referral's, as if its DS had).
    const asked = { ...i, qname: proof.name, qtype: proof.referral ? 'DS' : i.qtype };
    const found = nsec3s.length > 0 ? nsec3ProofProblems(asked, nsec3s, proof) : nsecs.length > 0 ? nsecProblems(asked, nsecs, proof) : undefined;
    if (proof.referral) {
      const why = found === undefined ? 'it carries no NSEC or NSEC3 records' : found.join('; ');
      return found?.length === 0 ? [] : [`the referral to ${proof.name} carries no DS record and does not prove that it has none (${why}), as a referral to an unsigned zone must`];
    }
    if (found) return found;
    const what = proof.kind === 'nxdomain' ? `that ${proof.name} does not exist` : proof.kind === 'nodata' ? `that ${proof.name} has no ${typeText(i.qtype)} record` : `the wildcard answer for ${proof.name}`;
    return [`the answer carries no NSEC or NSEC3 records to prove ${what}`];
  });
  return [...new Set(problems)].map((p) => `${p}: validators answer SERVFAIL`);
}
