/**
 * A deployment placed by an earlier product version keeps every resource in its stack under its
 * logical id. The fixture holds the placement file and every resource id that version (0.x, one
 * placement unit per hosted-zone log group) synthesized for UPGRADE_FLEET: fixed-name resources
 * (alarms, mute rules, filters) that moved would be created before the old ones are deleted.
 */
import { Template } from 'aws-cdk-lib/assertions';
import { UPGRADE_FLEET, zone } from '../support/fleets';
import { buildApp } from '../support/synth';
import type { StackAssignments } from '../../lib/stacks/stack-assignments';
import fixture from './fixtures/placement-0.x.json';

function resourcesOf(config: typeof UPGRADE_FLEET, assignments: StackAssignments): Record<string, string> {
  const { monitoring } = buildApp(config, { assignments });
  const out: Record<string, string> = {};
  for (const s of [...Object.values(monitoring.coreStacks), ...monitoring.shardStacks]) {
    for (const [id, r] of Object.entries<any>(Template.fromStack(s).toJSON().Resources ?? {})) out[`${s.stackName}/${id}`] = r.Type;
  }
  return out;
}

/**
 * Removed on purpose since that version, each taking its name with it (no resource of this version
 * is named like it): the change audit's rule for this app's health-check ids (health-check deletions
 * are watched account-wide: the ids would be imports from the health-check stacks), and the
 * dashboards stack's health-check dashboard (each health-check stack now holds its own, named
 * `<prefix>-dns-health-checks-s<n>`; docs/rollout.md, "Upgrading to references by name").
 */
const REMOVED = ['acme-change-audit/ChangeAuditRulemonitoringchanges338B6AB30', 'acme-dashboards-us-east-1/Dashboardsacmednshealthchecks5BCFFC27'];

describe('upgrading a deployment placed by 0.x', () => {
  const old = fixture.assignments as StackAssignments;

  it('the resources removed on purpose leave their names free', () => {
    expect(REMOVED.every((k) => k in (fixture.resources as Record<string, string>))).toBe(true);
    const { monitoring } = buildApp(UPGRADE_FLEET, { assignments: old });
    const names = [...Object.values(monitoring.coreStacks), ...monitoring.shardStacks].flatMap((st) =>
      Object.values<any>(Template.fromStack(st).toJSON().Resources ?? {}).map((r) => r.Properties?.DashboardName ?? r.Properties?.Name),
    );
    expect(names).not.toContain('acme-dns-health-checks');
    expect(names).not.toContain('acme-dns-audit-monitoring-3');
  });

  it('the same config: every resource keeps its stack, logical id and type', () => {
    const now = resourcesOf(UPGRADE_FLEET, old);
    const lost = Object.entries(fixture.resources as Record<string, string>).filter(([k, t]) => now[k] !== t && !REMOVED.includes(k));
    expect(lost).toEqual([]);
  });

  it('a zone joins the shared group at the upgrade: the others keep theirs', () => {
    const grown = { ...UPGRADE_FLEET, hostedZones: [...UPGRADE_FLEET.hostedZones!, zone(200, { queryLogging: { logGroupName: '/dns/fleet' } })] };
    const now = resourcesOf(grown, old);
    const lost = Object.entries(fixture.resources as Record<string, string>).filter(([k, t]) => now[k] !== t && !REMOVED.includes(k));
    expect(lost).toEqual([]);
  });
});
