/** Alert routing: per-severity destinations, named routes per zone/VPC, existing topics, composite. */
import { SLACK_INTAKE } from '../../lib/alerts/slack-webhook-notifier';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { SLACK_DEAD_LETTER_REASONS } from '../../contracts/slack-notifier';
import { ALARMS } from '../../lib/aws-facts';
import { ConfigError } from '../../lib/config/errors';
import { parseConfig } from '../../lib/config/load';
import { buildApp, synthConfig } from '../support/synth';

const Z1 = 'Z0123456789ABCDEFGHIJ';
const Z2 = 'Z0987654321JIHGFEDCBA';
const VPC = 'vpc-0123456789abcdef0';
const PAGER = 'arn:aws:sns:us-east-1:111122223333:pagerduty-critical';
const PAGER_EU = 'arn:aws:sns:eu-west-1:111122223333:pagerduty-critical';

const config = {
  prefix: 'acme',
  hostedZones: [
    { zoneId: Z1, zoneName: 'example.com' },
    { zoneId: Z2, zoneName: 'dev.example.com', alertRoute: 'quiet' },
  ],
  resolverVpcs: [{ vpcId: VPC, region: 'eu-west-1' }],
  alerts: {
    email: ['dns-team@example.com'],
    critical: { topicArns: [PAGER, PAGER_EU] },
    routes: { quiet: { email: ['dev-dns@example.com'] } },
  },
};

function arnsOf(t: any, name: string): string {
  const alarm = Object.values(t.findResources('AWS::CloudWatch::Alarm')).find((a: any) => a.Properties.AlarmName === name) as any;
  const comp = Object.values(t.findResources('AWS::CloudWatch::CompositeAlarm')).find((a: any) => a.Properties.AlarmName === name) as any;
  return JSON.stringify((alarm ?? comp).Properties.AlarmActions);
}

describe('alert routing', () => {
  const { templates } = synthConfig(config);
  const zones = templates['acme-zones-1'];
  const core = templates['acme-core-us-east-1'];
  const coreEu = templates['acme-core-eu-west-1'];

  it('sends critical alarms of the default route to the existing topic of their region', () => {
    expect(arnsOf(zones, 'acme-example.com-unhealthy-composite')).toBe(JSON.stringify([PAGER]));
    expect(arnsOf(templates['acme-vpcs-eu-west-1-1'], 'acme-vpc-0123456789abcdef0-unhealthy-composite')).toBe(JSON.stringify([PAGER_EU]));
  });

  it('sends warnings of the default route to the created warning topic', () => {
    expect(arnsOf(zones, 'acme-example.com-nxdomain-rate')).toContain(':acme-alerts-warning');
  });

  it('sends every alarm of a zone on a named route to that route\'s topics', () => {
    expect(arnsOf(zones, 'acme-dev.example.com-nxdomain-rate')).toContain(':acme-alerts-quiet-warning');
    expect(arnsOf(zones, 'acme-dev.example.com-unhealthy-composite')).toContain(':acme-alerts-quiet-critical');
  });

  it('sends the DNSQueries and logs-stopped alarms of zones sharing a log group each to its own zone\'s route', () => {
    const shared = synthConfig({
      ...config,
      hostedZones: [
        { zoneId: Z1, zoneName: 'example.com', queryLogging: { logGroupName: '/dns/shared' } },
        { zoneId: Z2, zoneName: 'dev.example.com', alertRoute: 'quiet', queryLogging: { logGroupName: '/dns/shared' } },
      ],
    }).templates['acme-zones-1'];
    expect(arnsOf(shared, 'acme-example.com-query-logs-logs-stopped')).toContain(':acme-alerts-warning');
    expect(arnsOf(shared, 'acme-dev.example.com-query-logs-logs-stopped')).toContain(':acme-alerts-quiet-warning');
  });

  it('creates no topic where an existing one is used, and subscribes each route\'s own destinations', () => {
    const names = Object.values(core.findResources('AWS::SNS::Topic')).map((t: any) => t.Properties.TopicName).sort();
    expect(names).toEqual(['acme-alerts-quiet-critical', 'acme-alerts-quiet-warning', 'acme-alerts-warning']);
    core.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'dev-dns@example.com', TopicArn: { Ref: Match.stringLikeRegexp('quietcritical') } });
    // The quiet route is not used in eu-west-1: no topics for it there.
    const euNames = Object.values(coreEu.findResources('AWS::SNS::Topic')).map((t: any) => t.Properties.TopicName);
    expect(euNames).toEqual(['acme-alerts-warning']);
  });

  it('can turn the composite off: critical alarms then notify directly', () => {
    const { templates: t } = synthConfig({ ...config, alerts: { ...config.alerts, zoneUnhealthy: false } });
    t['acme-zones-1'].resourceCountIs('AWS::CloudWatch::CompositeAlarm', 0);
    expect(arnsOf(t['acme-zones-1'], 'acme-example.com-servfail-rate')).toBe(JSON.stringify([PAGER]));
  });

  it('leaves OK notifications out when switched off', () => {
    const { templates: t } = synthConfig({ ...config, alerts: { ...config.alerts, okNotifications: false } });
    const alarms = Object.values(t['acme-zones-1'].findResources('AWS::CloudWatch::Alarm')) as any[];
    expect(alarms.every((a) => a.Properties.OKActions === undefined)).toBe(true);
  });
});

