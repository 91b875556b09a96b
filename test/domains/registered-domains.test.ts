/**
 * `registeredDomains` from the config file to the templates: the config's rules (with the field
 * and the fix), the watcher in the us-east-1 core stack whatever the primary region, its hourly
 * schedule and input, and each domain's alarms (thresholds, statistic, evaluation, topics).
 */
import { Match } from 'aws-cdk-lib/assertions';
import { parseConfig } from '../../lib/config/load';
import { DOMAIN_DIMENSION, DOMAIN_REGISTRATION_METRICS, DOMAIN_REGISTRATION_NAMESPACE } from '../../contracts/domain-registration';
import { parseAlarmContext } from '../../contracts/alarm-context';
import { ROUTE53_DOMAINS } from '../../lib/aws-facts';
import { REGISTERED_DOMAIN_DEFAULTS } from '../../lib/config/domains-schema';
import { MAX_PROBE_INPUT_BYTES } from '../../lib/config/dns-checks-schema';
import { deploymentRegions } from '../../lib/model/regions';
import { planConfig } from '../../lib/plan';
import { ASSUMPTIONS } from '../../lib/plan/prices';
import { issuesOf } from '../support/config-issues';
import { buildApp, synthConfig } from '../support/synth';
import { ConfigError } from '../../lib/config/errors';
import { changeAuditStackName } from '../../lib/naming';

const base = { prefix: 'acme', alerts: { email: ['oncall@example.com'], sms: ['+14155550100'] } };

