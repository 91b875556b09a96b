/**
 * npm run synth:examples -- OUTDIR: writes the templates of every example config (dns-monitor.yaml,
 * examples/*) and of the test fleets (mixed fleet, 30-zone explorer fleet) to OUTDIR/<config>/,
 * one pretty-printed JSON file per stack with sorted keys, the CDK's build metadata left out. Used to prove that a
 * refactor changes no template: run it before and after, then `diff -r` the two folders.
 */
import { App } from 'aws-cdk-lib';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadConfigFile } from '../lib/config/load';
import type { RawConfig } from '../lib/config/schema';
import { cliContext } from '../lib/app/cli-context';
import { DnsMonitoring } from '../lib/dns-monitoring';
import { FLEET } from '../test/support/fleets';
import { exampleConfigFiles, generatedZones } from '../test/support/synth';

/** Object keys sorted, so that construct creation order (which orders template keys) is not a difference. */
function sorted(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sorted);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)).map(([k, x]) => [k, sorted(x)]));
  return v;
}

function write(outdir: string, name: string, config: RawConfig | ReturnType<typeof loadConfigFile>, configDir?: string): void {
  const dir = path.join(outdir, name);
  fs.mkdirSync(dir, { recursive: true });
  const app = new App({ outdir: fs.mkdtempSync(path.join(dir, '.cdk-')), context: { ...cliContext(), 'aws:cdk:bundling-stacks': [] } });
  new DnsMonitoring(app, 'DnsMonitor', { config, account: '111122223333', configDir });
  const assembly = app.synth();
  for (const s of assembly.stacks) {
    const t = JSON.parse(JSON.stringify(s.template));
    for (const r of Object.values<Record<string, unknown>>(t.Resources ?? {})) delete r.Metadata;
    delete t.Resources?.CDKMetadata;
    fs.writeFileSync(path.join(dir, `${s.stackName}.json`), `${JSON.stringify(sorted(t), null, 1)}\n`);
  }
  fs.rmSync(app.outdir, { recursive: true, force: true });
}

const outdir = path.resolve(process.argv[2] ?? 'synth-examples.out');
for (const file of exampleConfigFiles()) write(outdir, path.basename(file).replace(/\.\w+$/, ''), loadConfigFile(file), path.dirname(file));
write(outdir, 'fleet', FLEET);
write(outdir, 'zones-30', generatedZones(30));
process.stdout.write(`templates written to ${outdir}\n`);
