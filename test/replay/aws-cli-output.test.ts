/**
 * What users most often have when they did not use `--from-account`: the output of
 * `aws logs filter-log-events` saved to a file, as JSON (the CLI's default), as text, or only the
 * messages (`--query 'events[].message' --output text`). Replay takes each as it is. The files are
 * written by the real AWS CLI (from .venv, requirements-test.txt) reading moto server, not by hand,
 * and each replays exactly as the raw messages do.
 */
import { CloudWatchLogsClient, CreateLogGroupCommand, CreateLogStreamCommand, PutLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { startMoto, type MotoServer } from '../support/moto';
import { putZoneLogs } from './support/account';

const run = promisify(execFile);
const CLI = path.resolve(__dirname, '..', '..', 'bin', 'dns-monitor-cli.js');
const AWS = path.resolve(__dirname, '..', '..', '.venv', 'bin', 'aws');

describe('dns-monitor replay on the AWS CLI output of filter-log-events (moto)', () => {
  let moto: MotoServer;
  let dir: string;
  let config: string;
  let incident: number;
  const zoneId = 'Z0DDDDDDDDDDDDDDDDDD1';
  const vpcId = 'vpc-0ddddddddddddddd1';
  const vpcGroup = '/dns-monitor/resolver-cli';
  let zoneGroup: string;
  let plainFile: string;
  let from: number;

  // The CLI reads moto with the same dummy credentials as the SDK clients; no profile, no IMDS.
  const aws = async (args: readonly string[], out: string) => {
    const env: NodeJS.ProcessEnv = { ...process.env, AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing', AWS_DEFAULT_REGION: 'us-east-1', AWS_EC2_METADATA_DISABLED: 'true', AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' };
    delete env.AWS_PROFILE;
    delete env.AWS_SESSION_TOKEN;
    const { stdout } = await run(AWS, ['--endpoint-url', moto.endpoint, 'logs', ...args], { env, maxBuffer: 1 << 28 });
    fs.writeFileSync(out, stdout);
    return out;
  };
  const replay = async (files: readonly string[]) => JSON.parse((await run(process.execPath, [CLI, 'replay', '--config', config, ...files, '--json', '--quiet'], { cwd: dir, maxBuffer: 1 << 26 })).stdout);
  const filter = (group: string) => ['filter-log-events', '--log-group-name', group, '--start-time', String(from * 1000), '--end-time', String((from + 7200) * 1000)];

  beforeAll(async () => {
    moto = await startMoto();
    from = Math.floor(Date.now() / 60000) * 60 - 7200;
    incident = from + 3600;
    const zone = await putZoneLogs(moto, { zoneId, zoneName: 'cli.example', qpm: 20, from, to: from + 6000, seed: 12, incident: { kind: 'servfail-all', start: incident, minutes: 20 } });
    zoneGroup = zone.group;
    // A VPC's Resolver records: JSON inside the CLI's JSON (escaped quotes), and answers with a
    // comma and a tab-free body.
    const logs = new CloudWatchLogsClient(moto.clientConfig('us-east-1'));
    await logs.send(new CreateLogGroupCommand({ logGroupName: vpcGroup }));
    await logs.send(new CreateLogStreamCommand({ logGroupName: vpcGroup, logStreamName: vpcId }));
    const resolverEvents = Array.from({ length: 60 }, (_, i) => {
      const t = (from + i * 60) * 1000;
      const record = { version: '1.100000', account_id: '111122223333', region: 'us-east-1', vpc_id: vpcId, query_timestamp: new Date(t).toISOString(), query_name: 'db.internal.', query_type: 'A', query_class: 'IN', rcode: 'NOERROR', answers: [{ Rdata: '10.0.0.9', Type: 'A', Class: 'IN' }], srcaddr: '10.0.0.1', srcport: '53', transport: 'UDP', srcids: { instance: 'i-0123' } };
      return { timestamp: t, message: JSON.stringify(record) };
    });
    await logs.send(new PutLogEventsCommand({ logGroupName: vpcGroup, logStreamName: vpcId, logEvents: resolverEvents }));

    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'replay-cli-'));
    plainFile = path.join(dir, 'plain.log');
    fs.writeFileSync(plainFile, [...zone.events, ...resolverEvents].map((e) => `${e.message}\n`).join(''));
    config = path.join(dir, 'dns-monitor.yaml');
    fs.writeFileSync(
      config,
      `prefix: acme\nhostedZones:\n  - { zoneId: ${zoneId}, zoneName: cli.example }\nresolverVpcs:\n  - { vpcId: ${vpcId}, region: us-east-1, queryLogging: { logGroupName: ${vpcGroup} } }\nalerts:\n  email: [oncall@example.com]\n`,
    );
  }, 120_000);
  afterAll(async () => moto?.stop());

  it('replays the JSON, text and messages-only outputs exactly as the raw messages, and pages on the outage in them', async () => {
    const expected = await replay([plainFile]);
    expect(expected.lines).toBeGreaterThan(1000);
    expect(expected.unmatchedLines).toBe(0);
    const servfail = expected.alarms.find((a: { alarmName: string }) => a.alarmName === 'acme-cli.example-servfail-rate');
    const at = servfail.transitions.find((t: { state: string }) => t.state === 'ALARM');
    expect(Date.parse(at.at) / 1000 - incident).toBeGreaterThan(0);
    expect(Date.parse(at.at) / 1000 - incident).toBeLessThanOrEqual(300);

    const outputs = {
      json: [await aws(filter(zoneGroup), path.join(dir, 'zone.json')), await aws(filter(vpcGroup), path.join(dir, 'vpc.json'))],
      text: [await aws([...filter(zoneGroup), '--output', 'text'], path.join(dir, 'zone.txt')), await aws([...filter(vpcGroup), '--output', 'text'], path.join(dir, 'vpc.txt'))],
      messages: [
        await aws([...filter(zoneGroup), '--query', 'events[].message', '--output', 'text'], path.join(dir, 'zone-messages.txt')),
        await aws([...filter(vpcGroup), '--query', 'events[].message', '--output', 'text'], path.join(dir, 'vpc-messages.txt')),
      ],
    };
    // What makes each what it is (as the CLI writes it, not as this test assumes).
    expect(fs.readFileSync(outputs.json[0], 'utf8')).toMatch(/^\{\n\s+"events": \[/);
    expect(fs.readFileSync(outputs.text[0], 'utf8')).toMatch(/^EVENTS\t/m);
    expect(fs.readFileSync(outputs.messages[0], 'utf8').split('\n')[0].split('\t').length).toBeGreaterThan(100);

    for (const [kind, files] of Object.entries(outputs)) {
      const got = await replay(files);
      expect({ kind, lines: got.lines, unmatchedLines: got.unmatchedLines, alarms: got.alarms }).toEqual({ kind, lines: expected.lines, unmatchedLines: 0, alarms: expected.alarms });
    }
  }, 240_000);

  it("replays what AWS CLI v2's aws logs tail prints, in its default and short formats, exactly as the raw messages", async () => {
    // CLI v2 is not in .venv (pip has v1, without tail): its two line formats are written here as
    // awscli/customizations/logs/tail.py prints them (DetailedLogEventsFormatter: the timestamp in
    // UTC, isoformat with microseconds, then the stream name; ShortLogEventsFormatter: %Y-%m-%dT%H:%M:%S).
    const events = fs.readFileSync(plainFile, 'utf8').split('\n').filter(Boolean);
    const tsOf = (m: string) => (m.startsWith('{') ? Date.parse(JSON.parse(m).query_timestamp) : Date.parse(m.split(' ')[1]));
    const streamOf = (m: string) => (m.startsWith('{') ? vpcId : `${zoneId}/FRA6`);
    const iso = (ms: number) => `${new Date(ms).toISOString().slice(0, 23)}000+00:00`;
    const detailed = path.join(dir, 'tail-detailed.txt');
    fs.writeFileSync(detailed, events.map((m) => `${iso(tsOf(m))} ${streamOf(m)} ${m}\n`).join(''));
    const short = path.join(dir, 'tail-short.txt');
    fs.writeFileSync(short, events.map((m) => `${new Date(tsOf(m)).toISOString().slice(0, 19)} ${m}\n`).join(''));
    expect(fs.readFileSync(detailed, 'utf8')).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00 Z0DDDDDDDDDDDDDDDDDD1\/FRA6 1\.0 /);
    const expected = await replay([plainFile]);
    for (const file of [detailed, short]) {
      const got = await replay([file]);
      expect({ file, lines: got.lines, unmatchedLines: got.unmatchedLines, alarms: got.alarms }).toEqual({ file, lines: expected.lines, unmatchedLines: 0, alarms: expected.alarms });
    }
  }, 120_000);

  it('still refuses a file holding no query log line, quoting it', async () => {
    const other = path.join(dir, 'other.json');
    fs.writeFileSync(other, '{\n    "logGroups": [\n        {\n            "logGroupName": "/x"\n        }\n    ]\n}\n');
    await expect(replay([other])).rejects.toMatchObject({ stderr: expect.stringMatching(/is a Route 53 query log line .*aws logs filter-log-events/) });
  });
});
