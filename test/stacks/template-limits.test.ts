/**
 * A region's core stack holds the query logging and metric filters of each Resolver log group of
 * the region, so a config that gives many VPCs a group of their own fills it past CloudFormation's
 * 500 resources. That is refused as a config error naming the field that fixes it, before
 * synthesis (the CDK's own check stopped `cdk synth` with a stack trace).
 */
import { CLOUDFORMATION } from '../../lib/aws-facts';
import { ConfigError } from '../../lib/config/errors';
import { buildApp } from '../support/synth';

const vpcs = (n: number) => Array.from({ length: n }, (_, i) => ({ vpcId: `vpc-${String(i).padStart(17, '0')}`, region: 'eu-west-1', queryLogging: { logGroupName: `/dns/vpc-${i}` } }));

it('refuses a region whose Resolver log groups would fill its core stack, naming the field and the number of groups', () => {
  let error: unknown;
  try {
    buildApp({ prefix: 'acme', resolverVpcs: vpcs(64), alerts: { email: ['oncall@example.com'] } } as never);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(ConfigError);
  expect((error as ConfigError).issues).toEqual([
    {
      path: 'resolverVpcs[0].queryLogging.logGroupName',
      message: expect.stringMatching(new RegExp(`core stack of eu-west-1 would hold \\d+ resources \\(CloudFormation allows ${CLOUDFORMATION.resourcesPerStack}\\).*64 Resolver log groups.*share log groups`)),
    },
  ]);
});

it('builds 40 VPCs with groups of their own (within the limit)', () => {
  const { monitoring } = buildApp({ prefix: 'acme', resolverVpcs: vpcs(40), alerts: { email: ['oncall@example.com'] } } as never);
  expect(Object.keys(monitoring.coreStacks)).toContain('eu-west-1');
});

it('refuses a region whose Resolver endpoints\' alarms would fill its core stack, naming the endpoints and what turns alarms off (not the log groups it does not have)', () => {
  const endpoints = Array.from({ length: 200 }, (_, i) => ({ endpointId: `rslvr-in-${i.toString(16).padStart(17, '0')}`, region: 'eu-west-1', direction: 'inbound', name: `ep-${i}` }));
  let error: unknown;
  try {
    buildApp({ prefix: 'acme', hostedZones: [{ zoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com' }], resolverEndpoints: endpoints, alerts: { email: ['oncall@example.com'] } } as never);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(ConfigError);
  const issues = (error as ConfigError).issues;
  expect(issues).toHaveLength(1);
  expect(issues[0].path).toBe('resolverEndpoints[0]');
  expect(issues[0].message).toMatch(new RegExp(`^the core stack of eu-west-1 would hold \\d+ resources \\(CloudFormation allows ${CLOUDFORMATION.resourcesPerStack}\\): the alarms of its 200 Resolver endpoints are 600 of them`));
  expect(issues[0].message).toContain('unhealthyEnis, queryVolume or capacity: { enabled: false }');
  expect(issues[0].message).not.toContain('log groups');
});

it('refuses a us-east-1 core stack that registered domains and DNS checks fill, naming the larger part and its fix (not log groups it does not have)', () => {
  const refused = (registeredDomains: object[], checks: number) => {
    // Run from two other regions (the prober input of one region holds about 270 such checks); their alarms are in us-east-1.
    const dnsChecks = Array.from({ length: checks }, (_, i) => ({ name: `c${i}`, query: `c${i}.example.com`, type: 'A', servers: ['192.0.2.53'], regions: [i % 2 ? 'eu-west-1' : 'us-west-2'], expect: {} }));
    try {
      buildApp({ prefix: 'acme', alerts: { email: ['oncall@example.com'] }, registeredDomains, dnsChecks } as never);
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      return (e as ConfigError).issues;
    }
    throw new Error('expected the config to be refused');
  };
  const domains = Array.from({ length: 100 }, (_, i) => ({ name: `d${i}.example` }));
  const byDomains = refused(domains, 200);
  expect(byDomains).toEqual([{ path: 'registeredDomains', message: expect.stringMatching(/^the core stack of us-east-1 would hold \d+ resources \(CloudFormation allows 500\): the registration watcher and the alarms of its 100 registered domains are 31\d of them \(three alarms a domain\) — /) }]);
  expect(byDomains[0].message).toContain('second deployment');
  expect(byDomains[0].message).not.toContain('log groups');
  const byChecks = refused(domains.slice(0, 40), 400);
  expect(byChecks).toEqual([{ path: 'dnsChecks', message: expect.stringMatching(/^the core stack of us-east-1 would hold \d+ resources \(CloudFormation allows 500\): the alarms of its 400 DNS checks are \d+ of them — /) }]);
  expect(byChecks[0].message).not.toContain('log groups');
});
