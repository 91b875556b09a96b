/** HealthCheckMonitoring: every option reaches the Route 53 health check; alarms; tags; quota; region. */
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { parseAlarmContext } from '../../contracts/alarm-context';
import type { HealthCheckConfig } from '../../lib/config/health-schema';
import { HealthCheckMonitoring, HEALTH_CHECK_QUOTA_WARNING } from '../../lib/health/health-checks';
import { ConfigError } from '../../lib/config/errors';
import { resolvedHealthChecks, stackIn, topicActions } from './support';

function synth(healthChecks: HealthCheckConfig[], extra: Partial<ConstructorParameters<typeof HealthCheckMonitoring>[2]> = {}) {
  const stack = stackIn('us-east-1');
  const hcm = new HealthCheckMonitoring(stack, 'Health', { prefix: 'acme', healthChecks: resolvedHealthChecks(healthChecks), actions: topicActions('us-east-1'), ...extra });
  return { stack, hcm, t: Template.fromStack(stack) };
}

function healthCheckConfig(t: Template, name: string): Record<string, unknown> {
  const all = t.findResources('AWS::Route53::HealthCheck');
  const found = Object.values(all).find((r) =>
    (r.Properties.HealthCheckTags as { Key: string; Value: string }[]).some((tag) => tag.Key === 'Name' && tag.Value === `acme-${name}`),
  );
  if (!found) throw new Error(`no health check tagged acme-${name}`);
  return found.Properties.HealthCheckConfig;
}

describe('HealthCheckMonitoring health checks', () => {
  it('builds an HTTPS check from just a name and a URL, with defaults and a Name tag', () => {
    const { t } = synth([{ name: 'api', url: 'https://api.example.com/health' }]);
    t.resourceCountIs('AWS::Route53::HealthCheck', 1);
    t.hasResourceProperties('AWS::Route53::HealthCheck', {
      HealthCheckConfig: {
        Type: 'HTTPS',
        FullyQualifiedDomainName: 'api.example.com',
        Port: 443,
        ResourcePath: '/health',
        RequestInterval: 30,
        FailureThreshold: 3,
        MeasureLatency: false,
        EnableSNI: true,
        Inverted: false,
        Disabled: Match.absent(),
        Regions: Match.absent(),
        SearchString: Match.absent(),
      },
      HealthCheckTags: [{ Key: 'Name', Value: 'acme-api' }],
    });
  });

  it('maps every endpoint option', () => {
    const { t } = synth([
      {
        name: 'full',
        url: 'https://api.example.com:8443/status?deep=1',
        searchString: '"status":"ok"',
        requestInterval: 10,
        failureThreshold: 2,
        regions: ['us-east-1', 'eu-west-1', 'ap-northeast-1'],
        measureLatency: true,
        sni: false,
        inverted: true,
        latency: { timeToFirstByteMs: 500 },
      },
      { name: 'plain', url: 'http://www.example.com/', searchString: 'Welcome' },
      { name: 'tcp', url: 'tcp://db.example.com:5432' },
      { name: 'ip', url: 'https://198.51.100.7/ping' },
      { name: 'off', url: 'http://old.example.com/', disabled: true },
    ]);
    expect(healthCheckConfig(t, 'full')).toEqual({
      Type: 'HTTPS_STR_MATCH',
      FullyQualifiedDomainName: 'api.example.com',
      Port: 8443,
      ResourcePath: '/status?deep=1',
      SearchString: '"status":"ok"',
      RequestInterval: 10,
      FailureThreshold: 2,
      Regions: ['us-east-1', 'eu-west-1', 'ap-northeast-1'],
      MeasureLatency: true,
      EnableSNI: false,
      Inverted: true,
    });
    expect(healthCheckConfig(t, 'plain')).toMatchObject({ Type: 'HTTP_STR_MATCH', Port: 80, ResourcePath: '/', SearchString: 'Welcome' });
    expect(healthCheckConfig(t, 'plain').EnableSNI).toBeUndefined();
    const tcp = healthCheckConfig(t, 'tcp');
    expect(tcp).toMatchObject({ Type: 'TCP', FullyQualifiedDomainName: 'db.example.com', Port: 5432 });
    expect(tcp.ResourcePath).toBeUndefined();
    const ip = healthCheckConfig(t, 'ip');
    expect(ip).toMatchObject({ Type: 'HTTPS', IPAddress: '198.51.100.7', EnableSNI: false });
    expect(ip.FullyQualifiedDomainName).toBeUndefined();
    // CloudFormation has no Disabled property: a disabled check is left out of the template.
    expect(() => healthCheckConfig(t, 'off')).toThrow(/no health check tagged acme-off/);
    t.resourceCountIs('AWS::Route53::HealthCheck', 4);
  });

  it('builds calculated groups from the children ids with the healthy threshold (N of M)', () => {
    const { t, hcm } = synth([
      { name: 'eu', url: 'https://eu.example.com/' },
      { name: 'us', url: 'https://us.example.com/' },
      { name: 'ap', url: 'https://ap.example.com/' },
      { name: 'any2', children: ['eu', 'us', 'ap'], healthyThreshold: 2 },
      { name: 'all', children: ['any2', 'eu'] },
    ]);
    const idOf = (n: string) => t.getResourceId('AWS::Route53::HealthCheck', { Properties: { HealthCheckTags: [{ Key: 'Name', Value: `acme-${n}` }] } });
    expect(idOf('eu')).toBeTruthy();
    const any2 = healthCheckConfig(t, 'any2');
    expect(any2).toMatchObject({ Type: 'CALCULATED', HealthThreshold: 2, Inverted: false });
    expect(any2.ChildHealthChecks).toEqual(['eu', 'us', 'ap'].map((n) => ({ 'Fn::GetAtt': [idOf(n), 'HealthCheckId'] })));
    expect(healthCheckConfig(t, 'all')).toMatchObject({ HealthThreshold: 2, ChildHealthChecks: [{ 'Fn::GetAtt': [idOf('any2'), 'HealthCheckId'] }, { 'Fn::GetAtt': [idOf('eu'), 'HealthCheckId'] }] });
    expect(hcm.healthCheckIds).toHaveLength(5);
  });

  it('validates the config handed to the construct directly, with paths', () => {
    expect(() => synth([{ name: 'api', url: 'http://api.example.com/', sni: true }])).toThrow(ConfigError);
    expect(() => synth([{ name: 'api', url: 'http://api.example.com/', sni: true }])).toThrow(/healthChecks\[0\]\.sni: is only for https URLs/);
  });

  it('warns (acknowledgeable) when the number of health checks exceeds the quota', () => {
    const many = Array.from({ length: 201 }, (_, i) => ({ name: `c${i}`, url: `https://c${i}.example.com/`, percentageHealthy: { enabled: false } }));
    const { stack } = synth(many);
    Annotations.fromStack(stack).hasWarning('/Test-us-east-1/Health', Match.stringLikeRegexp('201 health checks exceed the Route 53 quota of 200 per account'));
    expect(JSON.stringify(Annotations.fromStack(stack).findWarning('*', Match.anyValue()))).toContain(HEALTH_CHECK_QUOTA_WARNING);
    const few = synth([{ name: 'a', url: 'https://a.example.com/' }]);
    expect(Annotations.fromStack(few.stack).findWarning('*', Match.anyValue())).toEqual([]);
    const custom = synth([{ name: 'a', url: 'https://a.example.com/' }, { name: 'b', url: 'https://b.example.com/' }], { healthCheckQuota: 1 });
    Annotations.fromStack(custom.stack).hasWarning('/Test-us-east-1/Health', Match.stringLikeRegexp('2 health checks exceed the Route 53 quota of 1'));
  });
});

