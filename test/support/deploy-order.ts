/**
 * The order CloudFormation may create, update and delete a template's resources in, read from the
 * synthesized template alone: a resource waits for every resource it names with `Ref`,
 * `Fn::GetAtt`, a `${...}` in `Fn::Sub` or `DependsOn` (CloudFormation User Guide, "DependsOn
 * attribute"), and everything else runs at the same time (AWS Knowledge Center, "How do I prevent
 * 'Rate exceeded' errors in CloudFormation?"). Independent of how the app adds its dependencies.
 */

type Resources = Record<string, { Type: string; DependsOn?: string | string[]; Properties?: unknown }>;

/** For each logical id, the logical ids of the same template it waits for. */
export function dependencyGraph(resources: Resources): Map<string, Set<string>> {
  const ids = new Set(Object.keys(resources));
  const graph = new Map<string, Set<string>>();
  const walk = (v: unknown, out: Set<string>): void => {
    if (Array.isArray(v)) {
      for (const x of v) walk(x, out);
      return;
    }
    if (v === null || typeof v !== 'object') return;
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      if (k === 'Ref' && typeof x === 'string' && ids.has(x)) out.add(x);
      else if (k === 'Fn::GetAtt') {
        const target = Array.isArray(x) ? x[0] : typeof x === 'string' ? x.split('.')[0] : undefined;
        if (typeof target === 'string' && ids.has(target)) out.add(target);
        else walk(x, out);
      } else if (k === 'Fn::Sub') {
        const [text, vars] = Array.isArray(x) ? x : [x, undefined];
        if (typeof text === 'string') {
          for (const m of text.matchAll(/\$\{([^!}][^}]*)\}/g)) {
            const target = m[1].split('.')[0];
            if (ids.has(target)) out.add(target);
          }
        }
        walk(vars, out);
      } else walk(x, out);
    }
  };
  for (const [id, r] of Object.entries(resources)) {
    const out = new Set<string>();
    walk(r.Properties, out);
    for (const d of typeof r.DependsOn === 'string' ? [r.DependsOn] : r.DependsOn ?? []) if (ids.has(d)) out.add(d);
    out.delete(id);
    graph.set(id, out);
  }
  return graph;
}

/** True when no resource waits, directly or not, for itself (CloudFormation refuses such a template). */
export function isAcyclic(graph: Map<string, Set<string>>): boolean {
  const state = new Map<string, 1 | 2>();
  const visit = (id: string): boolean => {
    const s = state.get(id);
    if (s === 2) return true;
    if (s === 1) return false;
    state.set(id, 1);
    for (const d of graph.get(id) ?? []) if (!visit(d)) return false;
    state.set(id, 2);
    return true;
  };
  return [...graph.keys()].every(visit);
}

/**
 * The largest number of `members` CloudFormation may be working on at the same time: the width of
 * the order "waits for, directly or not" restricted to them, which is the fewest chains that cover
 * them (Dilworth): members minus a maximum matching of "a waits for b".
 */
export function mostAtOnce(graph: Map<string, Set<string>>, members: readonly string[]): number {
  const inSet = new Set(members);
  const reach = new Map<string, string[]>();
  for (const m of members) {
    const seen = new Set<string>();
    const stack = [...(graph.get(m) ?? [])];
    while (stack.length > 0) {
      const x = stack.pop()!;
      if (seen.has(x)) continue;
      seen.add(x);
      stack.push(...(graph.get(x) ?? []));
    }
    reach.set(m, [...seen].filter((x) => inSet.has(x)));
  }
  const matchOf = new Map<string, string>();
  const augment = (m: string, tried: Set<string>): boolean => {
    for (const x of reach.get(m) ?? []) {
      if (tried.has(x)) continue;
      tried.add(x);
      const owner = matchOf.get(x);
      if (owner === undefined || augment(owner, tried)) {
        matchOf.set(x, m);
        return true;
      }
    }
    return false;
  };
  let matched = 0;
  for (const m of members) if (augment(m, new Set())) matched += 1;
  return members.length - matched;
}
