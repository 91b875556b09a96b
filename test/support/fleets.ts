/** A fleet with every kind of subject and shared log groups (stability and limit tests). */
import type { RawConfig } from '../../lib/config/schema';

export const zone = (i: number, extra: object = {}) => ({ zoneId: `Z${String(i).padStart(4, '0')}STABLE000000000`.slice(0, 21), zoneName: `z${i}.example.com`, ...extra });
export const vpc = (i: number, region: string, extra: object = {}) => ({ vpcId: `vpc-${String(i).padStart(17, '0')}`, region, ...extra });

export const FLEET: RawConfig = {
  prefix: 'acme',
  hostedZones: [
    zone(1, { queryLogging: { create: true } }),
    zone(2, { queryLogging: { logGroupName: '/dns/shared' } }),
    zone(3, { queryLogging: { logGroupName: '/dns/shared' }, contributorInsights: false }),
    zone(4, { queryLogging: { logGroupName: '/dns/shared' } }),
    zone(5, { dnssec: true }),
    zone(6, { queryLogging: { create: true } }),
  ],
  resolverVpcs: [
    vpc(1, 'eu-west-1', { queryLogging: { create: true } }),
    vpc(2, 'eu-west-1', { queryLogging: { create: true } }),
    vpc(3, 'eu-west-1', { queryLogging: { logGroupName: '/dns/resolver-eu' } }),
    vpc(4, 'us-west-2', { queryLogging: { logGroupName: '/dns/resolver-usw2' } }),
    vpc(5, 'us-west-2', { queryLogging: { logGroupName: '/dns/resolver-usw2-b' } }),
  ],
  healthChecks: [
    { name: 'api', url: 'https://api.example.com/health' },
    { name: 'db', url: 'tcp://db.example.com:5432' },
    { name: 'web', url: 'https://www.example.com/' },
    { name: 'api-or-db', children: ['api', 'db'] },
  ],
  changeAudit: { protectedRecords: [{ zoneName: 'z1.example.com', name: 'www' }, { zoneName: 'z6.example.com', name: '@' }] },
  alerts: { email: ['oncall@example.com'] },
};


/**
 * A fleet as product versions up to 0.x placed it (one unit per hosted-zone log group): 25 zones
 * share /dns/fleet, two of them in a maintenance window and one signed with DNSSEC, beside FLEET.
 * test/stacks/fixtures/placement-0.x.json holds its placement file and every resource id as that
 * version synthesized them (test/stacks/upgrade.test.ts).
 */
export const UPGRADE_FLEET: RawConfig = {
  ...FLEET,
  hostedZones: [
    ...FLEET.hostedZones!,
    ...Array.from({ length: 25 }, (_, i) => zone(100 + i, { queryLogging: { logGroupName: '/dns/fleet' }, ...(i === 3 ? { dnssec: true } : {}) })),
  ],
  maintenanceWindows: [{ name: 'patching', schedule: 'cron(0 2 * * SUN)', duration: '2h', zones: ['z101.example.com', 'z102.example.com', 'z2.example.com'] }],
};
