/**
 * Delivery guarantees, end to end in-process: moto (Secrets Manager, DynamoDB, SQS) + a real HTTP
 * server on 127.0.0.1 playing Slack, including 429 with Retry-After, 500, slow answers and
 * connection resets.
 */
import { DynamoDBClient, GetItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { alarmStateKey, alarmStateRecordOf } from '../../contracts/slack-notifier';
import { dynamoAlarmStateStore } from '../../lambdas/slack-notifier/alarm-state';
import { freePort } from '../support/net';
import { ASSUMPTIONS } from '../../lib/plan/prices';
import { fieldsOf } from './limits-check';
import { validateSnsEvent } from '../../lambdas/slack-notifier/sns-event';
import type { FakeSlack } from './fake-slack';
import { countAlarm, rateAlarm, snsEvent, snsRecord } from './fixtures';
import { collectingLogger, drainQueue, makeNotifier, Resources, setWebhookUrl, TEST_POLICY, useNotifierEnvironment } from './harness';

const env = useNotifierEnvironment({ cleanEach: true });
let slack: FakeSlack;
let r: Resources;
beforeAll(() => ({ slack, r } = env));

const run = (n: ReturnType<typeof makeNotifier>, event: unknown, remainingMs = 30_000) => n.handleEvent(validateSnsEvent(event), remainingMs);

describe('duplicate SNS deliveries', () => {
  it('posts once when the same MessageId arrives twice (Powertools idempotency on DynamoDB)', async () => {
    const n = makeNotifier(r);
    const record = snsRecord(countAlarm(), { messageId: 'dup-0001' });
    const first = await run(n, snsEvent(record));
    const second = await run(n, snsEvent(record));
    expect(first.records[0]).toMatchObject({ status: 'posted', messageId: 'dup-0001', attempts: 1 });
    expect(second.records[0]).toEqual(first.records[0]); // replayed from the idempotency record
    expect(slack.posts).toHaveLength(1);
  });

  it('uses no more DynamoDB requests per alert than `plan` prices (ASSUMPTIONS)', async () => {
    const calls: string[] = [];
    const counted = new DynamoDBClient(env.moto.clientConfig());
    counted.middlewareStack.add((next, context) => (args) => (calls.push(String(context.commandName)), next(args)), { step: 'initialize', name: 'countCalls' });
    const n = makeNotifier({ ...r, ddb: counted });
    const name = 'acme-prod-dns-counted-example-com-servfail-count';
    await run(n, snsEvent(snsRecord(countAlarm({ AlarmName: name }), { messageId: 'counted-alarm' })));
    const writes = calls.filter((c) => /^(Put|Update|Delete)Item/.test(c)).length;
    const reads = calls.filter((c) => /^GetItem/.test(c)).length;
    expect({ writes, reads }).toEqual({ writes: 3, reads: 1 });
    expect(writes).toBeLessThanOrEqual(ASSUMPTIONS.dynamoWritesPerInvocation);
    expect(reads).toBeLessThanOrEqual(ASSUMPTIONS.dynamoReadsPerInvocation);
    counted.destroy();
  });

  it('stores the idempotency record in DynamoDB with an expiration for TTL', async () => {
    const n = makeNotifier(r);
    await run(n, snsEvent(snsRecord(countAlarm(), { messageId: 'ttl-0001' })));
    const items = (await r.ddb.send(new ScanCommand({ TableName: r.tableName }))).Items ?? [];
    const completed = items.filter((i) => i.status?.S === 'COMPLETED');
    expect(completed.length).toBeGreaterThan(0);
    for (const i of completed) expect(Number(i.expiration?.N)).toBeGreaterThan(Date.now() / 1000);
  });

  it('a concurrent duplicate is refused while the first is in flight, then replayed without a second post', async () => {
    slack.script({ kind: 'slow', delayMs: 250 });
    const n = makeNotifier(r);
    const record = snsRecord(countAlarm(), { messageId: 'race-0001' });
    const [a, b] = await Promise.allSettled([run(n, snsEvent(record)), new Promise((res) => setTimeout(res, 60)).then(() => run(n, snsEvent(record)))]);
    expect(a.status).toBe('fulfilled');
    expect(b.status).toBe('rejected'); // Lambda retries the event later
    expect(String((b as PromiseRejectedResult).reason)).toContain('1 of 1 SNS records not handled');
    const again = await run(n, snsEvent(record));
    expect(again.records[0]).toMatchObject({ status: 'posted', messageId: 'race-0001' });
    expect(slack.posts).toHaveLength(1);
  });

  it('posts both when the MessageIds differ', async () => {
    const n = makeNotifier(r);
    await run(n, snsEvent(snsRecord(countAlarm(), { messageId: 'a-1' }), snsRecord(rateAlarm(), { messageId: 'a-2' })));
    expect(slack.posts).toHaveLength(2);
    expect(slack.posts.map((p) => p.body.text)).toEqual([expect.stringContaining('servfail'), expect.stringContaining('nxdomain')]);
  });
});

describe('OK notifications', () => {
  /** State changes of an alarm of the test's own (this table keeps other tests' states of the fixtures' alarms), at minutes of one hour. */
  const changesOf = (alarmName: string, hour: string) => (NewStateValue: string, OldStateValue: string, minute: number, messageId: string) =>
    snsRecord(countAlarm({ AlarmName: alarmName, NewStateValue, OldStateValue, StateChangeTime: `2026-12-05T${hour}:${String(minute).padStart(2, '0')}:00.000+0000` }), { messageId });

  // A new alarm starts in INSUFFICIENT_DATA and its first evaluation moves it to OK, which runs its
  // OK actions (ALARMS.newAlarmRunsOkActions): a first deploy of 1,000 zones is about 6,000 of
  // them at once, at Slack's one message a second per webhook. Only a recovery is news.
  it("posts an OK that follows an ALARM; an OK from INSUFFICIENT_DATA (a new alarm's first evaluation) is logged, not posted", async () => {
    const logger = collectingLogger();
    const n = makeNotifier(r, { logger });
    const recovered = snsRecord(countAlarm({ NewStateValue: 'OK', OldStateValue: 'ALARM', NewStateReason: 'Threshold Crossed: no datapoints were greater than or equal to the threshold (50.0).' }), { messageId: 'ok-after-alarm' });
    // A new alarm: its own name (this table already holds other tests' ALARMs of the fixtures' alarms).
    const created = snsRecord(
      rateAlarm({ AlarmName: 'acme-prod-dns-new-example-com-nxdomain-rate', NewStateValue: 'OK', OldStateValue: 'INSUFFICIENT_DATA', NewStateReason: 'Threshold Crossed: 3 datapoints were not greater than the threshold (0.2).' }),
      { messageId: 'ok-after-creation' },
    );
    const out = await run(n, snsEvent(recovered, created));
    expect(out.records.map((o) => [o.messageId, o.status])).toEqual([
      ['ok-after-alarm', 'posted'],
      ['ok-after-creation', 'skipped'],
    ]);
    expect(slack.posts).toHaveLength(1);
    expect(slack.posts[0].body.text).toContain('servfail');
    expect(logger.lines.find((l) => l.message.startsWith('OK after INSUFFICIENT_DATA not posted'))?.extra[0]).toMatchObject({ messageId: 'ok-after-creation', alarmName: 'acme-prod-dns-new-example-com-nxdomain-rate' });
    expect(await drainQueue(r)).toEqual([]);
  });

  // With treatMissingData `missing` (a signal override), a quiet zone's alarm in ALARM goes to
  // INSUFFICIENT_DATA when its data stops, which runs no action, and its recovery is then an OK from
  // INSUFFICIENT_DATA: without it the channel would show the ALARM forever.
  it('posts an OK from INSUFFICIENT_DATA when the last state it posted for that alarm was ALARM (a recovery after a stretch without data)', async () => {
    const logger = collectingLogger();
    const n = makeNotifier(r, { logger });
    const state = changesOf('acme-prod-dns-quiet-example-com-servfail-count', '07');
    const out = await run(n, snsEvent(state('ALARM', 'OK', 10, 'quiet-alarm'), state('OK', 'INSUFFICIENT_DATA', 25, 'quiet-recovered')));
    expect(out.records.map((o) => [o.messageId, o.status])).toEqual([
      ['quiet-alarm', 'posted'],
      ['quiet-recovered', 'posted'],
    ]);
    expect(slack.posts.map((p) => p.body.text)).toEqual([expect.stringMatching(/^🔴 ALARM/), expect.stringMatching(/^✅ OK/)]);
    // The channel has heard the recovery: the next stretch without data ends in an OK of no news.
    const again = await run(n, snsEvent(state('OK', 'INSUFFICIENT_DATA', 50, 'quiet-ok-again')));
    expect(again.records[0]).toMatchObject({ status: 'skipped' });
    // Another alarm's ALARM says nothing of this one.
    const other = await run(n, snsEvent(changesOf('acme-prod-dns-other-example-com-servfail-count', '07')('OK', 'INSUFFICIENT_DATA', 30, 'other-ok')));
    expect(other.records[0]).toMatchObject({ status: 'skipped' });
    expect(slack.posts).toHaveLength(2);
  });

  it('a recovery says how long the alarm was in ALARM, from the ALARM it posted', async () => {
    const n = makeNotifier(r);
    const name = 'acme-prod-dns-duration-example-com-servfail-count';
    await run(n, snsEvent(snsRecord(countAlarm({ AlarmName: name, StateChangeTime: '2026-12-05T10:00:00.000+0000' }), { messageId: 'duration-alarm' })));
    const ok = snsRecord(countAlarm({ AlarmName: name, NewStateValue: 'OK', OldStateValue: 'ALARM', StateChangeTime: '2026-12-05T10:12:30.000+0000' }), { messageId: 'duration-ok' });
    await run(n, snsEvent(ok));
    expect(fieldsOf(slack.posts[1].body)['In ALARM for']).toBe('12 min (since <!date^1796464800^{date_short_pretty} {time_secs}|2026-12-05T10:00:00.000Z>)');
    // The record of that OK keeps when the ALARM it ended began (dns-monitor test-alert reads it).
    const recordOf = async () => {
      const item = (await r.ddb.send(new GetItemCommand({ TableName: r.tableName, Key: alarmStateKey(`arn:aws:cloudwatch:us-east-1:123456789012:alarm:${name}`), ConsistentRead: true }))).Item;
      return alarmStateRecordOf(item, Date.now());
    };
    expect(await recordOf()).toEqual({ alarmArn: expect.any(String), state: 'OK', changedAtMs: Date.parse('2026-12-05T10:12:30Z'), recoveredFromAlarmAtMs: Date.parse('2026-12-05T10:00:00Z') });
    // Slack rejects the blocks of the next recovery: its plain text says it too.
    slack.script({ kind: 'ok' }, { kind: 'status', status: 400, body: 'invalid_blocks' }, { kind: 'ok' });
    await run(n, snsEvent(snsRecord(countAlarm({ AlarmName: name, StateChangeTime: '2026-12-05T11:00:00.000+0000' }), { messageId: 'duration-alarm-2' })));
    await run(n, snsEvent(snsRecord(countAlarm({ AlarmName: name, NewStateValue: 'OK', OldStateValue: 'ALARM', StateChangeTime: '2026-12-05T13:05:00.000+0000' }), { messageId: 'duration-ok-2' })));
    expect(slack.posts.map((p) => p.answeredWith)).toEqual(['ok', 'ok', 'ok', 400, 'ok']);
    expect(slack.posts[4].body.text).toContain('In ALARM for: 2 h 5 min (since 2026-12-05T11:00:00.000Z)');
    // An ALARM's record keeps none.
    await run(n, snsEvent(snsRecord(countAlarm({ AlarmName: name, StateChangeTime: '2026-12-05T14:00:00.000+0000' }), { messageId: 'duration-alarm-3' })));
    expect(await recordOf()).toEqual({ alarmArn: expect.any(String), state: 'ALARM', changedAtMs: Date.parse('2026-12-05T14:00:00Z') });
    // An ALARM, or an OK the channel heard no ALARM before, has no such field.
    expect(fieldsOf(slack.posts[0].body)['In ALARM for']).toBeUndefined();
  });

  it('keeps the newest state when alerts arrive out of order: a late ALARM does not undo the OK posted after it', async () => {
    const n = makeNotifier(r);
    const state = changesOf('acme-prod-dns-late-example-com-servfail-count', '08');
    // The queue hands over the OK (08:12) before the ALARM it ends (08:05).
    const out = await run(n, snsEvent(state('OK', 'ALARM', 12, 'late-ok'), state('ALARM', 'OK', 5, 'late-alarm')));
    expect(out.records.map((o) => o.status)).toEqual(['posted', 'posted']);
    const later = await run(n, snsEvent(state('OK', 'INSUFFICIENT_DATA', 40, 'late-ok-from-no-data')));
    expect(later.records[0]).toMatchObject({ status: 'skipped' });
  });

  // StateChangeTime carries milliseconds ("2021-11-10T02:45:55.640+0000"): an alarm set to ALARM
  // by hand (test-alert) and evaluated back to OK within the same second changed twice, in order.
  it('orders two changes within the same second by their milliseconds: the OK after the ALARM is the newest state', async () => {
    const n = makeNotifier(r);
    const name = 'acme-prod-dns-same-second-example-com-servfail-count';
    const at = (NewStateValue: string, OldStateValue: string, time: string, messageId: string) => snsRecord(countAlarm({ AlarmName: name, NewStateValue, OldStateValue, StateChangeTime: time }), { messageId });
    const out = await run(n, snsEvent(at('ALARM', 'OK', '2026-12-05T10:20:00.100+0000', 'same-second-alarm'), at('OK', 'ALARM', '2026-12-05T10:20:00.900+0000', 'same-second-ok')));
    expect(out.records.map((o) => o.status)).toEqual(['posted', 'posted']);
    const item = (await r.ddb.send(new GetItemCommand({ TableName: r.tableName, Key: alarmStateKey(`arn:aws:cloudwatch:us-east-1:123456789012:alarm:${name}`), ConsistentRead: true }))).Item;
    expect(alarmStateRecordOf(item, Date.now())).toEqual({
      alarmArn: expect.any(String),
      state: 'OK',
      changedAtMs: Date.parse('2026-12-05T10:20:00.900Z'),
      recoveredFromAlarmAtMs: Date.parse('2026-12-05T10:20:00.100Z'),
    });
    // The channel heard the recovery: the next OK after a stretch without data is no news.
    const later = await run(n, snsEvent(at('OK', 'INSUFFICIENT_DATA', '2026-12-05T10:40:00.000+0000', 'same-second-no-data')));
    expect(later.records[0]).toMatchObject({ status: 'skipped' });
  });

  it('says so when an alert is older than the state already posted for its alarm: a late OK is no all-clear while the alarm is in ALARM again', async () => {
    const logger = collectingLogger();
    const n = makeNotifier(r, { logger });
    const state = changesOf('acme-prod-dns-flap-example-com-servfail-count', '09');
    // ALARM 09:00, OK 09:04, ALARM 09:06; the OK (rate-limited, put back) reaches Slack last.
    await run(n, snsEvent(state('ALARM', 'OK', 0, 'flap-1'), state('ALARM', 'OK', 6, 'flap-3'), state('OK', 'ALARM', 4, 'flap-2')));
    expect(slack.posts.map((p) => p.body.text)).toEqual([
      '🔴 ALARM critical: servfail on example.com',
      '🔴 ALARM critical: servfail on example.com',
      '✅ OK: servfail on example.com (superseded by ALARM)',
    ]);
    const note = slack.posts[2].body.attachments[0].blocks[1];
    expect(note).toEqual({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: expect.stringContaining("↩️ Older than what this channel already has: the alarm's ALARM of <!date^1796461560^{date_short_pretty} {time_secs}|2026-12-05T09:06:00.000Z> was posted") }],
    });
    expect(logger.lines.find((l) => l.message.startsWith('posting an alert older than'))?.extra[0]).toMatchObject({ messageId: 'flap-2', newerState: 'ALARM' });
    // The newest state stays ALARM: a later OK from INSUFFICIENT_DATA is a recovery.
    const recovered = await run(n, snsEvent(state('OK', 'INSUFFICIENT_DATA', 30, 'flap-4')));
    expect(recovered.records[0]).toMatchObject({ status: 'posted' });
    expect(slack.posts[3].body.text).toBe('✅ OK: servfail on example.com');
  });

  it('forgets a posted state after its keep time: an OK after INSUFFICIENT_DATA then is not posted', async () => {
    const n = makeNotifier(r, { alarmStates: dynamoAlarmStateStore(r.ddb, r.tableName, 0) });
    const name = 'acme-prod-dns-forgotten-example-com-servfail-count';
    await run(n, snsEvent(snsRecord(countAlarm({ AlarmName: name }), { messageId: 'forgotten-alarm' })));
    const out = await run(n, snsEvent(snsRecord(countAlarm({ AlarmName: name, NewStateValue: 'OK', OldStateValue: 'INSUFFICIENT_DATA', StateChangeTime: '2025-06-03T19:00:00.000+0000' }), { messageId: 'forgotten-ok' })));
    expect(out.records[0]).toMatchObject({ status: 'skipped' });
    expect(slack.posts).toHaveLength(1);
  });

  it('a table it cannot reach: the ALARM is still posted (the failure logged), and an OK after INSUFFICIENT_DATA is not posted, as without the record', async () => {
    const logger = collectingLogger();
    const closed = await freePort();
    const unreachable = new DynamoDBClient({ ...env.moto.clientConfig(), endpoint: `http://127.0.0.1:${closed}`, maxAttempts: 1 });
    const n = makeNotifier(r, { logger, alarmStates: dynamoAlarmStateStore(unreachable, r.tableName) });
    const state = changesOf('acme-prod-dns-nostore-example-com-servfail-count', '18');
    const out = await run(n, snsEvent(state('ALARM', 'OK', 0, 'nostore-alarm'), state('OK', 'INSUFFICIENT_DATA', 13, 'nostore-ok')));
    expect(out.records.map((o) => o.status)).toEqual(['posted', 'skipped']);
    expect(slack.posts).toHaveLength(1);
    expect(logger.lines.find((l) => l.message.startsWith('posted, but the state posted was not recorded'))?.extra[0]).toMatchObject({ messageId: 'nostore-alarm', error: expect.stringContaining('ECONNREFUSED') });
    const unread = logger.lines.filter((l) => l.message.startsWith('could not read the state last posted')).map((l) => l.extra[0]);
    expect(unread).toEqual([expect.objectContaining({ messageId: 'nostore-alarm', error: expect.stringContaining('ECONNREFUSED') }), expect.objectContaining({ messageId: 'nostore-ok' })]);
    unreachable.destroy();
  });

  it('posts an ALARM whatever state it leaves, INSUFFICIENT_DATA included (a subject down when its alarms are created)', async () => {
    const n = makeNotifier(r);
    const out = await run(n, snsEvent(snsRecord(countAlarm({ OldStateValue: 'INSUFFICIENT_DATA' }), { messageId: 'alarm-at-creation' })));
    expect(out.records[0]).toMatchObject({ status: 'posted' });
    expect(slack.posts).toHaveLength(1);
  });
});

