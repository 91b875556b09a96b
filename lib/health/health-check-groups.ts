/**
 * Health checks that must stay together: a calculated check and its children (transitively).
 * Each group is placed in a stack as one unit, so large fleets of checks split over stacks.
 */
/** What grouping needs of a health check. */
export interface GroupableCheck {
  readonly name: string;
  readonly children?: readonly string[];
}

export interface HealthCheckGroup<C extends GroupableCheck = GroupableCheck> {
  /**
   * The group's identity, independent of list order: its top calculated check (the first by name
   * when several calculated checks share children), or the check itself when it stands alone.
   */
  readonly key: string;
  readonly checks: readonly C[];
}

/** The groups, sorted by key. */
export function healthCheckGroups<C extends GroupableCheck>(checks: readonly C[]): HealthCheckGroup<C>[] {
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
  const groups = new Map<string, C[]>();
  for (const c of checks) {
    const root = find(c.name);
    groups.set(root, [...(groups.get(root) ?? []), c]);
  }
  const isChild = new Set(checks.flatMap((c) => c.children ?? []));
  return [...groups.values()]
    .map((members) => ({ key: members.map((c) => c.name).filter((n) => !isChild.has(n)).sort()[0] ?? members[0].name, checks: members }))
    .sort((a, b) => a.key.localeCompare(b.key));
}