describe('registeredDomains in the config', () => {
  it('defaults sit below the day Route 53 renews automatically, from the facts module', () => {
    const cfg = parseConfig({ ...base, registeredDomains: [{ name: 'Example.COM.' }, { name: 'example.co.jp' }] });
    expect(cfg.registeredDomains).toEqual([
      { name: 'example.com', expiryWarningDays: 25, expiryCriticalDays: 10, autoRenew: true, configPath: 'registeredDomains[0]' },
      { name: 'example.co.jp', expiryWarningDays: 25, expiryCriticalDays: 10, autoRenew: true, configPath: 'registeredDomains[1]' },
    ]);
    expect(REGISTERED_DOMAIN_DEFAULTS.expiryWarningDays).toBeLessThan(ROUTE53_DOMAINS.lateAutoRenew.days);
    expect(ROUTE53_DOMAINS.lateAutoRenew.days).toBeLessThan(ROUTE53_DOMAINS.autoRenewDaysBeforeExpiry);
  });

  it('a config of registered domains alone deploys to us-east-1 (the Route 53 Domains API\'s region), even with a VPC elsewhere', () => {
    expect(deploymentRegions(parseConfig({ ...base, registeredDomains: [{ name: 'example.com' }] }))).toEqual({ regions: ['us-east-1'], primary: 'us-east-1' });
    const withVpc = parseConfig({ ...base, primaryRegion: 'eu-west-1', resolverVpcs: [{ vpcId: 'vpc-0123456789abcdef0', region: 'eu-west-1' }], registeredDomains: [{ name: 'example.com' }] });
    expect(deploymentRegions(withVpc)).toEqual({ regions: ['eu-west-1', 'us-east-1'], primary: 'eu-west-1' });
  });

  it.each([
    [{ name: 'com' }, 'registeredDomains[0].name', /is a top-level domain/],
    [{ name: '_dmarc.example.com' }, 'registeredDomains[0].name', /has an underscore/],
    [{ name: 'exa mple.com' }, 'registeredDomains[0].name', /is not a domain name/],
    [{ name: 'example.com', expiryCriticalDays: 30, autoRenew: false }, 'registeredDomains[0].expiryCriticalDays', /critical alarm \(30 days\) would fire before the warning \(25 days\)/],
    [{ name: 'example.com', expiryWarningDays: 35 }, 'registeredDomains[0].expiryWarningDays', /renews example\.com automatically 35 days before it expires.*fewer than 35 days, or set autoRenew: false/],
    [{ name: 'example.jp', expiryWarningDays: 30 }, 'registeredDomains[0].expiryWarningDays', /renews example\.jp automatically 30 days before/],
    [{ name: 'example.com', expiryWarningDays: 0 }, 'registeredDomains[0].expiryWarningDays', /must be at least 1 day/],
    [{ name: 'example.com', expiryWarningDays: 400, autoRenew: false }, 'registeredDomains[0].expiryWarningDays', /must be at most 365 days/],
    [{ name: 'example.com', expiryWarningDays: 20.5 }, 'registeredDomains[0].expiryWarningDays', /whole number of days/],
    [{ name: 'example.com', autoRenew: 'yes' }, 'registeredDomains[0].autoRenew', /must be true or false/],
    [{ name: 'example.com', renew: true }, 'registeredDomains[0].renew', /renew/],
  ])('%j is refused at %s', (domain, path, message) => {
    const issues = issuesOf({ ...base, registeredDomains: [domain] });
    expect(issues).toEqual([{ path, message: expect.stringMatching(message) }]);
  });

  it('the same domain twice, in other capitals or with a final dot, is refused at the repeat', () => {
    expect(issuesOf({ ...base, registeredDomains: [{ name: 'example.com' }, { name: 'EXAMPLE.com.' }] })).toEqual([
      { path: 'registeredDomains[1].name', message: 'EXAMPLE.com. is listed twice (first at registeredDomains[0]) — list each domain once' },
    ]);
  });

  it(`more than ${REGISTERED_DOMAIN_DEFAULTS.maxDomains} domains are refused`, () => {
    const many = Array.from({ length: REGISTERED_DOMAIN_DEFAULTS.maxDomains + 1 }, (_, i) => ({ name: `d${i}.example` }));
    expect(issuesOf({ ...base, registeredDomains: many })).toEqual([{ path: 'registeredDomains', message: expect.stringMatching(/more than 100 domains.*second deployment/) }]);
  });

  it('cannot share a config with GovCloud or China regions (the API is in the aws partition only)', () => {
    const issues = issuesOf({ ...base, resolverVpcs: [{ vpcId: 'vpc-0123456789abcdef0', region: 'us-gov-west-1' }], registeredDomains: [{ name: 'example.com' }] });
    expect(issues).toEqual([{ path: 'resolverVpcs[0].region', message: expect.stringMatching(/us-gov-west-1 is in the aws-us-gov partition, but this config deploys to us-east-1 \(registered domains\)/) }]);
  });
});

