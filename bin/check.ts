#!/usr/bin/env node
/**
 * `npx dns-monitor check CONFIG [--only NAME,...] [--nameserver HOST:PORT] [--hosted-zones] [--resolver HOST:PORT] [--json]`:
 * runs every configured DNS check once from this machine (before deploying, or in CI) with the
 * prober's own code, or those `--only` names (the check that paged); with `--hosted-zones`, also
 * the delegation of every monitored hosted zone.
 * Exit codes: 0 every check passed, 1 a check failed, 2 bad command line or config.
 */
import * as net from 'node:net';
import { answerTime, parseServer, serverLabel } from '../contracts/dns-check';
import { ROUTE53 } from '../lib/aws-facts';
import { ConfigError } from '../lib/config/errors';
import { loadConfigFile } from '../lib/config/load';
import type { ResolvedConfig } from '../lib/config/resolve';
import { serverProblem } from '../lib/config/dns-checks-schema';
import { nonPublicKind } from '../contracts/ip-ranges';
import { dnsCheckAlarmName } from '../lib/naming';
import { Route53Client } from '@aws-sdk/client-route-53';
import { hostedZoneChecks } from '../lib/dns-checks/zone-checks';
import { serverNameKey, type ServerNames } from '../lambdas/dns-prober/query';
import { cancelLookups, runChecks } from '../lambdas/dns-prober/run';
import { route53ReaderConfig, ZoneServers } from '../lambdas/dns-prober/zone-servers';
import { isCredentialsError } from '../lib/doctor/failed-calls';
import { configErrorExit, parseArgs, runCommand } from './cli-args';
import { LookupHelper } from './lookup-helper';
import type { LookupFunction } from 'node:net';

export const USAGE = `Usage: dns-monitor check [PATH] [--only NAME,...] [--nameserver HOST:PORT] [--hosted-zones] [--resolver HOST:PORT] [--json]

Runs every check under dnsChecks once from this machine (those with deploy: false too) and prints
what each server answered.

  PATH, --config PATH, -c config=PATH   config file (default dns-monitor.yaml)
  --only NAME[,NAME...]                 run only these checks (dnsChecks[].name, or its alarm's
                                        name; zone-<zone id> with --hosted-zones), e.g. the one
                                        whose alarm paged
  --nameserver HOST[:PORT]              send every query to this server instead of the checks' own
  --hosted-zones                        also check every zone of hostedZones: its parent delegates to
                                        its Route 53 name servers (read with route53:GetHostedZone),
                                        each serves it, a DS matches its key; with dnssec: true its
                                        DNSSEC chain too (check zone-<zone id>)
  --resolver HOST[:PORT]                look up parent zones' servers and name servers' addresses with
                                        this resolver instead of the machine's
  --json                                { "checks": [ { "name", "server", "address", "ok", "rcode", "answers", "reason", "nsid", "ms" } ] }
  -h, --help                            this text
`;

export function parseCheckArgs(argv: readonly string[]): { config: string; only?: string; nameserver?: string; resolver?: string; hostedZones: boolean; json: boolean; help: boolean } {
  const a = parseArgs('check', argv, { switches: ['--json', '--hosted-zones'], values: ['--only', '--nameserver', '--resolver'] });
  return {
    config: a.config,
    only: a.values['--only'],
    nameserver: a.values['--nameserver'],
    resolver: a.values['--resolver'],
    hostedZones: a.switches.has('--hosted-zones'),
    json: a.switches.has('--json'),
    help: a.help,
  };
}

/**
 * The checks `--only` names, in the config's order, or why it names none of them. A check's alarm
 * name (`<prefix>-dns-check-<name>`, what the page gives) names the check too.
 */
function onlyThese<T extends { readonly name: string }>(specs: readonly T[], only: string, file: string, prefix: string): T[] | string {
  const byAlarm = new Map(specs.map((s) => [dnsCheckAlarmName(prefix, s.name), s.name]));
  const names = [...new Set(only.split(',').map((n) => n.trim()))].filter((n) => n !== '').map((n) => byAlarm.get(n) ?? n);
  if (names.length === 0) return 'names no check — give one or more check names, comma-separated (dnsChecks[].name)';
  const known = specs.map((s) => s.name);
  const unknown = names.filter((n) => !known.includes(n));
  if (unknown.length > 0) {
    return `no check named ${unknown.join(', ')} in ${file} — its checks are ${firstNames(known)}`;
  }
  return specs.filter((s) => names.includes(s.name));
}

/** Check names as a message lists them: the first 20, then how many more. */
function firstNames(names: readonly string[]): string {
  return names.length > 20 ? `${names.slice(0, 20).join(', ')} and ${names.length - 20} more` : names.join(', ');
}

/**
 * How `check` makes its Route 53 client (test/doctor/permissions.test.ts records its calls), given
 * how its connections look Route 53's endpoint up (the lookup helper's, lookup-helper.ts).
 */
