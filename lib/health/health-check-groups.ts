/**
 * Health checks that must stay together: a calculated check and its children (transitively).
 * Each group is placed in a stack as one unit, so large fleets of checks split over stacks.
 */
import type { HealthCheckConfig } from '../config/health-schema';

export function healthCheckGroups(checks: readonly HealthCheckConfig[]): HealthCheckConfig[][] {
  const parent = new Map<string, string>(checks.map((c) => [c.name, c.name]));
  const find = (n: string): string => {
    let r = n;
    while (parent.get(r) !== r) r = parent.get(r)!;
    parent.set(n, r);
    return r;
  };
  for (const c of checks) {
    for (const child of c.children ?? []) {
      if (parent.has(child)) parent.set(find(child), find(c.name));
    }
  }
  const groups = new Map<string, HealthCheckConfig[]>();
  for (const c of checks) {
    const root = find(c.name);
    groups.set(root, [...(groups.get(root) ?? []), c]);
  }
  return [...groups.values()];
}
