/**
 * Runs DNS checks (contracts/dns-check.ts) against their servers: one result per check and server.
 * The servers asked are exactly the check's own (`servers`, `resolvers`, the zone's delegation set
 * when it has a `zoneId`), or `--nameserver`; delegation and DNSSEC checks also ask the parent
 * zone's servers, listed in the config or looked up with the lookup resolvers.
 */
import { getServers, promises as dns } from 'node:dns';
import * as net from 'node:net';
import type * as dnsPacket from 'dns-packet';
import { type DnsCheckResult, type DnsCheckSpec, parseServer, serverLabel } from '../../contracts/dns-check';
import { answerValues, failures, serverRemarks } from './assert';
import { wireType } from './record-types';
import { canonicalName, chainProblems, delegationProblems, type Ds, isAtOrBelow, labelsOf } from './dnssec';
import { denialProblems } from './denial';
import { type DnsAnswer, type NameLookup, query, QueryError, type ServerNames } from './query';
import { shownText } from './shown';
import { socketSlots } from './sockets';

export interface RunOptions {
  /** Send every query to this server instead of the check's own (`dns-monitor check --nameserver`). */
  readonly nameserver?: string;
  /** The name servers of each `zoneId`, as looked up in Route 53 (lambdas/dns-prober/zone-servers.ts). */
  readonly zoneServers?: Readonly<Record<string, readonly string[]>>;
  /** Why a `zoneId`'s name servers could not be read (zone-servers.ts): the check fails for the zone with it (checkResults). */
  readonly zoneErrors?: Readonly<Record<string, string>>;
  /** Resolvers used to find a zone's parent servers and the addresses of server names. @default the machine's */
  readonly lookupServers?: readonly string[];
  /** Seconds since the epoch (DNSSEC validity). @default the clock */
  readonly now?: number;
  /**
   * Ask an EDNS query that gets no answer over UDP once more without EDNS, to say whether EDNS is
   * what goes unanswered (`dns-monitor check`; not the prober, whose runs are budgeted).
   */
  readonly diagnose?: boolean;
  /** The server names this run has looked up (query.ts): runChecks and the prober's runNow give each run its own. */
  readonly serverNames?: ServerNames;
  /**
   * How server names are looked up when no lookup servers are given: `dns-monitor check` makes
   * its system lookups in a helper process it can end (bin/lookup-helper.ts). @default the
   * system's resolver in this process (query.ts), as the prober does
   */
  readonly systemLookup?: NameLookup;
}

/** Every server a check asks, in order: its own list, then its zone's delegation set. */
export function checkTargets(spec: DnsCheckSpec, opts: RunOptions = {}): string[] {
  if (opts.nameserver) return [opts.nameserver];
  const own = [...spec.servers, ...(spec.zoneId ? opts.zoneServers?.[spec.zoneId] ?? [] : [])];
  return own.length > 0 ? [...new Set(own)] : spec.zoneId ? [] : getServers();
}

/** The lookups a run makes: addresses (A, AAAA) and name servers of a name. */
interface Lookups {
  resolve4(name: string): Promise<string[]>;
  resolve6(name: string): Promise<string[]>;
  resolveNs(name: string): Promise<string[]>;
}

/** One resolver per set of lookup servers: each holds its own sockets, so one is made once and shared. */
const resolvers = new Map<string, dns.Resolver>();

function sharedResolver(opts: RunOptions): dns.Resolver {
  const key = (opts.lookupServers ?? []).join(',');
  let r = resolvers.get(key);
  if (!r) {
    r = new dns.Resolver({ timeout: 2000, tries: 2 });
    if (opts.lookupServers?.length) r.setServers([...opts.lookupServers]);
    resolvers.set(key, r);
  }
  return r;
}

/** The lookups of a run outside a query, each waiting for a socket slot as queries do (sockets.ts). */
function resolver(opts: RunOptions): Lookups {
  const shared = sharedResolver(opts);
  return {
    resolve4: (name) => socketSlots.run(() => shared.resolve4(name)),
    resolve6: (name) => socketSlots.run(() => shared.resolve6(name)),
    resolveNs: (name) => socketSlots.run(() => shared.resolveNs(name)),
  };
}

