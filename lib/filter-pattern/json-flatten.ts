import { isObject } from './json-select';

const SIMPLE_KEY = /^[A-Za-z0-9_-]+$/;

/**
 * Every scalar leaf of a JSON event keyed by its selector (`$.vpc_id`, `$.answers[0].Rdata`,
 * `$.['cluster.name']`), with the value as a string. Strings and numbers (value nodes) and
 * booleans are included; nulls, empty arrays and empty objects are not.
 */
export function flattenJson(event: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (node: unknown, path: string): void => {
    if (typeof node === 'string') out[path] = node;
    else if (typeof node === 'number' || typeof node === 'boolean') out[path] = String(node);
    else if (Array.isArray(node)) node.forEach((item, i) => walk(item, `${path}[${i}]`));
    else if (isObject(node)) {
      for (const [key, value] of Object.entries(node)) {
        walk(value, SIMPLE_KEY.test(key) ? `${path}.${key}` : `${path}.['${key}']`);
      }
    }
  };
  walk(event, '$');
  return out;
}
