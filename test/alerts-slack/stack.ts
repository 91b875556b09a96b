/** A test stack with alarm topics shaped like the lead's: per severity, customer managed KMS key. */
import { App, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';

export function alertStack(app: App = new App({ context: { 'aws:cdk:bundling-stacks': [] } })) {
  const stack = new Stack(app, 'AlertsTest', { env: { account: '123456789012', region: 'us-east-1' } });
  const key = new kms.Key(stack, 'AlertsKey', { enableKeyRotation: true, description: 'alarm topics' });
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
      actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      resources: ['*'],
    }),
  );
  const topics = (['critical', 'warning'] as const).map(
    (sev) => new sns.Topic(stack, `Alerts-${sev}`, { topicName: `acme-prod-dns-alerts-${sev}`, masterKey: key, enforceSSL: true }),
  );
  return { app, stack, key, topics };
}

/** All IAM actions granted by identity policies in a template (statements flattened). */
export function allowedActions(template: any): { actions: string[]; resources: unknown[] }[] {
  const out: { actions: string[]; resources: unknown[] }[] = [];
  for (const res of Object.values<any>(template.Resources ?? {})) {
    if (res.Type !== 'AWS::IAM::Policy' && res.Type !== 'AWS::IAM::Role') continue;
    const docs = res.Type === 'AWS::IAM::Policy' ? [res.Properties.PolicyDocument] : (res.Properties.Policies ?? []).map((p: any) => p.PolicyDocument);
    for (const doc of docs) {
      for (const st of doc.Statement ?? []) {
        if (st.Effect !== 'Allow') continue;
        out.push({ actions: [].concat(st.Action), resources: [].concat(st.Resource) });
      }
    }
  }
  return out;
}
