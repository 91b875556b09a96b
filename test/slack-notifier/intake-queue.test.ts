/**
 * The intake path as the app builds it: CloudWatch-shaped alarm messages published to an SNS topic
 * in moto, delivered by SNS to a subscribed SQS queue, received, and handed to the notifier as the
 * event source mapping's SQS batch. Slack is the stand-in on 127.0.0.1. And the redrive loop of
 * docs/slack.md, its jq programs read from the page and run by the real jq, its invoke line by the
 * real AWS CLI.
 */
import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { rateLimitedRedeliverySeconds } from '../../lambdas/slack-notifier/notifier';
import { queueEventOf } from '../../lambdas/slack-notifier/queue-event';
import { SLACK_INTAKE, slackPostIntervalMs } from '../../lib/alerts/slack-webhook-notifier';
import { validateSnsEvent } from '../../lambdas/slack-notifier/sns-event';
import { REPO } from '../support/synth';
import type { FakeSlack } from './fake-slack';
import { alarmConfigurationEvent, countAlarm, rateAlarm, snsEvent, snsRecord } from './fixtures';
import { alarmDeletionOf } from '../../lambdas/slack-notifier/alarm-deletion';
import { bundleHandler } from '../support/bundled-handler';
import { createEchoFunction, jsonValuesOf, runWithAwsCli } from '../support/aws-cli';
import { shellWord } from '../../lib/doctor/shell-word';
import { collectingLogger, createIntakePath, drainQueue, IntakePath, makeNotifier, Resources, TEST_POLICY, useNotifierEnvironment } from './harness';

const env = useNotifierEnvironment({ cleanEach: true });
let slack: FakeSlack;
let r: Resources;
let intake: IntakePath;
beforeAll(async () => {
  ({ slack, r } = env);
  intake = await createIntakePath(env.moto, r);
});

const batch = async () => {
  const event = queueEventOf(await intake.receive());
  if (!event) throw new Error('not read as an SQS event');
  return event;
};

it('reads what SNS delivered to the queue and posts each alert of the batch once, in order', async () => {
  const ids = [await intake.publish(countAlarm(), 'ALARM: servfail'), await intake.publish(rateAlarm(), 'ALARM: nxdomain')];
  const event = await batch();
  expect(event.messages).toHaveLength(2);
  const out = await makeNotifier(r).handleQueueEvent(event, 60_000);
  expect(out.batchItemFailures).toEqual([]);
  expect(out.records.map((x) => [x.status, x.rendering, x.messageId])).toEqual([
    ['posted', 'alarm', ids[0]],
    ['posted', 'alarm', ids[1]],
  ]);
  expect(slack.posts.map((p) => p.body.text)).toEqual(['🔴 ALARM critical: servfail on example.com', expect.stringContaining('nxdomain')]);
});

it('posts a burst at once while Slack takes it: no wait before Slack has rate-limited this execution (Slack allows short bursts)', async () => {
  for (let i = 0; i < 3; i++) await intake.publish(countAlarm({ AlarmName: `burst-${i}` }));
  // Paced, each post would wait a whole interval after the one before (two of them here); unpaced,
  // the three take what the posts themselves take. The interval is long enough that a slow, loaded
  // machine's posts stay far inside one (294 ms for three with a 300 ms interval failed here).
  const postIntervalMs = 5_000;
  await makeNotifier(r, { postIntervalMs }).handleQueueEvent(await batch(), 60_000);
  const at = slack.posts.map((p) => p.at);
  expect(at).toHaveLength(3);
  expect(at[2] - at[0]).toBeLessThan(postIntervalMs);
});

it('once Slack has answered 429, paces its posts, within a batch and into the next one, so the event source mapping\'s executions together keep Slack\'s rate', async () => {
  slack.script({ kind: 'status', status: 429, body: 'rate_limited', retryAfter: '0' });
  for (let i = 0; i < 3; i++) await intake.publish(countAlarm({ AlarmName: `paced-${i}` }));
  const first = await batch();
  await intake.publish(countAlarm({ AlarmName: 'paced-3' }));
  const n = makeNotifier(r, { postIntervalMs: 300 });
  // A skipped OK posts nothing and keeps no one waiting: it does not count as a post.
  await intake.publish(countAlarm({ AlarmName: 'paced-new-alarm', NewStateValue: 'OK', OldStateValue: 'INSUFFICIENT_DATA' }));
  expect(first.messages).toHaveLength(3);
  await n.handleQueueEvent(first, 60_000);
  const second = await batch();
  expect(second.messages).toHaveLength(2);
  await n.handleQueueEvent(second, 60_000);
  expect(slack.posts.map((p) => p.answeredWith)).toEqual([429, 'ok', 'ok', 'ok', 'ok']);
  const at = slack.posts.filter((p) => p.answeredWith === 'ok').map((p) => p.at);
  const gaps = at.slice(1).map((t, i) => t - at[i]);
  for (const g of gaps) expect(g).toBeGreaterThanOrEqual(290);
});