export interface CheckClients {
  readonly route53: (lookup: LookupFunction) => Route53Client;
}

const CHECK_CLIENTS: CheckClients = {
  route53: (lookup) =>
    new Route53Client({
      region: ROUTE53.globalRegion,
      ...route53ReaderConfig,
      requestHandler: { ...route53ReaderConfig.requestHandler, httpAgent: { lookup }, httpsAgent: { lookup } },
    }),
};

export function main(argv: readonly string[], clients: CheckClients = CHECK_CLIENTS): Promise<number> {
  return runCommand('check', USAGE, argv, parseCheckArgs, async (args) => {
    for (const [flag, value] of [['--nameserver', args.nameserver], ['--resolver', args.resolver]] as const) {
      const bad = value === undefined ? undefined : serverProblem(value);
      if (bad) {
        process.stderr.write(`dns-monitor check: ${flag} ${value}: ${bad}\n`);
        return 2;
      }
    }
    if (args.resolver !== undefined && !net.isIP(parseServer(args.resolver).host)) {
      process.stderr.write(`dns-monitor check: --resolver ${args.resolver}: give the resolver's IP address (and port), e.g. 192.0.2.53 or 192.0.2.53:5353\n`);
      return 2;
    }
    if (args.hostedZones && args.nameserver) {
      process.stderr.write('dns-monitor check: --hosted-zones asks each zone\'s parent and name servers; it cannot send every query to --nameserver — use one or the other\n');
      return 2;
    }
    let cfg: ResolvedConfig;
    let specs;
    try {
      cfg = loadConfigFile(args.config);
      // Every check of the config, the deployed ones and those with deploy: false.
      specs = [...cfg.dnsChecks, ...cfg.localDnsChecks, ...(args.hostedZones ? hostedZoneChecks(cfg) : [])];
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      return configErrorExit(args.config, e);
    }
    if (args.only !== undefined && specs.length > 0) {
      const chosen = onlyThese(specs, args.only, args.config, cfg.prefix);
      if (typeof chosen === 'string') {
        process.stderr.write(`dns-monitor check: --only ${args.only}: ${chosen}\n`);
        return 2;
      }
      specs = chosen;
    }
    if (specs.length === 0) {
      process.stderr.write(
        `dns-monitor check: ${args.config} has no dnsChecks${args.hostedZones ? ' and no hostedZones' : ''} — add some (docs/dns-checks.md)${args.hostedZones ? '' : ', or give --hosted-zones to check the delegation of its hosted zones'}\n`,
      );
      return 2;
    }
    // Server names, and Route 53's endpoint, are looked up in a helper process that ends with the
    // results (lookup-helper.ts), so the command never waits for a lookup it gave up on.
    const helper = new LookupHelper();
    const serverNames: ServerNames = new Map();
    let checks: Awaited<ReturnType<typeof runChecks>>;
    try {
      // Checks with a zoneId ask its name servers, read from Route 53 with your credentials (GetHostedZone).
      // No zoneId, no AWS client (nor the SDK's warnings on stderr).
      const zoneIds = args.nameserver ? [] : specs.flatMap((s) => (s.zoneId ? [s.zoneId] : []));
      const zones = zoneIds.length > 0 ? await readZones(clients.route53(helper.socketLookup), zoneIds, specs) : { servers: {}, errors: {}, unanswered: {} };
      if (!('noCredentials' in zones)) for (const why of Object.values(zones.errors)) process.stderr.write(`dns-monitor check: ${why}\n`);
      const unanswered = Object.fromEntries(Object.entries(zones.unanswered).map(([id, why]) => [id, `${why} — run the check again in a few minutes`]));
      for (const why of Object.values(unanswered)) process.stderr.write(`dns-monitor check: ${why}\n`);
      checks = await runChecks(specs, {
        serverNames,
        diagnose: true,
        nameserver: args.nameserver,
        zoneServers: zones.servers,
        // A zone Route 53 did not answer for fails its check with that too (the prober would wait for a later run).
        zoneErrors: { ...zones.errors, ...unanswered },
        ...(args.resolver ? { lookupServers: [args.resolver] } : { systemLookup: helper.lookup }),
      });
    } finally {
      // A lookup the command gave up on would keep it waiting: for the system's resolver to give
      // up (the helper's), or for the retries of the resolver given (--resolver).
      helper.close();
      cancelLookups();
    }
    if (!args.nameserver) {
      for (const line of await unreachableNames(checks, new Set(cfg.dnsChecks.map((c) => c.name)), serverNames)) process.stderr.write(`dns-monitor check: warning: ${line}\n`);
    }
    if (args.json) process.stdout.write(`${JSON.stringify({ checks }, null, 2)}\n`);
    else {
      for (const c of checks) {
        process.stdout.write(`${c.ok ? '✓' : '✗'} ${c.name} @ ${serverLabel(c.server, c.nsid, c.address)}: ${c.rcode} ${c.answers.join(', ') || '(no answers)'}${answerTime(c.ms)}${c.ok ? '' : `\n    ${c.reason}`}\n`);
      }
      const failed = checks.filter((c) => !c.ok).length;
      process.stdout.write(failed ? `${failed} of ${checks.length} failed.\n` : `all ${checks.length} passed.\n`);
    }
    return checks.every((c) => c.ok) ? 0 : 1;
  });
}

