/**
 * What an email subscriber of the alert topics reads for a DNS change alert. Before: EventBridge
 * published the product JSON straight to the alert topics, and SNS emails every subscriber the
 * message as it is, so on-call inboxes got one line of JSON under SNS's default subject "AWS
 * Notification Message" for every record change. Now every audit rule runs the publisher, which
 * publishes one message per protocol (SNS MessageStructure json): a subject and a text for email,
 * and the product JSON, unchanged, for every other protocol (the Slack notifier, HTTPS, SQS).
 *
 * Read from what the app builds: each audit rule of the synthesized deployment (templates with
 * every intrinsic resolved) is matched against real-shaped CloudTrail events, its input transformer
 * renders the event, and each target delivers it as AWS would: a topic target publishes the text as
 * the message; the publisher target runs the bundled handler against moto, whose topics deliver the
 * structured message to an SQS subscriber (proving `default` reaches non-email protocols) and keep
 * what was published, from which the email is the `email` key (SNS Developer Guide, "Publishing
 * messages with platform- or protocol-specific payloads").
 */
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { AUDIT_HEADLINES } from '../../contracts/audit-message';
import { SNS } from '../../lib/aws-facts';
import { renderAuditMessage } from '../../lib/audit/audit-message';
import { matchesEventPattern } from '../../lib/audit/event-pattern-match';
import type { RawConfig } from '../../lib/config/schema';
import * as ct from '../audit/fixtures';
import { bundleHandler, type BundledHandler } from '../support/bundled-handler';
import { deploymentOf } from '../support/iam/app';
import type { Deployment, ResourceRef } from '../support/iam/deployment';
import { startMoto, type MotoServer } from '../support/moto';
import { auditPublication } from '../../lambdas/audit-publisher/message';
import { createPublisher } from '../../lambdas/audit-publisher/publisher';
import { publishInput as reporterPublishInput } from '../../lambdas/dns-check-reporter/message';
import { DNS_CHECK_DETAIL_TYPE, type DnsCheckDetailMessage } from '../../contracts/dns-check';

const EMAIL = 'dns-oncall@example.com';
const CONFIG = {
  prefix: 'mail',
  hostedZones: [{ zoneId: ct.ZONE, zoneName: 'example.com' }],
  changeAudit: { protectedRecords: [{ zoneName: 'example.com', name: 'www', type: 'A' }] },
  registeredDomains: [{ name: 'example.com' }],
  alerts: { email: [EMAIL], sms: ['+14155550100'] },
} as unknown as RawConfig;

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

interface Delivery {
  readonly rule: string;
  /** The deployment's topic. */
  readonly topicArn: string;
  /** What SNS emails: the subject (undefined: SNS's default) and the body. */
  readonly subject?: string;
  readonly email: string;
  /** What every other protocol (Lambda, HTTPS, SQS) receives. */
  readonly other: string;
  /** The rule's own rendering of the event (the product message). */
  readonly rendered: string;
}

let d: Deployment;
let moto: MotoServer;
let publisher: BundledHandler;
let sns: SNSClient;
let sqs: SQSClient;
let emailTopics: Set<string>;

beforeAll(async () => {
  d = deploymentOf(CONFIG);
  emailTopics = new Set(
    d
      .resources('AWS::SNS::Subscription')
      .map((r) => d.props(r))
      .filter((p) => p.Protocol === 'email' && p.Endpoint === EMAIL)
      .map((p) => String(p.TopicArn)),
  );
  moto = await startMoto();
  sns = new SNSClient(moto.clientConfig());
  sqs = new SQSClient(moto.clientConfig());
  publisher = bundleHandler('audit-publisher');
}, 180_000);

afterAll(async () => {
  publisher?.remove();
  await moto?.stop();
});

const auditRules = () => d.resources('AWS::Events::Rule').filter((r) => /-dns-audit/.test(String(d.props(r).Name)));
const topicName = (arn: string) => arn.split(':').pop()!;

