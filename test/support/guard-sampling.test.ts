/**
 * cfn-guard (and the CDK's CloudFormation validation) run on core stacks and the first stack of each
 * group; `fullGuard` checks every stack.
 */
import { CfnBucket } from 'aws-cdk-lib/aws-s3';
import { addQualityPlugins, repeatedTemplates } from '../../lib/app/quality-plugins';
import { DnsMonitoring } from '../../lib/dns-monitoring';
import { generatedZones, newTestApp } from './synth';

function guardFindings(fullGuard: boolean): string[] {
  const app = newTestApp();
  const m = new DnsMonitoring(app, 'D', { config: generatedZones(8), account: '111122223333', maxResourcesPerStack: 40 });
  expect(m.shardStacks.filter((s) => /-zones-\d+$/.test(s.stackName)).length).toBeGreaterThan(2);
  // A bucket without any protection in zone stacks 1 and 2: cfn-guard flags it where it looks.
  for (const s of m.shardStacks.filter((x) => /-zones-[12]$/.test(x.stackName))) new CfnBucket(s, 'Probe');
  addQualityPlugins(app, { fullGuard });
  try {
    app.synth();
    return [];
  } catch {
    const report = require(`${app.outdir}/validation-report.json`);
    return report.pluginReports
      .filter((p: any) => p.pluginName === 'cdk-validator-cfnguard')
      .flatMap((p: any) => p.violations.flatMap((v: any) => v.violatingConstructs.map((c: any) => c.constructPath.split('/')[1])));
  }
}

describe('cfn-guard stack sampling', () => {
  it('checks the first zone stack and skips repeated ones by default', () => {
    const stacks = new Set(guardFindings(false));
    expect(stacks).toContain('bench-zones-1');
    expect(stacks).not.toContain('bench-zones-2');
  });

  it('checks every stack with fullGuard', () => {
    const stacks = new Set(guardFindings(true));
    expect(stacks).toContain('bench-zones-1');
    expect(stacks).toContain('bench-zones-2');
  });
});

describe('dashboard stacks', () => {
  it('checks the first dashboards stack of a region and skips its further parts, built by the same code (bench:synth: 8 of 1000 zones\' checked templates were dashboards, a third of the checks\' time)', () => {
    const app = newTestApp();
    const m = new DnsMonitoring(app, 'D', { config: generatedZones(450), account: '111122223333' });
    const dashboards = m.shardStacks.filter((s) => /-dashboards-/.test(s.stackName));
    expect(dashboards.map((s) => s.stackName)).toEqual(['bench-dashboards-us-east-1', 'bench-dashboards-us-east-1-2']);
    const skipped = repeatedTemplates(app);
    expect(dashboards.map((s) => skipped.has(s.templateFile))).toEqual([false, true]);
  });
});
