/**
 * `dns-monitor doctor` on the CloudWatch Logs resource policies query logging needs, against moto
 * server through the real AWS SDK. An account has at most 10 per region (not adjustable), and a
 * policy at most 5,120 characters; Route 53 Resolver adds each log group it writes to a policy of
 * the account, and its API answers AccessDeniedException once that policy is full (Route 53 API
 * Reference, GetResolverQueryLogConfigPolicy, Errors). Run before a deploy, doctor says which
 * deploy would fail or leave a VPC's logs undelivered; after one, why its log group gets nothing.
 */
import { CreateLogGroupCommand, DeleteResourcePolicyCommand, DescribeResourcePoliciesCommand, PutResourcePolicyCommand } from '@aws-sdk/client-cloudwatch-logs';
import { main } from '../../bin/doctor';
import { parseConfig } from '../../lib/config/load';
import { type DoctorClients, grantsDelivery, runDoctor } from '../../lib/doctor';
import { simulate } from '../support/iam/policies';
import { LOGS } from '../../lib/aws-facts';
import { startMoto, type MotoServer } from '../support/moto';
import { motoDoctorClients } from './clients';
import { captureCli, writeConfigFile } from '../support/cli';
import { jsonValuesOf, runWithAwsCli } from '../support/aws-cli';
import { shellWord } from '../../lib/doctor/shell-word';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

let moto: MotoServer;
let clients: DoctorClients;
const logs = (region: string) => clients.logs(region);

beforeAll(async () => {
  moto = await startMoto();
  clients = motoDoctorClients(moto);
}, 60_000);
afterAll(() => moto?.stop());

const ACCOUNT = '123456789012';
const deliveryPolicy = (region: string, groups: readonly string[]) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'LogDeliveryWrite',
        Effect: 'Allow',
        Principal: { Service: 'delivery.logs.amazonaws.com' },
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: groups.map((g) => `arn:aws:logs:${region}:${ACCOUNT}:log-group:${g}:log-stream:*`),
        Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT }, ArnLike: { 'aws:SourceArn': `arn:aws:logs:${region}:${ACCOUNT}:*` } },
      },
    ],
  });