/**
 * How the queries of a run look up a server given by name (query.ts, within the check's time
 * limit): with the lookup resolvers when they are given, else the system's resolver (in this
 * process, or as `systemLookup` makes it). The lookup
 * runs in its query's socket slot, as getaddrinfo does: the resolver's sockets are its own and
 * shared, and a lookup that waited for a slot of its own could wait for ever once every slot is
 * held by a query waiting for a lookup.
 */
function nameLookup(opts: RunOptions): NameLookup | undefined {
  if (!opts.lookupServers?.length) return opts.systemLookup;
  const shared = sharedResolver(opts);
  return (host, family) => (family === 4 ? shared.resolve4(host) : shared.resolve6(host));
}

/**
 * Ends every lookup the lookup resolvers have not answered (each fails with ECANCELLED): a query
 * gives up on its lookup at the check's time limit, and `dns-monitor check` would otherwise wait
 * for the resolver's own retries (2 s × 2 tries) before it exits. Not for the prober, whose later
 * runs share the resolvers.
 */
export function cancelLookups(): void {
  for (const r of resolvers.values()) r.cancel();
}

async function ask(server: string, name: string, type: string, spec: DnsCheckSpec, opts: RunOptions, dnssec = false): Promise<DnsAnswer> {
  return query(server, name, type as dnsPacket.RecordType, { tcp: spec.tcp, timeoutMs: spec.timeoutMs, dnssec, diagnose: opts.diagnose, ipv6: spec.ipv6, names: opts.serverNames, lookup: nameLookup(opts) });
}

const ownedBy = (records: readonly dnsPacket.Answer[], owner: string, type: string) => records.filter((r) => r.type === type && canonicalName(r.name) === owner);

/**
 * The owner of a referral's NS records (a zone cut at the name or above it), if `a` is one: NS in
 * the authority section, no SOA. An upward referral (the root's NS, from a server that does not
 * serve the name) is none: that server is lame, as before.
 */
function referralCut(a: DnsAnswer, name: string): string | undefined {
  if (a.authorities.some((r) => r.type === 'SOA')) return undefined;
  const ns = a.authorities.find((r) => r.type === 'NS' && canonicalName(r.name) !== '' && isAtOrBelow(canonicalName(name), canonicalName(r.name)));
  return ns && canonicalName(ns.name);
}

/**
 * The apex of the zone that holds the queried name: the owner of the SOA in the answer, or of a
 * negative answer's authority. A name at or below a delegation of the servers' zone is answered
 * with a referral. A delegation check then checks the delegated zone (the referral's cut), which
 * these servers do not serve (lame: the check says so). A DNSSEC check checks the referral, an
 * answer of the zone that delegates, whose SOA a query of the name above the cut gives. When no
 * server gives one (a lame delegation), the queried name, with what each server answered instead
 * (`noSoa`).
 */
async function findApex(spec: DnsCheckSpec, servers: readonly string[], opts: RunOptions): Promise<{ apex: string; noSoa?: string }> {
  const answered: string[] = [];
  for (const s of servers) {
    try {
      let a = await ask(s, spec.query, 'SOA', spec, opts);
      const cut = referralCut(a, spec.query);
      if (cut && spec.expect.delegation !== undefined) return { apex: cut };
      if (cut && labelsOf(cut).length > 1) a = await ask(s, labelsOf(cut).slice(1).join('.'), 'SOA', spec, opts);
      const soa = [...a.answers, ...a.authorities].find((r) => r.type === 'SOA');
      if (soa) return { apex: canonicalName(soa.name) };
      answered.push(`${s} answered ${a.rcode}${a.rcode === 'NOERROR' ? ' without an SOA' : ''}`);
    } catch (e) {
      answered.push(`${s}: ${(e as Error).message}`);
    }
  }
  return { apex: canonicalName(spec.query), noSoa: answered.join('; ') };
}

