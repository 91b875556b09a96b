/**
 * Stable placement of zones/VPCs into stacks. A unit (a hosted-zone log group, a hosted zone's
 * alarms, a VPC) stays in the stack it was first placed in, as recorded in the assignments file
 * (`<config>.stacks.json`, commit it next to the config). New units go to the first stack with
 * room, or a new stack. Adding or removing a unit therefore never moves another one.
 */
import * as fs from 'node:fs';
import { ROUTE53 } from '../aws-facts';

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

/** A stack of the previous synthesis that no unit is placed in any more. */
export interface DroppedStack {
  readonly stackName: string;
  readonly region: string;
}

/**
 * Stacks that held units before and hold none now: they are no longer in the app, so
 * `cdk deploy --all` leaves them deployed with their alarms running. Stack names follow
 * `<prefix>-<group>-<n>`; `vpcs-<region>` groups live in their region, the others in us-east-1.
 */
export function droppedStacks(prefix: string, before: StackAssignments, after: StackAssignments): DroppedStack[] {
  const stacks = (a: StackAssignments) => new Set(Object.entries(a.units).map(([key, n]) => `${key.split('|')[0]}|${n}`));
  const now = stacks(after);
  return [...stacks(before)]
    .filter((s) => !now.has(s))
    .sort()
    .map((s) => {
      const [group, n] = s.split('|');
      const region = /^vpcs-(.+)$/.exec(group)?.[1] ?? ROUTE53.globalRegion;
      return { stackName: `${prefix}-${group}-${n}`, region };
    });
}

/** Warning id of a dropped stack in library use (`DnsMonitoring` with `placementFile`). */
export const DROPPED_STACK_WARNING = 'codreum:dropped-stack';

/** What to tell the user about a dropped stack (the CLI prints it; library use warns with it). */
export function droppedStackMessage(d: DroppedStack): string {
  return (
    `Stack ${d.stackName} (${d.region}) is no longer in the app: its last zone, VPC or health check was removed, and \`cdk deploy --all\` leaves it deployed with its alarms running. ` +
    `Destroy it: aws cloudformation delete-stack --stack-name ${d.stackName} --region ${d.region} (docs/rollout.md).`
  );
}
