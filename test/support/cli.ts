/** Runs a CLI command's `main` in-process and captures what it writes (stdout, stderr) and its exit code. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export async function captureCli(run: () => Promise<number>): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const o = jest.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
  const e = jest.spyOn(process.stderr, 'write').mockImplementation((s) => (err.push(String(s)), true));
  try {
    return { code: await run(), out: out.join(''), err: err.join('') };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

/** A config written to a file of its own in a fresh temporary directory (JSON is YAML). */
export function writeConfigFile(config: object, tag = 'cli'): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), `${tag}-`)), 'c.yaml');
  fs.writeFileSync(file, JSON.stringify(config));
  return file;
}
