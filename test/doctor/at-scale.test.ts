/**
 * `dns-monitor doctor` on a fleet, against moto server through the real AWS SDK. Each zone has a
 * log group of its own by default, so reading one group per call makes a fleet of thousands of
 * zones thousands of calls, at request rates CloudWatch Logs keeps low (DescribeLogStreams: 5 a
 * second, LOGS.describeLogStreamsPerSecond) and throttles above. The doctor lists a folder of
 * groups a page at a time, reads how many events each group received from its `IncomingLogEvents`
 * metric (500 groups a call), and describes the streams only of a group that metric shows quiet;
 * its clients retry throttled calls instead of ending the run.
 */
import { PutMetricAlarmCommand, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { CreateLogGroupCommand, CreateLogStreamCommand, PutLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import type { Client } from '@smithy/smithy-client';
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { CLOUDWATCH, LOGS } from '../../lib/aws-facts';
import { parseConfig } from '../../lib/config/load';
import { type DoctorClients, runDoctor } from '../../lib/doctor';
import { writeConfigFile } from '../support/cli';
import { startMoto, type MotoServer } from '../support/moto';
import { getMetricDataRulesBroken } from '../support/get-metric-data-rules';
import { throttlingRelay } from '../support/throttling-relay';
import { motoDoctorClients } from './clients';

const run = promisify(execFile);
const CLI = path.resolve(__dirname, '..', '..', 'bin', 'dns-monitor-cli.js');
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

let moto: MotoServer;
let clients: DoctorClients;
beforeAll(async () => {
  moto = await startMoto();
  clients = motoDoctorClients(moto);
}, 60_000);
afterAll(() => moto?.stop());

/** The doctor's clients, each recording the name (and the input) of every command it sends. */
function counted(): { clients: DoctorClients; calls: string[]; inputs: { call: string; input: any }[] } { // eslint-disable-line @typescript-eslint/no-explicit-any
  const calls: string[] = [];
  const inputs: { call: string; input: any }[] = []; // eslint-disable-line @typescript-eslint/no-explicit-any
  const record = <C>(client: C): C => {
    (client as unknown as Client<never, never, never, never>).middlewareStack.add(
      (next, context) => (args) => {
        const call = String(context.commandName).replace(/Command$/, '');
        calls.push(call);
        inputs.push({ call, input: (args as { input: unknown }).input });
        return next(args);
      },
      { step: 'initialize', name: 'countCalls' },
    );
    return client;
  };
  const base = motoDoctorClients(moto);
  const wrapped = Object.fromEntries(Object.entries(base).map(([k, make]) => [k, (region: string) => record((make as (r: string) => unknown)(region))])) as unknown as DoctorClients;
  return { clients: wrapped, calls, inputs };
}
const tally = (calls: readonly string[]) => calls.reduce<Record<string, number>>((t, c) => ((t[c] = (t[c] ?? 0) + 1), t), {});

const zoneId = (n: number) => `Z0SCALE${String(n).padStart(13, '0')}`;
const fleet = (prefix: string, names: readonly string[], queryLogging?: object) =>
  parseConfig({ prefix, hostedZones: names.map((zoneName, i) => ({ zoneId: zoneId(i), zoneName, ...(queryLogging ? { queryLogging } : {}) })), alerts: { email: ['oncall@example.com'] } });

async function logGroupWithEvent(group: string, at: number): Promise<void> {
  const logs = clients.logs('us-east-1');
  await logs.send(new CreateLogGroupCommand({ logGroupName: group }));
  await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: 'IAD89-C1' }));
  await logs.send(new PutLogEventsCommand({ logGroupName: group, logStreamName: 'IAD89-C1', logEvents: [{ timestamp: at, message: '1.0 2026-12-04T00:00:00Z Z0SCALE0000000000000 x A NOERROR UDP IAD89-C1 192.0.2.1 -' }] }));
}

/** What CloudWatch Logs publishes for a group that received `events` events in the minute `at`. */
async function incomingLogEvents(groups: readonly string[], at: number, events: number): Promise<void> {
  for (let i = 0; i < groups.length; i += 20) {
    await clients.cloudwatch('us-east-1').send(
      new PutMetricDataCommand({
        Namespace: LOGS.incomingLogEvents.namespace,
        MetricData: groups.slice(i, i + 20).map((g) => ({ MetricName: LOGS.incomingLogEvents.metricName, Dimensions: [{ Name: LOGS.incomingLogEvents.dimension, Value: g }], Timestamp: new Date(at), Value: events })),
      }),
    );
  }
}

