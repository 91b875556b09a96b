/**
 * `dns-monitor replay` end to end, as a user runs it: the CLI on a config file and exported log
 * files (plain and gzip), through the templates the app synthesizes. Also the volume-aware
 * defaults, judged by the same evaluator: a quiet zone that is down pages within 5 minutes, an
 * almost idle zone never pages, and logs that stop while Route 53 answers page within 5 minutes.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import * as zlib from 'node:zlib';
import { generateZone, type ZoneSpec } from '../../scripts/detection-corpus';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(ROOT, 'bin', 'dns-monitor-cli.js');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const DAY = Date.UTC(2026, 10, 2) / 1000;
const START = DAY + 12 * 3600;
const INCIDENT = START + 3600;
const ZONES: ZoneSpec[] = [
  // 5 queries/min, all SERVFAIL for 30 minutes after one hour.
  { zoneId: 'Z0AAAAAAAAAAAAAAAAAA1', zoneName: 'quiet-down.example', qpm: 5, from: START, to: START + 2 * 3600, seed: 1, incident: { kind: 'servfail-all', start: INCIDENT, minutes: 30 } },
  // Under 1 query/min: minutes-long silences are normal.
  { zoneId: 'Z0AAAAAAAAAAAAAAAAAA2', zoneName: 'idle.example', qpm: 0.3, from: START, to: START + 2 * 3600, seed: 2 },
  // 1 query/min: logs stop, Route 53 keeps answering.
  { zoneId: 'Z0AAAAAAAAAAAAAAAAAA3', zoneName: 'logs-stop.example', qpm: 1, from: START, to: START + 2 * 3600, seed: 3, incident: { kind: 'logs-stopped', start: INCIDENT, minutes: 30 } },
];

interface JsonOut {
  from: string;
  alarms: { alarmName: string; notifies: boolean; transitions: { at: string; state: string }[] }[];
  skipped: { alarmName: string }[];
  approximatedAnomalyBands: boolean;
}

describe('dns-monitor replay (CLI)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'replay-'));
  const config = path.join(dir, 'dns-monitor.yaml');
  const plain = path.join(dir, 'zones-a.log');
  const gz = path.join(dir, 'zones-b.log.gz');
  const csv = path.join(dir, 'dns-queries.csv');
  let out: JsonOut;
  let table: string;

  beforeAll(async () => {
    fs.writeFileSync(
      config,
      ['prefix: acme', 'hostedZones:', ...ZONES.map((z) => `  - { zoneId: ${z.zoneId}, zoneName: ${z.zoneName} }`), 'alerts:', '  email: [oncall@example.com]', ''].join('\n'),
    );
    const a: string[] = [];
    const b: string[] = [];
    const rows = ['timestamp,hostedZoneId,value'];
    for (const z of ZONES) {
      generateZone(z, (l) => (z === ZONES[1] ? b : a).push(l), (ts, n) => rows.push(`${new Date(ts * 1000).toISOString()},${z.zoneId},${n}`));
    }
    fs.writeFileSync(plain, a.join('\n') + '\n');
    fs.writeFileSync(gz, zlib.gzipSync(b.join('\n') + '\n'));
    fs.writeFileSync(csv, rows.join('\n') + '\n');
    const j = await run(process.execPath, [CLI, 'replay', '--config', config, plain, gz, '--dns-queries', csv, '--json', '--html', path.join(dir, 'replay.html')], { cwd: dir, maxBuffer: 1 << 26 });
    out = JSON.parse(j.stdout);
    table = (await run(process.execPath, [CLI, 'replay', '--config', config, plain, gz, '--dns-queries', csv, '--quiet'], { cwd: dir, maxBuffer: 1 << 26 })).stdout;
  }, 180_000);

  const alarm = (name: string) => {
    const a = out.alarms.find((x) => x.alarmName === name);
    if (!a) throw new Error(`no alarm ${name} in ${out.alarms.map((x) => x.alarmName).join(', ')}`);
    return a;
  };
  const firstAlarm = (name: string) => alarm(name).transitions.find((t) => t.state === 'ALARM');
  const secondsAfterIncident = (iso: string) => Date.parse(iso) / 1000 - INCIDENT;

  it('--json has every synthesized alarm with ISO 8601 transitions and one of the three states', () => {
    expect(out.alarms.length).toBeGreaterThanOrEqual(ZONES.length * 5);
    for (const a of out.alarms) {
      for (const t of a.transitions) {
        expect(t.at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
        expect(['ALARM', 'OK', 'INSUFFICIENT_DATA']).toContain(t.state);
      }
    }
    expect(out.approximatedAnomalyBands).toBe(true);
  });

  it('a quiet zone (5 queries/min) whose every answer is SERVFAIL pages within 5 minutes', () => {
    const at = firstAlarm('acme-quiet-down.example-servfail-rate');
    expect(at).toBeDefined();
    expect(secondsAfterIncident(at!.at)).toBeGreaterThan(0);
    expect(secondsAfterIncident(at!.at)).toBeLessThanOrEqual(300);
    // It is critical: the zone's composite is the alarm that notifies.
    expect(firstAlarm('acme-quiet-down.example-unhealthy-composite')!.at).toBe(at!.at);
  });

  it('an almost idle zone (0.3 queries/min) never pages, not even for its silences', () => {
    const paging = out.alarms.filter((a) => a.alarmName.startsWith('acme-idle.example-') && a.notifies && a.transitions.some((t) => t.state === 'ALARM'));
    expect(paging.map((a) => a.alarmName)).toEqual([]);
  });

  it('query logs that stop while DNSQueries shows traffic page within 5 minutes (1 query/min)', () => {
    const at = firstAlarm('acme-logs-stop.example-query-logs-logs-stopped');
    expect(at).toBeDefined();
    expect(secondsAfterIncident(at!.at)).toBeGreaterThan(0);
    expect(secondsAfterIncident(at!.at)).toBeLessThanOrEqual(300);
    // Before the incident, logs and DNSQueries agree: no page.
    expect(alarm('acme-logs-stop.example-query-logs-logs-stopped').transitions.filter((t) => t.state === 'ALARM' && secondsAfterIncident(t.at) < 0)).toEqual([]);
  });

  it('the table lists the state changes with the values the alarms saw', () => {
    expect(table).toMatch(/^Replay of \d+ log line\(s\) from /);
    expect(table).toMatch(/ALARM\s+acme-quiet-down\.example-servfail-rate \(no actions of its own\)\s+\d+(\.\d+)? \(threshold 1\)/);
    expect(table).toMatch(/APPROXIMATED/);
    // An alarm on one metric of several rules (or queues) names that metric once.
    const notReplayed = table.split('\n').find((l) => l.startsWith('Not replayed'));
    expect(notReplayed).toMatch(/failed-invocations-count \(no data for AWS\/Events\/FailedInvocations\)/);
  });

  it('with a DNSQueries CSV, logs that stopped and never came back page: the replay runs to the CSV\'s end', async () => {
    // An export of the logs ends where the logs stopped; DNSQueries goes on. Cut at the last log
    // line, the replay could never show the stop.
    const zone: ZoneSpec = { zoneId: 'Z0AAAAAAAAAAAAAAAAAA7', zoneName: 'logs-stop.example', qpm: 5, from: START, to: START + 7200, seed: 7, incident: { kind: 'logs-stopped', start: INCIDENT, minutes: 60 } };
    const lines: string[] = [];
    const rows = ['timestamp,hostedZoneId,value'];
    generateZone(zone, (l) => lines.push(l), (ts, n) => rows.push(`${new Date(ts * 1000).toISOString()},${zone.zoneId},${n}`));
    expect(lines.every((l) => Date.parse(l.split(' ')[1]) / 1000 < INCIDENT)).toBe(true);
    const logFile = path.join(dir, 'stopped.log');
    const csvFile = path.join(dir, 'stopped.csv');
    fs.writeFileSync(logFile, lines.join('\n') + '\n');
    fs.writeFileSync(csvFile, rows.join('\n') + '\n');
    const cfg = path.join(dir, 'stopped.yaml');
    fs.writeFileSync(cfg, `prefix: acme\nhostedZones:\n  - { zoneId: ${zone.zoneId}, zoneName: ${zone.zoneName} }\nalerts:\n  email: [oncall@example.com]\n`);
    const j = JSON.parse((await run(process.execPath, [CLI, 'replay', '--config', cfg, logFile, '--dns-queries', csvFile, '--json'], { cwd: dir, maxBuffer: 1 << 26 })).stdout);
    const stopped = j.alarms.find((a: { alarmName: string }) => a.alarmName === 'acme-logs-stop.example-query-logs-logs-stopped');
    const at = stopped.transitions.find((t: { state: string }) => t.state === 'ALARM');
    expect(at).toBeDefined();
    expect(secondsAfterIncident(at.at)).toBeGreaterThan(0);
    expect(secondsAfterIncident(at.at)).toBeLessThanOrEqual(300);
    expect(Date.parse(j.to) / 1000).toBeGreaterThan(INCIDENT + 3000);
    const t = (await run(process.execPath, [CLI, 'replay', '--config', cfg, logFile, '--dns-queries', csvFile, '--quiet'], { cwd: dir, maxBuffer: 1 << 26 })).stdout;
    expect(t).toMatch(/DNSQueries goes on \d+ minute\(s\) past the last log line: those minutes are replayed too/);
  }, 60_000);

  it('names at most 20 unmonitored subjects (memory stays flat) and counts the rest', async () => {
    const many = path.join(dir, 'many.log');
    const ids = Array.from({ length: 25 }, (_, i) => `Z0DDDDDDDDDDDDDDDDD${String(i).padStart(2, '0')}`);
    fs.writeFileSync(many, ids.map((id) => `1.0 2026-11-02T12:00:00.000Z ${id} www.other.example A NOERROR UDP FRA6 192.0.2.1 -`).join('\n') + '\n');
    const j = JSON.parse((await run(process.execPath, [CLI, 'replay', '--config', config, many, '--json'], { cwd: dir })).stdout);
    expect(j.unmonitored.map((u: { subject: string }) => u.subject)).toEqual(ids.slice(0, 20));
    const t = (await run(process.execPath, [CLI, 'replay', '--config', config, many, '--quiet'], { cwd: dir })).stdout;
    expect(t).toContain(`hosted zone ${ids[19]} (1), and 5 more line(s) of other subjects.`);
  }, 60_000);

  it('shows a progress bar on a terminal, and none when stderr is piped (CI logs)', async () => {
    const args = [CLI, 'replay', '--config', config, plain, gz, '--dns-queries', csv];
    const piped = await run(process.execPath, args, { cwd: dir, maxBuffer: 1 << 26 });
    expect(piped.stderr).not.toContain('[replay] [');
    // util-linux `script` runs the command on a pseudo-terminal, as a user's shell does.
    const quote = (a: string) => `'${a.replace(/'/g, `'\\''`)}'`;
    const tty = await run('script', ['-qec', [process.execPath, ...args].map(quote).join(' '), '/dev/null'], { cwd: dir, maxBuffer: 1 << 26 });
    expect(tty.stdout).toMatch(/\[replay\] \[#{30}\] 100 %/);
    expect(tty.stdout).toContain('Replay of ');
  }, 120_000);

  it('a bad command line and a missing file are clear errors', async () => {
    await expect(run(process.execPath, [CLI, 'replay', '--config', config], { cwd: dir })).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('give at least one log file') });
    await expect(run(process.execPath, [CLI, 'replay', '--config', config, path.join(dir, 'nope.log')], { cwd: dir })).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('no such file') });
    // A directory given as a log file was read as one (EISDIR); an --html file in a directory that
    // does not exist failed only after the whole replay. Both are refused before reading logs.
    await expect(run(process.execPath, [CLI, 'replay', '--config', config, dir], { cwd: dir })).rejects.toMatchObject({
      code: 1,
      stderr: `dns-monitor replay: ${dir}: is a directory — give the log files in it (e.g. ${path.join(dir, '*.log')} ${path.join(dir, '*.gz')})\n`,
    });
    await expect(run(process.execPath, [CLI, 'replay', '--config', config, '--dns-queries', dir, plain], { cwd: dir })).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining(`${dir}: is a directory`) });
    const missing = path.join(dir, 'no-such-dir', 'replay.html');
    await expect(run(process.execPath, [CLI, 'replay', '--config', config, plain, '--html', missing], { cwd: dir })).rejects.toMatchObject({
      code: 1,
      stdout: '',
      stderr: `dns-monitor replay: --html ${missing}: the directory ${path.dirname(missing)} does not exist — create it or write the page elsewhere\n`,
    });
    await expect(run(process.execPath, [CLI, 'replay', '--config', config, plain, '--html', dir], { cwd: dir })).rejects.toMatchObject({
      code: 1,
      stdout: '',
      stderr: `dns-monitor replay: --html ${dir}: is a directory — name the page to write, e.g. ${path.join(dir, 'replay.html')}\n`,
    });
    // A file with no query log line in it (an access log, say) is named as such, not a crash.
    const notLogs = path.join(dir, 'access.log');
    fs.writeFileSync(notLogs, '127.0.0.1 - - [02/Nov/2026:12:00:00 +0000] "GET / HTTP/1.1" 200 512\n');
    await expect(run(process.execPath, [CLI, 'replay', '--config', config, notLogs], { cwd: dir })).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/^dns-monitor replay: none of the 1 line\(s\) is a Route 53 query log line \(the first: '127\.0\.0\.1 - - /m),
    });
    await expect(run(process.execPath, [CLI, 'replay', '--config', config, '--from-account'], { cwd: dir })).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('--since') });
    // CloudWatch keeps one-minute DNSQueries for 15 days: a longer --since could not be replayed as it was.
    await expect(run(process.execPath, [CLI, 'replay', '--config', config, '--from-account', '--since', '15d'], { cwd: dir })).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/--since is at most 14d with --from-account: CloudWatch keeps one-minute DNSQueries for 15 days/),
    });
  }, 60_000);

  it('a gzip file cut short or damaged is named with what is wrong, not a bare zlib message', async () => {
    // An interrupted download: the first half of a real gzip export.
    const whole = fs.readFileSync(gz);
    const cut = path.join(dir, 'cut.log.gz');
    fs.writeFileSync(cut, whole.subarray(0, Math.floor(whole.length / 2)));
    await expect(run(process.execPath, [CLI, 'replay', '--config', config, plain, cut], { cwd: dir, maxBuffer: 1 << 26 })).rejects.toMatchObject({
      code: 1,
      stdout: '',
      stderr: expect.stringMatching(new RegExp(`^dns-monitor replay: ${cut.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: the gzip data ends early, after \\d+ line\\(s\\) \\(an interrupted download or copy\\) — fetch the file again\\n$`)),
    });
    // Damaged bytes inside the compressed data.
    const damaged = path.join(dir, 'damaged.log.gz');
    const bytes = Buffer.from(whole);
    for (let i = 20; i < 60; i++) bytes[i] ^= 0xff;
    fs.writeFileSync(damaged, bytes);
    await expect(run(process.execPath, [CLI, 'replay', '--config', config, damaged], { cwd: dir, maxBuffer: 1 << 26 })).rejects.toMatchObject({
      code: 1,
      stdout: '',
      stderr: expect.stringMatching(new RegExp(`^dns-monitor replay: ${damaged.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: the gzip data is damaged \\(.+\\), after \\d+ line\\(s\\) — fetch the file again\\n$`)),
    });
  }, 60_000);

  it('lines of zones or VPCs the config does not monitor are named, apart from unreadable lines', async () => {
    // A user who exported the wrong zone's logs (or mistyped a zoneId) learns which subjects the
    // lines were for, not only that they were not counted.
    const other = path.join(dir, 'other.log');
    const lines: string[] = [];
    generateZone({ zoneId: 'Z0BBBBBBBBBBBBBBBBBB9', zoneName: 'other.example', qpm: 5, from: START, to: START + 600, seed: 9 }, (l) => lines.push(l), () => undefined);
    const vpcLine = JSON.stringify({ version: '1.100000', account_id: '111122223333', region: 'eu-west-1', vpc_id: 'vpc-0fffffffffffffff0', query_timestamp: '2026-11-02T12:00:01Z', query_name: 'a.internal.', query_type: 'A', query_class: 'IN', rcode: 'NOERROR', answers: [], srcaddr: '10.0.0.1', srcport: '53', transport: 'UDP', srcids: {} });
    fs.writeFileSync(other, [...lines, vpcLine, 'not a query log line', ''].join('\n'));
    const t = (await run(process.execPath, [CLI, 'replay', '--config', config, other, '--quiet'], { cwd: dir })).stdout;
    expect(t).toContain(`${lines.length + 1} line(s) are for zones or VPCs this config does not monitor and were not counted: hosted zone Z0BBBBBBBBBBBBBBBBBB9 (${lines.length}), VPC vpc-0fffffffffffffff0 (1)`);
    expect(t).toContain('1 line(s) could not be read as a query log line');
    // The page for people says the same (it is what a reader of --html sees).
    const page = path.join(dir, 'other.html');
    await run(process.execPath, [CLI, 'replay', '--config', config, other, '--quiet', '--html', page], { cwd: dir });
    const html = fs.readFileSync(page, 'utf8');
    expect(html).toContain(`<p class="note">${lines.length + 1} line(s) are for zones or VPCs this config does not monitor and were not counted: hosted zone Z0BBBBBBBBBBBBBBBBBB9 (${lines.length}), VPC vpc-0fffffffffffffff0 (1)`);
    expect(html).toContain('<p class="note">1 line(s) could not be read as a query log line');
    expect(html).toMatch(/<p class="note">Not replayed \(no data in the logs\): [^<]*acme-audit-dead-letters-count/);
    const j = JSON.parse((await run(process.execPath, [CLI, 'replay', '--config', config, other, '--json'], { cwd: dir })).stdout);
    expect(j).toMatchObject({ unmatchedLines: lines.length + 2, unreadableLines: 1, unmonitored: [{ subject: 'Z0BBBBBBBBBBBBBBBBBB9', kind: 'hosted zone', lines: lines.length }, { subject: 'vpc-0fffffffffffffff0', kind: 'VPC', lines: 1 }] });
  }, 60_000);

  const haveChromium = fs.existsSync(CHROMIUM);
  (haveChromium ? it : it.skip)(`--html draws one chart per replayed alarm offline (headless Chromium${haveChromium ? '' : `: SKIPPED, ${CHROMIUM} missing`})`, async () => {
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
    try {
      const page = await browser.newPage();
      const requests: string[] = [];
      page.on('request', (r) => {
        if (!r.url().startsWith('file:')) requests.push(r.url());
      });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.goto(`file://${path.join(dir, 'replay.html')}`);
      await page.waitForSelector('body[data-charts]', { timeout: 30_000 });
      const drawn = Number(await page.getAttribute('body', 'data-charts'));
      const charted = out.alarms.filter((a) => !a.alarmName.endsWith('-composite')).length;
      expect({ drawn, canvases: await page.locator('canvas').count(), errors, requests }).toEqual({ drawn: charted, canvases: charted, errors: [], requests: [] });
    } finally {
      await browser.close();
    }
  }, 120_000);

  // The table gives UTC times; a chart drawn in the reader's own time zone put an incident at
  // 8:03am that the table puts at 13:03Z. The logs span 12:00-14:00 UTC (07:00-09:00 in New York).
  (haveChromium ? it : it.skip)(`--html charts read in UTC, as the table does, whatever the reader's time zone${haveChromium ? '' : `: SKIPPED, ${CHROMIUM} missing`}`, async () => {
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
    try {
      const page = await (await browser.newContext({ timezoneId: 'America/New_York' })).newPage();
      await page.goto(`file://${path.join(dir, 'replay.html')}`);
      await page.waitForSelector('body[data-charts]', { timeout: 30_000 });
      expect(await page.locator('p.note').first().textContent()).toContain('Times are UTC, as in the table.');
      const over = page.locator('.u-over').first();
      const box = (await over.boundingBox())!;
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      const time = (await page.locator('.u-legend').first().locator('.u-series').first().locator('.u-value').textContent())!.trim();
      expect(time).toMatch(/^2026-11-02 1[234]:\d\d UTC$/);
    } finally {
      await browser.close();
    }
  }, 120_000);
});
