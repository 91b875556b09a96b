/**
 * `npm run bench:detection` as a maintainer runs it, on a tiny corpus: it prints the detection
 * table, and `--signals` measures a variant, which the header names and the alarms really use
 * (a SERVFAIL alarm that needs more bad minutes than an outage of the corpus has never pages).
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const REPO = path.join(__dirname, '..', '..');

function bench(...extra: string[]): string {
  const out = spawnSync(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', 'scripts/bench-detection.ts', '--volumes', '50', '--kinds', 'servfail-all', '--seeds', '1', '--hours', '1', ...extra],
    { cwd: REPO, encoding: 'utf8', timeout: 120_000 },
  );
  expect(out.stderr).toBe('');
  expect(out.status).toBe(0);
  return out.stdout;
}

describe('bench:detection', () => {
  it('prints the default config\'s detection of a zone that answers only SERVFAIL', () => {
    const text = bench();
    expect(text).toMatch(/^Detection with the default config \(/);
    expect(text).toMatch(/^servfail-all +50 +1\/1 +\d+ s/m);
  });

  it('--signals measures a variant, named in the header', () => {
    // 41 of 45 bad minutes: more than the 40-minute outage can give.
    const text = bench('--signals', '{"servfail":{"evaluationPeriods":45,"datapointsToAlarm":41},"errors":{"enabled":false},"other-errors":{"enabled":false}}');
    expect(text).toMatch(/^Detection with the default config and signals \{"servfail":\{"evaluationPeriods":45,"datapointsToAlarm":41\},"errors":\{"enabled":false\},"other-errors":\{"enabled":false\}\} \(/);
    expect(text).toMatch(/^servfail-all +50 +0\/1 /m);
  });

  it('--help prints the options without running the bench; an unknown option or a bad number is exit 2', () => {
    const run = (...args: string[]) => spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', 'scripts/bench-detection.ts', ...args], { cwd: REPO, encoding: 'utf8', timeout: 120_000 });
    const help = run('--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: npm run bench:detection -- /);
    for (const flag of ['--hours', '--volumes', '--kinds', '--seeds', '--history-days', '--signals', '--list-pages']) expect(help.stdout).toContain(flag);
    expect(help.stdout).not.toMatch(/Detection with/);
    // A typo would otherwise run the default bench (one realization) and look like a result.
    const typo = run('--seed', '10');
    expect(typo.status).toBe(2);
    expect(typo.stderr).toMatch(/^bench:detection: unknown option '--seed'/);
    expect(typo.stdout).toBe('');
    const nan = run('--seeds', 'ten');
    expect(nan.status).toBe(2);
    expect(nan.stderr).toMatch(/^bench:detection: --seeds must be a positive whole number/);
    const kind = run('--kinds', 'servfail');
    expect(kind.status).toBe(2);
    expect(kind.stderr).toMatch(/^bench:detection: --kinds: unknown incident kind 'servfail' — one of servfail-all, /);
  });

  it('a bad --signals value is one line on stderr and exit 2, not a stack trace', () => {
    const run = (signals: string) =>
      spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', 'scripts/bench-detection.ts', '--volumes', '50', '--seeds', '1', '--hours', '1', '--signals', signals], { cwd: REPO, encoding: 'utf8', timeout: 120_000 });
    const notJson = run('{servfail');
    expect(notJson.status).toBe(2);
    expect(notJson.stderr).toMatch(/^bench:detection: --signals is not JSON/);
    const bad = run('{"servfial":{}}');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^bench:detection: .*unknown signal 'servfial' \(did you mean 'servfail'\?\)/s);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  });
});
