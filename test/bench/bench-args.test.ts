/**
 * The benchmark scripts' command lines, as a maintainer types them: --help prints the usage and
 * runs nothing; an unknown option (a typo) is one line on stderr and exit 2, never a bench with
 * default settings whose table looks like the measurement asked for.
 */
import { spawnSync } from 'node:child_process';
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
