/**
 * The follow-up alert of a DNS check alarm: what each server answered from each vantage region,
 * against what the check expects. One structured message (contracts/dns-check.ts
 * DnsCheckDetailMessage) and its renderings per SNS protocol: JSON for Lambda (the Slack notifier),
 * SQS and the default; a text for email; one SMS; an AWS Chatbot custom notification for HTTPS
 * (Chatbot subscribes over HTTPS). Every list and text is bounded so the publish fits SNS's limits.
 */
import type { Severity } from '../../contracts/alarm-context';
import { DNS_CHECK_DETAIL_TYPE, type DnsCheckDetailMessage, failingResults, type DnsCheckVantageDetail, type DnsReportResponse, answerTime, recheckCommand, serverLabel } from '../../contracts/dns-check';
import { SNS } from '../../contracts/sns-limits';
import { CHAT_SEVERITY_EMOJI, type ChatbotCustomNotification } from '../../contracts/chatbot-notification';
import { mrkdwnText, snsSubject, truncate } from '../shared/text';
import type { CheckAlarm } from './alarm-event';

/**
 * Bounds of one result in the message (a TXT answer can be long, a reason lists every problem), from
 * the most detailed to the tightest: the first that fits SNS's message size is published. At the
 * tightest, 8 regions x 12 servers (the config's maxima: 8 servers and a zone's 4) whose every text
 * is the longest it may be, in the characters JSON escapes most, with a check name of 48
 * characters (the longest), each server a name asked at the longest form of an IPv6 address and
 * the longest config file the recheck command names, take 244,807 bytes of SNS's 262,144
 * (measured; test/dns-checks/detail-bounds.test.ts holds them under it).
 */
export const DETAIL_BOUNDS = [
  { answersPerResult: 20, answerChars: 300, reasonChars: 1000, errorChars: 500, nsidChars: 200 },
  { answersPerResult: 5, answerChars: 100, reasonChars: 300, errorChars: 200, nsidChars: 60 },
  { answersPerResult: 2, answerChars: 60, reasonChars: 120, errorChars: 120, nsidChars: 30 },
] as const;
type Bounds = (typeof DETAIL_BOUNDS)[number];

function vantageDetail(vantage: string, r: DnsReportResponse | { error: string }, b: Bounds): DnsCheckVantageDetail {
  if ('error' in r) return { vantage, error: truncate(r.error, b.errorChars), results: [] };
  return {
    vantage,
    results: r.results.map((x) => {
      const shown = x.answers.slice(0, b.answersPerResult).map((a) => truncate(a, b.answerChars));
      const more = x.answers.length - shown.length;
      return {
        server: x.server,
        ...(x.address ? { address: x.address } : {}),
        ok: x.ok,
        rcode: x.rcode,
        answers: more > 0 ? [...shown, `… ${more} more`] : shown,
        reason: truncate(x.reason, b.reasonChars),
        ...(x.nsid ? { nsid: truncate(x.nsid, b.nsidChars) } : {}),
        ...(x.ms !== undefined ? { ms: x.ms } : {}),
      };
    }),
  };
}

export function detailMessage(
  alarm: CheckAlarm,
  responses: readonly (DnsReportResponse | { error: string })[],
  checkedAt: Date,
  bounds: Bounds = DETAIL_BOUNDS[0],
  configFile?: string,
): DnsCheckDetailMessage {
  const first = responses.find((r): r is Extract<DnsReportResponse, { results: unknown }> => 'results' in r);
  const severity: Severity = alarm.context?.severity ?? 'critical';
  return {
    type: DNS_CHECK_DETAIL_TYPE,
    check: alarm.check,
    alarmName: alarm.alarmName,
    severity,
    region: alarm.region,
    alarmTime: alarm.time,
    checkedAt: checkedAt.toISOString(),
    ...(first ? { query: first.query, recordType: first.type, expected: first.expected } : {}),
    ...(alarm.context?.dashboard ? { dashboard: alarm.context.dashboard } : {}),
    ...(configFile ? { configFile } : {}),
    vantages: alarm.vantages.map((v, i) => vantageDetail(v, responses[i], bounds)),
  };
}

/** One result as a line: `FAIL ns-1.example.net [192.0.2.53] (NSID fra-2): NOERROR 192.0.2.99 in 12 ms (answers 192.0.2.99, expected exactly 192.0.2.10)`. */
export function resultLine(r: DnsCheckVantageDetail['results'][number]): string {
  const answers = r.answers.length ? r.answers.join(', ') : '(no records)';
  return `${r.ok ? 'ok  ' : 'FAIL'} ${serverLabel(r.server, r.nsid, r.address)}: ${r.rcode} ${answers}${answerTime(r.ms)}${r.ok ? '' : ` (${r.reason})`}`;
}

