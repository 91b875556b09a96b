/**
 * The DNS check detail message (contracts/dns-check.ts DnsCheckDetailMessage, published by the
 * reporter after a check alarm) as a Slack payload: a header with the check, the expectation, then
 * per vantage region what each server answered, failing servers first, and buttons to the alarm
 * and the DNS-checks dashboard. Recognised by its `type`; every text goes through slack-limits.ts.
 */
import { SEVERITIES } from '../../contracts/alarm-context';
import * as z from 'zod/mini';
import { addressLabel, DNS_CHECK_DETAIL_TYPE, type DnsCheckDetailMessage, answerTime, failingResults, nsidLabel, recheckCommand, serverLabel } from '../../contracts/dns-check';
import { dnsCheckResultSchema } from '../shared/dns-check-result';
import { type Block, button, COLORS, type SlackPayload } from './block-kit';
import { alarmConsoleUrl, dashboardConsoleUrl } from '../../contracts/console-links';
import { mrkdwnText, notificationText, SLACK_LIMITS as L, truncate } from './slack-limits';

export function isDnsCheckDetail(json: unknown): boolean {
  return json !== null && typeof json === 'object' && (json as { type?: unknown }).type === DNS_CHECK_DETAIL_TYPE;
}

export const dnsCheckDetailSchema = z.looseObject({
  type: z.literal(DNS_CHECK_DETAIL_TYPE),
  check: z.string().check(z.minLength(1, 'check is empty')),
  alarmName: z.string(),
  severity: z.enum(SEVERITIES, { error: 'severity is not critical or warning' }),
  region: z.string().check(z.regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, 'region is not an AWS region code')),
  alarmTime: z.string(),
  checkedAt: z.string(),
  query: z.optional(z.string()),
  recordType: z.optional(z.string()),
  expected: z.optional(z.string()),
  dashboard: z.optional(z.string()),
  configFile: z.optional(z.string()),
  vantages: z.array(z.looseObject({ vantage: z.string(), error: z.optional(z.string()), results: z.array(dnsCheckResultSchema) })),
});

type Result = DnsCheckDetailMessage['vantages'][number]['results'][number];

function line(r: Result): string {
  const answers = r.answers.length ? r.answers.join(', ') : '(no records)';
  const head = `${r.ok ? '✅' : '❌'} \`${r.server}\`${addressLabel(r.address)}${nsidLabel(r.nsid)} ${r.rcode} ${answers}${answerTime(r.ms)}`;
  return r.ok ? head : `${head}\n      _${r.reason}_`;
}

/** The lines of one region as one mrkdwn text of at most `max` characters, failing servers first. */
export function vantageText(v: DnsCheckDetailMessage['vantages'][number], max: number): string {
  const label = `*From ${mrkdwnText(v.vantage, 60)}*`;
  if (v.error) return `${label}\nno results: ${mrkdwnText(v.error, max - label.length - 20)}`;
  const lines = [...v.results].sort((a, b) => Number(a.ok) - Number(b.ok)).map((r) => mrkdwnText(line(r), 800));
  const out = [label];
  let used = label.length;
  for (const [i, l] of lines.entries()) {
    const tail = `\n… and ${lines.length - i} more`;
    if (used + l.length + 1 + tail.length > max) {
      out.push(tail.trim());
      break;
    }
    out.push(l);
    used += l.length + 1;
  }
  return out.join('\n');
}

export function dnsCheckHeadline(m: DnsCheckDetailMessage): string {
  const what = m.query ? `${m.query} ${m.recordType ?? ''}`.trim() : m.check;
  return `DNS check ${m.check}: what each server answered for ${what}`;
}

export function buildDnsCheckDetailPayload(m: DnsCheckDetailMessage): SlackPayload {
  const title = `${m.severity === 'critical' ? '🔴' : '🟠'} ${dnsCheckHeadline(m)}`;
  const blocks: Block[] = [{ type: 'header', text: { type: 'plain_text', text: truncate(title, L.headerText), emoji: true } }];
  const expected = `*Expected*\n${mrkdwnText(m.expected ?? '(no prober returned the check)', L.sectionText - 20)}`;
  blocks.push({ type: 'section', text: { type: 'mrkdwn', text: expected } });
  // Leave room for the header, expectation, actions and context blocks.
  for (const v of m.vantages.slice(0, L.blocksPerMessage - 5)) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: vantageText(v, L.sectionText) } });
  // Links open the console of the region's partition (the links' default).
  const buttons = [
    button('Open alarm', alarmConsoleUrl(m.region, m.alarmName), 'open-alarm'),
    m.dashboard ? button('Open DNS checks dashboard', dashboardConsoleUrl(m.region, m.dashboard), 'open-dashboard') : undefined,
  ].filter((b): b is NonNullable<typeof b> => b !== undefined);
  if (buttons.length) blocks.push({ type: 'actions', elements: buttons });
  const context = `Alarm ${m.alarmName} entered ALARM at ${m.alarmTime} · servers asked again at ${m.checkedAt} · ${m.region}`;
  const recheck = recheckCommand(m.check, m.configFile);
  blocks.push({
    type: 'context',
    elements: [
      { type: 'mrkdwn', text: mrkdwnText(context, L.contextElementText) },
      { type: 'mrkdwn', text: `Ask again from your machine: \`${mrkdwnText(recheck.command, 300)}\` (${recheck.where})` },
    ],
  });
  const failing = failingResults(m).map(({ vantage, result: r }) => `${serverLabel(r.server, r.nsid, r.address)} from ${vantage}: ${r.rcode} ${r.answers.join(', ') || '(no records)'}`);
  const text = notificationText(`${title}${failing.length ? ` — ${failing[0]}${failing.length > 1 ? ` (+${failing.length - 1} more)` : ''}` : ''}`);
  const color = m.severity === 'critical' ? COLORS.criticalAlarm : COLORS.warningAlarm;
  return { text, attachments: [{ color, fallback: text, blocks }] };
}

/** Last resort when Slack rejects the blocks (HTTP 400): the essentials as one mrkdwn text. */
export function dnsCheckDetailPlainText(m: DnsCheckDetailMessage): SlackPayload {
  const body = [`*${mrkdwnText(dnsCheckHeadline(m), 300)}*`, `Expected: ${mrkdwnText(m.expected ?? '(unknown)', 500)}`, ...m.vantages.map((v) => vantageText(v, 1000))].join('\n');
  return { text: truncate(body, L.sectionText) };
}
