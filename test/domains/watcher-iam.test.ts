/**
 * The registration watcher's role, through the IAM evaluator over the synthesized policies: it may
 * list the account's domain registrations, publish in its own namespace and write its own logs;
 * no contact details, no change to a domain, no other namespace, no log or metric reads, no
 * records. And its scheduler role may invoke it alone.
 */
import { DOMAIN_REGISTRATION_NAMESPACE } from '../../contracts/domain-registration';
import { roleIdentityPolicies, simulate } from '../support/iam/policies';
import { deploymentOf, TEST_ACCOUNT } from '../support/iam/app';

const d = deploymentOf({
  prefix: 'acme',
  hostedZones: [{ zoneId: 'Z1111111111AAAAAAAAAA', zoneName: 'example.com' }],
  alerts: { email: ['oncall@example.com'] },
  registeredDomains: [{ name: 'example.com' }, { name: 'example.net', autoRenew: false }],
} as never);
const roles = d.resources('AWS::IAM::Role');
const [watcher] = roles.filter((r) => r.logicalId.startsWith('DomainRegistrationWatcherRole'));
const [schedulerRole] = roles.filter((r) => r.logicalId.startsWith('DomainRegistrationWatcherSchedulerRole'));

describe('registration watcher role', () => {
  it('exists once, in us-east-1', () => {
    expect(roles.filter((r) => r.logicalId.startsWith('DomainRegistrationWatcherRole')).map((r) => r.stack.region)).toEqual(['us-east-1']);
  });

  it('lists domain registrations, publishes its metrics and writes its logs; nothing else', async () => {
    const identityPolicies = roleIdentityPolicies(d, watcher);
    const may = (action: string, resource: string, context: Record<string, string> = {}) =>
      simulate({ principal: d.arnOf(watcher), action, resource, resourceAccount: TEST_ACCOUNT, identityPolicies, context });
    const logGroup = `arn:aws:logs:us-east-1:${TEST_ACCOUNT}:log-group:/codreum/acme/domain-watcher`;
    expect(await may('route53domains:ListDomains', '*')).toBe('Allowed');
    expect(await may('cloudwatch:PutMetricData', '*', { 'cloudwatch:namespace': DOMAIN_REGISTRATION_NAMESPACE })).toBe('Allowed');
    expect(await may('cloudwatch:PutMetricData', '*', { 'cloudwatch:namespace': 'Codreum/DNS' })).not.toBe('Allowed');
    expect(await may('logs:PutLogEvents', `${logGroup}:log-stream:2026/12/05/[$LATEST]abc`)).toBe('Allowed');
    // Contact details (GetDomainDetail), transfers and changes to a domain.
    for (const action of ['route53domains:GetDomainDetail', 'route53domains:RetrieveDomainAuthCode', 'route53domains:DisableDomainAutoRenew', 'route53domains:UpdateDomainNameservers', 'route53domains:TransferDomainToAnotherAwsAccount']) {
      expect([action, await may(action, '*')]).toEqual([action, 'ImplicitlyDenied']);
    }
    expect(await may('route53:ListResourceRecordSets', 'arn:aws:route53:::hostedzone/Z1111111111AAAAAAAAAA')).not.toBe('Allowed');
    expect(await may('logs:FilterLogEvents', `arn:aws:logs:us-east-1:${TEST_ACCOUNT}:log-group:/aws/route53/example.com`)).not.toBe('Allowed');
    expect(await may('cloudwatch:GetMetricData', '*')).not.toBe('Allowed');
  });

  it('its scheduler role may invoke the watcher and no other function', async () => {
    const identityPolicies = roleIdentityPolicies(d, schedulerRole);
    const may = (resource: string) => simulate({ principal: d.arnOf(schedulerRole), action: 'lambda:InvokeFunction', resource, resourceAccount: TEST_ACCOUNT, identityPolicies });
    expect(await may(`arn:aws:lambda:us-east-1:${TEST_ACCOUNT}:function:acme-domain-watcher`)).toBe('Allowed');
    expect(await may(`arn:aws:lambda:us-east-1:${TEST_ACCOUNT}:function:acme-dns-prober`)).not.toBe('Allowed');
  });
});
