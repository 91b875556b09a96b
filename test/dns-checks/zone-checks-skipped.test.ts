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
