/**
 * The prober at the largest run its schedule allows, inside a Lambda function's file-descriptor
 * limit (1,024: LAMBDA.fileDescriptors in lib/aws-facts.ts). The checks' code is bundled by esbuild
 * as ProductFunction bundles the prober, and runs in a `node` process started under `prlimit` with
 * that limit, against eight real BIND 9 servers: every server must answer every check. Before the
 * prober waited for a socket slot (lambdas/dns-prober/sockets.ts), such a run opened a socket per
 * query at once, and past the limit each one failed with "UDP: bind EMFILE", failing its check.
 *
 * And the other limit, time: a run must publish before the function's timeout, or its alarm sees no
 * data (which it counts as passing) however many servers failed. The bundled handler, with
 * CloudWatch on moto server, runs a check whose server never answers with less time left than the
 * query's timeout: the check is published as failed, saying why.
 */
import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { CreateScheduleCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { buildSync } from 'esbuild';
import * as dgram from 'node:dgram';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LAMBDA } from '../../lib/aws-facts';
import { MAX_DNS_CHECK_SERVERS, MAX_PROBE_INPUT_BYTES } from '../../lib/config/dns-checks-schema';
import { parseConfig } from '../../lib/config/load';
import { esbuildOptions } from '../../lib/lambda/product-function';
import { DNS_CHECK_METRICS, DNS_CHECK_NAMESPACE } from '../../contracts/dns-check';
import { LOOKUP_BUDGET_MS, PUBLISH_MARGIN_MS } from '../../lambdas/dns-prober/probe';
import { PROBER_TIMEOUT_SECONDS } from '../../lib/dns-checks/prober';
import { type BindServer, startBind, zoneFile } from '../support/bind';
import { bundleHandler } from '../support/bundled-handler';
import { startMoto, type MotoServer } from '../support/moto';
import { scriptedRelay } from '../support/throttling-relay';

const ROOT = path.resolve(__dirname, '..', '..');
const PRLIMIT = '/usr/bin/prlimit';

let servers: BindServer[] = [];
let dir: string;

beforeAll(async () => {
  servers = await Promise.all(Array.from({ length: MAX_DNS_CHECK_SERVERS }, () => startBind({ 'example.test': zoneFile('example.test', 1, ['www IN A 192.0.2.1']) })));
  fs.mkdirSync(path.join(ROOT, '.bench'), { recursive: true });
  dir = fs.mkdtempSync(path.join(ROOT, '.bench', 'jest-prober-limits-'));
}, 60_000);

afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** How many checks of `MAX_DNS_CHECK_SERVERS` servers each a prober's schedule input holds at most, as the app shapes them. */
function largestRun(): number {
  const hosts = Array.from({ length: MAX_DNS_CHECK_SERVERS }, (_, i) => `ns${i}.dns-provider.example`);
  const [deployed] = parseConfig({ prefix: 'acme', dnsChecks: [{ name: 'www-000', query: 'www.example.com', type: 'A', servers: hosts, expect: { answers: ['192.0.2.1'] } }], alerts: { email: ['oncall@example.com'] } }).dnsChecks;
  return Math.floor(MAX_PROBE_INPUT_BYTES / JSON.stringify(deployed).length);
}

