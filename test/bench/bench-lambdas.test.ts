/**
 * bench:lambdas starts every handler's bundle in a fresh process with lambdas/<name>/bench.env.json
 * as its environment: a handler that needs a variable at start (lambdas/shared/environment.ts)
 * needs it there, or its row is an error instead of a measurement (and the bench exits 1).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { benchLambdas } from '../../scripts/bench-lambdas';

it('every handler bundles and starts with the environment the bench gives it', () => {
  const handlers = fs.readdirSync(path.join(__dirname, '..', '..', 'lambdas')).filter((d) => fs.existsSync(path.join(__dirname, '..', '..', 'lambdas', d, 'index.ts')));
  const rows = benchLambdas(undefined, 1);
  expect(rows.map((r) => r.lambda).sort()).toEqual(handlers.sort());
  for (const r of rows) {
    expect({ lambda: r.lambda, error: r.error }).toEqual({ lambda: r.lambda, error: undefined });
    expect(r.bytes).toBeGreaterThan(0);
    expect(r.initRunsMs).toHaveLength(1);
  }
}, 120_000);
