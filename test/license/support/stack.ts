/** Builds a stack holding only the LicenseReporter, for template tests. */
import { App, Stack } from 'aws-cdk-lib';
import * as sns from 'aws-cdk-lib/aws-sns';
import { licenseConfigSchema, LicenseConfigInput } from '../../../lib/config/license-schema';
import { LicenseReporter } from '../../../lib/license/license-reporter';

export const SUBJECTS = ['Z0123456789ABCDEFGHIJ', 'Z9876543210ZYXWVUTSRQ', 'vpc-0123456789abcdef0'];

export function licenseStack(
  license: LicenseConfigInput,
  opts: { bundle?: boolean; outdir?: string; configDir?: string } = {},
): { app: App; stack: Stack; reporter: LicenseReporter } {
  const app = new App({
    outdir: opts.outdir,
    context: opts.bundle ? {} : { 'aws:cdk:bundling-stacks': [] },
  });
  const stack = new Stack(app, 'Core', { env: { account: '123456789012', region: 'us-east-1' } });
  const topic = (id: string) => {
    const t = new sns.Topic(stack, id, { enforceSSL: true, masterKey: undefined });
    return t;
  };
  const reporter = new LicenseReporter(stack, 'License', {
    prefix: 'acme-prod',
    productVersion: '1.2.3',
    subjects: SUBJECTS,
    config: licenseConfigSchema.parse(license),
    alarmActions: { topicArns: { critical: [topic('Critical').topicArn], warning: [topic('Warning').topicArn] } },
    configDir: opts.configDir,
  });
  return { app, stack, reporter };
}
