/**
 * DNS change-audit alerts in Slack. The messages are produced by the real audit side: Route 53
 * CloudTrail events (test/audit/fixtures.ts) are matched against the rules of a real
 * `DnsChangeAudit` construct and turned into SNS messages with each rule's own input transformer
 * (renderAuditMessage), then posted through the notifier to the loopback Slack stand-in, with
 * moto behind the idempotency table, secret and dead-letter queue.
 */
import { Stack } from 'aws-cdk-lib';
import { CfnRule } from 'aws-cdk-lib/aws-events';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { auditPublication } from '../../lambdas/audit-publisher/message';
import { AUDIT_MESSAGE_TYPE, renderAuditMessage } from '../../lib/audit/audit-message';
import { DnsChangeAudit } from '../../lib/audit/change-audit';
import { matchesEventPattern } from '../../lib/audit/event-pattern-match';
import { resolveChangeAudit } from '../../lib/config/change-audit';
import { COLORS } from '../../lambdas/slack-notifier/block-kit';
import { cloudTrailEventUrl } from '../../contracts/console-links';
import { validateSnsEvent } from '../../lambdas/slack-notifier/sns-event';
import * as ct from '../audit/fixtures';
import { stackIn } from '../health/support';
import type { FakeSlack } from './fake-slack';
import { countAlarm, snsEvent, snsRecord, TOPIC_CRITICAL, TOPIC_WARNING } from './fixtures';
import { drainQueue, makeNotifier, Resources, useNotifierEnvironment } from './harness';
import { allText, buttonsOf, fieldsOf, slackLimitViolations } from './limits-check';

const EVENT_ID = '883b14d9-2f84-4005-8bc5-c7bf0cebc116';
const CLOUDTRAIL_LINK = `https://us-east-1.console.aws.amazon.com/cloudtrailv2/home?region=us-east-1#/events/${EVENT_ID}`;

const audit = new DnsChangeAudit(stackIn('us-east-1'), 'Audit', {
  prefix: 'acme',
  zoneIds: [ct.ZONE],
  zoneNames: { [ct.ZONE]: 'example.com' },
  topicArns: { critical: [TOPIC_CRITICAL], warning: [TOPIC_WARNING] },
  protectedRecords: resolveChangeAudit({
    hostedZones: [{ zoneId: ct.ZONE, zoneName: 'example.com' }],
    changeAudit: { protectedRecords: [{ zoneId: ct.ZONE, name: 'www', type: 'A' }, { zoneName: 'example.com', name: '*.example.com' }] },
  }).protectedRecords,
  registrar: true,
});

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The alert topics per severity the audit publisher publishes to (its TOPICS variable). */
const publisherTopics = JSON.parse(Stack.of(audit).resolve((audit.publisher.node.defaultChild as CfnFunction).environment).variables.TOPICS) as Record<string, string[]>;

/**
 * What the audit rules publish for `event`: one SNS record per matching rule and topic. A topic
 * target gets the rendered message as it is; the publisher target publishes it to the topics of
 * the message's severity, where a Lambda subscriber receives it unchanged (its `default`, see
 * test/delivery/audit-email.test.ts) under the publisher's email subject.
 */
function published(event: Json): Json[] {
  const out: Json[] = [];
  for (const rule of audit.rules.filter((r) => matchesEventPattern(r.pattern, event))) {
    for (const target of rule.rule.targets as CfnRule.TargetProperty[]) {
      const tr = target.inputTransformer as CfnRule.InputTransformerProperty;
      const message = renderAuditMessage(tr.inputTemplate, tr.inputPathsMap as Record<string, string>, event);
      const viaPublisher = target.arn === audit.publisher.functionArn;
      const publication = viaPublisher ? auditPublication(JSON.parse(message)) : undefined;
      const topics = viaPublisher ? publisherTopics[JSON.parse(message).severity] : [target.arn];
      for (const topicArn of topics) {
        const record: Json = snsRecord(viaPublisher ? JSON.parse(publication!.input.Message).default : message, { topicArn });
        record.Sns.Subject = publication?.input.Subject ?? null; // EventBridge publishes without a subject
        out.push(record);
      }
    }
  }
  return out;
}

/** The one message a single-rule event produces, as JSON (to derive malformed variants from). */
function onlyMessage(event: Json): Json {
  const records = published(event);
  expect(records).toHaveLength(1);
  return JSON.parse(records[0].Sns.Message);
}

/** A CloudTrail event with its detail changed. */
function withDetail(event: Json, detail: Json): Json {
  return { ...event, detail: { ...event.detail, ...detail } };
}

