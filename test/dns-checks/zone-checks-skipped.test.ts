/**
 * The alarm on zone checks that do not run, as the app builds it. A check whose zone's name servers
 * the prober has not read from Route 53 (the first runs after a deploy, Route 53 throttling or not
 * answering) is skipped and publishes nothing, which its own alarm counts as passing; each prober
 * whose checks read hosted zones publishes how many it skipped in runs with zone checks due
 * (test/dns-checks/zone-servers.test.ts), and one alarm per such region in the primary region pages
 * when every such run skipped some for ZONE_CHECKS_SKIPPED_MINUTES.
 */
import { DNS_CHECK_METRICS, DNS_CHECK_NAMESPACE } from '../../contracts/dns-check';
import { ZONE_CHECKS_SKIPPED_MINUTES } from '../../lib/alarms/dns-check-alarm';
import { matchesEventPattern } from '../../lib/audit/event-pattern-match';
import { type AlarmState, breaches, EVALUATION_RANGE_EXTRA, nextState } from '../../lib/replay/alarm-evaluator';
import { dnsCheckAlarmPrefix, topicName } from '../../lib/naming';
import { deploymentOf, TEST_ACCOUNT } from '../support/iam/app';

const d = deploymentOf({
  prefix: 'acme',
  alerts: { email: ['oncall@example.com'] },
  dnsChecks: [
    // eu-west-1 reads zones every 5 and 15 minutes; us-east-1 (primary) every 15; ap-south-1 reads none.
    { name: 'shop', query: 'www.shop.example.com', type: 'A', zoneId: 'Z0SHOP00000000000001', regions: ['eu-west-1'], interval: 5, expect: {} },
    { name: 'api', query: 'api.example.com', type: 'A', zoneId: 'Z0API000000000000001', regions: ['eu-west-1', 'us-east-1'], interval: 15, expect: {} },
    { name: 'plain', query: 'www.example.org', type: 'A', servers: ['192.0.2.53'], regions: ['eu-west-1', 'ap-south-1'], expect: {} },
  ],
} as never);

const skippedAlarms = () => d.resources('AWS::CloudWatch::Alarm').filter((a) => d.props(a).MetricName === DNS_CHECK_METRICS.skipped);

