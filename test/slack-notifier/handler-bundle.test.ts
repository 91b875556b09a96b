/**
 * The real handler (middy + Powertools + zod), bundled by esbuild exactly like ProductFunction
 * bundles it, runs in a separate `node` process against moto (AWS_ENDPOINT_URL) and the loopback
 * Slack stand-in. Proves the ESM bundle loads, reads its env, and posts once per MessageId.
 */
import { buildSync } from 'esbuild';
import { esbuildOptions } from '../../lib/lambda/product-function';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { startMoto, MotoServer } from '../support/moto';
import { FakeSlack, startFakeSlack } from './fake-slack';
import { countAlarm, snsEvent, snsRecord } from './fixtures';
import { createResources, drainQueue, Resources } from './harness';

const ROOT = path.resolve(__dirname, '..', '..');
let moto: MotoServer;
let slack: FakeSlack;
let r: Resources;
let bundle: string;

beforeAll(async () => {
  [moto, slack] = await Promise.all([startMoto(), startFakeSlack()]);
  r = await createResources(moto, slack.url);
  // Inside the repo so the external @aws-sdk/* imports resolve from node_modules; a fresh clone has no .bench yet.
  fs.mkdirSync(path.join(ROOT, '.bench'), { recursive: true });
  const outdir = fs.mkdtempSync(path.join(ROOT, '.bench', 'jest-slack-notifier-'));
  bundle = path.join(outdir, 'index.mjs');
  // Bundled exactly as ProductFunction bundles it (one definition of the options).
  buildSync(esbuildOptions(path.join(ROOT, 'lambdas', 'slack-notifier', 'index.ts'), bundle));
});
afterAll(async () => {
  await Promise.all([moto?.stop(), slack?.close()]);
  if (bundle) fs.rmSync(path.dirname(bundle), { recursive: true, force: true });
});

/** Invokes the handler once per event, in order, in one fresh process; returns results and stdout. */
function invoke(events: unknown[], extraEnv: Record<string, string> = {}): Promise<{ results: unknown[]; stdout: string; stderr: string; code: number | null }> {
  const script = `
    const { handler } = await import(${JSON.stringify(pathToFileURL(bundle).href)});
    const events = JSON.parse(process.env.TEST_EVENTS);
    const results = [];
    for (const [i, e] of events.entries()) {
      const context = { functionName: 'slack-notifier', functionVersion: '$LATEST', awsRequestId: 'req-' + i,
        invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:slack-notifier', memoryLimitInMB: '256',
        getRemainingTimeInMillis: () => 30000 };
      try { results.push({ ok: await handler(e, context) }); } catch (err) { results.push({ error: String(err) }); }
    }
    console.log('RESULTS ' + JSON.stringify(results));`;
  const env = {
    PATH: process.env.PATH ?? '',
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_ENDPOINT_URL: moto.endpoint,
    AWS_LAMBDA_FUNCTION_NAME: 'slack-notifier',
    SLACK_WEBHOOK_SECRET_ID: r.secretArn,
    IDEMPOTENCY_TABLE_NAME: r.tableName,
    DEAD_LETTER_QUEUE_URL: r.queueUrl,
    SLACK_ATTEMPT_TIMEOUT_MS: '500',
    SLACK_MAX_ATTEMPTS: '2',
    TEST_EVENTS: JSON.stringify(events),
    ...extraEnv,
  };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const line = stdout.split('\n').find((l) => l.startsWith('RESULTS '));
      resolve({ results: line ? JSON.parse(line.slice('RESULTS '.length)) : [], stdout, stderr, code });
    });
  });
}

it('posts one Slack message for two deliveries of the same SNS message, with structured logs', async () => {
  slack.reset();
  const event = snsEvent(snsRecord(countAlarm(), { messageId: 'bundle-dup-1' }));
  const out = await invoke([event, event]);
  expect(out.code).toBe(0);
  expect(out.stderr).not.toMatch(/Error|ERROR/);
  expect(out.results).toEqual([
    { ok: { records: [expect.objectContaining({ status: 'posted', messageId: 'bundle-dup-1' })] } },
    { ok: { records: [expect.objectContaining({ status: 'posted', messageId: 'bundle-dup-1' })] } },
  ]);
  expect(slack.posts).toHaveLength(1);
  expect(slack.posts[0].body.text).toBe('🔴 ALARM critical: servfail on example.com');
  const logs = out.stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
  const posted = logs.find((l) => l.message === 'alert posted to Slack');
  expect(posted).toMatchObject({ level: 'INFO', service: 'dns-monitor-slack-notifier', function_name: 'slack-notifier', messageId: 'bundle-dup-1' });
  expect(out.stdout).not.toContain('/services/T000/B000');
});

it('dead-letters through the real handler when Slack keeps failing', async () => {
  slack.reset();
  slack.script({ kind: 'status', status: 500 }, { kind: 'status', status: 500 });
  const out = await invoke([snsEvent(snsRecord(countAlarm(), { messageId: 'bundle-dlq-1' }))]);
  expect(out.results).toEqual([{ ok: { records: [expect.objectContaining({ status: 'dead-lettered', attempts: 2 })] } }]);
  const dlq = await drainQueue(r);
  expect(dlq.map((m) => m.body.record.Sns.MessageId)).toEqual(['bundle-dlq-1']);
});

it('fails at start with a clear message when its environment is incomplete', async () => {
  const out = await invoke([snsEvent(snsRecord(countAlarm()))], { DEAD_LETTER_QUEUE_URL: '' });
  expect(out.code).not.toBe(0);
  expect(out.stderr).toContain('DEAD_LETTER_QUEUE_URL is missing — set it to the dead-letter queue URL');
});
