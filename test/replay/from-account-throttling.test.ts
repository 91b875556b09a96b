/**
 * `replay --from-account` pages through FilterLogEvents and GetMetricData for as long as `--since`
 * holds events; CloudWatch throttles callers that go over its request rates (ThrottlingException,
 * HTTP 400), and a replay that dies half-way after minutes of reading helps nobody. Between the CLI
 * and moto server sits a relay on 127.0.0.1 that answers the first requests of each API with
 * CloudWatch's throttling error and forwards the rest: the replay waits and completes.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { startMoto, type MotoServer } from '../support/moto';
import { throttlingRelay } from '../support/throttling-relay';
import { putZoneLogs } from './support/account';

const run = promisify(execFile);
const CLI = path.resolve(__dirname, '..', '..', 'bin', 'dns-monitor-cli.js');

describe('dns-monitor replay --from-account when CloudWatch throttles (moto behind a throttling relay)', () => {
  let moto: MotoServer;
  beforeAll(async () => {
    moto = await startMoto();
  }, 60_000);
  afterAll(async () => moto?.stop());

  it('retries throttled FilterLogEvents and GetMetricData calls and replays every event', async () => {
    const now = Math.floor(Date.now() / 60000) * 60;
    const { events } = await putZoneLogs(moto, { zoneId: 'Z0EEEEEEEEEEEEEEEEEE1', zoneName: 'throttled.example', qpm: 10, from: now - 3600, to: now - 600, seed: 5 }, { dnsQueries: true });
    // More throttled answers in a row than the SDK's default of 3 attempts survives.
    const relay = throttlingRelay(moto.endpoint, 4, (api) => ['FilterLogEvents', 'GetMetricData'].includes(api));
    const endpoint = await relay.start();
    try {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'replay-throttle-'));
      const config = path.join(dir, 'dns-monitor.yaml');
      fs.writeFileSync(config, 'prefix: acme\nhostedZones:\n  - { zoneId: Z0EEEEEEEEEEEEEEEEEE1, zoneName: throttled.example }\nalerts:\n  email: [oncall@example.com]\n');
      const { stdout } = await run(process.execPath, [CLI, 'replay', '--config', config, '--from-account', '--since', '2h', '--json', '--quiet'], {
        cwd: dir,
        maxBuffer: 1 << 26,
        env: { ...process.env, AWS_ENDPOINT_URL: endpoint, AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing', AWS_REGION: 'us-east-1' },
      });
      expect(Object.fromEntries(relay.throttled)).toEqual({ FilterLogEvents: 4, GetMetricData: 4 });
      expect(JSON.parse(stdout).lines).toBe(events.length);
    } finally {
      await relay.stop();
    }
  }, 180_000);
});