/** The parent zone's servers: from the config, else looked up (NS of the nearest enclosing zone, then their addresses). */
async function parentServers(apex: string, listed: readonly string[], opts: RunOptions): Promise<string[]> {
  if (listed.length > 0) return [...listed];
  const r = resolver(opts);
  const labels = apex.split('.');
  for (let i = 1; i < labels.length; i++) {
    const parent = labels.slice(i).join('.');
    const names = await r.resolveNs(parent).catch(() => [] as string[]);
    if (names.length === 0) continue;
    const addrs = (await Promise.all(names.map((n) => r.resolve4(n).catch(() => [] as string[])))).flat();
    if (addrs.length > 0) return addrs;
  }
  throw new QueryError('ERROR', `could not find the servers of the parent zone of ${apex} — list them under parentServers`);
}

/** The glue addresses of `names` in a referral's additional section, by name and type. */
function glueOf(additionals: readonly dnsPacket.Answer[], names: readonly string[]): Map<string, Map<'A' | 'AAAA', string[]>> {
  const out = new Map<string, Map<'A' | 'AAAA', string[]>>();
  for (const r of additionals) {
    const name = canonicalName(r.name);
    if ((r.type !== 'A' && r.type !== 'AAAA') || !names.includes(name)) continue;
    const byType = out.get(name) ?? new Map<'A' | 'AAAA', string[]>();
    byType.set(r.type, [...(byType.get(r.type) ?? []), String((r as { data: string }).data)]);
    out.set(name, byType);
  }
  return out;
}

/**
 * Glue that differs from the zone: for each name server inside the zone that both the zone lists
 * and the parent gives glue for, the addresses of each type the zone's server gives that name.
 * Resolvers take the parent's glue to reach such a server (glue: RFC 1034 4.2.1; its place in
 * referrals: RFC 9471), so glue left behind after a name server moved sends them to an address
 * the zone no longer lists.
 */
async function glueProblems(spec: DnsCheckSpec, server: string, parent: ParentView, zoneNs: readonly string[], opts: RunOptions): Promise<string[]> {
  const out: string[] = [];
  const sorted = (xs: readonly string[]) => [...new Set(xs.map((x) => x.toLowerCase()))].sort();
  for (const [name, byType] of parent.glue) {
    // A name server the zone does not list is the NS-set difference delegationProblems reports.
    if (!zoneNs.includes(name)) continue;
    for (const [type, glue] of byType) {
      let a: DnsAnswer;
      try {
        a = await ask(server, name, type, spec, opts);
      } catch (e) {
        out.push(`could not compare the parent's glue for ${name} (${type}) with the zone: ${(e as Error).message}`);
        continue;
      }
      const zone = sorted(ownedBy(a.answers, name, type).map((r) => String((r as { data: string }).data)));
      if (sorted(glue).join(' ') === zone.join(' ')) continue;
      out.push(
        `the parent's glue for ${name} is ${sorted(glue).join(', ')} (${type}); the zone gives ${zone.join(', ') || `no ${type} record`}: resolvers that take the parent's glue ask an address the zone no longer lists — update the glue at the registrar or parent zone`,
      );
    }
  }
  return out;
}

interface ParentView {
  readonly apex: string;
  /** Set when no server gave the zone's SOA (the apex is then the queried name): what they answered. */
  readonly noSoa?: string;
  readonly ns: string[];
  readonly ds: Ds[];
  /** The parent's glue: addresses of the name servers inside the zone, by name and type (A, AAAA). */
  readonly glue: ReadonlyMap<string, ReadonlyMap<'A' | 'AAAA', string[]>>;
  /** Name servers inside the zone the parent delegates to without glue (asked over TCP too). */
  readonly unglued: readonly string[];
  /** What is wrong with a name server name outside the zone, looked up once per run. */
  readonly nameServerProblem: (name: string) => Promise<string | undefined>;
}

/**
 * A name server inside the zone needs glue: resolvers cannot ask the zone for the address of its
 * own server, and the parent must send the glue it has with every referral (RFC 9471, 3.1).
 */
