/**
 * The real handler (middy + Powertools + zod), bundled by esbuild exactly like ProductFunction
 * bundles it, runs in a separate `node` process against moto (AWS_ENDPOINT_URL) and the loopback
 * Slack stand-in. Proves the ESM bundle loads, reads its env, and posts once per MessageId.
 */
import { type BundledHandler, bundleHandler } from '../support/bundled-handler';
import { startMoto, MotoServer } from '../support/moto';
import { FakeSlack, startFakeSlack } from './fake-slack';
import { alarmConfigurationEvent, countAlarm, snsEvent, snsRecord } from './fixtures';
import { createIntakePath, createResources, drainQueue, Resources } from './harness';
import { SLACK_RETRY_DEFAULTS } from '../../contracts/slack-notifier';

let moto: MotoServer;
let slack: FakeSlack;
let r: Resources;
let bundle: BundledHandler;

beforeAll(async () => {
  [moto, slack] = await Promise.all([startMoto(), startFakeSlack()]);
  r = await createResources(moto, slack.url);
  bundle = bundleHandler('slack-notifier');
});
afterAll(async () => {
  await Promise.all([moto?.stop(), slack?.close()]);
  bundle?.remove();
});

/** Invokes the bundled handler once per event, in order, in one fresh process. */
function invoke(events: unknown[], extraEnv: Record<string, string> = {}) {
  return bundle.invoke(events, {
    AWS_REGION: 'us-east-1',
    AWS_ENDPOINT_URL: moto.endpoint,
    AWS_LAMBDA_FUNCTION_NAME: 'slack-notifier',
    SLACK_WEBHOOK_SECRET_ID: r.secretArn,
    IDEMPOTENCY_TABLE_NAME: r.tableName,
    DEAD_LETTER_QUEUE_URL: r.queueUrl,
    // The construct's own retry settings (SlackWebhookNotifier, SLACK_RETRY_DEFAULTS): a shorter
    // attempt timeout fails healthy posts on a loaded machine (a 500 ms one did, once, under CI).
    SLACK_ATTEMPT_TIMEOUT_MS: String(SLACK_RETRY_DEFAULTS.attemptTimeoutMs),
    SLACK_MAX_ATTEMPTS: String(SLACK_RETRY_DEFAULTS.maxAttempts),
    ...extraEnv,
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

it('posts the recovery of an alarm whose ALARM it posted, when the OK follows INSUFFICIENT_DATA, and not a new alarm\'s first OK', async () => {
  slack.reset();
  const name = 'acme-prod-dns-bundle-example-com-servfail-count';
  const alarm = snsEvent(snsRecord(countAlarm({ AlarmName: name }), { messageId: 'bundle-quiet-alarm' }));
  const recovered = snsEvent(snsRecord(countAlarm({ AlarmName: name, NewStateValue: 'OK', OldStateValue: 'INSUFFICIENT_DATA', StateChangeTime: '2025-06-03T18:20:00.000+0000' }), { messageId: 'bundle-quiet-ok' }));
  const created = snsEvent(snsRecord(countAlarm({ AlarmName: `${name}-new`, NewStateValue: 'OK', OldStateValue: 'INSUFFICIENT_DATA' }), { messageId: 'bundle-new-ok' }));
  const out = await invoke([alarm, recovered, created]);
  expect(out.code).toBe(0);
  expect(out.results.map((x) => (x as { ok: { records: { status: string }[] } }).ok.records[0].status)).toEqual(['posted', 'posted', 'skipped']);
  expect(slack.posts.map((p) => p.body.text)).toEqual([expect.stringMatching(/^🔴 ALARM/), expect.stringMatching(/^✅ OK/)]);
});

it('takes CloudWatch\'s event of a deleted alarm as EventBridge invokes it: posts once when the channel last heard ALARM of it', async () => {
  slack.reset();
  const name = 'acme-prod-dns-bundle-deleted-example-com-servfail-count';
  const alarm = snsEvent(snsRecord(countAlarm({ AlarmName: name }), { messageId: 'bundle-deleted-alarm' }));
  const deletion = alarmConfigurationEvent(name, 'delete');
  const out = await invoke([alarm, deletion, deletion, alarmConfigurationEvent(`${name}-never-posted`, 'delete')]);
  expect(out.code).toBe(0);
  expect(out.results.map((x) => (x as { ok: { records: { status: string; rendering: string }[] } }).ok.records[0])).toEqual([
    expect.objectContaining({ status: 'posted', rendering: 'alarm' }),
    expect.objectContaining({ status: 'posted', rendering: 'alarm-deleted' }),
    expect.objectContaining({ status: 'skipped', rendering: 'alarm-deleted' }),
    expect.objectContaining({ status: 'skipped', rendering: 'alarm-deleted' }),
  ]);
  expect(slack.posts.map((p) => p.body.text)).toEqual([expect.stringMatching(/^🔴 ALARM/), '🗑️ Alarm deleted while in ALARM: servfail on example.com']);
});

it('takes the intake queue\'s SQS batch and answers with the partial batch response only', async () => {
  slack.reset();
  const intake = await createIntakePath(moto, r);
  const id = await intake.publish(countAlarm(), 'ALARM: servfail');
  const event = await intake.receive();
  const out = await invoke([event]);
  expect(out.code).toBe(0);
  expect(out.results).toEqual([{ ok: { batchItemFailures: [] } }]);
  expect(slack.posts.map((p) => p.body.text)).toEqual(['🔴 ALARM critical: servfail on example.com']);
  const logs = out.stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
  expect(logs.find((l) => l.message === 'alert posted to Slack')).toMatchObject({ messageId: id });
});

it('puts an alert Slack rate-limits past its budget back on the intake queue, out of sight for the delay the environment names', async () => {
  slack.reset();
  slack.script(...Array(30).fill({ kind: 'status', status: 429, retryAfter: '0' }));
  const intake = await createIntakePath(moto, r);
  await intake.publish(countAlarm(), 'ALARM: servfail');
  const event = await intake.receive();
  const out = await invoke([event], {
    SLACK_TOTAL_BUDGET_MS: '1000',
    INTAKE_QUEUE_URL: intake.queueUrl,
    SLACK_INTAKE_MAX_RECEIVES: '5',
    SLACK_RATE_LIMITED_REDELIVERY_SECONDS: '30',
  });
  expect(out.code).toBe(0);
  expect(out.results).toEqual([{ ok: { batchItemFailures: [{ itemIdentifier: event.Records[0].messageId }] } }]);
  // Powertools writes warnings to stderr.
  const logs = `${out.stdout}\n${out.stderr}`.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
  expect(logs.find((l) => l.message.startsWith('rate limited past its retry budget'))).toMatchObject({ level: 'WARN', receiveCount: 1, redeliveryInSeconds: 30 });
  expect(logs.filter((l) => l.message.startsWith('could not set the delay'))).toEqual([]);
  expect(await drainQueue(r)).toEqual([]);
  // Out of sight: the delay was set through the handler's own SQS client.
  const { ReceiveMessageCommand } = await import('@aws-sdk/client-sqs');
  expect((await r.sqs.send(new ReceiveMessageCommand({ QueueUrl: intake.queueUrl, WaitTimeSeconds: 0 }))).Messages ?? []).toEqual([]);
});

it('dead-letters through the real handler when Slack keeps failing', async () => {
  slack.reset();
  slack.script(...Array(SLACK_RETRY_DEFAULTS.maxAttempts).fill({ kind: 'status', status: 500 }));
  const out = await invoke([snsEvent(snsRecord(countAlarm(), { messageId: 'bundle-dlq-1' }))]);
  expect(out.results).toEqual([{ ok: { records: [expect.objectContaining({ status: 'dead-lettered', attempts: SLACK_RETRY_DEFAULTS.maxAttempts })] } }]);
  const dlq = await drainQueue(r);
  expect(dlq.map((m) => m.body.record.Sns.MessageId)).toEqual(['bundle-dlq-1']);
});

it('with an intake queue, needs the receive count and delay the construct sets: no default of its own', async () => {
  const out = await invoke([snsEvent(snsRecord(countAlarm()))], { INTAKE_QUEUE_URL: r.queueUrl });
  expect(out.code).not.toBe(0);
  expect(out.stderr).toContain('SLACK_INTAKE_MAX_RECEIVES is missing — set it as SlackWebhookNotifier does (SLACK_INTAKE)');
  expect(out.stderr).toContain('SLACK_RATE_LIMITED_REDELIVERY_SECONDS is missing');
});

it('fails at start with a clear message when its environment is incomplete', async () => {
  const out = await invoke([snsEvent(snsRecord(countAlarm()))], { DEAD_LETTER_QUEUE_URL: '' });
  expect(out.code).not.toBe(0);
  expect(out.stderr).toContain('DEAD_LETTER_QUEUE_URL is missing — set it to the dead-letter queue URL');
});
