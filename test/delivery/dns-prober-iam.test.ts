/**
 * The DNS prober's role, through the IAM evaluator over the synthesized policies: it may publish
 * metrics in its own namespace, write its own logs and read the name servers of the zones its
 * checks name, and load and store them in its own table; no other namespace, no log reads, no record
 * reads or writes, no other zone, no other table.
 */
import { DNS_CHECK_NAMESPACE } from '../../contracts/dns-check';
import { roleIdentityPolicies, simulate } from '../support/iam/policies';
import { deploymentOf, TEST_ACCOUNT } from '../support/iam/app';

const d = deploymentOf({
  prefix: 'acme',
  hostedZones: [{ zoneId: 'Z1111111111AAAAAAAAAA', zoneName: 'a.example.org' }],
  alerts: { email: ['oncall@example.com'] },
  dnsChecks: [
    { name: 'www', query: 'www.a.example.org', type: 'A', zoneId: 'Z1111111111AAAAAAAAAA', regions: ['us-east-1', 'eu-west-1'], expect: { answers: ['192.0.2.10'] } },
    { name: 'other', query: 'b.example.org', type: 'NS', servers: ['192.0.2.53'], regions: ['eu-west-1'], expect: {} },
  ],
} as never);
const probers = d.resources('AWS::IAM::Role').filter((r) => r.logicalId.startsWith('DnsProberRole'));
const zone = (id: string) => `arn:aws:route53:::hostedzone/${id}`;

describe('DNS prober role', () => {
  it('exists once per vantage region', () => {
    expect(probers.map((r) => r.stack.region).sort()).toEqual(['eu-west-1', 'us-east-1']);
  });

  it.each(probers.map((r) => [r.stack.region, r] as const))('in %s: only its metrics, its logs and the checked zones\' name servers', async (region, role) => {
    const identityPolicies = roleIdentityPolicies(d, role);
    const may = (action: string, resource: string, context: Record<string, string> = {}) =>
      simulate({ principal: d.arnOf(role), action, resource, resourceAccount: TEST_ACCOUNT, identityPolicies, context });
    const logGroup = `arn:aws:logs:${region}:${TEST_ACCOUNT}:log-group:/codreum/acme/dns-prober`;
    expect(await may('cloudwatch:PutMetricData', '*', { 'cloudwatch:namespace': DNS_CHECK_NAMESPACE })).toBe('Allowed');
    expect(await may('cloudwatch:PutMetricData', '*', { 'cloudwatch:namespace': 'Codreum/License' })).not.toBe('Allowed');
    expect(await may('logs:PutLogEvents', `${logGroup}:log-stream:2026/12/02/[$LATEST]abc`)).toBe('Allowed');
    expect(await may('logs:PutLogEvents', `arn:aws:logs:${region}:${TEST_ACCOUNT}:log-group:/aws/route53/a.example.org:log-stream:x`)).not.toBe('Allowed');
    expect(await may('route53:GetHostedZone', zone('Z1111111111AAAAAAAAAA'))).toBe('Allowed');
    expect(await may('route53:GetHostedZone', zone('Z2222222222BBBBBBBBBB'))).not.toBe('Allowed');
    for (const action of ['route53:ListResourceRecordSets', 'route53:ChangeResourceRecordSets', 'route53:GetHostedZoneCount']) {
      expect(await may(action, action === 'route53:GetHostedZoneCount' ? '*' : zone('Z1111111111AAAAAAAAAA'))).not.toBe('Allowed');
    }
    for (const action of ['logs:FilterLogEvents', 'logs:StartQuery']) expect(await may(action, logGroup)).not.toBe('Allowed');
    expect(await may('logs:GetLogEvents', `${logGroup}:log-stream:x`)).not.toBe('Allowed');
    expect(await may('cloudwatch:GetMetricData', '*')).not.toBe('Allowed');
  });

  it.each(probers.map((r) => [r.stack.region, r] as const))("in %s: loads and stores zones' name servers in its own table only, and nothing else of it", async (region, role) => {
    const identityPolicies = roleIdentityPolicies(d, role);
    const may = (action: string, resource: string) => simulate({ principal: d.arnOf(role), action, resource, resourceAccount: TEST_ACCOUNT, identityPolicies });
    const [table] = d.resources('AWS::DynamoDB::Table').filter((t) => t.stack.region === region && t.logicalId.startsWith('DnsProberZoneServers'));
    const own = d.arnOf(table);
    expect(own).toBe(`arn:aws:dynamodb:${region}:${TEST_ACCOUNT}:table/${d.physicalName(table)}`);
    for (const action of ['dynamodb:BatchGetItem', 'dynamodb:PutItem']) expect(await may(action, own)).toBe('Allowed');
    for (const action of ['dynamodb:Scan', 'dynamodb:Query', 'dynamodb:DeleteItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteTable', 'dynamodb:GetItem']) expect(await may(action, own)).not.toBe('Allowed');
    // No other table: the notifier's, the license state, another prober's.
    const others = d.resources('AWS::DynamoDB::Table').filter((t) => d.arnOf(t) !== own);
    expect(others.length).toBeGreaterThan(0);
    for (const other of others) expect(await may('dynamodb:BatchGetItem', d.arnOf(other))).not.toBe('Allowed');
  });
});

describe('DNS prober role of 240 checked zones (statements over several managed policies)', () => {
  const ids = Array.from({ length: 240 }, (_, i) => `Z${String(i).padStart(6, '0')}GENERATED000`.slice(0, 21));
  const big = deploymentOf({
    prefix: 'acme',
    alerts: { email: ['oncall@example.com'] },
    dnsChecks: ids.map((id, i) => ({ name: `soa-${i}`, query: `zone${i}.example.com`, type: 'SOA', zoneId: id, expect: { consistent: true } })),
  } as never);
  const [role] = big.resources('AWS::IAM::Role').filter((r) => r.logicalId.startsWith('DnsProberRole'));

  it('may read every checked zone and no other', async () => {
    const identityPolicies = roleIdentityPolicies(big, role);
    expect(identityPolicies.length).toBeGreaterThanOrEqual(2); // the zones did not fit the inline policy: some are in a managed one
    const may = (id: string) => simulate({ principal: big.arnOf(role), action: 'route53:GetHostedZone', resource: zone(id), resourceAccount: TEST_ACCOUNT, identityPolicies });
    for (const id of [ids[0], ids[41], ids[120], ids[239]]) expect(await may(id)).toBe('Allowed');
    expect(await may('Z9999999999ZZZZZZZZZZ')).not.toBe('Allowed');
  });
});
