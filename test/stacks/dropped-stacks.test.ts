/** A stack whose last zone, VPC or health check was removed is announced with how to destroy it. */
import { App } from 'aws-cdk-lib';
import { DnsMonitoring } from '../../lib/dns-monitoring';
import type { RawConfig } from '../../lib/config/schema';
import { droppedStackMessage, droppedStacks, StackAssignments } from '../../lib/stacks/stack-assignments';

const zone = (i: number) => ({ zoneId: `Z${String(i).padStart(4, '0')}DROPPED00000000`.slice(0, 21), zoneName: `z${i}.example.com` });
const cfg = (zones: number[], vpcs: string[]): RawConfig => ({
  prefix: 'acme',
  hostedZones: zones.map(zone),
  resolverVpcs: vpcs.map((r, i) => ({ vpcId: `vpc-${String(i).padStart(17, '0')}`, region: r })),
  alerts: { email: ['oncall@example.com'] },
});
/** A tiny resource budget puts every zone and VPC in a stack of its own. */
const placement = (config: RawConfig, assignments?: StackAssignments) =>
  new DnsMonitoring(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'D', { config, assignments, account: '111122223333', maxResourcesPerStack: 20 }).assignments;

describe('stacks that drop out of the app', () => {
  const first = placement(cfg([1, 2, 3], ['eu-west-1', 'eu-west-1']));

  it('placement puts each unit in its own stack here', () => {
    expect(new Set(Object.values(first.units)).size).toBeGreaterThan(1);
  });

  it('names the stack of a removed last zone and of the removed VPCs, with its region', () => {
    const after = placement(cfg([1, 2], []), first);
    const vpcStacks = [...new Set([0, 1].map((i) => first.units[`vpcs-eu-west-1|vpc-${String(i).padStart(17, '0')}`]))];
    expect(droppedStacks('acme', first, after)).toEqual([
      ...vpcStacks.map((n) => ({ stackName: `acme-vpcs-eu-west-1-${n}`, region: 'eu-west-1' })),
      { stackName: `acme-zones-${first.units['zones|/aws/route53/z3.example.com']}`, region: 'us-east-1' },
    ]);
  });

  it('announces nothing when no stack lost its last unit', () => {
    expect(droppedStacks('acme', first, placement(cfg([1, 2, 3], ['eu-west-1', 'eu-west-1']), first))).toEqual([]);
  });
});

describe('the change audit turned off', () => {
  // Its stack leaves the app, and `cdk deploy --all` leaves it deployed: its rules keep sending
  // the change alerts the user turned off.
  const on = placement(cfg([1], []));
  it('is announced with the command that deletes its stack', () => {
    const off = placement({ ...cfg([1], []), changeAudit: { enabled: false } } as RawConfig, on);
    const dropped = droppedStacks('acme', on, off);
    expect(dropped).toEqual([{ stackName: 'acme-change-audit', region: 'us-east-1', what: 'change audit' }]);
    expect(droppedStackMessage(dropped[0])).toMatch(/^Stack acme-change-audit \(us-east-1\) is no longer in the app: the change audit is off.*keep sending change alerts.*aws cloudformation delete-stack --stack-name acme-change-audit --region us-east-1/);
    expect(droppedStacks('acme', on, placement(cfg([1, 2], []), on))).toEqual([]);
  });

  it('watching only the registrar, is announced when registeredDomains is emptied, saying so', () => {
    const domainsOnly = (domains: object[]) => ({ ...cfg([], ['us-east-1']), registeredDomains: domains }) as unknown as RawConfig;
    const before = placement(domainsOnly([{ name: 'example.com' }]));
    const dropped = droppedStacks('acme', before, placement(domainsOnly([]), before));
    expect(dropped).toEqual([{ stackName: 'acme-change-audit', region: 'us-east-1', what: 'change audit' }]);
    expect(droppedStackMessage(dropped[0])).toMatch(/no longer in the app: the change audit is off \(changeAudit\) or has nothing left to watch \(no hostedZones, no registeredDomains\).*aws cloudformation delete-stack --stack-name acme-change-audit/);
  });
});
