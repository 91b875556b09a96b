/**
 * Slack incoming-webhook payloads: Block Kit blocks inside one attachment, so the attachment's
 * `color` bar shows severity and state at a glance. Every text goes through the limits in
 * slack-limits.ts.
 */
import { type AlarmKind, isComponentSignal, RESOLVER_ENDPOINT_ID } from '../../contracts/alarm-context';
import type { AlertView } from './alert-view';
import { fmt } from './state-reason';
import { mrkdwnText, notificationText, SLACK_LIMITS as L, truncate } from './slack-limits';

export interface SlackPayload {
  /** Notification / fallback text. */
  text: string;
  attachments?: { color: string; blocks: Block[]; fallback?: string }[];
  blocks?: Block[];
}

export type Text = { type: 'mrkdwn' | 'plain_text'; text: string; emoji?: boolean };
export type Block =
  | { type: 'header'; text: Text }
  | { type: 'section'; text?: Text; fields?: Text[] }
  | { type: 'context'; elements: Text[] }
  | { type: 'divider' }
  | { type: 'actions'; elements: { type: 'button'; text: Text; url: string; action_id: string; style?: 'primary' | 'danger' }[] };

/** Attachment bar colours: red critical alarm, amber warning alarm, green OK, grey no data. */
export const COLORS = {
  criticalAlarm: '#D1242F',
  warningAlarm: '#E8A317',
  ok: '#2EB67D',
  insufficientData: '#9AA0A6',
  unparseable: '#6F42C1',
} as const;

export function colorFor(view: Pick<AlertView, 'state' | 'severity'>): string {
  if (view.state === 'OK') return COLORS.ok;
  if (view.state === 'INSUFFICIENT_DATA') return COLORS.insufficientData;
  return view.severity === 'critical' ? COLORS.criticalAlarm : COLORS.warningAlarm;
}

const STATE_ICON: Record<AlertView['state'], string> = { ALARM: '🔴', OK: '✅', INSUFFICIENT_DATA: '⚪' };

export function field(label: string, value: string): Text {
  const prefix = `*${label}*\n`;
  return { type: 'mrkdwn', text: prefix + mrkdwnText(value, L.sectionFieldText - prefix.length) };
}

function section(label: string, value: string): Block {
  const prefix = `*${label}*\n`;
  return { type: 'section', text: { type: 'mrkdwn', text: prefix + mrkdwnText(value, L.sectionText - prefix.length) } };
}

/** Slack renders `<!date^epoch^...|fallback>` in the reader's own time zone (the fallback where it cannot). */
export function dateToken(epoch: number, fallback: string): string {
  return `<!date^${epoch}^{date_short_pretty} {time_secs}|${fallback}>`;
}

/** A time (epoch seconds) in a post: Slack's date token, or ISO text in a plain-text fallback. */
export function postTime(epoch: number, plain: boolean): string {
  const iso = new Date(epoch * 1000).toISOString();
  return plain ? iso : dateToken(epoch, iso);
}

function slackDate(view: AlertView): string {
  if (view.changedAtEpoch === undefined) return mrkdwnText(view.changedAtText, 200);
  return dateToken(view.changedAtEpoch, view.changedAtText);
}

function measurementText(view: AlertView): string | undefined {
  const m = view.measurement;
  if (!m) return undefined;
  const values = m.values.length ? m.values.map(fmt).join(', ') : 'no datapoints';
  const vs = m.threshold ? `${values} vs threshold ${m.threshold}` : values;
  return m.evaluation ? `${vs} (${m.evaluation})` : vs;
}

export function button(text: string, url: string, actionId: string): { type: 'button'; text: Text; url: string; action_id: string } | undefined {
  if (url.length > L.buttonUrl) return undefined;
  return { type: 'button', text: { type: 'plain_text', text: truncate(text, L.buttonText) }, url, action_id: actionId };
}

export function headline(view: AlertView): string {
  const sev = view.state === 'ALARM' ? ` ${view.severity}` : '';
  return `${view.state}${sev}: ${view.signal} on ${view.subject}`;
}

/**
 * An alert normally reaches Slack seconds after its state change; one posted later than this
 * waited (in the intake queue during a storm, put back while Slack rate-limited, or redriven from
 * the dead-letter queue) and says so: a later state of the same alarm may already be in the channel.
 */
export const LATE_NOTE_AFTER_SECONDS = 120;

/** "7 min", "2 h 5 min", "3 days": how late, for people. */
export function lateness(seconds: number): string {
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  const days = Math.floor(hours / 24);
  return `${days} ${days === 1 ? 'day' : 'days'}`;
}

