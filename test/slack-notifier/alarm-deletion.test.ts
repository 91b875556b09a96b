/**
 * An alarm deleted while the channel last heard ALARM of it: the notifier, run in-process against
 * moto (DynamoDB, Secrets Manager, SQS) and the Slack stand-in on 127.0.0.1, handed CloudWatch's
 * deletion event as EventBridge invokes the function with it (fixtures.ts), after the alarm's own
 * SNS notifications. The rule that delivers the event: test/alerts-slack/deleted-alarms.test.ts.
 */
import { alarmDeletionOf } from '../../lambdas/slack-notifier/alarm-deletion';
import { dynamoAlarmStateStore } from '../../lambdas/slack-notifier/alarm-state';
import { validateSnsEvent } from '../../lambdas/slack-notifier/sns-event';
import type { FakeSlack } from './fake-slack';
import { alarmConfigurationEvent, countAlarm, snsEvent, snsRecord } from './fixtures';
import { collectingLogger, drainQueue, makeNotifier, Resources, useNotifierEnvironment } from './harness';
import { fieldsOf, slackLimitViolations } from './limits-check';

const env = useNotifierEnvironment({ cleanEach: true });
let slack: FakeSlack;
let r: Resources;
beforeAll(() => ({ slack, r } = env));

type Notifier = ReturnType<typeof makeNotifier>;
const alarm = (n: Notifier, name: string, overrides: Record<string, unknown> = {}) =>
  n.handleEvent(validateSnsEvent(snsEvent(snsRecord(countAlarm({ AlarmName: name, ...overrides })))), 30_000);
const deleted = (n: Notifier, name: string, opts: Parameters<typeof alarmConfigurationEvent>[2] = {}) => {
  const d = alarmDeletionOf(alarmConfigurationEvent(name, 'delete', opts));
  if (!d) throw new Error('the fixture is not read as a deletion');
  return n.handleAlarmDeletion(d, 30_000);
};
const texts = () => slack.posts.map((p) => p.body.text);

it('reads CloudWatch\'s configuration-change event (and nothing else) as an alarm\'s deletion', () => {
  const d = alarmDeletionOf(alarmConfigurationEvent('acme-prod-dns-example-com-servfail-count', 'delete', { id: 'ev-1' }));
  expect(d).toMatchObject({
    kind: 'alarm-deleted',
    eventId: 'ev-1',
    alarmName: 'acme-prod-dns-example-com-servfail-count',
    alarmArn: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:acme-prod-dns-example-com-servfail-count',
    operation: 'delete',
    // EventBridge gives the time to the second: the deletion was within it.
    deletedAtMs: Date.parse('2025-06-03T18:05:00.999Z'),
    context: expect.objectContaining({ subject: 'example.com', signal: 'servfail' }),
  });
  expect(alarmDeletionOf(snsEvent(snsRecord(countAlarm())))).toBeUndefined();
  expect(alarmDeletionOf({ ...alarmConfigurationEvent('x', 'delete'), 'detail-type': 'CloudWatch Alarm State Change' })).toBeUndefined();
});

it('keys an event without `resources` by the ARN of its region\'s partition (the key the alarm\'s SNS notifications carry)', () => {
  const name = 'acme-prod-dns-example-com-servfail-count';
  const bare = (region: string) => {
    const { resources: _dropped, ...event } = alarmConfigurationEvent(name, 'delete', { region }) as Record<string, unknown>;
    return alarmDeletionOf(event)?.alarmArn;
  };
  expect(bare('us-east-1')).toBe(`arn:aws:cloudwatch:us-east-1:123456789012:alarm:${name}`);
  expect(bare('cn-north-1')).toBe(`arn:aws-cn:cloudwatch:cn-north-1:123456789012:alarm:${name}`);
  expect(bare('us-gov-west-1')).toBe(`arn:aws-us-gov:cloudwatch:us-gov-west-1:123456789012:alarm:${name}`);
  // An event that names the ARN is read as it says.
  expect(alarmDeletionOf(alarmConfigurationEvent(name, 'delete', { region: 'cn-north-1' }))?.alarmArn).toBe(`arn:aws-cn:cloudwatch:cn-north-1:123456789012:alarm:${name}`);
});

