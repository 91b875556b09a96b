/** What a DNS answer must satisfy (contracts/dns-check.ts), compared as sets, never first record only. */
import { BlockList, isIP } from 'node:net';
import type * as dnsPacket from 'dns-packet';
import type { DnsExpectation, DnsRecordType } from '../../contracts/dns-check';
import { caaText, ipv6Text, nameText, normalizeExpected, svcbText } from '../../contracts/record-values';
import { cnameChain } from './denial';
import { canonicalName } from './dnssec';
import { extendedErrorText } from './edns-options';
import type { DnsAnswer } from './query';
import { typeText, wireType } from './record-types';

/** One answer record as text: an address, a name, `10 mx.example.com`, the TXT string... (contracts/record-values.ts: as an expected value is read). */
export function recordValue(a: dnsPacket.Answer): string {
  const d = (a as { data?: unknown }).data;
  switch (typeText(a.type)) {
    case 'A':
      return String(d);
    case 'AAAA':
      return ipv6Text(String(d));
    case 'CNAME':
    case 'NS':
    case 'PTR':
      return nameText(String(d));
    case 'MX': {
      const m = d as { preference: number; exchange: string };
      return `${m.preference} ${nameText(m.exchange)}`;
    }
    case 'TXT':
      return (Array.isArray(d) ? d : [d]).map((x) => (Buffer.isBuffer(x) ? x.toString('utf8') : String(x))).join('');
    case 'SOA': {
      const s = d as { mname: string; rname: string; serial: number; refresh: number; retry: number; expire: number; minimum: number };
      return `${nameText(s.mname)} ${nameText(s.rname)} ${s.serial} ${s.refresh} ${s.retry} ${s.expire} ${s.minimum}`;
    }
    case 'SRV': {
      const s = d as { priority: number; weight: number; port: number; target: string };
      return `${s.priority} ${s.weight} ${s.port} ${nameText(s.target)}`;
    }
    case 'CAA': {
      const c = d as { flags: number; tag: string; value: string };
      return caaText(c.flags, c.tag, c.value);
    }
    case 'DS': {
      const s = d as { keyTag: number; algorithm: number; digestType: number; digest: Buffer };
      return `${s.keyTag} ${s.algorithm} ${s.digestType} ${s.digest.toString('hex').toUpperCase()}`;
    }
    case 'DNSKEY': {
      const k = d as { flags: number; algorithm: number; key: Buffer };
      return `${k.flags} 3 ${k.algorithm} ${k.key.toString('base64')}`; // dns-packet reads only protocol 3 (RFC 4034 2.1.2)
    }
    // dns-packet has no codec for these: their data comes as bytes.
    case 'HTTPS':
    case 'SVCB':
      return Buffer.isBuffer(d) ? svcbText(d) : JSON.stringify(d);
    default:
      return JSON.stringify(d);
  }
}

const list = (xs: readonly string[]) => (xs.length ? xs.join(', ') : '(none)');

/** The values of the answer's records of the queried type (a CNAME chain's target records count). */
export function answerValues(answer: DnsAnswer, qname: string, type: DnsRecordType): string[] {
  return answerRecords(answer, qname, type).map(recordValue).sort();
}

/**
 * The answer's records of the type asked that resolvers take: those owned by the name asked or by a
 * name its CNAME chain leads to. A record of another name is not the answer (resolvers drop it:
 * RFC 2181 5.4.1, unbound's scrubber), whatever a server or something on the way put there.
 */
function answerRecords(answer: DnsAnswer, qname: string, type: DnsRecordType): dnsPacket.Answer[] {
  const qtype = wireType(type);
  const chain = new Set(cnameChain({ qname, qtype, answers: answer.answers }));
  return answer.answers.filter((a) => a.type === qtype && chain.has(canonicalName(a.name)));
}

/** Reasons the answer to `qname` fails the expectation (empty: it passes). */
export function failures(qname: string, type: DnsRecordType, answer: DnsAnswer, e: DnsExpectation): string[] {
  const out: string[] = [];
  const records = answerRecords(answer, qname, type);
  const got = records.map(recordValue).sort();
  const has = new Set(got);
  if (answer.rcode !== e.rcode) out.push(`rcode ${answer.rcode}, expected ${e.rcode}`);
  if (e.maxResponseMs !== undefined && answer.elapsedMs > e.maxResponseMs) out.push(`answered in ${Math.round(answer.elapsedMs)} ms, more than the ${e.maxResponseMs} ms allowed`);
  if (e.answers) {
    const want = [...new Set(e.answers.map((v) => normalizeExpected(type, v)))].sort();
    if (want.join('\n') !== [...has].sort().join('\n')) out.push(`answers ${list(got)}, expected exactly ${list(want)}`);
  }
  for (const v of e.contains ?? []) if (!has.has(normalizeExpected(type, v))) out.push(`answers ${list(got)} lack ${v}`);
  for (const v of e.excludes ?? []) if (has.has(normalizeExpected(type, v))) out.push(`answers include ${v}, which must not be there`);
  if (e.cidrs && (type === 'A' || type === 'AAAA')) {
    const allowed = new BlockList();
    for (const c of e.cidrs) {
      const [addr, bits] = c.split('/');
      allowed.addSubnet(addr, Number(bits), isIP(addr) === 6 ? 'ipv6' : 'ipv4');
    }
    for (const ip of got) if (!allowed.check(ip, isIP(ip) === 6 ? 'ipv6' : 'ipv4')) out.push(`${ip} is outside ${e.cidrs.join(', ')}`);
  }
  const counted = `${records.length} record${records.length === 1 ? '' : 's'}`;
  if (e.count?.min !== undefined && records.length < e.count.min) out.push(`${counted}, expected at least ${e.count.min}`);
  if (e.count?.max !== undefined && records.length > e.count.max) out.push(`${counted}, expected at most ${e.count.max}`);
  for (const r of records) {
    const ttl = (r as { ttl?: number }).ttl ?? 0;
    if (e.ttl?.min !== undefined && ttl < e.ttl.min) out.push(`TTL ${ttl} s of ${recordValue(r)} is below ${e.ttl.min} s`);
    if (e.ttl?.max !== undefined && ttl > e.ttl.max) out.push(`TTL ${ttl} s of ${recordValue(r)} is above ${e.ttl.max} s`);
  }
  if (e.authoritative && !answer.authoritative) out.push('the answer is not authoritative (AA flag not set)');
  return out;
}

/**
 * What the server says of its answer, to follow the reasons an answer fails (whatever failed: the
 * records, the delegation or the DNSSEC proof): its diagnosis (which DNSSEC failure, a stale
 * answer...). Which instance it is (NSID) is a field of the result (contracts/dns-check.ts).
 */
export function serverRemarks(answer: DnsAnswer): string[] {
  return answer.extendedErrors.map((x) => `the answer carries ${extendedErrorText(x)}`);
}
