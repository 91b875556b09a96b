import { CfnOutput, CfnResource, Stack } from 'aws-cdk-lib';
import { CLOUDFORMATION } from '../aws-facts';
import { Construct, IConstruct } from 'constructs';
import { markRepeatedShard } from '../app/quality-plugins';
import { ConfigError } from '../config/errors';
import { templateBytesOf } from './template-size';

/** Resource budget per generated stack: below CloudFormation's 500, leaving room to grow. */
export const DEFAULT_MAX_RESOURCES_PER_STACK = 400;

/**
 * Template-size budget per generated stack for new units: 90 % of CloudFormation's limit, leaving
 * room for the template's own sections (parameters, rules, CDK metadata) and for a unit to grow.
 */
export const DEFAULT_MAX_TEMPLATE_BYTES_PER_STACK = Math.floor(CLOUDFORMATION.maxTemplateBytes * 0.9);

/**
 * What a template holds besides the placed units (the bootstrap-version parameter and rule, the
 * CDK metadata resource and its condition): a units' total above the limit less this cannot deploy.
 */
export const TEMPLATE_SKELETON_BYTES = 8_000;

export function countResources(c: IConstruct): number {
  return c.node.findAll().filter((x) => CfnResource.isCfnResource(x)).length;
}

function countOutputs(c: IConstruct): number {
  return c.node.findAll().filter((x) => x instanceof CfnOutput).length;
}

/** A unit's build: the constructs it added to the stack (each removed again if the unit does not fit). */
export type UnitBuild = (scope: Stack) => Construct | readonly Construct[];

/**
 * A unit to place. `extraBytes` and `extraOutputs`, called after `build`: template bytes and
 * outputs the unit adds to its stack outside its own constructs (a health check's share of the
 * stack's dashboards, and its kept export).
 */
export interface PlacementUnit {
  readonly key: string;
  readonly build: UnitBuild;
  readonly extraBytes?: () => number;
  readonly extraOutputs?: () => number;
}

/** A unit larger than an empty stack may hold: its size, the budget it passes, and which. */
export interface UnitTooBig {
  readonly unitKey: string;
  readonly resources: number;
  readonly bytes: number;
  readonly outputs: number;
  readonly maxResources: number;
  readonly maxTemplateBytes: number;
  readonly maxOutputs: number;
}

/** What to tell the user about a unit too big for one stack (a config error: the config sets its size). */
export type TooBigError = (t: UnitTooBig) => Error;

const TOO_BIG: TooBigError = (t) =>
  new ConfigError([
    {
      path: t.unitKey,
      message:
        t.resources > t.maxResources
          ? `needs ${t.resources} resources, more than one stack may hold (${t.maxResources}) — enable fewer signals for it`
          : t.outputs > t.maxOutputs
            ? `needs ${t.outputs} outputs, more than one stack may declare (${t.maxOutputs}) — split it`
            : `needs about ${t.bytes} bytes of template, more than one stack may hold (${t.maxTemplateBytes}) — enable fewer signals for it`,
    },
  ]);

export interface ShardBudget {
  readonly maxResources: number;
  readonly maxTemplateBytes: number;
  /** Outputs (exports are outputs) a stack may declare: CloudFormation's own limit, which no budget raises. */
  readonly maxOutputs: number;
  /** Tags synthesis adds to every taggable resource (they count toward the template size). */
  readonly tags: readonly (readonly [string, string])[];
}

interface Size {
  readonly resources: number;
  readonly bytes: number;
  readonly outputs: number;
}

/**
 * Places units into numbered stacks of one group: locked units into their recorded stack, new
 * units by their real size (built, measured in resources and template bytes, and removed again if
 * they do not fit), next-fit so that placing stays linear.
 */
export class ShardPlacer {
  private readonly stacks = new Map<number, Stack>();
  private readonly used = new Map<number, Size>();
  /** Stacks a new unit did not fit in: closed to new units (next-fit), so placing stays linear. */
  private readonly closed = new Set<number>();
  readonly placed: Record<string, number> = {};
  private readonly budget: ShardBudget;

  constructor(
    private readonly group: string,
    private readonly locked: Readonly<Record<string, number>>,
    private readonly makeStack: (n: number) => Stack,
    budget: Partial<ShardBudget> = {},
    private readonly tooBig: TooBigError = TOO_BIG,
  ) {
    this.budget = { maxResources: DEFAULT_MAX_RESOURCES_PER_STACK, maxTemplateBytes: DEFAULT_MAX_TEMPLATE_BYTES_PER_STACK, maxOutputs: CLOUDFORMATION.outputsPerStack, tags: [], ...budget };
  }

