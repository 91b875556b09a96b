/** ZoneQueryVolumeAlarms, DnssecAlarms and ResolverEndpointAlarms templates. */
import { Match, Template } from 'aws-cdk-lib/assertions';
import { parseAlarmContext } from '../../contracts/alarm-context';
import { DnssecAlarms, ZoneQueryVolumeAlarms } from '../../lib/health/zone-alarms';
import { ResolverEndpointAlarms } from '../../lib/health/resolver-endpoint-alarms';
import { resolverEndpointsSchema, type ResolverEndpointConfig } from '../../lib/config/health-schema';
import { resolvedEndpoints, resolvedZones, stackIn, topicActions } from './support';

const Z1 = { zoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'Example.com.' };
const Z2 = { zoneId: 'Z9876543210ZYXWVUTSRQ', zoneName: 'shop.example.org' };

describe('ZoneQueryVolumeAlarms', () => {
  it('gives each zone the traffic-drop anomaly alarm and the logs-stopped alarm by default, and no silence alarm', () => {
    const stack = stackIn('us-east-1');
    const c = new ZoneQueryVolumeAlarms(stack, 'Q', { prefix: 'acme', namespace: 'Codreum/DNS', zones: resolvedZones([Z1, { ...Z2, queryVolume: { enabled: false } }]), actions: topicActions('us-east-1') });
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::CloudWatch::Alarm', 2);
    // A quiet zone's normal silence must not page: no static low-traffic alarm unless asked for.
    expect(c.specs.map((s) => s.name).sort()).toEqual(['acme-example.com-dns-queries-anomaly-drop', 'acme-example.com-query-logs-logs-stopped']);
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'acme-example.com-dns-queries-anomaly-drop',
      ComparisonOperator: 'LessThanLowerThreshold',
      ThresholdMetricId: 'band',
      // One 7-minute sum, evaluated every minute (sliding window), against a 4.5-standard-deviation
      // band: no page on normal noise at any volume, an 85 % drop at 5 queries/min within 10 min.
      EvaluationPeriods: 1,
      DatapointsToAlarm: 1,
      TreatMissingData: 'notBreaching',
      Metrics: [
        Match.objectLike({ Id: 'm_dns_queries', ReturnData: false, MetricStat: { Metric: { Namespace: 'AWS/Route53', MetricName: 'DNSQueries', Dimensions: [{ Name: 'HostedZoneId', Value: 'Z0123456789ABCDEFGHIJ' }] }, Period: 420, Stat: 'Sum' } }),
        // Windows without queries count as 0, so a drop to almost nothing breaches.
        Match.objectLike({ Id: 'e_dns_queries', Expression: 'FILL(m_dns_queries, 0)', ReturnData: true }),
        Match.objectLike({ Id: 'band', Expression: 'ANOMALY_DETECTION_BAND(e_dns_queries, 4.5)' }),
      ],
      AlarmActions: ['arn:aws:sns:us-east-1:111122223333:acme-alerts-warning'],
    });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'acme-example.com-query-logs-logs-stopped',
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      Threshold: 1,
      EvaluationPeriods: 5,
      DatapointsToAlarm: 2,
      TreatMissingData: 'notBreaching',
      Metrics: [
        Match.objectLike({ Id: 'm_dns_queries', MetricStat: Match.objectLike({ Metric: Match.objectLike({ Namespace: 'AWS/Route53', MetricName: 'DNSQueries' }), Period: 60 }) }),
        Match.objectLike({ Id: 'm_logged', MetricStat: Match.objectLike({ Metric: { Namespace: 'Codreum/DNS', MetricName: 'Queries', Dimensions: [{ Name: 'ZoneId', Value: 'Z0123456789ABCDEFGHIJ' }] }, Period: 60 }) }),
        Match.objectLike({ Id: 'e_logs_stopped', Expression: 'IF(m_dns_queries >= 1, IF(100 * FILL(m_logged, 0) < 50 * m_dns_queries, 1, 0), 0)', ReturnData: true }),
      ],
    });
    expect(c.specs.find((s) => s.kind === 'anomaly-drop')!.detectionSeconds).toBe(420 + 60 + 60 + 60);
    const logs = c.specs.find((s) => s.kind === 'logs-stopped')!;
    expect(logs.detectionSeconds).toBe(3 * 60 + 60 + 60);
    expect(parseAlarmContext(logs.description)).toMatchObject({ subject: 'example.com', subjectId: 'Z0123456789ABCDEFGHIJ', signal: 'query-logs', kind: 'logs-stopped' });
  });

  it('adds the static low-traffic alarm only when minQueries is set', () => {
    const stack = stackIn('us-east-1');
    const c = new ZoneQueryVolumeAlarms(stack, 'Q', { prefix: 'acme', namespace: 'Codreum/DNS', zones: resolvedZones([{ ...Z1, queryVolume: { minQueries: 1, period: 300, evaluationPeriods: 3, datapointsToAlarm: 3 } }]), actions: topicActions('us-east-1') });
    Template.fromStack(stack).hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'acme-example.com-dns-queries-low-traffic',
      Namespace: 'AWS/Route53',
      MetricName: 'DNSQueries',
      Statistic: 'Sum',
      Period: 300,
      ComparisonOperator: 'LessThanThreshold',
      Threshold: 1,
      TreatMissingData: 'breaching',
    });
    // DNSQueries is one-minute data on a sliding window: 3 periods of 300 s + the minute the drop
    // started in + 60 s delay + 60 s evaluation (not a fourth clock-aligned period).
    expect(c.specs.find((s) => s.kind === 'low-traffic')!.detectionSeconds).toBe(3 * 300 + 60 + 60 + 60);
  });

  it('honours the options and adds the anomaly-drop alarm', () => {
    const stack = stackIn('us-east-1');
    new ZoneQueryVolumeAlarms(stack, 'Q', {
      prefix: 'acme',
      namespace: 'Codreum/DNS',
      zones: resolvedZones([{ ...Z2, queryVolume: { minQueries: 50, period: 60, evaluationPeriods: 5, datapointsToAlarm: 4, severity: 'critical', anomaly: 'drop', anomalyBandWidth: 2, actionsEnabled: false } }]),
      actions: topicActions('us-east-1'),
    });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'acme-shop.example.org-dns-queries-low-traffic',
      Threshold: 50,
      Period: 60,
      EvaluationPeriods: 5,
      DatapointsToAlarm: 4,
      ActionsEnabled: false,
      AlarmActions: ['arn:aws:sns:us-east-1:111122223333:acme-alerts-critical'],
    });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'acme-shop.example.org-dns-queries-anomaly-drop',
      ComparisonOperator: 'LessThanLowerThreshold',
      ThresholdMetricId: 'band',
      TreatMissingData: 'notBreaching',
      Metrics: [
        Match.objectLike({ Id: 'm_dns_queries', MetricStat: { Metric: { Namespace: 'AWS/Route53', MetricName: 'DNSQueries', Dimensions: [{ Name: 'HostedZoneId', Value: 'Z9876543210ZYXWVUTSRQ' }] }, Period: 60, Stat: 'Sum' } }),
        Match.objectLike({ Id: 'e_dns_queries', Expression: 'FILL(m_dns_queries, 0)' }),
        Match.objectLike({ Id: 'band', Expression: 'ANOMALY_DETECTION_BAND(e_dns_queries, 2)' }),
      ],
    });
  });

  it('the config refuses a bad queryVolume (with its path), and the alarms refuse other regions', () => {
    expect(() => resolvedZones([{ ...Z1, queryVolume: { period: 30 } }])).toThrow(
      /hostedZones\[0\]\.queryVolume\.period: must be at least 60 seconds/,
    );
    expect(() => new ZoneQueryVolumeAlarms(stackIn('eu-central-1'), 'Q', { prefix: 'acme', namespace: 'Codreum/DNS', zones: resolvedZones([Z1]), actions: topicActions('eu-central-1') })).toThrow(
      /must be in a us-east-1 stack, not eu-central-1/,
    );
  });
});

