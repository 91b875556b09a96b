/**
 * A registered domain's alarm as the app builds it (name and description from the synthesized
 * template), in the shape CloudWatch publishes to SNS, posted through the notifier to the loopback
 * Slack stand-in: the channel reads which domain, that it is a registration alarm, and what to do.
 */
import { validateSnsEvent } from '../../lambdas/slack-notifier/sns-event';
import type { FakeSlack } from './fake-slack';
import { ACCOUNT, REGION, snsEvent, snsRecord, TOPIC_CRITICAL } from './fixtures';
import { makeNotifier, Resources, useNotifierEnvironment } from './harness';
import { buttonsOf, fieldsOf, slackLimitViolations } from './limits-check';
import { synthConfig } from '../support/synth';

const env = useNotifierEnvironment();
let slack: FakeSlack;
let r: Resources;
beforeAll(() => ({ slack, r } = env));
beforeEach(() => slack.reset());

const synth = synthConfig({ prefix: 'acme', alerts: { email: ['oncall@example.com'] }, registeredDomains: [{ name: 'example.com' }] } as never);
const [critical] = Object.values(synth.templates['acme-core-us-east-1'].findResources('AWS::CloudWatch::Alarm', { Properties: { AlarmName: 'acme-example.com-expiry-critical-registration' } })).map((a) => a.Properties);

function notification(): Record<string, unknown> {
  return {
    AlarmName: critical.AlarmName,
    AlarmDescription: critical.AlarmDescription,
    AWSAccountId: ACCOUNT,
    AlarmConfigurationUpdatedTimestamp: '2026-11-01T10:00:00.000+0000',
    NewStateValue: 'ALARM',
    NewStateReason:
      'Threshold Crossed: 1 out of the last 3 datapoints [9.96 (05/12/26 09:07:00)] was less than the threshold (10.0) (minimum 1 datapoint for OK -> ALARM transition).',
    StateChangeTime: '2026-12-05T10:09:27.123+0000',
    Region: 'US East (N. Virginia)',
    AlarmArn: `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:${critical.AlarmName}`,
    OldStateValue: 'OK',
    OKActions: [],
    AlarmActions: [TOPIC_CRITICAL],
    InsufficientDataActions: [],
    Trigger: {
      MetricName: critical.MetricName,
      Namespace: critical.Namespace,
      StatisticType: 'Statistic',
      Statistic: 'MINIMUM',
      Unit: null,
      Dimensions: critical.Dimensions.map((d: { Name: string; Value: string }) => ({ value: d.Value, name: d.Name })),
      Period: critical.Period,
      EvaluationPeriods: critical.EvaluationPeriods,
      DatapointsToAlarm: critical.DatapointsToAlarm,
      ComparisonOperator: critical.ComparisonOperator,
      Threshold: critical.Threshold,
      TreatMissingData: critical.TreatMissingData,
      EvaluateLowSampleCountPercentile: '',
    },
  };
}

it('a registration alarm names the registered domain, its kind and the fix', async () => {
  const out = await makeNotifier(r).handleEvent(validateSnsEvent(snsEvent(snsRecord(notification()))), 30_000);
  expect(out.records.map((x) => x.status)).toEqual(['posted']);
  const body = slack.posts[0].body;
  expect(slackLimitViolations(body)).toEqual([]);
  const f = fieldsOf(body);
  expect(f['Registered domain']).toBe('example.com');
  expect(f['Zone / VPC']).toBeUndefined();
  expect(f.Signal).toBe('expiry-critical · registration');
  expect(f['Value vs threshold']).toBe('9.96 vs threshold &lt; 10 (1 of 3 datapoints, 60 min periods)');
  expect(f.Description).toMatch(/^The registration of example\.com expires in fewer than 10 days\. Worst-case detection 2 h 2 min\.\nWhen it expires, the domain stops resolving.*Renew it now/);
  expect(body.text).toBe('🔴 ALARM critical: expiry-critical on example.com');
  // No dashboard of its own: the alarm link only.
  expect(Object.keys(buttonsOf(body))).toEqual(['Open alarm']);
});
