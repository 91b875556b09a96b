/**
 * The notifier's logic, free of Lambda and middy: every outside dependency (SQS client, webhook
 * URL source, fetch, clock, idempotency store, logger) is a parameter, so tests run it against
 * moto and a local HTTP server.
 *
 * Alerts arrive from the intake queue (SQS batches of SNS notifications, `handleQueueEvent`) or,
 * when someone invokes the function by hand (the dead-letter redrive in docs/slack.md), as an SNS
 * event (`handleEvent`); EventBridge invokes it with CloudWatch's event when an alarm of the
 * deployment is deleted (`handleAlarmDeletion`, alarm-deletion.ts). Per SNS record: validate → render (CloudWatch alarm, DNS change audit or
 * DNS check detail, else an "unparseable alert") → read webhook URL → post with retries → on
 * failure put the original record + error on the dead-letter queue (an alert from the intake queue
 * that Slack rate-limited to the end of its budget goes back on the intake queue for later instead,
 * until its last receive). An alarm's OK that follows INSUFFICIENT_DATA is posted only when the
 * state last posted for that alarm was ALARM (a recovery after a stretch without data,
 * alarm-state.ts); otherwise (a new alarm's first evaluation) it is logged and not posted.
 * Duplicate SNS deliveries (same MessageId) are posted once via Powertools idempotency.
 */
