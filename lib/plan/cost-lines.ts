/** Builds cost lines from counted units, with each line's share per subject. */
import { PRICES, PriceId, priceOf } from './prices';
import { SHARED } from './subjects';
import type { CostLine } from './types';

/** Counts units per subject key. */
export class Units {
  readonly bySubject = new Map<string, number>();
  add(subject: string, n = 1): this {
    this.bySubject.set(subject, (this.bySubject.get(subject) ?? 0) + n);
    return this;
  }
  get total(): number {
    let t = 0;
    for (const v of this.bySubject.values()) t += v;
    return t;
  }
}

export interface LineInput {
  readonly id: string;
  readonly what?: string;
  readonly price: PriceId;
  readonly units: Units;
  readonly basis: string;
  /** Units billed when not all are (free dashboards). @default all units */
  readonly billableUnits?: number;
  /** Units per priced unit (e.g. 1e6 requests per "million requests"). @default 1 */
  readonly per?: number;
  /** Name of one counted unit when it differs from the price's unit (with `per`). @default the price's unit */
  readonly unit?: string;
}

/** A cost line; the cost is shared out in proportion to each subject's units. */
export function costLine(i: LineInput): CostLine | undefined {
  const total = i.units.total;
  if (total <= 0) return undefined;
  const billable = i.billableUnits ?? total;
  const usd = priceOf(i.price, billable / (i.per ?? 1));
  const bySubject: Record<string, number> = {};
  for (const [k, v] of i.units.bySubject) bySubject[k] = (bySubject[k] ?? 0) + (usd * v) / total;
  if (!(SHARED in bySubject)) bySubject[SHARED] = 0;
  return { id: i.id, what: i.what ?? PRICES[i.price].what, price: i.price, units: total, unit: i.unit ?? PRICES[i.price].unit, usd, basis: i.basis, bySubject };
}

export function sumLines(lines: readonly CostLine[]): number {
  return lines.reduce((s, l) => s + l.usd, 0);
}