describe('DnssecAlarms', () => {
  it('creates the two DNSSEC alarms only for zones with dnssec: true, fitted to daily datapoints', () => {
    const stack = stackIn('us-east-1');
    const d = new DnssecAlarms(stack, 'D', { prefix: 'acme', namespace: 'Codreum/DNS', zones: resolvedZones([{ ...Z1, dnssec: true }, Z2]), actions: topicActions('us-east-1') });
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::CloudWatch::Alarm', 2);
    for (const [signal, metric] of [
      ['dnssec-internal-failure', 'DNSSECInternalFailure'],
      ['dnssec-ksk-action-needed', 'DNSSECKeySigningKeysNeedingAction'],
    ]) {
      t.hasResourceProperties('AWS::CloudWatch::Alarm', {
        AlarmName: `acme-example.com-${signal}-count`,
        Namespace: 'AWS/Route53',
        MetricName: metric,
        Dimensions: [{ Name: 'HostedZoneId', Value: 'Z0123456789ABCDEFGHIJ' }],
        Statistic: 'Maximum',
        Period: 3600,
        EvaluationPeriods: 24,
        DatapointsToAlarm: 1,
        ComparisonOperator: 'GreaterThanThreshold',
        Threshold: 0,
        TreatMissingData: 'ignore',
        AlarmActions: ['arn:aws:sns:us-east-1:111122223333:acme-alerts-critical'],
      });
    }
    expect(d.specs.every((s) => s.detectionSeconds === 86400 + 3600 + 60)).toBe(true);
    expect(d.specs[0].description).toMatch(/Worst-case detection 25 h 1 min/);
  });
});

