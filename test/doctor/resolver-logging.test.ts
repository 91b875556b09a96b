/**
 * `doctor`'s query-logging check on VPCs: Resolver query logging reaches the monitoring only when the
 * VPC is associated with a query logging configuration whose destination is the log group the
 * config names, and the association is healthy. Read against moto server through the real AWS SDK
 * (VPCs, configurations and associations made with the EC2 and Route 53 Resolver APIs); the failed
 * states moto never produces (it makes every association ACTIVE) are read from the records the
 * ListResolverQueryLogConfigAssociations API returns for them (Route 53 API Reference,
 * ResolverQueryLogConfigAssociation: Status, Error, ErrorMessage). The commands the fixes give are
 * run as pasted by the real AWS CLI (test/support/aws-cli.ts), and doctor then finds nothing.
 */
import { CreateVpcCommand, EC2Client } from '@aws-sdk/client-ec2';
import { AssociateResolverQueryLogConfigCommand, CreateResolverQueryLogConfigCommand } from '@aws-sdk/client-route53resolver';
import { parseConfig } from '../../lib/config/load';
import { runDoctor } from '../../lib/doctor';
import { resolverLoggingProblems } from '../../lib/doctor/resolver-logging';
import { resolverQueryLoggingName } from '../../lib/naming';
import { jsonValuesOf, runWithAwsCli } from '../support/aws-cli';
import { startMoto, type MotoServer } from '../support/moto';
import { motoDoctorClients } from './clients';

const ACCOUNT = '123456789012';
const groupArn = (region: string, group: string) => `arn:aws:logs:${region}:${ACCOUNT}:log-group:${group}`;

let moto: MotoServer;
beforeAll(async () => {
  moto = await startMoto();
}, 60_000);
afterAll(() => moto?.stop());

async function vpc(region: string): Promise<string> {
  return (await new EC2Client(moto.clientConfig(region)).send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }))).Vpc!.VpcId!;
}

