/** Many health checks split over stacks; a calculated check stays with its children. */
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { buildApp, templatesOf } from '../support/synth';
import { countResources } from '../../lib/stacks/shard-placer';

function config(n: number) {
  const healthChecks: any[] = Array.from({ length: n }, (_, i) => ({ name: `svc${i}`, url: `https://svc${i}.example.com/health` }));
  healthChecks.push({ name: 'svc-any', children: ['svc0', 'svc1', 'svc2'], healthyThreshold: 1 });
  return { prefix: 'acme', healthChecks, alerts: { email: ['oncall@example.com'] } };
}

describe('health checks at scale', () => {
  it('splits 150 checks over stacks within the budget, keeping a calculated check with its children', () => {
    const { monitoring } = buildApp(config(150) as any);
    const stacks = monitoring.shardStacks.filter((s) => /-health-checks-\d+$/.test(s.stackName));
    expect(stacks.length).toBeGreaterThan(1);
    for (const s of stacks) expect(countResources(s)).toBeLessThanOrEqual(400);
    const t = templatesOf(monitoring);
    const holder = stacks.find((s) =>
      Object.values(t[s.stackName].findResources('AWS::Route53::HealthCheck')).some((h: any) => h.Properties.HealthCheckConfig.Type === 'CALCULATED'),
    )!;
    // The calculated check refers to its children inside the same template (no cross-stack import).
    const child = { 'Fn::GetAtt': [Match.anyValue(), 'HealthCheckId'] };
    t[holder.stackName].hasResourceProperties('AWS::Route53::HealthCheck', {
      HealthCheckConfig: { Type: 'CALCULATED', ChildHealthChecks: [child, child, child] },
    });
    const total = stacks.reduce((n, s) => n + Object.keys(t[s.stackName].findResources('AWS::Route53::HealthCheck')).length, 0);
    expect(total).toBe(151);
  });

  it('warns once at synth above the default quota of 200 checks', () => {
    const { monitoring } = buildApp(config(205) as any);
    // On a stack (the primary core stack): cdk synth prints only annotations inside a stack.
    const warnings = Annotations.fromStack(monitoring.coreStacks['us-east-1']).findWarning('*', Match.anyValue()).map((m) => String(m.entry.data));
    expect(warnings.filter((w) => /206 health checks exceed the Route 53 quota of 200 per account/.test(w))).toHaveLength(1);
  });
});
