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
  /** Servers asked, each `host` or `host:port` (authoritative servers or resolvers); empty (and no zoneId): the resolvers of the machine it runs on. */
  readonly servers: readonly string[];
  /** Route 53 hosted zone whose delegation set (its name servers) is asked too, looked up at run time. */
  readonly zoneId?: string;
  /** Vantage points: the regions a prober runs this check from (its alarm is in the deployment's primary region). */
  readonly regions: readonly string[];
  /** Minutes between runs. */
  readonly intervalMinutes: number;
  /** The check's alarm pages when at least this many vantages fail (M of N). */
  readonly minFailingVantages: number;
  readonly severity: 'critical' | 'warning';
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
  /** Every server gives the same answer set, and the same SOA serial for the zone. */
  readonly consistent: boolean;
  /** The parent's NS and DS records match the zone's NS and DNSKEY records. */
  readonly delegation?: DelegationExpectation;
  /** The answer validates from the parent's DS down, with signatures valid for at least this long. */
  readonly dnssec?: { readonly minValidityHours: number; readonly parentServers: readonly string[] };
}

export interface DelegationExpectation {
  /** Servers of the parent zone; empty: looked up with the resolvers of the machine the check runs on. */
  readonly parentServers: readonly string[];
}

/** CloudWatch namespace and metric names the prober publishes (read by alarms, dashboards, plan). */
export const DNS_CHECK_NAMESPACE = 'Codreum/DNSChecks';
export const DNS_CHECK_METRICS = {
  /** 1 when any server failed the check from this vantage, else 0. Dimensions: Check, Vantage. */
  failed: 'CheckFailed',
  /** 1 when this server failed the check from this vantage, else 0. Dimensions: Check, Vantage, Target. */
  targetFailed: 'TargetFailed',
} as const;

/** What the scheduler hands the prober of one region on every run. */
export interface DnsProbeEvent {
  /** The region the prober runs in (its vantage). */
  readonly vantage: string;
  /** The region its metrics go to: where every check's M-of-N alarm is. */
  readonly metricsRegion: string;
  readonly checks: readonly DnsCheckSpec[];
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
