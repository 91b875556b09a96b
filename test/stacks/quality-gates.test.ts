/** cdk-nag (AwsSolutions) + cfn-guard (Control Tower rules) + cfn-lint on every example config. */
import * as path from 'node:path';
import { DnsMonitoring } from '../../lib/dns-monitoring';
import { loadConfigFile } from '../../lib/config/load';
import { cfnLintAssembly, formatViolations, synthWithPolicyChecks } from '../support/quality';
import { exampleConfigFiles, newTestApp } from '../support/synth';

describe.each(exampleConfigFiles().map((f) => [path.basename(f), f]))('quality gates: %s', (_name, file) => {
  const app = newTestApp();
  new DnsMonitoring(app, 'DnsMonitor', { config: loadConfigFile(file), account: '111122223333' });
  const { assembly, violations } = synthWithPolicyChecks(app);

  it('has no unacknowledged cdk-nag or cfn-guard findings', () => {
    expect(formatViolations(violations)).toBe('');
    expect(assembly).toBeDefined();
  });

  it('passes cfn-lint on every template', () => {
    const lint = cfnLintAssembly(app.outdir);
    expect(lint.templates.length).toBeGreaterThan(0);
    expect(lint.output).toBe('');
    expect(lint.exitCode).toBe(0);
  });
});

// The same checks with no account, as `npx cdk synth` runs them (every test app has cdk.json's
// feature flags): a finding id names the partition as the stack renders it (a literal under
// enablePartitionLiterals).
describe.each(exampleConfigFiles().map((f) => [path.basename(f), f]))('quality gates as the CLI synthesizes: %s', (_name, file) => {
  it('has no unacknowledged cdk-nag or cfn-guard findings', () => {
    const app = newTestApp();
    new DnsMonitoring(app, 'DnsMonitor', { config: loadConfigFile(file) });
    expect(formatViolations(synthWithPolicyChecks(app).violations)).toBe('');
  });
});
