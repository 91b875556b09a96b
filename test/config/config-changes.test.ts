/**
 * Every one-step change of the everything-on example (each key or list element removed, each list
 * element repeated) is refused with a config error or synthesizes within CloudFormation's limits,
 * and deployed over the example replaces nothing but what docs/rollout.md lists. The changes and
 * checks are scripts/fuzz-config.ts's (`npm run fuzz:config` runs more kinds: changed values,
 * reversed lists, `plan`). Found before it existed: a repeated alert address stopped `cdk synth`
 * with a stack trace.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { REPO } from '../support/synth';

const run = promisify(execFile);
/** Runs the script with a temporary directory of its own, and says what it left there (a hand run leaves it in the user's). */
async function fuzz(args: string[]): Promise<{ stdout: string; code?: number; left: string[] }> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fuzz-test-'));
  const result = (await run(process.execPath, ['-r', 'ts-node/register/transpile-only', path.join(REPO, 'scripts', 'fuzz-config.ts'), ...args], {
    cwd: REPO,
    maxBuffer: 1 << 24,
    env: { ...process.env, TMPDIR: tmp },
  }).catch((e: { stdout: string; code: number }) => e)) as { stdout: string; code?: number };
  // v8-compile-cache (loaded with ts-node, before the script runs) keeps one cache directory that every run reuses: not a leftover.
  const left = fs.readdirSync(tmp).filter((name) => !name.startsWith('v8-compile-cache'));
  fs.rmSync(tmp, { recursive: true, force: true });
  return { ...result, left };
}

describe('one-step changes of the everything-on example', () => {
  it('each removed key or repeated list element is refused or synthesizes', async () => {
    const { stdout, code, left } = await fuzz(['--mode', 'synth', '--kinds', 'delete,dup']);
    expect(stdout).toMatch(/\| synth \| examples\/everything-on\.yaml \| delete,dup \| \d{3} \| 0 \|/);
    expect(stdout.split('\n').filter((l) => l.startsWith('FINDING'))).toEqual([]);
    expect(code ?? 0).toBe(0);
    // Refused changes included: nothing left in the temporary directory.
    expect(left).toEqual([]);
  }, 600_000);

  it('each removed key, deployed over the example, replaces nothing it should not', async () => {
    const { stdout, code, left } = await fuzz(['--mode', 'updates', '--kinds', 'delete']);
    expect(stdout).toMatch(/\| updates \| examples\/everything-on\.yaml \| delete \| \d{3} \| 0 \|/);
    expect(stdout.split('\n').filter((l) => l.startsWith('FINDING'))).toEqual([]);
    expect(code ?? 0).toBe(0);
    expect(left).toEqual([]);
  }, 600_000);
});
