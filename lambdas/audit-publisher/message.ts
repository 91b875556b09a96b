/**
 * A DNS change alert as SNS delivers it, per protocol. The rule's input transformer makes the
 * product message (lib/audit/audit-message.ts: allow-listed CloudTrail fields only, JSON); this adds
 * an email subject and text made from the same fields, and publishes both as one message
 * (MessageStructure json): email subscribers read the text, every other protocol (the Slack
 * notifier's Lambda, HTTPS, SQS, email-json) receives the product message exactly as before, but
 * that a registrar call's request keeps only the keys contracts/audit-message.ts allows.
 */
import type { Severity } from '../../contracts/alarm-context';
import { REGISTRAR_CATEGORIES, REGISTRAR_REQUEST_KEYS, type AuditCategory } from '../../contracts/audit-message';
import { SNS } from '../../contracts/sns-limits';
import { auditMessageSchema } from '../shared/audit-schema';
import { buildAuditView, targetShort, targetText, type AuditView } from '../shared/audit-view';
import { snsSubject, truncate } from '../shared/text';

/** Record-change lines the email lists, from the most to the fewest: the first that fits SNS's size wins. */
export const EMAIL_CHANGE_LINES = [200, 20, 0] as const;
/** Longest record-change line in the email (a record name is at most 255 characters). */
const MAX_LINE = 400;

export function emailSubject(v: AuditView): string {
  const on = v.target ? ` on ${targetShort(v.target)}` : '';
  return snsSubject(`${v.prefix ? `${v.prefix} ` : ''}DNS change ${v.severity}: ${v.action}${on}`);
}

export function emailText(v: AuditView, maxChangeLines: number): string {
  const lines = [v.alert, '', `What:  ${v.action}`];
  if (v.target) lines.push(`${v.target.label}:  ${targetText(v.target)}`);
  lines.push(`Who:   ${v.principal}`, `When:  ${v.whenText}`);
  const changes = v.changes ?? [];
  if (changes.length > 0) {
    lines.push('', `Record changes (${changes.length}):`);
    for (const c of changes.slice(0, maxChangeLines)) lines.push(`  ${truncate(c, MAX_LINE)}`);
    if (changes.length > maxChangeLines) lines.push(`  … and ${changes.length - maxChangeLines} more (all of them are in the CloudTrail event)`);
  }
  if (v.request) lines.push('', `Request: ${truncate(v.request, 2000)}`);
  lines.push(
    '',
    'The event in CloudTrail event history (record values, the source address and the full request stay there):',
    v.cloudTrailUrl,
    '',
    [v.prefix ? `Deployment ${v.prefix}` : 'DNS Monitor', v.account ? `account ${v.account}` : undefined, v.region, `severity ${v.severity}`].filter(Boolean).join(', ') + '.',
    'Sent by Codreum DNS Monitor from your AWS account.',
  );
  return lines.join('\n');
}

export interface PublishInput {
  readonly Subject: string;
  readonly Message: string;
  readonly MessageStructure: 'json';
}

export type AuditPublication =
  | { readonly ok: true; readonly severity: Severity; readonly input: PublishInput }
  /** The message did not validate: it is still published, to every topic, with a plain email. */
  | { readonly ok: false; readonly reason: string; readonly input: PublishInput };

function structured(product: string, subject: string, email: string): PublishInput {
  return { Subject: subject, Message: JSON.stringify({ default: product, email }), MessageStructure: 'json' };
}

/**
 * A registrar call's message with its request reduced to REGISTRAR_REQUEST_KEYS (the rules pass a
 * registration call's request parameters whole: their shape differs per call and is not documented
 * call by call). Any other message is returned as it is.
 */
export function withAllowedRequest(event: unknown): unknown {
  if (event === null || typeof event !== 'object') return event;
  const m = event as Record<string, unknown>;
  if (!REGISTRAR_CATEGORIES.includes(m.category as AuditCategory) || m.request === null || typeof m.request !== 'object') return event;
  const request = Object.fromEntries(Object.entries(m.request as Record<string, unknown>).filter(([k]) => REGISTRAR_REQUEST_KEYS.includes(k)));
  return { ...m, request };
}

/**
 * The product message every protocol but email receives: as the rule made it, with the rule's
 * `zoneNames` (every zone it watches) replaced by `zoneName`, the name of the alert's zone.
 */
function namedProduct(event: Record<string, unknown>, view: AuditView): string {
  if (!('zoneNames' in event)) return JSON.stringify(event);
  const { zoneNames: _all, ...rest } = event;
  return JSON.stringify(view.target?.name ? { ...rest, zoneName: view.target.name } : rest);
}

/** What to publish for the product message `event` (the input transformer's output, as the Lambda receives it). */
export function auditPublication(received: unknown): AuditPublication {
  const event = withAllowedRequest(received);
  const product = JSON.stringify(event);
  const parsed = auditMessageSchema.safeParse(event);
  if (!parsed.success) {
    const reason = parsed.error.issues.map((i) => `${i.path.join('.') || 'message'}: ${i.message}`).join('; ');
    const text = `A DNS change alert arrived that DNS Monitor could not read (${reason}). It is shown as it arrived:\n\n${truncate(product, 100_000)}\n\nSent by Codreum DNS Monitor from your AWS account.`;
    return { ok: false, reason, input: structured(product, 'DNS change alert (unreadable, see the message)', text) };
  }
  const view = buildAuditView(parsed.data);
  const subject = emailSubject(view);
  const named = namedProduct(event as Record<string, unknown>, view);
  let input = structured(named, subject, emailText(view, EMAIL_CHANGE_LINES[0]));
  for (const max of EMAIL_CHANGE_LINES.slice(1)) {
    if (Buffer.byteLength(input.Message) <= SNS.maxMessageBytes) break;
    input = structured(named, subject, emailText(view, max));
  }
  return { ok: true, severity: view.severity, input };
}
