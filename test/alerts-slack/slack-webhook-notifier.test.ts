import { App, Duration } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as fs from 'node:fs';
import { SlackWebhookNotifier } from '../../lib/alerts/slack-webhook-notifier';
import { cfnLintAssembly, formatViolations, synthWithPolicyChecks } from '../support/quality';
import { alertStack, allowedActions } from './stack';

function build(extra: Partial<ConstructorParameters<typeof SlackWebhookNotifier>[2]> = {}) {
  const { app, stack, key, topics } = alertStack();
  const notifier = new SlackWebhookNotifier(stack, 'SlackNotifier', { topics, prefix: 'acme-prod-dns', ...extra });
  return { app, stack, key, topics, notifier, template: Template.fromStack(stack) };
}

describe('SlackWebhookNotifier', () => {
  const { template, notifier, stack } = build();
  const json = template.toJSON();

  it('creates the function as ProductFunction builds it: arm64, node24, 256 MB, timeout above the retry budget', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Architectures: ['arm64'],
      Runtime: 'nodejs24.x',
      MemorySize: 256,
      Timeout: 60,
    });
    expect(notifier.fn).toBeDefined();
  });

  it('passes the secret ARN, never the webhook URL, in the environment', () => {
    const fns = Object.values<any>(json.Resources).filter((r) => r.Type === 'AWS::Lambda::Function');
    expect(fns).toHaveLength(1);
    const env = fns[0].Properties.Environment.Variables;
    expect(env.SLACK_WEBHOOK_SECRET_ID).toEqual({ Ref: stack.getLogicalId(notifier.webhookSecret.node.defaultChild as never) });
    expect(Object.keys(env).sort()).toEqual([
      'DEAD_LETTER_QUEUE_URL', 'IDEMPOTENCY_EXPIRES_SECONDS', 'IDEMPOTENCY_TABLE_NAME', 'POWERTOOLS_LOG_LEVEL', 'POWERTOOLS_SERVICE_NAME',
      'SLACK_ATTEMPT_TIMEOUT_MS', 'SLACK_MAX_ATTEMPTS', 'SLACK_TOTAL_BUDGET_MS', 'SLACK_WEBHOOK_SECRET_ID',
    ]);
    const text = JSON.stringify(json);
    expect(text).not.toMatch(/hooks\.slack\.com/);
    // The created secret holds a generated placeholder, not a value from the template.
    template.hasResourceProperties('AWS::SecretsManager::Secret', { Name: 'acme-prod-dns/slack-webhook-url', GenerateSecretString: Match.anyValue() });
    template.hasResource('AWS::SecretsManager::Secret', { DeletionPolicy: 'Retain' });
  });

  it('dead-letter queue: KMS-encrypted, SSL enforced, 14 days, and the async on-failure destination', () => {
    template.hasResourceProperties('AWS::SQS::Queue', { KmsMasterKeyId: 'alias/aws/sqs', MessageRetentionPeriod: 14 * 24 * 3600 });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      MaximumRetryAttempts: 2,
      MaximumEventAgeInSeconds: 6 * 3600,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [Match.stringLikeRegexp('DeadLetterQueue'), 'Arn'] } } },
    });
  });

  it('idempotency table: on-demand, TTL on expiration, encrypted, PITR, retained', () => {
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        TimeToLiveSpecification: { AttributeName: 'expiration', Enabled: true },
        SSESpecification: { SSEEnabled: true },
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      },
    });
  });

  it('subscribes the function to every alarm topic', () => {
    template.resourceCountIs('AWS::SNS::Subscription', 2);
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'lambda', TopicArn: { Ref: Match.stringLikeRegexp('Alertscritical') } });
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'lambda', TopicArn: { Ref: Match.stringLikeRegexp('Alertswarning') } });
    template.resourceCountIs('AWS::Lambda::Permission', 2);
  });

  it('least privilege: exactly secret read, table item rw, queue send, own log writes', () => {
    const actions = allowedActions(json).flatMap((s) => s.actions).sort();
    expect(actions).toEqual(
      [
        'dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem',
        'logs:CreateLogStream', 'logs:PutLogEvents',
        'secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue',
        'sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage',
      ].sort(),
    );
    for (const s of allowedActions(json)) expect(s.resources).not.toContain('*');
    const role = Object.values<any>(json.Resources).find((r) => r.Type === 'AWS::IAM::Role');
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
  });

  it('can read neither logs nor metrics (it talks to the internet)', () => {
    const actions = allowedActions(json).flatMap((s) => s.actions);
    for (const a of actions) {
      expect(a).not.toMatch(/^logs:(Get|Filter|Describe|StartQuery|Tail)/);
      expect(a).not.toMatch(/^cloudwatch:/);
      expect(a).not.toMatch(/\*$/);
    }
  });

  it('is clean under cdk-nag, cfn-guard and cfn-lint', () => {
    const { app } = build();
    const { assembly, violations } = synthWithPolicyChecks(app);
    expect(formatViolations(violations)).toBe('');
    const lint = cfnLintAssembly(assembly!.directory);
    expect(lint.output).toBe('');
    expect(lint.exitCode).toBe(0);
  });
});

describe('SlackWebhookNotifier with a customer key and an existing secret', () => {
  const { app, stack, key, topics } = alertStack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }));
  const secret = secretsmanager.Secret.fromSecretNameV2(stack, 'Existing', 'team/slack-webhook');
  new SlackWebhookNotifier(stack, 'SlackNotifier', { topics, prefix: 'acme-prod-dns', webhookSecret: secret, encryptionKey: key, retry: { totalBudget: Duration.seconds(50) } });
  const template = Template.fromStack(stack);

  it('uses the key for queue and table, grants only that key, creates no secret', () => {
    template.hasResourceProperties('AWS::SQS::Queue', { KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('AlertsKey'), 'Arn'] } });
    template.hasResourceProperties('AWS::DynamoDB::Table', { SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: Match.anyValue() } });
    template.resourceCountIs('AWS::SecretsManager::Secret', 0);
    const kmsStatements = allowedActions(template.toJSON()).filter((s) => s.actions.some((a) => a.startsWith('kms:')));
    expect(kmsStatements.length).toBeGreaterThan(0);
    for (const s of kmsStatements) expect(s.resources).toEqual([{ 'Fn::GetAtt': [expect.stringMatching(/AlertsKey/), 'Arn'] }]);
  });

  it('reads the named secret and sizes the timeout above the retry budget', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Timeout: 70,
      Environment: { Variables: Match.objectLike({ SLACK_TOTAL_BUDGET_MS: '50000', SLACK_WEBHOOK_SECRET_ID: Match.anyValue() }) },
    });
    expect(fs.existsSync(app.outdir)).toBe(true);
  });
});