describe('the registration watcher as synthesized', () => {
  const synth = synthConfig({
    ...base,
    alerts: { email: ['oncall@example.com'], critical: { sms: ['+14155550100'] } },
    primaryRegion: 'eu-west-1',
    resolverVpcs: [{ vpcId: 'vpc-0123456789abcdef0', region: 'eu-west-1' }],
    registeredDomains: [{ name: 'example.com' }, { name: 'Example.NET', autoRenew: false, expiryWarningDays: 60, expiryCriticalDays: 21 }],
  } as never);
  const t = synth.templates['acme-core-us-east-1'];
  const topic = (severity: string, sms = false) => `arn:aws:sns:us-east-1:111122223333:acme-alerts-${severity}${sms ? '-sms' : ''}`;

  it('is in the us-east-1 core stack only, though the primary region is eu-west-1', () => {
    t.resourceCountIs('AWS::Scheduler::Schedule', 1);
    expect(Object.keys(synth.templates['acme-core-eu-west-1'].findResources('AWS::Lambda::Function', { Properties: { FunctionName: 'acme-domain-watcher' } }))).toEqual([]);
    t.hasResourceProperties('AWS::Lambda::Function', { FunctionName: 'acme-domain-watcher', Architectures: ['arm64'] });
  });

  it('runs every hour at minute 7 with the domain names and Scheduler\'s scheduled time, retrying twice into a dead-letter queue', () => {
    t.hasResourceProperties('AWS::Scheduler::Schedule', {
      Name: 'acme-domain-watcher',
      ScheduleExpression: 'cron(7 * * * ? *)',
      FlexibleTimeWindow: { Mode: 'OFF' },
      Target: {
        Input: JSON.stringify({ time: '<aws.scheduler.scheduled-time>', domains: ['example.com', 'example.net'] }),
        RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 1800 },
        DeadLetterConfig: { Arn: Match.anyValue() },
      },
    });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'acme-domain-watcher-dead-letters-count' });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'acme-domain-watcher-errors', Namespace: 'AWS/Lambda', MetricName: 'Errors', Threshold: 1 });
  });

  const alarm = (name: string) => {
    const found = Object.values(t.findResources('AWS::CloudWatch::Alarm', { Properties: { AlarmName: name } }));
    expect(found).toHaveLength(1);
    return found[0].Properties;
  };

  it('gives a domain that renews automatically a warning, a critical and an auto-renew alarm on its metrics', () => {
    const metric = (name: string) => ({ Namespace: DOMAIN_REGISTRATION_NAMESPACE, MetricName: name, Dimensions: [{ Name: DOMAIN_DIMENSION, Value: 'example.com' }] });
    const evaluation = { Statistic: 'Minimum', Period: 3600, EvaluationPeriods: 3, DatapointsToAlarm: 1, ComparisonOperator: 'LessThanThreshold', TreatMissingData: 'missing' };
    expect(alarm('acme-example.com-expiry-registration')).toMatchObject({ ...metric(DOMAIN_REGISTRATION_METRICS.daysToExpiry), ...evaluation, Threshold: 25 });
    expect(alarm('acme-example.com-expiry-critical-registration')).toMatchObject({ ...metric(DOMAIN_REGISTRATION_METRICS.daysToExpiry), ...evaluation, Threshold: 10 });
    expect(alarm('acme-example.com-auto-renew-registration')).toMatchObject({ ...metric(DOMAIN_REGISTRATION_METRICS.autoRenew), ...evaluation, Threshold: 1 });
    // Severity decides the topics: with phone numbers for critical alone, only the critical alarm texts.
    expect(alarm('acme-example.com-expiry-critical-registration')).toMatchObject({ AlarmActions: [topic('critical'), topic('critical', true)], OKActions: [topic('critical')] });
    expect(alarm('acme-example.com-expiry-registration')).toMatchObject({ AlarmActions: [topic('warning')], OKActions: [topic('warning')] });
    const ctx = parseAlarmContext(alarm('acme-example.com-expiry-critical-registration').AlarmDescription);
    expect(ctx).toEqual({ subject: 'example.com', subjectId: 'example.com', signal: 'expiry-critical', kind: 'registration', severity: 'critical', region: 'us-east-1', dashboard: undefined });
  });

  it('a domain renewed by hand gets its own thresholds and no auto-renew alarm', () => {
    expect(alarm('acme-example.net-expiry-registration')).toMatchObject({ Threshold: 60 });
    expect(alarm('acme-example.net-expiry-critical-registration')).toMatchObject({ Threshold: 21 });
    expect(t.findResources('AWS::CloudWatch::Alarm', { Properties: { AlarmName: 'acme-example.net-auto-renew-registration' } })).toEqual({});
    expect(String(alarm('acme-example.net-expiry-registration').AlarmDescription)).toContain('It is renewed by hand (autoRenew: false): renew it now');
  });

  it('a threshold of one day reads "fewer than 1 day"', () => {
    const one = synthConfig({ ...base, registeredDomains: [{ name: 'example.org', autoRenew: false, expiryWarningDays: 2, expiryCriticalDays: 1 }] } as never).templates['acme-core-us-east-1'];
    const [d] = Object.values(one.findResources('AWS::CloudWatch::Alarm', { Properties: { AlarmName: 'acme-example.org-expiry-critical-registration' } })).map((a) => String(a.Properties.AlarmDescription));
    expect(d).toMatch(/^The registration of example\.org expires in fewer than 1 day\b/);
  });

  it('alarm logical ids follow the domain, not its place in the list', () => {
    const ids = (domains: object[]) => {
      const s = synthConfig({ ...base, registeredDomains: domains } as never);
      const alarms = s.templates['acme-core-us-east-1'].findResources('AWS::CloudWatch::Alarm');
      return Object.fromEntries(Object.entries(alarms).filter(([, a]) => String(a.Properties.AlarmName).endsWith('-registration')).map(([id, a]) => [a.Properties.AlarmName, id]));
    };
    const before = ids([{ name: 'a.example' }, { name: 'b.example' }]);
    const after = ids([{ name: 'b.example' }]);
    expect(Object.keys(after).length).toBe(3);
    for (const [name, id] of Object.entries(after)) expect([name, before[name]]).toEqual([name, id]);
  });
});

