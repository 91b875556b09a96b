/**
 * Alert-storm benchmark of the Slack webhook notifier: N alarm notifications at once (an incident
 * that sets off many alarms in the same minute), each handled by its own notifier as Lambda runs
 * one invocation per SNS notification, with the production retry policy and a 60 s function
 * timeout, against a Slack stand-in on 127.0.0.1 that takes one message a second per webhook
 * ("Posting messages: 1 per second, short bursts >1 allowed", Slack API, Rate limits) with a burst
 * allowance the bench sets (Slack publishes none), answering 429 with Retry-After: 1 above it.
 * Moto holds the idempotency table, the secret and the dead-letter queue.
 *
 * Prints, per storm size and burst: alerts posted, dead-lettered, and the time of the last post.
 * A model of Slack, not Slack: its real burst and Retry-After values are Slack's own.
 *
 * Usage: npm run bench:slack-storm -- [--alerts 10,40,100] [--bursts 1,10] [--json]
 */
import * as http from 'node:http';
import { DEFAULT_RETRY_POLICY } from '../lambdas/slack-notifier/slack-delivery';
import { validateSnsEvent } from '../lambdas/slack-notifier/sns-event';
import { countAlarm, snsEvent, snsRecord } from '../test/slack-notifier/fixtures';
import { createResources, drainQueue, makeNotifier } from '../test/slack-notifier/harness';
import { startMoto } from '../test/support/moto';
import { benchArgs, benchNumber } from './bench-args';

const USAGE = `Usage: npm run bench:slack-storm -- [--alerts N,N,...] [--bursts B,B,...] [--json]
  --alerts  storm sizes: alarm notifications arriving at once (default 10,40,100)
  --bursts  messages the Slack stand-in takes at once before its 1 per second (default 1,10)
  --json    print JSON instead of the table
`;
const FUNCTION_TIMEOUT_MS = 60_000;

/** Slack's incoming webhook as a token bucket: `burst` messages, refilled at one a second. */
function rateLimitedSlack(burst: number) {
  let tokens = burst;
  let last = Date.now();
  const posts: number[] = [];
  let throttled = 0;
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const now = Date.now();
      tokens = Math.min(burst, tokens + (now - last) / 1000);
      last = now;
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
  slack429: number;
  lastPostSeconds: number;
}

async function main(): Promise<void> {
  const a = benchArgs('bench:slack-storm', USAGE, { options: { alerts: { type: 'string' }, bursts: { type: 'string' }, json: { type: 'boolean' } } });
  const list = (name: string, v: string) => v.split(',').map((x) => benchNumber('bench:slack-storm', `--${name}`, x, 'positive whole number'));
  const sizes = list('alerts', a.values.alerts ?? '10,40,100');
  const bursts = list('bursts', a.values.bursts ?? '1,10');
  const moto = await startMoto();
  const results: StormResult[] = [];
  try {
    for (const burst of bursts) {
      for (const n of sizes) {
        const slack = rateLimitedSlack(burst);
        const r = await createResources(moto, await slack.start());
        try {
          const start = Date.now();
          const outcomes = await Promise.all(
            Array.from({ length: n }, (_, i) =>
              makeNotifier(r, { retry: DEFAULT_RETRY_POLICY }).handleEvent(validateSnsEvent(snsEvent(snsRecord(countAlarm({ AlarmName: `storm-${i}` }), { messageId: `storm-${burst}-${n}-${i}` }))), FUNCTION_TIMEOUT_MS),
            ),
          );
          const statuses = outcomes.flatMap((o) => o.records.map((x) => x.status));
          const queued = await drainQueue(r);
          results.push({
            alerts: n,
            burst,
            posted: statuses.filter((s) => s === 'posted').length,
            deadLettered: queued.length,
            slack429: slack.throttled(),
            lastPostSeconds: slack.posts.length > 0 ? Math.round((Math.max(...slack.posts) - start) / 100) / 10 : 0,
          });
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
  const rows = results.map((x) => `| ${x.alerts} | ${x.burst} | ${x.posted} | ${x.deadLettered} | ${x.slack429} | ${x.lastPostSeconds} |`);
  process.stdout.write(
    [
      `Slack notifier in an alert storm (retry policy: ${DEFAULT_RETRY_POLICY.maxAttempts} attempts within ${DEFAULT_RETRY_POLICY.totalBudgetMs / 1000} s; Slack stand-in: 1 message/s after the burst)`,
      '',
      '| alerts at once | burst | posted | dead-lettered | 429 answers | last post (s) |',
      '|---:|---:|---:|---:|---:|---:|',
      ...rows,
      '',
    ].join('\n'),
  );
}

void main().catch((e) => {
  process.stderr.write(`bench:slack-storm: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exitCode = 1;
});
