/**
 * npm run bench:synth [-- --checks [--full]] [N ...] — synthesizes generated fleets of N hosted zones
 * (default 10, 100, 1000 and 5000; default signals) in fresh Node processes with the heap limit of
 * cdk.json's app command, and prints wall time, peak memory, stack count and the largest template.
 * `--checks` also runs the checks `cdk synth` runs (cdk-nag, cfn-guard, the CDK's CloudFormation
 * validation), `--full` on every stack as `-c checks=full` does; `--shared` puts every zone in one query log group. Targets on a 2-core machine: 1000 zones in under 60 s; 5000 zones in under 5 min
 * and 2 GB, every template within CloudFormation's limits.
 */
import './run-tmpdir'; // first: every temporary file of the run goes to a directory removed on exit
import { App } from 'aws-cdk-lib';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cliContext } from '../lib/app/cli-context';
import { addQualityPlugins } from '../lib/app/quality-plugins';
import { DnsMonitoring } from '../lib/dns-monitoring';
import { generatedZones } from '../test/support/synth';
import { benchArgs, benchNumber } from './bench-args';

/** The generated fleet; `shared`: every zone in one query log group (docs/configuration.md allows 999). */
function fleet(n: number, shared: boolean) {
  const config = generatedZones(n);
  if (shared) config.hostedZones = config.hostedZones!.map((z) => ({ ...z, queryLogging: { logGroupName: '/aws/route53/bench-shared' } }));
  return config;
}

function one(n: number, checks: boolean, shared: boolean, full: boolean): void {
  const start = process.hrtime.bigint();
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-synth-'));
  // Without --checks: no validation at all; with it, the checks `cdk synth` runs (lib/app/quality-plugins.ts).
  // cdk.json's feature flags, as `cdk synth` reads them (template sizes depend on them).
  const app = new App({ outdir, builtinCloudFormationValidation: checks, context: cliContext() });
  new DnsMonitoring(app, 'DnsMonitor', { config: fleet(n, shared), account: '111122223333' });
  if (checks) addQualityPlugins(app, { fullGuard: full });
  const assembly = app.synth();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  let maxResources = 0;
  let maxBytes = 0;
  for (const s of assembly.stacks) {
    maxResources = Math.max(maxResources, Object.keys(s.template.Resources ?? {}).length);
    maxBytes = Math.max(maxBytes, fs.statSync(s.templateFullPath).size);
  }
  fs.rmSync(outdir, { recursive: true, force: true });
  const rssKb = process.resourceUsage().maxRSS;
  process.stdout.write(JSON.stringify({ n, seconds, stacks: assembly.stacks.length, maxResources, maxBytes, rssKb }) + '\n');
}

/** The node flag cdk.json runs the app with. */
const HEAP_FLAG = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'cdk.json'), 'utf8')).app.split(' ').find((a: string) => a.startsWith('--max-old-space-size')) ?? '--max-old-space-size=1536';

const USAGE = `Usage: npm run bench:synth -- [--checks [--full]] [--shared] [N ...]

Synthesizes generated fleets of N hosted zones (default 10 100 1000 5000) in fresh Node processes
and prints wall time, peak memory, stacks and the largest template (docs/benchmarks.md).

  N ...        fleet sizes (hosted zones)
  --checks     also run the checks cdk synth runs (cdk-nag, cfn-guard, CloudFormation validation)
  --full       with --checks: on every stack, as cdk synth -c checks=full
  --shared     all zones in one query log group (at most 999 may share one)
  -h, --help   this text
`;

function main(): void {
  const args = process.argv.slice(2);
  // The child process this script starts for one fleet.
  if (args[0] === '--one') return one(Number(args[1]), args.includes('--checks'), args.includes('--shared'), args.includes('--full'));
  const { values, positionals } = benchArgs('bench:synth', USAGE, {
    options: { checks: { type: 'boolean', default: false }, full: { type: 'boolean', default: false }, shared: { type: 'boolean', default: false } },
    allowPositionals: true,
  });
  const { checks, full, shared } = values;
  if (full && !checks) throw new Error('bench:synth: --full needs --checks');
  const sizes = positionals.map((a) => benchNumber('bench:synth', 'a fleet size', a, 'positive whole number'));
  const rows: string[] = [];
  for (const n of sizes.length ? sizes : [10, 100, 1000, 5000]) {
    // The heap limit the CDK app runs with (cdk.json "app"): V8 collects before it grows past it.
    const res = spawnSync(process.execPath, [HEAP_FLAG, '-r', 'ts-node/register/transpile-only', __filename, '--one', String(n), ...(checks ? ['--checks'] : []), ...(full ? ['--full'] : []), ...(shared ? ['--shared'] : [])], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    const line = res.stdout.trim().split('\n').pop() ?? '';
    if (res.status !== 0 || !line.startsWith('{')) {
      process.stderr.write(res.stderr);
      throw new Error(`synthesis of ${n} zones${shared ? ' in one log group' : ''} failed`);
    }
    const r = JSON.parse(line);
    rows.push(
      `| ${n}${shared ? ' (one log group)' : ''} | ${checks ? (full ? 'every stack' : 'yes') : 'no'} | ${r.seconds.toFixed(1)} s | ${Math.round(r.rssKb / 1024)} MiB | ${r.stacks} | ${r.maxResources} | ${r.maxBytes.toLocaleString('en-US')} B |`,
    );
  }
  process.stdout.write(
    ['| zones | nag + guard | wall time | peak RSS | stacks | largest template (resources) | largest template (bytes) |', '|---|---|---|---|---|---|---|', ...rows].join('\n') + '\n',
  );
}

main();