import type { SlackDeadLetterReason } from '../../contracts/slack-notifier';
import type { SqsSender } from './dead-letter';
import type { AlarmStateStore, PostedRecord } from './alarm-state';
import { IdempotencyAlreadyInProgressError, IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import { alarmMessageSchema, describeIssues, snsRecordSchema } from './alarm-schema';
import { AlertView, buildAlertView } from './alert-view';
import { auditPlainText, buildAuditPayload } from './audit-blocks';
import { auditMessageSchema, isAuditMessage } from '../shared/audit-schema';
import { buildAuditView } from '../shared/audit-view';
import { buildDnsCheckDetailPayload, dnsCheckDetailPlainText, dnsCheckDetailSchema, isDnsCheckDetail } from './dns-check-detail';
import { buildAlarmPayload, buildUnparseablePayload, plainTextSummary, PostContext, SlackPayload } from './block-kit';
import { sendToDeadLetter } from './dead-letter';
import { DeliveryDeps, DeliveryResult, postToSlack, RetryPolicy } from './slack-delivery';
import type { ValidatedEvent } from './sns-event';
import type { QueueEvent, QueueMessage } from './queue-event';
import { ALARM_DELETION_EVENT } from '../../contracts/slack-notifier';
import { alarmDeletedPlainText, buildAlarmDeletedPayload, type AlarmDeletion } from './alarm-deletion';

/** The subset of Powertools Logger the logic uses. */
export interface LoggerLike {
  debug(message: string, ...extra: Record<string, unknown>[]): void;
  info(message: string, ...extra: Record<string, unknown>[]): void;
  warn(message: string, ...extra: Record<string, unknown>[]): void;
  error(message: string, ...extra: Record<string, unknown>[]): void;
}

export interface NotifierDeps extends DeliveryDeps {
  readonly logger: LoggerLike;
  readonly sqs: SqsSender;
  readonly deadLetterQueueUrl: string;
  readonly webhookUrl: () => Promise<string>;
  readonly retry: RetryPolicy;
  /**
   * The state last posted per alarm: with it, an OK from INSUFFICIENT_DATA after a posted ALARM is
   * posted (a recovery); without it, no OK from INSUFFICIENT_DATA is.
   */
  readonly alarmStates?: AlarmStateStore;
  /** Omit to run without duplicate suppression (only sensible in unit tests of rendering). */
  readonly idempotency?: { readonly persistenceStore: BasePersistenceLayer; readonly config: IdempotencyConfig };
  /** Time kept back from the Lambda's remaining time for the dead-letter write. @default 5000 */
  readonly reserveMs?: number;
  /**
   * Least time from the end of one post to the start of the next from the intake queue (across
   * the batches this notifier handles: it lives as long as its execution environment), once Slack
   * has rate-limited this notifier: until then a burst goes at once (Slack allows short bursts).
   * @default 0
   */
  readonly postIntervalMs?: number;
  /** A notifier that has posted nothing for this long stops pacing (the storm is over). @default PACING_QUIET_MS */
  readonly pacingQuietMs?: number;
  /**
   * The intake queue, for alerts Slack rate-limits past their retry budget: such an alert is put
   * back, out of sight for a delay that doubles with each receive, until its last receive, when it
   * is dead-lettered. Absent: it is dead-lettered at once (a hand-invoked SNS event has no queue).
   */
  readonly intake?: IntakeSettings;
}

export interface IntakeSettings {
  readonly queueUrl: string;
  /** The receive on which a rate-limited alert is dead-lettered instead (the queue's maxReceiveCount). */
  readonly maxReceives: number;
  /** The delay after the first receive; it doubles with each one after. */
  readonly rateLimitedRedeliverySeconds: number;
}

/** A minute without a post ends pacing: the next alert is the start of a new burst. */
export const PACING_QUIET_MS = 60_000;

/** How long a rate-limited alert stays out of sight after its `receiveCount`th receive. */
export function rateLimitedRedeliverySeconds(baseSeconds: number, receiveCount: number): number {
  return baseSeconds * 2 ** (Math.max(1, receiveCount) - 1);
}

/** Slack kept answering 429 until the alert's retry budget ran out, and the intake queue can take it back. */
class RateLimitedError extends Error {
  constructor(readonly result: DeliveryResult) {
    super(`rate limited past its retry budget: ${result.error ?? 'HTTP 429'}`);
    this.name = 'RateLimitedError';
  }
}

export type RecordOutcome = {
  /** `skipped`: an OK from INSUFFICIENT_DATA of an alarm whose ALARM the channel was not told (see `skipReason`), or the deletion of an alarm whose last word in the channel is not an ALARM. */
  status: 'posted' | 'dead-lettered' | 'skipped';
  messageId: string | null;
  rendering: 'alarm' | 'change-audit' | 'dns-check-detail' | 'alarm-deleted' | 'unparseable';
  attempts: number;
  error: string | null;
};

export interface EventOutcome {
  readonly records: RecordOutcome[];
}

/** A batch from the intake queue: what Lambda reads (`batchItemFailures`) and what became of each handled message. */
export interface QueueOutcome {
  /** Messages left on the queue for a later batch (SQS message ids), as the event source mapping's partial batch response. */
  readonly batchItemFailures: { itemIdentifier: string }[];
  readonly records: RecordOutcome[];
}

interface Rendered {
  payload: SlackPayload;
  fallback?: SlackPayload;
  rendering: RecordOutcome['rendering'];
  messageId?: string;
  alarmName?: string;
  /** CloudTrail event id of a change-audit alert. */
  auditEventId?: string;
  /** A CloudWatch alarm's state change: what the channel hears of the alarm is remembered. */
  alarm?: { arn: string; newState: 'OK' | 'ALARM' | 'INSUFFICIENT_DATA'; oldState?: 'OK' | 'ALARM' | 'INSUFFICIENT_DATA'; changedAtMs: number; view: AlertView; lateBySeconds?: number };
}

const MAX_RAW = 2500;

/** What the table says the channel last heard of an alarm (`record` absent: nothing kept, or not read). */
interface LastPosted {
  readonly record?: PostedRecord;
}

/** `nowMs`: when it is rendered, just before it is posted (an alarm posted late says so). */
function render(record: unknown, logger: LoggerLike, nowMs: number): Rendered {
  const rec = snsRecordSchema.safeParse(record);
  if (!rec.success) {
    const problem = `not an SNS record: ${describeIssues(rec.error)}`;
    logger.error('unparseable SNS record', { problem });
    const raw = (record as { Sns?: { Message?: unknown; Subject?: unknown; MessageId?: unknown } } | null)?.Sns;
    return {
      rendering: 'unparseable',
      messageId: typeof raw?.MessageId === 'string' ? raw.MessageId : undefined,
      payload: buildUnparseablePayload({
        subject: typeof raw?.Subject === 'string' ? raw.Subject : undefined,
        message: (typeof raw?.Message === 'string' ? raw.Message : JSON.stringify(record) ?? String(record)).slice(0, MAX_RAW),
        problem,
      }),
    };
  }
  const sns = rec.data.Sns;
  let json: unknown;
  let problem: string | undefined;
  try {
    json = JSON.parse(sns.Message);
  } catch {
    problem = 'message is not JSON (not a CloudWatch alarm notification)';
  }
  if (!problem && isAuditMessage(json)) {
    const audit = auditMessageSchema.safeParse(json);
    if (audit.success) {
      const view = buildAuditView(audit.data);
      return { rendering: 'change-audit', messageId: sns.MessageId, auditEventId: view.eventId, payload: buildAuditPayload(view), fallback: auditPlainText(view) };
    }
    problem = `not a valid DNS change-audit message: ${describeIssues(audit.error)}`;
  }
  if (!problem && isDnsCheckDetail(json)) {
    const detail = dnsCheckDetailSchema.safeParse(json);
    if (detail.success) {
      return { rendering: 'dns-check-detail', messageId: sns.MessageId, alarmName: detail.data.alarmName, payload: buildDnsCheckDetailPayload(detail.data), fallback: dnsCheckDetailPlainText(detail.data) };
    }
    problem = `not a valid DNS check detail message: ${describeIssues(detail.error)}`;
  }
  if (!problem) {
    const alarm = alarmMessageSchema.safeParse(json);
    if (alarm.success) {
      const view = buildAlertView(alarm.data, sns.TopicArn);
      const lateBySeconds = view.changedAtEpoch === undefined ? undefined : nowMs / 1000 - view.changedAtEpoch;
      const changedAtMs = view.changedAtMs ?? nowMs;
      const state = { arn: alarm.data.AlarmArn, newState: alarm.data.NewStateValue, oldState: alarm.data.OldStateValue, changedAtMs, view, lateBySeconds };
      return { rendering: 'alarm', messageId: sns.MessageId, alarmName: view.alarmName, payload: buildAlarmPayload(view, { lateBySeconds }), fallback: plainTextSummary(view, { lateBySeconds }), alarm: state };
    }
    problem = `not a CloudWatch alarm message: ${describeIssues(alarm.error)}`;
  }
  logger.error('unparseable alert message', { messageId: sns.MessageId, topicArn: sns.TopicArn, problem });
  return {
    rendering: 'unparseable',
    messageId: sns.MessageId,
    payload: buildUnparseablePayload({ subject: sns.Subject, message: sns.Message.slice(0, MAX_RAW), problem, messageId: sns.MessageId, topicArn: sns.TopicArn }),
  };
}

/**
 * Idempotency settings, in one place: the key is the SNS MessageId (SNS keeps it across redeliveries
 * of the same publish); records live `expiresAfterSeconds` (DynamoDB TTL removes them later).
 */
export function notifierIdempotencyConfig(expiresAfterSeconds = 24 * 3600): IdempotencyConfig {
  return new IdempotencyConfig({ eventKeyJmesPath: 'Sns.MessageId', expiresAfterSeconds, throwOnNoIdempotencyKey: false });
}

function errorText(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

export function createNotifier(deps: NotifierDeps) {
  const reserveMs = deps.reserveMs ?? 5_000;
  const postIntervalMs = deps.postIntervalMs ?? 0;
  const pacingQuietMs = deps.pacingQuietMs ?? PACING_QUIET_MS;
  /** When this notifier last finished posting an alert (or giving up on it). */
  let lastPostAt = Number.NEGATIVE_INFINITY;
  /** Slack answered this notifier 429 since its last quiet spell: each post waits `postIntervalMs` after the one before. */
  let paced = false;

  async function deliver(url: string, r: Rendered, deadline: number): Promise<DeliveryResult> {
    const first = await postToSlack(url, r.payload, deps.retry, deps, deadline);
    if (first.ok || first.status !== 400 || !r.fallback) return first;
    deps.logger.warn('Slack rejected the block payload; posting plain text instead', { messageId: r.messageId, error: first.error });
    const second = await postToSlack(url, r.fallback, deps.retry, deps, deadline);
    return { ...second, attempts: first.attempts + second.attempts, history: [...first.history, ...second.history] };
  }

  /**
   * Why an alarm's state change is not posted, if it is not. A new alarm starts in INSUFFICIENT_DATA
   * and its first evaluation moving it to OK runs its OK actions: every deploy that creates alarms
   * sends one such OK per alarm (thousands for a fleet), and the app's alarms send nothing on
   * INSUFFICIENT_DATA. But an alarm in ALARM whose data stops goes to INSUFFICIENT_DATA too, and
   * then recovers with an OK from INSUFFICIENT_DATA: that one is posted when the state last posted
   * for the alarm was ALARM. A recovery straight from ALARM is always posted.
   */
  function skipReason(r: Rendered, last: LastPosted): string | undefined {
    if (r.alarm?.newState !== 'OK' || r.alarm.oldState !== 'INSUFFICIENT_DATA') return undefined;
    if (last.record?.state !== 'ALARM') return 'OK after INSUFFICIENT_DATA';
    deps.logger.info('OK after INSUFFICIENT_DATA is a recovery: the channel last heard ALARM of this alarm', { messageId: r.messageId, alarmName: r.alarmName });
    return undefined;
  }

  /**
   * The newest ALARM or OK posted for the alarm. A read that fails is logged and counts as none:
   * the alert is posted as without the record, and an OK from INSUFFICIENT_DATA is not (posting
   * every new alarm's first OK while the table fails would flood the channel after a deploy).
   */
  async function lastPostedOf(r: Rendered): Promise<LastPosted> {
    if (!deps.alarmStates || !r.alarm || r.alarm.newState === 'INSUFFICIENT_DATA') return {};
    try {
      return { record: await deps.alarmStates.lastPosted(r.alarm.arn, deps.now()) };
    } catch (e) {
      deps.logger.error('could not read the state last posted for the alarm: posted without it (an OK after INSUFFICIENT_DATA is not posted)', { messageId: r.messageId, alarmName: r.alarmName, error: errorText(e) });
      return {};
    }
  }

  /**
   * What the channel already has of the alarm, in the post: an alert older than the newest state
   * posted says so, with that state; a recovery from the ALARM posted says how long it lasted.
   */
  function withHistory(r: Rendered, last: LastPosted): Rendered {
    const before = last.record;
    if (!r.alarm || !before) return r;
    const { view, lateBySeconds } = r.alarm;
    let ctx: PostContext;
    if (before.changedAtMs > r.alarm.changedAtMs) {
      deps.logger.warn('posting an alert older than the state already posted for its alarm; the post says so', { messageId: r.messageId, alarmName: r.alarmName, newerState: before.state });
      ctx = { lateBySeconds, superseded: { state: before.state, changedAtEpoch: Math.floor(before.changedAtMs / 1000) } };
    } else if (r.alarm.newState === 'OK' && before.state === 'ALARM') {
      ctx = { lateBySeconds, alarmSinceEpoch: Math.floor(before.changedAtMs / 1000) };
    } else {
      return r;
    }
    return { ...r, payload: buildAlarmPayload(view, ctx), fallback: plainTextSummary(view, ctx) };
  }

  /**
   * Remembers an ALARM or OK the channel was told; an OK that ended the ALARM the channel heard
   * keeps when that ALARM began (`dns-monitor test-alert` reads it). A failure is logged: the post
   * itself stands.
   */
  async function rememberPosted(r: Rendered, last: LastPosted): Promise<void> {
    if (!deps.alarmStates || !r.alarm || r.alarm.newState === 'INSUFFICIENT_DATA') return;
    const before = last.record;
    const recovered = r.alarm.newState === 'OK' && before?.state === 'ALARM' && before.changedAtMs <= r.alarm.changedAtMs ? before.changedAtMs : undefined;
    try {
      await deps.alarmStates.recordPosted(r.alarm.arn, r.alarm.newState, r.alarm.changedAtMs, deps.now(), recovered);
    } catch (e) {
      deps.logger.warn('posted, but the state posted was not recorded: a later OK after INSUFFICIENT_DATA of this alarm may not be posted', { messageId: r.messageId, alarmName: r.alarmName, error: errorText(e) });
    }
  }

  /**
   * Posts a rendered alert (with what the channel already has of its alarm) or, failing that, puts
   * `original` on the dead-letter queue. An alert from the intake queue (`receiveCount` given) that
   * Slack rate-limited to the end of its budget throws `RateLimitedError` instead, before its last
   * receive: it goes back on the queue.
   */
  async function postOrDeadLetter(rendered: Rendered, original: unknown, deadline: number, receiveCount?: number): Promise<RecordOutcome> {
    const last = await lastPostedOf(rendered);
    const skip = skipReason(rendered, last);
    const r = withHistory(rendered, last);
    if (skip) {
      deps.logger.info(`${skip} not posted (a new alarm's first evaluation, or the end of a stretch without data the channel was not told of)`, { messageId: r.messageId, alarmName: r.alarmName });
      return { status: 'skipped', messageId: r.messageId ?? null, rendering: r.rendering, attempts: 0, error: null };
    }
    let result: DeliveryResult;
    let reason: SlackDeadLetterReason = 'slack-delivery-failed';
    try {
      const url = await deps.webhookUrl();
      result = await deliver(url, r, deadline);
    } catch (e) {
      reason = e instanceof Error && e.name === 'WebhookSecretError' ? 'webhook-secret' : 'unexpected-error';
      result = { ok: false, attempts: 0, error: errorText(e), history: [] };
    }
    // Counted from the end of the post (a 429 wait included), so executions that met at Slack
    // fall into turns. Skipped alerts and replayed duplicates never get here: they keep no later
    // post waiting.
    lastPostAt = deps.now();
    if (result.history.some((a) => a.status === 429)) paced = true;
    const base = { messageId: r.messageId ?? null, rendering: r.rendering, attempts: result.attempts };
    if (result.ok) {
      deps.logger.info('alert posted to Slack', { ...base, alarmName: r.alarmName, auditEventId: r.auditEventId, history: result.history });
      await rememberPosted(r, last);
      return { status: 'posted', ...base, error: null };
    }
    if (result.status === 429) {
      reason = 'slack-rate-limited';
      // Slack asked to wait, longer than one budget: a webhook shared with another busy sender, or a
      // storm beyond what pacing spreads. Later is better than the dead-letter queue.
      if (deps.intake && receiveCount !== undefined && receiveCount < deps.intake.maxReceives) throw new RateLimitedError(result);
    }
    deps.logger.error('alert not posted; sending it to the dead-letter queue', { ...base, reason, error: result.error, history: result.history });
    // If this throws, the error propagates: the idempotency record is released and the message
    // stays on the intake queue (SQS moves it to the same dead-letter queue after maxReceiveCount
    // receives); invoked by hand, the invocation fails.
    await sendToDeadLetter(deps.sqs, deps.deadLetterQueueUrl, { reason, error: result.error ?? 'unknown', attempts: result.attempts, messageId: r.messageId, record: original }, deps.now());
    return { status: 'dead-lettered', ...base, error: result.error ?? null };
  }

  /** One SNS record to Slack or to the dead-letter queue (`receiveCount`: it came from the intake queue). */
  async function handleRecord(record: unknown, deadline: number, receiveCount?: number): Promise<RecordOutcome> {
    return postOrDeadLetter(render(record, deps.logger, deps.now()), record, deadline, receiveCount);
  }

  /**
   * Puts an alert back on the intake queue, out of sight for its delay: Slack rate-limited it past
   * its budget (`e`), or an earlier alert of its batch (no `e`: it was not tried).
   */
  async function putBack(m: QueueMessage, e?: RateLimitedError): Promise<void> {
    const intake = deps.intake!;
    const delay = rateLimitedRedeliverySeconds(intake.rateLimitedRedeliverySeconds, m.receiveCount);
    const context = { sqsMessageId: m.messageId, receiveCount: m.receiveCount, redeliveryInSeconds: delay, attempts: e?.result.attempts ?? 0, error: e?.result.error };
    deps.logger.warn(
      e
        ? 'rate limited past its retry budget; left on the intake queue for later'
        : 'not tried: Slack rate-limited an earlier alert of this batch past its budget; left on the intake queue for later',
      context,
    );
    if (!m.receiptHandle) return;
    try {
      const { ChangeMessageVisibilityCommand } = await import('@aws-sdk/client-sqs');
      await deps.sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: intake.queueUrl, ReceiptHandle: m.receiptHandle, VisibilityTimeout: delay }));
    } catch (err) {
      // It still comes back, after the queue's visibility timeout instead.
      deps.logger.warn('could not set the delay; the alert comes back after the queue\'s visibility timeout', { ...context, error: errorText(err) });
    }
  }

  const idempotentHandleRecord = deps.idempotency
    ? makeIdempotent(handleRecord, { persistenceStore: deps.idempotency.persistenceStore, config: deps.idempotency.config, keyPrefix: 'slack-notifier', dataIndexArgument: 0 })
    : handleRecord;

  /**
   * Processes every record; `remainingMs` is the Lambda's remaining time. Throws after trying all
   * records if any record could neither be posted nor dead-lettered (so Lambda retries the event),
   * or if a duplicate of a record is still being processed elsewhere.
   */
  async function handleEvent(event: ValidatedEvent, remainingMs: number): Promise<EventOutcome> {
    const deadline = deps.now() + Math.max(0, remainingMs - reserveMs);
    if (event.kind === 'invalid') {
      deps.logger.error('event is not an SNS event', { problem: event.problem });
      // Posted as an unparseable alert; there is no MessageId to key idempotency on.
      const payload = buildUnparseablePayload({ message: (JSON.stringify(event.raw) ?? String(event.raw)).slice(0, MAX_RAW), problem: event.problem });
      return { records: [await postOrDeadLetter({ rendering: 'unparseable', payload }, event.raw, deadline)] };
    }
    const records: RecordOutcome[] = [];
    const failures: unknown[] = [];
    for (const record of event.records) {
      try {
        records.push(await idempotentHandleRecord(record, deadline));
      } catch (e) {
        if (e instanceof IdempotencyAlreadyInProgressError) {
          deps.logger.warn('duplicate delivery while the first is still in progress; Lambda will retry', { error: errorText(e) });
        } else {
          deps.logger.error('record failed and could not be dead-lettered', { error: errorText(e) });
        }
        failures.push(e);
      }
    }
    if (failures.length) {
      const err = new Error(`${failures.length} of ${event.records.length} SNS records not handled: ${failures.map(errorText).join('; ')}`);
      (err as Error & { cause?: unknown }).cause = failures[0];
      throw err;
    }
    return { records };
  }

  /**
   * A batch from the intake queue, one message after another. A message starts only with its whole
   * retry budget ahead (the function timeout is sized for a full batch); one that cannot start, or
   * can neither be posted nor dead-lettered, or whose duplicate is still in progress elsewhere, is
   * named in `batchItemFailures`: SQS delivers it again after the visibility timeout, and moves it
   * to the dead-letter queue after `maxReceiveCount` receives.
   */
  async function handleQueueEvent(event: QueueEvent, remainingMs: number): Promise<QueueOutcome> {
    const deadline = deps.now() + Math.max(0, remainingMs - reserveMs);
    const records: RecordOutcome[] = [];
    const batchItemFailures: { itemIdentifier: string }[] = [];
    /** Slack rate-limited an alert of this batch past its budget: the others would only spend theirs too. */
    let slackBusy = false;
    for (const m of event.messages) {
      if (slackBusy && deps.intake && m.receiveCount < deps.intake.maxReceives) {
        await putBack(m);
        batchItemFailures.push({ itemIdentifier: m.messageId });
        continue;
      }
      if (deps.now() - lastPostAt >= pacingQuietMs) paced = false;
      const wait = paced ? lastPostAt + postIntervalMs - deps.now() : 0;
      if (wait > 0 && deadline - deps.now() - wait >= deps.retry.totalBudgetMs) await deps.sleep(wait);
      if (deadline - deps.now() < deps.retry.totalBudgetMs) {
        deps.logger.warn('not started: less time left than its retry budget; left on the queue for a later batch', { sqsMessageId: m.messageId });
        batchItemFailures.push({ itemIdentifier: m.messageId });
        continue;
      }
      try {
        records.push(await idempotentHandleRecord(m.record, deadline, m.receiveCount));
      } catch (e) {
        if (e instanceof RateLimitedError) {
          // The idempotency record was released when it threw: its next receive posts it.
          await putBack(m, e);
          slackBusy = true;
        } else if (e instanceof IdempotencyAlreadyInProgressError) {
          deps.logger.warn('duplicate delivery while the first is still in progress; left on the queue', { sqsMessageId: m.messageId, error: errorText(e) });
        } else {
          deps.logger.error('message could neither be posted nor dead-lettered; left on the queue', { sqsMessageId: m.messageId, receiveCount: m.receiveCount, error: errorText(e) });
        }
        batchItemFailures.push({ itemIdentifier: m.messageId });
      }
    }
    return { batchItemFailures, records };
  }

  /** Records that the alarm was deleted (kept only if nothing newer is): a late alert of it then says so. */
  async function rememberDeleted(d: AlarmDeletion): Promise<void> {
    try {
      await deps.alarmStates?.recordPosted(d.alarmArn, 'DELETED', d.deletedAtMs, deps.now());
    } catch (e) {
      deps.logger.warn('the deletion was not recorded: a second delivery of the event may post it again, and a late alert of the alarm does not say it was deleted', { eventId: d.eventId, alarmName: d.alarmName, error: errorText(e) });
    }
  }

  /**
   * CloudWatch deleted an alarm (EventBridge invoked the function with its event): posted when the
   * channel's last word on the alarm is an ALARM from before the deletion, then recorded as
   * deleted. Otherwise nothing is posted, and the deletion is still recorded, so an older alert of
   * the alarm that reaches Slack later (from the intake queue) says the alarm was deleted since; a
   * newer state (a new alarm of the same name) is left as it is. A table that cannot be read fails
   * the invocation (Lambda retries it, then the rule's dead-letter queue keeps it): this notice
   * exists because a state was posted, so only the table can say.
   */
  async function handleAlarmDeletion(d: AlarmDeletion, remainingMs: number): Promise<EventOutcome> {
    const deadline = deps.now() + Math.max(0, remainingMs - reserveMs);
    const skipped = (why: string): EventOutcome => {
      deps.logger.info(`alarm deletion not posted: ${why}`, { eventId: d.eventId, alarmName: d.alarmName, operation: d.operation });
      return { records: [{ status: 'skipped', messageId: d.eventId, rendering: 'alarm-deleted', attempts: 0, error: null }] };
    };
    if (d.operation !== ALARM_DELETION_EVENT.operation) return skipped('not a deletion');
    if (!deps.alarmStates) return skipped('no record of posted states');
    const last = await deps.alarmStates.lastPosted(d.alarmArn, deps.now());
    if (last?.state === 'DELETED') return skipped('its deletion was recorded already');
    if (last && last.changedAtMs > d.deletedAtMs) return skipped(`a newer state (${last.state}, a new alarm of the same name) was posted after the deletion`);
    if (last?.state !== 'ALARM') {
      await rememberDeleted(d);
      return skipped(`the channel's last word on it is ${last ? last.state : 'none kept'}, not ALARM`);
    }
    const rendered: Rendered = {
      rendering: 'alarm-deleted',
      messageId: d.eventId,
      alarmName: d.alarmName,
      payload: buildAlarmDeletedPayload(d, last.changedAtMs),
      fallback: alarmDeletedPlainText(d, last.changedAtMs),
    };
    const outcome = await postOrDeadLetter(rendered, d.raw, deadline);
    // Dead-lettered, it stays unrecorded: invoked again with the event, it is posted then.
    if (outcome.status === 'posted') await rememberDeleted(d);
    return { records: [outcome] };
  }

  return { handleEvent, handleQueueEvent, handleRecord, handleAlarmDeletion };
}