it('goes back to posting at once after a quiet spell without posts (the storm that made it pace is over)', async () => {
  slack.script({ kind: 'status', status: 429, body: 'rate_limited', retryAfter: '0' });
  // Still pacing, the three later posts would take two whole intervals; unpaced, far less than one
  // even on a slow, loaded machine (the posts themselves took 294 ms there).
  const postIntervalMs = 2_000;
  const n = makeNotifier(r, { postIntervalMs, pacingQuietMs: 1_000 });
  for (let i = 0; i < 2; i++) await intake.publish(countAlarm({ AlarmName: `storm-${i}` }));
  await n.handleQueueEvent(await batch(), 60_000);
  const storm = slack.posts.filter((p) => p.answeredWith === 'ok').map((p) => p.at);
  expect(storm[1] - storm[0]).toBeGreaterThanOrEqual(postIntervalMs - 10);
  await new Promise((resolve) => setTimeout(resolve, 1_200));
  slack.reset();
  for (let i = 0; i < 3; i++) await intake.publish(countAlarm({ AlarmName: `later-${i}` }));
  await n.handleQueueEvent(await batch(), 60_000);
  const later = slack.posts.map((p) => p.at);
  expect(later).toHaveLength(3);
  expect(later[2] - later[0]).toBeLessThan(postIntervalMs);
});

it('posts back to back without an interval (createNotifier\'s default, which the other tests here use; the app always sets one)', async () => {
  for (let i = 0; i < 3; i++) await intake.publish(countAlarm({ AlarmName: `unpaced-${i}` }));
  await makeNotifier(r).handleQueueEvent(await batch(), 60_000);
  const at = slack.posts.map((p) => p.at);
  // Less than one interval of the app's pace (which would put two between the first and the third).
  expect(at[2] - at[0]).toBeLessThan(slackPostIntervalMs());
});

it('posts once when the queue delivers the same message twice (the SNS MessageId is the key)', async () => {
  await intake.publish(countAlarm());
  const event = await batch();
  const n = makeNotifier(r);
  const first = await n.handleQueueEvent(event, 60_000);
  const again = await n.handleQueueEvent(event, 60_000);
  expect([first.batchItemFailures, again.batchItemFailures]).toEqual([[], []]);
  expect(again.records).toEqual(first.records);
  expect(slack.posts).toHaveLength(1);
});

it('dead-letters an alert Slack keeps refusing, with the SNS record, and does not leave it on the queue', async () => {
  slack.script(...Array(TEST_POLICY.maxAttempts).fill({ kind: 'status', status: 500 }));
  const id = await intake.publish(countAlarm());
  const out = await makeNotifier(r).handleQueueEvent(await batch(), 60_000);
  expect(out.batchItemFailures).toEqual([]);
  expect(out.records[0]).toMatchObject({ status: 'dead-lettered', attempts: TEST_POLICY.maxAttempts });
  const dlq = await drainQueue(r);
  expect(dlq.map((m) => [m.body.reason, m.body.record.Sns.MessageId, m.body.record.Sns.TopicArn])).toEqual([['slack-delivery-failed', id, intake.topicArn]]);
});

