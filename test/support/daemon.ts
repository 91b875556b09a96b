/**
 * A server process started by a test (BIND, Unbound): spawned in the foreground, waited for until
 * `ready` says it serves, stopped with SIGTERM and its working directory removed.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';

export async function startDaemon(name: string, binary: string, args: readonly string[], dir: string, ready: (stderr: string) => Promise<boolean>): Promise<() => Promise<void>> {
  const proc = spawn(binary, [...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  proc.stderr?.on('data', (d) => (stderr = (stderr + d.toString()).slice(-4000)));
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`${name} exited (${proc.exitCode}):\n${stderr}`);
    if (await ready(stderr)) break;
    if (Date.now() > deadline) {
      proc.kill('SIGKILL');
      throw new Error(`${name} did not start within 20 s:\n${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return () =>
    new Promise<void>((resolve) => {
      proc.once('exit', () => {
        fs.rmSync(dir, { recursive: true, force: true });
        resolve();
      });
      proc.kill('SIGTERM');
    });
}
