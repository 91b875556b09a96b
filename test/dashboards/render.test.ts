/**
 * Render check: the HTML previews, opened in headless Chromium, lay every widget inside the
 * 24-column grid without overlaps (measured from the browser's layout, not from the JSON).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { buildModel } from '../../lib/model';
import { buildDashboards } from '../../lib/dashboards/build';
import { DEMO_INPUTS, demoConfig, writePreviews } from '../../scripts/preview-dashboards';
import { fleet } from './fixtures';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const haveChromium = fs.existsSync(CHROMIUM);

interface Box {
  i: number;
  title: string;
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** Widget boxes and the grid box as laid out by the browser. */
async function layout(browser: Browser, file: string): Promise<{ grid: Box; boxes: Box[]; count: number }> {
  const page = await browser.newPage({ viewport: { width: 1300, height: 900 } });
  try {
    await page.goto(pathToFileURL(file).href);
    // Runs in the page (a string, because this project compiles without the DOM typings).
    return (await page.evaluate(`(() => {
      const box = (el, i) => {
        const r = el.getBoundingClientRect();
        const h = el.querySelector('h3');
        return { i, title: h ? h.textContent : '', left: r.left, top: r.top, right: r.right, bottom: r.bottom };
      };
      const widgets = [...document.querySelectorAll('#grid .widget')];
      return { grid: box(document.querySelector('#grid'), -1), boxes: widgets.map(box), count: widgets.length };
    })()`)) as { grid: Box; boxes: Box[]; count: number };
  } finally {
    await page.close();
  }
}

function problems(grid: Box, boxes: Box[]): string[] {
  const eps = 0.5;
  const out: string[] = [];
  for (const b of boxes) {
    if (b.left < grid.left - eps || b.right > grid.right + eps || b.top < grid.top - eps) out.push(`widget ${b.i} "${b.title}" is outside the grid`);
    if (b.right - b.left < 1 || b.bottom - b.top < 1) out.push(`widget ${b.i} "${b.title}" has no area`);
  }
  for (let i = 0; i < boxes.length; i++) {
    for (let j = 0; j < i; j++) {
      const a = boxes[i];
      const b = boxes[j];
      const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
      const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
      if (w > eps && h > eps) out.push(`widgets ${b.i} "${b.title}" and ${a.i} "${a.title}" overlap`);
    }
  }
  return out;
}

if (!haveChromium) {
  describe('dashboard render check', () => {
    it.skip(`SKIPPED: ${CHROMIUM} is not installed — install it with apt-get install -y chromium`, () => undefined);
  });
} else {
  describe('dashboard render check (headless Chromium)', () => {
    let browser: Browser;
    beforeAll(async () => {
      const { chromium } = await import('playwright-core');
      browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
    });
    afterAll(async () => {
      await browser?.close();
    });

    it.each([
      ['demo fleet (npm run preview:dashboards)', () => buildDashboards(buildModel(demoConfig()), DEMO_INPUTS)],
      ['100 zones in explorer pages', () => buildDashboards(buildModel(fleet({ zones: 100, vpcs: 3 }))).slice(0, 4)],
      ['1000 zones, landing pages', () => buildDashboards(buildModel(fleet({ zones: 1000 })), { healthChecks: DEMO_INPUTS.healthChecks }).filter((d) => d.name.includes('landing'))],
    ])('%s: every widget inside the 24-column grid, none overlapping', async (_name, build) => {
      const defs = build();
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dash-preview-'));
      const files = writePreviews(defs, dir);
      expect(files).toHaveLength(defs.length + 1);
      for (const def of defs) {
        const { grid, boxes, count } = await layout(browser, path.join(dir, `${def.name}.html`));
        expect(count).toBe(def.body.widgets.length);
        expect(grid.right - grid.left).toBeGreaterThan(1000);
        expect({ dashboard: def.name, problems: problems(grid, boxes) }).toEqual({ dashboard: def.name, problems: [] });
      }
    });

    it('catches an overlapping and an out-of-grid widget', async () => {
      const [def] = buildDashboards(buildModel(demoConfig()), DEMO_INPUTS);
      const broken = JSON.parse(JSON.stringify(def));
      broken.body.widgets[2].x = broken.body.widgets[1].x;
      broken.body.widgets[2].y = broken.body.widgets[1].y;
      broken.body.widgets[3].x = 22;
      broken.body.widgets[3].width = 6;
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dash-preview-'));
      writePreviews([broken], dir);
      const { grid, boxes } = await layout(browser, path.join(dir, `${def.name}.html`));
      const found = problems(grid, boxes).join('\n');
      expect(found).toMatch(/widgets 1 .* and 2 .* overlap/);
      expect(found).toMatch(/widget 3 .* is outside the grid/);
    });
  });
}
