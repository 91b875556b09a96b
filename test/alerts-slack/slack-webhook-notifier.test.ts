import { App, Duration } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as fs from 'node:fs';
import { SlackWebhookNotifier, SLACK_INTAKE, slackNotifierTimeoutSeconds, slackPostIntervalMs } from '../../lib/alerts/slack-webhook-notifier';
import { loadConfig } from '../../lambdas/slack-notifier/config';
import { DEFAULT_RETRY_POLICY } from '../../lambdas/slack-notifier/slack-delivery';
import { LAMBDA, SQS } from '../../lib/aws-facts';
import { rateLimitedRedeliverySeconds } from '../../lambdas/slack-notifier/notifier';
import { resourceSchema } from '../support/resource-schemas';
import { cfnLintAssembly, formatViolations, synthWithPolicyChecks } from '../support/quality';
import { alertStack, allowedActions } from './stack';

function build(extra: Partial<ConstructorParameters<typeof SlackWebhookNotifier>[2]> = {}) {
  const { app, stack, key, topics } = alertStack();
  // As the app builds it: the alert topics' key always given (the core stack passes it).
  const notifier = new SlackWebhookNotifier(stack, 'SlackNotifier', { topics, prefix: 'acme-prod-dns', encryptionKey: key, ...extra });
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
      Timeout: SLACK_INTAKE.batchSize * (25 + 2) + 25,
    });
    expect(notifier.fn).toBeDefined();
  });

  it('passes the secret ARN, never the webhook URL, in the environment', () => {
    const fns = Object.values<any>(json.Resources).filter((r) => r.Type === 'AWS::Lambda::Function');
    expect(fns).toHaveLength(1);
    const env = fns[0].Properties.Environment.Variables;
    expect(env.SLACK_WEBHOOK_SECRET_ID).toEqual({ Ref: stack.getLogicalId(notifier.webhookSecret.node.defaultChild as never) });
    expect(Object.keys(env).sort()).toEqual([
      'DEAD_LETTER_QUEUE_URL', 'IDEMPOTENCY_EXPIRES_SECONDS', 'IDEMPOTENCY_TABLE_NAME', 'INTAKE_QUEUE_URL', 'POWERTOOLS_LOG_LEVEL', 'POWERTOOLS_SERVICE_NAME',
      'SLACK_ATTEMPT_TIMEOUT_MS', 'SLACK_INTAKE_MAX_RECEIVES', 'SLACK_MAX_ATTEMPTS', 'SLACK_POST_INTERVAL_MS', 'SLACK_RATE_LIMITED_REDELIVERY_SECONDS',
      'SLACK_TOTAL_BUDGET_MS', 'SLACK_WEBHOOK_SECRET_ID',
    ]);
    const text = JSON.stringify(json);
    expect(text).not.toMatch(/hooks\.slack\.com/);
    // The created secret holds a generated placeholder, not a value from the template.
    template.hasResourceProperties('AWS::SecretsManager::Secret', { Name: 'acme-prod-dns/slack-webhook-url', GenerateSecretString: Match.anyValue() });
    template.hasResource('AWS::SecretsManager::Secret', { DeletionPolicy: 'Retain' });
  });

  it('dead-letter queue: encrypted with the alert key, SSL enforced, 14 days; no async on-failure destination (nothing invokes the function asynchronously)', () => {
    const dlq = notifier.deadLetterQueue.node.defaultChild as never;
    template.hasResourceProperties('AWS::SQS::Queue', { KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('AlertsKey'), 'Arn'] }, MessageRetentionPeriod: 14 * 24 * 3600 });
    expect(json.Resources[stack.getLogicalId(dlq)].Properties.RedrivePolicy).toBeUndefined();
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
    template.resourceCountIs('AWS::Lambda::EventInvokeConfig', 0);
  });

  it('intake queue: the topics deliver to a queue the function reads at most two batches at a time (a storm waits there, not in the dead-letter queue)', () => {
    const intake = stack.getLogicalId(notifier.intakeQueue.node.defaultChild as never);
    const fnTimeout = json.Resources[stack.getLogicalId(notifier.fn.node.defaultChild as never)].Properties.Timeout;
    const q = json.Resources[intake].Properties;
    // SNS writes to it under the alert key, never the AWS managed alias/aws/sqs key it cannot use (SQS Developer Guide, key management).
    expect(q.KmsMasterKeyId).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/AlertsKey/), 'Arn'] });
    expect(q.SqsManagedSseEnabled).toBeUndefined();
    expect(q.VisibilityTimeout).toBeGreaterThanOrEqual(LAMBDA.sqsVisibilityTimeoutPerFunctionTimeout * fnTimeout);
    expect(q.RedrivePolicy).toEqual({ deadLetterTargetArn: { 'Fn::GetAtt': [stack.getLogicalId(notifier.deadLetterQueue.node.defaultChild as never), 'Arn'] }, maxReceiveCount: SLACK_INTAKE.maxReceiveCount });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [intake, 'Arn'] },
      BatchSize: SLACK_INTAKE.batchSize,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: LAMBDA.sqsMinimumMaximumConcurrency },
    });
    // Every record of a batch gets its whole retry budget and its pacing wait within the function timeout.
    expect(fnTimeout).toBeGreaterThanOrEqual(SLACK_INTAKE.batchSize * (25 + 2) + 5);
    // Two executions each starting a post every 2 s: Slack's one message a second together.
    const env = json.Resources[stack.getLogicalId(notifier.fn.node.defaultChild as never)].Properties.Environment.Variables;
    expect(Number(env.SLACK_POST_INTERVAL_MS)).toBe((LAMBDA.sqsMinimumMaximumConcurrency * 1000) / SLACK_INTAKE.slackMessagesPerSecond);
  });
  it('sets exactly the environment its handler reads, and the handler reads the construct\'s numbers from it (one definition: no default of its own differs)', () => {
    const env = json.Resources[stack.getLogicalId(notifier.fn.node.defaultChild as never)].Properties.Environment.Variables as Record<string, unknown>;
    // CloudFormation fills the references (ARNs, names, URLs); the numbers are literals.
    const resolved = Object.fromEntries(Object.entries(env).map(([k, v]) => [k, typeof v === 'string' ? v : `resolved-${k.toLowerCase()}`]));
    const cfg = loadConfig(resolved);
    expect(cfg.retry).toEqual(DEFAULT_RETRY_POLICY);
    expect(cfg.postIntervalMs).toBe(slackPostIntervalMs());
    expect(cfg.intake).toEqual({ queueUrl: 'resolved-intake_queue_url', maxReceives: SLACK_INTAKE.maxReceiveCount, rateLimitedRedeliverySeconds: SLACK_INTAKE.rateLimitedRedeliverySeconds });
    // The function timeout holds the whole batch with the handler's own budget.
    expect(json.Resources[stack.getLogicalId(notifier.fn.node.defaultChild as never)].Properties.Timeout).toBe(slackNotifierTimeoutSeconds(DEFAULT_RETRY_POLICY.totalBudgetMs / 1000));
  });

  it('puts a rate-limited alert back on the intake queue with a delay SQS accepts, until the receive the queue dead-letters on', () => {
    const fn = json.Resources[stack.getLogicalId(notifier.fn.node.defaultChild as never)].Properties;
    const env = fn.Environment.Variables;
    expect(env.INTAKE_QUEUE_URL).toEqual({ Ref: stack.getLogicalId(notifier.intakeQueue.node.defaultChild as never) });
    expect(Number(env.SLACK_INTAKE_MAX_RECEIVES)).toBe(SLACK_INTAKE.maxReceiveCount);
    expect(Number(env.SLACK_RATE_LIMITED_REDELIVERY_SECONDS)).toBe(SLACK_INTAKE.rateLimitedRedeliverySeconds);
    // The longest delay is set on the last receive but one, at most a function timeout after the receive.
    const longest = rateLimitedRedeliverySeconds(SLACK_INTAKE.rateLimitedRedeliverySeconds, SLACK_INTAKE.maxReceiveCount - 1);
    expect(longest).toBe(240);
    expect(longest + fn.Timeout).toBeLessThanOrEqual(SQS.maxVisibilityTimeoutSeconds);
    // The role may change the visibility of the intake queue's messages (the event source's grant).
    expect(allowedActions(json).filter((st) => st.actions.includes('sqs:ChangeMessageVisibility')).map((st) => st.resources)).toEqual([
      [{ 'Fn::GetAtt': [stack.getLogicalId(notifier.intakeQueue.node.defaultChild as never), 'Arn'] }],
    ]);
  });

  // Lambda refuses to create the mapping otherwise: "The provided execution role does not have permissions to call ReceiveMessage on SQS" (aws/aws-cdk#6770).
  it('creates the event source mapping only after the role may read the queue (Lambda checks the role when it creates the mapping)', () => {
    const esm = Object.values<any>(json.Resources).find((r) => r.Type === 'AWS::Lambda::EventSourceMapping');
    const fnId = stack.getLogicalId(notifier.fn.node.defaultChild as never);
    expect(esm.Properties.FunctionName).toEqual({ Ref: fnId });
    const policyIds: string[] = [].concat(json.Resources[fnId].DependsOn ?? []);
    const reads = policyIds.filter((id) =>
      json.Resources[id]?.Properties?.PolicyDocument?.Statement?.some((st: any) => [].concat(st.Action).includes('sqs:ReceiveMessage' as never)),
    );
    expect(reads).toHaveLength(1);
  });

  it('reads its concurrency and timeout limits as AWS publishes them', () => {
    // The CloudFormation resource schema's ScalingConfig.MaximumConcurrency (2 to 1,000) is where LAMBDA's minimum comes from.
    const esmSchema = resourceSchema('AWS::Lambda::EventSourceMapping') as unknown as { definitions: { MaximumConcurrency: { minimum: number } } };
    expect(LAMBDA.sqsMinimumMaximumConcurrency).toBe(esmSchema.definitions.MaximumConcurrency.minimum);
    // The timeout grows with the batch: it must stay within Lambda's 900 s (LAMBDA.maxFunctionTimeoutSeconds).
    expect(json.Resources[stack.getLogicalId(notifier.fn.node.defaultChild as never)].Properties.Timeout).toBeLessThanOrEqual(LAMBDA.maxFunctionTimeoutSeconds);
  });

  it('refuses a retry budget that would take the function past Lambda\'s timeout limit, naming the largest that fits', () => {
    const stack2 = alertStack();
    const largest = Math.floor((LAMBDA.maxFunctionTimeoutSeconds - SLACK_INTAKE.timeoutMarginSeconds) / SLACK_INTAKE.batchSize - 2);
    expect(largest).toBe(173);
    expect(() => new SlackWebhookNotifier(stack2.stack, 'Fits', { topics: stack2.topics, prefix: 'acme-prod-dns', encryptionKey: stack2.key, retry: { totalBudget: Duration.seconds(largest) } })).not.toThrow();
    expect(() => new SlackWebhookNotifier(stack2.stack, 'TooLong', { topics: stack2.topics, prefix: 'acme-prod-dns', encryptionKey: stack2.key, retry: { totalBudget: Duration.seconds(largest + 1) } })).toThrow(
      /retry\.totalBudget of 174 s makes the function timeout 905 s, above Lambda's limit of 900 s: give at most 173 s/,
    );
  });

  it('needs the alert key: the app always passes it, and SNS cannot deliver under the AWS managed SQS key', () => {
    const stack2 = alertStack();
    // @ts-expect-error encryptionKey is required
    const call = () => new SlackWebhookNotifier(stack2.stack, 'NoKey', { topics: stack2.topics, prefix: 'acme-prod-dns' });
    expect(call).toThrow(/encryptionKey/);
  });

  it('idempotency table: on-demand, TTL on expiration, encrypted, PITR, retained', () => {
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        TimeToLiveSpecification: { AttributeName: 'expiration', Enabled: true },
        SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: Match.anyValue() },
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      },
    });
  });

  it('subscribes the intake queue, not the function, to every alarm topic, and only those topics may send to it', () => {
    const intake = stack.getLogicalId(notifier.intakeQueue.node.defaultChild as never);
    template.resourceCountIs('AWS::SNS::Subscription', 2);
    for (const sev of ['critical', 'warning']) {
      template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'sqs', Endpoint: { 'Fn::GetAtt': [intake, 'Arn'] }, TopicArn: { Ref: Match.stringLikeRegexp(`Alerts${sev}`) } });
    }
    template.resourceCountIs('AWS::Lambda::Permission', 0);
    const sends = Object.values<any>(json.Resources)
      .filter((r) => r.Type === 'AWS::SQS::QueuePolicy' && JSON.stringify(r.Properties.Queues).includes(intake))
      .flatMap((r) => r.Properties.PolicyDocument.Statement)
      .filter((st: any) => st.Effect === 'Allow');
    expect(sends.map((st: any) => [st.Principal, st.Action, st.Condition])).toEqual([
      [{ Service: 'sns.amazonaws.com' }, 'sqs:SendMessage', { ArnEquals: { 'aws:SourceArn': [{ Ref: expect.stringMatching(/Alertscritical/) }, { Ref: expect.stringMatching(/Alertswarning/) }] } }],
    ]);
  });

  it('least privilege: exactly secret read, table item rw, dead-letter send, intake read, own log writes, the alert key', () => {
    const actions = allowedActions(json).flatMap((s) => s.actions).sort();
    const kmsActions = actions.filter((a) => a.startsWith('kms:'));
    // Named actions only (kms:Decrypt twice: the key grant and the event source's queue read).
    expect([...new Set(kmsActions)]).toEqual(['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey']);
    expect(actions).toEqual(
      [
        'dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem',
        'logs:CreateLogStream', 'logs:PutLogEvents',
        'secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue',
        // Sending to the dead-letter queue.
        'sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage',
        // Reading the intake queue (the event source mapping runs as the function's role).
        'sqs:ChangeMessageVisibility', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:ReceiveMessage',
        // The alert key, for the queues and the table it encrypts.
        ...kmsActions,
      ].sort(),
    );
    for (const s of allowedActions(json)) expect(s.resources).not.toContain('*');
    const role = Object.values<any>(json.Resources).find((r) => r.Type === 'AWS::IAM::Role');
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
  });

  it('its role says what it may do, the intake queue included (whoever reviews IAM reads the description)', () => {
    const role = Object.values<any>(json.Resources).find((r) => r.Type === 'AWS::IAM::Role');
    for (const what of ['intake queue', 'webhook secret', 'idempotency table', 'state last posted per alarm', 'dead-letter queue', 'alert key', 'own logs']) expect(role.Properties.Description).toContain(what);
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

  it('uses the key for both queues and the table, grants only that key, creates no secret', () => {
    const queues = Object.values<any>(template.toJSON().Resources).filter((r) => r.Type === 'AWS::SQS::Queue');
    expect(queues.map((q) => q.Properties.KmsMasterKeyId)).toEqual([
      { 'Fn::GetAtt': [expect.stringMatching(/AlertsKey/), 'Arn'] },
      { 'Fn::GetAtt': [expect.stringMatching(/AlertsKey/), 'Arn'] },
    ]);
    // SNS writes to the intake queue under the key: for topics of this account and region (the queue policy names the alert topics).
    const forSns = (template.toJSON().Resources[Object.keys(template.toJSON().Resources).find((k) => /AlertsKey/.test(k) && template.toJSON().Resources[k].Type === 'AWS::KMS::Key')!]
      .Properties.KeyPolicy.Statement as any[]).filter((st) => st.Principal?.Service === 'sns.amazonaws.com');
    expect(forSns.map((st) => [st.Action, st.Condition])).toEqual([
      [['kms:Decrypt', 'kms:GenerateDataKey'], { ArnLike: { 'aws:SourceArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':sns:us-east-1:123456789012:*']] } } }],
    ]);
    template.hasResourceProperties('AWS::DynamoDB::Table', { SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: Match.anyValue() } });
    template.resourceCountIs('AWS::SecretsManager::Secret', 0);
    const kmsStatements = allowedActions(template.toJSON()).filter((s) => s.actions.some((a) => a.startsWith('kms:')));
    expect(kmsStatements.length).toBeGreaterThan(0);
    for (const s of kmsStatements) expect(s.resources).toEqual([{ 'Fn::GetAtt': [expect.stringMatching(/AlertsKey/), 'Arn'] }]);
  });

  it('reads the named secret and sizes the timeout above the retry budget', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Timeout: SLACK_INTAKE.batchSize * (50 + 2) + 25,
      Environment: { Variables: Match.objectLike({ SLACK_TOTAL_BUDGET_MS: '50000', SLACK_WEBHOOK_SECRET_ID: Match.anyValue() }) },
    });
    expect(fs.existsSync(app.outdir)).toBe(true);
  });
});