it('posts once that an alarm whose ALARM it posted was deleted, and not again for a second delivery of the event', async () => {
  const n = makeNotifier(r);
  const name = 'acme-prod-dns-del1-example-com-servfail-count';
  await alarm(n, name);
  const first = await deleted(n, name);
  const second = await deleted(n, name);
  expect(first.records[0]).toMatchObject({ status: 'posted', rendering: 'alarm-deleted' });
  expect(second.records[0]).toMatchObject({ status: 'skipped', rendering: 'alarm-deleted' });
  expect(texts()).toEqual([expect.stringMatching(/^🔴 ALARM/), '🗑️ Alarm deleted while in ALARM: servfail on example.com']);
  const notice = JSON.stringify(slack.posts[1].body);
  expect(notice).toContain('No recovery will be posted for this alarm');
  expect(notice).toContain('21 min in ALARM');
  expect(notice).toContain(name);
  const fields = fieldsOf(slack.posts[1].body);
  // The subject's label is the one its alerts carry (a zone here).
  expect(Object.keys(fields)).toEqual(['Zone / VPC', 'Signal', 'Severity', 'In ALARM since', 'Deleted']);
  expect(fields['Zone / VPC']).toBe('example.com (Z0123456789ABCDEFGHIJ)');
});

it('posts nothing when the channel\'s last word on the alarm is its OK, or when it never heard of it', async () => {
  const n = makeNotifier(r);
  const recovered = 'acme-prod-dns-del2-example-com-servfail-count';
  await alarm(n, recovered);
  await alarm(n, recovered, { NewStateValue: 'OK', OldStateValue: 'ALARM', StateChangeTime: '2025-06-03T17:50:00.000+0000' });
  const a = await deleted(n, recovered);
  const b = await deleted(n, 'acme-prod-dns-del3-example-com-servfail-count');
  expect([a.records[0].status, b.records[0].status]).toEqual(['skipped', 'skipped']);
  expect(texts()).toEqual([expect.stringMatching(/^🔴 ALARM/), expect.stringMatching(/^✅ OK/)]);
});

it('a new alarm of the same name after the deletion: its first OK (from INSUFFICIENT_DATA) is no recovery, its ALARM is posted', async () => {
  const n = makeNotifier(r);
  const name = 'acme-prod-dns-del4-example-com-servfail-count';
  await alarm(n, name);
  await deleted(n, name);
  const firstOk = await alarm(n, name, { NewStateValue: 'OK', OldStateValue: 'INSUFFICIENT_DATA', StateChangeTime: '2025-06-03T18:10:00.000+0000' });
  const again = await alarm(n, name, { StateChangeTime: '2025-06-03T18:20:00.000+0000' });
  expect([firstOk.records[0].status, again.records[0].status]).toEqual(['skipped', 'posted']);
  expect(texts()).toEqual([expect.stringMatching(/^🔴 ALARM/), expect.stringMatching(/^🗑️ Alarm deleted/), '🔴 ALARM critical: servfail on example.com']);
});

it('an older alert of the alarm that reaches Slack after the deletion notice says the alarm was deleted since', async () => {
  const n = makeNotifier(r);
  const name = 'acme-prod-dns-del5-example-com-servfail-count';
  await alarm(n, name);
  await deleted(n, name);
  await alarm(n, name, { StateChangeTime: '2025-06-03T18:00:00.000+0000', OldStateValue: 'ALARM', NewStateValue: 'OK' });
  expect(texts()[2]).toBe('✅ OK: servfail on example.com (alarm since deleted)');
  expect(JSON.stringify(slack.posts[2].body)).toContain('The alarm was deleted at');
});

it('an ALARM still on its way when the alarm was deleted (no notice: the channel had not heard it) is posted marked as deleted since', async () => {
  const n = makeNotifier(r);
  const name = 'acme-prod-dns-del9-example-com-servfail-count';
  const d = await deleted(n, name);
  expect(d.records[0].status).toBe('skipped');
  await alarm(n, name);
  expect(texts()).toEqual(['🔴 ALARM critical: servfail on example.com (alarm since deleted)']);
  expect(JSON.stringify(slack.posts[0].body)).toContain('The alarm was deleted at');
});

