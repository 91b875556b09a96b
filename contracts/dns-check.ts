/**
 * One active DNS check as the app resolves it (lib/config) and the prober runs it (lambdas/dns-prober,
 * and `dns-monitor check` on the user's machine), and the result it produces.
 */
import type { Severity } from './alarm-context';
import { ROUTE53_API } from './route53-api';

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
  readonly severity: Severity;
  /** Query over TCP from the start (else UDP, retried over TCP when the answer is truncated). */
  readonly tcp: boolean;
  readonly timeoutMs: number;
  /**
   * A server given by name with no IPv4 address is asked at its IPv6 address: a check with
   * deploy: false, which `dns-monitor check` alone runs, since the prober has no outbound IPv6
   * (LAMBDA.outboundIpv6OutsideVpc in lib/aws-facts.ts; resolveDnsCheck reads it).
   */
  readonly ipv6?: true;
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
  /** The answer must come within this many milliseconds (from the query sent to the last answer, a retry over TCP included). */
  readonly maxResponseMs?: number;
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
  /**
   * The zone checks of a scheduled run not run because their zones' name servers were not read
   * from Route 53 yet (0 when none), published by runs with zone checks due. Dimension: Vantage.
   */
  skipped: 'ChecksSkipped',
} as const;

/** What the scheduler hands the prober of one region on every run. */
export interface DnsProbeEvent {
  /** The region the prober runs in (its vantage). */
  readonly vantage: string;
  /** The region its metrics go to: where every check's M-of-N alarm is. */
  readonly metricsRegion: string;
  readonly checks: readonly DnsCheckSpec[];
  /**
   * How many vantage regions' probers (this one among them) read hosted zones' name servers from
   * Route 53 (checks with a `zoneId`): they share the account's Route 53 request rate, each reading
   * at that share of its pace (lambdas/dns-prober/zone-servers.ts). Absent when this prober reads none.
   */
  readonly route53Readers?: number;
}

/** At most `burst` calls at once, then `perSecond`. */
export interface Pace {
  readonly perSecond: number;
  readonly burst: number;
}

/**
 * The pace of a prober's Route 53 reads: half the account's request rate, with a fifth of its burst
 * (ROUTE53_API), shared by the probers of every region that reads (route53Readers), so the
 * account's other callers still get through (lambdas/dns-prober/zone-servers.ts).
 */
export const ZONE_READ_PACE: Pace = { perSecond: ROUTE53_API.requestsPerSecond / 2, burst: ROUTE53_API.burst / 5 };

/** One reader's share of `pace` when `readers` read together: a `readers`-th of the rate and of the burst (at least one call). */
export function sharedPace(readers: number, pace: Pace = ZONE_READ_PACE): Pace {
  const n = Math.max(1, Math.floor(readers));
  return { perSecond: pace.perSecond / n, burst: Math.max(1, pace.burst / n) };
}

/**
 * A scheduled run's time for Route 53 reads: 20 of the function's 50 seconds
 * (lib/dns-checks/prober.ts), leaving the rest to the queries (at most 10 s a query, a TCP retry
 * after a truncated answer included). A zone not read in that time keeps the name servers last read
 * or, never read, waits for a later run: its check publishes nothing this minute, which its alarm
 * counts as passing, instead of failing for want of a Route 53 read.
 */
export const LOOKUP_BUDGET_MS = 20_000;

/**
 * How many zones one run reads at most when none is kept: its bucket holds `burst` / readers
 * tokens at the start and gains `perSecond` / readers a second; each read takes one, and the last
 * must start within the budget.
 */
export function zoneReadsPerRun(readers: number, pace: Pace = ZONE_READ_PACE, budgetMs = LOOKUP_BUDGET_MS): number {
  const share = sharedPace(readers, pace);
  return Math.floor(share.burst + share.perSecond * (budgetMs / 1000));
}

/**
 * Time the DNS check reporter keeps for publishing after asking the probers
 * (lambdas/dns-check-reporter/reporter.ts): an ask not answered by its function's remaining time
 * less this is given up, and its region named in the message. Its timeout is sized with it
 * (REPORTER_TIMEOUT_SECONDS, lib/dns-checks/reporter.ts).
 */