/** The note for an alert posted `lateBySeconds` after its state change, or undefined when it is on time. */
export function lateNote(lateBySeconds: number | undefined): string | undefined {
  if (lateBySeconds === undefined || lateBySeconds < LATE_NOTE_AFTER_SECONDS) return undefined;
  return `⏳ Posted ${lateness(lateBySeconds)} after the state change: a later state of this alarm may already be posted. *Open alarm* shows its current state.`;
}

/** A newer state of the same alarm the channel already has (alarm-state.ts): the alert is history. */
export interface Superseded {
  /** `DELETED`: the alarm was deleted since (alarm-deletion.ts). */
  readonly state: 'ALARM' | 'OK' | 'DELETED';
  readonly changedAtEpoch: number;
}

function supersededSuffix(s: Superseded | undefined): string {
  if (!s) return '';
  return s.state === 'DELETED' ? ' (alarm since deleted)' : ` (superseded by ${s.state})`;
}

/** Icon and headline within `max` characters; a superseded alert's suffix is kept whole (the headline is cut instead). */
function titleOf(view: AlertView, max: number, superseded?: Superseded): string {
  const suffix = supersededSuffix(superseded);
  return truncate(`${STATE_ICON[view.state]} ${headline(view)}`, max - suffix.length) + suffix;
}

/** The note for an alert older than the state already posted for its alarm; in plain text, an ISO time instead of Slack's date token. */
export function supersededNote(s: Superseded, plain = false): string {
  const when = postTime(s.changedAtEpoch, plain);
  if (s.state === 'DELETED') return `↩️ The alarm was deleted at ${when}, before this alert reached Slack: what it says is history.`;
  const current = plain ? 'The alarm link below shows its current state.' : '*Open alarm* shows its current state.';
  return `↩️ Older than what this channel already has: the alarm's ${s.state} of ${when} was posted before this alert reached Slack. ${current}`;
}

/** What the notifier knows of an alert besides its message: when it is posted, and what the channel has of its alarm. */
export interface PostContext {
  /** How long after the state change it is posted (a note when late). */
  readonly lateBySeconds?: number;
  /** A newer state of the alarm was posted already (a note instead of the late one, which says which). */
  readonly superseded?: Superseded;
  /** A recovery: when the alarm's ALARM that the channel heard began (epoch seconds). */
  readonly alarmSinceEpoch?: number;
}

/** "In ALARM for" of a recovery: how long, and since when. */
function alarmDuration(view: AlertView, sinceEpoch: number, plain: boolean): string | undefined {
  if (view.changedAtEpoch === undefined || view.changedAtEpoch < sinceEpoch) return undefined;
  const seconds = view.changedAtEpoch - sinceEpoch;
  const since = postTime(sinceEpoch, plain);
  return `${seconds < 60 ? 'under a minute' : lateness(seconds)} (since ${since})`;
}

/** The label of the subject field: what the alarm watches, by its kind (else a component of the product by its signal, a Resolver endpoint by its id, else a zone or VPC). */
const SUBJECT_LABEL: Partial<Record<AlarmKind, string>> = { 'health-check': 'Health check', 'dns-check': 'DNS check', license: 'License', registration: 'Registered domain' };

export function subjectLabel(view: Pick<AlertView, 'kind' | 'signal' | 'subjectId'>): string {
  const byKind = SUBJECT_LABEL[view.kind];
  if (byKind) return byKind;
  if (isComponentSignal(view.signal)) return 'DNS Monitor component';
  return view.subjectId && RESOLVER_ENDPOINT_ID.test(view.subjectId) ? 'Resolver endpoint' : 'Zone / VPC';
}

