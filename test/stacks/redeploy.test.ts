/**
 * The documented remove-and-redeploy cycle at template level: `cdk destroy` keeps the resources
 * that hold customer data (query-log groups, secrets), with their fixed names. A redeploy that
 * names them in the config (docs/rollout.md) creates nothing under a retained name, so it cannot
 * fail with "already exists", and still turns query logging on.
 */
import type { RawConfig } from '../../lib/config/schema';
import { deploymentOf } from '../support/iam/app';
import { Deployment } from '../support/iam/deployment';

const ZONE = 'Z0123456789ABCDEFGHIJ';
const VPC = 'vpc-0123456789abcdef0';
const SLACK_SECRET = 'arn:aws:secretsmanager:us-east-1:111122223333:secret:acme/slack-webhook-url-AbCdEf';
const LICENSE_SECRET = 'arn:aws:secretsmanager:us-east-1:111122223333:secret:acme/license-AbCdEf';

const first: RawConfig = {
  prefix: 'acme',
  hostedZones: [{ zoneId: ZONE, zoneName: 'example.com', queryLogging: { create: true } }],
  resolverVpcs: [{ vpcId: VPC, region: 'us-east-1', queryLogging: { create: true } }],
  alerts: { email: ['oncall@example.com'], slack: { webhook: {} } },
  license: { licenseId: 'lic_0123456789abcdef' },
};

const NAME_PROPS: Record<string, string> = { 'AWS::Logs::LogGroup': 'LogGroupName', 'AWS::SecretsManager::Secret': 'Name' };

/** `type name` of every retained resource with a fixed physical name. */
function retainedNames(d: Deployment): string[] {
  return d
    .resources()
    .filter((r) => NAME_PROPS[r.type] && r.stack.template.Resources[r.logicalId].DeletionPolicy === 'Retain' && d.props(r)[NAME_PROPS[r.type]])
    .map((r) => `${r.type} ${d.props(r)[NAME_PROPS[r.type]]}`)
    .sort();
}

describe('redeploy after destroy', () => {
  const before = retainedNames(deploymentOf(first));

  it('the first deployment retains named query-log groups and secrets', () => {
    expect(before).toEqual([
      'AWS::Logs::LogGroup /aws/route53/example.com',
      'AWS::Logs::LogGroup /aws/route53resolver/acme',
      'AWS::SecretsManager::Secret acme/license',
      'AWS::SecretsManager::Secret acme/slack-webhook-url',
    ]);
  });

  it('a redeploy naming the retained resources creates none of them again and still turns logging on', () => {
    const again: RawConfig = {
      ...first,
      hostedZones: [{ zoneId: ZONE, zoneName: 'example.com', queryLogging: { create: true, useExistingLogGroup: true } }],
      resolverVpcs: [{ vpcId: VPC, region: 'us-east-1', queryLogging: { create: true, useExistingLogGroup: true } }],
      alerts: { ...first.alerts, slack: { webhook: { secretArn: SLACK_SECRET } } },
      license: { licenseId: 'lic_0123456789abcdef', keySecretArn: LICENSE_SECRET },
    };
    const d = deploymentOf(again);
    const created = d.resources().filter((r) => NAME_PROPS[r.type]).map((r) => `${r.type} ${d.props(r)[NAME_PROPS[r.type]]}`);
    expect(created.filter((c) => before.includes(c))).toEqual([]);
    expect(d.resources('AWS::Route53::QueryLoggingConfig').map((r) => d.props(r).CloudWatchLogsLogGroupArn)).toEqual([
      'arn:aws:logs:us-east-1:111122223333:log-group:/aws/route53/example.com',
    ]);
    expect(d.resources('AWS::Route53Resolver::ResolverQueryLoggingConfig')).toHaveLength(1);
  });

  it('useExistingLogGroup without create is a config error', () => {
    expect(() => deploymentOf({ ...first, hostedZones: [{ zoneId: ZONE, zoneName: 'example.com', queryLogging: { useExistingLogGroup: true } }] })).toThrow(
      /queryLogging.useExistingLogGroup: .*only with create: true/,
    );
  });
});
