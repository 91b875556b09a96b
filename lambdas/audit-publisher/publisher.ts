/**
 * Publishes one DNS change alert to the alert topics of its severity (auditPublication says what).
 * Any failed publish fails the invocation, so Lambda retries it and then dead-letters the event
 * (the audit's dead-letter queue, whose alarm pages): a change alert is never dropped silently.
 * A retry publishes to every topic again, so a topic that already had it may get it twice.
 */
import type { TopicsBySeverity } from '../shared/environment';
import { auditPublication, type PublishInput } from './message';

export interface PublisherDeps {
  readonly publish: (topicArn: string, input: PublishInput) => Promise<string | undefined>;
  readonly topics: TopicsBySeverity;
  readonly log: (level: 'info' | 'warn' | 'error', message: string, extra?: Record<string, unknown>) => void;
}

export function createPublisher(deps: PublisherDeps) {
  return async (event: unknown): Promise<{ readonly published: readonly { topicArn: string; messageId?: string }[] }> => {
    const p = auditPublication(event);
    let topics: readonly string[];
    if (p.ok) {
      topics = deps.topics[p.severity];
    } else {
      deps.log('error', 'change alert did not validate; publishing it to every alert topic as it arrived', { reason: p.reason });
      topics = [...new Set([...deps.topics.critical, ...deps.topics.warning])];
    }
    if (topics.length === 0) throw new Error(`no alert topic for ${p.ok ? p.severity : 'any severity'} in TOPICS`);
    const results = await Promise.allSettled(topics.map((t) => deps.publish(t, p.input)));
    const failed = results.flatMap((r, i) => (r.status === 'rejected' ? [`${topics[i]}: ${r.reason instanceof Error ? r.reason.message : String(r.reason)}`] : []));
    if (failed.length > 0) {
      deps.log('error', 'change alert not published to every topic', { failed });
      throw new Error(`change alert not published to ${failed.length} of ${topics.length} topics: ${failed.join('; ')}`);
    }
    const published = results.map((r, i) => ({ topicArn: topics[i], messageId: r.status === 'fulfilled' ? r.value : undefined }));
    deps.log('info', 'change alert published', { published });
    return { published };
  };
}