export function buildAlarmPayload(view: AlertView, ctx: PostContext = {}): SlackPayload {
  const { lateBySeconds, superseded } = ctx;
  const blocks: Block[] = [];
  blocks.push({
    type: 'header',
    text: { type: 'plain_text', text: titleOf(view, L.headerText, superseded), emoji: true },
  });
  const note = superseded ? supersededNote(superseded) : lateNote(lateBySeconds);
  if (note) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: note }] });

  const fields: Text[] = [
    field(subjectLabel(view), view.subjectId && view.subjectId !== view.subject ? `${view.subject} (${view.subjectId})` : view.subject),
    field('Signal', `${view.signal} · ${view.kind}`),
    field('State', view.previousState ? `${view.state} (was ${view.previousState})` : view.state),
    field('Severity', view.severity),
  ];
  const measurement = measurementText(view);
  if (measurement) fields.push(field('Value vs threshold', measurement));
  fields.push({ type: 'mrkdwn', text: `*Alarm time*\n${slackDate(view)}` });
  const duration = ctx.alarmSinceEpoch === undefined ? undefined : alarmDuration(view, ctx.alarmSinceEpoch, false);
  if (duration) fields.push({ type: 'mrkdwn', text: `*In ALARM for*\n${duration}` });
  blocks.push({ type: 'section', fields: fields.slice(0, L.sectionFields) });

  blocks.push(section('Reason', view.reason));
  if (view.compositeRule !== undefined) {
    const children = view.triggeringChildren.length ? `\nTriggered by: ${view.triggeringChildren.join(', ')}` : '';
    blocks.push(section('Rule', `${view.compositeRule}${children}`));
  } else if (view.metric) {
    blocks.push(section('Metric', view.metric));
  }
  if (view.description) blocks.push(section('Description', view.description));

  const buttons = [
    view.alarmUrl ? button('Open alarm', view.alarmUrl, 'open-alarm') : undefined,
    view.dashboardUrl ? button('Open dashboard', view.dashboardUrl, 'open-dashboard') : undefined,
  ].filter((b): b is NonNullable<typeof b> => b !== undefined);
  if (buttons.length) blocks.push({ type: 'actions', elements: buttons.slice(0, L.actionsElements) });

  const context = [`Alarm \`${view.alarmName}\``, view.accountId ? `account ${view.accountId}` : '', view.region ?? '']
    .filter(Boolean)
    .join(' · ');
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: mrkdwnText(context, L.contextElementText) }] });

  const text = notificationText(titleOf(view, L.fallbackText, superseded));
  return { text, attachments: [{ color: colorFor(view), fallback: text, blocks: blocks.slice(0, L.blocksPerMessage) }] };
}

/** Plain post for anything that is not a CloudWatch alarm message we understand. */
export function buildUnparseablePayload(input: { subject?: string | null; message: string; problem: string; messageId?: string; topicArn?: string }): SlackPayload {
  const title = '⚠️ Unparseable alert';
  const lines = [
    input.subject ? `*Subject:* ${mrkdwnText(input.subject, 300)}` : undefined,
    input.topicArn ? `*Topic:* ${mrkdwnText(input.topicArn, 300)}` : undefined,
    input.messageId ? `*SNS message id:* ${mrkdwnText(input.messageId, 100)}` : undefined,
    `*Problem:* ${mrkdwnText(input.problem, 500)}`,
  ].filter(Boolean);
  const raw = '```' + mrkdwnText(input.message, L.sectionText - 6 - 10) + '```';
  const blocks: Block[] = [
    { type: 'header', text: { type: 'plain_text', text: title, emoji: true } },
    { type: 'section', text: { type: 'mrkdwn', text: lines.join('\n') } },
    { type: 'section', text: { type: 'mrkdwn', text: raw } },
  ];
  const text = notificationText(`${title}: ${input.subject ?? input.message}`);
  return { text, attachments: [{ color: COLORS.unparseable, fallback: text, blocks }] };
}

/**
 * Last resort when Slack rejects the block payload (HTTP 400): one mrkdwn text with the essentials,
 * so a formatting problem never costs the alert.
 */
export function plainTextSummary(view: AlertView, ctx: PostContext = {}): SlackPayload {
  const { lateBySeconds, superseded } = ctx;
  const duration = ctx.alarmSinceEpoch === undefined ? undefined : alarmDuration(view, ctx.alarmSinceEpoch, true);
  const lines = [
    `${STATE_ICON[view.state]} *${mrkdwnText(headline(view), 300)}*${supersededSuffix(superseded)}`,
    superseded ? supersededNote(superseded, true) : lateNote(lateBySeconds),
    view.previousState ? `State: ${view.state} (was ${view.previousState})` : `State: ${view.state}`,
    measurementText(view) ? `Value: ${mrkdwnText(measurementText(view) ?? '', 500)}` : undefined,
    `Reason: ${mrkdwnText(view.reason, 1500)}`,
    `Time: ${mrkdwnText(view.changedAtText, 100)}`,
    duration ? `In ALARM for: ${duration}` : undefined,
    view.alarmUrl ? `Alarm: ${view.alarmUrl}` : undefined,
    view.dashboardUrl ? `Dashboard: ${view.dashboardUrl}` : undefined,
  ].filter(Boolean);
  return { text: truncate(lines.join('\n'), L.sectionText) };
}
