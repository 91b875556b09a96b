/**
 * What reaches Slack for each alarm kind the product creates, built from CloudWatch's real SNS
 * message shapes and posted through the notifier to the loopback Slack stand-in.
 */
import { validateSnsEvent } from '../../lambdas/slack-notifier/sns-event';
import { COLORS } from '../../lambdas/slack-notifier/block-kit';
import type { FakeSlack } from './fake-slack';
import { anomalyAlarm, compositeAlarm, countAlarm, healthCheckAlarm, lowTrafficAlarm, rateAlarm, snsEvent, snsRecord, TOPIC_WARNING } from './fixtures';
import { drainQueue, makeNotifier, Resources, useNotifierEnvironment } from './harness';
import { allText, buttonsOf, fieldsOf, slackLimitViolations } from './limits-check';

const env = useNotifierEnvironment();
let slack: FakeSlack;
let r: Resources;
beforeAll(() => ({ slack, r } = env));
beforeEach(() => slack.reset());

async function post(event: unknown): Promise<any> {
  const out = await makeNotifier(r).handleEvent(validateSnsEvent(event), 30_000);
  expect(out.records.every((x) => x.status === 'posted')).toBe(true);
  expect(slack.posts).toHaveLength(1);
  const body = slack.posts[0].body;
  expect(slack.posts[0].contentType).toBe('application/json');
  expect(slackLimitViolations(body)).toEqual([]);
  return body;
}

const ALARM_LINK = (name: string) => `https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#alarmsV2:alarm/${encodeURIComponent(name)}`;
const ZONE_DASHBOARD = 'https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#dashboards/dashboard/acme-prod-dns-zone-example-com';

