/**
 * `plan` and `replay` synthesize in memory; they must read the templates `npx cdk synth` would
 * deploy, so they start from the same context (cdk.json's feature flags) as the CDK CLI.
 */
import { App } from 'aws-cdk-lib';
import { FLAGS } from 'aws-cdk-lib/cx-api';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cliContext } from '../../lib/app/cli-context';
import { loadConfigFile } from '../../lib/config/load';
import { DnsMonitoring } from '../../lib/dns-monitoring';
import { planConfigFile } from '../../lib/plan';
import { synthesizeForPlan } from '../../lib/plan/synthesize';
import { REPO } from '../support/synth';

const MINIMAL = path.join(REPO, 'examples', 'minimal.yaml');

/** Every stack's resources as `cdk synth` builds them: an App given cdk.json's context, as the CLI gives it. */
function cliResources(file: string): Record<string, unknown> {
  const { context } = JSON.parse(fs.readFileSync(path.join(REPO, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> };
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'dnsmon-cli-ctx-'));
  const app = new App({ outdir, builtinCloudFormationValidation: false, context: { ...context, 'aws:cdk:bundling-stacks': [] } });
  new DnsMonitoring(app, 'DnsMonitor', { config: loadConfigFile(file), account: '000000000000', configDir: path.dirname(file) });
  const out: Record<string, unknown> = {};
  for (const s of app.synth().stacks) out[s.stackName] = s.template.Resources;
  fs.rmSync(outdir, { recursive: true, force: true });
  return out;
}

describe('plan synthesizes what `cdk synth` deploys', () => {
  it('reads the feature flags of cdk.json in the repository', () => {
    const ctx = cliContext(REPO);
    expect(ctx['@aws-cdk/aws-sns:restrictSnsPublishToTls']).toBe(true);
    expect(ctx['@aws-cdk/core:defaultCrossStackReferences']).toBe('strong');
  });

  // The CDK CLI counts a flag as needing attention when cdk.json leaves it unset and its unset
  // behaviour is not the recommended value ("N feature flags are not configured" after every synth).
  // cdk.json sets each to the value it already had, so an upgrade of aws-cdk-lib that brings a new
  // one fails here, not in front of a customer; choosing its value is that upgrade's work.
  it('sets every feature flag of this aws-cdk-lib the CDK CLI would call unconfigured', () => {
    const ctx = cliContext(REPO);
    const unconfigured = Object.entries(FLAGS)
      .filter(([name, f]) => !(name in ctx) && (f.unconfiguredBehavesLike?.v2 ?? false) !== f.recommendedValue)
      .map(([name]) => name);
    expect(unconfigured).toEqual([]);
  });

  it('prefers the cdk.json of the directory it runs in, as the CDK CLI does', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dnsmon-cdkjson-'));
    fs.writeFileSync(path.join(dir, 'cdk.json'), JSON.stringify({ app: 'x', context: { '@aws-cdk/aws-sns:restrictSnsPublishToTls': false } }));
    try {
      expect(cliContext(dir)['@aws-cdk/aws-sns:restrictSnsPublishToTls']).toBe(false);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('gives the same resources as an app with cdk.json context, stack by stack', () => {
    const planned = synthesizeForPlan(loadConfigFile(MINIMAL), { configDir: path.dirname(MINIMAL) });
    const cli = cliResources(MINIMAL);
    expect(planned.stacks.map((s) => s.name).sort()).toEqual(Object.keys(cli).sort());
    for (const s of planned.stacks) {
      const fromPlan = Object.fromEntries(s.resources.map((r) => [r.logicalId, { type: r.type, props: r.props }]));
      const fromCli = Object.fromEntries(Object.entries(cli[s.name] as Record<string, any>).map(([id, r]) => [id, { type: r.Type, props: r.Properties ?? {} }]));
      expect({ stack: s.name, resources: fromPlan }).toEqual({ stack: s.name, resources: fromCli });
    }
  });

  it('shows no synthesis warning that `cdk synth` does not show (the cross-stack reference default)', () => {
    const p = planConfigFile(MINIMAL);
    expect(p.synthWarnings.filter((w) => /cross-stack-reference/i.test(w))).toEqual([]);
    // and it says whose flags it used (jest runs in the repository: its cdk.json)
    expect(p.assumptions).toContain('Templates as `cdk synth` builds them with the feature flags of cdk.json.');
  });
});
