/** Re-validates a config fragment handed to a construct directly (typed API), with config paths. */
import type { z } from 'zod';
import { ConfigError, fromZod } from '../config/errors';

export function validateFragment<S extends z.ZodType>(schema: S, value: unknown, root: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new ConfigError(
    fromZod(result.error, schema).map((i) => ({ path: i.path ? (i.path.startsWith('[') ? `${root}${i.path}` : `${root}.${i.path}`) : root, message: i.message })),
  );
}