const missingGlue = (apex: string, name: string) =>
  `the parent gives no glue for ${name}, a name server inside ${apex}: resolvers cannot find its address without asking ${apex} itself — add its A or AAAA record at the registrar or in the parent zone`;

/**
 * A name server name outside the zone that the lookup resolvers say has no address: NXDOMAIN
 * (nothing there: a name whose domain has lapsed can be registered by anyone, who then answers for
 * the zone) or NODATA for both A and AAAA. A failed lookup (SERVFAIL, timeout) settles nothing and
 * is not reported.
 */
async function nameServerAddressProblem(apex: string, name: string, opts: RunOptions): Promise<string | undefined> {
  const r = resolver(opts);
  const codes = await Promise.all([r.resolve4(name), r.resolve6(name)].map((p) => p.then(() => 'OK', (e: NodeJS.ErrnoException) => e.code)));
  const remove = "the parent's delegation and the zone's NS records";
  if (codes.every((c) => c === dns.NOTFOUND)) {
    return `the name server ${name} of ${apex} does not exist (NXDOMAIN): resolvers that pick it get no answer, and whoever can register its domain can answer for ${apex} — remove it from ${remove}`;
  }
  if (codes.every((c) => c === dns.NODATA || c === dns.NOTFOUND)) {
    return `the name server ${name} of ${apex} has no address (no A or AAAA record): resolvers that pick it get no answer — give it an address or remove it from ${remove}`;
  }
  return undefined;
}

/** What the parent says about the zone: its NS (a referral, or an answer) and DS records, from the first parent server that answers. */
async function parentView(spec: DnsCheckSpec, servers: readonly string[], opts: RunOptions): Promise<ParentView> {
  const { apex, noSoa } = await findApex(spec, servers, opts);
  const listed = spec.expect.delegation?.parentServers.length ? spec.expect.delegation.parentServers : spec.expect.dnssec?.parentServers ?? [];
  const parents = await parentServers(apex, listed, opts);
  let last: unknown;
  for (const p of parents) {
    try {
      const ns = await ask(p, apex, 'NS', spec, opts);
      const ds = await ask(p, apex, 'DS', spec, opts, true);
      const nsNames = ownedBy([...ns.answers, ...ns.authorities], apex, 'NS').map((r) => canonicalName(String((r as { data: string }).data)));
      // Inside the zone, its apex included (a name server named as the zone needs glue as much as one below it).
      const inside = nsNames.filter((n) => isAtOrBelow(n, apex));
      let glue = glueOf(ns.additionals, inside);
      if (ns.transport === 'udp' && inside.some((n) => !glue.has(n))) {
        // A server older than RFC 9471 may leave glue out of a UDP referral without setting TC; over TCP it has room.
        glue = glueOf((await ask(p, apex, 'NS', { ...spec, tcp: true }, opts)).additionals, inside);
      }
      const lookups = new Map<string, Promise<string | undefined>>();
      return {
        apex,
        noSoa,
        glue,
        unglued: inside.filter((n) => !glue.has(n)),
        nameServerProblem: (name) => lookups.get(name) ?? lookups.set(name, nameServerAddressProblem(apex, name, opts)).get(name)!,
        ns: nsNames,
        ds: ownedBy(ds.answers, apex, 'DS').map((r) => (r as { data: Ds }).data),
      };
    } catch (e) {
      last = e;
    }
  }
  throw new QueryError('ERROR', `no parent server of ${apex} answered (${(last as Error)?.message ?? 'none listed'})`);
}

