import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cfnLintAssembly, formatViolations, synthWithPolicyChecks } from '../support/quality';
import { licenseStack } from './support/stack';

describe('LicenseReporter policy checks', () => {
  it.each([
    ['online with an app-created secret', { licenseId: 'lic_test_0001' }],
    ['online with an existing secret', { licenseId: 'lic_test_0001', keySecretArn: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:codreum/license-AbCdEf' }],
    ['offline, no deploy check', { licenseId: 'lic_test_0001', offlineToken: 'aaaa.bbbb.cccc', deployCheck: false }],
  ])('%s: no unacknowledged cdk-nag / cfn-guard findings, cfn-lint clean', (_name, license) => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'license-quality-'));
    const { app } = licenseStack(license, { outdir });
    const { violations } = synthWithPolicyChecks(app);
    expect(formatViolations(violations)).toBe('');
    const lint = cfnLintAssembly(outdir);
    expect(lint.output).toBe('');
    expect(lint.exitCode).toBe(0);
  });
});