describe('doctor on 120 zones, each with its own log group', () => {
  const names = Array.from({ length: 120 }, (_, i) => `z${String(i).padStart(3, '0')}.fleet.example`);
  const groups = names.map((n) => `/aws/route53/${n}`);
  beforeAll(async () => {
    const now = Date.now();
    for (const g of groups) await logGroupWithEvent(g, now - 10 * MINUTE);
    await incomingLogEvents(groups, now - 10 * MINUTE, 30);
  }, 120_000);

  it('reads the log groups a page and 500 metrics at a time: no call per group', async () => {
    const { clients: c, calls } = counted();
    const report = await runDoctor(fleet('fleet', names), c, { checks: ['log-groups'] });
    expect(report.checked['log-groups']).toBe(120);
    expect(report.findings).toEqual([]);
    const pages = Math.ceil(groups.length / LOGS.describeLogGroupsPageSize);
    expect(tally(calls)).toEqual({ DescribeLogGroups: pages, GetMetricData: Math.ceil(groups.length / CLOUDWATCH.getMetricDataMaxMetrics) });
  });

  it('before the first deploy, finds which of the groups the app would create exist a page at a time', async () => {
    const fresh = names.map((n) => n.replace('.fleet.', '.new.'));
    const { clients: c, calls } = counted();
    const report = await runDoctor(fleet('fresh', fresh, { create: true }), c, { checks: ['query-logging'] });
    expect(report.findings).toHaveLength(120);
    expect(report.findings.every((f) => /^no query logging configuration yet, nor its log group \S+: the deploy makes both/.test(f.problem))).toBe(true);
    // The query logging configurations (one page), then the folder /aws/route53/ (120 groups of the other fleet in it).
    expect(tally(calls)).toEqual({ ListQueryLoggingConfigs: 1, DescribeLogGroups: Math.ceil(groups.length / LOGS.describeLogGroupsPageSize) });
  });
});

describe("doctor's reads of the deployment's alarms", () => {
  it('drift and dead-letters share one DescribeAlarms scan per region', async () => {
    const cw = clients.cloudwatch('us-east-1');
    for (let i = 0; i < 230; i++) {
      await cw.send(new PutMetricAlarmCommand({ AlarmName: `scan-z${i}.fleet.example-errors`, Namespace: 'Codreum/DNS', MetricName: 'Errors', Statistic: 'Sum', Period: 60, EvaluationPeriods: 1, Threshold: 1, ComparisonOperator: 'GreaterThanThreshold' }));
    }
    const cfg = fleet('scan', ['z0.fleet.example']);
    const one = counted();
    await runDoctor(cfg, one.clients, { checks: ['drift'] });
    const scan = tally(one.calls).DescribeAlarms;
    expect(scan).toBeGreaterThan(0);
    const both = counted();
    const report = await runDoctor(cfg, both.clients, { checks: ['drift', 'dead-letters'] });
    expect(tally(both.calls).DescribeAlarms).toBe(scan);
    expect(report.checked.drift).toBeGreaterThan(0);
  }, 120_000);
});

describe("doctor's reads of the deployment's topics", () => {
  it('subscriptions, alert-keys and deliveries list the topics once per region between them', async () => {
    const cfg = fleet('topics', ['z0.fleet.example']);
    const one = counted();
    await runDoctor(cfg, one.clients, { checks: ['subscriptions'] });
    const listing = tally(one.calls).ListTopics;
    expect(listing).toBeGreaterThan(0);
    const all = counted();
    await runDoctor(cfg, all.clients, { checks: ['subscriptions', 'alert-keys', 'deliveries'] });
    expect(tally(all.calls).ListTopics).toBe(listing);
  }, 120_000);
});

describe('doctor on groups whose last event CloudWatch Logs has not caught up with', () => {
  // A stream's lastEventTimestamp "updates on an eventual consistency basis ... typically in less
  // than an hour ... in rare situations longer" (API_LogStream): with --stale-hours 1 a group
  // receiving events could read as silent. The IncomingLogEvents metric says what arrived.
  it('a group whose metric shows events is fine whatever its streams say; a quiet one, an empty one and a missing one are reported', async () => {
    const now = Date.now();
    await logGroupWithEvent('/aws/route53/lagging.example', now - 3 * HOUR);
    await incomingLogEvents(['/aws/route53/lagging.example'], now - 20 * MINUTE, 40);
    await logGroupWithEvent('/aws/route53/silent.example', now - 3 * HOUR);
    await clients.logs('us-east-1').send(new CreateLogGroupCommand({ logGroupName: '/aws/route53/empty.example' }));
    const cfg = fleet('lag', ['lagging.example', 'silent.example', 'empty.example', 'missing.example']);
    const { clients: c, calls } = counted();
    const report = await runDoctor(cfg, c, { checks: ['log-groups'], now });
    expect(report.findings.map((f) => `${f.subject}: ${f.problem}`)).toEqual([
      '/aws/route53/empty.example: no event ever arrived',
      '/aws/route53/missing.example: log group does not exist: no query logs, so no metrics',
      '/aws/route53/silent.example: no event for 3 h',
    ]);
    // Streams are described only for the two existing groups the metric shows quiet.
    expect(tally(calls).DescribeLogStreams).toBe(2);
  });
});

