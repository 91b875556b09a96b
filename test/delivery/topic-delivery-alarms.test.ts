/**
 * Each alert topic the app creates has an alarm on the notifications SNS failed to deliver from it
 * (`NumberOfNotificationsFailed`): a page that reached SNS and failed at a subscriber (a rotated
 * PagerDuty URL, a bouncing address, a number SNS cannot text) is otherwise told to nobody. It
 * notifies where the product's other delivery failures go (deliveryFailureSeverity). Checked on
 * what the app synthesizes for the examples and for configs made to show the rules.
 */
import * as path from 'node:path';
import { readConfigFile } from '../../lib/config/load';
import { SNS_METRICS } from '../../lib/aws-facts';
import { chatbotTopicName, topicDeliveryFailuresAlarmName, topicName } from '../../lib/naming';
import { COMPONENT_SIGNALS, parseAlarmContext } from '../../contracts/alarm-context';
import { ALERT_TOPICS_COMPONENT } from '../../lib/alerts/dead-letter-alarm';
import { deploymentOf } from '../support/iam/app';
import type { Deployment, ResourceRef } from '../support/iam/deployment';
import { exampleConfigFiles, REPO } from '../support/synth';

const deliveryAlarms = (d: Deployment) => d.resources('AWS::CloudWatch::Alarm').filter((a) => d.props(a).Namespace === SNS_METRICS.namespace);
/** Every topic the app creates: alert and SMS topics, and the Chatbot channel's topic of change alerts. */
const alertTopics = (d: Deployment) => d.resources('AWS::SNS::Topic');
const topicArnsOf = (d: Deployment, a: ResourceRef, key: 'AlarmActions' | 'OKActions') => (d.props(a)[key] ?? []).map((x: unknown) => d.resolve(a.stack, x));

describe.each(exampleConfigFiles().map((f) => [path.relative(REPO, f), f] as const))('%s', (_name, file) => {
  const d = deploymentOf(readConfigFile(file));

  it('one alarm per topic the app creates, on that topic in its own stack, firing on the first failed delivery in 5 minutes', () => {
    const topics = alertTopics(d);
    expect(topics.length).toBeGreaterThan(0);
    // The Chatbot channel's topic of change alerts too (the examples with a channel and the audit have one).
    if (d.resources('AWS::Chatbot::SlackChannelConfiguration').length > 0) expect(topics.map((t) => d.props(t).TopicName)).toContain(chatbotTopicName(readConfigFile(file).prefix));
    const alarms = deliveryAlarms(d);
    expect(alarms.map((a) => `${a.stack.stackName} ${d.props(a).Dimensions[0].Value}`).sort()).toEqual(topics.map((t) => `${t.stack.stackName} ${d.props(t).TopicName}`).sort());
    for (const a of alarms) {
      const p = d.props(a);
      const topic = p.Dimensions[0].Value;
      expect(p).toMatchObject({
        AlarmName: topicDeliveryFailuresAlarmName(topic),
        MetricName: SNS_METRICS.failed,
        Dimensions: [{ Name: SNS_METRICS.dimension, Value: topic }],
        Statistic: 'Sum',
        Period: 300,
        EvaluationPeriods: 1,
        DatapointsToAlarm: 1,
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'notBreaching',
        ActionsEnabled: true,
      });
      const ctx = parseAlarmContext(p.AlarmDescription);
      expect(ctx).toMatchObject({ subject: ALERT_TOPICS_COMPONENT, subjectId: topic, signal: COMPONENT_SIGNALS.topicDeliveryFailures, kind: 'count', region: a.stack.region });
      expect(p.AlarmDescription.length).toBeLessThanOrEqual(1024);
      // It notifies an alert topic of its own region and stack.
      expect(topicArnsOf(d, a, 'AlarmActions').length).toBeGreaterThan(0);
      for (const arn of topicArnsOf(d, a, 'AlarmActions')) expect(arn).toMatch(new RegExp(`^arn:aws[-a-z]*:sns:${a.stack.region}:`));
    }
  });
});

describe('where it notifies', () => {
  const base = { prefix: 'dlv', hostedZones: [{ zoneId: 'Z0DELIVERYALARMS0001', zoneName: 'a.example.com' }] };
  const arnsOf = (d: Deployment, severityTopic: string) => {
    const alarm = deliveryAlarms(d).find((a) => d.props(a).Dimensions[0].Value === severityTopic)!;
    return topicArnsOf(d, alarm, 'AlarmActions').map((arn: string) => arn.split(':').pop());
  };

  it('the warning topics when warning has a destination outside Slack: the failing critical topic is not relied on', () => {
    const d = deploymentOf({ ...base, alerts: { critical: { https: ['https://events.pagerduty.com/integration/abc/enqueue'] }, warning: { email: ['oncall@example.com'] } } } as never);
    expect(arnsOf(d, topicName('dlv', 'critical'))).toEqual([topicName('dlv', 'warning')]);
    expect(parseAlarmContext(d.props(deliveryAlarms(d)[0]).AlarmDescription)?.severity).toBe('warning');
  });

  it('the critical topics, text messages included, when only critical has destinations', () => {
    const d = deploymentOf({ ...base, alerts: { critical: { email: ['oncall@example.com'], sms: ['+14155550100'] } } } as never);
    expect(arnsOf(d, topicName('dlv', 'critical')).sort()).toEqual([topicName('dlv', 'critical'), `${topicName('dlv', 'critical')}-sms`]);
  });

  it('a named route\'s topics get their alarms under ids of the route and severity: the order of the routes changes none', () => {
    const routes = {
      dbteam: { critical: { email: ['db@example.com'] } },
      netops: { critical: { email: ['net@example.com'] } },
    };
    const zones = [
      { zoneId: 'Z0DELIVERYALARMS0001', zoneName: 'a.example.com', alertRoute: 'dbteam' },
      { zoneId: 'Z0DELIVERYALARMS0002', zoneName: 'b.example.com', alertRoute: 'netops' },
    ];
    const ids = (r: object) => {
      const d = deploymentOf({ prefix: 'dlv', hostedZones: zones, alerts: { email: ['oncall@example.com'], routes: r } } as never);
      return Object.fromEntries(deliveryAlarms(d).map((a) => [d.props(a).AlarmName, a.logicalId]));
    };
    const forward = ids(routes);
    expect(Object.keys(forward)).toEqual(expect.arrayContaining([topicDeliveryFailuresAlarmName(topicName('dlv', 'critical', 'dbteam')), topicDeliveryFailuresAlarmName(topicName('dlv', 'critical', 'netops'))]));
    expect(ids({ netops: routes.netops, dbteam: routes.dbteam })).toEqual(forward);
  });

  it('an existing topic the config names gets none (its subscribers are its owner\'s)', () => {
    const d = deploymentOf({ ...base, alerts: { email: ['oncall@example.com'], critical: { topicArns: ['arn:aws:sns:us-east-1:123456789012:pager'] } } } as never);
    expect(deliveryAlarms(d).map((a) => d.props(a).Dimensions[0].Value)).not.toContain('pager');
  });
});
