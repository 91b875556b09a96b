/** One Slack webhook secret per deployment, in the primary region; every region's notifier reads it. */
import { Match } from 'aws-cdk-lib/assertions';
import { deploymentOf, TEST_ACCOUNT } from '../support/iam/app';
import { roleByArn, roleIdentityPolicies, simulate } from '../support/iam/policies';
import { synthConfig } from '../support/synth';

const CONFIG = {
  prefix: 'acme',
  hostedZones: [{ zoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com' }],
  resolverVpcs: [
    { vpcId: 'vpc-0123456789abcdef0', region: 'eu-west-1' },
    { vpcId: 'vpc-0123456789abcdef1', region: 'ap-southeast-2' },
  ],
  alerts: { email: ['oncall@example.com'], slack: { webhook: {} } },
};

describe('Slack webhook secret', () => {
  const { templates } = synthConfig(CONFIG);

  it('is created once, in us-east-1 (the primary region), named <prefix>/slack-webhook-url', () => {
    const secrets = Object.entries(templates).flatMap(([stack, t]) => Object.values(t.findResources('AWS::SecretsManager::Secret')).map((r) => [stack, r.Properties.Name]));
    expect(secrets).toEqual([['acme-core-us-east-1', 'acme/slack-webhook-url']]);
  });

  it.each(['eu-west-1', 'ap-southeast-2'])('the %s notifier reads that secret in us-east-1, and only that one', (region) => {
    const t = templates[`acme-core-${region}`];
    const partial = 'arn:aws:secretsmanager:us-east-1:111122223333:secret:acme/slack-webhook-url';
    t.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: Match.objectLike({ SLACK_WEBHOOK_SECRET_ID: partial }) } });
    t.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: Match.arrayWith(['secretsmanager:GetSecretValue']),
            Resource: 'arn:aws:secretsmanager:us-east-1:111122223333:secret:acme/slack-webhook-url-??????',
          }),
        ]),
      },
    });
  });

  it('a secretArn in the config is used by every region instead', () => {
    const arn = 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:team/slack-AbCdEf';
    const { templates: t } = synthConfig({ ...CONFIG, alerts: { ...CONFIG.alerts, slack: { webhook: { secretArn: arn } } } });
    expect(Object.values(t).flatMap((x) => Object.keys(x.findResources('AWS::SecretsManager::Secret')))).toEqual([]);
    for (const region of ['us-east-1', 'eu-west-1', 'ap-southeast-2']) {
      t[`acme-core-${region}`].hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: Match.objectLike({ SLACK_WEBHOOK_SECRET_ID: arn }) } });
    }
  });
});

describe('Slack webhook secret, by the IAM evaluator', () => {
  // Secrets Manager appends "-" and 6 random characters to a secret's name in its ARN:
  // https://docs.aws.amazon.com/secretsmanager/latest/userguide/reference_iam-permissions.html#iam-resources
  const secret = (name: string) => `arn:aws:secretsmanager:us-east-1:${TEST_ACCOUNT}:secret:${name}-AbC123`;
  const d = deploymentOf(CONFIG);
  // The created secret's ARN as the deployment resolves it (name plus a 6-character suffix).
  const created = d.arnOf(d.resources('AWS::SecretsManager::Secret')[0]);
  const notifiers = d.resources('AWS::Lambda::Function').filter((f) => d.props(f).Environment?.Variables?.SLACK_WEBHOOK_SECRET_ID);

  it.each(['us-east-1', 'eu-west-1', 'ap-southeast-2'])('the %s notifier may read the one secret in us-east-1, and no other secret', async (region) => {
    const fn = notifiers.find((f) => d.arnOf(f).split(':')[3] === region)!;
    expect(fn).toBeDefined();
    const role = roleByArn(d, d.props(fn).Role);
    const ask = (resource: string) =>
      simulate({ principal: d.arnOf(role), action: 'secretsmanager:GetSecretValue', resource, resourceAccount: TEST_ACCOUNT, identityPolicies: roleIdentityPolicies(d, role) });
    expect(created).toMatch(/:secret:acme\/slack-webhook-url-[A-Za-z0-9]{6}$/);
    expect(await ask(created)).toBe('Allowed');
    expect(await ask(secret('acme/slack-webhook-url-old'))).not.toBe('Allowed');
    expect(await ask(secret('acme/license'))).not.toBe('Allowed');
  });
});