describe('an alert Slack rate-limits past its retry budget', () => {
  // Slack answers 429 for as long as the test wants: more than any budget here can wait out.
  const rateLimited = () => slack.script(...Array(60).fill({ kind: 'status', status: 429, body: 'rate_limited', retryAfter: '0' }));
  const notInQueue = async () =>
    (await r.sqs.send(new ReceiveMessageCommand({ QueueUrl: intake.queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }))).Messages ?? [];

  it('stays on the intake queue, out of sight for the redelivery delay, and is posted when it comes back (not dead-lettered)', async () => {
    rateLimited();
    const id = await intake.publish(countAlarm({ AlarmName: 'rate-limited' }));
    const first = await batch();
    const logger = collectingLogger();
    const n = makeNotifier(r, { retry: { totalBudgetMs: 1_000 }, logger, intake: { queueUrl: intake.queueUrl, maxReceives: SLACK_INTAKE.maxReceiveCount, rateLimitedRedeliverySeconds: 3 } });
    const out = await n.handleQueueEvent(first, 60_000);
    expect(out).toEqual({ batchItemFailures: [{ itemIdentifier: first.messages[0].messageId }], records: [] });
    expect(await drainQueue(r)).toEqual([]);
    expect(logger.lines.find((l) => l.message.startsWith('rate limited past its retry budget'))?.extra[0]).toMatchObject({ receiveCount: 1, redeliveryInSeconds: 3 });
    // Not back at once (the queue's own visibility timeout would hide it 16 minutes; this is the delay asked for).
    expect(await notInQueue()).toEqual([]);
    slack.reset();
    await new Promise((resolve) => setTimeout(resolve, 3_500));
    const again = await batch();
    expect(again.messages.map((m) => [m.messageId, m.receiveCount])).toEqual([[first.messages[0].messageId, 2]]);
    const posted = await n.handleQueueEvent(again, 60_000);
    expect(posted.batchItemFailures).toEqual([]);
    expect(posted.records.map((x) => [x.status, x.messageId])).toEqual([['posted', id]]);
    expect(slack.delivered()).toHaveLength(1);
  }, 30_000);

  it('goes back on the queue on each receive before its last, and on the last goes to the dead-letter queue with the reason', async () => {
    rateLimited();
    const id = await intake.publish(countAlarm({ AlarmName: 'rate-limited-to-the-end' }));
    const logger = collectingLogger();
    // A zero delay and three receives keep the test short (the app: 30 s and SLACK_INTAKE.maxReceiveCount, held by the
    // template and environment tests); the doubling of the delay is the pure function's test below.
    const n = makeNotifier(r, { retry: { totalBudgetMs: 400 }, logger, intake: { queueUrl: intake.queueUrl, maxReceives: 3, rateLimitedRedeliverySeconds: 0 } });
    const failures: number[] = [];
    for (let receive = 1; receive <= 3; receive++) {
      const event = await batch();
      expect(event.messages[0].receiveCount).toBe(receive);
      failures.push((await n.handleQueueEvent(event, 60_000)).batchItemFailures.length);
    }
    expect(failures).toEqual([1, 1, 0]);
    const dlq = await drainQueue(r);
    expect(dlq.map((m) => [m.body.reason, m.body.record.Sns.MessageId])).toEqual([['slack-rate-limited', id]]);
    expect(dlq[0].body.error).toMatch(/^HTTP 429/);
    expect(await notInQueue()).toEqual([]);
  }, 30_000);

  it('puts back the rest of its batch without trying them: Slack is still rate limiting (each would spend its whole budget)', async () => {
    rateLimited();
    for (let i = 0; i < 3; i++) await intake.publish(countAlarm({ AlarmName: `rate-limited-batch-${i}` }));
    const event = await batch();
    expect(event.messages).toHaveLength(3);
    const logger = collectingLogger();
    const n = makeNotifier(r, { retry: { totalBudgetMs: 600 }, logger, intake: { queueUrl: intake.queueUrl, maxReceives: 5, rateLimitedRedeliverySeconds: 0 } });
    const out = await n.handleQueueEvent(event, 60_000);
    expect(out.batchItemFailures).toEqual(event.messages.map((m) => ({ itemIdentifier: m.messageId })));
    // Only the batch's first alert asked Slack (every request names it); the two after it were put back untried.
    const asked = new Set(slack.posts.map((p) => /rate-limited-batch-\d/.exec(JSON.stringify(p.body))?.[0]));
    expect(slack.posts.length).toBeGreaterThan(0);
    expect([...asked]).toHaveLength(1);
    expect(logger.lines.filter((l) => l.message.startsWith('not tried: Slack rate-limited an earlier alert of this batch'))).toHaveLength(2);
    expect(await drainQueue(r)).toEqual([]);
    // On their last receive they are tried (and dead-lettered when Slack still refuses).
    const last = makeNotifier(r, { retry: { totalBudgetMs: 300 }, intake: { queueUrl: intake.queueUrl, maxReceives: 2, rateLimitedRedeliverySeconds: 0 } });
    const again = await batch();
    expect(again.messages.map((m) => m.receiveCount)).toEqual([2, 2, 2]);
    await last.handleQueueEvent(again, 60_000);
    expect((await drainQueue(r)).map((m) => m.body.reason)).toEqual(['slack-rate-limited', 'slack-rate-limited', 'slack-rate-limited']);
  }, 30_000);

  it('invoked by hand as an SNS event (the redrive: no queue to go back to), it is dead-lettered at once, with the reason', async () => {
    rateLimited();
    const n = makeNotifier(r, { retry: { totalBudgetMs: 400 }, intake: { queueUrl: intake.queueUrl, maxReceives: 5, rateLimitedRedeliverySeconds: 0 } });
    const out = await n.handleEvent(validateSnsEvent(snsEvent(snsRecord(countAlarm(), { messageId: 'by-hand-429' }))), 30_000);
    expect(out.records.map((x) => x.status)).toEqual(['dead-lettered']);
    expect((await drainQueue(r)).map((m) => [m.body.reason, m.body.messageId])).toEqual([['slack-rate-limited', 'by-hand-429']]);
    expect(await notInQueue()).toEqual([]);
  });

  it('the delay doubles with each receive', () => {
    expect([1, 2, 3, 4].map((receiveCount) => rateLimitedRedeliverySeconds(30, receiveCount))).toEqual([30, 60, 120, 240]);
  });
});