describe('ResolverEndpointAlarms', () => {
  const inbound: ResolverEndpointConfig = { endpointId: 'rslvr-in-0123456789abcdef0', region: 'eu-west-1', direction: 'inbound', name: 'onprem-in' };
  const outbound: ResolverEndpointConfig = { endpointId: 'rslvr-out-0123456789abcdef1', region: 'eu-west-1', direction: 'outbound', name: 'to-dc' };

  it('creates the unhealthy-ENI, query-volume and capacity alarms in the endpoint region', () => {
    const stack = stackIn('eu-west-1');
    const r = new ResolverEndpointAlarms(stack, 'R', { prefix: 'acme', endpoints: resolvedEndpoints([inbound, outbound]), actions: topicActions('eu-west-1') });
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::CloudWatch::Alarm', 6);
    // ResolverEndpointCapacityStatus: 0 OK, 1 an interface over 50 %, 2 over 75 % (Route 53
    // Developer Guide); gaps during maintenance are not an outage: missing data is ignored.
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'acme-to-dc-endpoint-capacity-count',
      Namespace: 'AWS/Route53Resolver',
      MetricName: 'ResolverEndpointCapacityStatus',
      Dimensions: [{ Name: 'EndpointId', Value: 'rslvr-out-0123456789abcdef1' }],
      Statistic: 'Maximum',
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      Threshold: 2,
      Period: 300,
      EvaluationPeriods: 3,
      DatapointsToAlarm: 2,
      TreatMissingData: 'ignore',
      AlarmActions: ['arn:aws:sns:eu-west-1:111122223333:acme-alerts-warning'],
    });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'acme-onprem-in-endpoint-unhealthy-enis-count',
      Namespace: 'AWS/Route53Resolver',
      MetricName: 'EndpointUnHealthyENICount',
      Dimensions: [{ Name: 'EndpointId', Value: 'rslvr-in-0123456789abcdef0' }],
      Statistic: 'Maximum',
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      Threshold: 1,
      Period: 300,
      EvaluationPeriods: 2,
      DatapointsToAlarm: 2,
      TreatMissingData: 'notBreaching',
      AlarmActions: ['arn:aws:sns:eu-west-1:111122223333:acme-alerts-warning'],
    });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'acme-onprem-in-endpoint-query-volume-low-traffic',
      MetricName: 'InboundQueryVolume',
      Statistic: 'Sum',
      ComparisonOperator: 'LessThanThreshold',
      Threshold: 1,
      TreatMissingData: 'breaching',
    });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'acme-to-dc-endpoint-query-volume-low-traffic', MetricName: 'OutboundQueryVolume' });
    expect(r.specs.map((s) => [s.context.signal, s.detectionSeconds])).toEqual([
      ['endpoint-unhealthy-enis', 3 * 300 + 300 + 60],
      ['endpoint-query-volume', 4 * 300 + 300 + 60],
      ['endpoint-capacity', 3 * 300 + 300 + 60],
      ['endpoint-unhealthy-enis', 3 * 300 + 300 + 60],
      ['endpoint-query-volume', 4 * 300 + 300 + 60],
      ['endpoint-capacity', 3 * 300 + 300 + 60],
    ]);
    expect(r.specs[2].description).toMatch(/^Resolver inbound endpoint onprem-in \(rslvr-in-0123456789abcdef0\) in eu-west-1: capacity status 2 \(an interface over 75 % of its capacity\) in 2 of 3 periods of 300 s/);
    expect(parseAlarmContext(r.specs[0].description)).toMatchObject({ subject: 'onprem-in', subjectId: 'rslvr-in-0123456789abcdef0', region: 'eu-west-1' });
  });

  it('honours per-endpoint options', () => {
    const stack = stackIn('eu-west-1');
    new ResolverEndpointAlarms(stack, 'R', {
      prefix: 'acme',
      endpoints: resolvedEndpoints([{ ...inbound, unhealthyEnis: { threshold: 2, severity: 'critical' }, queryVolume: { enabled: false }, capacity: { enabled: false } }]),
      actions: topicActions('eu-west-1'),
    });
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::CloudWatch::Alarm', 1);
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { Threshold: 2, AlarmActions: ['arn:aws:sns:eu-west-1:111122223333:acme-alerts-critical'] });

    const early = stackIn('eu-west-1');
    new ResolverEndpointAlarms(early, 'R', {
      prefix: 'acme',
      endpoints: resolvedEndpoints([{ ...inbound, unhealthyEnis: { enabled: false }, queryVolume: { enabled: false }, capacity: { threshold: 1, severity: 'critical', period: 600, evaluationPeriods: 2, datapointsToAlarm: 1 } }]),
      actions: topicActions('eu-west-1'),
    });
    Template.fromStack(early).hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'acme-onprem-in-endpoint-capacity-count',
      Threshold: 1,
      Period: 600,
      EvaluationPeriods: 2,
      DatapointsToAlarm: 1,
      AlarmActions: ['arn:aws:sns:eu-west-1:111122223333:acme-alerts-critical'],
    });
  });

  it('the config takes a capacity threshold of 1 or 2 only, and says what each means', () => {
    for (const threshold of [0, 3, 1.5]) {
      const res = resolverEndpointsSchema.safeParse([{ ...inbound, capacity: { threshold } }]);
      expect(res.success).toBe(false);
      expect(res.error?.issues[0]).toMatchObject({ path: [0, 'capacity', 'threshold'], message: expect.stringContaining('1 (an interface over 50 % of its capacity) or 2 (over 75 %)') });
    }
  });

  it('refuses endpoints of another region', () => {
    expect(() => new ResolverEndpointAlarms(stackIn('us-east-1'), 'R', { prefix: 'acme', endpoints: resolvedEndpoints([inbound]), actions: topicActions('us-east-1') })).toThrow(
      /must be in a eu-west-1 stack, not us-east-1 — Resolver endpoint onprem-in/,
    );
  });
});