/** A moto topic named like the deployment's, with an SQS subscriber; returns both. */
async function motoTopic(name: string): Promise<{ arn: string; queueUrl: string }> {
  const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: name }));
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: `${name}-${Math.random().toString(36).slice(2, 8)}` }));
  const attrs = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
  await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: attrs.Attributes!.QueueArn! }));
  return { arn: TopicArn!, queueUrl: QueueUrl! };
}

/** What moto's topic `arn` kept of its last publish: [message id, message, subject, ...]. */
async function lastPublished(arn: string): Promise<{ message: string; subject?: string }> {
  const data = (await (await fetch(`${moto.endpoint}/moto-api/data.json`)).json()) as Json;
  const topic = (data.sns?.Topic ?? []).find((t: Json) => t.arn === arn);
  const sent = topic?.sent_notifications ?? [];
  expect(sent.length).toBeGreaterThan(0);
  const [, message, subject] = sent[sent.length - 1];
  return { message, subject: subject ?? undefined };
}

async function received(queueUrl: string): Promise<string[]> {
  const res = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
  return (res.Messages ?? []).map((m) => JSON.parse(m.Body!).Message);
}

/** Every delivery the audit makes for `event`, to any topic. */
async function deliveries(event: Json): Promise<Delivery[]> {
  const out: Delivery[] = [];
  for (const rule of auditRules()) {
    const p = d.props(rule);
    if (!matchesEventPattern(p.EventPattern, event)) continue;
    for (const target of p.Targets as Json[]) {
      const tr = target.InputTransformer;
      const rendered = renderAuditMessage(tr.InputTemplate, tr.InputPathsMap, event);
      const arn = String(target.Arn);
      if (arn.split(':')[2] === 'sns') {
        // EventBridge publishes the rendered text as the message, without a subject.
        out.push({ rule: p.Name, topicArn: arn, email: rendered, other: rendered, rendered });
        continue;
      }
      const fn = d.findByArn(arn) as ResourceRef;
      expect(fn?.type).toBe('AWS::Lambda::Function');
      const topics = JSON.parse(d.props(fn).Environment.Variables.TOPICS) as Record<string, string[]>;
      const motoTopics = new Map<string, { arn: string; queueUrl: string }>();
      for (const t of [...new Set(Object.values(topics).flat())]) motoTopics.set(t, await motoTopic(`${topicName(t)}-${out.length}-${Date.now()}`));
      const env = {
        AWS_REGION: 'us-east-1',
        AWS_ENDPOINT_URL: moto.endpoint,
        TOPICS: JSON.stringify(Object.fromEntries(Object.entries(topics).map(([sev, arns]) => [sev, arns.map((a) => motoTopics.get(a)!.arn)]))),
      };
      const run = await publisher.invoke([JSON.parse(rendered)], env);
      expect(run.results).toEqual([{ ok: expect.anything() }]);
      for (const [deployed, m] of motoTopics) {
        const got = await received(m.queueUrl);
        if (got.length === 0) continue;
        expect(got).toHaveLength(1);
        const published = await lastPublished(m.arn);
        // A structured message reaches SQS as its `default`; email gets its `email` key.
        const structure = JSON.parse(published.message) as Record<string, string>;
        expect(got[0]).toBe(structure.default);
        out.push({ rule: p.Name, topicArn: deployed, subject: published.subject, email: structure.email ?? structure.default, other: got[0], rendered });
      }
    }
  }
  return out;
}

const FORBIDDEN = ['AKIAIOSFODNN7EXAMPLE', 'ASIAEXAMPLEKEY', '192.0.2.92', '198.51.100.23', 'Apache-HttpClient', 'aws-cli/2.15.0', '192.0.1.1', '203.0.113.10', 'Adding subdomains', 'mfaAuthenticated'];