describe('alert routing validation', () => {
  const issues = (c: unknown) => {
    try {
      parseConfig(c);
    } catch (e) {
      return (e as ConfigError).issues;
    }
    throw new Error('accepted');
  };

  it('rejects an unknown route on a zone', () => {
    expect(issues({ ...config, hostedZones: [{ zoneId: Z1, zoneName: 'example.com', alertRoute: 'pager' }] })).toContainEqual({
      path: 'hostedZones[0].alertRoute',
      message: expect.stringMatching(/unknown alert route 'pager' — define it under alerts.routes \(defined: default, quiet\)/),
    });
  });

  it('requires an existing topic in every region whose alarms use it', () => {
    const c = { ...config, alerts: { ...config.alerts, critical: { topicArns: [PAGER] } } };
    expect(issues(c)).toContainEqual({
      path: 'alerts.critical.topicArns',
      message: expect.stringMatching(/no critical topic in eu-west-1, where alarms of route 'default' live — add a topic ARN in eu-west-1/),
    });
  });

  it('requires a topic in every region of the deployment with alarms of its severity: a registered domain\'s (us-east-1), and a DNS check\'s vantage region for warnings', () => {
    const eu = 'arn:aws:sns:eu-west-1:111122223333:oncall';
    const c = {
      prefix: 'acme',
      primaryRegion: 'eu-west-1',
      resolverVpcs: [{ vpcId: VPC, region: 'eu-west-1' }],
      alerts: { topicArns: [eu] },
      registeredDomains: [{ name: 'example.com' }],
      dnsChecks: [{ name: 'www', query: 'www.example.com', type: 'A', servers: ['192.0.2.53'], regions: ['eu-west-1', 'ap-southeast-2'], expect: {} }],
    };
    const found = issues(c).filter((i) => i.path === 'alerts.topicArns').map((i) => i.message.match(/^no (\w+) topic in ([\w-]+),/)?.slice(1).join(' '));
    // A region with only a DNS prober holds warning alarms alone (its errors and dead letters).
    expect(found.sort()).toEqual(['critical us-east-1', 'warning ap-southeast-2', 'warning us-east-1']);
  });

  it('when only critical destinations are outside Slack, the alarms on undelivered Slack alerts are critical in every region, and need its topic there', () => {
    const c = {
      prefix: 'acme',
      hostedZones: [{ zoneId: Z1, zoneName: 'example.com' }],
      alerts: { slack: { webhook: {} }, critical: { topicArns: ['arn:aws:sns:us-east-1:111122223333:pager'] } },
      dnsChecks: [{ name: 'www', query: 'www.example.com', type: 'A', servers: ['192.0.2.53'], regions: ['us-east-1', 'ap-southeast-2'], expect: {} }],
    };
    expect(issues(c).filter((i) => i.path === 'alerts.critical.topicArns').map((i) => i.message.match(/^no critical topic in ([\w-]+),/)?.[1])).toEqual(['ap-southeast-2']);
  });

  it('a license\'s critical alarm needs a critical topic in the primary region, even one that holds only DNS probers', () => {
    const checks = [{ name: 'www', query: 'www.example.com', type: 'A', servers: ['192.0.2.53'], regions: ['eu-west-1'], alarm: { severity: 'warning' }, expect: {} }];
    const c = (license?: object) => ({ prefix: 'acme', alerts: { topicArns: ['arn:aws:sns:us-west-2:111122223333:oncall'] }, dnsChecks: checks, ...(license ? { license } : {}) });
    const missing = (cfg: object) => issues(cfg).filter((i) => i.path === 'alerts.topicArns').map((i) => i.message.match(/^no (\w+) topic in ([\w-]+),/)?.slice(1).join(' '));
    expect(missing(c())).toEqual(['warning eu-west-1']);
    expect(missing(c({ licenseId: 'lic_0123456789abcdef' })).sort()).toEqual(['critical eu-west-1', 'warning eu-west-1']);
  });

  it('rejects a malformed topic ARN with the expected shape', () => {
    const c = { ...config, alerts: { email: ['a@example.com'], warning: { topicArns: ['arn:aws:sqs:us-east-1:111122223333:q'] } } };
    expect(issues(c)).toContainEqual({ path: 'alerts.warning.topicArns[0]', message: expect.stringMatching(/is not an SNS topic ARN/) });
  });
});