/** Delegation and DNSSEC problems of one server's copy of the zone. */
async function zoneProblems(spec: DnsCheckSpec, server: string, answer: DnsAnswer, parent: ParentView, opts: RunOptions): Promise<string[]> {
  const out: string[] = [];
  const keys = await ask(server, parent.apex, 'DNSKEY', spec, opts, true);
  if (spec.expect.delegation) {
    const ns = await ask(server, parent.apex, 'NS', spec, opts);
    out.push(...parent.unglued.map((n) => missingGlue(parent.apex, n)));
    // A server that does not serve the zone (lame) has no NS set or keys to compare with the parent's.
    const lame = ns.rcode !== 'NOERROR' || !ns.authoritative;
    const zoneNs = lame ? [] : ownedBy(ns.answers, parent.apex, 'NS').map((r) => canonicalName(String((r as { data: string }).data)));
    if (lame) out.push(`${server} does not serve ${parent.apex} (NS query: ${ns.rcode}${ns.authoritative ? '' : ', not authoritative'}): lame delegation`);
    else {
      out.push(...delegationProblems(parent.apex, parent.ns, zoneNs, parent.ds, keys.answers));
      out.push(...(await glueProblems(spec, server, parent, zoneNs, opts)));
    }
    // Name servers outside the zone, the parent's and this copy's: one that has no address is a dead (or claimable) delegation.
    const outside = [...new Set([...parent.ns, ...zoneNs])].filter((n) => !isAtOrBelow(n, parent.apex)).sort();
    for (const problem of await Promise.all(outside.map((n) => parent.nameServerProblem(n)))) if (problem) out.push(problem);
  }
  if (spec.expect.dnssec && parent.noSoa !== undefined) {
    // Without the zone, "no DS for the queried name" would be said of a name that is no zone at all.
    out.push(`no server gave the SOA of the zone holding ${canonicalName(spec.query)} (${parent.noSoa}), so its DNSSEC chain was not checked`);
  } else if (spec.expect.dnssec) {
    out.push(
      ...chainProblems({
        zone: parent.apex,
        ds: parent.ds,
        dnskeyAnswer: keys.answers,
        response: [...answer.answers, ...answer.authorities],
        now: opts.now ?? Math.floor(Date.now() / 1000),
        minValidityHours: spec.expect.dnssec.minValidityHours,
      }),
    );
    // A negative or wildcard answer must also prove itself (with the DS absent the zone is unsigned, said above).
    if (parent.ds.length > 0) {
      out.push(...denialProblems({ zone: parent.apex, qname: spec.query, qtype: wireType(spec.type), rcode: answer.rcode, answers: answer.answers, authorities: answer.authorities }));
    }
  }
  return out;
}

const failed = (spec: DnsCheckSpec, server: string, e: unknown): DnsCheckResult => ({
  name: spec.name,
  server,
  ...askedAt(server, e instanceof QueryError ? e.address : undefined),
  ok: false,
  rcode: e instanceof QueryError ? e.kind : 'ERROR',
  answers: [],
  reason: (e as Error).message,
});

/**
 * The SOA serial of the zone as `server` holds it (from the SOA answer, or a negative answer's
 * authority), with the NSID of the instance that gave it: behind an anycast address it may not be
 * the one that gave the check's answer.
 */
async function zoneSerial(spec: DnsCheckSpec, server: string, opts: RunOptions): Promise<{ serial?: number; nsid?: string }> {
  try {
    const a = await ask(server, spec.query, 'SOA', spec, opts);
    const soa = [...a.answers, ...a.authorities].find((r) => r.type === 'SOA') as { data: { serial: number } } | undefined;
    return { serial: soa?.data.serial, nsid: a.serverId };
  } catch {
    return {};
  }
}

/** A check's results against its servers, their answers and reasons as they may be shown (shown.ts). */
export async function runCheck(spec: DnsCheckSpec, opts: RunOptions = {}): Promise<DnsCheckResult[]> {
  return (await checkResults(spec, opts)).map((r) => ({ ...r, answers: r.answers.map(shownText), reason: shownText(r.reason) }));
}

/**
 * A check's results: one per server it asks, and, when the name servers of its `zoneId` could not
 * be read (opts.zoneErrors), one for the zone that fails with why: the check could not ask them,
 * whatever the servers it lists answer.
 */
async function checkResults(spec: DnsCheckSpec, opts: RunOptions): Promise<DnsCheckResult[]> {
  const servers = checkTargets(spec, opts);
  const unread = spec.zoneId !== undefined && !opts.nameserver && !opts.zoneServers?.[spec.zoneId]?.length ? opts.zoneErrors?.[spec.zoneId] : undefined;
  const zone = unread === undefined ? [] : [failed(spec, spec.zoneId!, new QueryError('ERROR', unread))];
  if (servers.length === 0) return zone.length > 0 ? zone : [failed(spec, spec.zoneId ?? '(none)', new QueryError('ERROR', `no name servers found for ${spec.zoneId}`))];
  return [...(await serverResults(spec, servers, opts)), ...zone];
}