describe('change alerts by email', () => {
  const cases: [string, Json, keyof typeof AUDIT_HEADLINES, string[]][] = [
    ['a record change', ct.changeRecordSets, 'record-changes', ['ChangeResourceRecordSets', ct.ZONE, 'arn:aws:iam::111122223333:user/smithj', 'CREATE prod.example.com. A', 'CREATE test.example.com. A']],
    ['a protected record change', ct.changeBy([{ action: 'UPSERT', name: 'www.example.com', type: 'A' }]), 'protected-records', ['UPSERT www.example.com A', 'arn:aws:sts::444455556666:assumed-role/dns-deployer/deploy-session']],
    ['the zone deleted', ct.deleteHostedZone, 'zone-changes', ['DeleteHostedZone', `Zone:  example.com (${ct.ZONE})`]],
    ['query logging deleted', ct.deleteQueryLogging, 'monitoring-changes', ['DeleteQueryLoggingConfig', '87654321-dcba-1234-abcd-1234567890ab']],
  ];

  it.each(cases)('%s reaches the email subscribers as text with a subject, every other subscriber as the product JSON', async (_what, event, category, expected) => {
    const all = await deliveries(event);
    const severity = category === 'record-changes' || category === 'monitoring-changes' ? 'warning' : 'critical';
    // A protected record's change is also a record change (a warning of its own): this case's rule only.
    const toEmail = all.filter((x) => emailTopics.has(x.topicArn) && JSON.parse(x.rendered).category === category);
    expect(toEmail.map((x) => topicName(x.topicArn))).toEqual([`mail-alerts-${severity}`]);
    for (const x of toEmail) {
      // The body is text, not the JSON: it reads as the alert.
      expect(() => JSON.parse(x.email)).toThrow();
      expect(x.email.split('\n')[0]).toBe(AUDIT_HEADLINES[category]);
      for (const s of [...expected, 'https://us-east-1.console.aws.amazon.com/cloudtrailv2/home?region=us-east-1#/events/883b14d9-2f84-4005-8bc5-c7bf0cebc116']) expect(x.email).toContain(s);
      // A subject SNS accepts, which says what happened.
      expect(x.subject).toMatch(new RegExp(`^mail DNS change ${severity}: `));
      expect(x.subject!.length).toBeLessThanOrEqual(SNS.maxSubjectLength);
      expect(x.subject).not.toMatch(/[\x00-\x1f\x7f]/);
      // The allow-list holds for the email too: no access keys, addresses, user agents, record values or comments.
      for (const f of FORBIDDEN) expect(`${x.subject}\n${x.email}`).not.toContain(f);
      // Everyone else (the Slack notifier, HTTPS, SQS) gets the product message as the rule rendered it,
      // with the name of the zone it concerns in place of the rule's list of names.
      const { zoneNames, ...rendered } = JSON.parse(x.rendered);
      const named = category === 'zone-changes' || category === 'protected-records';
      expect(zoneNames === undefined).toBe(!named);
      expect(JSON.parse(x.other)).toEqual(named ? { ...rendered, zoneName: 'example.com' } : rendered);
      expect(JSON.parse(x.other)).toMatchObject({ type: 'dns-change-audit', category, severity });
      // The subject names the zone where the rule knows its name.
      if (named) expect(x.subject).toBe(`mail DNS change ${severity}: ${JSON.parse(x.rendered).what} on example.com`);
    }
  }, 120_000);

  it('lists at most 200 changes of a long batch, and says how many more there are', async () => {
    const many = ct.changeBy(Array.from({ length: 600 }, (_, i) => ({ action: 'UPSERT', name: `host-${i}.example.com`, type: 'TXT' })));
    const [x] = (await deliveries(many)).filter((y) => emailTopics.has(y.topicArn) && JSON.parse(y.rendered).category === 'record-changes');
    expect(x.email).toContain('Record changes (600):');
    expect(x.email).toContain('… and 400 more');
    expect(x.other).toBe(x.rendered);
  }, 120_000);
});

