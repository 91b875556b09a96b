/**
 * A finding as a check's own module reports it: runDoctor adds the check's name (`Finding` in
 * lib/doctor/index.ts). One shape for every check module, so each reads the same way.
 */
export interface CheckFinding {
  readonly region: string;
  /** What the finding is about: topic, secret, log group, key, zone or alarm name. */
  readonly subject: string;
  readonly problem: string;
  readonly fix: string;
}

/** Names in a finding's text: up to ten, then how many more (`rest`: what they are, e.g. `groups`). */
export function someNames(names: readonly string[], rest?: string): string {
  return names.slice(0, 10).join(', ') + (names.length > 10 ? `, and ${names.length - 10} more${rest ? ` ${rest}` : ''}` : '');
}