describe('message fields per alarm kind', () => {
  it('count: zone, signal, states, value vs threshold, reason, time, links, critical colour', async () => {
    const body = await post(snsEvent(snsRecord(countAlarm())));
    const f = fieldsOf(body);
    expect(f['Zone / VPC']).toBe('example.com (Z0123456789ABCDEFGHIJ)');
    expect(f.Signal).toBe('servfail · count');
    expect(f.State).toBe('ALARM (was OK)');
    expect(f.Severity).toBe('critical');
    expect(f['Value vs threshold']).toBe('57, 61 vs threshold ≥ 50 (2 of 3 datapoints, 1 min periods)');
    expect(f['Alarm time']).toBe(`<!date^${Date.UTC(2025, 5, 3, 17, 43, 27) / 1000}^{date_short_pretty} {time_secs}|2025-06-03T17:43:27Z>`);
    expect(f.Reason).toContain('Threshold Crossed: 2 out of the last 3 datapoints');
    expect(f.Metric).toBe('DnsMonitor/QueryLogs ServfailCount (HostedZoneId=Z0123456789ABCDEFGHIJ)');
    expect(f.Description).toBe('NXDOMAIN responses above normal.'); // context line stripped
    expect(buttonsOf(body)).toEqual({ 'Open alarm': ALARM_LINK('acme-prod-dns-example-com-servfail-count'), 'Open dashboard': ZONE_DASHBOARD });
    expect(body.attachments[0].color).toBe(COLORS.criticalAlarm);
    expect(body.text).toBe('🔴 ALARM critical: servfail on example.com');
    expect(body.attachments[0].blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: '🔴 ALARM critical: servfail on example.com', emoji: true } });
  });

  it('rate (metric math): expression shown, threshold from the reason, warning colour', async () => {
    const body = await post(snsEvent(snsRecord(rateAlarm(), { topicArn: TOPIC_WARNING })));
    const f = fieldsOf(body);
    expect(f.Signal).toBe('nxdomain · rate');
    expect(f['Value vs threshold']).toBe('0.31, 0.28, 0.27 vs threshold &gt; 0.2 (3 of 3 datapoints, 1 min periods)');
    expect(f.Metric).toBe('NXDOMAIN share: IF(total &gt;= 100, nx / total, 0)');
    expect(body.attachments[0].color).toBe(COLORS.warningAlarm);
  });

  it('anomaly: value against the band from the reason', async () => {
    const body = await post(snsEvent(snsRecord(anomalyAlarm())));
    const f = fieldsOf(body);
    expect(f.Signal).toBe('queries · anomaly');
    expect(f['Value vs threshold']).toBe('9120 vs threshold outside band [1200.5, 4800.25] (1 of 2 datapoints, 5 min periods)');
    expect(f.Metric).toBe('AWS/Route53 DNSQueries (HostedZoneId=Z0123456789ABCDEFGHIJ)');
  });

  it('low traffic: values below the floor', async () => {
    const body = await post(snsEvent(snsRecord(lowTrafficAlarm())));
    const f = fieldsOf(body);
    expect(f.Signal).toBe('queries · low-traffic');
    expect(f['Value vs threshold']).toBe('3, 0, 1, 2, 0 vs threshold &lt; 10 (5 of 5 datapoints, 1 min periods)');
  });

  it('composite: rule and triggering children instead of a metric', async () => {
    const body = await post(snsEvent(snsRecord(compositeAlarm())));
    const f = fieldsOf(body);
    expect(f.Signal).toBe('degraded · composite');
    expect(f['Value vs threshold']).toBeUndefined();
    expect(f.Rule).toContain('ALARM("acme-prod-dns-example-com-servfail-count") OR ALARM("acme-prod-dns-example-com-nxdomain-rate")');
    expect(f.Rule).toContain('Triggered by: acme-prod-dns-example-com-servfail-count (ALARM)');
    expect(f.Reason).toContain('transitioned to ALARM');
  });

  it('composite with TriggeringChildren as plain ARNs (documented form) also renders', async () => {
    const body = await post(snsEvent(snsRecord(compositeAlarm({ TriggeringChildren: ['arn:aws:cloudwatch:us-east-1:123456789012:alarm:child-a'] }))));
    expect(fieldsOf(body).Rule).toContain('Triggered by: child-a');
  });

  it('health check: health-check name as subject, dashboard of health checks', async () => {
    const body = await post(snsEvent(snsRecord(healthCheckAlarm())));
    const f = fieldsOf(body);
    expect(f['Health check']).toBe('api-example-com');
    expect(f.Signal).toBe('health-check-status · health-check');
    expect(f['Value vs threshold']).toBe('0 vs threshold &lt; 1 (1 of 1 datapoints, 1 min periods)');
    expect(f.Metric).toBe('AWS/Route53 HealthCheckStatus (HealthCheckId=abcdef01-2345-6789-abcd-ef0123456789)');
    expect(buttonsOf(body)['Open dashboard']).toMatch(/#dashboards\/dashboard\/acme-prod-dns-health-checks$/);
  });

  it('OK transition: green, previous state shown', async () => {
    const body = await post(snsEvent(snsRecord(countAlarm({ NewStateValue: 'OK', OldStateValue: 'ALARM' }))));
    expect(fieldsOf(body).State).toBe('OK (was ALARM)');
    expect(body.attachments[0].color).toBe(COLORS.ok);
    expect(body.text).toBe('✅ OK: servfail on example.com');
  });

  it('INSUFFICIENT_DATA: grey', async () => {
    const body = await post(snsEvent(snsRecord(countAlarm({ NewStateValue: 'INSUFFICIENT_DATA' }))));
    expect(body.attachments[0].color).toBe(COLORS.insufficientData);
  });

  it('without a context line: alarm name as subject, severity from the topic name, kind inferred', async () => {
    const msg = anomalyAlarm({ AlarmName: 'hand-made alarm/with spaces', AlarmDescription: null, AlarmArn: 'arn:aws:cloudwatch:eu-west-1:123456789012:alarm:hand-made alarm/with spaces' });
    const body = await post(snsEvent(snsRecord(msg, { topicArn: TOPIC_WARNING })));
    const f = fieldsOf(body);
    expect(f['Zone / VPC']).toBe('hand-made alarm/with spaces');
    expect(f.Severity).toBe('warning');
    expect(f.Signal).toContain('· anomaly');
    expect(buttonsOf(body)).toEqual({
      'Open alarm': 'https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#alarmsV2:alarm/hand-made%20alarm%2Fwith%20spaces',
    });
  });
});

