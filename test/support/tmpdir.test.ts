/**
 * jest runs, however started (`npm test`, `npx jest <file>`), write their temporary files under a
 * directory of the run's own that is removed when the run ends (test/support/tmpdir.ts, wired in
 * jest.config.js). Before, every run left about 2 GB of synthesized templates in /tmp.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO } from './synth';

const NESTED = 'DNS_MONITOR_TMPDIR_TEST_NESTED';

it('writes under the run\'s own temporary directory, named after the jest process that made it', () => {
  const dir = os.tmpdir();
  const m = /^dns-monitor-run-(\d+)-/.exec(path.basename(dir));
  expect(m).not.toBeNull();
  // The process is jest's own (this worker's parent, or this process when run in band).
  expect([process.pid, process.ppid]).toContain(Number(m![1]));
  fs.writeFileSync(path.join(dir, 'written-by-a-test'), 'x');
});

(process.env[NESTED] ? it.skip : it)('leaves nothing behind when the run ends', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'jest-run-'));
  const jest = path.join(REPO, 'node_modules', '.bin', 'jest');
  const r = spawnSync(jest, ['--runTestsByPath', __filename, '-t', 'writes under', '--cacheDirectory', path.join(os.tmpdir(), 'nested-jest-cache')], {
    cwd: REPO,
    env: { ...process.env, TMPDIR: tmp, [NESTED]: '1' },
    encoding: 'utf8',
  });
  const left = fs.readdirSync(tmp);
  fs.rmSync(tmp, { recursive: true, force: true });
  expect(r.stderr).toMatch(/Tests:\s+1 skipped, 1 passed, 2 total/);
  expect(r.status).toBe(0);
  expect(left).toEqual([]);
}, 120_000);