const otherPolicy = (i: number) =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'es.amazonaws.com' }, Action: 'logs:PutLogEvents', Resource: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/search/${i}:*` }] });

async function clear(region: string) {
  for (const p of (await logs(region).send(new DescribeResourcePoliciesCommand({}))).resourcePolicies ?? []) {
    await logs(region).send(new DeleteResourcePolicyCommand({ policyName: p.policyName }));
  }
}
const put = (region: string, policyName: string, policyDocument: string) => logs(region).send(new PutResourcePolicyCommand({ policyName, policyDocument }));

const ZONES = { prefix: 'pol', hostedZones: [{ zoneId: 'Z0POLICY000000000001', zoneName: 'a.example.com', queryLogging: { create: true } }], alerts: { email: ['oncall@example.com'] } };
const VPCS = (logGroupName?: string) => ({
  prefix: 'pol',
  resolverVpcs: [
    { vpcId: 'vpc-0123456789abcdef0', region: 'eu-west-1', queryLogging: { create: true, ...(logGroupName ? { logGroupName } : {}) } },
    { vpcId: 'vpc-0123456789abcdef1', region: 'eu-west-1', queryLogging: { create: true, ...(logGroupName ? { logGroupName } : {}) } },
  ],
  alerts: { email: ['oncall@example.com'] },
});
const found = async (config: object) => (await runDoctor(parseConfig(config), clients)).findings.filter((f) => f.check === 'log-policies');

describe('doctor on the hosted zones query logging resource policy', () => {
  beforeEach(() => clear('us-east-1'));

  it('reports a region already holding 10 policies, none of them the one the deploy creates: the deploy would fail', async () => {
    for (let i = 0; i < LOGS.resourcePoliciesPerRegion; i++) await put('us-east-1', `other-${i}`, otherPolicy(i));
    const f = await found(ZONES);
    expect(f.map((x) => `${x.region} ${x.subject}: ${x.problem}`)).toEqual([
      'us-east-1 pol-route53-query-logs: the account has 10 CloudWatch Logs resource policies in us-east-1, the most a region can have (not adjustable): deploying query logging for 1 hosted zone fails creating this one',
    ]);
    expect(f[0].fix).toMatch(/aws logs describe-resource-policies --region us-east-1.*aws logs delete-resource-policy --region us-east-1 --policy-name/);
    // Run as printed with the AWS CLI: the list, then the deletion of one nothing uses (its name filled in).
    const fix = f[0].fix;
    const listed = jsonValuesOf(runWithAwsCli(moto, fix.slice(fix.indexOf('aws logs describe-resource-policies'), fix.indexOf(', then')))) as { resourcePolicies: { policyName: string }[] }[];
    expect(listed[0].resourcePolicies).toHaveLength(LOGS.resourcePoliciesPerRegion);
    const remove = fix.slice(fix.indexOf('aws logs delete-resource-policy'), fix.indexOf('; or'));
    expect(remove).toContain('<its name>');
    runWithAwsCli(moto, remove.replace('<its name>', 'other-3'));
    expect(await found(ZONES)).toEqual([]);
  });

  it('is fine with 9 others, or with 10 of which one is already the deployment\'s own', async () => {
    for (let i = 0; i < LOGS.resourcePoliciesPerRegion - 1; i++) await put('us-east-1', `other-${i}`, otherPolicy(i));
    expect(await found(ZONES)).toEqual([]);
    await put('us-east-1', 'pol-route53-query-logs', otherPolicy(99));
    expect(await found(ZONES)).toEqual([]);
  });

  it('looks at no region when the app turns no query logging on', async () => {
    const report = await runDoctor(parseConfig({ ...ZONES, hostedZones: [{ zoneId: 'Z0POLICY000000000001', zoneName: 'a.example.com' }] }), clients);
    expect(report.checked['log-policies']).toBe(0);
  });
});

describe('doctor on the resource policy Resolver query logging writes into', () => {
  beforeEach(() => clear('eu-west-1'));
  const region = 'eu-west-1';

  it('is fine when a policy already lets log delivery write to the group, whatever its size', async () => {
    const many = Array.from({ length: 60 }, (_, i) => `/aws/route53resolver/old-${i}`);
    await put(region, 'AWSLogDeliveryWrite', deliveryPolicy(region, [...many, '/aws/route53resolver/pol']));
    const report = await runDoctor(parseConfig(VPCS()), clients);
    expect(report.findings.filter((f) => f.check === 'log-policies')).toEqual([]);
    expect(report.checked['log-policies']).toBe(1);
  });

  it('reports a delivery policy with no room left for the group: Resolver cannot add it', async () => {
    // 5,120 characters at most: about 70 log groups' ARNs fill one.
    let groups: string[] = [];
    for (let i = 0; deliveryPolicy(region, [...groups, `/aws/route53resolver/old-${i}`]).length <= LOGS.maxResourcePolicyChars - 20; i++) groups = [...groups, `/aws/route53resolver/old-${i}`];
    await put(region, 'AWSLogDeliveryWrite', deliveryPolicy(region, groups));
    const size = deliveryPolicy(region, groups).length;
    const f = await found(VPCS());
    expect(f.map((x) => `${x.region} ${x.subject}: ${x.problem}`)).toEqual([
      `eu-west-1 /aws/route53resolver/pol: Resolver query logging adds each log group it writes to a CloudWatch Logs resource policy, and AWSLogDeliveryWrite (the one that lets log delivery write) has ${size} of its 5120 characters, too few for this group's ARN: creating the query logging of vpc-0123456789abcdef0, vpc-0123456789abcdef1 fails with AccessDeniedException, or their logs stop arriving`,
    ]);
    expect(f[0].fix).toMatch(/remove the ARNs of log groups that no longer exist from AWSLogDeliveryWrite: .*aws logs put-resource-policy --region eu-west-1/);
    expect(f[0].fix).toMatch(/\/aws\/vendedlogs\//);
    // Run as printed with the AWS CLI, in a directory of its own: the policy saved to policy.json,
    // the ARNs of groups that no longer exist taken out (all but the first five, which exist), put back.
    const fix = f[0].fix;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'log-policy-fix-'));
    try {
      runWithAwsCli(moto, `cd ${shellWord(dir)}\n${fix.slice(fix.indexOf('aws logs describe-resource-policies'), fix.indexOf(', take them out'))}`);
      const saved = JSON.parse(fs.readFileSync(path.join(dir, 'policy.json'), 'utf8'));
      expect(saved).toEqual(JSON.parse(deliveryPolicy(region, groups)));
      const kept = groups.slice(0, 5);
      for (const g of kept) await logs(region).send(new CreateLogGroupCommand({ logGroupName: g }));
      saved.Statement[0].Resource = saved.Statement[0].Resource.filter((arn: string) => kept.some((g) => arn.includes(`:log-group:${g}:`)));
      fs.writeFileSync(path.join(dir, 'policy.json'), JSON.stringify(saved));
      runWithAwsCli(moto, `cd ${shellWord(dir)}\n${fix.slice(fix.indexOf('aws logs put-resource-policy'), fix.indexOf('; or name'))}`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    expect(await found(VPCS())).toEqual([]);
  });

  it('does not report the size for a group under /aws/vendedlogs/, which CloudWatch Logs admits with one wildcard entry when a policy nears its limit', async () => {
    let groups: string[] = [];
    for (let i = 0; deliveryPolicy(region, [...groups, `/aws/route53resolver/old-${i}`]).length <= LOGS.maxResourcePolicyChars - 20; i++) groups = [...groups, `/aws/route53resolver/old-${i}`];
    await put(region, 'AWSLogDeliveryWrite', deliveryPolicy(region, groups));
    expect(await found(VPCS('/aws/vendedlogs/route53resolver/pol'))).toEqual([]);
  });

  it('counts a wildcard grant as covering the group', async () => {
    await put(region, 'AWSLogDeliveryWrite', deliveryPolicy(region, ['/aws/vendedlogs/*']).replace('"Resource":[', '"Resource":["arn:aws:logs:eu-west-1:123456789012:log-group:/aws/route53resolver/*",'));
    for (let i = 1; i < LOGS.resourcePoliciesPerRegion; i++) await put(region, `other-${i}`, otherPolicy(i));
    expect(await found(VPCS())).toEqual([]);
  });

  it('reports a region at 10 policies with none for log delivery: Resolver cannot create one', async () => {
    for (let i = 0; i < LOGS.resourcePoliciesPerRegion; i++) await put(region, `other-${i}`, otherPolicy(i));
    const f = await found(VPCS());
    expect(f.map((x) => `${x.region} ${x.subject}: ${x.problem}`)).toEqual([
      'eu-west-1 /aws/route53resolver/pol: the account has 10 CloudWatch Logs resource policies in eu-west-1, the most a region can have (not adjustable), and none lets log delivery write to this group: Resolver query logging cannot add one, so creating the query logging of vpc-0123456789abcdef0, vpc-0123456789abcdef1 fails with AccessDeniedException, or their logs stop arriving',
    ]);
    expect(f[0].fix).toMatch(/aws logs delete-resource-policy --region eu-west-1 --policy-name/);
  });

  it("counts the policy the deploy itself adds: us-east-1 at 9 with zones and a VPC there leaves Resolver no room", async () => {
    await clear('us-east-1');
    for (let i = 0; i < LOGS.resourcePoliciesPerRegion - 1; i++) await put('us-east-1', `other-${i}`, otherPolicy(i));
    const config = { ...ZONES, resolverVpcs: [{ vpcId: 'vpc-0123456789abcdef2', region: 'us-east-1', queryLogging: { create: true } }] };
    const f = await found(config);
    expect(f.map((x) => `${x.region} ${x.subject}: ${x.problem}`)).toEqual([
      'us-east-1 /aws/route53resolver/pol: the account has 9 CloudWatch Logs resource policies in us-east-1 and this deploy adds pol-route53-query-logs, the 10th, the most a region can have (not adjustable), and none lets log delivery write to this group: Resolver query logging cannot add one, so creating the query logging of vpc-0123456789abcdef2 fails with AccessDeniedException, or their logs stop arriving',
    ]);
    await clear('us-east-1');
  });

  it('leaves VPCs whose query logging the app does not turn on alone', async () => {
    for (let i = 0; i < LOGS.resourcePoliciesPerRegion; i++) await put(region, `other-${i}`, otherPolicy(i));
    const report = await runDoctor(parseConfig({ ...VPCS(), resolverVpcs: VPCS().resolverVpcs.map((v) => ({ ...v, queryLogging: { create: false } })) }), clients);
    expect(report.checked['log-policies']).toBe(0);
  });
});

