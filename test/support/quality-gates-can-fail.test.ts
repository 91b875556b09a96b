/** The quality gates are real: each one rejects a known-bad input. */
import { Stack, Validations } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
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

  it('cfn-guard reports an unacknowledged finding next to an acknowledged one (the CDK drops failures it cannot rate once one is acknowledged)', () => {
    const app = newTestApp();
    const stack = new Stack(app, 'Bad', { env: { region: 'us-east-1', account: '111122223333' } });
    const ok = new lambda.CfnPermission(stack, 'Acknowledged', { action: 'lambda:InvokeFunction', functionName: 'f', principal: '*' });
    Validations.of(ok).acknowledge({ id: 'cdk-validator-cfnguard::lambda_function_public_access_prohibited_check', reason: 'test' });
    new lambda.CfnPermission(stack, 'Public', { action: 'lambda:InvokeFunction', functionName: 'f', principal: '*' });
    const { violations } = synthWithPolicyChecks(app);
    expect(violations.map((v) => `${v.rule} ${v.path}`)).toContain('lambda_function_public_access_prohibited_check Bad/Public');
    expect(violations.map((v) => v.path)).not.toContain('Bad/Acknowledged');
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
