/**
 * Alert-storm benchmark of the Slack webhook notifier as the app builds it: N alarm notifications
 * published at once (an incident that sets off many alarms in the same minute) to an SNS topic in
 * moto, delivered by SNS to the intake queue, and read by as many pollers as the event source
 * mapping's maximum concurrency allows, each handing its own notifier (one execution environment,
 * pacing its posts by slackPostIntervalMs once Slack answers it 429) batches of SLACK_INTAKE.batchSize with the production
 * retry policy and function timeout, and deleting what the partial batch
 * response does not name (what Lambda's event source mapping does). Slack is a stand-in on
 * 127.0.0.1 that takes one message a second per webhook ("Posting messages: 1 per second, short
 * bursts >1 allowed", Slack API, Rate limits) with a burst allowance the bench sets (Slack
 * publishes none), answering 429 with Retry-After: 1 above it.
 *
 * Prints, per storm size and burst: alerts posted, dead-lettered, left on the queue, and the time
 * of the last post. A model of Slack and of the event source mapping, not the real ones: Slack's
 * real burst and Retry-After values are Slack's own, and Lambda polls a little later than the
 * pollers here.
 *
 * `--busy-seconds S` makes another sender on the same webhook take every message Slack allows for
 * the first S seconds (the stand-in answers only 429 then): the alerts outlast their retry budget
 * and go back on the intake queue until Slack takes them again.
 *
 * Usage: npm run bench:slack-storm -- [--alerts 10,40,100] [--bursts 1,10] [--busy-seconds 0] [--json]
 */
