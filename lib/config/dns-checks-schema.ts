/**
 * The `dnsChecks` section: active DNS checks (docs/dns-checks.md). Each check queries a name at the
 * servers it lists and asserts on the answer. Messages read "<what is wrong> — <how to fix it>".
 */
import { SEVERITIES } from '../../contracts/alarm-context';
import { z } from 'zod';
import { isIP } from 'node:net';
import { type DnsCheckSpec, type DnsRecordType, parseServer, probeEvents } from '../../contracts/dns-check';
import { expectedValueProblem, VALUE_EXAMPLES } from '../../contracts/record-values';
import { LAMBDA, ROUTE53 } from '../aws-facts';
import { regionSchema } from './regions';
import { canonicalName, nameError, QUERY_NAME, wildcardQueryProblem } from './domain-names';
import { nonPublicKind } from '../../contracts/ip-ranges';

export const DNS_CHECK_TYPES = ['A', 'AAAA', 'CNAME', 'MX', 'TXT', 'NS', 'SOA', 'SRV', 'CAA', 'PTR', 'HTTPS', 'SVCB', 'DS', 'DNSKEY'] as const satisfies readonly DnsRecordType[];
export const RCODES = ['NOERROR', 'NXDOMAIN', 'SERVFAIL', 'REFUSED', 'FORMERR', 'NOTIMP'] as const;
export const DEFAULT_DNS_TIMEOUT_MS = 2000;
/** Minutes between runs of a check, by default (EventBridge Scheduler's finest rate is 1 minute). */
export const DEFAULT_DNS_CHECK_INTERVAL_MINUTES = 1;
/** Signatures must stay valid this long, by default: a day to re-sign before validators fail. */
export const DEFAULT_DNSSEC_MIN_VALIDITY_HOURS = 24;
/** Servers a check may name: bounds the Target dimension of its metrics (and their cost). */
export const MAX_DNS_CHECK_SERVERS = 8;
/**
 * Our bound on one region's prober input (its checks as JSON, the schedule's Input). Neither the
 * Scheduler API reference nor the CloudFormation schema of AWS::Scheduler::Schedule states a
 * maximum for Target.Input (minLength 1 only), so the product stays far below Lambda's
 * asynchronous payload quota.
 */
export const MAX_PROBE_INPUT_BYTES = 64 * 1024;

/** Regions whose checks exceed MAX_PROBE_INPUT_BYTES as prober input, as config issues with the fix. */
export function probeInputIssues(specs: readonly DnsCheckSpec[], metricsRegion: string): { path: string; message: string }[] {
  return [...probeEvents(specs, metricsRegion)].flatMap(([region, event]) => {
    const bytes = Buffer.byteLength(JSON.stringify(event));
    return bytes <= MAX_PROBE_INPUT_BYTES
      ? []
      : [{ path: 'dnsChecks', message: `the ${event.checks.length} checks run from ${region} take ${bytes} bytes as prober input, more than ${MAX_PROBE_INPUT_BYTES} — run some of them from other regions, or split the config into two deployments (prefixes)` }];
  });
}

/** Vantage regions a check may list. */
export const MAX_DNS_CHECK_REGIONS = 8;

/**
 * How many vantages must fail before a check pages, by default: all of one or two, else a majority
 * but never fewer than two, so one flaky vantage never pages on its own.
 */
export function defaultMinFailingVantages(vantages: number): number {
  return vantages <= 2 ? vantages : Math.max(2, Math.ceil(vantages / 2));
}

/** The address of a server entry, when it is an IP address (not a host name). */
function ipOf(server: string): string | undefined {
  const { host } = parseServer(server);
  return isIP(host) === 0 ? undefined : host;
}