/**
 * The server names of deployed checks that resolve here to an address the prober cannot reach
 * (contracts/ip-ranges.ts, the list the config refuses written out): one line per name, naming
 * its checks and every such address its lookup gave, with the public ones beside them (the prober
 * asks the first address its lookup gives, and resolvers rotate a name's addresses, so such a name
 * fails some runs only). A warning, not a failure: where the prober runs, the name may resolve to
 * public addresses only (split horizon).
 */
async function unreachableNames(
  results: readonly { readonly name: string; readonly server: string; readonly address?: string }[],
  deployed: ReadonlySet<string>,
  names: ServerNames,
): Promise<string[]> {
  const found = new Map<string, { host: string; checks: string[] }>();
  for (const r of results) {
    if (r.address === undefined || !deployed.has(r.name)) continue;
    const host = parseServer(r.server).host;
    const entry = found.get(host.toLowerCase()) ?? { host, checks: [] };
    if (!entry.checks.includes(r.name)) entry.checks.push(r.name);
    found.set(host.toLowerCase(), entry);
  }
  const lines: string[] = [];
  for (const e of found.values()) {
    // The run's lookup of the name: every address it gave, the one its queries went to first.
    const looked = await names.get(serverNameKey(e.host, false))?.catch(() => undefined);
    const kinds = (looked?.all ?? []).map((address) => ({ address, kind: nonPublicKind(address) }));
    const unreachable = kinds.filter((k): k is { address: string; kind: string } => k.kind !== undefined);
    if (unreachable.length === 0) continue;
    const reachable = kinds.filter((k) => k.kind === undefined).map((k) => k.address);
    const which = `${e.host} (check${e.checks.length > 1 ? 's' : ''} ${e.checks.join(', ')}) resolves to`;
    const listed = unreachable.length === 1 ? `${unreachable[0].address} here, a ${unreachable[0].kind} address` : `${unreachable.map((u) => `${u.address} (a ${u.kind} address)`).join(', ')} here`;
    const fix = 'to check a server only your network reaches, set deploy: false';
    lines.push(
      reachable.length === 0
        ? `${which} ${listed}: the deployed prober runs outside your VPCs and reaches public addresses only, so it would time out on every run unless the name resolves to a public address where the prober runs — ${fix}`
        : `${which} ${listed}, besides ${reachable.join(', ')}: the deployed prober runs outside your VPCs and reaches public addresses only, and asks the first address its lookup gives, so a run given ${unreachable.map((u) => u.address).join(' or ')} would time out unless the name resolves otherwise where the prober runs — give the name public addresses only, or, ${fix}`,
    );
  }
  return lines;
}

/** Where `check` says which permission reads a zone's name servers. */
const READ_WITH = 'route53:GetHostedZone, docs/cli-permissions.md';

/**
 * The name servers of the zones, read from Route 53 at half the account's rate (said on stderr when
 * that takes a while). With no credentials to sign with (the on-call's machine, asking a check
 * again), nothing is read: one line says so for the run, naming the checks it leaves without
 * servers, and each of those fails saying why (`noCredentials`).
 */
async function readZones(route53: Route53Client, zoneIds: readonly string[], specs: readonly { readonly name: string; readonly zoneId?: string }[]) {
  try {
    await route53.config.credentials();
  } catch (e) {
    if (!isCredentialsError(e)) throw e;
    const names = specs.filter((s) => s.zoneId !== undefined).map((s) => s.name);
    process.stderr.write(
      `dns-monitor check: no AWS credentials were found (${(e as Error).message}): checks ${firstNames(names)} ask the name servers of their zoneId, read from Route 53 with your credentials (${READ_WITH}) — sign in (aws sso login, or set AWS_PROFILE) and run it again, or list the servers under servers\n`,
    );
    const why = (id: string) => `the name servers of ${id} were not read from Route 53: no AWS credentials were found where this runs — dns-monitor check reads them with your credentials (${READ_WITH})`;
    return { servers: {}, errors: Object.fromEntries(zoneIds.map((id) => [id, why(id)])), unanswered: {}, noCredentials: true as const };
  }
  const reader = new ZoneServers(route53);
  const distinct = new Set(zoneIds).size;
  if (distinct > reader.pace.burst) {
    process.stderr.write(`dns-monitor check: reading the name servers of ${distinct} zones from Route 53 at ${reader.pace.perSecond} a second (about ${Math.ceil((distinct - reader.pace.burst) / reader.pace.perSecond)} s), half the account's request rate\n`);
  }
  return reader.lookup(zoneIds);
}

if (require.main === module) void main(process.argv.slice(2)).then((code) => (process.exitCode = code));
