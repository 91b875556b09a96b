/**
 * SMS is for pages. Phone numbers in the config are texted every alarm of their severity that goes
 * into ALARM, not its return to OK (the first deploy alone would text one OK per alarm), and never
 * the change audit's product JSON: SNS splits a message into
 * 140-character texts, so one change alert (about 520 characters) became 4 or more texts of JSON
 * fragments, and with `allChanges` (the default) every record change did that. At the new-account
 * SMS spend limit ($1 a month, lib/aws-facts.ts) about 38 record changes (4 texts each) used it up,
 * after which SNS sent no SMS at all that month, alarm pages included. Critical change alerts (a
 * protected record, the zone deleted, DNSSEC turned off) are still texted, as one line of text.
 * Read from what the app builds (templates with every intrinsic resolved), per delivery path.
 */
import { Deployment } from '../support/iam/deployment';
import { deliveryPaths, type DeliveryPath, failingHops, formatFailures } from '../support/iam/delivery-paths';
import { deploymentOf } from '../support/iam/app';
import { SNS } from '../../lib/aws-facts';
import { AUDIT_ALLOWED_PATHS, renderAuditMessage } from '../../lib/audit/audit-message';
import { changeBy, deleteHostedZone, ZONE as AUDIT_ZONE } from '../audit/fixtures';
import type { RawConfig } from '../../lib/config/schema';

// The zone of the real-shaped CloudTrail events in test/audit/fixtures.ts, so their texts render.
const ZONE = AUDIT_ZONE;
const PHONE = '+14155550100';
const CONFIG = {
  prefix: 'page',
  hostedZones: [{ zoneId: ZONE, zoneName: 'example.com' }],
  resolverVpcs: [{ vpcId: 'vpc-0123456789abcdef0', region: 'eu-west-1' }],
  changeAudit: { protectedRecords: [{ zoneName: 'example.com', name: 'www', type: 'A' }] },
  alerts: { email: ['dns@example.com'], sms: [PHONE], slack: { webhook: {} } },
  license: { licenseId: 'lic_page_0001' },
} as unknown as RawConfig;

/** The deployment of CONFIG, synthesized once for the blocks that read it. */
let built: Deployment | undefined;
const deployment = () => (built ??= deploymentOf(CONFIG));

function smsTopics(d: Deployment): Set<string> {
  return new Set(
    d
      .resources('AWS::SNS::Subscription')
      .map((r) => d.props(r))
      .filter((p) => p.Protocol === 'sms' && p.Endpoint === PHONE)
      .map((p) => String(p.TopicArn)),
  );
}

const bySource = (paths: readonly DeliveryPath[]) => {
  const m = new Map<string, string[]>();
  for (const p of paths) m.set(p.source, [...(m.get(p.source) ?? []), p.target]);
  return m;
};

describe('SMS subscribers get pages, not change-audit JSON', () => {
  let d: Deployment;
  let paths: DeliveryPath[];
  let sms: Set<string>;
  beforeAll(() => {
    d = deployment();
    paths = deliveryPaths(d);
    sms = smsTopics(d);
  }, 120_000);

  it('texts the number from both severities in every region with alarms', () => {
    expect([...sms].map((arn) => arn.split(':')[3]).sort()).toEqual(['eu-west-1', 'eu-west-1', 'us-east-1', 'us-east-1']);
  });

  it('every alarm of the deployment notifies a topic that texts the number', () => {
    const alarms = bySource(paths.filter((p) => p.kind === 'alarm-action'));
    expect(alarms.size).toBeGreaterThan(8);
    const silent = [...alarms].filter(([, targets]) => !targets.some((t) => sms.has(t))).map(([source]) => source);
    expect(silent).toEqual([]);
  });

  it("texts an alarm's move into ALARM, never its return to OK: every new alarm reports OK once after a deploy (INSUFFICIENT_DATA to OK), which would spend the SMS budget", () => {
    const alarms = [...d.resources('AWS::CloudWatch::Alarm'), ...d.resources('AWS::CloudWatch::CompositeAlarm')].map((r) => d.props(r));
    const texting = alarms.filter((p) => (p.AlarmActions ?? []).some((a: unknown) => sms.has(String(a))));
    expect(texting.length).toBeGreaterThan(8);
    expect(alarms.filter((p) => (p.OKActions ?? []).some((a: unknown) => sms.has(String(a)))).map((p) => p.AlarmName)).toEqual([]);
    // Their OK notifications still reach the severity's alert topic (email, HTTPS, Slack).
    for (const p of texting) expect(p.OKActions).toEqual((p.AlarmActions as unknown[]).filter((a) => !sms.has(String(a))));
  });

  it('no change-audit rule delivers its product JSON to a topic that texts the number', () => {
    const audit = paths.filter((p) => p.kind === 'event-target' && p.source.startsWith('page-change-audit/'));
    expect(audit.length).toBeGreaterThan(4);
    const rules = d.resources('AWS::Events::Rule').filter((r) => r.stack.stackName === 'page-change-audit');
    const jsonToSms: string[] = [];
    for (const rule of rules) {
      for (const target of d.props(rule).Targets ?? []) {
        const template = String(target.InputTransformer?.InputTemplate ?? '');
        if (sms.has(String(target.Arn)) && template.trimStart().startsWith('{')) jsonToSms.push(`${rule.logicalId} -> ${target.Arn}`);
      }
    }
    expect(jsonToSms).toEqual([]);
  });

  it('critical change alerts still text the number, as one line that fits a text or two', () => {
    const rules = d.resources('AWS::Events::Rule').filter((r) => r.stack.stackName === 'page-change-audit');
    const texted = rules.flatMap((rule) =>
      (d.props(rule).Targets ?? [])
        .filter((t: any) => sms.has(String(t.Arn)))
        .map((t: any) => ({ rule: String(d.props(rule).Name), template: String(t.InputTransformer.InputTemplate) })),
    );
    // Protected records and zone calls are critical; record changes and monitoring calls are warnings.
    expect(texted.map((t) => t.rule.replace(/-\d+$/, '')).sort()).toEqual(['page-dns-audit-protected', 'page-dns-audit-zone']);
    for (const t of texted) {
      expect(t.template).not.toMatch(/\n/);
      // The fixed text around the placeholders leaves room for the values within 2 texts.
      expect(t.template.replace(/<[^>]+>/g, '').length).toBeLessThan(SNS.smsChars);
    }
  });
});