describe('an alert posted long after its state change says so', () => {
  const ago = (seconds: number) => new Date(Date.now() - seconds * 1000).toISOString().replace('Z', '+0000');
  const lateNotes = (body: any) => (body.attachments[0].blocks as any[]).filter((b) => b.type === 'context' && /after the state change/.test(JSON.stringify(b)));

  it('one waiting in the intake queue (a storm, Slack rate limiting) or redriven from the dead-letter queue: a note under the headline, how late', async () => {
    const body = await post(snsEvent(snsRecord(countAlarm({ StateChangeTime: ago(7 * 60 + 5) }))));
    const blocks = body.attachments[0].blocks as any[];
    expect(blocks[0].type).toBe('header');
    expect(lateNotes(body)).toEqual([blocks[1]]);
    expect(blocks[1].elements[0].text).toBe('⏳ Posted 7 min after the state change: a later state of this alarm may already be posted. *Open alarm* shows its current state.');
  });

  it('hours and days read as such', async () => {
    for (const [seconds, text] of [[2 * 3600 + 5 * 60, '2 h 5 min'], [3 * 86400 + 7200, '3 days']] as const) {
      slack.reset();
      // Each its own alarm: an older state of an alarm already posted would be marked superseded instead.
      const body = await post(snsEvent(snsRecord(countAlarm({ AlarmName: `late-by-${seconds}`, StateChangeTime: ago(seconds) }))));
      expect(lateNotes(body)[0].elements[0].text).toContain(`Posted ${text} after the state change`);
    }
  });

  it('one posted as it should be (within 2 minutes) has no note', async () => {
    const body = await post(snsEvent(snsRecord(countAlarm({ StateChangeTime: ago(90) }))));
    expect(lateNotes(body)).toEqual([]);
  });
});

describe('unparseable input is posted, never dropped', () => {
  it('a message that is not JSON is posted as a plain "unparseable alert" with the subject', async () => {
    const body = await post(snsEvent(snsRecord('Hello from a human publishing to the topic', { subject: 'manual test', messageId: 'np-1' })));
    const text = allText(body);
    expect(body.text).toBe('⚠️ Unparseable alert: manual test');
    expect(text).toContain('Hello from a human publishing to the topic');
    expect(text).toContain('message is not JSON');
    expect(text).toContain('np-1');
    expect(body.attachments[0].color).toBe(COLORS.unparseable);
  });

  // Slack reads its control characters (&, <, >) in the message's top-level text as well as in
  // blocks: whatever the topic received must reach the channel as text, never as a mention or link.
  it("a publisher's text is shown, never read as a mention or link: in the notification text too", async () => {
    const hostile = '<!channel> <https://evil.example|x> & <@U0123>';
    const body = await post(snsEvent(snsRecord(`${hostile} in the message`, { subject: `${hostile} in the subject`, messageId: 'np-2' })));
    expect(allText(body)).not.toMatch(/<!channel>|<https:\/\/evil|<@U0123>/);
    expect(body.text).toBe('⚠️ Unparseable alert: &lt;!channel&gt; &lt;https://evil.example|x&gt; &amp; &lt;@U0123&gt; in the subject');
  });

  it('JSON that is not an alarm message names what is wrong', async () => {
    const body = await post(snsEvent(snsRecord({ AlarmName: 'x', NewStateValue: 'EXPLODED' })));
    const text = allText(body);
    expect(text).toContain('not a CloudWatch alarm message');
    expect(text).toContain('NewStateValue');
  });

  it('a huge raw message is truncated within Slack limits', async () => {
    const body = await post(snsEvent(snsRecord('x'.repeat(200_000), { subject: 's'.repeat(500) })));
    expect(slackLimitViolations(body)).toEqual([]);
    expect(allText(body)).toContain('…');
  });

  it('an event that is not an SNS event at all is posted too', async () => {
    const body = await post({ hello: 'world' });
    expect(allText(body)).toContain('not an SNS event');
    expect(allText(body)).toContain('{"hello":"world"}');
  });

  it('a record without Sns.MessageId is posted (no idempotency key) rather than dropped', async () => {
    const body = await post(snsEvent({ EventSource: 'aws:sns', Sns: { Message: 'orphan', Subject: 'no id' } }));
    expect(allText(body)).toContain('Sns.MessageId');
    expect(allText(body)).toContain('orphan');
    expect(await drainQueue(r)).toEqual([]);
  });
});