describe('registrar changes by email and to every other subscriber', () => {
  // A request as the worst case could record it: besides the domain and its new name servers, the
  // kind of contact details and secrets CloudTrail is said not to log. None may leave the account.
  const hijack = ct.registrarCall('UpdateDomainNameservers', {
    domainName: 'example.com',
    nameservers: [{ name: 'ns1.elsewhere.example' }, { name: 'ns2.elsewhere.example' }],
    registrantContact: { email: 'owner@example.org', phoneNumber: '+1.4155550100' },
    authCode: 'not-for-slack',
    // UpdateDomainNameservers' optional authorization key for .fi domains (the API reference's FIAuthKey).
    fIAuthKey: 'fi-key-not-for-slack',
  });
  const LEAKS = ['owner@example.org', '+1.4155550100', 'not-for-slack', 'registrantContact', 'authCode', 'fIAuthKey'];

  it('a name-server change pages (critical) naming the domain and the new name servers, and nothing else of the request', async () => {
    const all = (await deliveries(hijack)).filter((x) => emailTopics.has(x.topicArn));
    expect(all.map((x) => topicName(x.topicArn))).toEqual(['mail-alerts-critical']);
    const [x] = all;
    expect(x.email.split('\n')[0]).toBe(AUDIT_HEADLINES['registrar-critical']);
    for (const s of ['What:  updateDomainNameservers', 'Domain:  example.com', 'ns1.elsewhere.example', 'arn:aws:iam::111122223333:user/smithj']) expect(x.email).toContain(s);
    expect(x.subject).toBe('mail DNS change critical: updateDomainNameservers on example.com');
    expect(JSON.parse(x.other)).toMatchObject({ category: 'registrar-critical', severity: 'critical', request: { domainName: 'example.com', nameservers: [{ name: 'ns1.elsewhere.example' }, { name: 'ns2.elsewhere.example' }] } });
    for (const leak of [...LEAKS, ...FORBIDDEN]) expect(`${x.subject}\n${x.email}\n${x.other}`).not.toContain(leak);
  }, 120_000);

  it('the guide\'s contact update warns, the domain read from the object CloudTrail records it as', async () => {
    const [x] = (await deliveries(ct.updateDomainContact)).filter((y) => emailTopics.has(y.topicArn));
    expect(topicName(x.topicArn)).toBe('mail-alerts-warning');
    expect(x.email).toContain('Domain:  example.com');
    expect(x.subject).toBe('mail DNS change warning: updateDomainContact on example.com');
  }, 120_000);

  it('the text message and the chat copy of a registrar alert carry no request at all', async () => {
    const texts = (await deliveries(hijack)).filter((x) => !emailTopics.has(x.topicArn) || x.rule.includes('sms'));
    for (const x of texts) for (const leak of LEAKS) expect(x.other).not.toContain(leak);
  }, 120_000);
});