describe("doctor on a VPC's log group that gets nothing", () => {
  it("points at the query-logging finding, which reads the VPC's Resolver query logging associations", async () => {
    const group = '/aws/route53resolver/silent';
    await logs('eu-west-1').send(new CreateLogGroupCommand({ logGroupName: group }));
    const config = { prefix: 'pol', resolverVpcs: [{ vpcId: 'vpc-0123456789abcdef0', region: 'eu-west-1', queryLogging: { logGroupName: group } }], alerts: { email: ['oncall@example.com'] } };
    const f = (await runDoctor(parseConfig(config), clients)).findings.filter((x) => x.check === 'log-groups');
    expect(f.map((x) => `${x.region} ${x.subject}: ${x.problem}`)).toEqual([`eu-west-1 ${group}: no event ever arrived`]);
    expect(f[0].fix).toMatch(/^see the query-logging finding of vpc-0123456789abcdef0 /);
    // ...which is there: nothing associates the VPC in this account.
    const q = (await runDoctor(parseConfig(config), clients, { checks: ['query-logging'] })).findings;
    expect(q.map((x) => `${x.subject}: ${x.problem}`)).toEqual(['vpc-0123456789abcdef0: no Resolver query logging configuration is associated with this VPC: Resolver writes no query logs for it']);
  });
});

