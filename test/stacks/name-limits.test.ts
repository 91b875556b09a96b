/**
 * Names the app builds from the config (prefix, check names) against AWS's own rules: every
 * property value of every resource (test/support/schema-values.ts), at the longest prefix (24 characters) and check name
 * (48) the config accepts, must meet its length and pattern in the CloudFormation resource schemas
 * AWS publishes (as cfn-lint ships them). The fixed names matter most: the prober function and
 * its schedule (<prefix>-dns-prober in every vantage region) and the reporter's rule.
 */
import { deploymentOf } from '../support/iam/app';
import { schemaValueProblems } from '../support/schema-values';
import { apiValueProblems } from '../support/api-values';
import { SNS_TOPICS } from '../../lib/aws-facts';

const prefix = 'a'.repeat(23) + 'z';
const check = 'c'.repeat(47) + 'z';
const LONGEST_DOMAIN = ['a', 'b', 'c'].map((c) => c.repeat(63)).join('.') + '.' + 'd'.repeat(57) + '.com';
const d = deploymentOf({
  prefix,
  hostedZones: [{ zoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com' }],
  alerts: { email: ['oncall@example.com'] },
  dnsChecks: [{ name: check, query: 'www.example.com', type: 'A', servers: ['192.0.2.53'], regions: ['us-east-1', 'eu-west-1'], expect: {} }],
  // The longest domain name DNS allows (253 characters): the watcher's alarms, and the change
  // audit's registrar rules at this prefix.
  registeredDomains: [{ name: LONGEST_DOMAIN }],
  // The longest window name (32) muting the longest check name: the longest mute rule name.
  maintenanceWindows: [{ name: 'w'.repeat(31) + 'z', schedule: 'cron(0 2 * * SUN)', duration: '1h', reason: 'r'.repeat(300), zones: ['example.com'], dnsChecks: [check] }],
} as never);

describe('names at the longest prefix and check name the config accepts', () => {
  it('the config accepts them (else this test proves nothing)', () => {
    expect(d.resources('AWS::Lambda::Function').map((f) => d.physicalName(f))).toContain(`${prefix}-dns-prober`);
    expect(d.resources('AWS::CloudWatch::AlarmMuteRule').map((r) => d.props(r).Name)).toContain(`${prefix}-maintenance-${'w'.repeat(31)}z-dns-check-${check}`);
    expect(LONGEST_DOMAIN).toHaveLength(253);
    expect(d.resources('AWS::Events::Rule').map((r) => d.props(r).Name)).toEqual(expect.arrayContaining([`${prefix}-dns-audit-registrar-1`, `${prefix}-dns-audit-domain-settings-1`]));
  });

  it('every property value meets its CloudFormation schema (lengths, patterns, enums, bounds, nested too)', () => {
    const problems = d.resources().flatMap((r) => schemaValueProblems(r.type, d.props(r), r.stack.region, r.logicalId));
    expect(problems).toEqual([]);
  });

  it('every property value meets the API CloudFormation calls with it, as AWS\'s API models say (test/support/api-values.ts)', () => {
    const problems = d.resources().flatMap((r) => apiValueProblems(r.type, r.stack.template.Resources[r.logicalId].Properties, `${r.stack.stackName}/${r.logicalId}`));
    expect(problems).toEqual([]);
  });

  it('names every topic as CreateTopic takes (SNS_TOPICS; its API model gives no rule)', () => {
    const names = d.resources('AWS::SNS::Topic').map((t) => d.props(t).TopicName as string);
    expect(names.length).toBeGreaterThan(2);
    for (const n of names) expect(n).toMatch(new RegExp(`^${SNS_TOPICS.namePattern}$`));
  });

  it('checks the fixed names of the DNS checks against their schema rules', () => {
    const named = [
      ...d.resources('AWS::Lambda::Function').filter((f) => f.logicalId.startsWith('DnsProberFunction')).map((f) => d.props(f).FunctionName),
      ...d.resources('AWS::Scheduler::Schedule').filter((s) => s.logicalId.startsWith('DnsProber')).map((s) => d.props(s).Name),
      ...d.resources('AWS::Events::Rule').filter((r) => r.logicalId.startsWith('DnsCheckReporter')).map((r) => d.props(r).Name),
    ];
    expect(named.sort()).toEqual([`${prefix}-dns-check-reporter`, `${prefix}-dns-prober`, `${prefix}-dns-prober`, `${prefix}-dns-prober`, `${prefix}-dns-prober`]);
  });

  it('checks the registration watcher\'s fixed names and the longest domain\'s alarms against their schema rules', () => {
    expect(d.resources('AWS::Scheduler::Schedule').filter((s) => s.logicalId.startsWith('DomainRegistrationWatcher')).map((s) => d.props(s).Name)).toEqual([`${prefix}-domain-watcher`]);
    const domainAlarms = d.resources('AWS::CloudWatch::Alarm').filter((a) => String(d.props(a).AlarmDescription).includes(`subject=${LONGEST_DOMAIN}`));
    expect(domainAlarms).toHaveLength(3);
  });
});