export function headline(m: DnsCheckDetailMessage): string {
  const what = m.query ? `${m.query} ${m.recordType}` : m.check;
  return `DNS check ${m.check} failing: what each server answered for ${what}`;
}

/** The follow-up's line on asking again from the on-call's machine (recheckCommand), as email and chat give it. */
export function recheckLine(m: DnsCheckDetailMessage): string {
  const { command, where } = recheckCommand(m.check, m.configFile);
  return `Ask again from your machine: ${command} (${where})`;
}

export function emailText(m: DnsCheckDetailMessage): string {
  const lines = [
    headline(m),
    '',
    `Alarm ${m.alarmName} (${m.severity}) entered ALARM at ${m.alarmTime} in ${m.region}.`,
    `Expected: ${m.expected ?? '(no prober returned the check)'}`,
    `Every server was asked again at ${m.checkedAt}, from each region the check runs from:`,
  ];
  for (const v of m.vantages) {
    lines.push('', `From ${v.vantage}:`);
    if (v.error) lines.push(`  no results: ${v.error}`);
    for (const r of v.results) lines.push(`  ${resultLine(r)}`);
  }
  lines.push('', recheckLine(m), m.dashboard ? `Dashboard: ${m.dashboard} (CloudWatch console, ${m.region}).` : '', 'Sent by Codreum DNS Monitor from your AWS account.');
  return lines.join('\n');
}

/** One SMS: the check and the first failing server's answer. */
export function smsText(m: DnsCheckDetailMessage): string {
  const failing = failingResults(m);
  const head = `DNS check ${m.check} failing`;
  if (failing.length === 0) return truncate(`${head}: no server failed on re-check`, SNS.smsChars);
  const { vantage: v, result: r } = failing[0];
  const more = failing.length > 1 ? ` +${failing.length - 1} more` : '';
  return truncate(`${head}: ${r.server} from ${v} answered ${r.rcode} ${r.answers.join(',') || '(none)'}${more}`, SNS.smsChars);
}

/**
 * Our bound for a chat notification's description (Chatbot publishes none): the failing lines
 * first. The description is escaped as Slack's mrkdwn (answers, reasons and NSIDs are the DNS
 * servers' text): AWS Chatbot is not documented to escape `&`, `<` and `>` itself.
 */
export const CHAT_DESCRIPTION_CHARS = 3500;

/** AWS Chatbot custom notification (contracts/chatbot-notification.ts). */
export function chatNotification(m: DnsCheckDetailMessage): ChatbotCustomNotification {
  const lines: string[] = [`*Expected:* ${m.expected ?? '(unknown)'}`];
  for (const v of m.vantages) {
    lines.push(`*From ${v.vantage}:*`);
    if (v.error) lines.push(`• no results: ${v.error}`);
    for (const r of [...v.results].sort((a, b) => Number(a.ok) - Number(b.ok))) lines.push(`• ${resultLine(r)}`);
  }
  return {
    version: '1.0',
    source: 'custom',
    id: `${m.alarmName}:${m.alarmTime}`,
    content: {
      textType: 'client-markdown',
      title: `${CHAT_SEVERITY_EMOJI[m.severity]} ${headline(m)}`,
      description: mrkdwnText(lines.join('\n'), CHAT_DESCRIPTION_CHARS),
      nextSteps: [...(m.dashboard ? [`Open dashboard ${m.dashboard} in ${m.region}`] : []), recheckLine(m)],
    },
    metadata: { eventType: DNS_CHECK_DETAIL_TYPE, summary: headline(m), additionalContext: { check: m.check, alarmName: m.alarmName } },
  };
}

/** The SNS Publish input of one message: a subject for email and one message per protocol (MessageStructure json). */
export function publishInput(m: DnsCheckDetailMessage): { Subject: string; Message: string; MessageStructure: 'json' } {
  // Lambda (the Slack notifier), SQS and every other protocol receive `default`.
  const message = JSON.stringify({ default: JSON.stringify(m), email: emailText(m), sms: smsText(m), https: JSON.stringify(chatNotification(m)) });
  return { Subject: snsSubject(headline(m)), Message: message, MessageStructure: 'json' };
}

/** The most detailed message that fits SNS's size limit, with its publish input. */
export function fittingMessage(alarm: CheckAlarm, responses: readonly (DnsReportResponse | { error: string })[], checkedAt: Date, configFile?: string) {
  for (const bounds of DETAIL_BOUNDS) {
    const message = detailMessage(alarm, responses, checkedAt, bounds, configFile);
    const input = publishInput(message);
    if (Buffer.byteLength(input.Message) <= SNS.maxMessageBytes) return { message, input };
  }
  throw new Error(`the detail of ${alarm.check} does not fit SNS's ${SNS.maxMessageBytes} bytes even at the tightest bounds`);
}