export const REPORT_PUBLISH_MARGIN_MS = 10_000;

/**
 * How long a prober keeps a zone's name servers at most: each zone is read again from Route 53
 * between half of this and all of it (lambdas/dns-prober/zone-servers.ts; the plan prices the
 * reads and the table's writes from it).
 */
export const ZONE_SERVERS_CACHE_MS = 6 * 3_600_000;

/**
 * Where a prober keeps the name servers it read from Route 53 (lambdas/dns-prober/zone-store.ts):
 * a DynamoDB table in each region whose prober reads hosted zones (lib/dns-checks/prober.ts), named
 * to the function by `envVar`. Lambda ends every execution environment after a few hours, even of
 * a function run every minute, and a new one started with nothing: at its pace share it read a few
 * zones a run and skipped the checks of the others until it had them (up to about 15 minutes with
 * 191 zones from 8 regions), every few hours in every region. From the table it has them all at
 * once. An item per zone: its name servers, when they were read (epoch ms), and a TTL (epoch s)
 * that lets DynamoDB drop the zones no check names any more.
 */
export const PROBER_ZONE_TABLE = {
  envVar: 'ZONE_SERVERS_TABLE',
  attributes: { key: 'zoneId', servers: 'nameServers', readAt: 'readAt', expiresAt: 'expiresAt' },
} as const;

/**
 * The threads of libuv's pool that the DNS prober runs with (its `UV_THREADPOOL_SIZE`, set in the
 * function's environment: lib/dns-checks/prober.ts) and `dns-monitor check`'s lookup helper too
 * (bin/lookup-helper.ts).
 * A server name is looked up with getaddrinfo, which runs on that pool, and libuv runs lookups (its
 * "slow I/O") on half the pool's threads at most: 2 of the default 4 (measured here: two lookups
 * that hang hold up a third, even of a name in /etc/hosts). A lookup cannot be cancelled, so before,
 * two server names whose lookups hung (their provider down) made every other server name of the
 * run wait and fail as not looked up (test/dns-checks/server-names.test.ts). With 64, lookups run
 * 32 at once: up to 31 may hang while the others go on (measured: 32 hanging hold up the next, 31
 * do not; with 8 threads, 4 and 3). libuv takes up to 1,024 and makes the threads when the pool
 * is first used, each stack growing as used ("Thread pool work scheduling", libuv documentation,
 * https://docs.libuv.org/en/v1.x/threadpool.html); Lambda allows a function 1,024 processes and
 * threads in all (LAMBDA_RUNTIME.processesAndThreads), so 64 leaves the runtime most of them.
 */
export const PROBER_LOOKUP_THREADS = 64;

/**
 * Each vantage region's prober input (its schedule's Input), by region in alphabetical order: the
 * checks it runs, in config order, and how many regions read Route 53. The one definition of the
 * input, for the schedules, the config's size bound and the model.
 */
export function probeEvents(checks: readonly DnsCheckSpec[], metricsRegion: string): Map<string, DnsProbeEvent> {
  const byRegion = new Map<string, DnsCheckSpec[]>();
  for (const spec of checks) for (const r of spec.regions) byRegion.set(r, [...(byRegion.get(r) ?? []), spec]);
  const regions = [...byRegion.keys()].sort((a, b) => a.localeCompare(b));
  const readers = regions.filter((r) => byRegion.get(r)!.some((c) => c.zoneId !== undefined)).length;
  return new Map(
    regions.map((vantage) => {
      const own = byRegion.get(vantage)!;
      const reads = own.some((c) => c.zoneId !== undefined);
      return [vantage, { vantage, metricsRegion, checks: own, ...(reads ? { route53Readers: readers } : {}) }];
    }),
  );
}

