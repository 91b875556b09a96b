/**
 * The reporter's logic, free of Lambda: when a DNS check alarm enters ALARM, ask the prober of
 * every vantage region of the check to run it now (DnsReportRequest), then publish one message with
 * what each server answered to the alert topics of the check's severity. A region whose prober
 * cannot be asked appears in the message with the reason; only a failed publish fails the run (its
 * queued event is then delivered again and at last dead-lettered, which pages through the
 * dead-letter alarm: `reportQueued`).
 */
import { type DnsReportRequest, type DnsReportResponse, failingResults, REPORT_PUBLISH_MARGIN_MS } from '../../contracts/dns-check';
import type { TopicsBySeverity } from '../shared/environment';
import type { BatchResponse, SqsRecord } from '../shared/sqs-event';
import { readCheckAlarm } from './alarm-event';
import { fittingMessage } from './message';

export interface ReporterDeps {
  /** Invokes the prober of `region` synchronously and returns its parsed response; gives up when `signal` aborts. */
  readonly askProber: (region: string, request: DnsReportRequest, signal?: AbortSignal) => Promise<DnsReportResponse>;
  readonly publish: (topicArn: string, input: { Subject: string; Message: string; MessageStructure: 'json' }) => Promise<string | undefined>;
  /** Topic ARNs per severity (the check alarms' own alert topics). */
  readonly topics: TopicsBySeverity;
  /** The deployment's config file, for the follow-up's recheck command (recheckCommand); absent: it says CONFIG. */
  readonly configFile?: string;
  readonly log: (level: 'info' | 'warn' | 'error', message: string, extra: Record<string, unknown>) => void;
  readonly now: () => Date;
}

export interface ReportOutcome {
  readonly check?: string;
  readonly published: readonly string[];
  readonly skipped?: string;
}

export function createReporter(deps: ReporterDeps) {
  /** `remainingMs`: the function's time left (Lambda's context); the asks end REPORT_PUBLISH_MARGIN_MS before it. */
  return async function handle(event: unknown, remainingMs?: number): Promise<ReportOutcome> {
    const alarm = readCheckAlarm(event);
    if ('notACheck' in alarm) {
      // The rule matches check alarms only; anything else is logged and left alone (no retry, no dead letter).
      deps.log('warn', 'not a DNS check alarm: nothing to report', { alarmName: alarm.alarmName, why: alarm.notACheck });
      return { published: [], skipped: 'not a DNS check alarm' };
    }
    if (alarm.state !== 'ALARM') {
      deps.log('info', 'alarm is not in ALARM: nothing to report', { alarmName: alarm.alarmName, state: alarm.state });
      return { check: alarm.check, published: [], skipped: alarm.state };
    }
    // A prober answers when its run ends (its timeout at most); a connection that never answers
    // would hold the ask until this function's own timeout, and nothing would be published.
    const askMs = remainingMs === undefined ? undefined : Math.max(0, remainingMs - REPORT_PUBLISH_MARGIN_MS);
    const signal = askMs === undefined ? undefined : AbortSignal.timeout(askMs);
    const responses = await Promise.all(
      alarm.vantages.map(async (region) => {
        try {
          return await deps.askProber(region, { report: { check: alarm.check } }, signal);
        } catch (e) {
          const why = signal?.aborted ? `no answer within ${Math.round(askMs! / 1000)} s` : (e as Error).message;
          deps.log('warn', 'the prober of a region could not be asked', { check: alarm.check, region, error: why });
          return { error: `the prober in ${region} could not be asked: ${why}` };
        }
      }),
    );
    const { message, input } = fittingMessage(alarm, responses, deps.now(), deps.configFile);
    const published: string[] = [];
    for (const topic of deps.topics[message.severity]) {
      await deps.publish(topic, input);
      published.push(topic);
    }
    deps.log('info', 'dns check detail published', { check: alarm.check, alarmName: alarm.alarmName, topics: published, failingServers: failingResults(message).length, regions: message.vantages.length });
    return { check: alarm.check, published };
  };
}

/**
 * The alarm event a queued message carries: the body EventBridge sent to the intake queue, or, for
 * a message redriven from the dead-letter queue that a run failed on before the intake queue came
 * (a Lambda failure record), the event it names as `requestPayload`.
 */
export function queuedAlarmEvent(body: string): unknown {
  const json: unknown = JSON.parse(body);
  const o = json as { requestContext?: unknown; requestPayload?: unknown };
  return o && typeof o === 'object' && o.requestContext && o.requestPayload ? o.requestPayload : json;
}

/**
 * A batch from the intake queue, one message after another: a message whose run fails (a body that
 * is no alarm state-change event, a publish refused) is named in `batchItemFailures`, so SQS
 * delivers it again after the visibility timeout and at last moves it to the dead-letter queue,
 * whose alarm pages. `remainingMs` is read before each message.
 */
export async function reportQueued(
  handle: ReturnType<typeof createReporter>,
  records: readonly SqsRecord[],
  remainingMs: () => number,
  log: ReporterDeps['log'],
): Promise<BatchResponse> {
  const batchItemFailures: { itemIdentifier: string }[] = [];
  for (const r of records) {
    try {
      await handle(queuedAlarmEvent(r.body), remainingMs());
    } catch (e) {
      log('error', 'the follow-up of a queued alarm event failed; SQS delivers it again, then dead-letters it', { messageId: r.messageId, receiveCount: r.attributes?.ApproximateReceiveCount, error: (e as Error).message });
      batchItemFailures.push({ itemIdentifier: r.messageId });
    }
  }
  return { batchItemFailures };
}