describe('the alarm on zone checks skipped run after run', () => {
  it("one per region whose checks read hosted zones, in the primary region with the metrics, on each run's skips over its shortest zone-check interval", () => {
    const alarms = skippedAlarms();
    expect(alarms.map((a) => [a.stack.region, d.props(a).AlarmName]).sort()).toEqual([
      ['us-east-1', 'acme-dns-prober-eu-west-1-zone-checks-skipped'],
      ['us-east-1', 'acme-dns-prober-us-east-1-zone-checks-skipped'],
    ]);
    const byVantage = Object.fromEntries(alarms.map((a) => [d.props(a).Dimensions[0].Value, d.props(a)]));
    for (const [vantage, minutes] of [
      ['eu-west-1', 5],
      ['us-east-1', 15],
    ] as const) {
      const p = byVantage[vantage];
      const runs = Math.ceil(ZONE_CHECKS_SKIPPED_MINUTES / minutes);
      expect(p).toMatchObject({
        Namespace: DNS_CHECK_NAMESPACE,
        Dimensions: [{ Name: 'Vantage', Value: vantage }],
        Statistic: 'Minimum',
        Period: minutes * 60,
        EvaluationPeriods: runs,
        DatapointsToAlarm: runs,
        ComparisonOperator: 'GreaterThanThreshold',
        Threshold: 0,
        // A prober that does not run is its errors and dead-letter alarms' to report.
        TreatMissingData: 'notBreaching',
        ActionsEnabled: true,
      });
      // It pages the warning topic, and says where to look.
      expect(p.AlarmActions).toEqual([`arn:aws:sns:us-east-1:${TEST_ACCOUNT}:${topicName('acme', 'warning')}`]);
      expect(p.AlarmDescription).toContain(`log group /codreum/acme/dns-prober in ${vantage}`);
      expect(p.AlarmDescription).toMatch(/signal=zone-checks-skipped kind=count severity=warning/);
    }
  });

  // The synthesized alarm evaluated as CloudWatch documents it (lib/replay/alarm-evaluator.ts): one
  // ChecksSkipped value per period (one run with zone checks due), `null` where the prober published none.
  it('pages after ZONE_CHECKS_SKIPPED_MINUTES of skips, not during a shorter first-deploy wait; a run with none skipped resets it; a silent prober does not page here', () => {
    const [alarm] = skippedAlarms().filter((a) => d.props(a).Dimensions[0].Value === 'eu-west-1');
    const p = d.props(alarm);
    const stateAfter = (values: readonly (number | null)[]): AlarmState => {
      let state: AlarmState = 'INSUFFICIENT_DATA';
      for (let i = 1; i <= values.length; i++) {
        const range = values.slice(Math.max(0, i - p.EvaluationPeriods - EVALUATION_RANGE_EXTRA), i).map((v) => (v === null ? null : breaches(p.ComparisonOperator, v, p.Threshold)));
        state = nextState(range, { evaluationPeriods: p.EvaluationPeriods, datapointsToAlarm: p.DatapointsToAlarm, treatMissingData: p.TreatMissingData }, state);
      }
      return state;
    };
    const runs = (minutes: number) => Math.ceil(minutes / (p.Period / 60));
    const skipping = (minutes: number, n = 3) => Array<number>(runs(minutes)).fill(n);
    // After a first deploy: 14 minutes of skips (191 zones from 8 regions), then every check runs.
    expect(stateAfter([...skipping(14), ...Array<number>(runs(60)).fill(0)])).toBe('OK');
    expect(stateAfter(skipping(14))).toBe('OK');
    // Route 53 not answering for good: a zone never read is skipped run after run.
    expect(stateAfter(skipping(ZONE_CHECKS_SKIPPED_MINUTES - p.Period / 60))).toBe('OK');
    expect(stateAfter(skipping(ZONE_CHECKS_SKIPPED_MINUTES))).toBe('ALARM');
    expect(stateAfter([...Array<number>(runs(60)).fill(0), ...skipping(ZONE_CHECKS_SKIPPED_MINUTES, 1)])).toBe('ALARM');
    // One run that skipped none: OK again.
    expect(stateAfter([...skipping(ZONE_CHECKS_SKIPPED_MINUTES), 0])).toBe('OK');
    // The prober not running at all: its own alarms page; this one stays OK.
    expect(stateAfter(Array<null>(runs(120)).fill(null))).toBe('OK');
  });

  it("is not a DNS check alarm: outside the check alarms' names, so its ALARM never runs the reporter", () => {
    const [rule] = d.resources('AWS::Events::Rule').filter((r) => r.logicalId.startsWith('DnsCheckReporterAlarmRule'));
    const pattern = d.props(rule).EventPattern;
    for (const a of skippedAlarms()) {
      const p = d.props(a);
      expect(p.AlarmName.startsWith(dnsCheckAlarmPrefix('acme'))).toBe(false);
      const event = {
        version: '0',
        id: 'e',
        'detail-type': 'CloudWatch Alarm State Change',
        source: 'aws.cloudwatch',
        account: TEST_ACCOUNT,
        time: '2026-12-06T12:00:00Z',
        region: 'us-east-1',
        resources: [d.arnOf(a)],
        detail: {
          alarmName: p.AlarmName,
          state: { value: 'ALARM', reason: 'Threshold Crossed', timestamp: '2026-12-06T12:00:00.000+0000' },
          configuration: { metrics: [{ id: 'm', metricStat: { metric: { namespace: p.Namespace, name: p.MetricName, dimensions: { Vantage: p.Dimensions[0].Value } }, period: p.Period, stat: p.Statistic }, returnData: true }] },
        },
      };
      expect(matchesEventPattern(pattern, event)).toBe(false);
    }
  });

  it("the prober's role publishes its metric: the namespace its PutMetricData is limited to", () => {
    const roles = d.resources('AWS::IAM::Policy').filter((p) => p.logicalId.startsWith('DnsProberRoleDefaultPolicy'));
    expect(roles.length).toBe(3);
    for (const r of roles) {
      const statement = d.props(r).PolicyDocument.Statement.find((s: { Sid?: string }) => s.Sid === 'PutDnsCheckMetricsOnly');
      expect(statement.Condition).toEqual({ StringEquals: { 'cloudwatch:namespace': DNS_CHECK_NAMESPACE } });
    }
  });
});