describe('Slack dead-letter alarm', () => {
  /** The core stack of the config with the webhook notifier on, synthesized once for both tests. */
  let synthesized: ReturnType<typeof synthConfig> | undefined;
  const webhookCore = () => (synthesized ??= synthConfig({ ...config, alerts: { ...config.alerts, slack: { webhook: {} } } })).templates['acme-core-us-east-1'];

  it('alarms on the notifier DLQ to the warning topic when the webhook notifier is on', () => {
    const core = webhookCore();
    core.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'acme-slack-dead-letters-count',
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('DeadLetterQueue'), 'QueueName'] } }],
      Statistic: 'Maximum',
      Threshold: 1,
      AlarmActions: [{ Ref: Match.stringLikeRegexp('Topicwarning') }],
    });
  });

  it('says in its description what each reason the notifier writes on a dead letter means', () => {
    const alarm = Object.values(webhookCore().findResources('AWS::CloudWatch::Alarm')).find((a: any) => a.Properties.AlarmName === 'acme-slack-dead-letters-count') as any;
    const description: string = alarm.Properties.AlarmDescription;
    for (const [reason, meaning] of Object.entries(SLACK_DEAD_LETTER_REASONS)) expect(description).toContain(`${reason} (${meaning})`);
    expect(description.length).toBeLessThanOrEqual(ALARMS.maxDescriptionLength);
  });

  it('alarms, to the same topic, when the oldest alert in the notifier\'s intake queue waits longer than Slack\'s pace can explain', () => {
    const core = webhookCore();
    core.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'acme-slack-intake-backlog-age',
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateAgeOfOldestMessage',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('IntakeQueue'), 'QueueName'] } }],
      Statistic: 'Maximum',
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      Threshold: SLACK_INTAKE.backlogAlarmSeconds,
      TreatMissingData: 'notBreaching',
      AlarmActions: [{ Ref: Match.stringLikeRegexp('Topicwarning') }],
    });
  });
});

describe('destinations next to existing topics', () => {
  it('subscribes a severity\'s email and HTTPS destinations to its existing topic, and its phone numbers to an SMS topic its alarms also notify', () => {
    const c = {
      ...config,
      alerts: { ...config.alerts, critical: { email: ['dns-oncall@example.com'], sms: ['+14155550100'], https: ['https://hooks.example.com/dns'], topicArns: [PAGER, PAGER_EU] } },
    };
    const { templates } = synthConfig(c);
    for (const [stack, topic] of [['acme-core-us-east-1', PAGER], ['acme-core-eu-west-1', PAGER_EU]] as const) {
      const t = templates[stack];
      t.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'dns-oncall@example.com', TopicArn: topic });
      t.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'https', Endpoint: 'https://hooks.example.com/dns', TopicArn: topic });
      // The existing topic is the user's: the app never subscribes a phone number to it (the change
      // audit publishes its JSON there), but to its own SMS topic.
      t.resourcePropertiesCountIs('AWS::SNS::Subscription', { Protocol: 'sms', TopicArn: topic }, 0);
      t.hasResourceProperties('AWS::SNS::Topic', { TopicName: 'acme-alerts-critical-sms' });
      t.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'sms', Endpoint: '+14155550100', TopicArn: { Ref: Match.stringLikeRegexp('Topiccriticalsms') } });
    }
    // Every alarm that notifies the existing critical topic also notifies the SMS topic.
    const critical = Object.values(templates).flatMap((t) =>
      ['AWS::CloudWatch::Alarm', 'AWS::CloudWatch::CompositeAlarm'].flatMap((type) => Object.values(t.findResources(type))).map((a) => JSON.stringify(a.Properties.AlarmActions ?? [])).filter((a) => a.includes(PAGER)),
    );
    expect(critical.length).toBeGreaterThan(0);
    expect(critical.filter((a) => !/acme-alerts-critical-sms/.test(a))).toEqual([]);
  });
});

