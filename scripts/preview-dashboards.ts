/**
 * Writes an HTML picture of every dashboard into .preview/ (one page per dashboard plus
 * index.html), so a reviewer can look at the widget grid without an AWS account.
 *
 * Usage: npx ts-node --transpile-only scripts/preview-dashboards.ts [config.yaml] [--out DIR]
 * Without a config file it previews a demo fleet (3 zones, 2 VPCs, 2 health checks, a license).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadConfigFile, parseConfig } from '../lib/config/load';
import type { ResolvedConfig } from '../lib/config/resolve';
import type { DashboardDef } from '../lib/dashboards/body';
import { buildDashboards, BuildInputs } from '../lib/dashboards/build';
import { previewHtml } from '../lib/dashboards/preview-html';
import { buildModel } from '../lib/model';

export const DEMO_INPUTS: BuildInputs = {
  healthChecks: [
    { name: 'api.example.com', id: '11111111-2222-3333-4444-555555555555', latency: true, type: 'HTTPS', regions: ['us-east-1', 'eu-west-1', 'ap-southeast-1'] },
    { name: 'www.example.com', id: '66666666-7777-8888-9999-000000000000' },
  ],
  license: { licenseId: 'lic_demo_0001', region: 'us-east-1', alarmPrefix: 'demo' },
};

export function demoConfig(): ResolvedConfig {
  return parseConfig({
    prefix: 'demo',
    hostedZones: [
      { zoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com', signals: { servfail: { anomaly: 'spike' } } },
      { zoneId: 'Z0987654321ABCDEFGHIJ', zoneName: 'example.org' },
      { zoneId: 'Z0555555555ABCDEFGHIJ', zoneName: 'example.net', signals: { 'qtype-a': { enabled: true }, 'qtype-aaaa': { enabled: true } } },
    ],
    resolverVpcs: [
      { vpcId: 'vpc-0123456789abcdef0', region: 'eu-west-1', name: 'prod' },
      { vpcId: 'vpc-0fedcba9876543210', region: 'eu-west-1', name: 'staging' },
    ],
    alerts: { runbookUrl: 'https://wiki.example.com/dns-runbook' },
  });
}

/** Writes the previews; returns the files written (index.html first). */
export function writePreviews(defs: readonly DashboardDef[], outDir: string): string[] {
  fs.mkdirSync(outDir, { recursive: true });
  const names = defs.map((d) => d.name);
  const files = [path.join(outDir, 'index.html')];
  fs.writeFileSync(files[0], `<!doctype html><meta charset="utf-8"><title>Dashboards</title><h1>Dashboards</h1><ul>${names.map((n) => `<li><a href="${n}.html">${n}</a></li>`).join('')}</ul>\n`);
  for (const d of defs) {
    const file = path.join(outDir, `${d.name}.html`);
    fs.writeFileSync(file, previewHtml(d, names));
    files.push(file);
  }
  return files;
}

function main(argv: string[]): void {
  const outIdx = argv.indexOf('--out');
  const out = outIdx >= 0 ? argv[outIdx + 1] : path.resolve(__dirname, '..', '.preview');
  const file = argv.find((a, i) => !a.startsWith('--') && (outIdx < 0 || i !== outIdx + 1));
  const cfg = file ? loadConfigFile(file) : demoConfig();
  const defs = buildDashboards(buildModel(cfg), file ? {} : DEMO_INPUTS);
  const files = writePreviews(defs, out);
  console.log(`wrote ${files.length - 1} dashboard previews to ${out} (open ${files[0]})`);
}

if (require.main === module) main(process.argv.slice(2));
