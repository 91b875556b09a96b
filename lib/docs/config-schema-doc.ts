/** docs/config.schema.json: the config schema as JSON Schema, for editor autocompletion. */
import { z } from 'zod';
import { configSchema } from '../config/schema';

export function renderConfigJsonSchema(): string {
  const schema = z.toJSONSchema(configSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  schema.title = 'Codreum DNS Monitor configuration';
  schema.description = 'See docs/configuration.md for every key.';
  return `${JSON.stringify(schema, null, 2)}\n`;
}
