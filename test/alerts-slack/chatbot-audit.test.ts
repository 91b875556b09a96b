/**
 * DNS change alerts reach a Slack channel served by AWS Chatbot. Chatbot posts only notifications of
 * supported services and custom notifications (contracts/chatbot-notification.ts); it drops the
 * product's change-audit JSON. So every audit rule must put a custom notification on a topic the
 * app's Chatbot channel subscribes to, carrying the same allow-listed fields as the product message.
 */
import { ChatbotCustomNotificationSchema } from '../../contracts/chatbot-notification';
import { AUDIT_ALLOWED_PATHS, renderAuditMessage } from '../../lib/audit/audit-message';
import { matchesEventPattern } from '../../lib/audit/event-pattern-match';
import { synthConfig } from '../support/synth';
import * as f from '../audit/fixtures';

const base = {
  prefix: 'acme-prod',
  hostedZones: [{ zoneId: f.ZONE, zoneName: 'example.com' }],
  changeAudit: { protectedRecords: [{ zoneId: f.ZONE, name: 'www.example.com' }] },
  registeredDomains: [{ name: 'example.com' }],
};
const withChatbot = { ...base, alerts: { email: ['oncall@example.com'], slack: { chatbot: { workspaceId: 'T0123ABCD', channelId: 'C0456EFGH' } } } };

type Template = { Resources: Record<string, any>; Outputs?: Record<string, any> };

/**
 * Logical id of the core-stack topic an ARN in another stack names: by its topic name (the last
 * part of an ARN the audit builds from the name), or through an export (Fn::ImportValue of a Ref).
 */
function topicIdOf(arn: unknown, core: Template): string | undefined {
  const imported = (arn as { 'Fn::ImportValue'?: string })['Fn::ImportValue'];
  if (imported) return Object.values(core.Outputs ?? {}).find((o: any) => o.Export?.Name === imported)?.Value?.Ref;
  const parts = (arn as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join']?.[1];
  const last = typeof arn === 'string' ? arn : parts?.[parts.length - 1];
  const name = typeof last === 'string' ? last.split(':').pop() : undefined;
  return Object.entries(core.Resources).find(([, r]) => r.Type === 'AWS::SNS::Topic' && r.Properties?.TopicName === name)?.[0];
}

const events = [
  f.changeRecordSets,
  f.changeBy([{ action: 'UPSERT', name: 'www.example.com', type: 'A' }]),
  f.deleteHostedZone,
  f.deactivateKsk,
  f.deleteHealthCheck,
  f.deleteQueryLogging,
  f.enableDnssec,
  f.updateDomainContact,
  f.registrarCall('UpdateDomainNameservers', { domainName: 'example.com', nameservers: [{ name: 'ns1.elsewhere.example' }] }, 'api-spelling'),
];

describe('change-audit alerts through the AWS Chatbot channel', () => {
  const s = synthConfig(withChatbot);
  const core = s.templates['acme-prod-core-us-east-1'].toJSON() as Template;
  const audit = s.templates['acme-prod-change-audit'].toJSON() as Template;
  const channel = Object.values(core.Resources).find((r) => r.Type === 'AWS::Chatbot::SlackChannelConfiguration')!;
  const chatTopics = new Set<string>(channel.Properties.SnsTopicArns.map((a: { Ref: string }) => a.Ref));
  const rules = Object.values(audit.Resources).filter((r) => r.Type === 'AWS::Events::Rule');

  it('every rule that matches an event delivers it to the channel as a custom notification with the alert\'s who, what, where and when', () => {
    expect(rules.length).toBeGreaterThan(0);
    let checked = 0;
    for (const e of events) {
      const matching = rules.filter((r) => matchesEventPattern(r.Properties.EventPattern, e));
      expect(matching.length).toBeGreaterThan(0);
      for (const r of matching) {
        const toChannel = (r.Properties.Targets as any[]).filter((t) => chatTopics.has(topicIdOf(t.Arn, core) ?? ''));
        const notifications = toChannel
          .map((t) => ChatbotCustomNotificationSchema.safeParse(JSON.parse(renderAuditMessage(t.InputTransformer.InputTemplate, t.InputTransformer.InputPathsMap, e))))
          .filter((p) => p.success)
          .map((p) => p.data!);
        expect({ rule: r.Properties.Name, notifications: notifications.length }).toEqual({ rule: r.Properties.Name, notifications: 1 });
        const n = notifications[0];
        const detail = (e as any).detail;
        expect(n.content.description).toContain(detail.eventName);
        expect(n.content.description).toContain(detail.userIdentity.arn);
        expect(n.content.description).toContain(detail.eventTime);
        expect(n.content.nextSteps?.join(' ')).toContain(`#/events/${detail.eventID}`);
        if (detail.eventName === 'ChangeResourceRecordSets') {
          expect(n.content.description).toContain(f.ZONE);
          expect(n.content.keywords).toEqual(detail.requestParameters.changeBatch.changes.map((c: any) => c.resourceRecordSet.name));
        }
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(events.length);
  });

  it('the chat copy reads only allow-listed CloudTrail fields, and the channel gets no topic it did not get before besides its own', () => {
    for (const r of rules) {
      for (const t of r.Properties.Targets as any[]) {
        const paths = Object.values<string>(t.InputTransformer.InputPathsMap);
        expect(paths.filter((p) => !AUDIT_ALLOWED_PATHS.includes(p))).toEqual([]);
      }
    }
    const names = [...chatTopics].map((id) => core.Resources[id].Properties.TopicName);
    expect(names.sort()).toEqual(['acme-prod-alerts-chatbot', 'acme-prod-alerts-critical', 'acme-prod-alerts-warning']);
    const chatTopic = Object.values(core.Resources).find((r) => r.Properties?.TopicName === 'acme-prod-alerts-chatbot')!;
    expect(chatTopic.Properties.KmsMasterKeyId).toBeDefined();
  });

  it('creates no chat topic and no chat target without a Chatbot channel', () => {
    const plain = synthConfig({ ...base, alerts: { email: ['oncall@example.com'] } });
    const c = plain.templates['acme-prod-core-us-east-1'].toJSON() as Template;
    expect(Object.values(c.Resources).filter((r) => r.Type === 'AWS::SNS::Topic').map((r) => r.Properties.TopicName).sort()).toEqual(['acme-prod-alerts-critical', 'acme-prod-alerts-warning']);
    const a = plain.templates['acme-prod-change-audit'].toJSON() as Template;
    for (const r of Object.values(a.Resources).filter((x) => x.Type === 'AWS::Events::Rule')) expect(r.Properties.Targets).toHaveLength(1);
  });
});
