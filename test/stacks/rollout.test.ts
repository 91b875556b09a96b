/**
 * Updates that CloudFormation cannot do in one deploy are refused at synth with a rollout plan:
 * Route 53 allows one query logging configuration per hosted zone, and HostedZoneId and
 * CloudWatchLogsLogGroupArn are create-only, so moving a zone's created logging to another log
 * group would create the second configuration before deleting the first. The same holds for a
 * VPC's Resolver query logging association. The placement file records what was created.
 */
import { ConfigError } from '../../lib/config/errors';
import type { RawConfig } from '../../lib/config/schema';
import { buildApp } from '../support/synth';

const ZONE = 'Z0123456789ABCDEFGHIJ';
const VPC = 'vpc-0123456789abcdef0';
const config = (zoneGroup: string, vpcGroup: string, create = true): RawConfig => ({
  prefix: 'acme',
  hostedZones: [{ zoneId: ZONE, zoneName: 'example.com', queryLogging: { create, logGroupName: zoneGroup } }],
  resolverVpcs: [{ vpcId: VPC, region: 'eu-west-1', queryLogging: { create, logGroupName: vpcGroup } }],
  alerts: { email: ['oncall@example.com'] },
});

function errorOf(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('accepted');
}

describe('query logging moved to another log group', () => {
  const first = buildApp(config('/aws/route53/example.com', '/dns/resolver-a')).monitoring.assignments;

  it('records the log group of every query logging configuration the app created', () => {
    expect(first.queryLogging).toEqual({ [ZONE]: '/aws/route53/example.com', [VPC]: '/dns/resolver-a' });
  });

  it('is refused in one deploy, naming the field, the reason and the two-step rollout', () => {
    const err = errorOf(() => buildApp(config('/aws/route53/example-new', '/dns/resolver-b'), { assignments: first }));
    expect(err.issues).toEqual([
      { path: 'hostedZones[0].queryLogging.logGroupName', message: expect.stringMatching(/one query logging configuration per hosted zone.*1\) set queryLogging.create: false.*2\) /s) },
      { path: 'resolverVpcs[0].queryLogging.logGroupName', message: expect.stringMatching(/\/dns\/resolver-a.*1\) set queryLogging.create: false/s) },
    ]);
    expect(err.issues[0].message).toContain('docs/rollout.md');
  });

  it('works in the two documented steps', () => {
    const step1 = buildApp(config('/aws/route53/example.com', '/dns/resolver-a', false), { assignments: first }).monitoring.assignments;
    expect(step1.queryLogging).toEqual({});
    const step2 = buildApp(config('/aws/route53/example-new', '/dns/resolver-b'), { assignments: step1 }).monitoring.assignments;
    expect(step2.queryLogging).toEqual({ [ZONE]: '/aws/route53/example-new', [VPC]: '/dns/resolver-b' });
  });
});
