/**
 * `npx dns-monitor replay [--config PATH] LOGFILE... [options]`: what the config's alarms would
 * have done on these query logs. Synthesizes in memory (no AWS call unless --from-account).
 * Exit codes: 0 ok, 1 bad input (config, files), 2 bad command line.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigError } from '../lib/config/errors';
import { loadConfigFile } from '../lib/config/load';
import { replayConfig } from '../lib/replay';
import { CLOUDWATCH } from '../lib/aws-facts';
import { dnsQueriesStartSeconds, DNS_QUERIES_HISTORY_DAYS, fetchDnsQueries, FROM_ACCOUNT_SETTLE_SECONDS, fetchLogLines, logGroupsOf, parseSince } from '../lib/replay/from-account';
import { replayHtml } from '../lib/replay/html';
import { replayJson, replayTable } from '../lib/replay/render';
import { awsCallFailedExit, configErrorExit, runCommand, UsageError } from './cli-args';

export const USAGE = `Usage: dns-monitor replay [--config PATH] LOGFILE... [options]
       dns-monitor replay [--config PATH] --from-account --since 6h [options]

Backtests the config on query logs before you deploy it: the logs go through the metric filters
the config synthesizes, and every synthesized alarm is evaluated as CloudWatch would (periods,
statistics, metric math, M of N, missing data, composites; anomaly bands approximated).

  LOGFILE...              hosted-zone (space-delimited) and Resolver (JSON) query log files,
                          one event per line, plain or gzip; CloudWatch Logs exports to S3 and
                          what aws logs filter-log-events (JSON or text) and aws logs tail print
  --config PATH           config file (default dns-monitor.yaml)
  --dns-queries CSV       AWS/Route53 DNSQueries as timestamp,hostedZoneId,value (default: read
                          from CloudWatch with --from-account, else derived from the hosted-zone
                          log lines, which cannot show logs that stopped)
  --from-account          read the config's log groups with FilterLogEvents and the zones'
                          DNSQueries with GetMetricData (and ${DNS_QUERIES_HISTORY_DAYS} days before --since for the
                          anomaly band), with your own AWS credentials; the data stays on this machine
  --since DURATION        with --from-account: how far back, e.g. 90m, 6h, 2d (at most ${CLOUDWATCH.oneMinuteRetentionDays - 1}d); the
                          last ${FROM_ACCOUNT_SETTLE_SECONDS / 60} minutes are left out (logs and metrics arrive late)
  --json                  { alarms: [{ alarmName, transitions: [{ at, state }] }], ... }
  --html FILE             also write a chart page (works offline) to FILE
  --quiet                 no progress bar
  -h, --help              this text
`;

interface ReplayArgs {
  readonly config: string;
  readonly files: string[];
  readonly dnsQueries?: string;
  readonly fromAccount: boolean;
  readonly since?: number;
  readonly json: boolean;
  readonly html?: string;
  readonly quiet: boolean;
  readonly help: boolean;
}

export function parseReplayArgs(argv: readonly string[]): ReplayArgs {
  const args = [...argv];
  if (args[0] === 'replay') args.shift();
  let config = 'dns-monitor.yaml';
  const files: string[] = [];
  let dnsQueries: string | undefined;
  let fromAccount = false;
  let since: number | undefined;
  let json = false;
  let html: string | undefined;
  let quiet = false;
  let help = false;
  const value = (i: number, flag: string) => {
    const v = args[i];
    if (v === undefined || v.startsWith('--')) throw new UsageError(`${flag} needs a value — see dns-monitor replay --help`);
    return v;
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '-h' || a === '--help') help = true;
    else if (a === '--config') config = value(++i, a);
    else if (a === '-c') config = value(++i, a).replace(/^config=/, '');
    else if (a === '--dns-queries') dnsQueries = value(++i, a);
    else if (a === '--from-account') fromAccount = true;
    else if (a === '--since') {
      try {
        since = parseSince(value(++i, a));
      } catch (e) {
        throw new UsageError((e as Error).message);
      }
    } else if (a === '--json') json = true;
    else if (a === '--html') html = value(++i, a);
    else if (a === '--quiet' || a === '-q') quiet = true;
    else if (a.startsWith('-')) throw new UsageError(`unknown option '${a}' — see dns-monitor replay --help`);
    else files.push(a);
  }
  if (!help) {
    if (fromAccount && since === undefined) throw new UsageError('--from-account needs --since, e.g. --since 6h');
    if (!fromAccount && since !== undefined) throw new UsageError('--since applies only with --from-account');
    // The replay needs one-minute DNSQueries for all of --since (and reads a week before it when it can).
    const maxDays = CLOUDWATCH.oneMinuteRetentionDays - 1;
    if (fromAccount && since !== undefined && since > maxDays * 86400) {
      throw new UsageError(`--since is at most ${maxDays}d with --from-account: CloudWatch keeps one-minute DNSQueries for ${CLOUDWATCH.oneMinuteRetentionDays} days — for older logs, export them and pass the files with --dns-queries CSV`);
    }
    if (!fromAccount && files.length === 0) throw new UsageError('give at least one log file, or --from-account --since 6h');
  }
  return { config, files, dnsQueries, fromAccount, since, json, html, quiet, help };
}

function progressBar(quiet: boolean): (done: number, total: number) => void {
  let last = 0;
  const started = Date.now();
  // On a terminal only: piped into a file or a CI log, a bar redrawn every 250 ms is noise.
  if (quiet || !process.stderr.isTTY) return () => undefined;
  return (done, total) => {
    const now = Date.now();
    if (now - last < 250 && done < total) return;
    last = now;
    const share = total ? done / total : 1;
    const width = 30;
    const bar = '#'.repeat(Math.round(share * width)).padEnd(width, '.');
    const mb = (n: number) => (n / 1e6).toFixed(1);
    process.stderr.write(`\r[replay] [${bar}] ${Math.round(share * 100)} %  ${mb(done)}/${mb(total)} MB  ${((now - started) / 1000).toFixed(0)} s`);
    if (done >= total) process.stderr.write('\n');
  };
}

/** An error of the AWS SDK: a service's answer (it carries `$metadata`) or no credentials to sign with. */
const isAwsCallError = (e: unknown): boolean =>
  typeof e === 'object' && e !== null && ('$metadata' in e || ['CredentialsProviderError', 'TokenProviderError'].includes((e as Error).name));