describe('retries', () => {
  it('honours Retry-After on 429 and then succeeds', async () => {
    slack.script({ kind: 'status', status: 429, body: 'rate_limited', retryAfter: '1' }, { kind: 'ok' });
    const out = await run(makeNotifier(r), snsEvent(snsRecord(countAlarm())));
    expect(out.records[0]).toMatchObject({ status: 'posted', attempts: 2 });
    expect(slack.posts).toHaveLength(2);
    expect(slack.posts[1].at - slack.posts[0].at).toBeGreaterThanOrEqual(950);
    expect(await drainQueue(r)).toEqual([]);
  });

  it('keeps waiting out 429s within its time budget: rate limiting is not an error to give up on after maxAttempts', async () => {
    // An alert storm: Slack takes about one message a second per webhook, and every invocation but
    // one is answered 429 each second (scripts/bench-slack-storm.ts). Six 429s in a row, more than
    // maxAttempts (4), then Slack takes it.
    slack.script(...Array.from({ length: 6 }, () => ({ kind: 'status' as const, status: 429, retryAfter: '0' })), { kind: 'ok' });
    const out = await run(makeNotifier(r), snsEvent(snsRecord(countAlarm())));
    expect(out.records[0]).toMatchObject({ status: 'posted', attempts: 7 });
    expect(await drainQueue(r)).toEqual([]);
  });

  it('still gives up on errors after maxAttempts, 429s aside', async () => {
    slack.script({ kind: 'status', status: 429, retryAfter: '0' }, ...Array.from({ length: 4 }, () => ({ kind: 'status' as const, status: 500 })), { kind: 'ok' });
    const out = await run(makeNotifier(r), snsEvent(snsRecord(countAlarm())));
    expect(out.records[0]).toMatchObject({ status: 'dead-lettered', attempts: 5 });
    expect(await drainQueue(r)).toHaveLength(1);
  });

  it('caps a long Retry-After at maxRetryAfterMs', async () => {
    slack.script({ kind: 'status', status: 429, retryAfter: '120' }, { kind: 'ok' });
    const started = Date.now();
    const out = await run(makeNotifier(r, { retry: { maxRetryAfterMs: 300 } }), snsEvent(snsRecord(countAlarm())));
    expect(out.records[0].status).toBe('posted');
    const gap = slack.posts[1].at - slack.posts[0].at;
    expect(gap).toBeGreaterThanOrEqual(280);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('retries 500, a slow answer (attempt timeout) and a connection reset, then succeeds', async () => {
    slack.script({ kind: 'status', status: 500 }, { kind: 'slow', delayMs: 2_000 }, { kind: 'reset' }, { kind: 'ok' });
    const logger = collectingLogger();
    const out = await run(makeNotifier(r, { logger }), snsEvent(snsRecord(countAlarm())));
    expect(out.records[0]).toMatchObject({ status: 'posted', attempts: 4 });
    expect(slack.posts.map((p) => p.answeredWith)).toEqual([500, 'slow', 'reset', 'ok']);
    const posted = logger.lines.find((l) => l.message === 'alert posted to Slack');
    const history = (posted?.extra[0] as { history: { error?: string }[] }).history;
    expect(history.map((h) => h.error ?? 'ok')).toEqual([
      expect.stringContaining('HTTP 500'),
      expect.stringContaining(`timeout after ${TEST_POLICY.attemptTimeoutMs} ms`),
      expect.stringMatching(/network error/),
      'ok',
    ]);
    // The slow attempt was cut at the per-attempt timeout (1 s), not at the server's 2 s: the next
    // attempt came before the slow answer would have (not cut, it comes after 2 s and a delay). The
    // bound was the timeout and the longest delay plus 300 ms, which a slow CI machine may pass.
    expect(TEST_POLICY.attemptTimeoutMs + TEST_POLICY.maxDelayMs).toBeLessThan(2_000);
    expect(slack.posts[2].at - slack.posts[1].at).toBeLessThan(2_000);
  });

  it('does not retry a 404 (channel_not_found) and dead-letters at once', async () => {
    slack.script({ kind: 'status', status: 404, body: 'channel_not_found' });
    const out = await run(makeNotifier(r), snsEvent(snsRecord(countAlarm(), { messageId: 'nf-1' })));
    expect(out.records[0]).toMatchObject({ status: 'dead-lettered', attempts: 1, error: 'HTTP 404: channel_not_found' });
    expect(slack.posts).toHaveLength(1);
    const dlq = await drainQueue(r);
    expect(dlq).toHaveLength(1);
    expect(dlq[0].body.record.Sns.MessageId).toBe('nf-1');
  });

  it.each([302, 303, 307, 308])('refuses a %i redirect: nothing is re-sent elsewhere, the alert is dead-lettered', async (status) => {
    // The redirect points at the same loopback server, so a followed redirect would show up as a
    // second request there (a 302/303 as a GET that "succeeds", a 307/308 as the alert re-posted).
    slack.script({ kind: 'status', status, location: `${new URL(slack.url).origin}/elsewhere` }, { kind: 'ok' });
    const out = await run(makeNotifier(r), snsEvent(snsRecord(countAlarm(), { messageId: `redirect-${status}` })));
    expect(out.records[0]).toMatchObject({ status: 'dead-lettered', attempts: 1 });
    expect(out.records[0].error).toContain(`HTTP ${status}`);
    expect(out.records[0].error).toContain('redirect');
    expect(slack.posts.map((p) => p.path)).toEqual([new URL(slack.url).pathname]);
    const dlq = await drainQueue(r);
    expect(dlq.map((m) => m.body.messageId)).toEqual([`redirect-${status}`]);
  });

  it('falls back to a plain-text post when Slack rejects the blocks (400)', async () => {
    slack.script({ kind: 'status', status: 400, body: 'invalid_blocks' }, { kind: 'ok' });
    const out = await run(makeNotifier(r), snsEvent(snsRecord(countAlarm())));
    expect(out.records[0]).toMatchObject({ status: 'posted', attempts: 2 });
    expect(slack.posts[0].body.attachments).toBeDefined();
    expect(slack.posts[1].body.attachments).toBeUndefined();
    expect(slack.posts[1].body.text).toContain('servfail on example.com');
    expect(slack.posts[1].body.text).toContain('#alarmsV2:alarm/acme-prod-dns-example-com-servfail-count');
  });

  it('the plain-text post of an alert older than the state already posted says so too', async () => {
    const n = makeNotifier(r);
    const name = 'acme-prod-dns-plain-example-com-servfail-count';
    await run(n, snsEvent(snsRecord(countAlarm({ AlarmName: name, StateChangeTime: '2026-12-05T10:30:00.000+0000' }), { messageId: 'plain-newer' })));
    slack.reset();
    slack.script({ kind: 'status', status: 400, body: 'invalid_blocks' }, { kind: 'ok' });
    await run(n, snsEvent(snsRecord(countAlarm({ AlarmName: name, NewStateValue: 'OK', OldStateValue: 'ALARM', StateChangeTime: '2026-12-05T10:20:00.000+0000' }), { messageId: 'plain-older' })));
    expect(slack.posts[1].body.attachments).toBeUndefined();
    expect(slack.posts[1].body.text).toContain('*OK: servfail on example.com* (superseded by ALARM)');
    expect(slack.posts[1].body.text).toContain("↩️ Older than what this channel already has: the alarm's ALARM of 2026-12-05T10:30:00.000Z was posted before this alert reached Slack. The alarm link below shows its current state.");
  });
});

describe('nothing is lost', () => {
  it('after exhausting retries, puts the original SNS record and the error on the SQS dead-letter queue', async () => {
    slack.script(...Array.from({ length: 10 }, () => ({ kind: 'status' as const, status: 503, body: 'service_unavailable' })));
    const record = snsRecord(rateAlarm(), { messageId: 'lost-0001' });
    const out = await run(makeNotifier(r), snsEvent(record));
    expect(out.records[0]).toMatchObject({ status: 'dead-lettered', attempts: TEST_POLICY.maxAttempts });
    expect(slack.posts).toHaveLength(TEST_POLICY.maxAttempts);

    const dlq = await drainQueue(r);
    expect(dlq).toHaveLength(1);
    expect(dlq[0].body).toMatchObject({
      source: 'dns-monitor-slack-notifier',
      reason: 'slack-delivery-failed',
      attempts: TEST_POLICY.maxAttempts,
      messageId: 'lost-0001',
      error: expect.stringContaining('HTTP 503'),
    });
    expect(dlq[0].body.record).toEqual(record); // exactly what SNS delivered
    expect(dlq[0].attributes).toEqual({ reason: 'slack-delivery-failed', snsMessageId: 'lost-0001' });
  });

  it('a dead-lettered alert redriven under a new MessageId (docs/slack.md) is posted', async () => {
    slack.script({ kind: 'status', status: 404, body: 'channel_not_found' });
    const n = makeNotifier(r);
    await run(n, snsEvent(snsRecord(countAlarm(), { messageId: 'redrive-1' })));
    const [entry] = await drainQueue(r);
    // Same MessageId again: the idempotency record replays "dead-lettered", nothing is posted.
    expect((await run(n, snsEvent(entry.body.record))).records[0].status).toBe('dead-lettered');
    expect(slack.posts).toHaveLength(1);
    const redriven = { ...entry.body.record, Sns: { ...entry.body.record.Sns, MessageId: 'redrive-1-redrive-1700000000' } };
    expect((await run(n, snsEvent(redriven))).records[0].status).toBe('posted');
    expect(slack.delivered()).toHaveLength(1);
  });

  it('dead-letters when every attempt resets the connection', async () => {
    slack.script(...Array.from({ length: 10 }, () => ({ kind: 'reset' as const })));
    const out = await run(makeNotifier(r), snsEvent(snsRecord(countAlarm(), { messageId: 'reset-1' })));
    expect(out.records[0].status).toBe('dead-lettered');
    const dlq = await drainQueue(r);
    expect(dlq.map((m) => m.body.messageId)).toEqual(['reset-1']);
    expect(dlq[0].body.error).toMatch(/network error/);
  });

  it('stops within the time budget the Lambda has left and still dead-letters', async () => {
    slack.script(...Array.from({ length: 10 }, () => ({ kind: 'slow' as const, delayMs: 5_000 })));
    const started = Date.now();
    // 1.5 s remaining, 0.5 s reserved for the dead-letter write → about 1 s for Slack.
    const out = await run(makeNotifier(r, { retry: { maxAttempts: 10 } }), snsEvent(snsRecord(countAlarm())), 1_500);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(out.records[0].status).toBe('dead-lettered');
    expect(out.records[0].error).toMatch(/time budget exhausted|no time left/);
    expect(await drainQueue(r)).toHaveLength(1);
  });

  it('dead-letters with reason webhook-secret when the secret holds no usable URL, without leaking it', async () => {
    await setWebhookUrl(r, 'not a url');
    try {
      const out = await run(makeNotifier(r, { secretMaxAge: 0 }), snsEvent(snsRecord(countAlarm(), { messageId: 'sec-1' })));
      expect(out.records[0]).toMatchObject({ status: 'dead-lettered', attempts: 0 });
      const dlq = await drainQueue(r);
      expect(dlq[0].body.reason).toBe('webhook-secret');
      expect(dlq[0].body.error).toContain('webhook secret is not a URL');
      expect(slack.posts).toHaveLength(0);
    } finally {
      await setWebhookUrl(r, slack.url);
    }
  });

  it('a failed record does not stop the next one', async () => {
    slack.script({ kind: 'status', status: 410, body: 'channel_is_archived' }, { kind: 'ok' });
    const out = await run(makeNotifier(r), snsEvent(snsRecord(countAlarm(), { messageId: 'm-1' }), snsRecord(rateAlarm(), { messageId: 'm-2' })));
    expect(out.records.map((x) => [x.messageId, x.status])).toEqual([
      ['m-1', 'dead-lettered'],
      ['m-2', 'posted'],
    ]);
  });

  it('never writes the webhook URL into logs', async () => {
    slack.script({ kind: 'status', status: 500 }, { kind: 'reset' }, { kind: 'ok' });
    const logger = collectingLogger();
    await run(makeNotifier(r, { logger }), snsEvent(snsRecord(countAlarm())));
    expect(logger.lines.length).toBeGreaterThan(0);
    expect(JSON.stringify(logger.lines)).not.toContain('/services/T000/B000');
  });
});