/** The longest check name (it is in alarm names, metric dimensions and the follow-up alert). */
export const MAX_DNS_CHECK_NAME_CHARS = 48;
const NAME = new RegExp(`^[a-z0-9](?:[a-z0-9-]{0,${MAX_DNS_CHECK_NAME_CHARS - 2}}[a-z0-9])?$`);
const HOST = /^(?:\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(?::\d{1,5})?$/;

/** What is wrong with a server entry (config or `check --nameserver`), or undefined. */
export function serverProblem(v: string): string | undefined {
  if (!HOST.test(v) && isIP(v) !== 6) return 'is not a server address — use an IP address or host name, optionally with :port (IPv6 in brackets: [2001:db8::53]:53)';
  const { port } = parseServer(v);
  if (!(port >= 1 && port <= 65535)) return `has port ${port} — a port is 1 to 65535 (53 by default), e.g. 192.0.2.53:53`;
  return undefined;
}

const server = z
  .string({ error: 'must be a server — an IP address or host name, optionally with :port, e.g. 192.0.2.53 or ns1.example.net:53' })
  .superRefine((v, ctx) => {
    const problem = serverProblem(v);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

const cidr = z.string().refine((v) => {
  const [addr, bits, extra] = v.split('/');
  const family = isIP(addr ?? '');
  const n = Number(bits);
  return extra === undefined && family !== 0 && Number.isInteger(n) && n >= 0 && n <= (family === 4 ? 32 : 128);
}, 'is not a CIDR — use address/prefix, e.g. 192.0.2.0/24 or 2001:db8::/32');

const range = (what: string) =>
  z
    .strictObject({
      min: z.number({ error: `must be a number — the smallest ${what}` }).int().min(0).optional(),
      max: z.number({ error: `must be a number — the largest ${what}` }).int().min(0).optional(),
    })
    .refine((r) => r.min === undefined || r.max === undefined || r.min <= r.max, 'has min above max — swap them');

const values = (what: string) => z.array(z.string({ error: `must be text — ${what}` }).min(1)).min(1, `is empty — list at least one ${what}, or remove the key`);

export const dnsCheckSchema = z.strictObject({
  name: z.string({ error: 'is required — 1-48 lowercase letters, digits or hyphens, e.g. www' }).regex(NAME, 'must be 1-48 lowercase letters, digits or hyphens, not starting or ending with a hyphen'),
  query: z.string({ error: 'is required — the name to query, e.g. www.example.com' }).regex(QUERY_NAME, nameError(QUERY_NAME, 'is not a domain name — e.g. www.example.com', wildcardQueryProblem)),
  type: z.enum(DNS_CHECK_TYPES, { error: `is not a record type this check supports — use one of ${DNS_CHECK_TYPES.join(', ')}` }),
  zoneId: z
    .string({ error: 'must be a Route 53 hosted zone id — e.g. Z0123456789ABCDEFGHIJ' })
    .regex(ROUTE53.hostedZoneId, 'is not a Route 53 hosted zone id — it starts with Z, e.g. Z0123456789ABCDEFGHIJ (the console and `aws route53 list-hosted-zones` show it)')
    .optional(),
  servers: z.array(server).min(1, 'is empty — list the authoritative servers to ask, or remove the key').optional(),
  resolvers: z.array(server).min(1, 'is empty — list the resolvers to ask, or remove the key').optional(),
  regions: z
    .array(regionSchema('a region the check runs from'))
    .min(1, 'is empty — list the regions to run the check from, or remove the key (default: the deployment\'s primary region)')
    .max(MAX_DNS_CHECK_REGIONS, `lists more than ${MAX_DNS_CHECK_REGIONS} regions — use at most ${MAX_DNS_CHECK_REGIONS} vantage points`)
    .refine((r) => new Set(r).size === r.length, 'lists a region twice — list each region once')
    .optional(),
  interval: z
    .union([z.number().int(), z.string().regex(/^\d+m$/)], { error: 'must be minutes between runs — a number (e.g. 5) or text such as 5m' })
    .transform((v) => (typeof v === 'number' ? v : Number(v.slice(0, -1))))
    .refine((m) => m >= 1 && m <= 60 && 60 % m === 0, 'must be 1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30 or 60 minutes (a divisor of an hour, so runs stay on the same minutes)')
    .optional(),
  alarm: z
    .strictObject({
      minFailingVantages: z.number({ error: 'must be a number — how many regions must fail before the alarm pages' }).int().min(1, 'must be at least 1').optional(),
      severity: z.enum(SEVERITIES, { error: 'must be critical or warning' }).optional(),
    })
    .optional(),
  deploy: z.boolean({ error: 'must be true or false — false: only `npx dns-monitor check` runs the check, the app deploys nothing for it' }).optional(),
  tcp: z.boolean({ error: 'must be true or false — true queries over TCP only (else UDP, with TCP when the answer is truncated)' }).optional(),
  timeoutMs: z.number({ error: 'must be a number of milliseconds — e.g. 2000' }).int().min(100, 'must be at least 100 ms').max(10_000, 'must be at most 10,000 ms').optional(),
  expect: z.strictObject({
    rcode: z.enum(RCODES, { error: `must be one of ${RCODES.join(', ')}` }).optional(),
    answers: values('expected answer (the answer set must equal this list)').optional(),
    contains: values('value the answers must contain').optional(),
    excludes: values('value the answers must not contain').optional(),
    cidr: z.union([cidr, z.array(cidr).min(1)]).optional(),
    count: range('number of answer records').optional(),
    ttl: range('TTL in seconds').optional(),
    authoritative: z.boolean({ error: 'must be true or false — true requires the AA flag (an authoritative answer)' }).optional(),
    maxResponseMs: z
      .number({ error: 'must be a number of milliseconds — e.g. 300' })
      .int('must be a whole number of milliseconds')
      .min(1, 'must be at least 1 ms')
      .max(10_000, 'must be at most 10,000 ms')
      .optional(),
    consistent: z.boolean({ error: 'must be true or false — true requires every server to give the same answer set and SOA serial' }).optional(),
    delegation: z
      .union([
        z.literal(true),
        z.strictObject({ parentServers: z.array(server).min(1, 'is empty — list the parent zone\'s servers, or use delegation: true to look them up').optional() }),
      ], { error: 'must be true, or { parentServers: [..] } — the parent zone\'s servers' })
      .optional(),
    dnssec: z
      .union([
        z.literal(true),
        z.strictObject({
          minValidityHours: z.number({ error: 'must be a number of hours — e.g. 24' }).int().min(0).max(24 * 90, 'must be at most 2160 hours (90 days)').optional(),
          parentServers: z.array(server).min(1, 'is empty — list the parent zone\'s servers, or remove the key to look them up').optional(),
        }),
      ], { error: 'must be true, or { minValidityHours, parentServers } — e.g. { minValidityHours: 24 }' })
      .optional(),
  }),
});

/** `an` before a type name said with a vowel sound first (an A, an MX, an HTTPS), else `a` (a CNAME, a TXT). */
const typeArticle = (type: string): string => (/^[AEFHILMNORSX]/.test(type) ? 'an' : 'a');

export const dnsChecksSchema = z.array(dnsCheckSchema).superRefine((checks, ctx) => {
  const seen = new Map<string, number>();
  checks.forEach((c, i) => {
    const first = seen.get(c.name);
    if (first !== undefined) ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `duplicate check name '${c.name}' (already used at dnsChecks[${first}]) — names appear in metric and alarm names and must be unique` });
    else seen.set(c.name, i);
    const servers = (c.servers?.length ?? 0) + (c.resolvers?.length ?? 0);
    if (servers > MAX_DNS_CHECK_SERVERS) ctx.addIssue({ code: 'custom', path: [i, 'servers'], message: `names ${servers} servers and resolvers — at most ${MAX_DNS_CHECK_SERVERS} per check (each is a metric); split the check` });
    const vantages = c.regions?.length ?? 1;
    if (c.alarm?.minFailingVantages !== undefined && c.alarm.minFailingVantages > vantages) {
      ctx.addIssue({ code: 'custom', path: [i, 'alarm', 'minFailingVantages'], message: `is ${c.alarm.minFailingVantages} but the check runs from ${vantages} region(s) — the alarm could never page; use at most ${vantages}` });
    }
    const timeoutMs = c.timeoutMs ?? DEFAULT_DNS_TIMEOUT_MS;
    if (c.expect.maxResponseMs !== undefined && c.expect.maxResponseMs >= timeoutMs) {
      ctx.addIssue({ code: 'custom', path: [i, 'expect', 'maxResponseMs'], message: `is ${c.expect.maxResponseMs} ms, but timeoutMs is ${timeoutMs} ms: a slower answer times out first — lower maxResponseMs or raise timeoutMs` });
    }
    for (const list of ['answers', 'contains', 'excludes'] as const) {
      (c.expect[list] ?? []).forEach((v, j) => {
        const why = expectedValueProblem(c.type, v);
        // A value no answer equals fails `answers` and `contains` on every run (and `excludes` never): refused before it pages.
        if (why) ctx.addIssue({ code: 'custom', path: [i, 'expect', list, j], message: `is not a value ${typeArticle(c.type)} ${c.type} record can have: ${why} — write it as in a zone file, e.g. ${VALUE_EXAMPLES[c.type]}` });
      });
    }
    // A resolver's answer never has the AA flag, and a resolver is no server of the zone: a delegation check reports it lame.
    const askedResolvers = (c.resolvers?.length ?? 0) > 0 ? 'resolvers' : (c.servers?.length ?? 0) === 0 && c.zoneId === undefined ? 'the resolvers of the machine it runs on (it lists no servers and no zoneId)' : undefined;
    if (askedResolvers !== undefined) {
      const always = "each gives a resolver's answer, which is never authoritative and comes from no server of the zone, so it would fail on every run";
      const needs = [
        ['delegation', c.expect.delegation !== undefined, "compares the zone's servers with the parent's", always],
        ['authoritative', c.expect.authoritative === true, 'requires the AA flag', always],
        // Resolvers keep the SOA for its TTL: after a change of the zone their serials differ until each cached copy expires.
        [
          'consistent',
          c.expect.consistent === true,
          "compares the zone's SOA serial on every server",
          'each gives the serial it has cached, so after every change of the zone they differ until their cached SOA records expire, and the check would fail',
        ],
      ] as const;
      for (const [key, set, what, why] of needs) {
        if (!set) continue;
        ctx.addIssue({ code: 'custom', path: [i, 'expect', key], message: `${what}, but the check asks ${askedResolvers}: ${why} — ask the zone's servers (servers, or zoneId) in a check of its own` });
      }
    }
    if (c.expect.cidr !== undefined && c.type !== 'A' && c.type !== 'AAAA') ctx.addIssue({ code: 'custom', path: [i, 'expect', 'cidr'], message: `applies to A and AAAA answers only, not ${c.type} — remove it or change the type` });
    if (c.deploy === false) {
      if (c.regions !== undefined || c.interval !== undefined || c.alarm !== undefined) {
        ctx.addIssue({ code: 'custom', path: [i, 'deploy'], message: 'is false, so only `npx dns-monitor check` runs this check: regions, interval and alarm configure the prober in the account — remove them, or remove deploy: false' });
      }
      return;
    }
    // The prober Lambda is not connected to the account's VPCs: a non-public address never answers it.
    const parents = (x: unknown) => (typeof x === 'object' && x !== null ? ((x as { parentServers?: string[] }).parentServers ?? []) : []);
    const lists: [(string | number)[], readonly string[]][] = [
      [['servers'], c.servers ?? []],
      [['resolvers'], c.resolvers ?? []],
      [['expect', 'delegation', 'parentServers'], parents(c.expect.delegation)],
      [['expect', 'dnssec', 'parentServers'], parents(c.expect.dnssec)],
    ];
    for (const [at, list] of lists) {
      list.forEach((server, j) => {
        const ip = ipOf(server);
        if (ip === undefined) return;
        const kind = LAMBDA.reachesAccountVpcs ? undefined : nonPublicKind(ip);
        if (kind !== undefined) {
          ctx.addIssue({
            code: 'custom',
            path: [i, ...at, j],
            message: `${server} is a ${kind} address, which the prober Lambda cannot reach: it is not connected to your VPCs, so the check would time out on every run and page — set deploy: false to run the check only with \`npx dns-monitor check\` from inside your network, or ask a public address`,
          });
        } else if (isIP(ip) === 6 && !LAMBDA.outboundIpv6OutsideVpc) {
          ctx.addIssue({
            code: 'custom',
            path: [i, ...at, j],
            message: `${server} is an IPv6 address, which the prober Lambda cannot reach: outside a VPC it has no outbound IPv6 (Lambda sends IPv6 only from dual-stack VPC subnets), so the check would fail on every run and page — name the server by its host name or IPv4 address, or set deploy: false to run the check only with \`npx dns-monitor check\``,
          });
        }
      });
    }
  });
});

export type DnsCheckConfig = z.output<typeof dnsCheckSchema>;

/** A check of the config, fully defaulted: what the prober and `dns-monitor check` run. */
export function resolveDnsCheck(c: DnsCheckConfig, defaultRegion: string): DnsCheckSpec {
  const e = c.expect;
  const regions = c.regions ?? [defaultRegion];
  const parentServers = (x: true | { parentServers?: string[] } | undefined) => (x === true || x === undefined ? [] : x.parentServers ?? []);
  return {
    name: c.name,
    query: canonicalName(c.query),
    type: c.type,
    servers: [...(c.servers ?? []), ...(c.resolvers ?? [])],
    ...(c.zoneId ? { zoneId: c.zoneId } : {}),
    regions,
    intervalMinutes: c.interval ?? DEFAULT_DNS_CHECK_INTERVAL_MINUTES,
    minFailingVantages: c.alarm?.minFailingVantages ?? defaultMinFailingVantages(regions.length),
    severity: c.alarm?.severity ?? 'critical',
    tcp: c.tcp ?? false,
    timeoutMs: c.timeoutMs ?? DEFAULT_DNS_TIMEOUT_MS,
    // Only `dns-monitor check` runs a check with deploy: false; the prober reaches IPv6 when Lambda does.
    ...(c.deploy === false || LAMBDA.outboundIpv6OutsideVpc ? { ipv6: true as const } : {}),
    expect: {
      rcode: e.rcode ?? 'NOERROR',
      answers: e.answers,
      contains: e.contains,
      excludes: e.excludes,
      cidrs: e.cidr === undefined ? undefined : Array.isArray(e.cidr) ? e.cidr : [e.cidr],
      count: e.count,
      ttl: e.ttl,
      authoritative: e.authoritative,
      ...(e.maxResponseMs !== undefined ? { maxResponseMs: e.maxResponseMs } : {}),
      consistent: e.consistent ?? false,
      ...(e.delegation ? { delegation: { parentServers: parentServers(e.delegation) } } : {}),
      ...(e.dnssec
        ? { dnssec: { minValidityHours: (e.dnssec === true ? undefined : e.dnssec.minValidityHours) ?? DEFAULT_DNSSEC_MIN_VALIDITY_HOURS, parentServers: parentServers(e.dnssec) } }
        : {}),
    },
  };
}
