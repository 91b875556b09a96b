/**
 * An alarm deleted while the channel last heard ALARM of it never sends its OK: a deploy took its
 * zone or VPC out of the config during an incident, or replaced the alarm (a new name). CloudWatch
 * tells EventBridge of every deletion ("CloudWatch Alarm Configuration Change", operation
 * `delete`: contracts/slack-notifier.ts); the construct's rule invokes the function with it, and
 * the notifier posts that the ALARM will have no recovery, when its table says the channel's last
 * word on that alarm is an ALARM from before the deletion (alarm-state.ts). It records every
 * deletion, posted or not, so a second delivery of the event, and a new alarm of the same name
 * whose first evaluation is an OK, post nothing, and an older alert of the alarm still on its way
 * says the alarm was deleted since (notifier.ts, `handleAlarmDeletion`).
 *
 * What the event is read for: the alarm's name and ARN, when it was deleted, and the context line
 * of its description when the event carries the configuration (the notice then names the zone
 * and signal; without it, the alarm name stands in).
 */
import * as z from 'zod/mini';
import { parseAlarmContext, type AlarmContext } from '../../contracts/alarm-context';
import { partitionOfRegion } from '../../contracts/console-links';
import { ALARM_DELETION_EVENT } from '../../contracts/slack-notifier';
import { COLORS, field, lateness, postTime, subjectLabel, type Block, type SlackPayload } from './block-kit';
import { mrkdwnText, notificationText, SLACK_LIMITS as L, truncate } from './slack-limits';

/** A deletion event the handler was invoked with, as the notifier reads it. */
export interface AlarmDeletion {
  readonly kind: 'alarm-deleted';
  /** EventBridge's event id (logged, and the dead-letter entry's message id). */
  readonly eventId: string;
  readonly alarmName: string;
  /** The key of the notifier's record of the alarm: the ARN CloudWatch's SNS notifications carry. */
  readonly alarmArn: string;
  readonly operation: string;
  /**
   * When the alarm was deleted: the end of the second EventBridge's `time` names when it gives no
   * fraction (it gives whole seconds; the deletion was within that one), so an ALARM of the same
   * second (StateChangeTime has milliseconds) counts as before it.
   */
  readonly deletedAtMs: number;
  readonly region: string;
  readonly account: string;
  readonly context?: AlarmContext;
  /** The event as it came (what a dead-letter entry keeps, to invoke the function with again). */
  readonly raw: unknown;
}

const eventSchema = z.looseObject({
  id: z.string().check(z.minLength(1)),
  'detail-type': z.literal(ALARM_DELETION_EVENT.detailType),
  source: z.literal(ALARM_DELETION_EVENT.source),
  account: z.string(),
  region: z.string(),
  time: z.string(),
  resources: z.optional(z.array(z.string())),
  detail: z.looseObject({
    alarmName: z.string().check(z.minLength(1)),
    operation: z.string(),
    configuration: z.optional(z.looseObject({ description: z.optional(z.nullable(z.string())) })),
  }),
});

/** The alarm-configuration event `raw` is, or undefined when it is none (then it is read as a queue batch or an SNS event). */
export function alarmDeletionOf(raw: unknown): AlarmDeletion | undefined {
  const parsed = eventSchema.safeParse(raw);
  if (!parsed.success) return undefined;
  const e = parsed.data;
  const name = e.detail.alarmName;
  const fromResources = e.resources?.find((r) => r.endsWith(`:alarm:${name}`));
  const stated = Date.parse(e.time);
  const deletedAtMs = /:\d{2}\.\d+/.test(e.time) ? stated : stated + 999;
  return {
    kind: 'alarm-deleted',
    eventId: e.id,
    alarmName: name,
    alarmArn: fromResources ?? `arn:${partitionOfRegion(e.region)}:cloudwatch:${e.region}:${e.account}:alarm:${name}`,
    operation: e.detail.operation,
    deletedAtMs: Number.isNaN(deletedAtMs) ? Date.now() : deletedAtMs,
    region: e.region,
    account: e.account,
    context: parseAlarmContext(e.detail.configuration?.description ?? undefined),
    raw,
  };
}

const when = (ms: number, plain: boolean) => postTime(Math.floor(ms / 1000), plain);

function what(d: AlarmDeletion): string {
  return d.context ? `${d.context.signal} on ${d.context.subject}` : d.alarmName;
}

const TITLE = '🗑️ Alarm deleted while in ALARM';
const NO_RECOVERY =
  'No recovery will be posted for this alarm: it was deleted while this channel last heard ALARM of it. ' +
  'A deploy deletes an alarm when its zone or VPC leaves the config or when the alarm is replaced; a replacement posts its own state.';

/** The Slack notice; `alarmSinceMs`: when the ALARM the channel heard began. */
export function buildAlarmDeletedPayload(d: AlarmDeletion, alarmSinceMs: number): SlackPayload {
  const header = truncate(`${TITLE}: ${what(d)}`, L.headerText);
  const inAlarm = Math.max(0, Math.floor((d.deletedAtMs - alarmSinceMs) / 1000));
  const fields = [
    ...(d.context
      ? [
          field(subjectLabel(d.context), d.context.subjectId && d.context.subjectId !== d.context.subject ? `${d.context.subject} (${d.context.subjectId})` : d.context.subject),
          field('Signal', `${d.context.signal} · ${d.context.kind}`),
          field('Severity', d.context.severity),
        ]
      : []),
    { type: 'mrkdwn' as const, text: `*In ALARM since*\n${when(alarmSinceMs, false)}` },
    { type: 'mrkdwn' as const, text: `*Deleted*\n${when(d.deletedAtMs, false)} (${inAlarm < 60 ? 'under a minute' : lateness(inAlarm)} in ALARM)` },
  ];
  const blocks: Block[] = [
    { type: 'header', text: { type: 'plain_text', text: header, emoji: true } },
    { type: 'context', elements: [{ type: 'mrkdwn', text: NO_RECOVERY }] },
    { type: 'section', fields: fields.slice(0, L.sectionFields) },
    { type: 'context', elements: [{ type: 'mrkdwn', text: mrkdwnText(`Alarm \`${d.alarmName}\` · account ${d.account} · ${d.region}`, L.contextElementText) }] },
  ];
  const text = notificationText(`${TITLE}: ${what(d)}`);
  return { text, attachments: [{ color: COLORS.insufficientData, fallback: text, blocks }] };
}

/** The same in one mrkdwn text, for when Slack refuses the blocks. */
export function alarmDeletedPlainText(d: AlarmDeletion, alarmSinceMs: number): SlackPayload {
  const lines = [
    `*${mrkdwnText(`${TITLE}: ${what(d)}`, 300)}*`,
    NO_RECOVERY,
    `In ALARM since: ${when(alarmSinceMs, true)}`,
    `Deleted: ${when(d.deletedAtMs, true)}`,
    `Alarm: ${mrkdwnText(d.alarmName, 300)} (account ${d.account}, ${d.region})`,
  ];
  return { text: truncate(lines.join('\n'), L.sectionText) };
}