describe('plan of registered domains', () => {
  const plan = planConfig(parseConfig({ ...base, registeredDomains: [{ name: 'example.com' }, { name: 'example.net', autoRenew: false }] }));

  it('gives each domain a row with its two metrics and its alarms', () => {
    const rows = plan.subjects.filter((s) => s.type === 'domain');
    expect(rows.map((r) => [r.name, r.region, r.counts.customMetrics, r.counts.alarms])).toEqual([
      ['example.com', 'us-east-1', 2, 3],
      ['example.net', 'us-east-1', 2, 2],
    ]);
    // $0.30 a metric and $0.10 an alarm a month (PRICES, us-east-1).
    expect(rows.map((r) => Math.round(r.monthlyUsd * 100) / 100)).toEqual([0.9, 0.8]);
  });

  it('states their worst-case detection and why', () => {
    const expiry = plan.alarms.filter((a) => a.kind === 'registration');
    expect(expiry).toHaveLength(5);
    for (const a of expiry) expect(a).toMatchObject({ detectionSeconds: 2 * 3600 + 120, sourceDelayWhy: 'registration metrics: hourly runs, one datapoint per period' });
  });
});

describe('registered domains on the landing dashboard', () => {
  const landing = (domains: object[]) => {
    const s = synthConfig({ ...base, hostedZones: [{ zoneId: 'Z1111111111AAAAAAAAAA', zoneName: 'example.com' }], registeredDomains: domains } as never);
    return Object.values(s.templates['acme-dashboards-us-east-1'].findResources('AWS::CloudWatch::Dashboard'))
      .map((d) => d.Properties)
      .filter((p) => /-dns-landing/.test(JSON.stringify(p.DashboardName)))
      .flatMap((p) => JSON.parse(typeof p.DashboardBody === 'string' ? p.DashboardBody : p.DashboardBody['Fn::Sub'] ?? JSON.stringify(p.DashboardBody)).widgets);
  };
  const tiles = (widgets: any[]) => widgets.filter((w) => String(w.properties?.title ?? '').startsWith('Registered domains'));

  it('shows each domain\'s days to expiry, the lowest of the hour, in us-east-1', () => {
    const [tile, ...more] = tiles(landing([{ name: 'example.com' }, { name: 'example.net', autoRenew: false }]));
    expect(more).toEqual([]);
    expect(tile.properties).toMatchObject({ title: 'Registered domains: days to expiry', region: 'us-east-1', view: 'singleValue', period: 3600 });
    expect(tile.properties.metrics).toEqual([
      [DOMAIN_REGISTRATION_NAMESPACE, DOMAIN_REGISTRATION_METRICS.daysToExpiry, DOMAIN_DIMENSION, 'example.com', { id: 'd0', stat: 'Minimum', label: 'example.com', period: 3600 }],
      [DOMAIN_REGISTRATION_NAMESPACE, DOMAIN_REGISTRATION_METRICS.daysToExpiry, DOMAIN_DIMENSION, 'example.net', { id: 'd1', stat: 'Minimum', label: 'example.net', period: 3600 }],
    ]);
  });

  it('a config of registered domains alone: the landing header does not promise zone and VPC dashboards it has none of', () => {
    const landingOf = (config: object) =>
      Object.values(synthConfig({ ...base, ...config } as never).templates['acme-dashboards-us-east-1'].findResources('AWS::CloudWatch::Dashboard'))
        .map((d) => JSON.stringify(d.Properties.DashboardBody))
        .filter((b) => b.includes('# DNS monitoring — acme'));
    const domainsOnly = landingOf({ registeredDomains: [{ name: 'example.com' }] });
    expect(domainsOnly).toHaveLength(1);
    expect(domainsOnly[0]).not.toContain('Zone and VPC dashboards');
    expect(domainsOnly[0]).not.toContain('### Dashboards');
    expect(domainsOnly[0]).toContain("This deployment's alarms are listed below.");
    // DNS checks alone: their dashboard is listed, and it is no zone's or VPC's.
    const checksOnly = landingOf({ dnsChecks: [{ name: 'www', query: 'www.example.com', type: 'A', servers: ['192.0.2.53'], expect: { answers: ['192.0.2.10'] } }] });
    expect(checksOnly[0]).not.toContain('Zone and VPC dashboards');
    expect(checksOnly[0]).toContain("This deployment's dashboards and alarms are listed below.");
    expect(checksOnly[0]).toContain('[DNS checks](');
    expect(JSON.stringify(landing([{ name: 'example.com' }]))).toContain("This deployment's dashboards and alarms are listed below.");
  });

  it('splits many domains over tiles of 20', () => {
    const t = tiles(landing(Array.from({ length: 45 }, (_, i) => ({ name: `d${i}.example` }))));
    expect(t.map((w) => [w.properties.title, w.properties.metrics.length])).toEqual([
      ['Registered domains: days to expiry (1/3)', 20],
      ['Registered domains: days to expiry (2/3)', 20],
      ['Registered domains: days to expiry (3/3)', 5],
    ]);
  });
});

