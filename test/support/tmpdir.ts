/**
 * A temporary directory of one's own for a run (a script run by hand, a jest run): everything the
 * run writes through os.tmpdir() (synthesis outdirs, the CDK's own, generated corpora, DNS
 * servers' files) goes under it, and it is removed when the run ends. Child processes inherit it
 * through TMPDIR. Without it every jest run left about 2 GB in /tmp and a fuzz run a directory per
 * refused change; the disk of one machine filled.
 *
 * A run stopped by a signal (Ctrl-C) cannot clean up: its work is synchronous, so a signal handler
 * would run only when the work is done, and Ctrl-C would no longer stop it. The directory names the
 * process instead, and the next run removes those of processes that no longer exist.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const PREFIX = 'dns-monitor-run-';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists and belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes the run directories, in the current temporary directory, of processes that are gone. */
export function removeStaleRunTmpdirs(): void {
  for (const name of fs.readdirSync(os.tmpdir())) {
    const pid = Number(new RegExp(`^${PREFIX}(\\d+)-`).exec(name)?.[1]);
    if (pid && !alive(pid)) fs.rmSync(path.join(os.tmpdir(), name), { recursive: true, force: true });
  }
}

/** Makes this process's run directory and points TMPDIR at it; returns it. */
export function enterRunTmpdir(): string {
  removeStaleRunTmpdirs();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${PREFIX}${process.pid}-`));
  process.env.TMPDIR = dir;
  return dir;
}

export function removeRunTmpdir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}
