/**
 * CloudFormation's rule for cross-stack references (Template Reference, Fn::ImportValue): "After
 * another stack imports an output value, you can't delete the stack that is exporting the output
 * value or modify the exported output value. All the imports must be removed before you can delete
 * the exporting stack or modify the output value."
 *
 * `cdk deploy` updates a producing stack before the stacks that import from it, so an update that
 * removes or changes an export the deployed consumers import fails at the producer, whatever the
 * consumers' new templates say. A value changes when its expression does, or when the resource it
 * reads is replaced (a create-only property changes: test/support/resource-schemas.ts).
 */
import type { Deployment } from './iam/deployment';
import { replacements } from './resource-schemas';

export interface ExportBreak {
  readonly exportName: string;
  readonly producer: string;
  /** Deployed stacks that import it. */
  readonly importers: readonly string[];
  readonly change: 'removed' | 'changed' | 'replaced';
  /** The exported value's expression before the update. */
  readonly value: string;
}

function importsOf(template: unknown): string[] {
  const out: string[] = [];
  (function walk(x: unknown) {
    if (Array.isArray(x)) x.forEach(walk);
    else if (x && typeof x === 'object') {
      const v = (x as Record<string, unknown>)['Fn::ImportValue'];
      if (v !== undefined) out.push(typeof v === 'string' ? v : JSON.stringify(v));
      Object.values(x).forEach(walk);
    }
  })(template);
  return out;
}

/** Logical ids a value expression reads (Ref, Fn::GetAtt). */
function readsOf(value: unknown): string[] {
  const out: string[] = [];
  (function walk(x: unknown) {
    if (Array.isArray(x)) x.forEach(walk);
    else if (x && typeof x === 'object') {
      const o = x as Record<string, unknown>;
      if (typeof o.Ref === 'string') out.push(o.Ref);
      const att = o['Fn::GetAtt'];
      if (Array.isArray(att) && typeof att[0] === 'string') out.push(att[0]);
      else if (typeof att === 'string') out.push(att.split('.')[0]);
      Object.values(o).forEach(walk);
    }
  })(value);
  return out;
}

function exportsOf(d: Deployment): Map<string, { stack: string; value: unknown }> {
  const out = new Map<string, { stack: string; value: unknown }>();
  for (const s of d.stacks) {
    for (const o of Object.values<any>(s.template.Outputs ?? {})) {
      if (o.Export?.Name !== undefined) out.set(typeof o.Export.Name === 'string' ? o.Export.Name : JSON.stringify(o.Export.Name), { stack: s.stackName, value: o.Value });
    }
  }
  return out;
}

/**
 * Exports of `before` that its other stacks import and that `after` removes or changes: each one
 * fails the update of its producing stack (stacks missing from `after` stay deployed and keep
 * importing).
 */
export function exportBreaks(before: Deployment, after: Deployment): ExportBreak[] {
  const importers = new Map<string, Set<string>>();
  for (const s of before.stacks) for (const name of importsOf(s.template.Resources)) importers.set(name, (importers.get(name) ?? new Set()).add(s.stackName));
  const old = exportsOf(before);
  const now = exportsOf(after);
  const replaced = new Set(replacements(before, after).map((r) => r.resource));
  const out: ExportBreak[] = [];
  for (const [exportName, { stack, value }] of old) {
    const users = [...(importers.get(exportName) ?? [])].filter((s) => s !== stack).sort();
    if (users.length === 0) continue;
    const next = now.get(exportName);
    const change = !next
      ? 'removed'
      : JSON.stringify(next.value) !== JSON.stringify(value) || next.stack !== stack
        ? 'changed'
        : readsOf(value).some((id) => replaced.has(`${stack}/${id}`))
          ? 'replaced'
          : undefined;
    if (change) out.push({ exportName, producer: stack, importers: users, change, value: JSON.stringify(value) });
  }
  return out;
}
