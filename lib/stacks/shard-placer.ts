import { CfnResource, Stack } from 'aws-cdk-lib';
import { Construct, IConstruct } from 'constructs';
import { markRepeatedShard } from '../app/quality-plugins';

/** Resource budget per generated stack: below CloudFormation's 500, leaving room to grow. */
export const DEFAULT_MAX_RESOURCES_PER_STACK = 400;

export function countResources(c: IConstruct): number {
  return c.node.findAll().filter((x) => CfnResource.isCfnResource(x)).length;
}

/**
 * Places units into numbered stacks of one group: locked units into their recorded stack, new
 * units first-fit by their real resource count (built, counted, and removed again if they do not fit).
 */
export class ShardPlacer {
  private readonly stacks = new Map<number, Stack>();
  private readonly used = new Map<number, number>();
  /** Stacks a new unit did not fit in: closed to new units (next-fit), so placing stays linear. */
  private readonly closed = new Set<number>();
  readonly placed: Record<string, number> = {};

  constructor(
    private readonly group: string,
    private readonly locked: Readonly<Record<string, number>>,
    private readonly makeStack: (n: number) => Stack,
    private readonly maxResources = DEFAULT_MAX_RESOURCES_PER_STACK,
  ) {}

  get allStacks(): Stack[] {
    return [...this.stacks.entries()].sort(([a], [b]) => a - b).map(([, s]) => s);
  }

  private stack(n: number): Stack {
    let s = this.stacks.get(n);
    if (!s) {
      s = this.makeStack(n);
      if (n > 1) markRepeatedShard(s);
      this.stacks.set(n, s);
      this.used.set(n, countResources(s));
    }
    return s;
  }

  /**
   * Places every unit: those the placement file locks first, then the new ones, each group by key,
   * so placement and construct ids never follow list order.
   */
  placeAll(units: readonly { readonly key: string; readonly build: (scope: Construct) => Construct }[]): void {
    const isNew = (key: string) => Number(!(`${this.group}|${key}` in this.locked));
    for (const u of [...units].sort((a, b) => isNew(a.key) - isNew(b.key) || a.key.localeCompare(b.key))) this.place(u.key, u.build);
  }

  /** Locked units must be placed (all of them) before new ones. */
  place(unitKey: string, build: (scope: Construct) => Construct): Stack {
    const key = `${this.group}|${unitKey}`;
    const locked = this.locked[key];
    if (locked !== undefined) {
      const s = this.stack(locked);
      const c = build(s);
      const total = (this.used.get(locked) ?? 0) + countResources(c);
      if (total > this.maxResources) {
        throw new Error(
          `stack ${s.stackName} would hold ${total} resources (budget ${this.maxResources}, CloudFormation limit 500) after the config change — remove the entry "${key}" (or others of stack ${locked}) from the stack assignments file so they are placed in a stack with room`,
        );
      }
      this.used.set(locked, total);
      this.placed[key] = locked;
      return s;
    }
    for (let n = 1; ; n++) {
      const s = this.stack(n);
      const before = this.used.get(n) ?? 0;
      if (before >= this.maxResources || this.closed.has(n)) continue;
      const c = build(s);
      const size = countResources(c);
      if (before + size <= this.maxResources) {
        this.used.set(n, before + size);
        this.placed[key] = n;
        return s;
      }
      if (before === 0) {
        throw new Error(`${unitKey} alone needs ${size} resources, more than one stack may hold (${this.maxResources}) — enable fewer signals for it`);
      }
      s.node.tryRemoveChild(c.node.id);
      this.closed.add(n);
    }
  }
}
