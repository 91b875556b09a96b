/**
 * Grid layout and paging. Builders produce widgets without positions, with `BREAK` markers to
 * start a new row; `place` packs them left to right on the 24-column grid, and `paginate` splits
 * a long list into pages that each stay inside the dashboard limits.
 */
import { LIMITS, MAX_PAGE_BYTES, metricCount, Widget } from './body';

export type Unplaced = Widget extends infer W ? (W extends Widget ? Omit<W, 'x' | 'y'> : never) : never;

export const BREAK = 'break' as const;
export type Item = Unplaced | typeof BREAK;

/** Layout constants in one place. */
export const SIZE = {
  full: 24,
  half: 12,
  third: 8,
  quarter: 6,
  graphHeight: 6,
  tileHeight: 4,
  tableHeight: 8,
} as const;

export function place(items: readonly Item[]): Widget[] {
  const out: Widget[] = [];
  let x = 0;
  let y = 0;
  let rowHeight = 0;
  const newRow = () => {
    y += rowHeight;
    x = 0;
    rowHeight = 0;
  };
  for (const it of items) {
    if (it === BREAK) {
      if (x > 0) newRow();
      continue;
    }
    const width = Math.min(Math.max(1, it.width), LIMITS.gridColumns);
    if (x + width > LIMITS.gridColumns) newRow();
    out.push({ ...it, width, x, y } as Widget);
    x += width;
    rowHeight = Math.max(rowHeight, it.height);
  }
  return out;
}

function countOf(it: Item): { widgets: number; metrics: number } {
  return it === BREAK ? { widgets: 0, metrics: 0 } : { widgets: 1, metrics: metricCount(it as Widget) };
}

/**
 * Splits items into pages of at most `maxWidgets` widgets and `LIMITS.metricsPerDashboard`
 * metrics, leaving `reserve` widgets/metrics free on every page for its header. Items of one
 * group (an array) stay on one page when they fit on an empty one.
 */
export function paginate(
  groups: readonly (readonly Item[])[],
  maxWidgets: number,
  reserve: { widgets: number; metrics: number } = { widgets: 1, metrics: 0 },
): Item[][] {
  const wBudget = Math.min(maxWidgets, LIMITS.widgetsPerDashboard) - reserve.widgets;
  const mBudget = LIMITS.metricsPerDashboard - reserve.metrics;
  const bBudget = MAX_PAGE_BYTES;
  const pages: Item[][] = [];
  let page: Item[] = [];
  let w = 0;
  let m = 0;
  let b = 0;
  const flush = () => {
    if (page.some((i) => i !== BREAK)) pages.push(page);
    page = [];
    w = 0;
    m = 0;
    b = 0;
  };
  const bytesOf = (it: Item) => (it === BREAK ? 0 : JSON.stringify(it).length);
  for (const group of groups) {
    const total = group.reduce((a, it) => ({ widgets: a.widgets + countOf(it).widgets, metrics: a.metrics + countOf(it).metrics, bytes: a.bytes + bytesOf(it) }), { widgets: 0, metrics: 0, bytes: 0 });
    const fits = total.widgets <= wBudget && total.metrics <= mBudget && total.bytes <= bBudget;
    if (fits && (w + total.widgets > wBudget || m + total.metrics > mBudget || b + total.bytes > bBudget)) flush();
    for (const it of group) {
      const c = countOf(it);
      const bytes = bytesOf(it);
      if (c.metrics > LIMITS.metricsPerWidget) throw new Error(`a widget has ${c.metrics} metrics (limit ${LIMITS.metricsPerWidget})`);
      if (w + c.widgets > wBudget || m + c.metrics > mBudget || b + bytes > bBudget) flush();
      page.push(it);
      w += c.widgets;
      m += c.metrics;
      b += bytes;
    }
    page.push(BREAK);
  }
  flush();
  return pages;
}

/** Splits a list into chunks of at most `size`. */
export function chunk<T>(list: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}