export interface DnsCheckResult {
  readonly name: string;
  readonly server: string;
  /** The address `server` was asked at, when it is a host name whose lookup gave one (looked up once a run). */
  readonly address?: string;
  readonly ok: boolean;
  /** The response code, or TIMEOUT / ERROR when no answer came. */
  readonly rcode: string;
  /** The answer values, normalized (lowercase names without the trailing dot). */
  readonly answers: readonly string[];
  /** Why it failed (empty when ok): what was expected against what this server answered. */
  readonly reason: string;
  /**
   * The name the server gave itself in this answer (NSID, RFC 5001: BIND's `server-id`, Knot's
   * `nsid`), printable text or `0x` and hex: which instance behind an anycast address answered.
   * Absent when it gave none or no answer came.
   */
  readonly nsid?: string;
  /**
   * Milliseconds from the query sent to the answer (a retry over TCP after a truncated UDP answer
   * included), rounded: dig's query time. Absent when no answer came.
   */
  readonly ms?: number;
}

/** What follows a server's address when the instance named itself: ` (NSID fra-2)`, else nothing. */
export function nsidLabel(nsid: string | undefined): string {
  return nsid ? ` (NSID ${nsid})` : '';
}

/** What follows a server given by name: the address it was asked at, ` [192.0.2.53]`, else nothing. */
export function addressLabel(address: string | undefined): string {
  return address ? ` [${address}]` : '';
}

/**
 * A server as results name it: `192.0.2.53`, `ns1.example.net [192.0.2.53]` when given by name,
 * and `… (NSID fra-2)` when the instance named itself.
 */
export function serverLabel(server: string, nsid: string | undefined, address?: string): string {
  return `${server}${addressLabel(address)}${nsidLabel(nsid)}`;
}

/**
 * A config file the recheck command names as it is: a path relative to the folder `cdk deploy`
 * runs in, of characters no shell reads specially, that is not taken for an option. Another path
 * is not named (the command says CONFIG), so an alert never carries text a shell would run.
 */
export const RECHECK_CONFIG_FILE = { maxChars: 200, pattern: /^(?![-/])(?!.*(?:^|\/)\.\.(?:\/|$))[A-Za-z0-9._+\/-]+$/ } as const;

/** Whether `file` may be named by the recheck command (RECHECK_CONFIG_FILE). */
export function isRecheckConfigFile(file: string): boolean {
  return file.length <= RECHECK_CONFIG_FILE.maxChars && RECHECK_CONFIG_FILE.pattern.test(file);
}

/**
 * How the on-call asks a check's servers again from their own machine (`dns-monitor check --only`,
 * bin/check.ts), as the follow-up alert says it: the command, and where to run it. It names the
 * deployment's config file when the app was given one it may name (isRecheckConfigFile), else
 * CONFIG and what that stands for.
 */
export function recheckCommand(check: string, configFile?: string): { command: string; where: string } {
  if (configFile !== undefined && isRecheckConfigFile(configFile)) {
    return { command: `npx dns-monitor check ${configFile} --only ${check}`, where: 'in the folder this deployment\'s cdk deploy runs in' };
  }
  return { command: `npx dns-monitor check CONFIG --only ${check}`, where: 'CONFIG: the config file of this deployment' };
}

/** How long an answer took, as results show it after the answer: ` in 12 ms`, or nothing when none came. */
export function answerTime(ms: number | undefined): string {
  return ms === undefined ? '' : ` in ${ms} ms`;
}

/**
 * What the reporter (lambdas/dns-check-reporter) asks the prober of one region when a check's alarm
 * enters ALARM: run this one check now and return what every server answered. The prober takes the
 * check from its own schedule's input, so it runs exactly what it runs every minute.
 */
export interface DnsReportRequest {
  readonly report: { readonly check: string };
}

/** The prober's answer to a report request: the check's results from its region, or why there are none. */
export type DnsReportResponse =
  | { readonly vantage: string; readonly check: string; readonly query: string; readonly type: string; readonly expected: string; readonly results: readonly DnsCheckResult[] }
  | { readonly vantage: string; readonly check: string; readonly error: string };

