/** The issues a config is refused with (fails the test when it is accepted or fails otherwise). */
import { ConfigError } from '../../lib/config/errors';
import { parseConfig } from '../../lib/config/load';

export function issuesOf(input: unknown): { path: string; message: string }[] {
  try {
    parseConfig(input);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return [...(e as ConfigError).issues];
  }
  throw new Error('expected the config to be rejected');
}
