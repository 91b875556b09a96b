#!/usr/bin/env node
/**
 * `npm run plan -- -c config=PATH [--json | --markdown] [--queries-per-day N]`
 * `npx dns-monitor plan PATH ...` (bin/dns-monitor-cli.js)
 *
 * Synthesizes the app in memory (no AWS call) and prints what the config deploys, what it costs
 * per month and how fast each alarm fires. Progress goes to stderr, the plan to stdout.
 * Exit codes: 0 ok, 1 invalid config, a limit exceeded, a resource type without a price or a cdk.json
 * that is not valid JSON, 2 bad command line.
 */
import { CdkJsonError } from '../lib/app/cli-context';
import { ConfigError } from '../lib/config/errors';
import { planConfigFile, renderPlan, type PlanFormat } from '../lib/plan';
import { invalidWhat } from './cli-args';

export const USAGE = `Usage: dns-monitor plan [PATH] [options]
       npm run plan -- -c config=PATH [options]

Prints the resources a config deploys (per zone / VPC / health check), the estimated monthly AWS
cost line by line, the worst-case detection time of every alarm, and account-limit warnings.
No AWS call is made.

  PATH, --config PATH, -c config=PATH   config file (default dns-monitor.yaml)
  --json                                machine-readable output
  --markdown                            Markdown tables (for a pull request)
  --queries-per-day N                   also estimate log ingestion and Contributor Insights
                                        matched events for N queries per day per zone and VPC
  --quiet                               no progress messages on stderr
  -h, --help                            this text
`;

export interface PlanArgs {
  readonly config: string;
  readonly format: PlanFormat;
  readonly queriesPerDay?: number;
  readonly quiet: boolean;
  readonly help: boolean;
}

export class UsageError extends Error {}

export function parsePlanArgs(argv: readonly string[]): PlanArgs {
  let config: string | undefined;
  let format: PlanFormat = 'table';
  let queriesPerDay: number | undefined;
  let quiet = false;
  let help = false;
  const setConfig = (v: string | undefined, how: string) => {
    if (!v) throw new UsageError(`${how} needs a file path`);
    if (config !== undefined && config !== v) throw new UsageError(`two config files given (${config} and ${v}) — pass one`);
    config = v;
  };
  const args = [...argv];
  if (args[0] === 'plan') args.shift();
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--json' || a === '--markdown') {
      const f = a === '--json' ? 'json' : 'markdown';
      if (format !== 'table' && format !== f) throw new UsageError('--json and --markdown exclude each other — pick one');
      format = f;
    } else if (a === '-h' || a === '--help') help = true;
    else if (a === '--quiet' || a === '-q') quiet = true;
    else if (a === '--config') setConfig(args[++i], '--config');
    else if (a.startsWith('--config=')) setConfig(a.slice('--config='.length), '--config');
    else if (a === '-c' || a === '--context') {
      const kv = args[++i] ?? '';
      if (!kv.startsWith('config=')) throw new UsageError(`${a} ${kv}: only -c config=PATH is understood here`);
      setConfig(kv.slice('config='.length), '-c config=');
    } else if (a === '--queries-per-day' || a.startsWith('--queries-per-day=')) {
      const v = a.includes('=') ? a.split('=')[1] : args[++i];
      const n = Number(v);
      if (v === undefined || v === '' || !Number.isFinite(n) || n < 0) throw new UsageError(`--queries-per-day needs a number of queries (>= 0), got ${v ?? 'nothing'}`);
      queriesPerDay = n;
    } else if (a.startsWith('-')) throw new UsageError(`unknown option ${a}`);
    else setConfig(a, 'PATH');
  }
  return { config: config ?? 'dns-monitor.yaml', format, queriesPerDay, quiet, help };
}

/** Runs the command; returns the exit code. */
export function main(argv: readonly string[], out: NodeJS.WritableStream = process.stdout, err: NodeJS.WritableStream = process.stderr): number {
  let args: PlanArgs;
  try {
    args = parsePlanArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    err.write(`dns-monitor plan: ${e.message}\n\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    out.write(USAGE);
    return 0;
  }
  const started = Date.now();
  const onProgress = args.quiet ? undefined : (m: string) => err.write(`[plan ${((Date.now() - started) / 1000).toFixed(1)}s] ${m}\n`);
  try {
    const plan = planConfigFile(args.config, { queriesPerDay: args.queriesPerDay, onProgress });
    out.write(renderPlan(plan, args.format));
    const errors = plan.warnings.filter((w) => w.level === 'error').length + plan.unpricedTypes.length;
    if (errors > 0) err.write(`dns-monitor plan: ${errors} problem(s) would stop or mis-price this deployment (see Limits)\n`);
    return errors > 0 ? 1 : 0;
  } catch (e) {
    if (e instanceof ConfigError) {
      err.write(`Invalid ${invalidWhat(e, args.config)} (${e.issues.length} problem(s)); nothing was planned:\n`);
      for (const i of e.issues) err.write(`  ${i.path || '(top level)'}: ${i.message}\n`);
      return 1;
    }
    if (e instanceof CdkJsonError) {
      err.write(`dns-monitor plan: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