describe('Slack limits with very long content', () => {
  it('keeps header ≤150, sections ≤3000, fields ≤2000 for huge names, reasons and descriptions', async () => {
    const ctxLine = '[dns-monitor] subject=' + 'sub'.repeat(100) + '.example.com subjectId=Z1 signal=' + 'sig'.repeat(100) + ' kind=count severity=critical dashboard=d';
    const msg = countAlarm({
      AlarmName: 'n'.repeat(255),
      AlarmArn: `arn:aws:cloudwatch:us-east-1:123456789012:alarm:${'n'.repeat(255)}`,
      AlarmDescription: `${'<desc & more> '.repeat(500)}\n${ctxLine}`,
      NewStateReason: `Threshold Crossed: ${'[reason with <angle> & amp] '.repeat(800)}`,
    });
    const body = await post(snsEvent(snsRecord(msg)));
    expect(slackLimitViolations(body)).toEqual([]);
    const blocks = body.attachments[0].blocks;
    expect(blocks[0].text.text.length).toBeLessThanOrEqual(150);
    expect(blocks[0].text.text.endsWith('…')).toBe(true);
    const reason = fieldsOf(body).Reason;
    expect(reason.length).toBeGreaterThan(2500);
    expect(reason).not.toMatch(/&[a-z]{0,3}…$/); // no half-cut entity
    expect(reason).toContain('&lt;angle&gt; &amp; amp');
  });

  it('stays within them with the notes of what the channel already has: a recovery\'s duration, a superseded alert', async () => {
    const huge = (NewStateValue: string, OldStateValue: string, StateChangeTime: string) =>
      snsEvent(
        snsRecord(
          countAlarm({
            AlarmName: 'h'.repeat(255),
            AlarmDescription: `Long.\n[dns-monitor] subject=${'sub'.repeat(100)}.example.com subjectId=Z1 signal=servfail kind=count severity=critical dashboard=d`,
            NewStateValue,
            OldStateValue,
            StateChangeTime,
            NewStateReason: `Threshold Crossed: ${'[reason] '.repeat(800)}`,
          }),
        ),
      );
    await post(huge('ALARM', 'OK', '2026-12-05T10:00:00.000+0000'));
    slack.reset();
    const recovery = await post(huge('OK', 'ALARM', '2026-12-05T12:00:00.000+0000'));
    expect(fieldsOf(recovery)['In ALARM for']).toMatch(/^2 h \(since /);
    slack.reset();
    const superseded = await post(huge('ALARM', 'OK', '2026-12-05T11:00:00.000+0000'));
    expect(superseded.attachments[0].blocks[0].text.text.length).toBeLessThanOrEqual(150);
    expect(superseded.attachments[0].blocks[0].text.text).toMatch(/… \(superseded by OK\)$/);
    expect(allText(superseded)).toContain('↩️ Older than what this channel already has');
  });
});
