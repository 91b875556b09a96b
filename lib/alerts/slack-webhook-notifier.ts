import { CfnResource, Duration, Names, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type { CfnAlarm } from 'aws-cdk-lib/aws-cloudwatch';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { COMPONENT_SIGNALS } from '../../contracts/alarm-context';
import { ALARM_DELETION_EVENT, NOTIFIER_TABLE, SLACK_RETRY_DEFAULTS } from '../../contracts/slack-notifier';
import type { AlarmActions } from '../alarms/alarm-factory';
import { LAMBDA, SQS } from '../aws-facts';
import { ProductFunction } from '../lambda/product-function';
import { ruleFailedInvocationsAlarmName, SLACK_DELETED_ALARMS, slackDeletedAlarmsRuleName, slackWebhookSecretName } from '../naming';
import { DeliveryDeadLetterQueue, RULE_TO_FUNCTION_RETRY, ruleFailedInvocationsAlarm } from './dead-letter-alarm';

export interface SlackWebhookRetryProps {
  /** Failed attempts per alert, including the first (a 429 answer is not counted: the time budget ends those). @default SLACK_RETRY_DEFAULTS.maxAttempts (5) */
  readonly maxAttempts?: number;
  /** Hard limit for one POST to Slack. @default SLACK_RETRY_DEFAULTS.attemptTimeoutMs (4 s) */
  readonly attemptTimeout?: Duration;
  /** All attempts and waits together; the function timeout is sized from it. @default SLACK_RETRY_DEFAULTS.totalBudgetMs (25 s) */
  readonly totalBudget?: Duration;
}

export interface SlackWebhookNotifierProps {
  /** Alarm topics (one per severity) the notifier subscribes to. */
  readonly topics: sns.ITopic[];
  /**
   * Secret whose value is the Slack incoming-webhook URL (bare URL or `{"webhookUrl":"..."}`).
   * @default a new secret named `<prefix>/slack-webhook-url` holding a random placeholder; store the
   * real URL with `aws secretsmanager put-secret-value` (docs/slack.md). The URL is never a template
   * or environment value.
   */
  readonly webhookSecret?: secretsmanager.ISecret;
  /** Name prefix of the customer's deployment, e.g. `acme-prod-dns`. */
  readonly prefix: string;
  /**
   * Customer managed key of the alert topics; it encrypts the intake and dead-letter queues and the
   * idempotency table. Required: SNS can deliver to an encrypted queue only under a customer managed
   * key whose policy lets it (not under the AWS managed alias/aws/sqs key), and a queue without one
   * is a path the app never builds. The construct adds that key-policy statement.
   */
  readonly encryptionKey: kms.IKey;
  /** Days to keep the function's logs. @default logs.RetentionDays.ONE_YEAR */
  readonly logRetentionDays?: logs.RetentionDays;
  /** Delivery retry settings. @default see SlackWebhookRetryProps */
  readonly retry?: SlackWebhookRetryProps;
  /** How long a delivered MessageId is remembered to drop duplicates. @default Duration.hours(24) */
  readonly deduplicationWindow?: Duration;
  /**
   * Also post when an alarm the channel last heard in ALARM is deleted (it will never send its
   * OK): an EventBridge rule on CloudWatch's configuration-change events for the deployment's
   * alarms in this region invokes the function, with a dead-letter queue and alarms on both,
   * which notify `actions`. @default not built
   */
  readonly deletedAlarms?: SlackDeletedAlarmsProps;
}

export interface SlackDeletedAlarmsProps {
  /** Where the alarms on the rule's failed invocations and on its dead-letter queue notify (a destination outside Slack). */
  readonly actions: AlarmActions;
  readonly runbookUrl?: string;
}

/**
 * The rule's pattern: CloudWatch deleted an alarm of this deployment (named `<prefix>-...`) in this
 * region. Creations and updates are left out: every deploy makes thousands. The function posts
 * only for alarms whose ALARM it posted and whose end it did not (its table says which), so an
 * alarm of another deployment whose prefix begins the same way costs one read and is not posted.
 */
export function deletedAlarmsEventPattern(prefix: string): events.EventPattern {
  return {
    source: [ALARM_DELETION_EVENT.source],
    detailType: [ALARM_DELETION_EVENT.detailType],
    detail: { operation: [ALARM_DELETION_EVENT.operation], alarmName: [{ prefix: `${prefix}-` }] },
  };
}

/**
 * How the notifier reads its intake queue. Slack takes about one message a second per webhook
 * (Slack API, "Rate limits"), so the function runs as few batches at once as Lambda allows (the
 * smallest maximum concurrency, LAMBDA.sqsMinimumMaximumConcurrency) and an alert storm waits in
 * the queue, not in the dead-letter queue. A batch is posted one alert after another, each with
 * its whole retry budget, so the function timeout grows with the batch size.
 */
export const SLACK_INTAKE = {
  batchSize: 5,
  /**
   * Messages a second Slack takes per incoming webhook ("Posting messages: 1 per second, short
   * bursts >1 allowed": Slack API, "Rate limits", https://api.slack.com/apis/rate-limits).
   */
  slackMessagesPerSecond: 1,
  /**
   * Receives before SQS itself moves a message to the dead-letter queue (the function crashed or
   * timed out on it that often). An alert Slack rate-limits past its retry budget is put back until
   * this receive, when the function dead-letters it with the reason.
   */
  maxReceiveCount: 5,
  /**
   * How long a rate-limited alert stays out of sight after its first receive; it doubles with each
   * receive after (30, 60, 120, 240 s: about 7.5 minutes of waiting, plus each receive's budget).
   */
  rateLimitedRedeliverySeconds: 30,
  /** Function timeout beyond the batch's retry budgets and pacing: the dead-letter writes and a margin. */
  timeoutMarginSeconds: 25,
  /**
   * The intake backlog alarm fires when the oldest alert has waited this long: at Slack's one
   * message a second, a storm of about 600 alerts, or a notifier that stopped reading.
   */
  backlogAlarmSeconds: 600,
} as const;

/**
 * How far apart one execution environment starts its posts once Slack has answered it 429 (a
 * burst before that goes at once): with the event source mapping's executions each keeping this
 * interval, together they post at Slack's rate and seldom meet a 429
 * (without it, one that just posted takes the next second's slot while another waits out its
 * backoff, and an unlucky alert can spend its whole budget waiting).
 */
export function slackPostIntervalMs(): number {
  return (LAMBDA.sqsMinimumMaximumConcurrency * 1000) / SLACK_INTAKE.slackMessagesPerSecond;
}

/** The function timeout: a whole batch, each alert with its retry budget and its pacing wait, and the margin. */
export function slackNotifierTimeoutSeconds(retryBudgetSeconds: number): number {
  return SLACK_INTAKE.batchSize * (retryBudgetSeconds + slackPostIntervalMs() / 1000) + SLACK_INTAKE.timeoutMarginSeconds;
}

/** The largest retry budget whose function timeout stays within Lambda's limit (LAMBDA.maxFunctionTimeoutSeconds). */
export function largestSlackRetryBudgetSeconds(): number {
  const perAlert = (LAMBDA.maxFunctionTimeoutSeconds - SLACK_INTAKE.timeoutMarginSeconds) / SLACK_INTAKE.batchSize;
  return Math.floor(perAlert - slackPostIntervalMs() / 1000);
}

/**
 * Posts CloudWatch alarm notifications from the alarm topics to Slack through an incoming webhook.
 * The topics deliver to an intake queue the function reads at most two batches at a time, so an
 * alert storm is posted at Slack's pace instead of being rejected. Duplicate deliveries are posted
 * once (DynamoDB idempotency table keyed on the SNS MessageId; the same table keeps the state last
 * posted per alarm, so a recovery through INSUFFICIENT_DATA is posted); alerts that cannot be posted go,
 * with the reason, to an encrypted SQS dead-letter queue (from the handler after retries, and from
 * the intake queue's redrive if the function fails on a message `maxReceiveCount` times). With
 * `deletedAlarms`, an EventBridge rule also tells it when an alarm of the deployment is deleted.
 * The function can read its secret, use its table and its queues — nothing else: it talks to the
 * internet, so it gets no access to logs or metrics.
 */
export class SlackWebhookNotifier extends Construct {
  public readonly fn: ProductFunction;
  public readonly deadLetterQueue: sqs.Queue;
  /** Where the topics deliver; the function reads it through an event source mapping. */
  public readonly intakeQueue: sqs.Queue;
  public readonly table: dynamodb.Table;
  public readonly webhookSecret: secretsmanager.ISecret;
  /** The rule on alarm deletions, its dead-letter queue and its failed-invocations alarm (when `deletedAlarms` is given). */
  public readonly deletedAlarms?: { readonly rule: events.Rule; readonly deadLetters: DeliveryDeadLetterQueue; readonly failedInvocationsAlarm: CfnAlarm };

  constructor(scope: Construct, id: string, props: SlackWebhookNotifierProps) {
    super(scope, id);
    // A JavaScript caller gets no type check: say what is missing before anything is built.
    if (!props.encryptionKey) throw new Error('SlackWebhookNotifier: encryptionKey is required (the customer managed key of the alert topics).');
    const retry = props.retry ?? {};
    const budget = retry.totalBudget ?? Duration.millis(SLACK_RETRY_DEFAULTS.totalBudgetMs);
    const timeoutSeconds = slackNotifierTimeoutSeconds(budget.toSeconds());
    if (timeoutSeconds > LAMBDA.maxFunctionTimeoutSeconds) {
      throw new Error(
        `SlackWebhookNotifier: retry.totalBudget of ${budget.toSeconds()} s makes the function timeout ${timeoutSeconds} s, ` +
          `above Lambda's limit of ${LAMBDA.maxFunctionTimeoutSeconds} s: give at most ${largestSlackRetryBudgetSeconds()} s.`,
      );
    }
    const timeout = Duration.seconds(timeoutSeconds);
    const deletedAlarmsDeadLetters = props.deletedAlarms
      ? new DeliveryDeadLetterQueue(this, 'DeletedAlarmsDeadLetters', {
          prefix: props.prefix,
          name: SLACK_DELETED_ALARMS,
          what: 'The Slack notice that an alarm was deleted while in ALARM could not be delivered to the notifier',
          fix: 'The alarm was deleted; the channel still shows its last ALARM. Read the message (the CloudWatch event) and its attributes for the reason, fix it, then redrive the queue to the notifier function (docs/slack.md).',
          actions: props.deletedAlarms.actions,
          runbookUrl: props.deletedAlarms.runbookUrl,
        })
      : undefined;

    if (props.webhookSecret) {
      this.webhookSecret = props.webhookSecret;
    } else {
      const secret = new secretsmanager.Secret(this, 'WebhookSecret', {
        secretName: slackWebhookSecretName(props.prefix),
        description: 'Slack incoming-webhook URL for DNS monitor alerts. Set it with: aws secretsmanager put-secret-value',
        removalPolicy: RemovalPolicy.RETAIN,
      });
      Validations.of(secret).acknowledge({
        id: 'AwsSolutions-SMG4',
        reason: 'A Slack incoming-webhook URL is issued by Slack and cannot be rotated by a Lambda rotation function; replace it with put-secret-value when Slack reissues it.',
      });
      this.webhookSecret = secret;
    }

    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: props.encryptionKey,
      enforceSSL: true,
      // The longest SQS keeps a message: a dead letter waits for its redrive.
      retentionPeriod: Duration.seconds(SQS.maxMessageRetentionSeconds),
      // Undelivered alerts are customer data: kept when the stack is deleted (README, docs/slack.md).
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.deadLetterQueue).acknowledge(
      {
        id: 'AwsSolutions-SQS3',
        reason: 'This queue is itself the dead-letter queue of the Slack notifier (handler and intake queue redrive); redrive is manual, see docs/slack.md.',
      },
      {
        id: 'cdk-validator-cfnguard::sqs_dlq_check',
        reason: 'This queue is itself the dead-letter queue of the Slack notifier; a dead-letter queue of a dead-letter queue would only hide lost alerts.',
      },
    );

    this.table = new dynamodb.Table(this, 'IdempotencyTable', {
      // Powertools' idempotency records use these names too (its defaults: `id`, `expiration`).
      partitionKey: { name: NOTIFIER_TABLE.attributes.key, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      timeToLiveAttribute: NOTIFIER_TABLE.attributes.expiresAt,
      encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: props.encryptionKey,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // Own role: no AWSLambdaBasicExecutionRole (it allows logs:CreateLogGroup on *); only writing
    // to the function's own log group is added below.
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Slack notifier: read its intake queue (and put alerts back on it), read the webhook secret, use its idempotency table (also the state last posted per alarm), send to its dead-letter queues, use the alert key, write own logs',
    });

    // SNS can write to a queue under a customer managed key with a key policy for it, not under the
    // AWS managed alias/aws/sqs key (SQS Developer Guide, "Amazon SQS Key management", Configure KMS
    // permissions for AWS services).
    this.intakeQueue = new sqs.Queue(this, 'IntakeQueue', {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: props.encryptionKey,
      enforceSSL: true,
      visibilityTimeout: Duration.seconds(LAMBDA.sqsVisibilityTimeoutPerFunctionTimeout * timeout.toSeconds()),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: SLACK_INTAKE.maxReceiveCount },
      // Alerts still waiting when the stack (or the webhook) goes are kept, as the dead letters are.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.fn = new ProductFunction(this, 'Function', {
      lambdaDir: 'slack-notifier',
      description: 'Posts DNS monitor alarm notifications to Slack (incoming webhook)',
      role,
      memorySize: 256,
      timeout,
      logRetentionDays: props.logRetentionDays,
      environment: {
        SLACK_WEBHOOK_SECRET_ID: this.webhookSecret.secretArn,
        [NOTIFIER_TABLE.envVar]: this.table.tableName,
        DEAD_LETTER_QUEUE_URL: this.deadLetterQueue.queueUrl,
        IDEMPOTENCY_EXPIRES_SECONDS: String((props.deduplicationWindow ?? Duration.hours(24)).toSeconds()),
        SLACK_MAX_ATTEMPTS: String(retry.maxAttempts ?? SLACK_RETRY_DEFAULTS.maxAttempts),
        SLACK_ATTEMPT_TIMEOUT_MS: String(retry.attemptTimeout?.toMilliseconds() ?? SLACK_RETRY_DEFAULTS.attemptTimeoutMs),
        SLACK_TOTAL_BUDGET_MS: String(budget.toMilliseconds()),
        SLACK_POST_INTERVAL_MS: String(slackPostIntervalMs()),
        INTAKE_QUEUE_URL: this.intakeQueue.queueUrl,
        SLACK_INTAKE_MAX_RECEIVES: String(SLACK_INTAKE.maxReceiveCount),
        SLACK_RATE_LIMITED_REDELIVERY_SECONDS: String(SLACK_INTAKE.rateLimitedRedeliverySeconds),
        POWERTOOLS_SERVICE_NAME: 'dns-monitor-slack-notifier',
        POWERTOOLS_LOG_LEVEL: 'INFO',
      },
      // Only EventBridge's deliveries of alarm deletions are asynchronous invocations; a run that
      // fails on one after Lambda's retries goes to the rule's dead-letter queue.
      ...(deletedAlarmsDeadLetters
        ? { onFailure: new destinations.SqsDestination(deletedAlarmsDeadLetters.queue), ...RULE_TO_FUNCTION_RETRY }
        : {}),
    });

    const topicArns = props.topics.map((t) => t.topicArn);
    // One statement for all topics (the CDK's SqsSubscription adds one per topic, and leaves the key
    // statement unconditioned unless a feature flag is set).
    const queuePolicy = this.intakeQueue.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AlertTopicsDeliver',
        principals: [new iam.ServicePrincipal('sns.amazonaws.com')],
        actions: ['sqs:SendMessage'],
        resources: [this.intakeQueue.queueArn],
        conditions: { ArnEquals: { 'aws:SourceArn': topicArns } },
      }),
    );
    // The key's statement names the topics by pattern: the topics are encrypted with the same key,
    // so naming their ARNs would make key and topics depend on each other (a cycle CloudFormation
    // refuses). SNS acting for a topic of this account and region only; the queue policy above
    // admits the alert topics alone.
    props.encryptionKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AlertTopicsDeliverToSlackIntake',
        principals: [new iam.ServicePrincipal('sns.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: ['*'],
        conditions: { ArnLike: { 'aws:SourceArn': Stack.of(this).formatArn({ service: 'sns', resource: '*' }) } },
      }),
    );
    for (const topic of props.topics) {
      // Named after the topic (its construct path), never its place in the list.
      const sub = new sns.Subscription(this, `Intake${Names.nodeUniqueId(topic.node)}`, { topic, protocol: sns.SubscriptionProtocol.SQS, endpoint: this.intakeQueue.queueArn });
      if (queuePolicy.policyDependable) sub.node.addDependency(queuePolicy.policyDependable);
    }
    this.fn.addEventSource(
      new SqsEventSource(this.intakeQueue, {
        batchSize: SLACK_INTAKE.batchSize,
        maxConcurrency: LAMBDA.sqsMinimumMaximumConcurrency,
        reportBatchItemFailures: true,
      }),
    );
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'WriteOwnLogs',
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [this.fn.logGroup.logGroupArn],
      }),
    );
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'IdempotencyRecords',
        actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
        resources: [this.table.tableArn],
      }),
    );
    // The alert key for the queues and the table, named actions only (CDK's queue grant would add
    // kms:GenerateDataKey* and kms:ReEncrypt*): sending to a KMS-encrypted queue takes
    // kms:GenerateDataKey and kms:Decrypt (SQS Developer Guide, key management).
    props.encryptionKey.grant(role, 'kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:DescribeKey');
    this.webhookSecret.grantRead(role);
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'SendDeadLetters',
        actions: ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'],
        resources: [this.deadLetterQueue.queueArn],
      }),
    );

    if (props.deletedAlarms && deletedAlarmsDeadLetters) this.deletedAlarms = this.watchDeletedAlarms(props.prefix, props.deletedAlarms, deletedAlarmsDeadLetters);

    // Lambda's L2 makes the function depend on the whole role; the role is already referenced by
    // GetAtt, so keep only the dependency on its policy (cfn-lint W3005, redundant DependsOn).
    const policy = role.node.tryFindChild('DefaultPolicy')?.node.defaultChild as CfnResource | undefined;
    if (policy) (this.fn.node.defaultChild as CfnResource).addOverride('DependsOn', [policy.logicalId]);
  }

  /**
   * The rule that tells the function an alarm of the deployment was deleted (in this region: each
   * region's alarms notify its own topics and notifier), and the alarm on its failed invocations.
   */
  private watchDeletedAlarms(prefix: string, p: SlackDeletedAlarmsProps, deadLetters: DeliveryDeadLetterQueue) {
    const stack = Stack.of(this);
    const ruleName = slackDeletedAlarmsRuleName(prefix);
    const rule = new events.Rule(this, 'DeletedAlarmsRule', {
      ruleName,
      description: `${prefix}: tells the Slack notifier an alarm of this deployment was deleted (it posts when the channel last heard ALARM of it)`,
      eventPattern: deletedAlarmsEventPattern(prefix),
      targets: [new targets.LambdaFunction(this.fn, { deadLetterQueue: deadLetters.queue, ...RULE_TO_FUNCTION_RETRY })],
    });
    const ctx = { subject: SLACK_DELETED_ALARMS, subjectId: `${prefix}-${SLACK_DELETED_ALARMS}`, signal: COMPONENT_SIGNALS.slackDeletedAlarmsFailedInvocations, kind: 'count' as const, severity: 'warning' as const, region: stack.region };
    const failedInvocationsAlarm = ruleFailedInvocationsAlarm(this, 'DeletedAlarmsFailedInvocationsAlarm', {
      name: ruleFailedInvocationsAlarmName(prefix, SLACK_DELETED_ALARMS),
      context: ctx,
      ruleName,
      description:
        `The rule that tells the Slack notifier an alarm was deleted failed to invoke it (${ruleName}): a deleted alarm's last ALARM may stay the last word in the channel. ` +
        `Events are retried for an hour, then land in the dead-letter queue (docs/slack.md).${p.runbookUrl ? ` Runbook: ${p.runbookUrl}` : ''}`,
      actions: p.actions,
    });
    return { rule, deadLetters, failedInvocationsAlarm };
  }
}
