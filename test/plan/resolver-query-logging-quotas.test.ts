/**
 * Resolver query logging quotas (Route 53 Developer Guide, "Quotas on Route 53 VPC Resolver query
 * logs"; lib/aws-facts.ts): 20 query logging configurations per region, and 100 VPC associations per
 * region across every configuration of the account. Both are default quotas that can be raised, so
 * `plan` says when a config goes past them (or near) instead of refusing it; without it the deploy
 * failed at the 21st configuration or the 101st association.
 */
import { ROUTE53 } from '../../lib/aws-facts';
import { parseConfig } from '../../lib/config/load';
import type { RawConfig } from '../../lib/config/schema';
import { planConfig, type PlanResult } from '../../lib/plan';

const vpc = (i: number, region: string, group: number) => ({
  vpcId: `vpc-${i.toString(16).padStart(17, '0')}`,
  region,
  queryLogging: { create: true, logGroupName: `/dns/resolver-${region}-${group}` },
});

describe('plan on Resolver query logging quotas', () => {
  let plan: PlanResult;
  beforeAll(() => {
    const config = {
      prefix: 'rq',
      // eu-west-1: 101 VPCs logged into 21 groups (one configuration per group). us-west-2: 80 VPCs, one group.
      resolverVpcs: [...Array.from({ length: 101 }, (_, i) => vpc(i, 'eu-west-1', i % 21)), ...Array.from({ length: 80 }, (_, i) => vpc(1000 + i, 'us-west-2', 0))],
      signals: { noerror: { enabled: false }, nxdomain: { enabled: false }, refused: { enabled: false }, errors: { enabled: false }, 'other-errors': { enabled: false } },
      dashboards: { enabled: false },
      contributorInsights: { enabled: false },
      alerts: { email: ['oncall@example.com'] },
    } as unknown as RawConfig;
    plan = planConfig(parseConfig(config), { queriesPerDay: 1_000_000 });
  }, 300_000);

  const about = (limit: string) => plan.warnings.filter((w) => w.limit === limit).map((w) => `${w.level} ${w.scope} ${w.value}/${w.max}`);

  it('reports more configurations in a region than the quota, as an error', () => {
    expect(about('Resolver query logging configurations')).toEqual([`error eu-west-1 21/${ROUTE53.resolverQueryLogConfigsPerRegion}`]);
  });

  it('reports more VPC associations in a region than the quota as an error, and 80 % of it as a warning', () => {
    expect(about('Resolver query logging VPC associations')).toEqual([
      `error eu-west-1 101/${ROUTE53.resolverQueryLogVpcAssociationsPerRegion}`,
      `warning us-west-2 80/${ROUTE53.resolverQueryLogVpcAssociationsPerRegion}`,
    ]);
    const [error] = plan.warnings.filter((w) => w.limit === 'Resolver query logging VPC associations' && w.level === 'error');
    expect(error.message).toMatch(/across every query logging configuration of the account/);
  });
});