  get allStacks(): Stack[] {
    return [...this.stacks.entries()].sort(([a], [b]) => a - b).map(([, s]) => s);
  }

  private stack(n: number): Stack {
    let s = this.stacks.get(n);
    if (!s) {
      s = this.makeStack(n);
      if (n > 1) markRepeatedShard(s);
      this.stacks.set(n, s);
      this.used.set(n, this.sizeOf([s]));
    }
    return s;
  }

  private withExtra(size: Size, unit: Pick<PlacementUnit, 'extraBytes' | 'extraOutputs'>): Size {
    return { resources: size.resources, bytes: size.bytes + (unit.extraBytes?.() ?? 0), outputs: size.outputs + (unit.extraOutputs?.() ?? 0) };
  }

  private sizeOf(cs: readonly IConstruct[]): Size {
    return { resources: cs.reduce((n, c) => n + countResources(c), 0), bytes: templateBytesOf(cs, this.budget.tags), outputs: cs.reduce((n, c) => n + countOutputs(c), 0) };
  }

  private static add(a: Size, b: Size): Size {
    return { resources: a.resources + b.resources, bytes: a.bytes + b.bytes, outputs: a.outputs + b.outputs };
  }

  /**
   * Places every unit: those the placement file locks first, then the new ones, each group by key,
   * so placement and construct ids never follow list order.
   */
  placeAll(units: readonly PlacementUnit[]): void {
    const isNew = (key: string) => Number(!(`${this.group}|${key}` in this.locked));
    for (const u of [...units].sort((a, b) => isNew(a.key) - isNew(b.key) || a.key.localeCompare(b.key))) this.place(u.key, u.build, u);
  }

  /** Locked units must be placed (all of them) before new ones. */
  place(unitKey: string, build: UnitBuild, extra: Pick<PlacementUnit, 'extraBytes' | 'extraOutputs'> = {}): Stack {
    const key = `${this.group}|${unitKey}`;
    const locked = this.locked[key];
    const { maxResources, maxTemplateBytes, maxOutputs } = this.budget;
    if (locked !== undefined) {
      const s = this.stack(locked);
      const size = this.withExtra(this.sizeOf(list(build(s))), extra);
      const before = this.used.get(locked)!;
      const total = ShardPlacer.add(before, size);
      const remedy = `remove the entry "${key}" (or others of stack ${locked}) from the stack assignments file so they are placed in a stack with room`;
      if (total.resources > maxResources) {
        throw new Error(`stack ${s.stackName} would hold ${total.resources} resources (budget ${maxResources}, CloudFormation limit ${CLOUDFORMATION.resourcesPerStack}) after the config change — ${remedy}`);
      }
      // A recorded stack may use the room the budget leaves, but not more than CloudFormation takes.
      if (total.bytes > CLOUDFORMATION.maxTemplateBytes - TEMPLATE_SKELETON_BYTES) {
        throw new Error(`stack ${s.stackName} would have a template of about ${total.bytes + TEMPLATE_SKELETON_BYTES} bytes (CloudFormation limit ${CLOUDFORMATION.maxTemplateBytes}) after the config change — ${remedy}`);
      }
      if (total.outputs > maxOutputs) {
        throw new Error(`stack ${s.stackName} would declare ${total.outputs} outputs (CloudFormation limit ${CLOUDFORMATION.outputsPerStack}) after the config change — ${remedy}`);
      }
      this.used.set(locked, total);
      this.placed[key] = locked;
      return s;
    }
    for (let n = 1; ; n++) {
      const s = this.stack(n);
      const before = this.used.get(n)!;
      if (before.resources >= maxResources || before.bytes >= maxTemplateBytes || before.outputs >= maxOutputs || this.closed.has(n)) continue;
      const built = list(build(s));
      const size = this.withExtra(this.sizeOf(built), extra);
      const total = ShardPlacer.add(before, size);
      if (total.resources <= maxResources && total.bytes <= maxTemplateBytes && total.outputs <= maxOutputs) {
        this.used.set(n, total);
        this.placed[key] = n;
        return s;
      }
      if (before.resources === 0) throw this.tooBig({ unitKey, ...size, maxResources, maxTemplateBytes, maxOutputs });
      for (const c of built) c.node.scope?.node.tryRemoveChild(c.node.id);
      this.closed.add(n);
    }
  }
}

function list(built: Construct | readonly Construct[]): readonly Construct[] {
  return Array.isArray(built) ? built : [built as Construct];
}