it('leaves on the queue the messages it has no time to start, and starts none of them', async () => {
  await intake.publish(countAlarm());
  await intake.publish(rateAlarm());
  const event = await batch();
  const logger = collectingLogger();
  // Slack takes 400 ms for the first; what is left after it is less than a retry budget.
  slack.script({ kind: 'slow', delayMs: 400 });
  const out = await makeNotifier(r, { logger }).handleQueueEvent(event, 500 + TEST_POLICY.totalBudgetMs + 300);
  expect(out.records).toHaveLength(1);
  expect(out.batchItemFailures).toEqual([{ itemIdentifier: event.messages[1].messageId }]);
  expect(slack.posts).toHaveLength(1);
  expect(logger.lines.some((l) => l.message.startsWith('not started: less time left than its retry budget'))).toBe(true);
});

it('leaves a message on the queue when it can neither be posted nor dead-lettered', async () => {
  slack.script(...Array(TEST_POLICY.maxAttempts).fill({ kind: 'status', status: 500 }));
  await intake.publish(countAlarm());
  const event = await batch();
  const broken = { ...r, sqs: new SQSClient({ ...env.moto.clientConfig(), maxAttempts: 1 }), queueUrl: `${env.moto.endpoint}/123456789012/no-such-queue` };
  const out = await makeNotifier(broken, { idempotent: false }).handleQueueEvent(event, 60_000);
  expect(out.batchItemFailures).toEqual([{ itemIdentifier: event.messages[0].messageId }]);
  expect(out.records).toEqual([]);
});

it('skips a new alarm\'s first OK (from INSUFFICIENT_DATA) and posts a recovery from ALARM', async () => {
  await intake.publish(countAlarm({ AlarmName: 'new-alarm-first-ok', NewStateValue: 'OK', OldStateValue: 'INSUFFICIENT_DATA' }));
  await intake.publish(countAlarm({ NewStateValue: 'OK', OldStateValue: 'ALARM' }));
  const out = await makeNotifier(r).handleQueueEvent(await batch(), 60_000);
  expect(out.records.map((x) => x.status)).toEqual(['skipped', 'posted']);
  expect(slack.posts).toHaveLength(1);
});

it('posts a message that is not an SNS notification as an unparseable alert (nothing is dropped)', async () => {
  const { SendMessageCommand } = await import('@aws-sdk/client-sqs');
  await r.sqs.send(new SendMessageCommand({ QueueUrl: intake.queueUrl, MessageBody: 'hello from somewhere else' }));
  const out = await makeNotifier(r).handleQueueEvent(await batch(), 60_000);
  expect(out.records.map((x) => [x.status, x.rendering])).toEqual([['posted', 'unparseable']]);
  expect(JSON.stringify(slack.posts[0].body)).toContain('hello from somewhere else');
});