it('every check of the largest run gets every answer with 1,024 file descriptors', () => {
  expect(fs.existsSync(PRLIMIT)).toBe(true);
  const n = largestRun();
  // More queries at once than the limit allows sockets: what made the old prober fail.
  expect(n * MAX_DNS_CHECK_SERVERS).toBeGreaterThan(LAMBDA.fileDescriptors);
  // The same checks with the loopback servers of this test (deploy: false lets a check name them).
  const specs = parseConfig({
    prefix: 'acme',
    dnsChecks: Array.from({ length: n }, (_, i) => ({ name: `www-${i}`, query: 'www.example.test', type: 'A', servers: servers.map((s) => s.address), deploy: false, expect: { answers: ['192.0.2.1'] } })),
  }).localDnsChecks;
  fs.writeFileSync(path.join(dir, 'specs.json'), JSON.stringify(specs));
  const entry = path.join(dir, 'entry.ts');
  fs.writeFileSync(
    entry,
    [
      `import { readFileSync } from 'node:fs';`,
      `import { runChecks } from ${JSON.stringify(path.join(ROOT, 'lambdas', 'dns-prober', 'run'))};`,
      `const results = await runChecks(JSON.parse(readFileSync(process.argv[2], 'utf8')));`,
      `const failed = results.filter((r) => !r.ok);`,
      `console.log('RESULT ' + JSON.stringify({ results: results.length, failed: failed.length, reasons: [...new Set(failed.map((r) => r.reason))].slice(0, 3) }));`,
    ].join('\n'),
  );
  buildSync(esbuildOptions(entry, path.join(dir, 'run.mjs')));
  const run = spawnSync(PRLIMIT, [`--nofile=${LAMBDA.fileDescriptors}:${LAMBDA.fileDescriptors}`, process.execPath, path.join(dir, 'run.mjs'), path.join(dir, 'specs.json')], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  const line = run.stdout.split('\n').find((l) => l.startsWith('RESULT '));
  expect({ stderr: run.stderr.slice(0, 300), line: line !== undefined }).toEqual({ stderr: '', line: true });
  expect(JSON.parse(line!.slice('RESULT '.length))).toEqual({ results: n * MAX_DNS_CHECK_SERVERS, failed: 0, reasons: [] });
}, 90_000);

describe('a run whose servers do not answer in time', () => {
  let moto: MotoServer;
  let silent: dgram.Socket;
  beforeAll(async () => {
    moto = await startMoto();
    // A server that never answers: a bound UDP port that drops every query.
    silent = dgram.createSocket('udp4');
    silent.on('message', () => undefined);
    await new Promise<void>((r) => silent.bind(0, '127.0.0.1', () => r()));
  }, 60_000);
  afterAll(async () => {
    silent?.close();
    await moto?.stop();
  });

  /** A check of www.example.test A against the server that never answers. */
  const silentCheck = (name: string, timeoutMs: number) =>
    parseConfig({
      prefix: 'acme',
      dnsChecks: [{ name, query: 'www.example.test', type: 'A', servers: [`127.0.0.1:${(silent.address() as { port: number }).port}`], timeoutMs, deploy: false, expect: {} }],
    }).localDnsChecks[0];

  /** The CheckFailed values moto holds for `check` from us-east-1 in the last ten minutes. */
  async function checkFailedValues(check: string) {
    const data = await new CloudWatchClient(moto.clientConfig()).send(
      new GetMetricDataCommand({
        StartTime: new Date(Date.now() - 600_000),
        EndTime: new Date(Date.now() + 60_000),
        MetricDataQueries: [{ Id: 'f', MetricStat: { Metric: { Namespace: DNS_CHECK_NAMESPACE, MetricName: DNS_CHECK_METRICS.failed, Dimensions: [{ Name: 'Check', Value: check }, { Name: 'Vantage', Value: 'us-east-1' }] }, Period: 60, Stat: 'Maximum' } }],
      }),
    );
    return data.MetricDataResults?.[0]?.Values;
  }

  it('publishes the check as failed before the function would time out, saying why', async () => {
    const spec = silentCheck('www', 10_000);
    const handler = bundleHandler('dns-prober');
    try {
      // One second left for the queries once the margin for publishing is kept back: less than the query's 10 s timeout.
      const out = await handler.invoke([{ vantage: 'us-east-1', metricsRegion: 'us-east-1', checks: [spec] }], { SCHEDULE_NAME: 'acme-dns-prober', AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL: moto.endpoint }, { remainingMs: PUBLISH_MARGIN_MS + 1000 });
      expect(out.results).toEqual([{ ok: { checks: 1, failed: 1 } }]);
      // The failing server's log line (a warning: standard error) gives the reason.
      expect(out.stderr).toContain('no answer before the prober had to report its results (its servers are not answering in time)');
    } finally {
      handler.remove();
    }
    expect(await checkFailedValues('www')).toEqual([1]);
  }, 60_000);

  it('publishes within its margin when the connection to CloudWatch stalls: the call is dropped after seconds and sent again on a new one', async () => {
    const spec = silentCheck('stalled', 500);
    // CloudWatch takes the run's first PutMetricData and never answers it; the calls after it reach moto.
    const relay = scriptedRelay(moto.endpoint, (n) => (n === 0 ? 'stall' : 'forward'));
    const cloudwatch = await relay.start();
    const handler = bundleHandler('dns-prober');
    try {
      const out = await handler.invoke([{ vantage: 'us-east-1', metricsRegion: 'us-east-1', checks: [spec] }], { SCHEDULE_NAME: 'acme-dns-prober', AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL: moto.endpoint, AWS_ENDPOINT_URL_CLOUDWATCH: cloudwatch }, { remainingMs: PUBLISH_MARGIN_MS + 1000 });
      expect(out.results).toEqual([{ ok: { checks: 1, failed: 1 } }]);
      expect(relay.counts).toEqual({ stall: 1, forward: 1, error: 0 });
    } finally {
      handler.remove();
      await relay.stop();
    }
    expect(await checkFailedValues('stalled')).toEqual([1]);
  }, 60_000);

  it('answers a report run (the reporter waiting on it) before the function would time out, saying why', async () => {
    const spec = silentCheck('www', 10_000);
    // The prober reads the check from its own schedule's input, as it does in a report run.
    await new SchedulerClient(moto.clientConfig()).send(
      new CreateScheduleCommand({
        Name: 'acme-dns-prober',
        ScheduleExpression: 'rate(1 minute)',
        FlexibleTimeWindow: { Mode: 'OFF' },
        Target: { Arn: 'arn:aws:lambda:us-east-1:123456789012:function:acme-dns-prober', RoleArn: 'arn:aws:iam::123456789012:role/acme-dns-prober-schedule', Input: JSON.stringify({ vantage: 'us-east-1', metricsRegion: 'us-east-1', checks: [spec] }) },
      }),
    );
    const handler = bundleHandler('dns-prober');
    try {
      const out = await handler.invoke([{ report: { check: 'www' } }], { SCHEDULE_NAME: 'acme-dns-prober', AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL: moto.endpoint }, { remainingMs: PUBLISH_MARGIN_MS + 1000 });
      expect(out.results).toEqual([
        {
          ok: expect.objectContaining({
            vantage: 'us-east-1',
            check: 'www',
            results: [expect.objectContaining({ ok: false, rcode: 'TIMEOUT', reason: 'no answer before the prober had to report its results (its servers are not answering in time)' })],
          }),
        },
      ]);
    } finally {
      handler.remove();
    }
  }, 60_000);
});

it("the prober's time budgets fit the function's timeout: Route 53 reads, then the queries, then publishing", () => {
  // Defined apart (the handler cannot read lib/), so held together here: reads and the publishing
  // margin leave at least half the function's time to the queries.
  expect(LOOKUP_BUDGET_MS + PUBLISH_MARGIN_MS).toBeLessThanOrEqual((PROBER_TIMEOUT_SECONDS * 1000) / 2);
});
