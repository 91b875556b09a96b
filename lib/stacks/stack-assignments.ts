/**
 * Stable placement of zones/VPCs into stacks. A unit (a hosted-zone log group with its zones, or
 * a VPC) stays in the stack it was first placed in, as recorded in the assignments file
 * (`<config>.stacks.json`, commit it next to the config). New units go to the first stack with
 * room, or a new stack. Adding or removing a unit therefore never moves another one.
 */
import * as fs from 'node:fs';

export interface StackAssignments {
  readonly version: 1;
  /** `<group>|<unit key>` -> shard number (1-based). */
  readonly units: Readonly<Record<string, number>>;
  /**
   * Zone or VPC id -> log group of the query logging configuration the app created for it. A
   * configuration cannot move to another log group in one deploy (docs/rollout.md).
   */
  readonly queryLogging?: Readonly<Record<string, string>>;
}

export const EMPTY_ASSIGNMENTS: StackAssignments = { version: 1, units: {} };

export function readAssignments(file: string): StackAssignments {
  if (!fs.existsSync(file)) return EMPTY_ASSIGNMENTS;
  const data = JSON.parse(fs.readFileSync(file, 'utf8'));
  if (data?.version !== 1 || typeof data.units !== 'object') {
    throw new Error(`${file}: not a stack assignments file (expected {"version": 1, "units": {...}}) — delete it to start over`);
  }
  return data as StackAssignments;
}

/** Writes the file when it changed; returns true when it did. Keys are sorted for clean diffs. */
export function writeAssignments(file: string, a: StackAssignments): boolean {
  const sorted = (r: Readonly<Record<string, unknown>>) => Object.fromEntries(Object.entries(r).sort(([x], [y]) => x.localeCompare(y)));
  const ql = a.queryLogging && Object.keys(a.queryLogging).length > 0 ? { queryLogging: sorted(a.queryLogging) } : {};
  const text = `${JSON.stringify({ version: 1, units: sorted(a.units), ...ql }, null, 2)}\n`;
  if (fs.existsSync(file) && fs.readFileSync(file, 'utf8') === text) return false;
  fs.writeFileSync(file, text);
  return true;
}

export function assignmentsPathFor(configFile: string): string {
  return configFile.replace(/\.(ya?ml|json)$/i, '') + '.stacks.json';
}
