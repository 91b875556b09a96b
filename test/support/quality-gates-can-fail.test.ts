/** The quality gates are real: each one rejects a known-bad input. */
import { Stack } from 'aws-cdk-lib';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cfnLintAssembly, synthWithPolicyChecks } from './quality';
import { newTestApp } from './synth';

describe('quality gates can fail', () => {
  it('cdk-nag reports an SNS topic that allows non-TLS publishing', () => {
    const app = newTestApp();
    new sns.Topic(new Stack(app, 'Bad', { env: { region: 'us-east-1', account: '111122223333' } }), 'T');
    const { violations } = synthWithPolicyChecks(app);
    expect(violations.map((v) => v.rule)).toContain('AwsSolutions-SNS3');
  });

  it('cfn-lint rejects an invalid template', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lint-'));
    fs.writeFileSync(
      path.join(dir, 'Bad.template.json'),
      JSON.stringify({ Resources: { A: { Type: 'AWS::CloudWatch::Alarm', Properties: { ComparisonOperator: 'Bigger', EvaluationPeriods: 'x' } } } }),
    );
    const lint = cfnLintAssembly(dir);
    expect(lint.exitCode).not.toBe(0);
    expect(lint.output).toMatch(/E\d{4}/);
  });
});