const env = useNotifierEnvironment();
let slack: FakeSlack;
let r: Resources;
beforeAll(() => ({ slack, r } = env));
beforeEach(() => slack.reset());

/** Posts the records; every one must be posted, within Slack's limits. Returns bodies and renderings. */
async function post(...records: Json[]): Promise<{ bodies: Json[]; renderings: string[] }> {
  const out = await makeNotifier(r).handleEvent(validateSnsEvent(snsEvent(...records)), 30_000);
  expect(out.records.map((x) => x.status)).toEqual(records.map(() => 'posted'));
  expect(slack.posts).toHaveLength(records.length);
  const bodies = slack.posts.map((p) => p.body);
  for (const b of bodies) expect(slackLimitViolations(b)).toEqual([]);
  return { bodies, renderings: out.records.map((x) => x.rendering) };
}

const header = (body: Json): string => body.attachments[0].blocks[0].text.text;

describe('change-audit messages built by the audit rules', () => {
  it('record change (guide example): zone, call, principal, time, changes (no values), CloudTrail link, warning colour', async () => {
    const records = published(ct.changeRecordSets);
    expect(records).toHaveLength(1);
    expect(JSON.parse(records[0].Sns.Message).type).toBe(AUDIT_MESSAGE_TYPE);
    const { bodies, renderings } = await post(...records);
    expect(renderings).toEqual(['change-audit']);
    const body = bodies[0];
    const f = fieldsOf(body);
    expect(f.Zone).toBe(ct.ZONE);
    expect(f['API call']).toBe('ChangeResourceRecordSets');
    expect(f['Changed by']).toBe('arn:aws:iam::111122223333:user/smithj (IAMUser)');
    expect(f.When).toBe(`<!date^${Date.UTC(2015, 0, 16, 0, 41, 43) / 1000}^{date_short_pretty} {time_secs}|2015-01-16T00:41:43Z>`);
    expect(f['Source IP']).toBeUndefined();
    expect(f.Severity).toBe('warning · record-changes');
    expect(f['User agent']).toBeUndefined();
    expect(f['Changes (2)']).toBe(['• CREATE prod.example.com. A', '• CREATE test.example.com. A'].join('\n'));
    expect(allText(body)).not.toMatch(/192\.0\.1\.1|192\.0\.2\.92|Adding subdomains|AKIA/);
    expect(buttonsOf(body)).toEqual({ 'Open in CloudTrail': CLOUDTRAIL_LINK });
    expect(header(body)).toBe(`🟠 DNS change warning: ChangeResourceRecordSets on ${ct.ZONE}`);
    expect(allText(body)).toContain('*DNS records changed in a monitored hosted zone*');
    expect(body.attachments[0].color).toBe(COLORS.warningAlarm);
    expect(body.text).toBe(`🟠 DNS change warning: ChangeResourceRecordSets on ${ct.ZONE} by arn:aws:iam::111122223333:user/smithj (IAMUser)`);
    const context = body.attachments[0].blocks.at(-1);
    expect(context.type).toBe('context');
    expect(context.elements[0].text).toBe(`DNS change audit · acme · account ${ct.ACCOUNT} · us-east-1 · event ${EVENT_ID}`);
    expect(await drainQueue(r)).toEqual([]);
  });

  it('protected record: the critical rule posts in red with the protected headline, next to the regular warning', async () => {
    const records = published(ct.changeBy([{ action: 'UPSERT', name: 'WWW.Example.com', type: 'A' }]));
    expect(records.map((x) => x.Sns.TopicArn)).toEqual([TOPIC_WARNING, TOPIC_CRITICAL]);
    const { bodies } = await post(...records);
    const critical = bodies.find((b) => b.attachments[0].color === COLORS.criticalAlarm)!;
    expect(critical).toBeDefined();
    // The protected-record rule knows its zones' names; the every-change rule names the zone by id.
    expect(header(critical)).toBe('🔴 DNS change critical: ChangeResourceRecordSets on example.com');
    expect(header(bodies.find((b) => b !== critical)!)).toBe(`🟠 DNS change warning: ChangeResourceRecordSets on ${ct.ZONE}`);
    expect(allText(critical)).toContain('*A PROTECTED DNS record was changed*');
    const f = fieldsOf(critical);
    expect(f.Severity).toBe('critical · protected-records');
    expect(f['Changed by']).toBe('arn:aws:sts::444455556666:assumed-role/dns-deployer/deploy-session (AssumedRole)');
    expect(f['Changes (1)']).toBe('• UPSERT WWW.Example.com A');
    const warning = bodies.find((b) => b !== critical)!;
    expect(warning.attachments[0].color).toBe(COLORS.warningAlarm);
  });

  it('wildcard names in Route 53 octal form are shown as *', async () => {
    const records = published(ct.changeBy([{ action: 'CREATE', name: '\\052.example.com.', type: 'A' }]));
    const { bodies } = await post(...records);
    for (const b of bodies) expect(fieldsOf(b)['Changes (1)']).toBe('• CREATE *.example.com. A');
  });

  it('DeleteHostedZone: zone from the request id, named, critical, request shown', async () => {
    const { bodies } = await post(...published(ct.deleteHostedZone));
    const body = bodies[0];
    expect(header(body)).toBe('🔴 DNS change critical: DeleteHostedZone on example.com');
    expect(fieldsOf(body).Zone).toBe(`example.com (${ct.ZONE})`);
    expect(fieldsOf(body).Severity).toBe('critical · zone-changes');
    expect(allText(body)).toContain(`*Request*\n\`\`\`{"id":"${ct.ZONE}"}\`\`\``);
    expect(body.attachments[0].color).toBe(COLORS.criticalAlarm);
  });

  it('DNSSEC key deletion names the zone and the key in the request', async () => {
    const { bodies } = await post(...published(ct.deleteKsk));
    expect(fieldsOf(bodies[0]).Zone).toBe(`example.com (${ct.ZONE})`);
    expect(allText(bodies[0])).toContain(`{"hostedZoneId":"${ct.ZONE}","name":"ksk1"}`);
  });

  it('monitoring changes: the health check or query-logging config is the subject, warning colour', async () => {
    const { bodies } = await post(...published(ct.deleteHealthCheck), ...published(ct.deleteQueryLogging));
    const [hc, ql] = bodies;
    expect(fieldsOf(hc)['Health check']).toBe('b3c9cbc6-cd18-43bc-93f8-9e557example');
    expect(header(hc)).toBe('🟠 DNS change warning: DeleteHealthCheck on b3c9cbc6-cd18-43bc-93f8-9e557example');
    expect(fieldsOf(ql)['Query logging config']).toBe('87654321-dcba-1234-abcd-1234567890ab');
    expect(fieldsOf(ql).Zone).toBeUndefined();
    for (const b of bodies) expect(b.attachments[0].color).toBe(COLORS.warningAlarm);
  });

  it('registrar calls: the registered domain is the subject; a name-server change is critical and shows the new name servers, never contact details', async () => {
    const hijack = ct.registrarCall('UpdateDomainNameservers', { domainName: 'example.com', nameservers: [{ name: 'ns1.elsewhere.example' }], registrantContact: { email: 'owner@example.org' } }, 'api-spelling');
    const { bodies } = await post(...published(hijack), ...published(ct.updateDomainContact));
    const [ns, contact] = bodies;
    expect(header(ns)).toBe('🔴 DNS change critical: UpdateDomainNameservers on example.com');
    expect(fieldsOf(ns).Domain).toBe('example.com');
    expect(fieldsOf(ns).Severity).toBe('critical · registrar-critical');
    expect(allText(ns)).toContain('ns1.elsewhere.example');
    expect(allText(ns)).not.toContain('owner@example.org');
    expect(ns.attachments[0].color).toBe(COLORS.criticalAlarm);
    expect(fieldsOf(contact).Domain).toBe('example.com');
    expect(header(contact)).toBe('🟠 DNS change warning: updateDomainContact on example.com');
  });

  it('mrkdwn in record names is escaped; the batch comment is not sent', async () => {
    const viaStack = withDetail(ct.changeRecordSets, {
      userIdentity: { ...(ct.changeBy([]) as Json).detail.userIdentity, invokedBy: 'cloudformation.amazonaws.com' },
      sourceIPAddress: 'cloudformation.amazonaws.com',
      requestParameters: {
        hostedZoneId: ct.ZONE,
        changeBatch: { comment: '<!channel> & <https://evil.example|click>', changes: [{ action: 'DELETE', resourceRecordSet: { name: '<!here>&old.example.com.', type: 'CNAME', tTL: 300, resourceRecords: [{ value: 'x.example.net' }] } }] },
      },
    });
    const { bodies } = await post(...published(viaStack));
    const f = fieldsOf(bodies[0]);
    expect(f['Changed by']).toBe('arn:aws:sts::444455556666:assumed-role/dns-deployer/deploy-session (AssumedRole)');
    expect(f['Changes (1)']).toBe('• DELETE &lt;!here&gt;&amp;old.example.com. CNAME');
    expect(allText(bodies[0])).not.toMatch(/<!channel>|<!here>|evil\.example|x\.example\.net/);
  });

  it('a batch of 1,000 long changes stays within Slack limits and says how many are not shown', async () => {
    const changes = Array.from({ length: 1000 }, (_, i) => ({
      action: 'UPSERT',
      resourceRecordSet: { name: `host-${i}.example.com.`, type: 'TXT', tTL: 60, resourceRecords: [{ value: `"${'v'.repeat(250)}"` }] },
    }));
    const big = withDetail(ct.changeRecordSets, { requestParameters: { hostedZoneId: ct.ZONE, changeBatch: { comment: 'c'.repeat(1000), changes } } });
    const { bodies } = await post(...published(big));
    const text = fieldsOf(bodies[0])['Changes (1000)'];
    expect(text.length).toBeLessThanOrEqual(3000 - '*Changes (1000)*\n'.length);
    const shown = text.split('\n').filter((l: string) => l.startsWith('• ')).length;
    expect(shown).toBeGreaterThan(3);
    expect(text.split('\n').at(-1)).toBe(`… and ${1000 - shown} more`);
    expect(text).not.toContain('c'.repeat(100));
  });

  it('when Slack rejects the blocks, the alert is posted again as plain text with the CloudTrail link', async () => {
    slack.script({ kind: 'status', status: 400, body: 'invalid_blocks' });
    const out = await makeNotifier(r).handleEvent(validateSnsEvent(snsEvent(...published(ct.deleteHostedZone))), 30_000);
    expect(out.records[0].status).toBe('posted');
    expect(slack.posts).toHaveLength(2);
    const plain = slack.posts[1].body;
    expect(plain.attachments).toBeUndefined();
    expect(plain.text).toContain('*DNS change critical: DeleteHostedZone on example.com*');
    expect(plain.text).toContain('Changed by: arn:aws:iam::111122223333:user/smithj (IAMUser)');
    expect(plain.text).toContain(`CloudTrail: ${CLOUDTRAIL_LINK}`);
  });
});