describe('doctor: Resolver query logging of the monitored VPCs', () => {
  it('reports a VPC nothing logs and one logged to another destination; a VPC logged to its group is fine', async () => {
    const c = motoDoctorClients(moto);
    const eu = c.resolver('eu-west-1');
    const [logged, unlogged, elsewhere, toS3, sydney] = [await vpc('eu-west-1'), await vpc('eu-west-1'), await vpc('eu-west-1'), await vpc('eu-west-1'), await vpc('ap-southeast-2')];
    const config = async (region: string, name: string, destinationArn: string) =>
      (await c.resolver(region).send(new CreateResolverQueryLogConfigCommand({ Name: name, DestinationArn: destinationArn, CreatorRequestId: name }))).ResolverQueryLogConfig!.Id!;
    const mine = await config('eu-west-1', 'mine', groupArn('eu-west-1', '/dns/vpc-logs'));
    const other = await config('eu-west-1', 'other', groupArn('eu-west-1', '/dns/legacy'));
    const bucket = await config('eu-west-1', 'bucket', 'arn:aws:s3:::dns-archive');
    const syd = await config('ap-southeast-2', 'syd', groupArn('ap-southeast-2', '/dns/vpc-logs'));
    await eu.send(new AssociateResolverQueryLogConfigCommand({ ResolverQueryLogConfigId: mine, ResourceId: logged }));
    await eu.send(new AssociateResolverQueryLogConfigCommand({ ResolverQueryLogConfigId: other, ResourceId: elsewhere }));
    await eu.send(new AssociateResolverQueryLogConfigCommand({ ResolverQueryLogConfigId: bucket, ResourceId: toS3 }));
    await c.resolver('ap-southeast-2').send(new AssociateResolverQueryLogConfigCommand({ ResolverQueryLogConfigId: syd, ResourceId: sydney }));

    const cfg = parseConfig({
      prefix: 'rsl',
      resolverVpcs: [logged, unlogged, elsewhere, toS3].map((vpcId) => ({ vpcId, region: 'eu-west-1', queryLogging: { logGroupName: '/dns/vpc-logs' } })).concat([{ vpcId: sydney, region: 'ap-southeast-2', queryLogging: { logGroupName: '/dns/vpc-logs' } }]),
      alerts: { email: ['oncall@example.com'] },
    });
    const report = await runDoctor(cfg, c, { checks: ['query-logging'] });
    expect(report.checked).toEqual({ 'query-logging': 5 });
    const found = report.findings.map((f) => `${f.region} ${f.subject}: ${f.problem}`).sort();
    expect(found).toEqual(
      [
        `eu-west-1 ${unlogged}: no Resolver query logging configuration is associated with this VPC: Resolver writes no query logs for it`,
        `eu-west-1 ${elsewhere}: Resolver writes this VPC's query logs to /dns/legacy (configuration other, ${other}), but the monitoring reads /dns/vpc-logs: its metrics get nothing`,
        `eu-west-1 ${toS3}: Resolver writes this VPC's query logs to arn:aws:s3:::dns-archive (configuration bucket, ${bucket}), but the monitoring reads /dns/vpc-logs: its metrics get nothing`,
      ].sort(),
    );
    // The fix names the configuration that already writes to the group, with the command to use it.
    const none = report.findings.find((f) => f.subject === unlogged)!;
    expect(none.fix).toContain(`aws route53resolver associate-resolver-query-log-config --region eu-west-1 --resolver-query-log-config-id ${mine} --resource-id ${unlogged}`);
    const moved = report.findings.find((f) => f.subject === elsewhere)!;
    expect(moved.fix).toContain('queryLogging.logGroupName: /dns/legacy');
    expect(moved.fix).toContain(`--resolver-query-log-config-id ${mine} --resource-id ${elsewhere}`);
    // An S3 destination is no log group: the only fix is an association with one.
    expect(report.findings.find((f) => f.subject === toS3)!.fix).not.toContain('queryLogging.logGroupName');

    // The command, run as pasted by the AWS CLI, associates the VPC: the finding goes.
    runWithAwsCli(moto, none.fix.slice(none.fix.indexOf('aws route53resolver')));
    const after = await runDoctor(cfg, c, { checks: ['query-logging'] });
    expect(after.findings.map((f) => f.subject).sort()).toEqual([elsewhere, toS3].sort());
  });

  it('names VPCs outside the config logged to a monitored group whose filters count every line', async () => {
    // 40 VPC ids do not fit in one filter pattern: the group's filters count every line, so VPCs
    // logged to it that the config does not monitor make metrics too (billed, and toward the 1,000
    // dimension values an hour after which CloudWatch Logs may disable a filter).
    const c = motoDoctorClients(moto);
    const region = 'us-west-1';
    const monitored = await Promise.all(Array.from({ length: 40 }, () => vpc(region)));
    const [outsider1, outsider2] = [await vpc(region), await vpc(region)];
    const shared = (await c.resolver(region).send(new CreateResolverQueryLogConfigCommand({ Name: 'fleet', DestinationArn: groupArn(region, '/dns/fleet'), CreatorRequestId: 'fleet' }))).ResolverQueryLogConfig!.Id!;
    for (const id of [...monitored, outsider1, outsider2]) await c.resolver(region).send(new AssociateResolverQueryLogConfigCommand({ ResolverQueryLogConfigId: shared, ResourceId: id }));
    const cfg = parseConfig({ prefix: 'out', resolverVpcs: monitored.map((vpcId) => ({ vpcId, region, queryLogging: { logGroupName: '/dns/fleet' } })), alerts: { email: ['oncall@example.com'] } });
    const report = await runDoctor(cfg, c, { checks: ['query-logging'] });
    const outsiders = [outsider1, outsider2].sort();
    expect(report.findings.map((f) => `${f.region} ${f.subject}: ${f.problem}`)).toEqual([
      `${region} log group /dns/fleet: also receives the query logs of 2 VPCs the config does not monitor (${outsiders.join(', ')}): the group's metric filters count their queries as metrics of their own (custom metrics, billed), and toward the 1,000 different dimension values an hour after which CloudWatch Logs may disable a filter (42 VPCs of at most 999)`,
    ]);
    expect(report.findings[0].fix).toMatch(/log groups of their own.*or add them to the config/);
  }, 120_000);

  it('without any configuration writing to the group, the fix creates one first', async () => {
    const c = motoDoctorClients(moto);
    const id = await vpc('eu-central-1');
    const report = await runDoctor(parseConfig({ prefix: 'new', resolverVpcs: [{ vpcId: id, region: 'eu-central-1', queryLogging: { logGroupName: '/dns/fresh' } }], alerts: { email: ['oncall@example.com'] } }), c, { checks: ['query-logging'] });
    expect(report.findings).toHaveLength(1);
    expect(report.findings[0].fix).toContain('queryLogging.create: true');
    expect(report.findings[0].fix).toContain(`aws route53resolver create-resolver-query-log-config --region eu-central-1 --name <name> --destination-arn arn:aws:logs:eu-central-1:<account>:log-group:/dns/fresh`);

    // Its two commands, run by the AWS CLI with the placeholders filled in as a user would: the VPC
    // is then logged to the group and the finding goes.
    const [create, associate] = report.findings[0].fix.slice(report.findings[0].fix.indexOf('aws route53resolver')).split(', then ');
    const created = jsonValuesOf(runWithAwsCli(moto, create.replace('<name>', 'dns-fresh').replace('<account>', ACCOUNT))) as { ResolverQueryLogConfig: { Id: string } }[];
    runWithAwsCli(moto, associate.replace('<its Id>', created[0].ResolverQueryLogConfig.Id));
    expect(await runDoctor(parseConfig({ prefix: 'new', resolverVpcs: [{ vpcId: id, region: 'eu-central-1', queryLogging: { logGroupName: '/dns/fresh' } }], alerts: { email: ['oncall@example.com'] } }), c, { checks: ['query-logging'] })).toEqual({ findings: [], checked: { 'query-logging': 1 } });
  });

  it('in AWS GovCloud (US), the log group ARN of that fix is in its partition', async () => {
    const c = motoDoctorClients(moto);
    const region = 'us-gov-west-1';
    const id = await vpc(region);
    const report = await runDoctor(parseConfig({ prefix: 'gov', resolverVpcs: [{ vpcId: id, region, queryLogging: { logGroupName: '/dns/gov' } }], alerts: { email: ['oncall@example.com'] } }), c, { checks: ['query-logging'] });
    expect(report.findings).toHaveLength(1);
    expect(report.findings[0].fix).toContain(`--destination-arn arn:aws-us-gov:logs:${region}:<account>:log-group:/dns/gov,`);
  });

  it('a VPC the app logs (queryLogging.create) but that is not associated yet: the fix is to deploy, naming the configuration the app creates', async () => {
    const c = motoDoctorClients(moto);
    const id = await vpc('eu-north-1');
    const cfg = parseConfig({ prefix: 'app', resolverVpcs: [{ vpcId: id, region: 'eu-north-1', queryLogging: { create: true, logGroupName: '/aws/route53resolver/app' } }], alerts: { email: ['oncall@example.com'] } });
    const report = await runDoctor(cfg, c, { checks: ['query-logging'] });
    expect(report.findings.map((f) => f.fix)).toEqual([expect.stringMatching(new RegExp(`^deploy: the app creates the configuration ${resolverQueryLoggingName('app', 'eu-north-1', '/aws/route53resolver/app')} writing to /aws/route53resolver/app and associates the VPC`))]);
  });
});