describe("doctor's GetMetricData requests, as CloudWatch takes them", () => {
  // CloudWatch refuses more than 500 queries a call and Ids outside its pattern, and returns no data
  // for a period its start time's age does not allow (CLOUDWATCH in lib/aws-facts.ts).
  const rulesBroken = (inputs: { call: string; input: any }[]) => // eslint-disable-line @typescript-eslint/no-explicit-any
    inputs.filter((x) => x.call === 'GetMetricData').flatMap(({ input }) => getMetricDataRulesBroken(input));

  it('520 groups: two calls of at most 500 queries with valid Ids', async () => {
    const names = Array.from({ length: 520 }, (_, i) => `b${String(i).padStart(3, '0')}.bulk.example`);
    for (let i = 0; i < names.length; i += 20) await Promise.all(names.slice(i, i + 20).map((n) => clients.logs('us-east-1').send(new CreateLogGroupCommand({ logGroupName: `/dns/bulk/${n}` }))));
    await incomingLogEvents(names.map((n) => `/dns/bulk/${n}`), Date.now() - 10 * MINUTE, 5);
    const { clients: c, calls, inputs } = counted();
    const report = await runDoctor(parseConfig({ prefix: 'bulk', hostedZones: names.map((zoneName, i) => ({ zoneId: zoneId(1000 + i), zoneName, queryLogging: { logGroupName: `/dns/bulk/${zoneName}` } })), alerts: { email: ['oncall@example.com'] } }), c, { checks: ['log-groups'] });
    expect(report.findings).toEqual([]);
    expect(tally(calls).GetMetricData).toBe(2);
    expect(rulesBroken(inputs)).toEqual([]);
  }, 120_000);

  describe('windows of every age', () => {
    const names = ['a.age.example', 'b.age.example'];
    beforeAll(async () => {
      for (const n of names) await logGroupWithEvent(`/aws/route53/${n}`, Date.now() - 5 * MINUTE);
    });
    it.each([1, 480.01, 1680.01])('--stale-hours %s: a period the start time allows', async (hours) => {
      const { clients: c, inputs } = counted();
      await runDoctor(fleet('age', names), c, { checks: ['log-groups'], staleHours: hours });
      expect(inputs.filter((x) => x.call === 'GetMetricData')).toHaveLength(1);
      expect(rulesBroken(inputs)).toEqual([]);
    });
  });
});

describe('doctor whose policy predates cloudwatch:GetMetricData (moto behind a relay that denies it)', () => {
  it('reads each group\'s streams instead, with the same findings', async () => {
    const now = Date.now();
    await logGroupWithEvent('/aws/route53/busy.denied.example', now - 5 * MINUTE);
    await logGroupWithEvent('/aws/route53/silent.denied.example', now - 4 * HOUR);
    const relay = throttlingRelay(moto.endpoint, Number.MAX_SAFE_INTEGER, (api) => api === 'GetMetricData', { code: 'AccessDeniedException', message: 'User is not authorized to perform: cloudwatch:GetMetricData' });
    const endpoint = await relay.start();
    try {
      const names = ['busy.denied.example', 'silent.denied.example'];
      const config = writeConfigFile({ prefix: 'den', hostedZones: names.map((zoneName, i) => ({ zoneId: zoneId(800 + i), zoneName })), alerts: { email: ['oncall@example.com'] } }, 'doctor-denied');
      const out = await run(process.execPath, [CLI, 'doctor', config, '--check', 'log-groups', '--json'], {
        env: { ...process.env, AWS_ENDPOINT_URL: endpoint, AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing', AWS_REGION: 'us-east-1' },
      }).catch((e: { code: number; stdout: string; stderr: string }) => e);
      expect(relay.throttled.get('GetMetricData')).toBe(1);
      expect((out as { stderr: string }).stderr).not.toContain('AWS call failed');
      expect(JSON.parse((out as { stdout: string }).stdout).findings.map((f: { subject: string; problem: string }) => `${f.subject}: ${f.problem}`)).toEqual(['/aws/route53/silent.denied.example: no event for 4 h']);
    } finally {
      await relay.stop();
    }
  }, 180_000);
});

describe('doctor when CloudWatch throttles it (moto behind a throttling relay)', () => {
  it('retries throttled calls and completes', async () => {
    const now = Date.now();
    const names = ['a.throttled.example', 'b.throttled.example'];
    for (const n of names) await logGroupWithEvent(`/aws/route53/${n}`, now - 5 * MINUTE);
    // More throttled answers in a row than the SDK's default of 3 attempts survives.
    const relay = throttlingRelay(moto.endpoint, 4, (api) => ['DescribeLogGroups', 'DescribeLogStreams', 'GetMetricData'].includes(api));
    const endpoint = await relay.start();
    try {
      const config = writeConfigFile({ prefix: 'thr', hostedZones: names.map((zoneName, i) => ({ zoneId: zoneId(900 + i), zoneName })), alerts: { email: ['oncall@example.com'] } }, 'doctor-throttled');
      const { stdout } = await run(process.execPath, [CLI, 'doctor', config, '--check', 'log-groups', '--json'], {
        env: { ...process.env, AWS_ENDPOINT_URL: endpoint, AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing', AWS_REGION: 'us-east-1' },
      });
      expect(JSON.parse(stdout)).toEqual({ findings: [], checked: { 'log-groups': 2 } });
      expect(relay.throttled.get('DescribeLogGroups')).toBe(4);
    } finally {
      await relay.stop();
    }
  }, 180_000);
});