import './run-tmpdir'; // first: every temporary file of the run goes to a directory removed on exit
import * as http from 'node:http';
import { DeleteMessageBatchCommand, GetQueueAttributesCommand, SetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { LAMBDA } from '../lib/aws-facts';
import { SLACK_INTAKE, slackNotifierTimeoutSeconds, slackPostIntervalMs } from '../lib/alerts/slack-webhook-notifier';
import { queueEventOf } from '../lambdas/slack-notifier/queue-event';
import { DEFAULT_RETRY_POLICY } from '../lambdas/slack-notifier/slack-delivery';
import { countAlarm } from '../test/slack-notifier/fixtures';
import { createIntakePath, createResources, drainQueue, makeNotifier } from '../test/slack-notifier/harness';
import { startMoto } from '../test/support/moto';
import { benchArgs, benchNumber } from './bench-args';

const USAGE = `Usage: npm run bench:slack-storm -- [--alerts N,N,...] [--bursts B,B,...] [--busy-seconds S] [--json]
  --alerts        storm sizes: alarm notifications arriving at once (default 10,40,100)
  --bursts        messages the Slack stand-in takes at once before its 1 per second (default 1,10)
  --busy-seconds  another sender on the webhook takes all of Slack's rate for the first S seconds (default 0)
  --json          print JSON instead of the table
`;
/** The function timeout SlackWebhookNotifier sets for the default retry budget. */
const FUNCTION_TIMEOUT_MS = slackNotifierTimeoutSeconds(DEFAULT_RETRY_POLICY.totalBudgetMs / 1000) * 1000;

/** Slack's incoming webhook as a token bucket: `burst` messages, refilled at Slack's rate (SLACK_INTAKE.slackMessagesPerSecond). */
function rateLimitedSlack(burst: number, busyMs: number) {
  let tokens = burst;
  let last = Date.now();
  // Another sender on the same webhook takes every message Slack allows until then.
  const busyUntil = Date.now() + busyMs;
  const posts: number[] = [];
  let throttled = 0;
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const now = Date.now();
      tokens = Math.min(burst, tokens + ((now - last) / 1000) * SLACK_INTAKE.slackMessagesPerSecond);
      last = now;
      if (now < busyUntil) tokens = 0;
      if (tokens >= 1) {
        tokens -= 1;
        posts.push(now);
        res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      } else {
        throttled += 1;
        res.writeHead(429, { 'content-type': 'text/plain', 'retry-after': '1' }).end('rate_limited');
      }
    });
  });
  return {
    posts,
    throttled: () => throttled,
    start: () => new Promise<string>((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as { port: number }).port}/services/T0/B0/x`))),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

interface StormResult {
  alerts: number;
  burst: number;
  posted: number;
  deadLettered: number;
  leftOnQueue: number;
  slack429: number;
  lastPostSeconds: number;
}

async function main(): Promise<void> {
  const a = benchArgs('bench:slack-storm', USAGE, { options: { alerts: { type: 'string' }, bursts: { type: 'string' }, 'busy-seconds': { type: 'string' }, json: { type: 'boolean' } } });
  const list = (name: string, v: string) => v.split(',').map((x) => benchNumber('bench:slack-storm', `--${name}`, x, 'positive whole number'));
  const sizes = list('alerts', a.values.alerts ?? '10,40,100');
  const bursts = list('bursts', a.values.bursts ?? '1,10');
  const busyMs = a.values['busy-seconds'] === undefined ? 0 : benchNumber('bench:slack-storm', '--busy-seconds', a.values['busy-seconds'], 'whole number') * 1000;
  const moto = await startMoto();
  const results: StormResult[] = [];
  try {
    for (const burst of bursts) {
      for (const n of sizes) {
        const slack = rateLimitedSlack(burst, busyMs);
        const r = await createResources(moto, await slack.start());
        const intake = await createIntakePath(moto, r);
        // The queue as the app configures it: a message named in a partial batch response comes back after this.
        await r.sqs.send(new SetQueueAttributesCommand({ QueueUrl: intake.queueUrl, Attributes: { VisibilityTimeout: String((LAMBDA.sqsVisibilityTimeoutPerFunctionTimeout * FUNCTION_TIMEOUT_MS) / 1000) } }));
        try {
          const start = Date.now();
          await Promise.all(Array.from({ length: n }, (_, i) => intake.publish(countAlarm({ AlarmName: `storm-${i}` }))));
          const inFlight = async () =>
            Number((await r.sqs.send(new GetQueueAttributesCommand({ QueueUrl: intake.queueUrl, AttributeNames: ['ApproximateNumberOfMessagesNotVisible'] }))).Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0);
          const statuses: string[] = [];
          let left = 0;
          // The event source mapping's pollers: each hands over one batch at a time to its own
          // execution environment (its own notifier, pacing its posts) and deletes what succeeded.
          const poller = async () => {
            const notifier = makeNotifier(r, {
              retry: DEFAULT_RETRY_POLICY,
              postIntervalMs: slackPostIntervalMs(),
              intake: { queueUrl: intake.queueUrl, maxReceives: SLACK_INTAKE.maxReceiveCount, rateLimitedRedeliverySeconds: SLACK_INTAKE.rateLimitedRedeliverySeconds },
            });
            for (;;) {
              const event = await intake.receive(SLACK_INTAKE.batchSize);
              // Done when nothing is left, in sight or out of it (a rate-limited alert put back for later).
              if (event.Records.length === 0 && (await inFlight()) === 0) return;
              if (event.Records.length === 0) continue;
              const out = await notifier.handleQueueEvent(queueEventOf(event)!, FUNCTION_TIMEOUT_MS);
              statuses.push(...out.records.map((x) => x.status));
              left += out.batchItemFailures.length;
              const failed = new Set(out.batchItemFailures.map((f) => f.itemIdentifier));
              const done = event.Records.filter((m) => !failed.has(m.messageId));
              if (done.length) await r.sqs.send(new DeleteMessageBatchCommand({ QueueUrl: intake.queueUrl, Entries: done.map((m, i) => ({ Id: String(i), ReceiptHandle: m.receiptHandle })) }));
            }
          };
          await Promise.all(Array.from({ length: LAMBDA.sqsMinimumMaximumConcurrency }, poller));
          const queued = await drainQueue(r);
          const result: StormResult = {
            alerts: n,
            burst,
            posted: statuses.filter((x) => x === 'posted').length,
            deadLettered: queued.length,
            leftOnQueue: left,
            slack429: slack.throttled(),
            lastPostSeconds: slack.posts.length > 0 ? Math.round((Math.max(...slack.posts) - start) / 100) / 10 : 0,
          };
          results.push(result);
          // A run of the default set takes minutes and prints its table at the end: say where it is.
          process.stderr.write(
            `[slack-storm] ${results.length}/${sizes.length * bursts.length}: ${n} alerts, burst ${burst}: ${result.posted} posted, ${result.deadLettered} dead-lettered, last post at ${result.lastPostSeconds} s (${Math.round((Date.now() - start) / 1000)} s)\n`,
          );
        } finally {
          await slack.stop();
        }
      }
    }
  } finally {
    await moto.stop();
  }
  if (a.values.json) {
    process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
    return;
  }
  const rows = results.map((x) => `| ${x.alerts} | ${x.burst} | ${x.posted} | ${x.deadLettered} | ${x.leftOnQueue} | ${x.slack429} | ${x.lastPostSeconds} |`);
  process.stdout.write(
    [
      `Slack notifier in an alert storm (intake queue read ${LAMBDA.sqsMinimumMaximumConcurrency} batches of ${SLACK_INTAKE.batchSize} at a time; retry policy: ${DEFAULT_RETRY_POLICY.maxAttempts} attempts within ${DEFAULT_RETRY_POLICY.totalBudgetMs / 1000} s; Slack stand-in: 1 message/s after the burst)`,
      '',
      '| alerts at once | burst | posted | dead-lettered | left on the queue | 429 answers | last post (s) |',
      '|---:|---:|---:|---:|---:|---:|---:|',
      ...rows,
      '',
    ].join('\n'),
  );
}

void main().catch((e) => {
  process.stderr.write(`bench:slack-storm: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exitCode = 1;
});