it('an SNS event invoked by hand (the dead-letter redrive) is not taken for an SQS batch', () => {
  expect(queueEventOf({ Records: [{ EventSource: 'aws:sns', Sns: { MessageId: 'm', Message: '{}' } }] })).toBeUndefined();
});

describe('the redrive loop of docs/slack.md', () => {
  /** The loop's jq program, read from the page and run with the real jq. */
  const program = (() => {
    const page = fs.readFileSync(path.join(REPO, 'docs', 'slack.md'), 'utf8');
    const m = /event=\$\(jq -c --arg s "\$SUFFIX" '([\s\S]*?)' <<<"\$body"\)/.exec(page);
    if (!m) throw new Error('docs/slack.md: the redrive loop\'s jq program was not found');
    return m[1];
  })();
  const redriveEvent = (body: string) => JSON.parse(execFileSync('jq', ['-c', '--arg', 's', 'redrive-1700000000', program], { input: body, encoding: 'utf8' }));

  it('turns each kind of dead-letter entry into an SNS event under a new MessageId that the function posts', async () => {
    const n = makeNotifier(r);
    // 1. The handler's own entry (Slack refused the alert).
    slack.script({ kind: 'status', status: 404, body: 'channel_not_found' });
    const id1 = await intake.publish(countAlarm());
    await n.handleQueueEvent(await batch(), 60_000);
    const [handlerEntry] = await drainQueue(r);
    // 2. What SQS moves after 5 receives: the queue message body as SNS delivered it.
    const id2 = await intake.publish(rateAlarm());
    const moved = (await intake.receive()).Records[0].body;
    // 3. An entry of the async on-failure destination (before 2026-12-05): Lambda's format, the SNS event under requestPayload.
    const onFailure = JSON.stringify({ version: '1.0', requestContext: { condition: 'RetriesExhausted' }, requestPayload: snsEvent(snsRecord(countAlarm(), { messageId: 'old-1' })) });
    slack.reset();
    const events = [JSON.stringify(handlerEntry.body), moved, onFailure].map(redriveEvent);
    expect(events.map((e) => e.Records.map((x: any) => x.Sns.MessageId))).toEqual([[`${id1}-redrive-1700000000`], [`${id2}-redrive-1700000000`], ['old-1-redrive-1700000000']]);
    for (const e of events) expect((await n.handleEvent(validateSnsEvent(e), 60_000)).records.map((x) => x.status)).toEqual(['posted']);
    expect(slack.posts).toHaveLength(3);
  });

  // The loop's `aws lambda invoke` line, run by bash and the real AWS CLI of .venv (version 1)
  // against moto, whose function answers with the payload it got: the function is handed each
  // event as the program made it, quotes and non-ASCII included. The line has no option version 1
  // lacks, and the event goes in with fileb://, which version 2 does not base64-decode either.
  it("hands the function each event unchanged, through the AWS CLI as the page runs it", async () => {
    const line = /^ *(aws lambda invoke --function-name "\$FN" [^\n]*)$/m.exec(fs.readFileSync(path.join(REPO, 'docs', 'slack.md'), 'utf8'));
    if (!line) throw new Error("docs/slack.md: the redrive loop's aws lambda invoke line was not found");
    await createEchoFunction(env.moto, 'acme-prod-core-SlackNotifierFunction');
    const events = [
      redriveEvent(JSON.stringify({ record: snsRecord(countAlarm({ AlarmName: "payments team's latency — p99" }), { messageId: 'm-1' }) })),
      redriveEvent(JSON.stringify(alarmConfigurationEvent("it's gone", 'delete'))),
    ];
    const received = events.map((event) => {
      const script = `FN=acme-prod-core-SlackNotifierFunction; OUT=$(mktemp); event=${shellWord(JSON.stringify(event))}\n${line[1]}\ncat "$OUT"; rm -f "$OUT"`;
      return jsonValuesOf(runWithAwsCli(env.moto, script));
    });
    expect(received).toEqual(events.map((e) => [e]));
    expect(received[0][0]).toMatchObject({ Records: [{ Sns: { MessageId: 'm-1-redrive-1700000000' } }] });
  });

  /** The loop's test of the function's answer before it deletes the message. */
  const isDone = (() => {
    const m = /if jq -e '([^']*)' "\$OUT"/.exec(fs.readFileSync(path.join(REPO, 'docs', 'slack.md'), 'utf8'));
    if (!m) throw new Error('docs/slack.md: the redrive loop\'s success check was not found');
    return m[1];
  })();

  // The entries as they are made in an account: the handler's own (an alert and an alarm's
  // deletion it could not post), an SNS notification SQS moved after five receives, the CloudWatch
  // event EventBridge puts on the deletion rule's dead-letter queue, and Lambda's on-failure record
  // of it ("Adding a destination", Lambda Developer Guide: `requestPayload` is the event). The
  // bundled handler takes every event the program makes, and the loop's check accepts each answer.
  it('redrives every kind of entry the dead-letter queues hold, deletions of alarms included, each posted again by the bundled handler', async () => {
    const bundle = bundleHandler('slack-notifier');
    try {
      const n = makeNotifier(r, { retry: { maxAttempts: 1 } });
      const names = ['handler', 'deletion', 'eventbridge', 'destination'].map((k) => `acme-prod-dns-redrive-${k}-example-com-servfail-count`);
      // The channel heard ALARM of the alarms whose deletions are redriven.
      for (const name of names.slice(1)) await n.handleEvent(validateSnsEvent(snsEvent(snsRecord(countAlarm({ AlarmName: name })))), 30_000);
      // Slack fails: the handler's own entries, of an alert and of a deletion.
      slack.script({ kind: 'status', status: 500 }, { kind: 'status', status: 500 });
      await n.handleEvent(validateSnsEvent(snsEvent(snsRecord(countAlarm({ AlarmName: names[0] })))), 30_000);
      await n.handleAlarmDeletion(alarmDeletionOf(alarmConfigurationEvent(names[1], 'delete'))!, 30_000);
      const handlerEntries = (await drainQueue(r)).map((m) => m.body);
      expect(handlerEntries.map((b) => b.reason)).toEqual(['slack-delivery-failed', 'slack-delivery-failed']);
      await intake.publish(countAlarm({ AlarmName: 'acme-prod-dns-redrive-moved-example-com-servfail-count' }), 'ALARM');
      const moved = JSON.parse((await intake.receive(1)).Records[0].body);
      const eventBridgeEntry = alarmConfigurationEvent(names[2], 'delete');
      const destinationEntry = {
        version: '1.0',
        timestamp: '2025-06-03T18:06:00.000Z',
        requestContext: { requestId: 'e4b46cbf-b738-xmpl-8880-a18cdf61200e', functionArn: 'arn:aws:lambda:us-east-1:123456789012:function:notifier:$LATEST', condition: 'RetriesExhausted', approximateInvokeCount: 3 },
        requestPayload: alarmConfigurationEvent(names[3], 'delete'),
        responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
        responsePayload: { errorType: 'Error', errorMessage: 'table unavailable' },
      };
      const events = [...handlerEntries, moved, eventBridgeEntry, destinationEntry].map((b) => redriveEvent(JSON.stringify(b)));
      slack.reset();
      const out = await bundle.invoke(events, {
        AWS_REGION: 'us-east-1',
        AWS_ENDPOINT_URL: env.moto.endpoint,
        SLACK_WEBHOOK_SECRET_ID: r.secretArn,
        IDEMPOTENCY_TABLE_NAME: r.tableName,
        DEAD_LETTER_QUEUE_URL: r.queueUrl,
      });
      expect(out.code).toBe(0);
      const answers = out.results.map((x) => (x as { ok: unknown }).ok);
      expect(answers.map((a) => execFileSync('jq', ['-c', isDone], { input: JSON.stringify(a), encoding: 'utf8' }).trim())).toEqual(['true', 'true', 'true', 'true', 'true']);
      expect(slack.posts.map((p) => p.body.text)).toEqual([
        '🔴 ALARM critical: servfail on example.com',
        '🗑️ Alarm deleted while in ALARM: servfail on example.com',
        '🔴 ALARM critical: servfail on example.com',
        '🗑️ Alarm deleted while in ALARM: servfail on example.com',
        '🗑️ Alarm deleted while in ALARM: servfail on example.com',
      ]);
    } finally {
      bundle.remove();
    }
  });
});