/** What each of `servers` answered, against the check's expectation. */
async function serverResults(spec: DnsCheckSpec, servers: readonly string[], opts: RunOptions): Promise<DnsCheckResult[]> {
  const zoneLevel = spec.expect.delegation !== undefined || spec.expect.dnssec !== undefined;
  let parent: ParentView | Error | undefined;
  if (zoneLevel) parent = await parentView(spec, servers, opts).catch((e: Error) => e);
  const results = await Promise.all(
    servers.map(async (server): Promise<DnsCheckResult> => {
      try {
        const answer = await ask(server, spec.query, spec.type, spec, opts, spec.expect.dnssec !== undefined);
        // What is wrong with this server's answer, then what it says of it (its Extended DNS
        // Errors), then what the parent's servers could not say, which is none of its own.
        const why = failures(spec.query, spec.type, answer, spec.expect);
        if (parent && !(parent instanceof Error)) why.push(...(await zoneProblems(spec, server, answer, parent, opts)));
        if (why.length > 0) why.push(...serverRemarks(answer));
        if (parent instanceof Error) why.push(parent.message);
        return {
          name: spec.name,
          server,
          ...askedAt(server, answer.address),
          ok: why.length === 0,
          rcode: answer.rcode,
          answers: answerValues(answer, spec.query, spec.type),
          reason: why.join('; '),
          ...(answer.serverId ? { nsid: answer.serverId } : {}),
          ms: Math.round(answer.elapsedMs),
        };
      } catch (e) {
        return failed(spec, server, e);
      }
    }),
  );
  if (!spec.expect.consistent || results.length < 2) return results;
  const serials = await Promise.all(servers.map((s) => zoneSerial(spec, s, opts)));
  return consistency(spec, results, serials);
}

/** The address a server given by name was asked at (a result's `address`): none for an address, or when nothing was sent. */
function askedAt(server: string, address: string | undefined): { address?: string } {
  return address !== undefined && !net.isIP(parseServer(server).host) ? { address } : {};
}

/**
 * Consistency: every server that answered gives the same set, and holds the same SOA serial. Each
 * server is named with the instance (NSID) that gave the answer or the serial.
 */
function consistency(spec: DnsCheckSpec, results: DnsCheckResult[], serials: readonly { serial?: number; nsid?: string }[]): DnsCheckResult[] {
  const answered = results.map((r, i) => ({ r, ...serials[i] })).filter(({ r }) => r.rcode !== 'TIMEOUT' && r.rcode !== 'ERROR');
  const problems: string[] = [];
  if (new Set(answered.map(({ r }) => r.answers.join('\n'))).size > 1) {
    problems.push(`servers disagree: ${answered.map(({ r }) => `${serverLabel(r.server, r.nsid, r.address)}: ${r.answers.join(', ') || '(none)'}`).join(' | ')}`);
  }
  const withSerial = answered.filter(({ serial }) => serial !== undefined);
  if (spec.type !== 'SOA' && new Set(withSerial.map(({ serial }) => serial)).size > 1) {
    problems.push(`SOA serials differ: ${withSerial.map(({ r, serial, nsid }) => `${serverLabel(r.server, nsid, r.address)}: ${serial}`).join(' | ')}`);
  }
  if (problems.length === 0) return results;
  return results.map((r) => ({ ...r, ok: false, reason: [r.reason, ...problems].filter(Boolean).join('; ') }));
}

export async function runChecks(specs: readonly DnsCheckSpec[], opts: RunOptions = {}): Promise<DnsCheckResult[]> {
  const run: RunOptions = { ...opts, serverNames: opts.serverNames ?? new Map() };
  const all = await Promise.all(specs.map((s) => runCheck(s, run)));
  return all.flat();
}