describe('a change alert near SNS size limit', () => {
  it('shortens the email until the whole publish fits, keeping the product message whole', () => {
    const names = Array.from({ length: 900 }, (_, i) => `host-${i}-${'x'.repeat(230)}.example.com.`);
    const message = { ...JSON.parse(renderOne(ct.changeRecordSets)), changes: { actions: names.map(() => 'UPSERT'), names, types: names.map(() => 'TXT') } };
    const p = auditPublication(message);
    expect(p.ok).toBe(true);
    const structure = JSON.parse(p.input.Message);
    expect(Buffer.byteLength(p.input.Message)).toBeLessThanOrEqual(SNS.maxMessageBytes);
    expect(JSON.parse(structure.default)).toEqual(message);
    expect(structure.email).toContain('Record changes (900):');
    expect(structure.email).toMatch(/… and (900|880) more/);
  });

  it('publishes a message it cannot read to every topic, as it arrived, rather than dropping it', async () => {
    const published: string[] = [];
    const logged: string[] = [];
    const run = createPublisher({
      publish: async (topicArn) => (published.push(topicArn), 'id'),
      topics: { critical: ['arn:aws:sns:us-east-1:111122223333:c'], warning: ['arn:aws:sns:us-east-1:111122223333:w'] },
      log: (level, message) => logged.push(`${level}: ${message}`),
    });
    // A CloudTrail event without an event id: EventBridge fills the missing path with an empty
    // string, which the message schema refuses (the notifier could not link it).
    const { eventID: _dropped, ...detail } = (ct.changeRecordSets as Json).detail;
    await run(JSON.parse(renderOne({ ...ct.changeRecordSets, detail })));
    expect(published.sort()).toEqual(['arn:aws:sns:us-east-1:111122223333:c', 'arn:aws:sns:us-east-1:111122223333:w']);
    expect(logged[0]).toMatch(/^error: change alert did not validate/);
  });

  it('fails the run when a topic refuses the message, so Lambda retries and then dead-letters it', async () => {
    const run = createPublisher({
      publish: async (topicArn) => {
        if (topicArn.endsWith(':w2')) throw new Error('KMS.AccessDeniedException');
        return 'id';
      },
      topics: { critical: [], warning: ['arn:aws:sns:us-east-1:111122223333:w1', 'arn:aws:sns:us-east-1:111122223333:w2'] },
      log: () => undefined,
    });
    await expect(run(JSON.parse(renderOne(ct.changeRecordSets)))).rejects.toThrow(/not published to 1 of 2 topics: arn:aws:sns:us-east-1:111122223333:w2: KMS.AccessDeniedException/);
  });
});

/** The product message the record-change rule of the deployment renders for `event`. */
function renderOne(event: Json): string {
  for (const rule of auditRules()) {
    const p = d.props(rule);
    if (!matchesEventPattern(p.EventPattern, event)) continue;
    const tr = (p.Targets as Json[])[0].InputTransformer;
    return renderAuditMessage(tr.InputTemplate, tr.InputPathsMap, event);
  }
  throw new Error('no audit rule matches');
}

describe('email subjects SNS accepts', () => {
  // The Publish API reference has asked for "ASCII text that begins with a letter, number, or
  // punctuation mark", no line breaks or control characters, under 100 characters (newer versions:
  // UTF-8); a subject that meets the older rule meets both (contracts/sns-limits.ts).
  const accepted = (subject: string) => {
    expect(subject).toMatch(/^[A-Za-z0-9!-/:-@[-`{-~][\x20-\x7e]*$/);
    expect(subject.length).toBeLessThanOrEqual(SNS.maxSubjectLength);
  };

  it('a change alert cut to fit stays ASCII (a 24-character prefix and a health check id)', () => {
    const message = { ...JSON.parse(renderOne(ct.changeRecordSets)), prefix: 'abcdefghijklmnopqrstuvwx', what: 'DeleteHealthCheck', zone: null, changes: null, request: { healthCheckId: 'b3c9cbc6-cd18-43bc-93f8-9e557example' } };
    const { input } = auditPublication(message);
    accepted(input.Subject);
    expect(input.Subject).toMatch(/^abcdefghijklmnopqrstuvwx DNS change warning: DeleteHealthCheck on b3c9/);
  });

  it('a DNS check follow-up cut to fit stays ASCII', () => {
    const m: DnsCheckDetailMessage = {
      type: DNS_CHECK_DETAIL_TYPE,
      check: 'www',
      alarmName: 'acme-dns-check-www',
      severity: 'critical',
      region: 'us-east-1',
      alarmTime: '2026-12-03T00:00:00Z',
      checkedAt: '2026-12-03T00:01:00Z',
      query: `${'a'.repeat(60)}.ünïcode-host.example.com`,
      recordType: 'A',
      vantages: [],
    };
    accepted(reporterPublishInput(m).Subject);
  });
});