describe('malformed change-audit messages fall back to the unparseable alert; alarms are unaffected', () => {
  const good = () => onlyMessage(ct.deleteHostedZone);
  const cases: [string, Json, string][] = [
    ['without eventId', { ...good(), eventId: null }, 'eventId'],
    ['with an unknown severity', { ...good(), severity: 'urgent' }, 'severity'],
    ['with an unknown category', { ...good(), category: 'everything' }, 'category'],
    ['with a region that is not a region code', { ...good(), region: 'US East (N. Virginia)' }, 'region'],
    ['without the API call', { ...good(), what: '' }, 'what'],
  ];
  it.each(cases)('a message %s is posted as unparseable, naming the field', async (_name, message, path) => {
    const { bodies, renderings } = await post(snsRecord(message as Json));
    expect(renderings).toEqual(['unparseable']);
    expect(bodies[0].attachments[0].color).toBe(COLORS.unparseable);
    const text = allText(bodies[0]);
    expect(text).toContain('not a valid DNS change-audit message');
    expect(text).toContain(`${path}:`);
    expect(text).toContain('dns-change-audit'); // the raw message is shown
  });

  it('an alarm and an audit alert in one event are each rendered their own way', async () => {
    const { bodies, renderings } = await post(snsRecord(countAlarm()), ...published(ct.changeRecordSets));
    expect(renderings).toEqual(['alarm', 'change-audit']);
    expect(bodies[0].text).toBe('🔴 ALARM critical: servfail on example.com');
    expect(fieldsOf(bodies[0])['Zone / VPC']).toBe('example.com (Z0123456789ABCDEFGHIJ)');
  });
});

describe('CloudTrail event link', () => {
  it('encodes the event id and follows the partition of the region', () => {
    expect(cloudTrailEventUrl('us-east-1', 'a/b c')).toBe('https://us-east-1.console.aws.amazon.com/cloudtrailv2/home?region=us-east-1#/events/a%2Fb%20c');
    expect(cloudTrailEventUrl('cn-north-1', 'e1')).toBe('https://cn-north-1.console.amazonaws.cn/cloudtrailv2/home?region=cn-north-1#/events/e1');
    expect(cloudTrailEventUrl('us-gov-west-1', 'e2')).toMatch(/^https:\/\/us-gov-west-1\.console\.amazonaws-us-gov\.com\//);
  });
});
