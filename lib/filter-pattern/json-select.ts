import type { JsonSelector } from './types';

/**
 * Resolve a selector against a parsed JSON object. Returns every node it reaches: one for a plain
 * selector, any number for a selector with a wildcard (`[*]` / `.*` select every array element or
 * object field). A step that does not fit the node (index on an object, key on an array, path
 * through a scalar) reaches nothing.
 */
export function selectNodes(root: unknown, selector: JsonSelector): unknown[] {
  let nodes: unknown[] = [root];
  for (const step of selector.steps) {
    const next: unknown[] = [];
    for (const node of nodes) {
      if (step.kind === 'wildcard') {
        if (Array.isArray(node)) next.push(...node);
        else if (isObject(node)) next.push(...Object.values(node));
      } else if (step.kind === 'index') {
        if (Array.isArray(node) && step.index < node.length) next.push(node[step.index]);
      } else if (isObject(node) && Object.prototype.hasOwnProperty.call(node, step.key)) {
        next.push(node[step.key]);
      }
    }
    nodes = next;
  }
  return nodes;
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Parse a log event as a JSON object; undefined for anything else (non-JSON never matches). */
export function parseJsonEvent(line: string): Record<string, unknown> | undefined {
  const text = line.trim();
  if (!text.startsWith('{')) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return isObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}
