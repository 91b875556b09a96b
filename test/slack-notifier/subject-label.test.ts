/**
 * Alarms as the app builds them (name, description and metrics from the synthesized template), in
 * the shape CloudWatch publishes to SNS, posted through the notifier to the loopback Slack
 * stand-in: the channel reads what the alarm watches (a registered domain, a DNS check, the
 * license), never "Zone / VPC" for what is neither, and for a domain what to do.
 */
import { validateSnsEvent } from '../../lambdas/slack-notifier/sns-event';
import type { FakeSlack } from './fake-slack';
import { ACCOUNT, REGION, snsEvent, snsRecord, TOPIC_CRITICAL } from './fixtures';
import { makeNotifier, Resources, useNotifierEnvironment } from './harness';
import { buttonsOf, fieldsOf, slackLimitViolations } from './limits-check';
import { synthConfig } from '../support/synth';
import { isComponentSignal, parseAlarmContext } from '../../contracts/alarm-context';
import { SIGNALS } from '../../lib/signals/catalogue';

const env = useNotifierEnvironment();
let slack: FakeSlack;
let r: Resources;
beforeAll(() => ({ slack, r } = env));
beforeEach(() => slack.reset());

const synth = synthConfig({
  prefix: 'acme',
  alerts: { email: ['oncall@example.com'] },
  registeredDomains: [{ name: 'example.com' }],
  dnsChecks: [{ name: 'www', query: 'www.example.com', type: 'A', servers: ['192.0.2.53'], expect: { answers: ['192.0.2.10'] } }],
  license: { licenseId: 'lic_slack_label_01' },
  hostedZones: [{ zoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.org' }],
  resolverEndpoints: [{ endpointId: 'rslvr-in-0123456789abcdef0', region: 'us-east-1', direction: 'inbound', name: 'onprem-in' }],
} as never);
const alarmOf = (name: string) => {
  const [props] = Object.values(synth.templates)
    .flatMap((t) => Object.values(t.findResources('AWS::CloudWatch::Alarm', { Properties: { AlarmName: name } })))
    .map((a) => a.Properties);
  expect(props).toBeDefined();
  return props;
};
const critical = alarmOf('acme-example.com-expiry-critical-registration');

/** Dimensions as CloudWatch's notification writes them (lowercase keys). */
const dims = (d: { Name: string; Value: unknown }[] | undefined) =>
  // A value the template resolves at deploy time (a queue's generated name) is a name in the notification.
  (d ?? []).map((x) => ({ value: typeof x.Value === 'string' ? x.Value : 'acme-Deliveries-DeadLettersQueue1A2B3C4D', name: x.Name }));

function notification(alarm = critical): Record<string, unknown> {
  return {
    AlarmName: alarm.AlarmName,
    AlarmDescription: alarm.AlarmDescription,
    AWSAccountId: ACCOUNT,
    AlarmConfigurationUpdatedTimestamp: '2026-11-01T10:00:00.000+0000',
    NewStateValue: 'ALARM',
    NewStateReason:
      'Threshold Crossed: 1 out of the last 3 datapoints [9.96 (05/12/26 09:07:00)] was less than the threshold (10.0) (minimum 1 datapoint for OK -> ALARM transition).',
    StateChangeTime: '2026-12-05T10:09:27.123+0000',
    Region: 'US East (N. Virginia)',
    AlarmArn: `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:${alarm.AlarmName}`,
    OldStateValue: 'OK',
    OKActions: [],
    AlarmActions: [TOPIC_CRITICAL],
    InsufficientDataActions: [],
    // CloudWatch's Trigger: the metric of a single-metric alarm, or the queries of a metric-math one.
    Trigger: {
      ...(alarm.Metrics
        ? { Metrics: alarm.Metrics.map((m: any) => (m.MetricStat ? { ...m, MetricStat: { ...m.MetricStat, Metric: { ...m.MetricStat.Metric, Dimensions: dims(m.MetricStat.Metric.Dimensions) } } } : m)) }
        : {
            MetricName: alarm.MetricName,
            Namespace: alarm.Namespace,
            StatisticType: 'Statistic',
            Statistic: String(alarm.Statistic).toUpperCase(),
            Unit: null,
            Dimensions: dims(alarm.Dimensions),
            Period: alarm.Period,
          }),
      EvaluationPeriods: alarm.EvaluationPeriods,
      DatapointsToAlarm: alarm.DatapointsToAlarm,
      ComparisonOperator: alarm.ComparisonOperator,
      Threshold: alarm.Threshold,
      TreatMissingData: alarm.TreatMissingData,
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

it.each([
  ['acme-dns-check-www', 'DNS check', 'www'],
  ['acme-license-invalid', 'License', 'license'],
  ['acme-onprem-in-endpoint-capacity-count', 'Resolver endpoint', 'onprem-in'],
])('%s names what it watches as a %s, not a zone or VPC', async (name, label, subject) => {
  const alarm = alarmOf(name);
  const message = { ...notification(alarm), NewStateReason: 'Threshold Crossed: 1 out of the last 1 datapoints [1.0 (05/12/26 09:07:00)] was greater than or equal to the threshold (1.0).' };
  await makeNotifier(r).handleEvent(validateSnsEvent(snsEvent(snsRecord(message))), 30_000);
  const f = fieldsOf(slack.posts[0].body);
  expect([label, f[label]?.startsWith(subject)]).toEqual([label, true]);
  expect(f['Zone / VPC']).toBeUndefined();
});

it("a zone's alarm still names its zone", async () => {
  const alarm = alarmOf('acme-example.org-query-logs-logs-stopped');
  await makeNotifier(r).handleEvent(validateSnsEvent(snsEvent(snsRecord(notification(alarm)))), 30_000);
  expect(fieldsOf(slack.posts[0].body)['Zone / VPC']).toBe('example.org (Z0123456789ABCDEFGHIJ)');
});

/** Namespaces of the product's own functions and deliveries, its alert topics included (what a component alarm watches). */
const COMPONENT_NAMESPACES = new Set(['AWS/Lambda', 'AWS/SQS', 'AWS/Events', 'AWS/SNS']);
const namespacesOf = (alarm: any): string[] => (alarm.Metrics ? alarm.Metrics.filter((m: any) => m.MetricStat).map((m: any) => m.MetricStat.Metric.Namespace) : [alarm.Namespace]);
const componentAlarms = Object.values(synth.templates)
  .flatMap((t) => Object.values(t.findResources('AWS::CloudWatch::Alarm')))
  .map((a) => a.Properties)
  .filter((a) => namespacesOf(a).length > 0 && namespacesOf(a).every((n) => COMPONENT_NAMESPACES.has(n)));

it('the deployment has alarms on its own functions and deliveries to label (the prober, the watcher, the audit, the license schedule, the alert topics)', () => {
  const names = componentAlarms.map((a) => a.AlarmName as string);
  for (const part of ['dns-prober', 'domain-watcher', 'audit', 'license', 'delivery-failures']) expect([part, names.some((n) => n.includes(part))]).toEqual([part, true]);
});

it.each(componentAlarms.map((a) => [a.AlarmName as string, a]))('%s names the DNS Monitor component it watches, not a zone or VPC', async (_name, alarm) => {
  const message = { ...notification(alarm), NewStateReason: 'Threshold Crossed: 1 out of the last 1 datapoints [1.0 (05/12/26 09:07:00)] was greater than or equal to the threshold (1.0).' };
  await makeNotifier(r).handleEvent(validateSnsEvent(snsEvent(snsRecord(message))), 30_000);
  const f = fieldsOf(slack.posts[0].body);
  expect(f['Zone / VPC']).toBeUndefined();
  expect(f['DNS Monitor component']).toBe(`${parseAlarmContext(alarm.AlarmDescription)!.subject} (${parseAlarmContext(alarm.AlarmDescription)!.subjectId})`);
});

it('no other alarm of the deployment, and no catalogue signal, reads as a component', () => {
  const others = Object.values(synth.templates)
    .flatMap((t) => Object.values(t.findResources('AWS::CloudWatch::Alarm')))
    .map((a) => a.Properties)
    .filter((a) => !componentAlarms.includes(a));
  expect(others.length).toBeGreaterThan(10);
  for (const a of others) {
    const ctx = parseAlarmContext(typeof a.AlarmDescription === 'string' ? a.AlarmDescription : undefined);
    if (ctx) expect([a.AlarmName, isComponentSignal(ctx.signal)]).toEqual([a.AlarmName, false]);
  }
  for (const { id } of SIGNALS) expect([id, isComponentSignal(id)]).toEqual([id, false]);
});