// An alarm's StateChangeTime has milliseconds, the event's time has none: an ALARM at 18:05:00.500
// and its deletion at "18:05:00Z" happened in that order.
it('an ALARM and its deletion within the same second: the notice is posted once, and the deletion recorded', async () => {
  const n = makeNotifier(r);
  const name = 'acme-prod-dns-del11-example-com-servfail-count';
  await alarm(n, name, { StateChangeTime: '2025-06-03T18:05:00.500+0000' });
  expect((await deleted(n, name, { time: '2025-06-03T18:05:00Z' })).records[0].status).toBe('posted');
  expect((await deleted(n, name, { time: '2025-06-03T18:05:00Z' })).records[0].status).toBe('skipped');
  expect(texts()).toEqual(['🔴 ALARM critical: servfail on example.com', '🗑️ Alarm deleted while in ALARM: servfail on example.com']);
});

it('a deletion that reaches the notifier after a new alarm of the same name went into ALARM posts nothing', async () => {
  const n = makeNotifier(r);
  const name = 'acme-prod-dns-del10-example-com-servfail-count';
  await alarm(n, name, { StateChangeTime: '2025-06-03T18:30:00.000+0000' });
  const late = await deleted(n, name, { time: '2025-06-03T18:05:00Z' });
  expect(late.records[0].status).toBe('skipped');
  expect(texts()).toEqual(['🔴 ALARM critical: servfail on example.com']);
  // ... and the new alarm's own recovery is still posted as one.
  await alarm(n, name, { NewStateValue: 'OK', OldStateValue: 'INSUFFICIENT_DATA', StateChangeTime: '2025-06-03T18:40:00.000+0000' });
  expect(texts()[1]).toMatch(/^✅ OK/);
});

it('names the alarm when the event carries no configuration', async () => {
  const n = makeNotifier(r);
  const name = 'acme-prod-dns-del6-example-com-servfail-count';
  await alarm(n, name);
  await deleted(n, name, { description: null });
  expect(texts()[1]).toBe(`🗑️ Alarm deleted while in ALARM: ${name}`);
  // The longest name CloudWatch takes (255) still fits Slack's limits.
  const long = `acme-prod-dns-${'a'.repeat(230)}-servfail-count`.slice(0, 255);
  await alarm(n, long);
  await deleted(n, long, { description: null });
  expect(slackLimitViolations(slack.posts[3].body)).toEqual([]);
  expect(slack.posts[3].body.text.length).toBeLessThanOrEqual(300);
});

it('dead-letters the event when Slack keeps failing; the event from the dead letter, invoked again, posts it', async () => {
  const n = makeNotifier(r, { retry: { maxAttempts: 2 } });
  const name = 'acme-prod-dns-del7-example-com-servfail-count';
  await alarm(n, name);
  slack.script({ kind: 'status', status: 500 }, { kind: 'status', status: 500 }, { kind: 'status', status: 500 });
  const out = await deleted(n, name, { id: 'ev-dlq' });
  expect(out.records[0]).toMatchObject({ status: 'dead-lettered', messageId: 'ev-dlq' });
  const dlq = await drainQueue(r);
  expect(dlq).toHaveLength(1);
  expect(dlq[0].body.record.detail.alarmName).toBe(name);
  const redriven = alarmDeletionOf(dlq[0].body.record)!;
  const again = await n.handleAlarmDeletion(redriven, 30_000);
  expect(again.records[0].status).toBe('posted');
  expect(slack.delivered().map((p) => p.body.text).filter((t: string) => t.startsWith('🗑️'))).toHaveLength(1);
});

it('fails the invocation when its table cannot be read (Lambda retries, then the rule\'s dead-letter queue keeps the event)', async () => {
  const logger = collectingLogger();
  const n = makeNotifier(r, { logger, alarmStates: dynamoAlarmStateStore(r.ddb, 'no-such-table') });
  await expect(deleted(n, 'acme-prod-dns-del8-example-com-servfail-count')).rejects.toThrow(/Requested resource not found|ResourceNotFound/);
  expect(slack.posts).toHaveLength(0);
});
