#!/usr/bin/env node
/**
 * `npx dns-monitor check CONFIG [--nameserver HOST:PORT] [--json]`: runs every configured DNS check
 * once from this machine (before deploying, or in CI) with the prober's own code.
 * Exit codes: 0 every check passed, 1 a check failed, 2 bad command line or config.
 */
import { ConfigError } from '../lib/config/errors';
import { loadConfigFile } from '../lib/config/load';
import { runChecks } from '../lambdas/dns-prober/run';

export const USAGE = `Usage: dns-monitor check [PATH] [--nameserver HOST:PORT] [--json]

Runs every check under dnsChecks once from this machine and prints what each server answered.

  PATH, --config PATH, -c config=PATH   config file (default dns-monitor.yaml)
  --nameserver HOST[:PORT]              send every query to this server instead of the checks' own
  --json                                { "checks": [ { "name", "server", "ok", "rcode", "answers", "reason" } ] }
  -h, --help                            this text
`;

class UsageError extends Error {}

export function parseCheckArgs(argv: readonly string[]): { config: string; nameserver?: string; json: boolean; help: boolean } {
  const args = [...argv];
  if (args[0] === 'check') args.shift();
  let config: string | undefined;
  let nameserver: string | undefined;
  let json = false;
  let help = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--json') json = true;
    else if (a === '-h' || a === '--help') help = true;
    else if (a === '--nameserver') {
      nameserver = args[++i];
      if (!nameserver) throw new UsageError('--nameserver needs HOST or HOST:PORT, e.g. --nameserver 127.0.0.1:5353');
    } else if (a === '--config') config = args[++i];
    else if (a === '-c') {
      const v = args[++i] ?? '';
      config = v.startsWith('config=') ? v.slice('config='.length) : v;
    } else if (!a.startsWith('-') && config === undefined) config = a;
    else throw new UsageError(`unknown option '${a}' — see dns-monitor check --help`);
  }
  return { config: config || 'dns-monitor.yaml', nameserver, json, help };
}

export async function main(argv: readonly string[]): Promise<number> {
  let args: ReturnType<typeof parseCheckArgs>;
  try {
    args = parseCheckArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`dns-monitor check: ${e.message}\n`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  let specs;
  try {
    specs = loadConfigFile(args.config).dnsChecks;
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    process.stderr.write(`Invalid configuration in ${args.config}:\n${e.issues.map((i) => `  ${i.path}: ${i.message}`).join('\n')}\n`);
    return 2;
  }
  if (specs.length === 0) {
    process.stderr.write(`dns-monitor check: ${args.config} has no dnsChecks — add some (docs/dns-checks.md)\n`);
    return 2;
  }
  const checks = await runChecks(specs, { nameserver: args.nameserver });
  if (args.json) process.stdout.write(`${JSON.stringify({ checks }, null, 2)}\n`);
  else {
    for (const c of checks) {
      process.stdout.write(`${c.ok ? '✓' : '✗'} ${c.name} @ ${c.server}: ${c.rcode} ${c.answers.join(', ') || '(no answers)'}${c.ok ? '' : `\n    ${c.reason}`}\n`);
    }
    const failed = checks.filter((c) => !c.ok).length;
    process.stdout.write(failed ? `${failed} of ${checks.length} failed.\n` : `all ${checks.length} passed.\n`);
  }
  return checks.every((c) => c.ok) ? 0 : 1;
}

if (require.main === module) void main(process.argv.slice(2)).then((code) => (process.exitCode = code));
