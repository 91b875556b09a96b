/**
 * The follow-up alert of a DNS check alarm at its largest: every region a check may run from
 * (MAX_DNS_CHECK_REGIONS), every server it may ask (MAX_DNS_CHECK_SERVERS plus the Route 53
 * delegation set of its zoneId), each answering with the longest texts a result can hold. The
 * published message must fit SNS's size limit (else nothing is published and nobody hears what the
 * servers said); the reporter falls back to tighter bounds (DETAIL_BOUNDS) until it does.
 *
 * The worst characters are the ones JSON escapes: the `default` rendering is JSON inside the JSON
 * of the publish input, so a backslash of a TXT answer takes four bytes there.
 */
import { type DnsCheckResult, type DnsReportResponse, isRecheckConfigFile, RECHECK_CONFIG_FILE } from '../../contracts/dns-check';
import { SNS } from '../../contracts/sns-limits';
import type { CheckAlarm } from '../../lambdas/dns-check-reporter/alarm-event';
import { DETAIL_BOUNDS, emailText, fittingMessage } from '../../lambdas/dns-check-reporter/message';
import { MAX_EXTRA_TEXT } from '../../lambdas/dns-prober/edns-options';
import { ROUTE53 } from '../../lib/aws-facts';
import { MAX_DNS_CHECK_NAME_CHARS, MAX_DNS_CHECK_REGIONS, MAX_DNS_CHECK_SERVERS } from '../../lib/config/dns-checks-schema';

const REGIONS = ['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'eu-west-1', 'eu-central-1', 'ap-southeast-2', 'ap-northeast-1'].slice(0, MAX_DNS_CHECK_REGIONS);
const SERVERS = MAX_DNS_CHECK_SERVERS + ROUTE53.delegationSetSize;

// The longest check name: the follow-up names the check in its headline and in the command that asks again.
const CHECK = 'w'.repeat(MAX_DNS_CHECK_NAME_CHARS);
const alarm: CheckAlarm = { alarmName: `acme-dns-check-${CHECK}`, state: 'ALARM', time: '2026-12-03T10:02:07.345+0000', region: 'us-east-1', check: CHECK, vantages: REGIONS };
const host = (i: number) => `${'n'.repeat(60)}.${'s'.repeat(60)}.${'x'.repeat(60)}.${'y'.repeat(56)}-${String(i).padStart(2, '0')}.example:65535`;

function responses(result: (i: number) => Omit<DnsCheckResult, 'name' | 'server'>): DnsReportResponse[] {
  return REGIONS.map((vantage) => ({
    vantage,
    check: CHECK,
    query: 'www.example.com',
    type: 'TXT',
    expected: 'rcode NOERROR; answers exactly v=spf1 -all',
    results: Array.from({ length: SERVERS }, (_, i) => ({ name: CHECK, server: host(i), ...result(i) })),
  }));
}

describe('the follow-up alert at its largest fits SNS', () => {
  it('a small one keeps every answer, the whole reason and the NSID (the first bounds)', () => {
    const small = responses((i) => ({ ok: i > 0, rcode: 'NOERROR', answers: ['v=spf1 -all'], reason: i > 0 ? '' : 'answers v=spf1 -all, expected exactly v=spf1 include:x -all', nsid: `fra-${i}`, ms: 12 + i }));
    const { message, input } = fittingMessage(alarm, small, new Date('2026-12-03T10:02:09Z'));
    expect(Buffer.byteLength(input.Message)).toBeLessThanOrEqual(SNS.maxMessageBytes);
    expect(message.vantages).toHaveLength(MAX_DNS_CHECK_REGIONS);
    expect(message.vantages[0].results[0]).toEqual({ server: host(0), ok: false, rcode: 'NOERROR', answers: ['v=spf1 -all'], reason: 'answers v=spf1 -all, expected exactly v=spf1 include:x -all', nsid: 'fra-0', ms: 12 });
    expect(emailText(message)).toContain(`FAIL ${host(0)} (NSID fra-0): NOERROR v=spf1 -all in 12 ms (answers v=spf1 -all, expected exactly v=spf1 include:x -all)`);
    expect(emailText(message)).toContain(`ok   ${host(1)} (NSID fra-1): NOERROR v=spf1 -all in 13 ms\n`);
  });

  it('the longest texts a result can hold, in the characters JSON escapes most (and an answer time of almost 20 s: a 10 s timeout over UDP, then over TCP), fall back to tighter bounds and still fit', () => {
    const long = '\\"'.repeat(2000);
    // Each server is a name, shown with the address it was asked at: the longest text form of an IPv6 address.
    const address = 'ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255';
    const worst = responses(() => ({ ok: false, rcode: 'SERVFAIL', address, answers: Array.from({ length: 50 }, () => long), reason: long, nsid: '\\'.repeat(MAX_EXTRA_TEXT), ms: 19_999 }));
    // The longest config file the recheck command may name.
    const configFile = `${'c/'.repeat((RECHECK_CONFIG_FILE.maxChars - 10) / 2)}prod.yaml`;
    expect(isRecheckConfigFile(configFile) && configFile.length >= RECHECK_CONFIG_FILE.maxChars - 1).toBe(true);
    const { message, input } = fittingMessage(alarm, worst, new Date('2026-12-03T10:02:09Z'), configFile);
    expect(Buffer.byteLength(input.Message)).toBeLessThanOrEqual(SNS.maxMessageBytes);
    expect(emailText(message)).toContain(`npx dns-monitor check ${configFile} --only ${CHECK}`);
    // Every region and server is still there, each cut to the tightest bounds.
    const tightest = DETAIL_BOUNDS[DETAIL_BOUNDS.length - 1];
    expect(message.vantages.map((v) => v.results.length)).toEqual(REGIONS.map(() => SERVERS));
    const r = message.vantages[7].results[11];
    expect(r.answers).toHaveLength(tightest.answersPerResult + 1);
    expect(r.answers[tightest.answersPerResult]).toBe(`… ${50 - tightest.answersPerResult} more`);
    expect(r.reason).toHaveLength(tightest.reasonChars);
    expect(r.nsid).toHaveLength(tightest.nsidChars);
    expect(r.address).toBe(address);
  });
});
