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
  const sorted = Object.fromEntries(Object.entries(a.units).sort(([x], [y]) => x.localeCompare(y)));
  const text = `${JSON.stringify({ version: 1, units: sorted }, null, 2)}\n`;
  if (fs.existsSync(file) && fs.readFileSync(file, 'utf8') === text) return false;
  fs.writeFileSync(file, text);
  return true;
}

export function assignmentsPathFor(configFile: string): string {
  return configFile.replace(/\.(ya?ml|json)$/i, '') + '.stacks.json';
}
