/** Property assertions on the synthesized templates: filters, every alarm kind, Top-N rules, logging. */
import { Match, Template } from 'aws-cdk-lib/assertions';
import { buildApp, synthConfig } from '../support/synth';

const Z1 = 'Z0123456789ABCDEFGHIJ';
const Z2 = 'Z0987654321JIHGFEDCBA';
const VPC = 'vpc-0123456789abcdef0';

const config = {
  prefix: 'acme-prod',
  hostedZones: [
    { zoneId: Z1, zoneName: 'example.com' },
    {
      zoneId: Z2,
      zoneName: 'shop.example.com',
      queryLogging: { create: true, retentionDays: 14 as const },
      contributorInsights: false,
      signals: { total: { anomaly: 'drop' as const }, nxdomain: { threshold: 500, actionsEnabled: false } },
    },
  ],
  resolverVpcs: [{ vpcId: VPC, region: 'eu-west-1', queryLogging: { create: true } }],
  signals: { noerror: { anomaly: 'both' as const } },
  alerts: { email: ['oncall@example.com'], runbookUrl: 'https://wiki.example.com/dns' },
};

describe('synthesized stacks', () => {
  const { templates } = synthConfig(config);
  const zones = templates['acme-prod-zones-1'];
  const coreUse1 = templates['acme-prod-core-us-east-1'];
  const coreEuw1 = templates['acme-prod-core-eu-west-1'];
  const vpcs = templates['acme-prod-vpcs-eu-west-1-1'];

  it('puts hosted-zone things in us-east-1 and Resolver things in the VPC region', () => {
    expect(Object.keys(templates).sort()).toEqual([
      'acme-prod-change-audit',
      'acme-prod-core-eu-west-1',
      'acme-prod-core-us-east-1',
      'acme-prod-dashboards-eu-west-1',
      'acme-prod-dashboards-us-east-1',
      'acme-prod-top-n',
      'acme-prod-vpcs-eu-west-1-1',
      'acme-prod-zones-1',
    ]);
  });

  it('publishes NXDOMAIN through a metric filter with the zone id as dimension', () => {
    zones.hasResourceProperties('AWS::Logs::MetricFilter', {
      LogGroupName: '/aws/route53/example.com',
      FilterPattern: `[version, timestamp, zone_id=${Z1}, query_name, query_type, rcode=NXDOMAIN, protocol, edge_location, resolver_ip, edns_client_subnet]`,
      MetricTransformations: [
        {
          MetricNamespace: 'Codreum/DNS',
          MetricName: 'NXDomain',
          MetricValue: '1',
          Unit: 'Count',
          Dimensions: [{ Key: 'ZoneId', Value: '$zone_id' }],
        },
      ],
    });
  });

  it('gives hosted zones no silence alarm on total (logs-stopped and the DNSQueries drop alarm replace it)', () => {
    const names = Object.values(zones.findResources('AWS::CloudWatch::Alarm')).map((r: any) => r.Properties.AlarmName);
    expect(names).not.toContain('acme-prod-example.com-total-low-traffic');
    expect(names).toContain('acme-prod-example.com-query-logs-logs-stopped');
    expect(names).toContain('acme-prod-example.com-dns-queries-anomaly-drop');
  });

  it('creates rate alarms with the minimum-volume guard and M-of-N on 1-minute periods', () => {
    zones.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'acme-prod-example.com-nxdomain-rate',
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      Threshold: 15,
      EvaluationPeriods: 3,
      DatapointsToAlarm: 2,
      Metrics: Match.arrayWith([
        Match.objectLike({ Id: 'm_nxdomain', ReturnData: false, MetricStat: Match.objectLike({ Period: 60, Stat: 'Sum' }) }),
        Match.objectLike({ Id: 'm_total', ReturnData: false }),
        {
          Id: 'r_nxdomain',
          Expression: 'IF(m_total >= 50, 100 * FILL(m_nxdomain, 0) / m_total, IF(FILL(m_nxdomain, 0) >= 2, IF(100 * FILL(m_nxdomain, 0) / m_total >= 75, 100 * FILL(m_nxdomain, 0) / m_total, 0), 0))',
          Label: 'NXDOMAIN %',
          ReturnData: true,
        },
      ]),
    });
  });

  it('creates a static count alarm when a threshold is set, in shadow mode when asked', () => {
    zones.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'acme-prod-shop.example.com-nxdomain-count',
      MetricName: 'NXDomain',
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      Threshold: 500,
      ActionsEnabled: false,
    });
  });

  it('creates anomaly alarms for drops and for both directions on the success rate', () => {
    zones.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'acme-prod-shop.example.com-total-anomaly-drop',
      ComparisonOperator: 'LessThanLowerThreshold',
      ThresholdMetricId: 'band',
      Metrics: Match.arrayWith([{ Id: 'band', Expression: 'ANOMALY_DETECTION_BAND(m_total, 2)', Label: 'expected band', ReturnData: true }]),
    });
    zones.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'acme-prod-example.com-noerror-anomaly',
      ComparisonOperator: 'LessThanLowerOrGreaterThanUpperThreshold',
      Metrics: Match.arrayWith([Match.objectLike({ Id: 'band', Expression: 'ANOMALY_DETECTION_BAND(r_noerror, 2)' })]),
    });
  });

  it('computes rare errors by metric math (shown on dashboards), with no alarm and no metric filter of its own by default', () => {
    const names = Object.values(zones.findResources('AWS::CloudWatch::Alarm')).map((r: any) => r.Properties.AlarmName);
    expect(names).not.toContain('acme-prod-example.com-other-errors-rate');
    const filters = Object.values(zones.findResources('AWS::Logs::MetricFilter')).map((r: any) => r.Properties.MetricTransformations[0].MetricName);
    expect(filters).not.toContain('OtherErrors');
  });

  it('gives every alarm an action on its severity topic, OK notifications, and a context line', () => {
    const alarms = Object.values({ ...zones.findResources('AWS::CloudWatch::Alarm'), ...vpcs.findResources('AWS::CloudWatch::Alarm') }) as any[];
    expect(alarms.length).toBeGreaterThan(10);
    const composites = Object.values({ ...zones.findResources('AWS::CloudWatch::CompositeAlarm'), ...vpcs.findResources('AWS::CloudWatch::CompositeAlarm') }) as any[];
    const children = new Set(composites.flatMap((c) => [...c.Properties.AlarmRule.matchAll(/ALARM\("([^"]+)"\)/g)].map((m: any) => m[1])));
    expect(children.size).toBeGreaterThan(0);
    for (const a of alarms) {
      const p = a.Properties;
      const sev = /severity=(critical|warning)/.exec(p.AlarmDescription)![1];
      if (children.has(p.AlarmName)) {
        // Critical alarms notify through their zone's composite (one page per incident).
        expect(sev).toBe('critical');
        expect(p.AlarmActions).toEqual([]);
        continue;
      }
      expect(JSON.stringify(p.AlarmActions)).toContain(`:acme-prod-alerts-${sev}`);
      expect(p.OKActions).toEqual(p.AlarmActions);
      expect(p.AlarmDescription.length).toBeLessThanOrEqual(1024);
      expect(p.AlarmDescription).toMatch(/\n\[dns-monitor\] subject=\S+ subjectId=\S+ signal=\S+ kind=\S+ severity=(critical|warning)/);
      // Alarms from query-log signals point at the zone's dashboard and log group.
      if (/Codreum\/DNS/.test(JSON.stringify(p))) expect(p.AlarmDescription).toMatch(/Where to look: dashboard acme-prod-dns-(zone|vpc)-\S+; log group \//);
      expect(p.AlarmDescription).toContain('Runbook: https://wiki.example.com/dns');
      expect(p.AlarmName).toMatch(/^acme-prod-[a-z0-9.-]+-[a-z-]+-(count|rate|anomaly|anomaly-drop|low-traffic|logs-stopped)$/);
    }
    const composite = composites.find((c) => c.Properties.AlarmName === 'acme-prod-example.com-unhealthy-composite');
    expect(composite.Properties.AlarmRule).toBe('ALARM("acme-prod-example.com-servfail-rate")');
    expect(JSON.stringify(composite.Properties.AlarmActions)).toContain('acme-prod-alerts-critical');
    expect(composite.Properties.AlarmDescription).toMatch(/\[dns-monitor\] subject=example.com subjectId=Z0123456789ABCDEFGHIJ signal=unhealthy kind=composite severity=critical/);
  });

  it('creates query logging for the zone that asked: encrypted log group retained, config, one shared policy', () => {
    zones.hasResource('AWS::Logs::LogGroup', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: { LogGroupName: '/aws/route53/shop.example.com', RetentionInDays: 14, KmsKeyId: Match.anyValue() },
    });
    zones.hasResourceProperties('AWS::Route53::QueryLoggingConfig', {
      HostedZoneId: Z2,
      CloudWatchLogsLogGroupArn: 'arn:aws:logs:us-east-1:111122223333:log-group:/aws/route53/shop.example.com',
    });
    zones.resourceCountIs('AWS::Route53::QueryLoggingConfig', 1);
    coreUse1.resourceCountIs('AWS::Logs::ResourcePolicy', 1);
    const policy = Object.values(coreUse1.findResources('AWS::Logs::ResourcePolicy'))[0] as any;
    const doc = JSON.stringify(policy.Properties.PolicyDocument);
    expect(doc).toContain('route53.amazonaws.com');
    expect(doc).toContain('log-group:/aws/route53/*');
  });

  it('creates Resolver query logging once per region with a VPC association, retained', () => {
    coreEuw1.hasResource('AWS::Logs::LogGroup', { DeletionPolicy: 'Retain', Properties: { LogGroupName: '/aws/route53resolver/acme-prod' } });
    coreEuw1.hasResource('AWS::Route53Resolver::ResolverQueryLoggingConfig', { DeletionPolicy: 'Retain' });
    coreEuw1.hasResourceProperties('AWS::Route53Resolver::ResolverQueryLoggingConfigAssociation', { ResourceId: VPC });
    coreEuw1.hasResourceProperties('AWS::Logs::MetricFilter', {
      FilterPattern: `{ $.rcode = "SERVFAIL" && $.vpc_id = "${VPC}" }`,
      MetricTransformations: [Match.objectLike({ MetricName: 'ServFail', Dimensions: [{ Key: 'VpcId', Value: '$.vpc_id' }] })],
    });
  });

  it('shares Contributor Insights rules across zones, keyed on zone id plus the field; opted-out zones filtered out', () => {
    const topN = templates['acme-prod-top-n'];
    coreUse1.resourceCountIs('AWS::CloudWatch::InsightRule', 0);
    const rules = Object.values(topN.findResources('AWS::CloudWatch::InsightRule')).map((r: any) => JSON.parse(r.Properties.RuleBody));
    expect(rules).toHaveLength(5);
    const nx = Object.values(topN.findResources('AWS::CloudWatch::InsightRule'))
      .map((r: any) => r.Properties)
      .find((p: any) => p.RuleName === 'acme-prod-dns-zone-nxdomain-names');
    const body = JSON.parse(nx.RuleBody);
    expect(body).toMatchObject({
      LogFormat: 'CLF',
      LogGroupNames: ['/aws/route53/example.com'],
      // The opted-out zone logs to a group of its own, which the rule does not read: no zone filter.
      Contribution: { Keys: ['3', '4'], Filters: [{ Match: '6', In: ['NXDOMAIN'] }] },
      AggregateOn: 'Count',
    });
    const vpcRules = Object.values(coreEuw1.findResources('AWS::CloudWatch::InsightRule')).map((r: any) => JSON.parse(r.Properties.RuleBody));
    expect(vpcRules.map((b) => b.Contribution.Keys)).toEqual([
      ['$.vpc_id', '$.query_name'],
      ['$.vpc_id', '$.srcaddr'],
    ]);
    expect(vpcRules[0].Contribution.Filters).toContainEqual({ Match: '$.rcode', NotIn: ['NOERROR'] });
  });

  it('encrypts alert topics with a customer managed key CloudWatch may use, and denies non-TLS publishing', () => {
    const t: Template = coreUse1;
    t.hasResourceProperties('AWS::SNS::Topic', { TopicName: 'acme-prod-alerts-critical', KmsMasterKeyId: Match.anyValue() });
    t.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
            Condition: { StringEquals: { 'aws:SourceAccount': '111122223333' } },
          }),
        ]),
      },
    });
    t.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
    t.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'oncall@example.com' });
  });
});

