/**
 * What every builder of the composition root shares: the model, the stacks' environment, the core
 * stack of each region, the alert topics an alarm notifies, numbered stacks and their placement.
 */
import { Annotations, Stack, type StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { SEVERITIES } from '../../contracts/alarm-context';
import type { AlarmActions } from '../alarms/alarm-factory';
import { existingTopicArn } from '../config/alert-routes';
import { DEFAULT_ROUTE } from '../config/alerts-schema';
import type { ResolvedConfig } from '../config/resolve';
import { actionsOfTopics, alarmTopics } from '../constructs/alert-topics';
import type { MonitoringModel } from '../model';
import type { CoreStack } from '../stacks/core-stack';
import { type PlacementUnit, ShardPlacer, type TooBigError } from '../stacks/shard-placer';
import { deploymentRegions } from '../model/regions';
import { PREFIX_TAG_KEY, shardStackName } from '../naming';

export interface Composition {
  readonly root: Construct;
  readonly model: MonitoringModel;
  readonly cfg: ResolvedConfig;
  readonly account?: string;
  /** Extra props of every stack (tags, synthesizer, termination protection...). */
  readonly stackProps?: StackProps;
  readonly maxResourcesPerStack: number;
  /** `group|key` -> stack number, from the placement file. */
  readonly locked: Readonly<Record<string, number>>;
  /** Core stacks by region (filled by coreStacks). */
  readonly cores: Record<string, CoreStack>;
  /** Every generated (non-core) stack, in creation order. */
  readonly stacks: Stack[];
  /** `group|key` -> stack number after this synthesis. */
  readonly placed: Record<string, number>;
  /** Tags of create-only-tag resources as created, from the placement file (StackAssignments.createOnlyTags). */
  readonly lockedTags: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** The same after this synthesis: what the placement file records. */
  readonly createOnlyTags: Record<string, Record<string, string>>;
  /** Regions whose core stack has created the query-log key (StackAssignments.queryLogsKeyRegions): it stays. */
  readonly queryLogsKeyRegions: ReadonlySet<string>;
  /** The config file as the DNS-check follow-up's recheck command names it (recheckConfigFile), when the app was given one it may name. */
  readonly configFile?: string;
}

/**
 * The keys a role needs to publish to the default route's topics of `region` (grantPublishToAlertTopics):
 * the created topics' key unless every topic is one the config names, and whether any is.
 */
export function topicKeysFor(c: Composition, region: string): { readonly topicKeyArn?: string; readonly existingTopics: boolean } {
  const existing = SEVERITIES.map((s) => existingTopicArn(c.cfg.alertRoutes[DEFAULT_ROUTE], s, region) !== undefined);
  return { topicKeyArn: existing.every(Boolean) ? undefined : c.cores[region].alertTopics.key.keyArn, existingTopics: existing.some(Boolean) };
}

/** Where an alarm in `stack` notifies: the topics of its alert route, per severity. */
export function actionsFor(c: Composition, stack: Stack, route = DEFAULT_ROUTE): AlarmActions {
  return actionsOfTopics((s) => alarmTopics(stack, c.cfg.prefix, s, c.cfg.alertRoutes[route]), c.cfg.alerts.okNotifications);
}

/** The tags of every resource of the deployment: the product's, then the config's `tags`. */
export function deploymentTags(cfg: ResolvedConfig): readonly (readonly [string, string])[] {
  return [['codreum:product', 'dns-monitor'], [PREFIX_TAG_KEY, cfg.prefix], ...Object.entries(cfg.tags)];
}

/**
 * The tags of a resource whose tags are create-only (CREATE_ONLY_TAG_TYPES), named `name`: those it
 * was created with, as the placement file records them, else the deployment's tags now (a new
 * resource, or a placement file written before tags were recorded, when they are what the
 * deployed resource carries). Recorded for the placement file either way.
 */
export function tagsAtCreation(c: Composition, name: string): Readonly<Record<string, string>> {
  const tags = c.lockedTags[name] ?? Object.fromEntries(deploymentTags(c.cfg));
  c.createOnlyTags[name] = { ...tags };
  return tags;
}

/** A generated stack `name` in `region`, after that region's core stack. */
export function shardStack(c: Composition, name: string, region: string, what: string): Stack {
  const s = new Stack(c.root, name, {
    ...c.stackProps,
    stackName: name,
    env: { account: c.account, region },
    description: `Codreum DNS Monitor (${c.cfg.prefix}): ${what}`,
  });
  s.addStackDependency(c.cores[region]);
  return s;
}

/**
 * Places the units of one group into numbered stacks `<prefix>-<group>-<n>` (stable: see
 * ShardPlacer.placeAll) and records the stacks and the placement.
 */
export function placeUnits(
  c: Composition,
  group: string,
  region: string,
  what: string,
  units: readonly PlacementUnit[],
  locked: Readonly<Record<string, number>> = c.locked,
  tooBig?: TooBigError,
): Stack[] {
  const placer = new ShardPlacer(
    group,
    locked,
    (n) => shardStack(c, shardStackName(c.cfg.prefix, group, n), region, `${what}, part ${n}`),
    { maxResources: c.maxResourcesPerStack, tags: deploymentTags(c.cfg) },
    tooBig,
  );
  placer.placeAll(units);
  Object.assign(c.placed, placer.placed);
  c.stacks.push(...placer.allStacks);
  return placer.allStacks;
}

/**
 * A synthesis warning about the whole deployment. It goes on the primary core stack: `cdk synth`
 * prints only the annotations of constructs inside a stack. Without any stack, on the root.
 */
export function deploymentWarning(c: Composition, id: string, message: string): void {
  Annotations.of(c.cores[deploymentRegions(c.cfg).primary] ?? c.root).addWarningV2(id, message);
}