describe('the states of an association that moto does not produce', () => {
  const vpcs = [{ id: 'vpc-0aaaaaaaaaaaaaaa1', logGroupName: '/dns/vpc-logs' }];
  const configs = [{ Id: 'rslvr-qlc-1', Name: 'mine', DestinationArn: groupArn('eu-west-1', '/dns/vpc-logs'), Status: 'CREATED' as const }];
  const association = (extra: object) => [{ Id: 'rslvr-qla-1', ResolverQueryLogConfigId: 'rslvr-qlc-1', ResourceId: 'vpc-0aaaaaaaaaaaaaaa1', ...extra }];
  const problems = (extra: object) => resolverLoggingProblems('eu-west-1', vpcs, configs as never, association(extra) as never);

  it('ACTIVE and CREATING are fine', () => {
    expect(problems({ Status: 'ACTIVE', Error: 'NONE' })).toEqual([]);
    expect(problems({ Status: 'CREATING' })).toEqual([]);
  });

  it('FAILED with ACCESS_DENIED points at the log delivery policy', () => {
    const [p] = problems({ Status: 'FAILED', Error: 'ACCESS_DENIED', ErrorMessage: 'Access denied' });
    expect(p.problem).toBe('the association with configuration mine (rslvr-qlc-1), which writes to /dns/vpc-logs, FAILED (ACCESS_DENIED: Access denied): Resolver writes no query logs for this VPC');
    expect(p.fix).toMatch(/log-policies/);
  });

  it('FAILED with DESTINATION_NOT_FOUND says the group is gone', () => {
    const [p] = problems({ Status: 'FAILED', Error: 'DESTINATION_NOT_FOUND' });
    expect(p.problem).toContain('FAILED (DESTINATION_NOT_FOUND)');
    expect(p.fix).toMatch(/\/dns\/vpc-logs no longer exists/);
  });

  it('DELETING and ACTION_NEEDED are reported with what Resolver says', () => {
    expect(problems({ Status: 'DELETING' })[0].problem).toContain('is being deleted (DELETING)');
    expect(problems({ Status: 'ACTION_NEEDED', ErrorMessage: 'the destination is not reachable' })[0].problem).toContain('ACTION_NEEDED (the destination is not reachable)');
  });

  it('a VPC whose only association, to another destination, FAILED: no working association, none to the group', () => {
    const cfgs = [...configs, { Id: 'rslvr-qlc-2', Name: 'archive', DestinationArn: 'arn:aws:s3:::dns-archive', Status: 'CREATED' }];
    const assocs = [{ Id: 'rslvr-qla-2', ResolverQueryLogConfigId: 'rslvr-qlc-2', ResourceId: 'vpc-0aaaaaaaaaaaaaaa1', Status: 'FAILED', Error: 'DESTINATION_NOT_FOUND' }];
    const [p] = resolverLoggingProblems('eu-west-1', vpcs, cfgs as never, assocs as never);
    expect(p.problem).toBe("no working Resolver query logging association: this VPC's associations with other destinations are not working either (rslvr-qlc-2 FAILED (DESTINATION_NOT_FOUND)), and none writes to /dns/vpc-logs");
    expect(p.fix).toContain('--resolver-query-log-config-id rslvr-qlc-1 --resource-id vpc-0aaaaaaaaaaaaaaa1');
  });

  it('a configuration without a name is named by its id, once', () => {
    const [p] = resolverLoggingProblems('eu-west-1', vpcs, [{ ...configs[0], Name: undefined }] as never, association({ Status: 'DELETING' }) as never);
    expect(p.problem).toBe("the association with configuration rslvr-qlc-1, which writes to /dns/vpc-logs, is being deleted (DELETING): Resolver stops writing this VPC's query logs");
  });

  it('a healthy association elsewhere does not hide a failed one to the group', () => {
    const cfgs = [...configs, { Id: 'rslvr-qlc-2', Name: 'archive', DestinationArn: 'arn:aws:s3:::dns-archive', Status: 'CREATED' }];
    const assocs = [
      { Id: 'rslvr-qla-1', ResolverQueryLogConfigId: 'rslvr-qlc-1', ResourceId: 'vpc-0aaaaaaaaaaaaaaa1', Status: 'FAILED', Error: 'INTERNAL_SERVICE_ERROR' },
      { Id: 'rslvr-qla-2', ResolverQueryLogConfigId: 'rslvr-qlc-2', ResourceId: 'vpc-0aaaaaaaaaaaaaaa1', Status: 'ACTIVE' },
    ];
    const found = resolverLoggingProblems('eu-west-1', vpcs, cfgs as never, assocs as never);
    expect(found.map((f) => f.problem)).toEqual([expect.stringContaining('FAILED (INTERNAL_SERVICE_ERROR)')]);
  });
});
