/**
 * `npm run bench:replay`: replay throughput and memory on log files, through the same path as
 * `dns-monitor replay` (file streaming, gzip, the synthesized filters, the alarm evaluator).
 * Writes hosted-zone logs of 1 M and 3 M lines (plain and gzip) for 4 zones at 175/min each, then
 * replays each file in a fresh Node process on one core and prints lines per minute and the peak
 * resident memory: flat memory means the file is streamed, not loaded. Target (issue #13): at
 * least 1,000,000 lines per minute.
 */
import './run-tmpdir'; // first: every temporary file of the run goes to a directory removed on exit
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { textTable } from '../lib/plan/render';
import { benchArgs } from './bench-args';
import { generateZone } from './detection-corpus';

const ZONES = [1, 2, 3, 4].map((i) => ({ zoneId: `Z0DDDDDDDDDDDDDDDDD${String(i).padStart(2, '0')}`, zoneName: `bench${i}.example` }));

const USAGE = `Usage: npm run bench:replay

Writes hosted-zone logs of 1 M and 3 M lines (plain and gzip), replays each in a fresh Node process
on one core and prints lines per minute and peak resident memory (docs/benchmarks.md). No options.
`;

// The child process this script starts for one file: --child FILE.
if (process.argv[2] === '--child') {
  // One measurement: replay the file, report lines, seconds and peak RSS.
  (async () => {
    const { parseConfig } = await import('../lib/config/load');
    const { replayConfig } = await import('../lib/replay');
    const config = parseConfig({ prefix: 'bench', hostedZones: ZONES, alerts: { email: ['oncall@example.com'] } });
    let peak = 0;
    const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
    const t0 = process.hrtime.bigint();
    const r = await replayConfig(config, { logFiles: [process.argv[3]] });
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    clearInterval(timer);
    peak = Math.max(peak, process.memoryUsage().rss);
    process.stdout.write(JSON.stringify({ lines: r.lines, seconds, peakMb: peak / 1e6 }));
  })();
} else {
  benchArgs('bench:replay', USAGE, { options: {} });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-replay-'));
  const write = (lines: number) => {
    const file = path.join(dir, `${lines}.log`);
    const fd = fs.openSync(file, 'w');
    const minutes = Math.ceil(lines / (ZONES.length * 175));
    const from = Date.UTC(2026, 10, 2) / 1000;
    let n = 0;
    let buf: string[] = [];
    ZONES.forEach((z, i) =>
      generateZone({ ...z, qpm: 175, from, to: from + minutes * 60, seed: i + 1 }, (l) => {
        if (n++ >= lines) return;
        buf.push(l);
        if (buf.length >= 10000) {
          fs.writeSync(fd, buf.join('\n') + '\n');
          buf = [];
        }
      }, () => undefined),
    );
    if (buf.length) fs.writeSync(fd, buf.join('\n') + '\n');
    fs.closeSync(fd);
    fs.writeFileSync(`${file}.gz`, zlib.gzipSync(fs.readFileSync(file)));
    return file;
  };
  const rows: string[][] = [];
  for (const size of [1_000_000, 3_000_000]) {
    const file = write(size);
    for (const f of [file, `${file}.gz`]) {
      const out = execFileSync('taskset', ['-c', '0', process.execPath, '-r', 'ts-node/register/transpile-only', __filename, '--child', f], { encoding: 'utf8', maxBuffer: 1 << 24 });
      const m = JSON.parse(out);
      rows.push([path.basename(f), `${(fs.statSync(f).size / 1e6).toFixed(0)} MB`, m.lines.toLocaleString('en-US'), `${m.seconds.toFixed(1)} s`, Math.round((m.lines / m.seconds) * 60).toLocaleString('en-US'), `${m.peakMb.toFixed(0)} MB`]);
    }
  }
  fs.rmSync(dir, { recursive: true, force: true });
  process.stdout.write(textTable({ title: '', head: ['file', 'size', 'lines', 'replay', 'lines/min (1 core)', 'peak RSS'], rows }).replace(/^\n/, '') + '\n');
}
