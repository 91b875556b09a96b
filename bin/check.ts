#!/usr/bin/env node
/**
 * `npx dns-monitor check CONFIG [--nameserver HOST:PORT] [--json]`: runs every configured DNS check
 * once from this machine (before deploying, or in CI) with the prober's own code.
 * Exit codes: 0 every check passed, 1 a check failed, 2 bad command line or config.
 */
import { ConfigError } from '../lib/config/errors';
import { loadConfigFile } from '../lib/config/load';
import { serverProblem } from '../lib/config/dns-checks-schema';
import { Route53Client } from '@aws-sdk/client-route-53';
import { runChecks } from '../lambdas/dns-prober/run';
import { ZoneServers } from '../lambdas/dns-prober/zone-servers';
import { configErrorExit, parseArgs, runCommand } from './cli-args';

export const USAGE = `Usage: dns-monitor check [PATH] [--nameserver HOST:PORT] [--json]

Runs every check under dnsChecks once from this machine (those with deploy: false too) and prints
what each server answered.

  PATH, --config PATH, -c config=PATH   config file (default dns-monitor.yaml)
  --nameserver HOST[:PORT]              send every query to this server instead of the checks' own
  --json                                { "checks": [ { "name", "server", "ok", "rcode", "answers", "reason" } ] }
  -h, --help                            this text
`;

export function parseCheckArgs(argv: readonly string[]): { config: string; nameserver?: string; json: boolean; help: boolean } {
  const a = parseArgs('check', argv, { switches: ['--json'], values: ['--nameserver'] });
  return { config: a.config, nameserver: a.values['--nameserver'], json: a.switches.has('--json'), help: a.help };
}

export function main(argv: readonly string[]): Promise<number> {
  return runCommand('check', USAGE, argv, parseCheckArgs, async (args) => {
    const bad = args.nameserver === undefined ? undefined : serverProblem(args.nameserver);
    if (bad) {
      process.stderr.write(`dns-monitor check: --nameserver ${args.nameserver}: ${bad}\n`);
      return 2;
    }
    let specs;
    try {
      const cfg = loadConfigFile(args.config);
      // Every check of the config, the deployed ones and those with deploy: false.
      specs = [...cfg.dnsChecks, ...cfg.localDnsChecks];
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      return configErrorExit(args.config, e);
    }
    if (specs.length === 0) {
      process.stderr.write(`dns-monitor check: ${args.config} has no dnsChecks — add some (docs/dns-checks.md)\n`);
      return 2;
    }
    // Checks with a zoneId ask its name servers, read from Route 53 with your credentials (GetHostedZone).
    const zoneIds = args.nameserver ? [] : specs.flatMap((s) => (s.zoneId ? [s.zoneId] : []));
    const zones = zoneIds.length > 0 ? await new ZoneServers(new Route53Client({ region: 'us-east-1' })).lookup(zoneIds) : { servers: {}, errors: {} };
    for (const why of Object.values(zones.errors)) process.stderr.write(`dns-monitor check: ${why}\n`);
    const checks = await runChecks(specs, { nameserver: args.nameserver, zoneServers: zones.servers });
    if (args.json) process.stdout.write(`${JSON.stringify({ checks }, null, 2)}\n`);
    else {
      for (const c of checks) {
        process.stdout.write(`${c.ok ? '✓' : '✗'} ${c.name} @ ${c.server}: ${c.rcode} ${c.answers.join(', ') || '(no answers)'}${c.ok ? '' : `\n    ${c.reason}`}\n`);
      }
      const failed = checks.filter((c) => !c.ok).length;
      process.stdout.write(failed ? `${failed} of ${checks.length} failed.\n` : `all ${checks.length} passed.\n`);
    }
    return checks.every((c) => c.ok) ? 0 : 1;
  });
}

if (require.main === module) void main(process.argv.slice(2)).then((code) => (process.exitCode = code));
