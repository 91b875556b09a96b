/**
 * One active DNS check as the app resolves it (lib/config) and the prober runs it (lambdas/dns-prober,
 * and `dns-monitor check` on the user's machine), and the result it produces.
 */
export type DnsRecordType = 'A' | 'AAAA' | 'CNAME' | 'MX' | 'TXT' | 'NS' | 'SOA' | 'SRV' | 'CAA' | 'PTR' | 'HTTPS' | 'SVCB' | 'DS' | 'DNSKEY';

export interface DnsCheckSpec {
  readonly name: string;
  /** The name queried, without the trailing dot. */
  readonly query: string;
  readonly type: DnsRecordType;
  /** Servers asked, each `host` or `host:port` (authoritative servers or resolvers); empty: the resolvers of the machine it runs on. */
  readonly servers: readonly string[];
  /** Query over TCP from the start (else UDP, retried over TCP when the answer is truncated). */
  readonly tcp: boolean;
  readonly timeoutMs: number;
  readonly expect: DnsExpectation;
}

export interface DnsExpectation {
  /** @default NOERROR */
  readonly rcode: string;
  /** The answer set equals these values (order and case do not matter). */
  readonly answers?: readonly string[];
  readonly contains?: readonly string[];
  readonly excludes?: readonly string[];
  /** Every A/AAAA answer lies in one of these CIDRs. */
  readonly cidrs?: readonly string[];
  /** Number of answer records. */
  readonly count?: { readonly min?: number; readonly max?: number };
  /** TTL of every answer record, in seconds. */
  readonly ttl?: { readonly min?: number; readonly max?: number };
  /** The AA (authoritative answer) flag must be set. */
  readonly authoritative?: boolean;
  /** Every server gives the same answer set (and SOA serial, for SOA checks). */
  readonly consistent: boolean;
}

export interface DnsCheckResult {
  readonly name: string;
  readonly server: string;
  readonly ok: boolean;
  /** The response code, or TIMEOUT / ERROR when no answer came. */
  readonly rcode: string;
  /** The answer values, normalized (lowercase names without the trailing dot). */
  readonly answers: readonly string[];
  /** Why it failed (empty when ok): what was expected against what this server answered. */
  readonly reason: string;
}
