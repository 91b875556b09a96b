/**
 * Stable placement of zones/VPCs into stacks. A unit (a hosted-zone log group, a hosted zone's
 * alarms, a VPC) stays in the stack it was first placed in, as recorded in the assignments file
 * (`<config>.stacks.json`, commit it next to the config). New units go to the first stack with
 * room, or a new stack. Adding or removing a unit therefore never moves another one.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { ConfigError } from '../config/errors';
import { ROUTE53 } from '../aws-facts';
import { changeAuditStackName, shardStackName } from '../naming';

export interface StackAssignments {
  readonly version: 1;
  /** `<group>|<unit key>` -> shard number (1-based). */
  readonly units: Readonly<Record<string, number>>;
  /**
   * Zone or VPC id -> log group of the query logging configuration the app created for it. A
   * configuration cannot move to another log group in one deploy (docs/rollout.md).
   */
  readonly queryLogging?: Readonly<Record<string, string>>;
  /**
   * Resource name -> the tags it was created with, for resources whose tags CloudFormation cannot
   * change in place (create-only in the resource schema: Resolver query logging configurations).
   * They keep these tags when the config's `tags` change, instead of being replaced.
   */
  readonly createOnlyTags?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /**
   * The deployment's primary region (the Slack webhook secret, the Chatbot channel, the license
   * reporter, the DNS checks' alarms): a config that would move it is refused.
   */
  readonly primaryRegion?: string;
  /** The Slack workspace of the Chatbot channel configuration the app created (create-only). */
  readonly chatbotWorkspace?: string;
  /**
   * Regions whose core stack created the query-log key: it stays there (lib/compose/exports.ts). For
   * a file written before this was recorded, the regions of `queryLogging` (see queryLogsKeyRegions()).
   */
  readonly queryLogsKeyRegions?: readonly string[];
  /**
   * Health-check ids are read only in their own stacks (written from 2026-12-04 on). A file without
   * it comes from a version whose dashboards and change audit imported them: removing a check in the
   * upgrade's own change is refused (lib/dns-monitoring.ts).
   */
  readonly healthCheckIdsLocal?: boolean;
  /**
   * The change audit's (first) stack is in the app. When the audit is turned off that stack leaves
   * the app and `cdk deploy --all` leaves it deployed, sending change alerts: droppedStacks names it.
   * (Later parts are units: `change-audit|part-<n>`.)
   */
  readonly changeAudit?: boolean;
}

export const EMPTY_ASSIGNMENTS: StackAssignments = { version: 1, units: {} };

/** How a broken placement file is named in errors (bin/dns-monitor.ts prints it). */
export const PLACEMENT_FILE = 'stack placement file';

const KEEP_IT =
  'do not delete it while its stacks are deployed: every zone would be placed again, and alarms that move to another stack are created there before the old stack deletes them (docs/rollout.md)';

const assignmentsSchema = z.object({
  version: z.literal(1, { error: 'must be 1 (a placement file of another product version)' }),
  units: z.record(z.string(), z.number({ error: 'must be a stack number' }).int({ error: 'must be a whole stack number' }).positive({ error: 'must be a stack number (1 or more)' })),
  queryLogging: z.record(z.string(), z.string()).optional(),
  createOnlyTags: z.record(z.string(), z.record(z.string(), z.string())).optional(),
  primaryRegion: z.string().optional(),
  chatbotWorkspace: z.string().optional(),
  queryLogsKeyRegions: z.array(z.string()).optional(),
  healthCheckIdsLocal: z.boolean().optional(),
  changeAudit: z.boolean().optional(),
});

export function readAssignments(file: string): StackAssignments {
  if (!fs.existsSync(file)) return EMPTY_ASSIGNMENTS;
  const refuse = (issues: { path: string; message: string }[]) => new ConfigError(issues, `${PLACEMENT_FILE} ${file}`);
  if (fs.statSync(file).isDirectory()) {
    throw refuse([{ path: '', message: `is a directory, not a placement file — pass the file, e.g. ${path.join(file, 'dns-monitor.stacks.json')} (by default it is <config>.stacks.json next to the config)` }]);
  }
  const text = fs.readFileSync(file, 'utf8');
  const marker = text.split('\n').findIndex((l) => /^(<{7}|={7}|>{7})( |$)/.test(l));
  if (marker >= 0) {
    throw refuse([
      {
        path: `line ${marker + 1}`,
        message:
          'unresolved merge conflict: keep the entries of both sides (each names a unit and its stack) and remove the markers; ' +
          'where both sides name the same unit with different stacks, keep the stack it is deployed in, then synthesize (a stack that can no longer hold its units is named with the entry to remove); ' +
          KEEP_IT,
      },
    ]);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw refuse([{ path: '', message: `not valid JSON (${(e as Error).message}): restore it from version control (git checkout -- ${path.basename(file)}); ${KEEP_IT}` }]);
  }
  const parsed = assignmentsSchema.safeParse(data);
  if (!parsed.success) {
    throw refuse(parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: `${i.message}: restore the file from version control; ${KEEP_IT}` })));
  }
  return parsed.data as StackAssignments;
}

