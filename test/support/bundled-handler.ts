/**
 * A product Lambda handler bundled by esbuild exactly as ProductFunction bundles it, run in a
 * separate `node` process (ESM, the handler's own module-level wiring) with the environment given,
 * e.g. AWS_ENDPOINT_URL pointing at moto. Proves the bundle loads, reads its env and runs.
 */
import { buildSync } from 'esbuild';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { esbuildOptions } from '../../lib/lambda/product-function';

const ROOT = path.resolve(__dirname, '..', '..');

export interface BundledHandler {
  readonly file: string;
  /**
   * Invokes the handler once per event, in order, in one fresh process. `remainingMs`: what the
   * context's getRemainingTimeInMillis() answers (the time left before the function's timeout). @default 30000
   */
  invoke(
    events: unknown[],
    env: Record<string, string>,
    opts?: {
      remainingMs?: number;
      /** A command the `node` process is run under (its arguments follow), e.g. `unshare --mount -- sh -c …` to give it a resolv.conf of its own. */
      wrap?: readonly string[];
    },
  ): Promise<{ results: unknown[]; stdout: string; stderr: string; code: number | null; threads?: number }>;
  remove(): void;
}

/** Bundles `lambdas/<dir>/index.ts` inside the repo (so external @aws-sdk/* imports resolve from node_modules). */
export function bundleHandler(dir: string): BundledHandler {
  // A fresh clone has no .bench yet.
  fs.mkdirSync(path.join(ROOT, '.bench'), { recursive: true });
  const outdir = fs.mkdtempSync(path.join(ROOT, '.bench', `jest-${dir}-`));
  const file = path.join(outdir, 'index.mjs');
  buildSync(esbuildOptions(path.join(ROOT, 'lambdas', dir, 'index.ts'), file));
  return {
    file,
    remove: () => fs.rmSync(outdir, { recursive: true, force: true }),
    invoke(events, env, opts = {}) {
      const script = `
        const { handler } = await import(${JSON.stringify(pathToFileURL(file).href)});
        const { readFileSync } = await import('node:fs');
        const events = JSON.parse(readFileSync(process.env.TEST_EVENTS_FILE, 'utf8'));
        const results = [];
        for (const [i, e] of events.entries()) {
          const context = { functionName: process.env.AWS_LAMBDA_FUNCTION_NAME, functionVersion: '$LATEST', awsRequestId: 'req-' + i,
            invokedFunctionArn: 'arn:aws:lambda:' + process.env.AWS_REGION + ':123456789012:function:' + process.env.AWS_LAMBDA_FUNCTION_NAME, memoryLimitInMB: '256',
            getRemainingTimeInMillis: () => ${opts.remainingMs ?? 30000} };
          try { results.push({ ok: await handler(e, context) }); } catch (err) { results.push({ error: String(err) }); }
        }
        console.log('RESULTS ' + JSON.stringify(results));
        // The process's threads once the events ran (Linux's count in /proc), against a function's limit.
        const threads = /^Threads:\\s+(\\d+)$/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
        if (threads) console.log('THREADS ' + threads);`;
      const full = {
        PATH: process.env.PATH ?? '',
        AWS_ACCESS_KEY_ID: 'testing',
        AWS_SECRET_ACCESS_KEY: 'testing',
        AWS_EC2_METADATA_DISABLED: 'true',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        AWS_LAMBDA_FUNCTION_NAME: dir,
        ...env,
        // A file, not a variable: a large event would exceed the size of a process environment.
        TEST_EVENTS_FILE: path.join(outdir, `events-${process.hrtime.bigint()}.json`),
      };
      fs.writeFileSync(full.TEST_EVENTS_FILE, JSON.stringify(events));
      return new Promise((resolve, reject) => {
        const node = [process.execPath, '--input-type=module', '-e', script];
        const [command, ...args] = [...(opts.wrap ?? []), ...node];
        const child = spawn(command, args, { cwd: ROOT, env: full });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d) => (stdout += d));
        child.stderr.on('data', (d) => (stderr += d));
        child.on('error', reject);
        child.on('close', (code) => {
          const line = stdout.split('\n').find((l) => l.startsWith('RESULTS '));
          const threads = stdout.split('\n').find((l) => l.startsWith('THREADS '));
          resolve({ results: line ? JSON.parse(line.slice('RESULTS '.length)) : [], stdout, stderr, code, ...(threads ? { threads: Number(threads.slice('THREADS '.length)) } : {}) });
        });
      });
    },
  };
}
