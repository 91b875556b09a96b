/**
 * What the `dns-monitor` commands (check, doctor) share on the command line: the config file as
 * `PATH`, `--config PATH` or `-c config=PATH`, `-h/--help`, and one line on stderr with exit code 2
 * for a bad command line.
 */
import type { ConfigError } from '../lib/config/errors';
import { PLACEMENT_FILE } from '../lib/stacks/stack-assignments';

export class UsageError extends Error {}

export interface ParsedArgs {
  readonly config: string;
  readonly help: boolean;
  /** Flags without a value that were given. */
  readonly switches: ReadonlySet<string>;
  /** Flags with a value, by flag. */
  readonly values: Readonly<Record<string, string>>;
}

export function parseArgs(command: string, argv: readonly string[], flags: { switches?: readonly string[]; values?: readonly string[] }): ParsedArgs {
  const args = [...argv];
  if (args[0] === command) args.shift();
  let config: string | undefined;
  let help = false;
  const switches = new Set<string>();
  const values: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '-h' || a === '--help') help = true;
    else if (flags.switches?.includes(a)) switches.add(a);
    else if (flags.values?.includes(a)) {
      const v = args[++i];
      if (v === undefined) throw new UsageError(`${a} needs a value — see dns-monitor ${command} --help`);
      values[a] = v;
    } else if (a === '--config') config = args[++i];
    else if (a === '-c') {
      const v = args[++i] ?? '';
      config = v.startsWith('config=') ? v.slice('config='.length) : v;
    } else if (!a.startsWith('-') && config === undefined) config = a;
    else throw new UsageError(`unknown option '${a}' — see dns-monitor ${command} --help`);
  }
  return { config: config || 'dns-monitor.yaml', help, switches, values };
}

/** Parses, prints the usage for --help, and turns a UsageError into exit code 2; else runs. */
export async function runCommand<T>(command: string, usage: string, argv: readonly string[], parse: (argv: readonly string[]) => T & { help: boolean }, run: (args: T) => Promise<number>): Promise<number> {
  let args: T & { help: boolean };
  try {
    args = parse(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`dns-monitor ${command}: ${e.message}\n`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(usage);
    return 0;
  }
  return run(args);
}

/** A config error on stderr, one line per problem; exit code 2. */
export function configErrorExit(file: string, e: ConfigError): number {
  process.stderr.write(`Invalid ${invalidWhat(e, file)}:\n${e.issues.map((i) => `  ${i.path || '(top level)'}: ${i.message}`).join('\n')}\n`);
  return 2;
}

/**
 * An AWS call that failed (no credentials, access denied, a service error) on stderr, naming what
 * to check; exit code 2. One wording for every command that calls AWS with the user's credentials.
 */
export function awsCallFailedExit(command: string, e: unknown, check: string): number {
  const err = e as { name?: string; message?: string };
  process.stderr.write(`dns-monitor ${command}: AWS call failed: ${err.name ?? 'Error'}: ${err.message ?? String(e)} — check your credentials ${check}\n`);
  return 2;
}

/** What a ConfigError is about: the config file, or the stack placement file next to it. */
export function invalidWhat(e: ConfigError, configFile: string): string {
  return e.source.startsWith(PLACEMENT_FILE) ? e.source : `configuration in ${configFile}`;
}
