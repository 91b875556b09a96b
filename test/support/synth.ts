/** Synthesizes the product from a config object, for template tests. */
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cliContext } from '../../lib/app/cli-context';
import { DnsMonitoring } from '../../lib/dns-monitoring';
import { loadConfigFile } from '../../lib/config/load';
import type { RawConfig } from '../../lib/config/schema';
import type { StackAssignments } from '../../lib/stacks/stack-assignments';

export const REPO = path.resolve(__dirname, '..', '..');

export interface Synth {
  app: App;
  monitoring: DnsMonitoring;
  /** Templates by stack name. */
  templates: Record<string, Template>;
  outdir: string;
}

/**
 * The context of the tests' apps: cdk.json's feature flags, so the templates are the ones `npx cdk
 * synth` deploys; no Lambda bundling; and no stack traces in the cloud assembly's metadata. CDK
 * records where each resource and each annotation was created (`aws:cdk:creation-stack`, read by
 * the CLI only to say where a failing resource came from); nothing of it reaches a template, and
 * capturing it through ts-node's source maps was a sixth of each synthesis's time.
 */
export function testAppContext(): Record<string, unknown> {
  return { ...cliContext(REPO), 'aws:cdk:bundling-stacks': [], 'aws:cdk:disable-creation-stack-traces': true, 'aws:cdk:disable-stack-trace': true };
}

export function newTestApp(): App {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'dnsmon-'));
  // Template tests assert what they check; the policy-check tests add every plugin (test/support/quality.ts).
  return new App({ outdir, builtinCloudFormationValidation: false, context: testAppContext() });
}

export function buildApp(config: RawConfig, opts: { assignments?: StackAssignments; app?: App; configFile?: string } = {}) {
  const app = opts.app ?? newTestApp();
  const monitoring = new DnsMonitoring(app, 'DnsMonitor', { config, assignments: opts.assignments, account: '111122223333', configFile: opts.configFile });
  return { app, monitoring };
}

export function templatesOf(monitoring: DnsMonitoring): Record<string, Template> {
  const out: Record<string, Template> = {};
  for (const s of [...Object.values(monitoring.coreStacks), ...monitoring.shardStacks]) out[s.stackName] = Template.fromStack(s);
  return out;
}

export function synthConfig(config: RawConfig, opts: { assignments?: StackAssignments } = {}): Synth {
  const { app, monitoring } = buildApp(config, opts);
  return { app, monitoring, templates: templatesOf(monitoring), outdir: app.outdir };
}

export function exampleConfigFiles(): string[] {
  // `<config>.stacks.json` is the placement a synthesis writes next to its config, not a config.
  return [
    path.join(REPO, 'dns-monitor.yaml'),
    ...fs
      .readdirSync(path.join(REPO, 'examples'))
      .filter((f) => /\.ya?ml$|\.json$/.test(f) && !f.endsWith('.stacks.json'))
      .map((f) => path.join(REPO, 'examples', f)),
  ];
}

export function loadExample(file: string) {
  return loadConfigFile(file);
}

/** Generated fleet of N zones with default signals (benchmarks and scale tests). */
export function generatedZones(n: number, extra: Partial<RawConfig> = {}): RawConfig {
  const hostedZones = Array.from({ length: n }, (_, i) => ({
    zoneId: `Z${String(i).padStart(6, '0')}GENERATED${String(i % 1000).padStart(3, '0')}`.slice(0, 21),
    zoneName: `zone${i}.example.com`,
  }));
  return { prefix: 'bench', hostedZones, alerts: { email: ['oncall@example.com'] }, ...extra };
}

export function resourcesOfType(t: Template, type: string): Record<string, { Type: string; Properties: Record<string, unknown>; DeletionPolicy?: string; UpdateReplacePolicy?: string }> {
  return t.findResources(type) as never;
}