describe('every path into the SMS topics is allowed for its publisher and denied to another account (IAM simulator)', () => {
  it('alarms, the change audit\'s texts and SNS delivery to the numbers', async () => {
    const d = deployment();
    const sms = smsTopics(d);
    const paths = deliveryPaths(d).filter((p) => sms.has(p.target) || (p.kind === 'sns-subscription' && p.target === PHONE));
    expect(paths.filter((p) => p.kind === 'event-target').length).toBe(2);
    expect(paths.filter((p) => p.kind === 'alarm-action').length).toBeGreaterThan(8);
    expect(formatFailures(await failingHops(paths))).toBe('');
  }, 120_000);
});

describe('the text of a critical change alert, as EventBridge renders it for real-shaped CloudTrail events', () => {
  let texts: Map<string, { template: string; paths: Record<string, string> }>;
  beforeAll(() => {
    const d = deployment();
    const sms = smsTopics(d);
    texts = new Map();
    for (const rule of d.resources('AWS::Events::Rule').filter((r) => r.stack.stackName === 'page-change-audit')) {
      const p = d.props(rule);
      for (const t of p.Targets ?? []) {
        if (sms.has(String(t.Arn))) texts.set(String(p.Name).replace(/-\d+$/, ''), { template: t.InputTransformer.InputTemplate, paths: t.InputTransformer.InputPathsMap });
      }
    }
  }, 120_000);

  it('a protected record changed: the call, zone, who and when, nothing else from the event', () => {
    const { template, paths } = texts.get('page-dns-audit-protected')!;
    expect(Object.values(paths).every((p) => AUDIT_ALLOWED_PATHS.includes(p))).toBe(true);
    const event = changeBy([{ action: 'UPSERT', name: 'www.example.com', type: 'A' }]);
    const text = JSON.parse(renderAuditMessage(template, paths, event)) as string;
    const who = ((event.detail as Record<string, any>).userIdentity as { arn: string }).arn;
    expect(text).toBe(`page DNS CRITICAL: protected record changed: ChangeResourceRecordSets on ${AUDIT_ZONE} by ${who} at ${(event.detail as Record<string, any>).eventTime}`);
    // Never the record value, the source IP or the user agent of the call.
    expect(text).not.toMatch(/203\.0\.113\.10|198\.51\.100\.23|aws-cli/);
  });

  it('the zone deleted: the call, who and when', () => {
    const { template, paths } = texts.get('page-dns-audit-zone')!;
    const text = JSON.parse(renderAuditMessage(template, paths, deleteHostedZone)) as string;
    expect(text).toMatch(/^page DNS CRITICAL: zone deleted or DNSSEC disabled: DeleteHostedZone by arn:aws:iam::\d+:\S+ at 2015-01-16T00:41:43Z$/);
  });
});

describe('Slack delivery failures still reach a number that is the only destination outside Slack', () => {
  it('the Slack dead-letter, intake backlog and alarm-deletion rule alarms text it', () => {
    const d = deploymentOf({ prefix: 'page', hostedZones: [{ zoneId: ZONE, zoneName: 'example.com' }], alerts: { sms: [PHONE], slack: { webhook: {} } } } as unknown as RawConfig);
    const sms = smsTopics(d);
    const alarms = d.resources('AWS::CloudWatch::Alarm').filter((r) => String(d.props(r).AlarmName).includes('slack'));
    expect(alarms.map((a) => d.props(a).AlarmName).sort()).toEqual([
      'page-slack-dead-letters-count',
      'page-slack-deleted-alarms-dead-letters-count',
      'page-slack-deleted-alarms-failed-invocations-count',
      'page-slack-intake-backlog-age',
    ]);
    for (const a of alarms) expect((d.props(a).AlarmActions as string[]).some((x) => sms.has(x))).toBe(true);
  }, 120_000);
});
