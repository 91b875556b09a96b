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

// The primary region holds what a deployment has once: the Slack webhook secret, the Chatbot channel
// configuration, the license reporter and the DNS checks' alarms. It was recomputed from the regions
// in use, so adding a VPC in a region that sorts first (or a first hosted zone: us-east-1) moved
// them all: a new, empty webhook secret that every region's notifier then read (Slack alerts
// dead-lettered until someone copied the URL), new license state, DNS-check alarms recreated.
describe('the primary region stays where it is', () => {
  const slack = { email: ['oncall@example.com'], slack: { webhook: {}, chatbot: { workspaceId: 'T0123ABCD', channelId: 'C0123ABCD' } } };
  const euOnly = (extra: Partial<RawConfig> = {}): RawConfig =>
    ({ prefix: 'acme', resolverVpcs: [{ vpcId: VPC, region: 'eu-west-1' }], alerts: slack, license: { licenseId: 'lic_0123456789abcdef' }, ...extra }) as RawConfig;
  const withApse2 = (extra: Partial<RawConfig> = {}): RawConfig =>
    euOnly({ resolverVpcs: [{ vpcId: VPC, region: 'eu-west-1' }, { vpcId: 'vpc-0fedcba9876543210', region: 'ap-southeast-2' }], ...extra });
  const first = buildApp(euOnly()).monitoring.assignments;
  const where = (cfg: RawConfig, assignments = first) => {
    const { monitoring } = buildApp(cfg, { assignments });
    const stackOf = (type: string) =>
      Object.values(monitoring.coreStacks).filter((s) => Object.values((s.node.root as any).synth().getStackByName(s.stackName).template.Resources ?? {}).some((r: any) => r.Type === type)).map((s) => s.region);
    return { secret: stackOf('AWS::SecretsManager::Secret'), chatbot: stackOf('AWS::Chatbot::SlackChannelConfiguration'), assignments: monitoring.assignments };
  };

  it('is recorded in the placement file', () => {
    expect(first.primaryRegion).toBe('eu-west-1');
  });

  it('a region that would take its place is refused, with the one line that keeps it', () => {
    const err = errorOf(() => buildApp(withApse2(), { assignments: first }));
    expect(err.issues).toEqual([
      {
        path: 'primaryRegion',
        message: expect.stringMatching(/^the deployment's primary region is eu-west-1 \(recorded in the stack placement file\); with this config it would be ap-southeast-2, .*Slack webhook secret.*set primaryRegion: eu-west-1.*docs\/rollout\.md$/),
      },
    ]);
    const zones = errorOf(() => buildApp(euOnly({ hostedZones: [{ zoneId: ZONE, zoneName: 'example.com' }] }), { assignments: first }));
    expect(zones.issues[0].message).toMatch(/would be us-east-1/);
  });

  it('with primaryRegion set, the new region gets its own core stack and the shared parts stay', () => {
    const kept = where(withApse2({ primaryRegion: 'eu-west-1' }));
    expect(kept.secret).toEqual(['eu-west-1']);
    expect(kept.chatbot).toEqual(['eu-west-1']);
    expect(kept.assignments.primaryRegion).toBe('eu-west-1');
  });

  it('set in the config, the primary moves where the config says (on purpose)', () => {
    const moved = where(withApse2({ primaryRegion: 'ap-southeast-2' }));
    expect(moved.secret).toEqual(['ap-southeast-2']);
    expect(moved.assignments.primaryRegion).toBe('ap-southeast-2');
  });

  it('when the primary region loses its last subject, the move is refused until the config names the new primary', () => {
    const twoRegions = buildApp(withApse2({ primaryRegion: 'eu-west-1' }), { assignments: first }).monitoring.assignments;
    const apse2Only = (extra: Partial<RawConfig> = {}) => euOnly({ resolverVpcs: [{ vpcId: 'vpc-0fedcba9876543210', region: 'ap-southeast-2' }], ...extra });
    const err = errorOf(() => buildApp(apse2Only(), { assignments: twoRegions }));
    expect(err.issues).toEqual([
      { path: 'primaryRegion', message: expect.stringMatching(/^the deployment's primary region eu-west-1 .*has nothing left to monitor.*would move to ap-southeast-2.*set primaryRegion: ap-southeast-2.*webhook URL/) },
    ]);
    expect(where(apse2Only({ primaryRegion: 'ap-southeast-2' }), twoRegions).secret).toEqual(['ap-southeast-2']);
  });

  it('primaryRegion must be a region the deployment uses', () => {
    expect(() => buildApp(euOnly({ primaryRegion: 'us-west-2' }))).toThrow(ConfigError);
    const err = errorOf(() => buildApp(euOnly({ primaryRegion: 'us-west-2' })));
    expect(err.issues).toEqual([{ path: 'primaryRegion', message: expect.stringMatching(/^us-west-2 is not a region this deployment uses \(eu-west-1\)/) }]);
  });

  it('a placement file written before the primary was recorded: recorded now, as computed', () => {
    const { primaryRegion: _dropped, ...older } = first;
    expect(where(euOnly(), older).assignments.primaryRegion).toBe('eu-west-1');
  });
});

// SlackWorkspaceId is create-only on AWS::Chatbot::SlackChannelConfiguration and the configuration
// keeps its name (<prefix>-dns-<region>), so CloudFormation would create the new one under the
// same name before deleting the old: the update fails. Refused with the two-step rollout.
describe('the Chatbot channel moved to another Slack workspace', () => {
  const cfg = (workspaceId: string | undefined): RawConfig =>
    ({ prefix: 'acme', hostedZones: [{ zoneId: ZONE, zoneName: 'example.com' }], alerts: { email: ['oncall@example.com'], ...(workspaceId ? { slack: { chatbot: { workspaceId, channelId: 'C0123ABCD' } } } : {}) } }) as RawConfig;
  const first = buildApp(cfg('T0123ABCD')).monitoring.assignments;

  it('records the workspace of the configuration the app created', () => {
    expect(first.chatbotWorkspace).toBe('T0123ABCD');
  });

  it('is refused in one deploy, naming the field and the two steps', () => {
    const err = errorOf(() => buildApp(cfg('T9999ZZZZ'), { assignments: first }));
    expect(err.issues).toEqual([
      {
        path: 'alerts.slack.chatbot.workspaceId',
        message: expect.stringMatching(/^the Chatbot channel configuration acme-dns-us-east-1 was created for workspace T0123ABCD .*create-only.*1\) remove alerts\.slack\.chatbot and deploy.*2\) add it with workspaceId T9999ZZZZ and deploy.*docs\/rollout\.md$/s),
      },
    ]);
  });

  it('works in the two documented steps; a channel id change alone updates in place', () => {
    const step1 = buildApp(cfg(undefined), { assignments: first }).monitoring.assignments;
    expect(step1.chatbotWorkspace).toBeUndefined();
    expect(buildApp(cfg('T9999ZZZZ'), { assignments: step1 }).monitoring.assignments.chatbotWorkspace).toBe('T9999ZZZZ');
  });
});
