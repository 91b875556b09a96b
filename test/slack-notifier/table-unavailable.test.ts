/**
 * The notifier's table unavailable (deleted outside CloudFormation, throttled, its key disabled):
 * its idempotency records cannot be kept. Alerts still reach Slack: a second post of a redelivered
 * alert costs less than a channel that stays silent while alerts wait out their receives in the
 * intake queue (16 minutes each) before reaching the dead-letter queue. The bundled handler, as
 * deployed, with its table gone from moto; SNS and SQS in moto; Slack the stand-in on 127.0.0.1.
 */
import { DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import { countAlarm } from './fixtures';
import { createIntakePath, invokeBundledNotifier, useNotifierEnvironment } from './harness';

const env = useNotifierEnvironment();

it('posts what arrives from the intake queue, answers no failure, and logs that it posted without its idempotency record', async () => {
  const intake = await createIntakePath(env.moto, env.r);
  await env.r.ddb.send(new DeleteTableCommand({ TableName: env.r.tableName }));
  await intake.publish(countAlarm(), 'ALARM: servfail');
  const batch = await intake.receive();
  expect(batch.Records).toHaveLength(1);

  const out = await invokeBundledNotifier(env, [batch]);
  expect(out.code).toBe(0);
  expect(out.results).toEqual([{ ok: { batchItemFailures: [] } }]);
  expect(env.slack.posts.map((p) => p.body.text)).toEqual(['🔴 ALARM critical: servfail on example.com']);
  const errors = out.stderr
    .split('\n')
    .concat(out.stdout.split('\n'))
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l))
    .filter((l) => l.level === 'ERROR');
  expect(errors.map((l) => l.message)).toContain('the idempotency record could not be kept (the notifier table is unavailable): posted without it, so a redelivery of this alert would be posted again');
}, 120_000);
