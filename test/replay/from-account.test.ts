/**
 * `replay --from-account --since`: the CLI reads the config's log group with FilterLogEvents
 * (moto server through the real AWS SDK, reached via AWS_ENDPOINT_URL like any SDK endpoint
 * override) and replays what it got.
 */
import { CloudWatchLogsClient, CreateLogGroupCommand, CreateLogStreamCommand, PutLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { generateZone } from '../../scripts/detection-corpus';
import { startMoto, type MotoServer } from '../support/moto';

const run = promisify(execFile);
const CLI = path.resolve(__dirname, '..', '..', 'bin', 'dns-monitor-cli.js');

describe('dns-monitor replay --from-account (moto)', () => {
  let moto: MotoServer;
  beforeAll(async () => {
    moto = await startMoto();
  }, 60_000);
  afterAll(async () => moto?.stop());

  it('fetches the zone log group of the last 2 h and replays it: a SERVFAIL outage pages', async () => {
    const logs = new CloudWatchLogsClient(moto.clientConfig('us-east-1'));
    const group = '/aws/route53/fetched.example';
    await logs.send(new CreateLogGroupCommand({ logGroupName: group }));
    await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: 'Z0BBBBBBBBBBBBBBBBBB1/FRA6' }));
    const now = Math.floor(Date.now() / 60000) * 60;
    const events: { timestamp: number; message: string }[] = [];
    generateZone(
      { zoneId: 'Z0BBBBBBBBBBBBBBBBBB1', zoneName: 'fetched.example', qpm: 20, from: now - 7200, to: now - 600, seed: 7, incident: { kind: 'servfail-all', start: now - 2400, minutes: 20 } },
      (l) => events.push({ timestamp: Date.parse(l.split(' ')[1]), message: l }),
      () => undefined,
    );
    events.sort((a, b) => a.timestamp - b.timestamp);
    for (let i = 0; i < events.length; i += 5000) await logs.send(new PutLogEventsCommand({ logGroupName: group, logStreamName: 'Z0BBBBBBBBBBBBBBBBBB1/FRA6', logEvents: events.slice(i, i + 5000) }));

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
    expect(stderr).toContain(`${group}:`);
    const servfail = out.alarms.find((a: any) => a.alarmName === 'acme-fetched.example-servfail-rate');
    const at = servfail.transitions.find((t: any) => t.state === 'ALARM');
    expect(at).toBeDefined();
    const after = Date.parse(at.at) / 1000 - (now - 2400);
    expect(after).toBeGreaterThan(0);
    expect(after).toBeLessThanOrEqual(300);
  }, 180_000);
});
