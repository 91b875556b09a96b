/**
 * Slack payload for a DNS change-audit alert: one attachment (colour bar = severity) holding a
 * header, the rule's headline, who/what/where/when fields, the record changes (or the request),
 * a button to the event in CloudTrail event history and a context line. Every text goes through
 * the limits in slack-limits.ts.
 */
import { targetShort, targetText, type AuditView } from '../shared/audit-view';
import { Block, button, COLORS, dateToken, field, SlackPayload, Text } from './block-kit';
import { mrkdwnText, notificationText, SLACK_LIMITS as L, truncate } from './slack-limits';

const ICON: Record<AuditView['severity'], string> = { critical: '🔴', warning: '🟠' };

/** Longest single change line shown (a long record name should not push the others out). */
const MAX_CHANGE_LINE = 400;

export function auditColor(view: Pick<AuditView, 'severity'>): string {
  return view.severity === 'critical' ? COLORS.criticalAlarm : COLORS.warningAlarm;
}

export function auditHeadline(view: AuditView): string {
  const on = view.target ? ` on ${targetShort(view.target)}` : '';
  return `DNS change ${view.severity}: ${view.action}${on}`;
}

function when(view: AuditView): string {
  if (view.whenEpoch === undefined) return mrkdwnText(view.whenText, 200);
  return dateToken(view.whenEpoch, view.whenText);
}

/**
 * The change lines as one mrkdwn text of at most `max` characters: whole lines while they fit,
 * then "… and N more". Lines are escaped one by one so no entity is ever cut.
 */
export function changesText(view: AuditView, max: number): string {
  const out: string[] = [];
  const lines = (view.changes ?? []).map((l) => `• ${mrkdwnText(l, MAX_CHANGE_LINE)}`);
  let used = out.reduce((n, l) => n + l.length + 1, 0);
  for (const [i, line] of lines.entries()) {
    const rest = lines.length - i - 1;
    const tail = rest > 0 ? `\n… and ${rest} more` : '';
    if (used + line.length + 1 + tail.length > max) {
      out.push(`… and ${lines.length - i} more`);
      break;
    }
    out.push(line);
    used += line.length + 1;
  }
  return out.join('\n');
}

export function buildAuditPayload(view: AuditView): SlackPayload {
  const title = `${ICON[view.severity]} ${auditHeadline(view)}`;
  const blocks: Block[] = [{ type: 'header', text: { type: 'plain_text', text: truncate(title, L.headerText), emoji: true } }];
  blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `*${mrkdwnText(view.alert, L.sectionText - 2)}*` } });

  const fields: Text[] = [];
  if (view.target) fields.push(field(view.target.label, targetText(view.target)));
  fields.push(field('API call', view.action));
  fields.push(field('Changed by', view.principal));
  fields.push({ type: 'mrkdwn', text: `*When*\n${when(view)}` });
  fields.push(field('Severity', `${view.severity} · ${view.category}`));
  blocks.push({ type: 'section', fields: fields.slice(0, L.sectionFields) });

  if (view.changes) {
    const label = `*Changes (${view.changes.length})*\n`;
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: label + changesText(view, L.sectionText - label.length) } });
  } else if (view.request) {
    const prefix = '*Request*\n```';
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: prefix + mrkdwnText(view.request, L.sectionText - prefix.length - 3) + '```' } });
  }

  const link = button('Open in CloudTrail', view.cloudTrailUrl, 'open-cloudtrail-event');
  if (link) blocks.push({ type: 'actions', elements: [link] });

  const context = ['DNS change audit', view.prefix, view.account ? `account ${view.account}` : undefined, view.region, `event ${view.eventId}`]
    .filter(Boolean)
    .join(' · ');
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: mrkdwnText(context, L.contextElementText) }] });

  const text = notificationText(`${title} by ${view.principal}`);
  return { text, attachments: [{ color: auditColor(view), fallback: text, blocks: blocks.slice(0, L.blocksPerMessage) }] };
}

/** Last resort when Slack rejects the blocks (HTTP 400): the essentials as one mrkdwn text. */
export function auditPlainText(view: AuditView): SlackPayload {
  const lines = [
    `${ICON[view.severity]} *${mrkdwnText(auditHeadline(view), 300)}*`,
    mrkdwnText(view.alert, 300),
    `Changed by: ${mrkdwnText(view.principal, 500)}`,
    `When: ${mrkdwnText(view.whenText, 100)}`,
    view.changes ? changesText(view, 1200) : view.request ? `Request: ${mrkdwnText(view.request, 1200)}` : undefined,
    `CloudTrail: ${view.cloudTrailUrl}`,
  ].filter(Boolean);
  return { text: truncate(lines.join('\n'), L.sectionText) };
}