describe('Contributor Insights switches', () => {
  it('creates no rules at all when switched off globally', () => {
    const { templates } = synthConfig({ ...config, contributorInsights: { enabled: false } });
    for (const t of Object.values(templates)) t.resourceCountIs('AWS::CloudWatch::InsightRule', 0);
  });
});

describe('Top-N rules are created after the log groups they read', () => {
  const { monitoring } = buildApp({
    prefix: 'acme',
    hostedZones: [{ zoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com', queryLogging: { create: true } }],
    resolverVpcs: [{ vpcId: 'vpc-0123456789abcdef0', region: 'eu-west-1', queryLogging: { create: true } }],
    alerts: { email: ['oncall@example.com'] },
  });
  const byName = Object.fromEntries(monitoring.shardStacks.map((s) => [s.stackName, s]));

  it('the hosted-zone rules stack depends on every zone stack (which creates the log groups)', () => {
    const deps = byName['acme-top-n'].dependencies.map((d) => d.stackName);
    expect(deps).toEqual(expect.arrayContaining(['acme-zones-1']));
  });

  it('the VPC rules depend on the Resolver log group created in the same stack', () => {
    const t = Template.fromStack(monitoring.coreStacks['eu-west-1']).toJSON();
    const logGroup = Object.entries<any>(t.Resources).find(([, r]) => r.Type === 'AWS::Logs::LogGroup')![0];
    const rules = Object.values<any>(t.Resources).filter((r) => r.Type === 'AWS::CloudWatch::InsightRule');
    expect(rules.length).toBeGreaterThan(0);
    for (const r of rules) expect(r.DependsOn).toEqual(expect.arrayContaining([logGroup]));
  });
});
