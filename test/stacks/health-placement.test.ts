/** Many health checks split over stacks; a calculated check stays with its children. */
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { buildApp, templatesOf } from '../support/synth';
import { countResources } from '../../lib/stacks/shard-placer';
import { ConfigError } from '../../lib/config/errors';

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

describe('a calculated check with more children than one stack holds', () => {
  // A calculated check refers to its children, so they are deployed together: 150 children with
  // their alarms need more resources than one stack may hold. A config error, before synthesis.
  it('is refused at its children, with how many fit and what lowers the count', () => {
    const healthChecks: any[] = Array.from({ length: 150 }, (_, i) => ({ name: `c${i}`, url: `https://svc${i}.example.com/health` }));
    healthChecks.push({ name: 'all', children: healthChecks.map((c) => c.name) });
    let error: unknown;
    try {
      buildApp({ prefix: 'acme', healthChecks, alerts: { email: ['oncall@example.com'] } } as any);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).issues).toEqual([
      {
        path: 'healthChecks[150].children',
        message: expect.stringMatching(/calculated check all is deployed with its 150 children.*need \d+ resources.*one stack holds \(400\).*at most \d+ children.*percentageHealthy: \{ enabled: false \}/),
      },
    ]);
  });
});