describe('a domain of the longest name DNS allows (253 characters)', () => {
  const long = `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(57)}.com`;
  const t = synthConfig({ ...base, alerts: { ...base.alerts, runbookUrl: `https://runbooks.example.com/${'x'.repeat(200)}` }, registeredDomains: [{ name: long }] } as never).templates['acme-core-us-east-1'];
  const alarms = Object.values(t.findResources('AWS::CloudWatch::Alarm')).map((a) => a.Properties).filter((p) => String(p.AlarmName).endsWith('-registration'));

  it('keeps its alarm names and descriptions within CloudWatch\'s limits, the context line whole', () => {
    expect(long).toHaveLength(253);
    expect(alarms).toHaveLength(3);
    for (const a of alarms) {
      expect(String(a.AlarmName).length).toBeLessThanOrEqual(255);
      expect(String(a.AlarmDescription).length).toBeLessThanOrEqual(1024);
      expect(parseAlarmContext(a.AlarmDescription)).toMatchObject({ subject: long, subjectId: long, kind: 'registration' });
    }
  });
});

describe('adding registered domains to a deployment without us-east-1', () => {
  const vpcOnly = { ...base, resolverVpcs: [{ vpcId: 'vpc-0123456789abcdef0', region: 'eu-west-1' }] };
  const deployed = buildApp(vpcOnly as never).monitoring.assignments;

  it('is refused until the config keeps the recorded primary region, which the refusal names', () => {
    expect(deployed.primaryRegion).toBe('eu-west-1');
    let error: unknown;
    try {
      buildApp({ ...vpcOnly, registeredDomains: [{ name: 'example.com' }] } as never, { assignments: deployed });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).issues).toEqual([{ path: 'primaryRegion', message: expect.stringContaining('set primaryRegion: eu-west-1 in the config to keep them where they are') }]);
    const kept = buildApp({ ...vpcOnly, primaryRegion: 'eu-west-1', registeredDomains: [{ name: 'example.com' }] } as never, { assignments: deployed }).monitoring;
    expect(Object.keys(kept.coreStacks).sort()).toEqual(['eu-west-1', 'us-east-1']);
    expect(kept.assignments.primaryRegion).toBe('eu-west-1');
  });
});

