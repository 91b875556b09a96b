/**
 * The DNS check reporter (primary region): when a check's alarm enters ALARM, an EventBridge rule
 * runs a Lambda that asks the prober of each vantage region to run that check now and publishes
 * what each server answered to the check's alert topics (lambdas/dns-check-reporter). The alarm's
 * own notification does not wait for it: the follow-up arrives seconds later, and a reporter
 * failure never silences the alarm.
 *
 * Its role may invoke the probers (by name, in their regions), publish to the alert topics and
 * write its own logs, and read its intake queue; nothing else: no log reads, no metric reads, no
 * DNS records. Undelivered events and failed runs land in a dead-letter queue whose alarm pages.
 *
 * The rule puts each alarm event on an intake queue the reporter reads at most
 * REPORTER_INTAKE.maxConcurrency runs at a time: a run holds an execution while every vantage's
 * prober answers (one in this region), so a storm of check alarms invoking it directly would take
 * the region's Lambda concurrency from the probers' scheduled runs (a throttled run publishes
 * nothing, which the check alarms count as passing) and from the Slack notifier.
 */
import { ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { CfnAlarm } from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { COMPONENT_SIGNALS, type Severity } from '../../contracts/alarm-context';
import * as path from 'node:path';
import { DNS_CHECK_NAMESPACE, isRecheckConfigFile, REPORT_PUBLISH_MARGIN_MS } from '../../contracts/dns-check';
import { LAMBDA } from '../aws-facts';
import type { AlarmActions } from '../alarms/alarm-factory';
import { DeliveryDeadLetterQueue, intakeBacklogAlarm, RULE_TO_FUNCTION_RETRY, ruleFailedInvocationsAlarm } from '../alerts/dead-letter-alarm';
import { grantPublishToAlertTopics, type PublishGrant } from '../constructs/alert-topics';
import { dropRedundantRoleDependency, grantWriteOwnLogs, ProductFunction } from '../lambda/product-function';
import { DNS_REPORTER_ALARMS, dnsCheckAlarmPrefix, dnsCheckReporterRuleName, dnsProberFunctionName, ruleFailedInvocationsAlarmName } from '../naming';
import { PROBER_TIMEOUT_SECONDS } from './prober';

/**
 * The probers run in parallel; each answers within its own timeout, after an Init phase when cold
 * (LAMBDA.initPhaseSeconds); then the reporter publishes, in the time it keeps for that
 * (REPORT_PUBLISH_MARGIN_MS: the asks end that long before this timeout).
 */
export const REPORTER_TIMEOUT_SECONDS = PROBER_TIMEOUT_SECONDS + LAMBDA.initPhaseSeconds + REPORT_PUBLISH_MARGIN_MS / 1000;

/** How the reporter reads the alarm events its rule queues. */
export const REPORTER_INTAKE = {
  /** One alarm event a run: each run's asks and publish fit its own timeout. */
  batchSize: 1,
  /**
   * Runs at once: the fewest an SQS event source mapping allows. With each run's local prober, a
   * storm holds at most twice this many of the region's executions; it waits in the queue instead
   * (a follow-up says when the servers were asked again). A reserved concurrency would cap it too,
   * but may leave the account no less than 100 unreserved (Lambda Developer Guide, "Configuring
   * reserved concurrency for a function": https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html),
   * which fails the deploy in a new account, whose quota AWS keeps low; a mapping's maximum reserves nothing.
   */
  maxConcurrency: LAMBDA.sqsMinimumMaximumConcurrency,
  /**
   * Receives before SQS moves an event to the dead-letter queue: a run that failed (a publish
   * refused) or was throttled is retried after the visibility timeout, four times.
   */
  maxReceiveCount: 5,
  /**
   * The intake backlog alarm fires when the oldest event has waited this long: a storm of several
   * hundred check alarms at once (runs take seconds each, two at a time), or a reporter that stopped
   * reading its queue. The check alarms themselves have notified.
   */
  backlogAlarmSeconds: 1800,
} as const;

/**
 * The rule's event pattern: a DNS check alarm of this deployment entering ALARM: named like one,
 * and reading a metric of the DNS-check namespace.
 */
export function reporterEventPattern(prefix: string): events.EventPattern {
  return {
    source: ['aws.cloudwatch'],
    detailType: ['CloudWatch Alarm State Change'],
    detail: {
      alarmName: [{ prefix: dnsCheckAlarmPrefix(prefix) }],
      state: { value: ['ALARM'] },
      configuration: { metrics: { metricStat: { metric: { namespace: [DNS_CHECK_NAMESPACE] } } } },
    },
  };
}

/**
 * The config file as the follow-up's recheck command names it (contracts/dns-check.ts
 * recheckCommand): `configPath` relative to `cwd`, the folder `cdk deploy` runs in, with `/`
 * between folders. A file outside that folder, or whose path holds characters a shell reads
 * specially, is not named (undefined: the command says CONFIG), so an alert never carries a path
 * of the deploying machine nor text a shell would run.
 */
export function recheckConfigFile(configPath: string, cwd: string): string | undefined {
  const relative = path.relative(cwd, path.resolve(cwd, configPath)).split(path.sep).join('/');
  return isRecheckConfigFile(relative) ? relative : undefined;
}

export interface DnsCheckReporterProps {
  readonly prefix: string;
  /** Regions with a prober (every vantage region of every check). */
  readonly proberRegions: readonly string[];
  /** The check alarms' topics per severity, and their keys. */
  readonly topics: Readonly<Record<Severity, readonly string[]>>;
  readonly topicKeys: Omit<PublishGrant, 'topicArns'>;
  /** The config file the follow-up's recheck command names (recheckConfigFile). @default none: it says CONFIG */
  readonly configFile?: string;
  /** Where the dead-letter alarm notifies. */
  readonly actions: AlarmActions;
}

export class DnsCheckReporter extends Construct {
  readonly fn: ProductFunction;
  readonly role: iam.Role;
  readonly rule: events.Rule;
  readonly deadLetters: DeliveryDeadLetterQueue;
  readonly intakeQueue: sqs.Queue;
  readonly failedInvocationsAlarm: CfnAlarm;
  readonly intakeBacklogAlarm: CfnAlarm;

  constructor(scope: Construct, id: string, props: DnsCheckReporterProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'DNS Monitor check reporter: asks the DNS probers to re-run an alarming check, publishes the answers to the alert topics, writes its logs; nothing else',
    });
    this.deadLetters = new DeliveryDeadLetterQueue(this, 'DeadLetters', {
      prefix: props.prefix,
      name: DNS_REPORTER_ALARMS,
      what: 'The "what each server answered" follow-up of a DNS check alarm could not be sent',
      fix: 'The check alarm itself was notified. Read the message (the alarm event) and its attributes, or the reporter\'s logs, for the reason, fix it, then redrive the queue to the intake queue (docs/dns-checks.md).',
      actions: props.actions,
    });
    // SQS-managed encryption, as the dead-letter queue's: EventBridge writes to it without a key policy.
    this.intakeQueue = new sqs.Queue(this, 'IntakeQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: Duration.seconds(LAMBDA.sqsVisibilityTimeoutPerFunctionTimeout * REPORTER_TIMEOUT_SECONDS),
      deadLetterQueue: { queue: this.deadLetters.queue, maxReceiveCount: REPORTER_INTAKE.maxReceiveCount },
    });
    this.fn = new ProductFunction(this, 'Function', {
      lambdaDir: 'dns-check-reporter',
      description: 'DNS Monitor: sends what each server answered when a DNS check alarm fires',
      role: this.role,
      timeout: Duration.seconds(REPORTER_TIMEOUT_SECONDS),
      memorySize: 256,
      environment: {
        PROBER_FUNCTION_NAME: dnsProberFunctionName(props.prefix),
        TOPICS: JSON.stringify(props.topics),
        ...(props.configFile ? { RECHECK_CONFIG_FILE: props.configFile } : {}),
        POWERTOOLS_SERVICE_NAME: 'dns-check-reporter',
        POWERTOOLS_LOG_LEVEL: 'INFO',
      },
    });
    this.fn.addEventSource(
      new SqsEventSource(this.intakeQueue, { batchSize: REPORTER_INTAKE.batchSize, maxConcurrency: REPORTER_INTAKE.maxConcurrency, reportBatchItemFailures: true }),
    );
    grantWriteOwnLogs(this.fn, this.role);
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'AskTheProbers',
        actions: ['lambda:InvokeFunction'],
        resources: props.proberRegions.map((r) => stack.formatArn({ service: 'lambda', region: r, resource: 'function', resourceName: dnsProberFunctionName(props.prefix), arnFormat: ArnFormat.COLON_RESOURCE_NAME })),
      }),
    );
    grantPublishToAlertTopics(this.role, { topicArns: [...new Set(Object.values(props.topics).flat())], ...props.topicKeys });
    dropRedundantRoleDependency(this.fn, this.role);

    this.rule = new events.Rule(this, 'AlarmRule', {
      ruleName: dnsCheckReporterRuleName(props.prefix),
      description: `${props.prefix}: when a DNS check alarm enters ALARM, send what each server answered`,
      eventPattern: reporterEventPattern(props.prefix),
      targets: [new targets.SqsQueue(this.intakeQueue, { deadLetterQueue: this.deadLetters.queue, ...RULE_TO_FUNCTION_RETRY })],
    });
    this.intakeBacklogAlarm = intakeBacklogAlarm(this, 'IntakeBacklogAlarm', {
      prefix: props.prefix,
      name: DNS_REPORTER_ALARMS,
      queue: this.intakeQueue,
      maxAgeSeconds: REPORTER_INTAKE.backlogAlarmSeconds,
      what: 'Alarm events waiting for the DNS check reporter\'s "what each server answered" follow-up',
      fix: `The check alarms themselves were notified. A storm of check alarms is worked through ${REPORTER_INTAKE.maxConcurrency} at a time and the alarm clears when it is; if it does not, the reporter stopped reading (its event source mapping or logs say why; docs/dns-checks.md).`,
      actions: props.actions,
    });
    // Deliveries EventBridge gives up on land in the dead-letter queue; this alarm also pages when
    // it could not put them there.
    const ctx = { subject: DNS_REPORTER_ALARMS, subjectId: `${props.prefix}-${DNS_REPORTER_ALARMS}`, signal: COMPONENT_SIGNALS.reporterFailedInvocations, kind: 'count' as const, severity: 'warning' as const, region: stack.region };
    this.failedInvocationsAlarm = ruleFailedInvocationsAlarm(this, 'FailedInvocationsAlarm', {
      name: ruleFailedInvocationsAlarmName(props.prefix, DNS_REPORTER_ALARMS),
      context: ctx,
      ruleName: dnsCheckReporterRuleName(props.prefix),
      description: `The rule that runs the DNS check reporter failed to queue an alarm event for it (${dnsCheckReporterRuleName(props.prefix)}): check alarms still notify, but without the follow-up saying what each server answered. Events are retried for an hour, then land in the dead-letter queue (docs/dns-checks.md).`,
      actions: props.actions,
    });
  }
}
