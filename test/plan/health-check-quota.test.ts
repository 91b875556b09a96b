/**
 * plan and Route 53's health-check quota (ROUTE53.healthChecksPerAccount, lib/aws-facts.ts): a
 * warning from 80 % of it, an error above it. A change that replaces health checks (docs/rollout.md,
 * "Changes that replace a resource") holds one more per replaced check while it deploys, so the
 * message says that too.
 */
import { ROUTE53 } from '../../lib/aws-facts';
import { parseConfig } from '../../lib/config/load';
import { planConfig } from '../../lib/plan';

const checks = (n: number) =>
  parseConfig({
    prefix: 'hq',
    healthChecks: Array.from({ length: n }, (_, i) => ({ name: `site-${i}`, url: `https://site-${i}.example.org/health` })),
    dashboards: { enabled: false },
    alerts: { email: ['oncall@example.com'] },
  });
const quota = (n: number) => planConfig(checks(n)).warnings.filter((w) => w.limit === 'Route 53 health checks');

describe('plan: Route 53 health checks per account', () => {
  it('warns from 80 % of the quota, saying that a replacement needs one more check while it deploys', () => {
    const near = Math.ceil(ROUTE53.healthChecksPerAccount * 0.8);
    expect(quota(near - 1)).toEqual([]);
    const [w] = quota(near);
    expect(w).toMatchObject({ scope: 'account', value: near, max: ROUTE53.healthChecksPerAccount, level: 'warning' });
    expect(w.message).toMatch(/request an increase \(Service Quotas, Route 53, "Health checks"\)/);
    expect(w.message).toMatch(/a change that replaces health checks .*holds one more check per replaced check until the deploy ends .*docs\/rollout\.md/);
  }, 120_000);

  it('is an error above the quota', () => {
    const [w] = quota(ROUTE53.healthChecksPerAccount + 1);
    expect(w).toMatchObject({ value: ROUTE53.healthChecksPerAccount + 1, level: 'error' });
  }, 120_000);
});