describe('doctor --check log-policies, before the first deploy', () => {
  // Before a deploy nothing of the app exists: every other check would report it missing (and need
  // read access to secrets and topics). --check runs only the checks named.
  const write = (config: object) => writeConfigFile(config, 'doctor-check');
  const capture = (argv: string[]) => captureCli(() => main(argv, clients));
  beforeEach(() => clear('us-east-1'));

  it('runs only the named check: exit 0 when the account has room, 1 with the finding when it has none', async () => {
    const file = write(ZONES);
    const clean = await capture(['doctor', file, '--check', 'log-policies', '--json']);
    expect(clean.code).toBe(0);
    expect(JSON.parse(clean.out)).toEqual({ findings: [], checked: { 'log-policies': 1 } });
    for (let i = 0; i < LOGS.resourcePoliciesPerRegion; i++) await put('us-east-1', `other-${i}`, otherPolicy(i));
    const full = await capture(['doctor', file, '--check', 'log-policies']);
    expect(full.code).toBe(1);
    expect(full.out).toMatch(/^checked: 1 log-policies\n✗ \[log-policies\] us-east-1 pol-route53-query-logs: the account has 10 CloudWatch Logs resource policies/);
  });

  it('takes several checks, comma-separated, and refuses an unknown one with the list of names', async () => {
    const file = write(ZONES);
    const two = await capture(['doctor', file, '--check', 'log-policies,maintenance', '--json']);
    expect(JSON.parse(two.out).checked).toEqual({ 'log-policies': 1, maintenance: 0 });
    const bad = await capture(['doctor', file, '--check', 'log-policy']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--check: unknown check 'log-policy' — one or more of subscriptions, sms, topics, alert-keys, deliveries, secrets, zones, log-groups, log-policies, query-logging, resolver-endpoints, domains, change-audit, alarms, drift, dead-letters, slack-alarms, maintenance/);
  });
});

describe("doctor's reading of a delivery policy, against an IAM policy simulator", () => {
  // doctor decides "this group is already covered" by reading the statements; the simulator
  // evaluates the same policy for log delivery's PutLogEvents on the group, with the conditions
  // AWS's log delivery writes (aws:SourceAccount, aws:SourceArn), and both must agree.
  const region = 'eu-west-1';
  const group = '/aws/route53resolver/pol';
  const cases: [string, string][] = [
    ['lists the group', deliveryPolicy(region, ['/aws/route53resolver/old-1', group])],
    ['lists other groups only', deliveryPolicy(region, ['/aws/route53resolver/old-1', '/aws/route53resolver/pol-2'])],
    ['a wildcard over the groups', deliveryPolicy(region, ['/aws/route53resolver/*'])],
    ['another region', deliveryPolicy('us-east-1', [group])],
    ['another service', otherPolicy(1)],
  ];
  it.each(cases)('agrees on a policy that %s', async (_what, doc) => {
    const verdict = await simulate({
      principal: LOGS.logDeliveryPrincipal,
      action: 'logs:PutLogEvents',
      resource: `arn:aws:logs:${region}:${ACCOUNT}:log-group:${group}:log-stream:vpc-0123456789abcdef0`,
      resourceAccount: ACCOUNT,
      context: { 'aws:SourceAccount': ACCOUNT, 'aws:SourceArn': `arn:aws:logs:${region}:${ACCOUNT}:delivery-source:resolver` },
      resourcePolicy: JSON.parse(doc),
    });
    expect(grantsDelivery({ policyName: 'p', policyDocument: doc }, region, group)).toBe(verdict === 'Allowed');
  });
});
