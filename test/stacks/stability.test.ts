/**
 * Changes are safe for years: logical ids derive from what a resource monitors, never from its
 * position in a list. With the placement file of a first synthesis kept:
 *  - the same fleet with every list reversed yields exactly the same resources (stack + logical id);
 *  - removing one zone, one VPC and one health check only removes resources: nothing is created,
 *    so nothing of an unchanged subject is replaced, and no fixed-name resource moves. The one
 *    exception is by design: below 11 subjects every zone/VPC gets its own dashboard instead of
 *    shared "explorer" pages (docs/dashboards.md), so dashboards (which hold no data) may be added.
 */
import type { RawConfig } from '../../lib/config/schema';
import { FLEET, vpc, zone } from '../support/fleets';
import { buildApp } from '../support/synth';
import { Template } from 'aws-cdk-lib/assertions';

type Ids = Map<string, string>; // `${stack}/${logicalId}` -> type

function idsOf(config: RawConfig, assignments?: ReturnType<typeof buildApp>['monitoring']['assignments']) {
  const { monitoring } = buildApp(config, { assignments });
  const ids: Ids = new Map();
  for (const s of [...Object.values(monitoring.coreStacks), ...monitoring.shardStacks]) {
    for (const [id, r] of Object.entries<any>(Template.fromStack(s).toJSON().Resources ?? {})) ids.set(`${s.stackName}/${id}`, r.Type);
  }
  return { ids, assignments: monitoring.assignments };
}

const reversed = (c: RawConfig): RawConfig => ({
  ...c,
  hostedZones: [...(c.hostedZones ?? [])].reverse(),
  resolverVpcs: [...(c.resolverVpcs ?? [])].reverse(),
  healthChecks: [...(c.healthChecks ?? [])].reverse(),
  changeAudit: { ...c.changeAudit, protectedRecords: [...(c.changeAudit?.protectedRecords ?? [])].reverse() },
});

const diff = (a: Ids, b: Ids) => [...b.keys()].filter((k) => !a.has(k));

describe('logical ids follow identity, not list order', () => {
  const first = idsOf(FLEET);

  it('every list reversed: the same resources with the same logical ids in the same stacks', () => {
    const again = idsOf(reversed(FLEET), first.assignments);
    expect({ added: diff(first.ids, again.ids), removed: diff(again.ids, first.ids) }).toEqual({ added: [], removed: [] });
  });

  it('one zone, one VPC and one health check removed: resources are only removed, nothing created or moved', () => {
    const smaller: RawConfig = {
      ...FLEET,
      hostedZones: FLEET.hostedZones!.filter((z) => z.zoneId !== zone(2).zoneId),
      resolverVpcs: FLEET.resolverVpcs!.filter((v) => v.vpcId !== vpc(1, 'eu-west-1').vpcId),
      healthChecks: FLEET.healthChecks!.filter((h) => h.name !== 'web'),
    };
    const after = idsOf(smaller, first.assignments);
    expect(diff(first.ids, after.ids).filter((k) => after.ids.get(k) !== 'AWS::CloudWatch::Dashboard')).toEqual([]);
    expect(diff(after.ids, first.ids).length).toBeGreaterThan(0);
  });

  it('the first zone of a shared log group removed: the group\'s resources keep their ids', () => {
    const noFirst: RawConfig = { ...FLEET, hostedZones: FLEET.hostedZones!.filter((z) => z.zoneId !== zone(2).zoneId) };
    const after = idsOf(noFirst, first.assignments);
    const filters = [...after.ids].filter(([, t]) => t === 'AWS::Logs::MetricFilter').map(([k]) => k);
    expect(filters.filter((k) => !first.ids.has(k))).toEqual([]);
  });
});
