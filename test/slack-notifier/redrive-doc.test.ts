/**
 * The redrive loop of docs/slack.md, as a user runs it: its jq program (read from the page, run by
 * the real jq) turns each kind of dead-letter entry back into the event the function takes, and
 * its success check reads the function's answer. The entries are made as they are in an account:
 * the handler's own (an alert and an alarm's deletion it could not post, over moto), an SNS
 * notification SQS moved after five receives (through moto's SNS and SQS), the CloudWatch event
 * EventBridge puts on the rule's dead-letter queue, and Lambda's on-failure record of it ("Adding
 * a destination", Lambda Developer Guide: `requestPayload` is the event). The bundled handler takes
 * every event the program makes and posts each alert once more.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { alarmDeletionOf } from '../../lambdas/slack-notifier/alarm-deletion';
import { validateSnsEvent } from '../../lambdas/slack-notifier/sns-event';
import { type BundledHandler, bundleHandler } from '../support/bundled-handler';
import { REPO } from '../support/synth';
import { alarmConfigurationEvent, countAlarm, snsEvent, snsRecord } from './fixtures';
import { createIntakePath, drainQueue, makeNotifier, useNotifierEnvironment } from './harness';

const env = useNotifierEnvironment({ cleanEach: true });
let bundle: BundledHandler;
beforeAll(() => {
  bundle = bundleHandler('slack-notifier');
});
afterAll(() => bundle?.remove());

const doc = fs.readFileSync(path.join(REPO, 'docs', 'slack.md'), 'utf8');
/** The loop's jq program that turns a queue message body into the function's event. */
const toEvent = /event=\$\(jq -c --arg s "\$SUFFIX" '([\s\S]*?)' <<<"\$body"\)/.exec(doc)?.[1];
/** The loop's test of the function's answer before it deletes the message. */
const isDone = /if jq -e '([^']*)' \/tmp\/redrive-out\.json/.exec(doc)?.[1];

const jq = (program: string, input: unknown, args: string[] = []) =>
  execFileSync('jq', ['-c', ...args, program], { input: JSON.stringify(input), encoding: 'utf8' }).trim();

it('finds the loop\'s two jq programs in docs/slack.md', () => {
  expect(toEvent).toContain('.requestPayload');
  expect(isDone).toContain('.records');
});

it('redrives every kind of entry the dead-letter queues hold, each posted again', async () => {
  const { r, slack, moto } = env;
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
  // What SQS moves after five receives: the SNS notification as SNS delivered it.
  const intake = await createIntakePath(moto, r);
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

  const bodies = [...handlerEntries, moved, eventBridgeEntry, destinationEntry];
  const events = bodies.map((b) => JSON.parse(jq(toEvent!, b, ['--arg', 's', 'redrive-1'])));
  slack.reset();
  const out = await bundle.invoke(events, {
    AWS_REGION: 'us-east-1',
    AWS_ENDPOINT_URL: moto.endpoint,
    SLACK_WEBHOOK_SECRET_ID: r.secretArn,
    IDEMPOTENCY_TABLE_NAME: r.tableName,
    DEAD_LETTER_QUEUE_URL: r.queueUrl,
  });
  expect(out.code).toBe(0);
  const answers = out.results.map((x) => (x as { ok: unknown }).ok);
  expect(answers.map((a) => jq(`${isDone}`, a))).toEqual(['true', 'true', 'true', 'true', 'true']);
  expect(slack.posts.map((p) => p.body.text)).toEqual([
    '🔴 ALARM critical: servfail on example.com',
    '🗑️ Alarm deleted while in ALARM: servfail on example.com',
    '🔴 ALARM critical: servfail on example.com',
    '🗑️ Alarm deleted while in ALARM: servfail on example.com',
    '🗑️ Alarm deleted while in ALARM: servfail on example.com',
  ]);
});
