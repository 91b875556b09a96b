/**
 * plan's expected invocations of each function, read from the synthesized templates: a function
 * fed through a queue (the Slack notifier from the alert topics, the DNS check reporter from its
 * alarm rule) runs about as often as messages reach the queue, like one its topic or rule invokes.
 */
import { parseConfig } from '../../lib/config/load';
import { ASSUMPTIONS } from '../../lib/plan/prices';
import { lambdaUses } from '../../lib/plan/resources';
import { synthesizeForPlan } from '../../lib/plan/synthesize';

const s = synthesizeForPlan(
  parseConfig({
    prefix: 'acme',
    alerts: { email: ['oncall@example.com'], slack: { webhook: { secretArn: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:acme/slack-AbCdEf' } } },
    dnsChecks: [{ name: 'www', query: 'www.example.org', type: 'A', servers: ['192.0.2.53'], regions: ['us-east-1'], expect: { answers: ['192.0.2.10'] } }],
  }),
);
const resources = s.stacks.flatMap((st) => st.resources);
const uses = lambdaUses(resources);
const use = (logicalIdStart: string) => {
  const found = uses.filter((u) => u.resource.logicalId.startsWith(logicalIdStart));
  expect(found).toHaveLength(1);
  return found[0];
};

describe('plan: invocations of functions fed through a queue', () => {
  it('the DNS check reporter runs as often as its alarm rule matches', () => {
    const reporter = use('DnsCheckReporterFunction');
    expect(reporter.invocationsPerMonth).toBe(ASSUMPTIONS.notificationsPerTopicPerMonth);
    expect(reporter.why).toBe('alarm state-change rule');
  });

  it('the Slack notifier runs as often as the alert topics its intake queue hears are notified', () => {
    const notifier = use('SlackNotifierFunction');
    const intakeSubscriptions = resources.filter((r) => r.type === 'AWS::SNS::Subscription' && r.props.Protocol === 'sqs' && r.logicalId.startsWith('SlackNotifierIntake'));
    expect(intakeSubscriptions.length).toBe(2);
    // and the rule that tells it of deleted alarms
    expect(notifier.invocationsPerMonth).toBe((intakeSubscriptions.length + 1) * ASSUMPTIONS.notificationsPerTopicPerMonth);
    expect(notifier.why).toMatch(/alert topic subscription/);
  });
});
