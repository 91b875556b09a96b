/**
 * A static HTML picture of a dashboard body: the 24-column grid with every widget at its
 * position and size, its title and what it shows (metric labels, query, alarms). For reviewing
 * layouts without an AWS account (scripts/preview-dashboards.ts).
 */
import type { DashboardDef, MetricOptions, Widget } from './body';
import { LIMITS } from './body';

/** Pixels per grid row in the preview (CloudWatch rows are about this tall). */
export const ROW_PX = 36;

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function describe(w: Widget): { title: string; lines: string[] } {
  switch (w.type) {
    case 'text':
      return { title: w.properties.markdown.split('\n')[0].replace(/^#+\s*/, ''), lines: w.properties.markdown.split('\n').slice(1).filter(Boolean) };
    case 'alarm':
      return { title: w.properties.title, lines: [`${w.properties.alarms.length} alarms`, ...w.properties.alarms.slice(0, 8).map((a) => a.split(':alarm:')[1] ?? a)] };
    case 'log':
      return { title: w.properties.title, lines: [w.properties.query] };
    case 'metric': {
      const lines = w.properties.metrics.flatMap((e) => {
        const o = e[e.length - 1] as MetricOptions & { expression?: string };
        if (o.visible === false) return [];
        const what = o.expression ?? (e.slice(0, -1) as string[]).join(' ');
        return [`${o.label ?? o.id ?? ''}: ${what}`];
      });
      const notes = (w.properties.annotations?.horizontal ?? []).map((a) => `— line at ${a.value}: ${a.label}`);
      return { title: `${w.properties.title} [${w.properties.view}${w.properties.stacked ? ', stacked' : ''}]`, lines: [...lines, ...notes] };
    }
  }
}

export function previewHtml(def: DashboardDef, links: readonly string[] = []): string {
  const rows = Math.max(1, ...def.body.widgets.map((w) => w.y + w.height));
  const widgets = def.body.widgets
    .map((w, i) => {
      const d = describe(w);
      const style = `left:${(w.x / LIMITS.gridColumns) * 100}%;top:${w.y * ROW_PX}px;width:${(w.width / LIMITS.gridColumns) * 100}%;height:${w.height * ROW_PX}px`;
      return `<div class="widget ${w.type}" data-index="${i}" data-x="${w.x}" data-y="${w.y}" data-w="${w.width}" data-h="${w.height}" style="${style}"><div class="inner"><h3>${esc(d.title)}</h3>${d.lines.map((l) => `<p>${esc(l)}</p>`).join('')}</div></div>`;
    })
    .join('\n');
  const vars = (def.body.variables ?? []).map((v) => `<label>${esc(v.label)}: <select>${v.values.map((x) => `<option>${esc(x.label ?? x.value)}</option>`).join('')}</select></label>`).join(' ');
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>${esc(def.name)}</title>
<style>
body{font:12px sans-serif;margin:16px;background:#f2f3f3}
#grid{position:relative;width:1200px;height:${rows * ROW_PX}px;background:repeating-linear-gradient(90deg,#e9ebed 0,#e9ebed 1px,transparent 1px,transparent 50px)}
.widget{position:absolute;box-sizing:border-box;padding:2px}
.inner{box-sizing:border-box;height:100%;overflow:hidden;background:#fff;border:1px solid #aab7b8;padding:4px}
.widget.text .inner{background:#fafafa}.widget.alarm .inner{border-color:#d13212}.widget.log .inner{border-color:#0073bb}
h3{margin:0 0 4px;font-size:12px}p{margin:0;color:#545b64;font-family:monospace;font-size:10px;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
</style></head><body>
<h1>${esc(def.name)}</h1>
<p>region ${esc(def.region)} · ${def.body.widgets.length} widgets · start ${esc(def.body.start)} ${vars}</p>
<p>${links.map((l) => `<a href="${esc(l)}.html">${esc(l)}</a>`).join(' · ')}</p>
<div id="grid">
${widgets}
</div></body></html>
`;
}
