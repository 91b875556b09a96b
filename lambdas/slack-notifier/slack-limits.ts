/**
 * Slack Block Kit limits this notifier enforces (Slack developer docs, block and element
 * reference pages). Over-long text is cut with "…" rather than letting Slack reject the message.
 */
import { mrkdwnText, truncate } from '../shared/text';

export const SLACK_LIMITS = {
  /** Blocks per message (attachment blocks count too). */
  blocksPerMessage: 50,
  /** header block: plain_text, 150 characters. */
  headerText: 150,
  /** section block `text`: 3000 characters. */
  sectionText: 3000,
  /** section block `fields`: at most 10 items of at most 2000 characters each. */
  sectionFields: 10,
  sectionFieldText: 2000,
  /** context block: at most 10 elements. Element text kept to 2000 (conservative). */
  contextElements: 10,
  contextElementText: 2000,
  /** actions block: at most 25 elements; button text 75 characters, button url 3000 characters. */
  actionsElements: 25,
  buttonText: 75,
  buttonUrl: 3000,
  /** Top-level `text` (notification fallback). Slack truncates messages above 40,000 characters;
   * the fallback is kept far shorter because it is what phones show in notifications. */
  fallbackText: 300,
} as const;

export { mrkdwnText, truncate };

/**
 * A message's top-level `text` (what notifications show, and the attachment's fallback): Slack
 * reads its control characters there as in any mrkdwn text, so whatever came from outside the
 * notifier (a DNS server's answer or NSID, a publisher's subject) is escaped like the blocks.
 */
export function notificationText(raw: string): string {
  return mrkdwnText(raw, SLACK_LIMITS.fallbackText);
}
