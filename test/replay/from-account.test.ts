/**
 * `replay --from-account --since`: the CLI reads the config's log group with FilterLogEvents
 * (moto server through the real AWS SDK, reached via AWS_ENDPOINT_URL like any SDK endpoint
 * override) and replays what it got.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { CloudWatchLogsClient, CreateLogGroupCommand, CreateLogStreamCommand, PutLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { CLOUDWATCH } from '../../lib/aws-facts';
import { dnsQueriesStartSeconds, fetchDnsQueries, parseSince } from '../../lib/replay/from-account';
import { getMetricDataRulesBroken, type GetMetricDataInput } from '../support/get-metric-data-rules';
import { startMoto, type MotoServer } from '../support/moto';
import { putZoneLogs } from './support/account';

const run = promisify(execFile);
const CLI = path.resolve(__dirname, '..', '..', 'bin', 'dns-monitor-cli.js');

describe('dns-monitor replay --from-account (moto)', () => {
  let moto: MotoServer;
  beforeAll(async () => {
    moto = await startMoto();
  }, 60_000);
  afterAll(async () => moto?.stop());

  it('fetches the zone log group of the last 2 h and replays it: a SERVFAIL outage pages', async () => {
    const now = Math.floor(Date.now() / 60000) * 60;
    const { group, events } = await putZoneLogs(moto, {
      zoneId: 'Z0BBBBBBBBBBBBBBBBBB1',
      zoneName: 'fetched.example',
      qpm: 20,
      from: now - 7200,
      to: now - 600,
      seed: 7,
      incident: { kind: 'servfail-all', start: now - 2400, minutes: 20 },
    });

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'replay-acct-'));
    const config = path.join(dir, 'dns-monitor.yaml');
    fs.writeFileSync(config, 'prefix: acme\nhostedZones:\n  - { zoneId: Z0BBBBBBBBBBBBBBBBBB1, zoneName: fetched.example }\nalerts:\n  email: [oncall@example.com]\n');
    const { stdout, stderr } = await run(process.execPath, [CLI, 'replay', '--config', config, '--from-account', '--since', '3h', '--json'], {
      cwd: dir,
      maxBuffer: 1 << 26,
      env: { ...process.env, AWS_ENDPOINT_URL: moto.endpoint, AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing', AWS_REGION: 'us-east-1' },
    });
    const out = JSON.parse(stdout);
    expect(out.lines).toBe(events.length);
    // One line per log group with its event count (piped stderr: written once, when the group is read).
    expect(stderr.split('\n').filter((l) => l.includes(group))).toEqual([`[replay] ${group}: ${events.length.toLocaleString('en-US')} event(s)`]);
    const servfail = out.alarms.find((a: any) => a.alarmName === 'acme-fetched.example-servfail-rate');
    const at = servfail.transitions.find((t: any) => t.state === 'ALARM');
    expect(at).toBeDefined();
    const after = Date.parse(at.at) / 1000 - (now - 2400);
    expect(after).toBeGreaterThan(0);
    expect(after).toBeLessThanOrEqual(300);
  }, 180_000);

  it('a log group that does not exist is named with its region, and the other groups are still replayed', async () => {
    const now = Math.floor(Date.now() / 60000) * 60;
    const { events } = await putZoneLogs(moto, { zoneId: 'Z0BBBBBBBBBBBBBBBBBB4', zoneName: 'present.example', qpm: 5, from: now - 3600, to: now - 600, seed: 4 });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'replay-acct-'));
    const config = path.join(dir, 'dns-monitor.yaml');
    fs.writeFileSync(
      config,
      'prefix: acme\nhostedZones:\n  - { zoneId: Z0BBBBBBBBBBBBBBBBBB4, zoneName: present.example }\n  - { zoneId: Z0BBBBBBBBBBBBBBBBBB5, zoneName: absent.example }\nalerts:\n  email: [oncall@example.com]\n',
    );
    const { stdout, stderr } = await run(process.execPath, [CLI, 'replay', '--config', config, '--from-account', '--since', '2h', '--json', '--quiet'], {
      cwd: dir,
      maxBuffer: 1 << 26,
      env: { ...process.env, AWS_ENDPOINT_URL: moto.endpoint, AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing', AWS_REGION: 'us-east-1' },
    });
    // A finding, so shown even with --quiet.
    expect(stderr).toContain("[replay] log group /aws/route53/absent.example does not exist in us-east-1: absent.example has no log lines in this replay — check its queryLogging.logGroupName, or run dns-monitor doctor");
    expect(JSON.parse(stdout).lines).toBe(events.length);
  }, 180_000);

  it('without credentials it says the AWS call failed and which permissions it needs, as doctor does (exit 2)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'replay-acct-'));
    const config = path.join(dir, 'dns-monitor.yaml');
    fs.writeFileSync(config, 'prefix: acme\nhostedZones:\n  - { zoneId: Z0BBBBBBBBBBBBBBBBBB6, zoneName: nocreds.example }\nalerts:\n  email: [oncall@example.com]\n');
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^AWS_(ACCESS_KEY_ID|SECRET_ACCESS_KEY|SESSION_TOKEN|PROFILE)$/.test(k)));
    await expect(
      run(process.execPath, [CLI, 'replay', '--config', config, '--from-account', '--since', '1h', '--quiet'], {
        cwd: dir,
        env: { ...env, AWS_ENDPOINT_URL: moto.endpoint, AWS_REGION: 'us-east-1', AWS_EC2_METADATA_DISABLED: 'true', AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'none'), AWS_CONFIG_FILE: path.join(dir, 'none') },
      }),
    ).rejects.toMatchObject({
      code: 2,
      stdout: '',
      stderr: expect.stringMatching(/^dns-monitor replay: AWS call failed: CredentialsProviderError: .+ — check your credentials \(logs:FilterLogEvents, cloudwatch:GetMetricData; docs\/cli-permissions\.md\)$/m),
    });
  }, 60_000);

  it("reads a VPC's Resolver query logs from the VPC's region", async () => {
    // The group exists only in eu-west-1 (moto, like CloudWatch Logs, is regional): read from the
    // caller's region (us-east-1 here) it would be missing.
    const logs = new CloudWatchLogsClient(moto.clientConfig('eu-west-1'));
    const group = '/dns/resolver-eu';
    await logs.send(new CreateLogGroupCommand({ logGroupName: group }));
    await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: 'vpc-0bbbbbbbbbbbbbbb1' }));
    const now = Math.floor(Date.now() / 60000) * 60;
    const logEvents = Array.from({ length: 90 }, (_, i) => {
      const t = (now - 3600 + i * 30) * 1000;
      const record = { version: '1.100000', account_id: '111122223333', region: 'eu-west-1', vpc_id: 'vpc-0bbbbbbbbbbbbbbb1', query_timestamp: new Date(t).toISOString(), query_name: 'db.internal.', query_type: 'A', query_class: 'IN', rcode: 'NOERROR', answers: [], srcaddr: '10.0.0.1', srcport: '53', transport: 'UDP', srcids: { instance: 'i-0123' } };
      return { timestamp: t, message: JSON.stringify(record) };
    });
    await logs.send(new PutLogEventsCommand({ logGroupName: group, logStreamName: 'vpc-0bbbbbbbbbbbbbbb1', logEvents }));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'replay-acct-'));
    const config = path.join(dir, 'dns-monitor.yaml');
    fs.writeFileSync(config, `prefix: acme\nresolverVpcs:\n  - { vpcId: vpc-0bbbbbbbbbbbbbbb1, region: eu-west-1, queryLogging: { logGroupName: ${group} } }\nalerts:\n  email: [oncall@example.com]\n`);
    const { stdout, stderr } = await run(process.execPath, [CLI, 'replay', '--config', config, '--from-account', '--since', '2h', '--json'], {
      cwd: dir,
      maxBuffer: 1 << 26,
      env: { ...process.env, AWS_ENDPOINT_URL: moto.endpoint, AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing', AWS_REGION: 'us-east-1' },
    });
    expect(stderr).toContain(`[replay] ${group}: 90 event(s)`);
    const out = JSON.parse(stdout);
    expect({ lines: out.lines, unmatchedLines: out.unmatchedLines }).toEqual({ lines: 90, unmatchedLines: 0 });
  }, 180_000);

  it('asks GetMetricData for at most 500 metrics a request (CLOUDWATCH.getMetricDataMaxMetrics), and reads every zone of a larger fleet', async () => {
    // https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_GetMetricData.html:
    // "as many as 500 different metrics in a single request". moto does not enforce it, so the
    // real SDK client records what each request asks for.
    const zones = Array.from({ length: 501 }, (_, i) => ({ id: `Z0EEEEEEEEEEEEEE${String(i).padStart(5, '0')}`, region: 'us-east-1' }));
    const now = Math.floor(Date.now() / 60000) * 60;
    const cw = new CloudWatchClient(moto.clientConfig('us-east-1'));
    await cw.send(
      new PutMetricDataCommand({
        Namespace: 'AWS/Route53',
        MetricData: [zones[0], zones[500]].map((z) => ({ MetricName: 'DNSQueries', Dimensions: [{ Name: 'HostedZoneId', Value: z.id }], Timestamp: new Date((now - 600) * 1000), Value: 7, Unit: 'Count' })),
      }),
    );
    const asked: number[] = [];
    cw.middlewareStack.add(
      (next) => async (args) => {
        const input = args.input as { MetricDataQueries?: unknown[] };
        if (input.MetricDataQueries) asked.push(input.MetricDataQueries.length);
        return next(args);
      },
      { step: 'initialize' },
    );
    const got: { zoneId: string; value: number }[] = [];
    for await (const p of fetchDnsQueries(zones, now - 3600, now, () => cw)) got.push({ zoneId: p.zoneId, value: p.value });
    expect(asked).toEqual([500, 1]);
    expect(Math.max(...asked)).toBeLessThanOrEqual(CLOUDWATCH.getMetricDataMaxMetrics);
    expect(got.sort((a, b) => a.zoneId.localeCompare(b.zoneId))).toEqual([
      { zoneId: zones[0].id, value: 7 },
      { zoneId: zones[500].id, value: 7 },
    ]);
  }, 120_000);

  it('asks GetMetricData only what CloudWatch takes (Ids, 500 a call, one-minute periods), for every --since it accepts', async () => {
    const zones = Array.from({ length: 501 }, (_, i) => ({ id: `Z0FFFFFFFFFFFFFF${String(i).padStart(5, '0')}`, region: 'us-east-1' }));
    const cw = new CloudWatchClient(moto.clientConfig('us-east-1'));
    const inputs: GetMetricDataInput[] = [];
    cw.middlewareStack.add(
      (next) => async (args) => {
        if ((args.input as GetMetricDataInput).MetricDataQueries) inputs.push(args.input as GetMetricDataInput);
        return next(args);
      },
      { step: 'initialize' },
    );
    const now = Math.floor(Date.now() / 60000) * 60;
    for (const since of ['90m', '6h', '2d', `${CLOUDWATCH.oneMinuteRetentionDays - 1}d`]) {
      inputs.length = 0;
      // Read with the start bin/replay.ts computes: a week of history before --since, within one-minute retention.
      for await (const _ of fetchDnsQueries(zones, dnsQueriesStartSeconds(now, parseSince(since)), now, () => cw)); // eslint-disable-line @typescript-eslint/no-unused-vars
      expect({ since, calls: inputs.length, broken: inputs.flatMap((i) => getMetricDataRulesBroken(i, now * 1000)) }).toEqual({ since, calls: 2, broken: [] });
    }
    // The same rules report a one-minute read that starts three weeks back (--since 14d plus the week of history, uncapped).
    expect(getMetricDataRulesBroken({ StartTime: new Date((now - 21 * 86400) * 1000), MetricDataQueries: [{ Id: 'z0', MetricStat: { Period: 60 } }] }, now * 1000)).toEqual(['period 60 s at a start 21.0 days ago']);
  }, 120_000);

  /** A zone whose logs stop at `stop` for `minutes` while Route 53 keeps answering (DNSQueries in CloudWatch). */
  async function stoppedZone(zoneId: string, zoneName: string, now: number, stop: number, minutes: number) {
    const { events, points } = await putZoneLogs(moto, { zoneId, zoneName, qpm: 20, from: now - 7200, to: now - 60, seed: 8, incident: { kind: 'logs-stopped', start: stop, minutes } }, { dnsQueries: true });
    expect(points.some((p) => p.ts >= stop + 60 && p.n > 0)).toBe(true);
    expect(events.filter((e) => e.timestamp >= stop * 1000 && e.timestamp < (stop + minutes * 60) * 1000)).toEqual([]);

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'replay-acct-'));
    const config = path.join(dir, 'dns-monitor.yaml');
    fs.writeFileSync(config, `prefix: acme\nhostedZones:\n  - { zoneId: ${zoneId}, zoneName: ${zoneName} }\nalerts:\n  email: [oncall@example.com]\n`);
    const { stdout, stderr } = await run(process.execPath, [CLI, 'replay', '--config', config, '--from-account', '--since', '3h', '--json'], {
      cwd: dir,
      maxBuffer: 1 << 26,
      env: { ...process.env, AWS_ENDPOINT_URL: moto.endpoint, AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing', AWS_REGION: 'eu-west-1' },
    });
    expect(stderr).toMatch(/DNSQueries of 1 hosted zone\(s\) from CloudWatch \(us-east-1\): \d+ datapoint\(s\)/);
    const out = JSON.parse(stdout);
    const alarm = out.alarms.find((x: any) => x.alarmName === `acme-${zoneName}-query-logs-logs-stopped`);
    // Before the stop, logs and DNSQueries agree minute by minute: no page (GetMetricData's
    // one-minute buckets must line up with the minutes the log lines are counted in).
    expect(alarm.transitions.filter((t: any) => t.state === 'ALARM' && Date.parse(t.at) / 1000 <= stop)).toEqual([]);
    return { out, firstAlarm: alarm.transitions.find((t: any) => t.state === 'ALARM') as { at: string } | undefined };
  }

  it('also reads DNSQueries from CloudWatch, so logs that stopped while Route 53 answers page', async () => {
    // Without DNSQueries from the account, replay derives it from the very logs that stopped and
    // the logs-stopped alarm can never fire: --from-account must fetch what the account has.
    const now = Math.floor(Date.now() / 60000) * 60;
    const stop = now - 2400;
    const { firstAlarm } = await stoppedZone('Z0BBBBBBBBBBBBBBBBBB2', 'stopped.example', now, stop, 30);
    expect(firstAlarm).toBeDefined();
    const after = Date.parse(firstAlarm!.at) / 1000 - stop;
    expect(after).toBeGreaterThan(0);
    expect(after).toBeLessThanOrEqual(300);
  }, 180_000);

  it('logs that stopped and are still stopped page too: the replay runs to the end of --since, not to the last log line', async () => {
    const now = Math.floor(Date.now() / 60000) * 60;
    const stop = now - 1800;
    const { out, firstAlarm } = await stoppedZone('Z0BBBBBBBBBBBBBBBBBB3', 'still-stopped.example', now, stop, 120);
    expect(firstAlarm).toBeDefined();
    const after = Date.parse(firstAlarm!.at) / 1000 - stop;
    expect(after).toBeGreaterThan(0);
    expect(after).toBeLessThanOrEqual(300);
    // The replayed range is --since, up to a few minutes before now (logs and metrics arrive late).
    expect(Date.parse(out.to) / 1000).toBeGreaterThan(now - 600);
    expect(Date.parse(out.from) / 1000).toBeLessThanOrEqual(now - 3 * 3600 + 60);
  }, 180_000);
});