describe('Slack delivery failures reach someone outside Slack', () => {
  const slackOnly = { prefix: 'acme', hostedZones: [{ zoneId: Z1, zoneName: 'example.com' }], alerts: { slack: { webhook: {} } } };

  it('refuses a config whose only destination is the Slack webhook, naming the fix', () => {
    expect(() => parseConfig(slackOnly)).toThrow(ConfigError);
    try {
      parseConfig(slackOnly);
    } catch (e) {
      expect((e as ConfigError).issues).toContainEqual({ path: 'alerts.slack.webhook', message: expect.stringMatching(/only alert destination.*add alerts.email/) });
    }
    expect.assertions(2);
  });

  it('sends the dead-letter alarm to the severity that has a destination outside Slack', () => {
    const c = { ...slackOnly, alerts: { slack: { webhook: {} }, critical: { email: ['oncall@example.com'] } } };
    const core = synthConfig(c).templates['acme-core-us-east-1'];
    core.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'acme-slack-dead-letters-count', AlarmActions: [{ Ref: Match.stringLikeRegexp('Topiccritical') }] });
  });

  it('retains the dead-letter queue (undelivered alerts) when the stack is deleted', () => {
    const c = { ...slackOnly, alerts: { slack: { webhook: {} }, email: ['oncall@example.com'] } };
    const core = synthConfig(c).templates['acme-core-us-east-1'];
    const queues = Object.values(core.findResources('AWS::SQS::Queue')) as any[];
    expect(queues.length).toBeGreaterThan(0);
    expect(queues.map((q) => q.DeletionPolicy)).toEqual(queues.map(() => 'Retain'));
  });
});

describe('a severity whose only destination is SMS', () => {
  // SNS texts only alarms going into ALARM (never a recovery), of the change audit only the
  // critical alerts, and nothing at all from an account in the SMS sandbox or past its spend limit:
  // docs/configuration.md says to keep an email next to SMS, and synthesis now says so too.
  const smsWarnings = (alerts: object, extra: object = {}) => {
    const { monitoring } = buildApp({ prefix: 'acme', hostedZones: [{ zoneId: Z1, zoneName: 'example.com' }], alerts, ...extra } as never);
    return [...Object.values(monitoring.coreStacks), ...monitoring.shardStacks]
      .flatMap((s) => Annotations.fromStack(s).findWarning('*', Match.stringLikeRegexp('only destination')))
      .map((m) => String(m.entry.data));
  };

  it('warns at synthesis, naming the severities and what SMS leaves out', () => {
    const [w, ...more] = smsWarnings({ sms: ['+14155550100'] });
    expect(more).toEqual([]);
    expect(w).toMatch(/^SMS is the only destination of alerts \(critical and warning\): .*no recovery.*change alerts other than critical.*SMS sandbox.*spend limit.* — add an email/);
    // The critical severity alone: its path is named.
    expect(smsWarnings({ email: ['oncall@example.com'], critical: { sms: ['+14155550100'] } })).toEqual([expect.stringMatching(/^SMS is the only destination of alerts\.critical:/)]);
    // A named route too.
    expect(smsWarnings({ email: ['oncall@example.com'], routes: { pager: { sms: ['+14155550100'] } } }, { hostedZones: [{ zoneId: Z1, zoneName: 'example.com', alertRoute: 'pager' }] })).toEqual([
      expect.stringMatching(/^SMS is the only destination of alerts\.routes\.pager \(critical and warning\):/),
    ]);
  });

  it('says nothing when an email, HTTPS, an existing topic or Slack (the default route) is there too', () => {
    expect(smsWarnings({ sms: ['+14155550100'], email: ['oncall@example.com'] })).toEqual([]);
    expect(smsWarnings({ sms: ['+14155550100'], https: ['https://hooks.example.com/dns'] })).toEqual([]);
    expect(smsWarnings({ sms: ['+14155550100'], slack: { webhook: {} } })).toEqual([]);
    expect(smsWarnings({ email: ['oncall@example.com'] })).toEqual([]);
  });
});