export function isReportRequest(event: unknown): event is DnsReportRequest {
  const r = (event as { report?: { check?: unknown } } | null)?.report;
  return typeof r === 'object' && r !== null && typeof r.check === 'string';
}

/** `type` of the message that follows a DNS check alarm with what each server answered from each region. */
export const DNS_CHECK_DETAIL_TYPE = 'dns-check-detail';

/**
 * The detail message the reporter publishes to a DNS check's alert topics (Lambda, SQS and the
 * default protocol receive it as JSON; email and SMS a text rendering; HTTPS a chat notification).
 */
export interface DnsCheckDetailMessage {
  readonly type: typeof DNS_CHECK_DETAIL_TYPE;
  readonly check: string;
  readonly alarmName: string;
  readonly severity: Severity;
  /** Region of the alarm (the deployment's primary region). */
  readonly region: string;
  /** When the alarm entered ALARM (ISO 8601). */
  readonly alarmTime: string;
  /** When the servers were asked for this message (ISO 8601). */
  readonly checkedAt: string;
  readonly query?: string;
  readonly recordType?: string;
  /** The check's expectation in one line (expectationSummary). */
  readonly expected?: string;
  readonly dashboard?: string;
  /** The deployment's config file, as the recheck command names it (recheckCommand). */
  readonly configFile?: string;
  readonly vantages: readonly DnsCheckVantageDetail[];
}

export interface DnsCheckVantageDetail {
  readonly vantage: string;
  /** Why this region gave no results (its prober could not be asked, or does not run the check). */
  readonly error?: string;
  readonly results: readonly Pick<DnsCheckResult, 'server' | 'address' | 'ok' | 'rcode' | 'answers' | 'reason' | 'nsid' | 'ms'>[];
}

/** The failing servers of a detail message, region by region (SMS, Slack, the reporter's log read it). */
export function failingResults(m: Pick<DnsCheckDetailMessage, 'vantages'>): { readonly vantage: string; readonly result: DnsCheckVantageDetail['results'][number] }[] {
  return m.vantages.flatMap((v) => v.results.filter((r) => !r.ok).map((result) => ({ vantage: v.vantage, result })));
}

/** What a check expects, in one line (alarm descriptions, dashboards and detail messages say it). */
export function expectationSummary(spec: Pick<DnsCheckSpec, 'expect'>): string {
  const e = spec.expect;
  const parts = [`rcode ${e.rcode}`];
  if (e.answers) parts.push(`answers exactly ${e.answers.join(', ')}`);
  if (e.contains) parts.push(`answers include ${e.contains.join(', ')}`);
  if (e.excludes) parts.push(`answers exclude ${e.excludes.join(', ')}`);
  if (e.cidrs) parts.push(`answers in ${e.cidrs.join(', ')}`);
  if (e.count) parts.push(`${e.count.min ?? 0}-${e.count.max ?? '∞'} records`);
  if (e.ttl) parts.push(`TTL ${e.ttl.min ?? 0}-${e.ttl.max ?? '∞'} s`);
  if (e.authoritative) parts.push('authoritative (AA)');
  if (e.maxResponseMs !== undefined) parts.push(`answered within ${e.maxResponseMs} ms`);
  if (e.consistent) parts.push('same answer and SOA serial on every server');
  if (e.delegation) parts.push('parent NS/DS match the zone');
  if (e.dnssec) parts.push(`DNSSEC validates, signatures valid ≥ ${e.dnssec.minValidityHours} h`);
  return parts.join('; ');
}

/**
 * A server entry of a check (`servers`, `resolvers`, `parentServers`): `host`, `host:port`, `[v6]`,
 * `[v6]:port` or a bare IPv6 address (port 53 by default). The config reads it to check the
 * address, the prober to send the query.
 */
export function parseServer(server: string): { host: string; port: number } {
  const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(server);
  if (v6) return { host: v6[1], port: Number(v6[2] ?? 53) };
  const hp = /^([^:]+)(?::(\d+))?$/.exec(server);
  if (hp) return { host: hp[1], port: Number(hp[2] ?? 53) };
  return { host: server, port: 53 }; // a bare IPv6 address
}

