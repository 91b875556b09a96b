/**
 * `dns-monitor replay`: backtest a config on query logs before deploying it. Synthesizes the app in
 * memory (as `plan` does), streams the log files through the synthesized metric filters, and
 * evaluates the synthesized alarms (lib/replay/engine.ts).
 */
import * as fs from 'node:fs';
import * as readline from 'node:readline';
import * as zlib from 'node:zlib';
import type { ResolvedConfig } from '../config/resolve';
import { synthesizeForPlan } from '../plan/synthesize';
import { dnsQueriesKey, evaluateAlarms, MetricAccumulator, ReplayModel, type ReplayResult } from './engine';
import type { DnsQueriesPoint } from './from-account';
import { queryLogLines } from './input-formats';

export { dnsQueriesKey, evaluateAlarms, MetricAccumulator, ReplayModel, pagesOf, seriesKey } from './engine';
export type { AlarmTimeline, ReplayResult } from './engine';

export interface ReplayInput {
  /** Hosted-zone (CLF) and Resolver (JSON) log files, plain or gzip, in any shape of lib/replay/input-formats.ts. */
  readonly logFiles: readonly string[];
  /**
   * AWS/Route53 DNSQueries as CSV: `timestamp,hostedZoneId,value` (ISO 8601 or epoch seconds).
   * Absent: derived from the hosted-zone log lines (then "logs stopped" cannot be seen).
   */
  readonly dnsQueriesCsv?: string;
  /** Log events already fetched (`--from-account`), as lines. */
  readonly lines?: AsyncIterable<string>;
  /** DNSQueries datapoints read from the account (`--from-account`); as a CSV, they turn deriving off. */
  readonly dnsQueries?: AsyncIterable<DnsQueriesPoint>;
  /** The range to evaluate (seconds, `to` exclusive), when known (`--from-account --since`). */
  readonly window?: { readonly from: number; readonly to: number };
  readonly charts?: boolean;
  /** Called with (bytes read, total bytes) while reading files. */
  readonly onProgress?: (done: number, total: number) => void;
  readonly configDir?: string;
}

async function* fileLines(file: string, onBytes: (n: number) => void): AsyncGenerator<string> {
  const fd = fs.openSync(file, 'r');
  const head = Buffer.alloc(2);
  fs.readSync(fd, head, 0, 2, 0);
  fs.closeSync(fd);
  const raw = fs.createReadStream(file, { highWaterMark: 1 << 20 });
  raw.on('data', (c) => onBytes((c as Buffer).length));
  const stream = head[0] === 0x1f && head[1] === 0x8b ? raw.pipe(zlib.createGunzip()) : raw;
  const rl = readline.createInterface({ input: stream, crlfDelay: Infinity });
  let read = 0;
  let first: string | undefined;
  let events = 0;
  const nonEmpty = async function* () {
    for await (const line of rl) {
      if (line.length === 0) continue;
      read++;
      first ??= line.slice(0, 120);
      yield line;
    }
  };
  try {
    for await (const line of queryLogLines(nonEmpty())) {
      events++;
      yield line;
    }
  } catch (e) {
    // zlib's own words ("unexpected end of file") name neither the file nor what to do.
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'Z_BUF_ERROR') throw new Error(`${file}: the gzip data ends early, after ${read} line(s) (an interrupted download or copy) — fetch the file again`);
    if (code === 'Z_DATA_ERROR') throw new Error(`${file}: the gzip data is damaged (${(e as Error).message}), after ${read} line(s) — fetch the file again`);
    throw e;
  }
  if (read > 0 && events === 0) throw new Error(`${file}: ${notQueryLogs(read, first!)}`);
}

const notQueryLogs = (lines: number, first: string) =>
  `none of the ${lines} line(s) is a Route 53 query log line (the first: '${first}') — replay reads hosted-zone query logs (space-delimited), Resolver query logs (JSON, one record per line), CloudWatch Logs exports of either to S3, and what \`aws logs filter-log-events\` (JSON or text) and \`aws logs tail\` print`;

function readDnsQueriesCsv(file: string, acc: MetricAccumulator): void {
  const text = fs.readFileSync(file, 'utf8');
  text.split(/\r?\n/).forEach((row, i) => {
    if (!row.trim() || (i === 0 && /[a-z]/i.test(row.split(',')[0]) && Number.isNaN(Date.parse(row.split(',')[0])))) return;
    const [tsText, zone, valueText] = row.split(',').map((x) => x.trim());
    const ts = /^\d+$/.test(tsText) ? Number(tsText) : Date.parse(tsText) / 1000;
    const value = Number(valueText);
    if (Number.isNaN(ts) || !zone || Number.isNaN(value)) throw new Error(`${file}:${i + 1}: expected timestamp,hostedZoneId,value — got '${row}'`);
    acc.addDatapoint(dnsQueriesKey(zone), ts, value);
  });
}

/** What replay evaluates: the filters and alarms `config` synthesizes (in memory, as `plan` does). */
export function replayModelOf(config: ResolvedConfig, configDir?: string): ReplayModel {
  return new ReplayModel(config, synthesizeForPlan(config, { configDir }).stacks.flatMap((s) => s.resources));
}

export async function replayConfig(config: ResolvedConfig, input: ReplayInput): Promise<ReplayResult> {
  const model = replayModelOf(config, input.configDir);
  const acc = new MetricAccumulator(model, input.dnsQueriesCsv === undefined && input.dnsQueries === undefined);
  if (input.dnsQueriesCsv) readDnsQueriesCsv(input.dnsQueriesCsv, acc);
  if (input.dnsQueries) for await (const p of input.dnsQueries) acc.addDatapoint(dnsQueriesKey(p.zoneId), p.ts, p.value);
  const total = input.logFiles.reduce((n, f) => n + fs.statSync(f).size, 0);
  let done = 0;
  for (const f of input.logFiles) {
    for await (const line of fileLines(f, (n) => {
      done += n;
      input.onProgress?.(done, total);
    }))
      acc.addLine(line);
  }
  if (input.lines) for await (const line of input.lines) acc.addLine(line);
  if (acc.lines > 0 && acc.unreadable === acc.lines && acc.last < acc.first) {
    throw new Error(notQueryLogs(acc.lines, acc.firstUnreadable ?? ''));
  }
  // From the account, no line at all is a finding (logs stopped) when DNSQueries shows traffic.
  if (acc.lines === 0 && !input.dnsQueriesCsv && !(input.window && acc.last >= acc.first)) {
    throw new Error(input.window ? 'no log lines and no DNSQueries in that time — check the config\'s log groups and zone ids, or a longer --since' : 'no log lines to replay — pass hosted-zone or Resolver query log files, or --from-account');
  }
  return evaluateAlarms(model, acc, { namespace: config.namespace, charts: input.charts, window: input.window });
}
