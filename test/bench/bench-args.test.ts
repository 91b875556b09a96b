/**
 * The benchmark scripts' command lines, as a maintainer types them: --help prints the usage and
 * runs nothing; an unknown option (a typo) is one line on stderr and exit 2, never a bench with
 * default settings whose table looks like the measurement asked for.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const REPO = path.join(__dirname, '..', '..');
const run = (script: string, ...args: string[]) =>
  spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', `scripts/${script}.ts`, ...args], { cwd: REPO, encoding: 'utf8', timeout: 60_000 });

describe.each([
  ['bench-synth', 'bench:synth', '--checks'],
  ['bench-replay', 'bench:replay', 'No options'],
  ['bench-lambdas', 'bench:lambdas', '--json'],
  ['bench-slack-storm', 'bench:slack-storm', '--bursts'],
])('%s', (script, name, mentions) => {
  it('--help prints the usage and exits 0 without running', () => {
    const r = run(script, '--help');
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
    expect(r.stdout).toMatch(new RegExp(`^Usage: npm run ${name}`));
    expect(r.stdout).toContain(mentions);
    expect(r.stdout).not.toMatch(/\|---/); // no table: nothing was measured
  });

  it('an unknown option is exit 2 with one line naming it', () => {
    const r = run(script, '--jsno');
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`${name}: unknown option '--jsno' — see npm run ${name} -- --help\n`);
  });
});

it('bench:synth refuses a fleet size that is not a whole number', () => {
  const r = run('bench-synth', '1e3x');
  expect(r.status).toBe(2);
  expect(r.stderr).toMatch(/^bench:synth: a fleet size must be a positive whole number, not '1e3x'/);
});

it('bench:slack-storm refuses a storm size that is not a whole number', () => {
  const r = run('bench-slack-storm', '--alerts', '10,x');
  expect(r.status).toBe(2);
  expect(r.stderr).toMatch(/^bench:slack-storm: --alerts must be a positive whole number, not 'x'/);
});

describe('temporary files of a script run by hand', () => {
  // v8-compile-cache (loaded with ts-node, before the script runs) keeps one cache directory that every run reuses: not a leftover.
  const leftIn = (dir: string) => fs.readdirSync(dir).filter((name) => !name.startsWith('v8-compile-cache'));
  const filesUnder = (dir: string): number =>
    fs.readdirSync(dir, { withFileTypes: true }).reduce((n, e) => n + (e.isDirectory() ? 1 + filesUnder(path.join(dir, e.name)) : 1), 0);

  it('a fuzz run stopped with Ctrl-C stops at once, and the next script run removes what it left', async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'interrupted-'));
    const env = { ...process.env, TMPDIR: tmp };
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'scripts/fuzz-config.ts', '--mode', 'synth', '--kinds', 'delete'], {
      cwd: REPO,
      env,
      detached: true,
      stdio: 'ignore',
    });
    const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
    // Stopped while it writes synthesis outdirs: wait until there are some.
    const started = Date.now();
    while (filesUnder(tmp) < 10) {
      if (Date.now() - started > 90_000) throw new Error(`fuzz:config wrote nothing in 90 s: ${leftIn(tmp)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    // As Ctrl-C in a terminal: SIGINT to the process group, the script and the child it runs.
    const stoppedAt = Date.now();
    process.kill(-child.pid!, 'SIGINT');
    expect(await exited).toEqual({ code: null, signal: 'SIGINT' });
    expect(Date.now() - stoppedAt).toBeLessThan(5_000);
    expect(leftIn(tmp)).toEqual([expect.stringMatching(new RegExp(`^dns-monitor-run-${child.pid}-`))]);
    // Any later script run (here: only its help) removes the directory of a process that is gone.
    const next = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', 'scripts/bench-synth.ts', '--help'], { cwd: REPO, env, encoding: 'utf8' });
    expect(next.status).toBe(0);
    const left = leftIn(tmp);
    fs.rmSync(tmp, { recursive: true, force: true });
    expect(left).toEqual([]);
  }, 120_000);
});
