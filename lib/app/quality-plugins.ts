import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';

/**
 * Registers the policy checks every synthesis runs: cdk-nag's AwsSolutions pack and the
 * cfn-guard validator (AWS Control Tower proactive controls). A finding that is not acknowledged
 * (with a specific reason, next to the construct it concerns) fails `cdk synth`.
 */
export function addQualityPlugins(app: App): void {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  Validations.of(app).addPlugins(new CfnGuardValidator({}));
}