describe('the largest registeredDomains the config takes', () => {
  it('fits the schedule\'s input within the bound the DNS prober\'s input keeps (AWS states no maximum for it)', () => {
    // 100 domains of 253 characters, each unique in its first label.
    const name = (i: number) => `${String(i).padStart(3, '0')}${'a'.repeat(60)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(57)}.com`;
    const domains = Array.from({ length: REGISTERED_DOMAIN_DEFAULTS.maxDomains }, (_, i) => ({ name: name(i) }));
    expect(domains.every((d) => d.name.length === 253)).toBe(true);
    const t = synthConfig({ ...base, registeredDomains: domains } as never).templates['acme-core-us-east-1'];
    const [schedule] = Object.values(t.findResources('AWS::Scheduler::Schedule', { Properties: { Name: 'acme-domain-watcher' } }));
    const bytes = Buffer.byteLength(schedule.Properties.Target.Input as string);
    expect(bytes).toBeGreaterThan(25_000);
    expect(bytes).toBeLessThanOrEqual(MAX_PROBE_INPUT_BYTES);
  });
});

describe('registrar calls in the change audit', () => {
  const rulesOf = (config: Record<string, unknown>) => {
    const synth = synthConfig({ ...base, ...config } as never);
    return Object.entries(synth.templates)
      .flatMap(([stack, t]) => Object.values(t.findResources('AWS::Events::Rule')).map((r) => ({ stack, name: r.Properties.Name as string, pattern: r.Properties.EventPattern })))
      .filter((r) => r.name.includes('-dns-audit'));
  };

  it('watches the registrar for a config of registered domains alone, in a change-audit stack of us-east-1', () => {
    const rules = rulesOf({ registeredDomains: [{ name: 'example.com' }] });
    // Query logging and health-check deletions are watched for zones only.
    expect(rules.map((r) => r.name).sort()).toEqual(['acme-dns-audit-domain-settings-1', 'acme-dns-audit-registrar-1']);
    expect(new Set(rules.map((r) => r.stack))).toEqual(new Set([changeAuditStackName('acme', 1)]));
    expect(rules.find((r) => r.name.endsWith('registrar-1'))!.pattern.detail.eventName).toEqual(expect.arrayContaining(['UpdateDomainNameservers', 'updateDomainNameservers']));
  });

  it('next to monitored zones, in the first audit part', () => {
    const rules = rulesOf({ hostedZones: [{ zoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com' }], registeredDomains: [{ name: 'example.com' }] });
    expect(rules.map((r) => r.name)).toEqual(expect.arrayContaining(['acme-dns-audit-registrar-1', 'acme-dns-audit-domain-settings-1', 'acme-dns-audit-records-1']));
  });

  it('plan counts the audit publisher\'s runs of both registrar rules (ASSUMPTIONS: notifications a month per rule)', () => {
    const requests = (changeAudit: object) =>
      planConfig(parseConfig({ ...base, registeredDomains: [{ name: 'example.com' }], changeAudit } as never)).monthly.lines.find((l) => l.id === 'lambda-requests')!.units;
    expect(requests({}) - requests({ enabled: false })).toBe(2 * ASSUMPTIONS.notificationsPerTopicPerMonth);
  });

  it('not without registered domains, nor with the change audit turned off', () => {
    expect(rulesOf({ hostedZones: [{ zoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com' }] }).map((r) => r.name)).not.toContain('acme-dns-audit-registrar-1');
    expect(rulesOf({ registeredDomains: [{ name: 'example.com' }], changeAudit: { enabled: false } })).toEqual([]);
  });
});
