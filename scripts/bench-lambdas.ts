/**
 * Lambda bundle benchmark: for every folder in lambdas/*, bundles index.ts with esbuild the way
 * ProductFunction does (minified ESM, BUNDLE.target, @aws-sdk/* external, same banner) into .bench/,
 * then prints bundle size, gzip size and module init time.
 *
 * Init time = median of 7 runs, each in a fresh `node` process that measures performance.now()
 * around a dynamic import of the bundle (external @aws-sdk modules resolve from node_modules).
 * A lambda whose module scope needs environment variables can provide them in
 * lambdas/<name>/bench.env.json (dummy values; nothing is called at import time).
 *
 * Usage: npm run bench:lambdas -- [--json]
 */
import './run-tmpdir'; // first: every temporary file of the run goes to a directory removed on exit
import { buildSync } from 'esbuild';
import { esbuildOptions } from '../lib/lambda/product-function';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { benchArgs } from './bench-args';

const ROOT = path.resolve(__dirname, '..');
const OUT = path.join(ROOT, '.bench');
const RUNS = 7;
/** Targets for the Slack notifier (docs/benchmarks.md). */
const TARGETS: Record<string, { maxBytes: number; maxInitMs: number }> = {
  'slack-notifier': { maxBytes: 300 * 1024, maxInitMs: 150 },
};

export interface LambdaBench {
  lambda: string;
  bytes: number;
  gzipBytes: number;
  initMedianMs?: number;
  initRunsMs: number[];
  /** Median time to import only the external modules (@aws-sdk/*) the bundle imports. */
  externalsMedianMs?: number;
  externals: string[];
  error?: string;
}

function bundle(name: string): { file: string; externals: string[] } {
  const outfile = path.join(OUT, name, 'index.mjs');
  fs.mkdirSync(path.dirname(outfile), { recursive: true });
  const result = buildSync({ ...esbuildOptions(path.join(ROOT, 'lambdas', name, 'index.ts'), outfile), metafile: true });
  const externals = new Set<string>();
  for (const out of Object.values(result.metafile?.outputs ?? {})) {
    for (const imp of out.imports) if (imp.external && imp.path.startsWith('@aws-sdk/')) externals.add(imp.path);
  }
  return { file: outfile, externals: [...externals].sort() };
}

function benchEnv(name: string): Record<string, string> {
  const file = path.join(ROOT, 'lambdas', name, 'bench.env.json');
  const extra = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, string>) : {};
  return {
    PATH: process.env.PATH ?? '',
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_LAMBDA_FUNCTION_NAME: `bench-${name}`,
    ...extra,
  };
}

/** One fresh process: prints the duration of importing `specifiers` in ms, or fails with the import error. */
function initOnce(specifiers: string[], env: Record<string, string>): number {
  const imports = specifiers.map((s) => `await import(${JSON.stringify(s)});`).join(' ');
  const script = `const t0 = performance.now(); ${imports} console.log(JSON.stringify({ ms: performance.now() - t0 }));`;
  const res = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, env, encoding: 'utf8', timeout: 60_000 });
  if (res.status !== 0) {
    // The error's own line (Node prints the stack and its version after it), else the last lines.
    const out = (res.stderr || res.stdout || `exit ${res.status}`).trim().split('\n');
    throw new Error(out.find((l) => /^\w*Error\b/.test(l)) ?? out.slice(-3).join(' '));
  }
  const line = res.stdout.trim().split('\n').pop() ?? '';
  return (JSON.parse(line) as { ms: number }).ms;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** `runs`: fresh processes per lambda (the table's median is of RUNS; a test starts each once). */
export function benchLambdas(names?: string[], runs = RUNS): LambdaBench[] {
  const dirs = names ?? fs.readdirSync(path.join(ROOT, 'lambdas')).filter((d) => fs.existsSync(path.join(ROOT, 'lambdas', d, 'index.ts'))).sort();
  return dirs.map((name) => {
    let buf: Buffer | undefined;
    try {
      const { file, externals } = bundle(name);
      buf = fs.readFileSync(file);
      const env = benchEnv(name);
      const initRuns: number[] = [];
      const externalRuns: number[] = [];
      // Interleaved so that load on a shared machine affects both series alike.
      for (let i = 0; i < runs; i++) {
        initRuns.push(initOnce([pathToFileURL(file).href], env));
        if (externals.length) externalRuns.push(initOnce(externals, env));
      }
      return {
        lambda: name,
        bytes: buf.length,
        gzipBytes: gzipSync(buf).length,
        initMedianMs: median(initRuns),
        initRunsMs: initRuns,
        externalsMedianMs: externals.length ? median(externalRuns) : 0,
        externals,
      };
    } catch (e) {
      // A bundle that built but did not start keeps its sizes.
      return { lambda: name, bytes: buf?.length ?? 0, gzipBytes: buf ? gzipSync(buf).length : 0, initRunsMs: [], externals: [], error: (e as Error).message };
    }
  });
}

function kb(n: number): string {
  return `${(n / 1024).toFixed(1)} KB`;
}

export function formatTable(rows: LambdaBench[]): string {
  const lines = ['| lambda | bundle | gzip | init (median of 7) | of which @aws-sdk imports alone | target |', '|---|---|---|---|---|---|'];
  for (const r of rows) {
    const t = TARGETS[r.lambda];
    const target = t ? `< ${kb(t.maxBytes)}, < ${t.maxInitMs} ms: ${r.bytes < t.maxBytes && (r.initMedianMs ?? Infinity) < t.maxInitMs ? 'met' : 'NOT met'}` : '—';
    const init = r.error ? `error: ${r.error.slice(0, 120)}` : `${r.initMedianMs?.toFixed(1)} ms`;
    const sdk = r.externalsMedianMs === undefined ? '—' : `${r.externalsMedianMs.toFixed(1)} ms (${r.externals.length} modules)`;
    lines.push(`| ${r.lambda} | ${r.bytes} B (${kb(r.bytes)}) | ${r.gzipBytes} B (${kb(r.gzipBytes)}) | ${init} | ${sdk} | ${target} |`);
  }
  return lines.join('\n');
}

const USAGE = `Usage: npm run bench:lambdas -- [--json]

Bundles every function in lambdas/ as ProductFunction does and prints bundle size, gzip size and
module init time (median of ${RUNS} fresh processes) against the targets (docs/benchmarks.md).

  --json       the rows as JSON
  -h, --help   this text
`;

if (require.main === module) {
  const { values } = benchArgs('bench:lambdas', USAGE, { options: { json: { type: 'boolean', default: false } } });
  const rows = benchLambdas();
  if (values.json) console.log(JSON.stringify(rows, null, 2));
  else {
    console.log(`node ${process.version} on ${process.platform}/${process.arch}; ${RUNS} fresh processes per lambda`);
    console.log(formatTable(rows));
  }
  if (rows.some((r) => r.error)) process.exitCode = 1;
}
