/**
 * Imported first by every script run by hand (`npm run fuzz:config`, the benches): the script's
 * temporary files (synthesis outdirs, the CDK's own, generated corpora) go under one directory of
 * its own, removed when it exits, whether it ends, fails or exits early. Without it a fuzz run left
 * a directory for each refused change (13,565 had piled up on one machine). Child processes
 * inherit the directory through TMPDIR and make their own inside it.
 *
 * A run stopped by a signal (Ctrl-C) cannot clean up: its work is synchronous, so a signal handler
 * would run only when the work is done, and Ctrl-C would no longer stop it. The directory names the
 * process instead, and the next script run removes those of processes that no longer exist.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const PREFIX = 'dns-monitor-script-';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists and belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

for (const name of fs.readdirSync(os.tmpdir())) {
  const pid = Number(new RegExp(`^${PREFIX}(\\d+)-`).exec(name)?.[1]);
  if (pid && !alive(pid)) fs.rmSync(path.join(os.tmpdir(), name), { recursive: true, force: true });
}

export const runTmpdir = fs.mkdtempSync(path.join(os.tmpdir(), `${PREFIX}${process.pid}-`));
process.env.TMPDIR = runTmpdir;
process.on('exit', () => fs.rmSync(runTmpdir, { recursive: true, force: true }));