/** Why the --html page could not be written at `file`, if it could not. */
function htmlPathProblem(file: string): string | undefined {
  if (fs.existsSync(file) && fs.statSync(file).isDirectory()) return `is a directory — name the page to write, e.g. ${path.join(file, 'replay.html')}`;
  const dir = path.dirname(path.resolve(file));
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) return `the directory ${path.dirname(file)} does not exist — create it or write the page elsewhere`;
  return undefined;
}

export async function main(argv: readonly string[]): Promise<number> {
  return runCommand('replay', USAGE, argv, parseReplayArgs, async (args) => {
    for (const f of [...args.files, ...(args.dnsQueries ? [args.dnsQueries] : [])]) {
      if (!fs.existsSync(f)) {
        process.stderr.write(`dns-monitor replay: ${f}: no such file\n`);
        return 1;
      }
      if (fs.statSync(f).isDirectory()) {
        process.stderr.write(`dns-monitor replay: ${f}: is a directory — give the log files in it (e.g. ${path.join(f, '*.log')} ${path.join(f, '*.gz')})\n`);
        return 1;
      }
    }
    // The page is written after the replay, which can take minutes: refuse a path it cannot take now.
    if (args.html) {
      const problem = htmlPathProblem(args.html);
      if (problem) {
        process.stderr.write(`dns-monitor replay: --html ${args.html}: ${problem}\n`);
        return 1;
      }
    }
    try {
      const config = loadConfigFile(args.config);
      // From the account: up to a few minutes ago, since log events and metrics arrive late and
      // a minute with DNSQueries but its log lines still on the way would look like logs stopping.
      const now = Math.floor(Date.now() / 1000) - FROM_ACCOUNT_SETTLE_SECONDS;
      const window = args.fromAccount ? { from: now - args.since!, to: now } : undefined;
      const lines = args.fromAccount
        ? fetchLogLines(logGroupsOf(config), now - args.since!, now, undefined, (g, n, last) => {
            // One line per log group: updated in place on a terminal, written once when piped.
            if (args.quiet || (!last && !process.stderr.isTTY)) return;
            process.stderr.write(`${process.stderr.isTTY ? '\r' : ''}[replay] ${g}: ${n.toLocaleString('en-US')} event(s)${last ? '\n' : ''}`);
          }, (g) => {
            // A finding, not progress: shown with --quiet too.
            const who = g.subjects.length === 1 ? `${g.subjects[0]} has` : `${g.subjects.join(', ')} have`;
            process.stderr.write(`[replay] log group ${g.logGroupName} does not exist in ${g.region}: ${who} no log lines in this replay — check ${g.subjects.length === 1 ? 'its' : 'their'} queryLogging.logGroupName, or run dns-monitor doctor\n`);
          })
        : undefined;
      // The zones' DNSQueries from the account too (unless a CSV is given): derived from the logs,
      // it could never show logs that stopped while Route 53 answers. A week before --since trains
      // the approximated anomaly band, as a CSV with history does.
      const dnsQueries =
        args.fromAccount && !args.dnsQueries && config.hostedZones.length > 0
          ? fetchDnsQueries(config.hostedZones, dnsQueriesStartSeconds(now, args.since!), now, undefined, (region, zones, n) => {
              if (!args.quiet) process.stderr.write(`[replay] DNSQueries of ${zones} hosted zone(s) from CloudWatch (${region}): ${n} datapoint(s)\n`);
            })
          : undefined;
      const result = await replayConfig(config, {
        logFiles: args.files,
        dnsQueriesCsv: args.dnsQueries,
        dnsQueries,
        lines,
        window,
        charts: true,
        onProgress: progressBar(args.quiet || args.json),
        configDir: path.dirname(path.resolve(args.config)),
      });
      process.stdout.write(args.json ? `${JSON.stringify(replayJson(result), null, 2)}\n` : replayTable(result));
      if (args.html) {
        fs.writeFileSync(args.html, replayHtml(result, `DNS Monitor replay: ${path.basename(args.config)}`));
        if (!args.quiet) process.stderr.write(`[replay] charts written to ${args.html}\n`);
      }
      return 0;
    } catch (e) {
      if (e instanceof ConfigError) return configErrorExit(args.config, e);
      // As doctor and test-alert say it: the SDK's own words name neither the call nor the fix.
      if (args.fromAccount && isAwsCallError(e)) return awsCallFailedExit('replay', e, '(logs:FilterLogEvents, cloudwatch:GetMetricData; docs/cli-permissions.md)');
      process.stderr.write(`dns-monitor replay: ${(e as Error).message}\n`);
      return 1;
    }
  });
}
