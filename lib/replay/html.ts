/**
 * `replay --html`: one self-contained page (works offline: uPlot, a small well-kept charting
 * library, is inlined) with one chart per replayed alarm: the value it evaluates, its threshold or
 * anomaly band (approximated, and labelled so), and the minutes it was in ALARM shaded red.
 * The page sets `data-charts` on <body> to the number of charts drawn once they are drawn.
 */
import * as fs from 'node:fs';
import type { ReplayResult } from './engine';
import { replayNotes } from './render';

function asset(file: string): string {
  return fs.readFileSync(require.resolve(`uplot/dist/${file}`), 'utf8');
}

/** `</script>` inside inlined text would end the script element early. */
const scriptSafe = (s: string) => s.replace(/<\/(script)/gi, '<\\/$1');
const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function replayHtml(r: ReplayResult, title: string): string {
  const charts = r.alarms
    .filter((a) => a.chart)
    .map((a) => {
      const c = a.chart!;
      const alarmIntervals: [number, number][] = [];
      let open: number | undefined;
      for (const t of a.transitions) {
        if (t.state === 'ALARM' && open === undefined) open = t.at;
        if (t.state !== 'ALARM' && open !== undefined) {
          alarmIntervals.push([open, t.at]);
          open = undefined;
        }
      }
      if (open !== undefined) alarmIntervals.push([open, r.to + 3 * 60]);
      return {
        name: a.alarmName,
        notifies: a.notifies,
        start: c.start,
        period: c.period,
        values: c.values,
        threshold: c.threshold ?? null,
        lower: c.band?.lower ?? null,
        upper: c.band?.upper ?? null,
        alarm: alarmIntervals,
        muted: a.muted.map((m) => [m.from, m.to]),
      };
    });
  const data = scriptSafe(JSON.stringify({ charts, approximated: r.approximatedBands }));
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title>
<style>${asset('uPlot.min.css')}
body{font-family:system-ui,sans-serif;margin:1.5em;color:#222}h2{font-size:1em;margin:1.5em 0 .3em}.note{color:#666;font-size:.9em}</style>
</head><body>
<h1>${esc(title)}</h1>
<p class="note">Red: minutes the alarm was in ALARM. Blue: maintenance windows, in which it pages nobody. Dashed line: threshold. Grey: anomaly band. Times are UTC, as in the table.</p>
${replayNotes(r).map((n) => `<p class="note">${esc(n)}</p>`).join('\n')}
<div id="charts"></div>
<script>${scriptSafe(asset('uPlot.iife.min.js'))}</script>
<script>
const DATA = ${data};
const root = document.getElementById('charts');
let drawn = 0;
for (const c of DATA.charts) {
  const h = document.createElement('h2');
  h.textContent = c.name + (c.notifies ? '' : ' (no actions of its own)');
  root.appendChild(h);
  const el = document.createElement('div');
  root.appendChild(el);
  const xs = c.values.map((_, i) => c.start + i * c.period);
  const series = [{ value: '{YYYY}-{MM}-{DD} {HH}:{mm} UTC' }, { label: 'value', stroke: '#1f77b4', width: 1.5 }];
  const cols = [xs, c.values];
  if (c.threshold !== null) { series.push({ label: 'threshold', stroke: '#d62728', dash: [6, 4] }); cols.push(xs.map(() => c.threshold)); }
  if (c.lower) { series.push({ label: 'band low', stroke: '#999' }); cols.push(c.lower); series.push({ label: 'band high', stroke: '#999' }); cols.push(c.upper); }
  const shade = (u) => {
    const ctx = u.ctx;
    ctx.save();
    ctx.fillStyle = 'rgba(214,39,40,0.15)';
    for (const [a, b] of c.alarm) {
      const x0 = u.valToPos(a, 'x', true), x1 = u.valToPos(b, 'x', true);
      ctx.fillRect(x0, u.bbox.top, Math.max(1, x1 - x0), u.bbox.height);
    }
    ctx.fillStyle = 'rgba(31,119,180,0.12)';
    for (const [a, b] of c.muted) {
      const x0 = u.valToPos(a, 'x', true), x1 = u.valToPos(b, 'x', true);
      ctx.fillRect(x0, u.bbox.top, Math.max(1, x1 - x0), u.bbox.height);
    }
    ctx.restore();
  };
  // In UTC, as the table and --json give every time (the reader's own zone would shift the axis).
  const tzDate = (ts) => uPlot.tzDate(new Date(ts * 1e3), 'Etc/UTC');
  new uPlot({ width: Math.min(1100, window.innerWidth - 40), height: 220, series, tzDate, axes: [{ label: 'UTC' }, {}], hooks: { drawClear: [shade] } }, cols, el);
  drawn++;
}
document.body.setAttribute('data-charts', String(drawn));
</script>
</body></html>
`;
}