describe('HealthCheckMonitoring alarms', () => {
  it('creates the status alarm: HealthCheckStatus Minimum < 1, 60 s, 1 of 1, missing = breaching, critical topic', () => {
    const { t, hcm } = synth([{ name: 'api', url: 'https://api.example.com/health' }]);
    const hcId = t.getResourceId('AWS::Route53::HealthCheck', {});
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'acme-api-status-health-check',
      Namespace: 'AWS/Route53',
      MetricName: 'HealthCheckStatus',
      Dimensions: [{ Name: 'HealthCheckId', Value: { 'Fn::GetAtt': [hcId, 'HealthCheckId'] } }],
      Statistic: 'Minimum',
      Period: 60,
      EvaluationPeriods: 1,
      DatapointsToAlarm: 1,
      ComparisonOperator: 'LessThanThreshold',
      Threshold: 1,
      TreatMissingData: 'breaching',
      AlarmActions: ['arn:aws:sns:us-east-1:111122223333:acme-alerts-critical'],
      OKActions: ['arn:aws:sns:us-east-1:111122223333:acme-alerts-critical'],
    });
    const status = hcm.specs.find((s) => s.context.signal === 'status')!;
    expect(status.detectionSeconds).toBe(30 * 3 + 60 + 60);
    expect(status.description).toMatch(/Worst-case detection 3\.5 min/);
    expect(parseAlarmContext(status.description)).toEqual({
      subject: 'api',
      subjectId: 'api',
      signal: 'status',
      kind: 'health-check',
      severity: 'critical',
      dashboard: undefined,
      region: 'us-east-1',
    });
  });

  it('creates the partial-outage alarm on HealthCheckPercentageHealthy (warning) and honours its options', () => {
    const { t, hcm } = synth([
      { name: 'api', url: 'https://api.example.com/' },
      { name: 'web', url: 'https://web.example.com/', percentageHealthy: { threshold: 50, evaluationPeriods: 5, datapointsToAlarm: 4, severity: 'critical' } },
      { name: 'quiet', url: 'https://q.example.com/', percentageHealthy: { enabled: false } },
      { name: 'inv', url: 'https://i.example.com/', inverted: true },
    ]);
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'acme-api-percentage-healthy-health-check',
      MetricName: 'HealthCheckPercentageHealthy',
      Statistic: 'Average',
      ComparisonOperator: 'LessThanThreshold',
      Threshold: 75,
      Period: 60,
      EvaluationPeriods: 3,
      DatapointsToAlarm: 3,
      TreatMissingData: 'notBreaching',
      AlarmActions: ['arn:aws:sns:us-east-1:111122223333:acme-alerts-warning'],
    });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'acme-web-percentage-healthy-health-check',
      Threshold: 50,
      EvaluationPeriods: 5,
      DatapointsToAlarm: 4,
      AlarmActions: ['arn:aws:sns:us-east-1:111122223333:acme-alerts-critical'],
    });
    const names = hcm.specs.map((s) => s.name);
    expect(names).not.toContain('acme-quiet-percentage-healthy-health-check');
    expect(names).not.toContain('acme-inv-percentage-healthy-health-check');
    expect(hcm.specs.find((s) => s.name === 'acme-api-percentage-healthy-health-check')!.detectionSeconds).toBe(90 + 4 * 60 + 60);
  });

  it('creates latency alarms only when measureLatency and thresholds are set', () => {
    const { t, hcm } = synth([
      { name: 'api', url: 'https://api.example.com/', measureLatency: true, latency: { timeToFirstByteMs: 800, connectionTimeMs: 200 } },
      { name: 'db', url: 'tcp://db.example.com:5432', measureLatency: true, latency: { connectionTimeMs: 50, period: 120, evaluationPeriods: 2, datapointsToAlarm: 2 } },
      { name: 'nolat', url: 'https://n.example.com/', measureLatency: true },
    ]);
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'acme-api-time-to-first-byte-health-check',
      MetricName: 'TimeToFirstByte',
      Statistic: 'Average',
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 800,
      Period: 60,
      EvaluationPeriods: 5,
      DatapointsToAlarm: 3,
      TreatMissingData: 'notBreaching',
    });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'acme-api-connection-time-health-check', MetricName: 'ConnectionTime', Threshold: 200 });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'acme-db-connection-time-health-check', Threshold: 50, Period: 120, EvaluationPeriods: 2 });
    expect(hcm.specs.filter((s) => s.name.startsWith('acme-nolat-')).map((s) => s.context.signal)).toEqual(['status', 'percentage-healthy']);
    expect(hcm.specs.find((s) => s.name === 'acme-api-time-to-first-byte-health-check')!.detectionSeconds).toBe(30 + 4 * 60 + 60);
  });

  it('gives calculated checks a status alarm only, and disabled checks none', () => {
    const { hcm } = synth([
      { name: 'a', url: 'https://a.example.com/', requestInterval: 10 },
      { name: 'b', url: 'https://b.example.com/', failureThreshold: 5 },
      { name: 'off', url: 'https://off.example.com/', disabled: true },
      { name: 'g', children: ['a', 'b'], healthyThreshold: 1, alarm: { severity: 'warning' } },
    ]);
    expect(hcm.specs.filter((s) => s.name.startsWith('acme-off-'))).toEqual([]);
    expect(hcm.healthChecks.off).toBeUndefined();
    const g = hcm.specs.filter((s) => s.name.startsWith('acme-g-'));
    expect(g.map((s) => [s.context.signal, s.severity])).toEqual([['status', 'warning']]);
    // Child a decides in 10 x 3 s, child b in 30 x 5 s: the slowest child counts.
    expect(g[0].detectionSeconds).toBe(150 + 60 + 60);
    expect(() => synth([{ name: 'off', url: 'https://off.example.com/', disabled: true }, { name: 'g', children: ['off'] }])).toThrow(
      /healthChecks\[1\]\.children\[0\]: names 'off', which is disabled/,
    );
  });

  it('refuses a stack outside us-east-1 and topics of another region', () => {
    const eu = stackIn('eu-west-1');
    expect(() => new HealthCheckMonitoring(eu, 'H', { prefix: 'acme', healthChecks: [], actions: topicActions('eu-west-1') })).toThrow(
      /must be in a us-east-1 stack, not eu-west-1 — Route 53 publishes health-check metrics only in us-east-1/,
    );
    const us = stackIn('us-east-1');
    expect(() => new HealthCheckMonitoring(us, 'H', { prefix: 'acme', healthChecks: [], actions: topicActions('eu-west-1') })).toThrow(
      /topic arn:aws:sns:eu-west-1:111122223333:acme-alerts-critical is in eu-west-1 — alarms can only notify SNS topics in their own region \(us-east-1\)/,
    );
  });
});
