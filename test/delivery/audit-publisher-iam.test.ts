/**
 * The change-audit publisher through the IAM evaluator over the synthesized policies: its role may
 * publish to the alert topics of this region (topic policy and key policy included) and nothing
 * else; EventBridge may invoke it for the audit's rules only, from this account. Its rule targets,
 * failure destination and dead-letter paths are proven with every other delivery path.
 */
import { resourcePolicyFor, roleMay, simulate } from '../support/iam/policies';
import { deploymentOf, TEST_ACCOUNT } from '../support/iam/app';
import { deliveryPaths, failingHops, formatFailures } from '../support/iam/delivery-paths';
import { ZONE } from '../audit/fixtures';

const config = {
  prefix: 'acme',
  hostedZones: [{ zoneId: ZONE, zoneName: 'example.com' }],
  changeAudit: { protectedRecords: [{ zoneName: 'example.com', name: 'www', type: 'A' }] },
  alerts: { email: ['oncall@example.com'], sms: ['+14155550100'], slack: { chatbot: { workspaceId: 'T0123456789', channelId: 'C0123456789' } } },
};
const d = deploymentOf(config as never);
const roles = d.resources('AWS::IAM::Role').filter((r) => r.logicalId.startsWith('ChangeAuditPublisherRole'));
const topic = (name: string) => `arn:aws:sns:us-east-1:${TEST_ACCOUNT}:${name}`;

const may = (action: string, resource: string, withResourcePolicy = false) => roleMay(d, roles[0], action, resource, withResourcePolicy);

describe('change-audit publisher', () => {
  it('has one role, in us-east-1', () => {
    expect(roles.map((r) => r.stack.region)).toEqual(['us-east-1']);
  });

  it('may publish to both alert topics through their topic and key policies', async () => {
    for (const t of ['acme-alerts-critical', 'acme-alerts-warning']) expect(await may('sns:Publish', topic(t), true)).toBe('Allowed');
    const [key] = d.resources('AWS::KMS::Key').filter((k) => k.stack.region === 'us-east-1' && k.logicalId.startsWith('AlertsKey'));
    for (const action of ['kms:GenerateDataKey', 'kms:Decrypt']) expect(await may(action, d.arnOf(key), true)).toBe('Allowed');
  });

  it('may not publish anywhere else: not the SMS or chat topics, not another topic', async () => {
    for (const t of ['acme-alerts-critical-sms', 'acme-alerts-chatbot', 'someone-elses-topic']) expect(await may('sns:Publish', topic(t))).not.toBe('Allowed');
  });

  it('its dead-letter queue takes events from the audit\'s rules only: not another rule of the account, not another account', async () => {
    const [queue] = d.resources('AWS::SQS::Queue').filter((q) => q.logicalId.startsWith('ChangeAuditDeadLetters'));
    const arn = d.arnOf(queue);
    const policy = resourcePolicyFor(d, arn)!;
    const send = (sourceArn: string, account = TEST_ACCOUNT) =>
      simulate({ principal: 'events.amazonaws.com', action: 'sqs:SendMessage', resource: arn, resourceAccount: TEST_ACCOUNT, resourcePolicy: policy, context: { 'aws:SourceArn': sourceArn, 'aws:SourceAccount': account } });
    const rule = (name: string, account = TEST_ACCOUNT) => `arn:aws:events:us-east-1:${account}:rule/${name}`;
    const audit = d.resources('AWS::Events::Rule').map((r) => String(d.props(r).Name)).filter((n) => /-dns-audit-/.test(n));
    expect(audit.length).toBeGreaterThan(0);
    for (const n of audit) expect(await send(rule(n))).toBe('Allowed');
    expect(await send(rule('other-team-rule'))).not.toBe('Allowed');
    expect(await send(rule('acme-dns-reporter'))).not.toBe('Allowed');
    expect(await send(rule(audit[0], '444455556666'), '444455556666')).not.toBe('Allowed');
  });

  it('EventBridge reaches it for every audit rule, and a failed run reaches the dead-letter queue', async () => {
    const paths = deliveryPaths(d).filter((p) => /ChangeAudit/.test(p.source) && (/Publisher/.test(p.target) || p.kind === 'lambda-destination'));
    const rules = d.resources('AWS::Events::Rule').filter((r) => /-dns-audit-/.test(String(d.props(r).Name)));
    expect(paths.filter((p) => p.kind === 'event-target')).toHaveLength(rules.length);
    expect(paths.filter((p) => p.kind === 'lambda-destination')).toHaveLength(1);
    expect(formatFailures(await failingHops(paths))).toBe('');
    expect(paths.every((p) => p.hops.length > 0)).toBe(true);
  });
});
