/**
 * Logs exported with CloudWatch Logs' "Export data to Amazon S3" (CreateExportTask) are what many
 * users hold: gzip objects whose lines put the event's timestamp before each message. Replay takes
 * them as they are. The export is made by moto server (the real CreateExportTask API through the
 * AWS SDK), not by hand.
 */
import { CloudWatchLogsClient, CreateExportTaskCommand, CreateLogGroupCommand, CreateLogStreamCommand, DescribeExportTasksCommand, PutLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import * as zlib from 'node:zlib';
import { startMoto, type MotoServer } from '../support/moto';
import { putZoneLogs } from './support/account';

const run = promisify(execFile);
const CLI = path.resolve(__dirname, '..', '..', 'bin', 'dns-monitor-cli.js');

describe('dns-monitor replay on a CloudWatch Logs export to S3 (moto)', () => {
  let moto: MotoServer;
  beforeAll(async () => {
    moto = await startMoto();
  }, 60_000);
  afterAll(async () => moto?.stop());

  it('reads the exported objects (timestamp before each message) and pages on the outage in them', async () => {
    const zoneId = 'Z0CCCCCCCCCCCCCCCCCC1';
    const logs = new CloudWatchLogsClient(moto.clientConfig('us-east-1'));
    const s3 = new S3Client({ ...moto.clientConfig('us-east-1'), forcePathStyle: true });
    const from = Math.floor(Date.now() / 60000) * 60 - 7200;
    const incident = from + 3600;
    const { group, events } = await putZoneLogs(moto, { zoneId, zoneName: 'exported.example', qpm: 20, from, to: from + 6000, seed: 11, incident: { kind: 'servfail-all', start: incident, minutes: 20 } });
    // A VPC's Resolver query logs (JSON records) exported the same way.
    const vpcGroup = '/dns-monitor/resolver';
    await logs.send(new CreateLogGroupCommand({ logGroupName: vpcGroup }));
    await logs.send(new CreateLogStreamCommand({ logGroupName: vpcGroup, logStreamName: 'vpc-0ccccccccccccccc1' }));
    const resolverEvents = Array.from({ length: 60 }, (_, i) => {
      const t = (from + i * 60) * 1000;
      const record = { version: '1.100000', account_id: '111122223333', region: 'us-east-1', vpc_id: 'vpc-0ccccccccccccccc1', query_timestamp: new Date(t).toISOString(), query_name: 'db.internal.', query_type: 'A', query_class: 'IN', rcode: 'NOERROR', answers: [], srcaddr: '10.0.0.1', srcport: '53', transport: 'UDP', srcids: { instance: 'i-0123' } };
      return { timestamp: t, message: JSON.stringify(record) };
    });
    await logs.send(new PutLogEventsCommand({ logGroupName: vpcGroup, logStreamName: 'vpc-0ccccccccccccccc1', logEvents: resolverEvents }));
    await s3.send(new CreateBucketCommand({ Bucket: 'exports' }));
    for (const logGroupName of [group, vpcGroup]) {
      const task = await logs.send(new CreateExportTaskCommand({ logGroupName, from: from * 1000, to: (from + 7200) * 1000, destination: 'exports', destinationPrefix: 'dns' }));
      const status = await logs.send(new DescribeExportTasksCommand({ taskId: task.taskId }));
      expect(status.exportTasks?.[0]?.status?.code).toBe('COMPLETED');
    }

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'replay-s3-'));
    const files: string[] = [];
    for (const o of (await s3.send(new ListObjectsV2Command({ Bucket: 'exports', Prefix: 'dns/' }))).Contents ?? []) {
      if (!o.Key!.endsWith('.gz')) continue;
      const body = await (await s3.send(new GetObjectCommand({ Bucket: 'exports', Key: o.Key! }))).Body!.transformToByteArray();
      const file = path.join(dir, `${files.length}.gz`);
      fs.writeFileSync(file, body);
      files.push(file);
    }
    expect(files.length).toBe(2);
    // What makes it an export and not the raw messages: every line starts with a timestamp.
    // The objects come in the order of their (random) export task ids: one holds each group.
    const firsts = files.map((f) => zlib.gunzipSync(fs.readFileSync(f)).toString('utf8').split('\n')[0]);
    expect(firsts).toHaveLength(2);
    expect(firsts).toEqual(expect.arrayContaining([expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z 1\.0 /), expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z \{"version"/)]));

    const config = path.join(dir, 'dns-monitor.yaml');
    fs.writeFileSync(
      config,
      `prefix: acme\nhostedZones:\n  - { zoneId: ${zoneId}, zoneName: exported.example }\nresolverVpcs:\n  - { vpcId: vpc-0ccccccccccccccc1, region: us-east-1, queryLogging: { logGroupName: ${vpcGroup} } }\nalerts:\n  email: [oncall@example.com]\n`,
    );
    const out = JSON.parse((await run(process.execPath, [CLI, 'replay', '--config', config, ...files, '--json'], { cwd: dir, maxBuffer: 1 << 26 })).stdout);
    expect({ lines: out.lines, unmatchedLines: out.unmatchedLines }).toEqual({ lines: events.length + resolverEvents.length, unmatchedLines: 0 });
    const servfail = out.alarms.find((a: any) => a.alarmName === 'acme-exported.example-servfail-rate');
    const at = servfail.transitions.find((t: any) => t.state === 'ALARM');
    expect(at).toBeDefined();
    const after = Date.parse(at.at) / 1000 - incident;
    expect(after).toBeGreaterThan(0);
    expect(after).toBeLessThanOrEqual(300);
  }, 180_000);
});