/** Writes the file when it changed; returns true when it did. Keys are sorted for clean diffs. */
export function writeAssignments(file: string, a: StackAssignments): boolean {
  const sorted = (r: Readonly<Record<string, unknown>>) => Object.fromEntries(Object.entries(r).sort(([x], [y]) => x.localeCompare(y)));
  const ql = a.queryLogging && Object.keys(a.queryLogging).length > 0 ? { queryLogging: sorted(a.queryLogging) } : {};
  const tags =
    a.createOnlyTags && Object.keys(a.createOnlyTags).length > 0
      ? { createOnlyTags: Object.fromEntries(Object.entries(sorted(a.createOnlyTags)).map(([name, t]) => [name, sorted(t as Record<string, string>)])) }
      : {};
  const primary = a.primaryRegion ? { primaryRegion: a.primaryRegion } : {};
  const chatbot = a.chatbotWorkspace ? { chatbotWorkspace: a.chatbotWorkspace } : {};
  const keys = a.queryLogsKeyRegions && a.queryLogsKeyRegions.length > 0 ? { queryLogsKeyRegions: [...new Set(a.queryLogsKeyRegions)].sort() } : {};
  const local = a.healthCheckIdsLocal ? { healthCheckIdsLocal: true } : {};
  const audit = a.changeAudit ? { changeAudit: true } : {};
  const text = `${JSON.stringify({ version: 1, ...primary, units: sorted(a.units), ...ql, ...tags, ...chatbot, ...keys, ...local, ...audit }, null, 2)}\n`;
  if (fs.existsSync(file) && fs.readFileSync(file, 'utf8') === text) return false;
  fs.writeFileSync(file, text);
  return true;
}

/**
 * Regions whose core stack has created the query-log key, as recorded; for a file written before
 * they were recorded, where the recorded app-created query logging is (a zone's is in us-east-1, a
 * VPC's in the region of its `vpcs-<region>` unit).
 */
export function queryLogsKeyRegions(a: StackAssignments): string[] {
  if (a.queryLogsKeyRegions) return [...a.queryLogsKeyRegions];
  const vpcRegion = new Map(Object.keys(a.units).map((k) => /^vpcs-([^|]+)\|(.+)$/.exec(k)).filter((m): m is RegExpExecArray => !!m).map((m) => [m[2], m[1]]));
  return [...new Set(Object.keys(a.queryLogging ?? {}).map((id) => vpcRegion.get(id) ?? ROUTE53.globalRegion))].sort();
}

export function assignmentsPathFor(configFile: string): string {
  return configFile.replace(/\.(ya?ml|json)$/i, '') + '.stacks.json';
}

/** A stack of the previous synthesis that no unit is placed in any more. */
export interface DroppedStack {
  readonly stackName: string;
  readonly region: string;
  /** What it held, when not zones, VPCs or health checks. */
  readonly what?: 'change audit';
}

/**
 * Stacks that held units before and hold none now: they are no longer in the app, so
 * `cdk deploy --all` leaves them deployed with their alarms running. Stack names follow
 * `shardStackName`; `vpcs-<region>` groups live in their region, the others in us-east-1.
 */
export function droppedStacks(prefix: string, before: StackAssignments, after: StackAssignments): DroppedStack[] {
  const stacks = (a: StackAssignments) => new Set(Object.entries(a.units).map(([key, n]) => `${key.split('|')[0]}|${n}`));
  const now = stacks(after);
  return [...stacks(before)]
    .filter((s) => !now.has(s))
    .sort()
    .map((s): DroppedStack => {
      const [group, n] = s.split('|');
      const region = /^vpcs-(.+)$/.exec(group)?.[1] ?? ROUTE53.globalRegion;
      return { stackName: shardStackName(prefix, group, Number(n)), region };
    })
    .concat(before.changeAudit && !after.changeAudit ? [{ stackName: changeAuditStackName(prefix, 1), region: ROUTE53.globalRegion, what: 'change audit' }] : []);
}

/** Warning id of a dropped stack in library use (`DnsMonitoring` with `placementFile`). */
export const DROPPED_STACK_WARNING = 'codreum:dropped-stack';

/** What to tell the user about a dropped stack (the CLI prints it; library use warns with it). */
export function droppedStackMessage(d: DroppedStack): string {
  const why =
    d.what === 'change audit'
      ? 'the change audit is off (changeAudit) or has nothing left to watch (no hostedZones, no registeredDomains), and `cdk deploy --all` leaves its stack deployed: its rules keep sending change alerts. '
      : 'its last zone, VPC or health check was removed, and `cdk deploy --all` leaves it deployed with its alarms running. ';
  return (
    `Stack ${d.stackName} (${d.region}) is no longer in the app: ${why}` +
    `Destroy it: aws cloudformation delete-stack --stack-name ${d.stackName} --region ${d.region} (docs/rollout.md).`
  );
}
