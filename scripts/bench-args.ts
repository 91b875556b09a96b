/**
 * The command line of the bench scripts: `-h/--help` prints the usage and runs nothing, and an
 * unknown option or a bad value is one line on stderr and exit 2. A typo (`--seed 10`) must never
 * run the default bench and print a table that looks like the measurement asked for.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

/** One line on stderr, exit 2. */
export function benchUsageError(bench: string, message: string): never {
  process.stderr.write(`${bench}: ${message} — see npm run ${bench} -- --help\n`);
  process.exit(2);
}

/** Parses strictly (`help` is added); prints `usage` and exits 0 for --help. */
export function benchArgs<T extends ParseArgsConfig & { strict?: true }>(bench: string, usage: string, config: T): ReturnType<typeof parseArgs<T>> {
  let help = false;
  const args = (config.args ?? process.argv.slice(2)).filter((a) => !((a === '-h' || a === '--help') && (help = true)));
  if (help) {
    process.stdout.write(usage);
    process.exit(0);
  }
  try {
    // strict is parseArgs's default; config never turns it off.
    return parseArgs({ ...config, args }) as ReturnType<typeof parseArgs<T>>;
  } catch (e) {
    // Node's messages: "Unknown option '--seed'. ...", "Option '--seeds <value>' argument missing".
    const text = String((e as Error).message);
    const unknown = /Unknown option '([^']+)'/.exec(text);
    const positional = /Unexpected argument '([^']+)'/.exec(text);
    return benchUsageError(bench, unknown ? `unknown option '${unknown[1]}'` : positional ? `unexpected argument '${positional[1]}'` : text.split('\n')[0].replace(/\.$/, ''));
  }
}

/** A number option: positive, or a whole number (positive or from 0). */
export function benchNumber(bench: string, name: string, value: string, what: 'positive whole number' | 'whole number' | 'positive number'): number {
  const v = Number(value);
  const ok = value.trim() !== '' && Number.isFinite(v) && (what === 'positive number' ? v > 0 : Number.isInteger(v) && (what === 'whole number' ? v >= 0 : v > 0));
  return ok ? v : benchUsageError(bench, `${name} must be a ${what}, not '${value}'`);
}
