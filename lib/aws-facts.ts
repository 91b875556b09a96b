/**
 * AWS limits the product relies on inside opaque strings (rule bodies, patterns, names), one
 * definition each, with the documentation that states it. Code and tests read them from here.
 */
import { LAMBDA_RUNTIME } from '../contracts/lambda-limits';
import { ROUTE53_API } from '../contracts/route53-api';
import { partitionOfRegion } from '../contracts/console-links';

/** Contributor Insights rule syntax (CloudWatch User Guide, "Contributor Insights rule syntax"). */
export const CONTRIBUTOR_INSIGHTS = {
  /** https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/ContributorInsights-RuleSyntax.html */
  maxKeys: 4,
  maxFilters: 4,
  /** Values in one `In`, `NotIn` or `StartsWith` list. */
  maxValuesPerList: 10,
  /** https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutInsightRule.html (RuleDefinition, ASCII only) */
  maxRuleBodyLength: 8192,
  /** Same page: RuleName, printable ASCII. */
  maxRuleNameLength: 128,
  /** Rules per region, default quota (adjustable): https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_limits.html */
  rulesPerRegion: 100,
  /**
   * The slowest Contributor Insights API rate: "The following APIs have a quota of 1 TPS per
   * Region. This quota cannot be changed" (same page; the copy read here does not say which APIs,
   * so rule creation and deletion are taken to be among them).
   */
  slowestApiPerSecond: 1,
} as const;

/** CloudWatch alarms (API Reference, PutMetricAlarm / PutCompositeAlarm; User Guide, quotas). */
export const ALARMS = {
  /** https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html */
  maxNameLength: 255,
  maxDescriptionLength: 1024,
  /** Metrics in one alarm's metric math: https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_limits.html */
  maxMetricsPerAlarm: 10,
  /**
   * Actions per alarm state (AlarmActions, OKActions, InsufficientDataActions each), metric and
   * composite alarms: https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html
   * and API_PutCompositeAlarm.html ("Maximum number of 5 items"). An alarm notifies its alert topic
   * and, with phone numbers, the SMS topic.
   */
  maxActionsPerState: 5,
  /** Alarm names one DescribeAlarms call takes (`AlarmNames`, "Maximum number of 100 items"): https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_DescribeAlarms.html */
  describeAlarmsMaxNames: 100,
  /** SetAlarmState's StateReason (what `test-alert` sets): https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_SetAlarmState.html */
  maxStateReasonLength: 1023,
  /** Length of one metric-math expression: https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_MetricDataQuery.html (Expression) */
  maxExpressionLength: 2048,
  /** https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutCompositeAlarm.html (AlarmRule) */
  maxCompositeRuleLength: 10240,
  /** Alarms one composite alarm's rule may name: https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Create_Composite_Alarm.html */
  maxCompositeChildren: 100,
  /**
   * PutMetricAlarm requests per second per account and region, adjustable; DeleteAlarms: 3 per
   * second, not adjustable (CloudWatch service quotas:
   * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_limits.html). Every
   * alarm CloudFormation creates, changes or deletes is one of these calls (lib/stacks/deploy-pacing.ts).
   */
  putMetricAlarmPerSecond: 3,
  deleteAlarmsPerSecond: 3,
  /**
   * "When this operation creates an alarm, the alarm state is immediately set to INSUFFICIENT_DATA.
   * The alarm is evaluated and its StateValue is set appropriately. Any actions associated with the
   * StateValue is then executed", and OKActions run on a move "to the OK state from any other
   * state": a new alarm whose first evaluation finds it OK runs its OK actions. "When updating an
   * existing alarm, its StateValue is left unchanged": an update notifies nobody (PutMetricAlarm,
   * API Reference: https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html;
   * MetricAlarm, OKActions: https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_MetricAlarm.html).
   * Reported from the field too (shinesolutions/aem-aws-stack-builder#397: a burst of OK
   * notifications whenever a stack's alarms are created).
   */
  newAlarmRunsOkActions: true,
  updateKeepsAlarmState: true,
  /**
   * A new alarm is evaluated at once (above), and an evaluation range whose datapoints are all
   * missing is ALARM when missing data counts as `breaching` ("Missing data points are treated as
   * breaching the threshold"; the table of evaluations there: all missing gives ALARM), so a new
   * alarm on a metric with no data yet runs its ALARM actions at its first evaluation, then its OK
   * actions once data comes (Configuring how CloudWatch alarms treat missing data:
   * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarms-and-missing-data.html).
   * Reported from the field (cds-snc/notification-terraform#294: a metric empty at the start of
   * each month set off its breaching alarm until the first data came).
   */
  newAlarmWithoutDataBreachingRunsAlarmActions: true,
  /**
   * Anomaly detection models per account and region (each anomaly alarm trains one):
   * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_limits.html
   * (as recorded in ../shared/reference/aws-limits-and-prices.md).
   */
  maxAnomalyModelsPerRegion: 500,
  /**
   * Period x EvaluationPeriods, for periods under an hour (the product's):
   * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html (Period)
   */
  maxEvaluationRangeSeconds: 86400,
  /** Period x EvaluationPeriods for periods of an hour or more (same page). */
  maxEvaluationRangeSecondsHourlyPeriods: 604800,
  /**
   * A metric's period in an alarm: 10, 20, 30 (high resolution) or any multiple of 60 seconds
   * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html,
   * Period). CloudFormation does not check a period nested in a metric-math query; PutMetricAlarm
   * refuses it at deploy.
   */
  subMinutePeriodsSeconds: [10, 20, 30],
  periodMultipleSeconds: 60,
} as const;

/**
 * CloudWatch alarm mute rules (AWS::CloudWatch::AlarmMuteRule, PutAlarmMuteRule; launched
 * 2026-02-24). A rule mutes every action of the alarms it names (ALARM, OK, INSUFFICIENT_DATA)
 * while its schedule is active; the alarms keep evaluating, and an alarm still in the state it was
 * muted in when the window ends runs that state's actions then
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarm-mute-rules-behaviour.html).
 */
export const MUTE_RULES = {
  /**
   * Alarm names one rule may target (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_MuteTargets.html,
   * "Maximum number of 100 items"; the CloudFormation schema allows 500, the API is the smaller
   * bound). The names must be alarms that exist in the rule's account and region.
   */
  maxAlarmsPerRule: 100,
  /** Rule name and description lengths: the AWS::CloudWatch::AlarmMuteRule schema (Name 1-255, Description 0-1024). */
  maxNameLength: 255,
  maxDescriptionLength: 1024,
  /** Duration, ISO 8601, PT1M to P15D: https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_Schedule.html */
  minDurationMinutes: 1,
  maxDurationMinutes: 15 * 24 * 60,
  /**
   * Schedule expressions (same page): `cron(Minutes Hours Day-of-month Month Day-of-week)`, five
   * fields, with `*`, `-` and `,` in every field and JAN-DEC / SUN-SAT names; day of week 0-6 (0 or
   * 7 is Sunday, https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarm-mute-rules.html);
   * or `at(yyyy-MM-ddThh:mm)` for one window. Expression length 1-256.
   */
  maxExpressionLength: 256,
  cronFields: [
    { name: 'minute', min: 0, max: 59 },
    { name: 'hour', min: 0, max: 23 },
    { name: 'day of month', min: 1, max: 31 },
    { name: 'month', min: 1, max: 12, namesFrom: 1, names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'] },
    { name: 'day of week', min: 0, max: 7, namesFrom: 0, names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] },
  ],
} as const;

/** CloudWatch Logs. */
export const LOGS = {
  /** PutMetricFilter filterPattern: https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutMetricFilter.html */
  maxFilterPatternLength: 1024,
  /**
   * Log group names: 1-512 characters of letters, digits, `_` `-` `.` `/` `#` (CreateLogGroup,
   * logGroupName: https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html).
   */
  logGroupName: /^[A-Za-z0-9_\-./#]{1,512}$/,
  /** Metric filters per log group (quota): https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/cloudwatch_limits_cwl.html */
  metricFiltersPerLogGroup: 100,
  /**
   * "CloudWatch Logs might disable a metric filter if it generates 1,000 different name/value pairs
   * for your specified dimensions within one hour" (PutMetricFilter, API Reference:
   * https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutMetricFilter.html;
   * AWS::Logs::MetricFilter Dimension says the same). Read the stricter way: the different
   * combinations of dimension values a filter can publish (the metrics it makes) stay below it.
   */
  metricFilterDimensionValuesPerHour: 1000,
  /** CloudWatch Logs resource policies per account and region (not adjustable), same page. */
  resourcePoliciesPerRegion: 10,
  /**
   * Characters in one resource policy. Services that deliver logs list each log group they write to
   * in a resource policy of the account (CloudWatch Logs User Guide, "Logs sent to CloudWatch Logs":
   * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/AWS-logs-infrastructure-CWL.html), and
   * Route 53 Resolver answers AccessDeniedException once that policy is full (Route 53 API
   * Reference, GetResolverQueryLogConfigPolicy, Errors:
   * https://docs.aws.amazon.com/Route53/latest/APIReference/API_route53resolver_GetResolverQueryLogConfigPolicy.html).
   */
  maxResourcePolicyChars: 5120,
  /** The service principal of that log delivery, in those policies (same User Guide page). */
  logDeliveryPrincipal: 'delivery.logs.amazonaws.com',
  /**
   * When a delivery policy nears its size limit, CloudWatch Logs admits every log group whose name
   * starts with this in one entry (Step Functions Developer Guide, "Avoiding CloudWatch Logs
   * resource policy size restrictions": https://docs.aws.amazon.com/step-functions/latest/dg/bp-cwl.html).
   */
  vendedLogsPrefix: '/aws/vendedlogs/',
  /** Log groups one DescribeLogGroups page holds at most (its `limit`, 1 to 50: https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_DescribeLogGroups.html). */
  describeLogGroupsPageSize: 50,
  /**
   * DescribeLogStreams requests a second, per account and region: "This operation has a limit of
   * five transactions per second, after which transactions are throttled" (API Reference,
   * DescribeLogStreams: https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_DescribeLogStreams.html);
   * AWS's Knowledge Center counts it among the calls "designed for human interaction and not for
   * automation" (https://repost.aws/knowledge-center/cloudwatch-logs-throttling). A stream's
   * `lastEventTimestamp` "updates on an eventual consistency basis. It typically updates in less
   * than an hour from ingestion, but in rare situations might take longer" (API Reference,
   * LogStream: https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_LogStream.html).
   */
  describeLogStreamsPerSecond: 5,
  /**
   * The events a log group received, which CloudWatch Logs publishes every minute: "When used with
   * the LogGroupName dimension, this is the number of log events uploaded to the log group", statistic
   * Sum (CloudWatch Logs User Guide, "Monitoring with CloudWatch metrics":
   * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CloudWatch-Logs-Monitoring-CloudWatch-Metrics.html;
   * aws-cdk-lib's `LogsMetrics.incomingLogEventsSum` names the same metric).
   */
  incomingLogEvents: { namespace: 'AWS/Logs', metricName: 'IncomingLogEvents', dimension: 'LogGroupName' },
} as const;

/** CloudWatch dashboards (User Guide, CloudWatch service quotas; dashboard body structure). */
export const DASHBOARDS = {
  /** https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_limits.html */
  widgetsPerDashboard: 500,
  metricsPerDashboard: 2500,
  metricsPerWidget: 500,
  /** Alarm ARNs one alarm-status widget takes: https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/CloudWatch-Dashboard-Body-Structure.html */
  alarmsPerWidget: 100,
  /** Log groups one Logs Insights query may name: https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/cloudwatch_limits_cwl.html */
  logGroupsPerQuery: 20,
  /** The dashboard grid is 24 columns wide (dashboard body structure). */
  gridColumns: 24,
  /**
   * Dashboard names: at most 255 characters of A-Z, a-z, 0-9, `-` and `_` (CloudWatch API Reference,
   * PutDashboard, DashboardName: https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutDashboard.html;
   * the AWS::CloudWatch::Dashboard schema gives 1-255 characters).
   */
  maxNameLength: 255,
  nameCharacters: /^[A-Za-z0-9_-]+$/,
  /** PutDashboard and DeleteDashboards requests per second per region, not adjustable (CloudWatch service quotas: https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_limits.html). */
  putDashboardPerSecond: 10,
} as const;

/** Tags (Tagging AWS resources, "Tag naming limits and requirements"): https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html */
export const TAGS = {
  maxKeyLength: 128,
  maxValueLength: 256,
  /**
   * The app tags every resource, CloudWatch alarms and dashboards too: the AWS::CloudWatch::Alarm,
   * CompositeAlarm and Dashboard resource schemas (as cfn-lint ships them) take values of 1-256
   * characters, where the tagging guide and other types allow an empty value.
   */
  minValueLength: 1,
} as const;

/**
 * AWS Regions the product can be deployed to (commercial, China, GovCloud):
 * https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-regions.html
 * (a test checks each against the regions whose CloudFormation schemas cfn-lint ships).
 */
export const AWS_REGIONS = [
  'af-south-1', 'ap-east-1', 'ap-east-2', 'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'ap-south-1', 'ap-south-2',
  'ap-southeast-1', 'ap-southeast-2', 'ap-southeast-3', 'ap-southeast-4', 'ap-southeast-5', 'ap-southeast-6', 'ap-southeast-7',
  'ca-central-1', 'ca-west-1', 'cn-north-1', 'cn-northwest-1', 'eu-central-1', 'eu-central-2', 'eu-north-1', 'eu-south-1',
  'eu-south-2', 'eu-west-1', 'eu-west-2', 'eu-west-3', 'il-central-1', 'me-central-1', 'me-south-1', 'mx-central-1', 'sa-east-1',
  'us-east-1', 'us-east-2', 'us-gov-east-1', 'us-gov-west-1', 'us-west-1', 'us-west-2',
] as const;

/**
 * Lambda's Node.js runtimes and their schedule (https://docs.aws.amazon.com/lambda/latest/dg/lambda-nodejs.html,
 * "Lambda supports the following Node.js runtimes"): after `blockUpdate` a function on that runtime
 * can no longer be updated, so a deployment pinned to it stops deploying.
 */
export const LAMBDA_NODE_RUNTIMES = [
  { identifier: 'nodejs24.x', major: 24, deprecation: '2028-04-30', blockCreate: '2028-06-01', blockUpdate: '2028-07-01' },
  { identifier: 'nodejs22.x', major: 22, deprecation: '2027-04-30', blockCreate: '2027-06-01', blockUpdate: '2027-07-01' },
] as const;

/** The runtime of every product function: the one Lambda supports longest (a test holds this). */
export const PRODUCT_NODE_RUNTIME = LAMBDA_NODE_RUNTIMES[0];

/** PutMetricAlarm's bound on Period x EvaluationPeriods for a period (ALARMS, same API reference). */
export function maxAlarmEvaluationRange(periodSeconds: number): { readonly seconds: number; readonly limit: string; readonly applies: string } {
  return periodSeconds < 3600
    ? { seconds: ALARMS.maxEvaluationRangeSeconds, limit: 'one day', applies: 'for periods under an hour' }
    : { seconds: ALARMS.maxEvaluationRangeSecondsHourlyPeriods, limit: 'seven days', applies: 'for periods of an hour or more' };
}

/**
 * AWS Chatbot (Amazon Q Developer in chat applications): offered in commercial and opt-in regions of
 * the aws partition only, not in China or AWS GovCloud
 * (https://docs.aws.amazon.com/chatbot/latest/adminguide/chatbot-regions.html; CloudFormation's
 * registry has no AWS::Chatbot::SlackChannelConfiguration in cn-* or us-gov-* regions either).
 */
export const CHATBOT = { partitions: ['aws'] as readonly string[] } as const;

/** EventBridge rules. */
export const EVENTBRIDGE = {
  /**
   * Event pattern size, default quota (adjustable): 2,048 characters. PutRule's API reference
   * allows 4,096, but an account that never asked for more refuses anything over 2,048:
   * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-quota.html ("Event pattern size").
   */
  maxEventPatternLength: 2048,
  /**
   * Rules per event bus, default quota (adjustable), same page ("Number of rules": 100 in
   * af-south-1 and eu-south-1, 300 in every other Region). The change audit's rules all live on
   * us-east-1's default bus, with the account's other rules.
   */
  rulesPerEventBus: 300,
  /**
   * Rules per event bus whose patterns use the `wildcard` operator (not adjustable), same page
   * ("Rules containing wildcards"). The change audit needs hundreds of rules for a large fleet,
   * so its patterns never use it (test/stacks/aws-limits.test.ts).
   */
  maxWildcardRulesPerBus: 30,
  /** Targets per rule (not adjustable), same page ("Targets"). */
  maxTargetsPerRule: 5,
  /**
   * An input transformer's InputTemplate: at most 8,192 characters (EventBridge API Reference,
   * InputTransformer, "Length Constraints":
   * https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_InputTransformer.html; the
   * AWS::Events::Rule resource schema says the same, test/audit/change-audit.test.ts reads it).
   */
  maxInputTemplateLength: 8192,
} as const;

/**
 * The AWS CLI's own network timeouts, which the product's CLI commands (doctor, test-alert,
 * `replay --from-account`) take for their AWS calls (lib/cli-clients.ts): a connection not made in
 * 60 s, or a socket with nothing to read for 60 s, fails the attempt (AWS CLI Command Reference,
 * global options `--cli-connect-timeout` and `--cli-read-timeout`, "The default value is 60
 * seconds": https://docs.aws.amazon.com/cli/latest/reference/index.html). The AWS SDK for
 * JavaScript sets no connection timeout and, in the client releases used here, drops a silent
 * socket after 5 or 15 minutes, or never (their `getDefaultSocketTimeout`).
 */
export const AWS_CLI = {
  connectTimeoutMs: 60_000,
  readTimeoutMs: 60_000,
} as const;

/** AWS Lambda. */
export const LAMBDA = {
  /**
   * A function's resource-based policy (every AddPermission statement together): 20 KB, not
   * adjustable (https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html; AWS
   * re:Post Knowledge Center "lambda-resource-based-policy-size-error": "The final policy size is
   * bigger than the limit"). A permission's SourceArn is compared as a pattern, so one statement
   * with a wildcard can admit many rules: the statement Lambda keeps for an EventBridge rule has
   * `"Condition": {"ArnLike": {"AWS:SourceArn": ...}}` (EventBridge User Guide, "Using
   * resource-based policies for Amazon EventBridge", AWS Lambda permissions:
   * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html), and
   * cfn-lint's AWS::Lambda::Permission schema compares SourceArn with StringLike.
   */
  maxResourcePolicyBytes: 20 * 1024,
  /**
   * A function not connected to a VPC of the account (the product's functions, the DNS prober
   * included) runs in a VPC that Lambda owns, with access to AWS services and the internet, and no
   * access to the account's VPCs: it reaches public addresses only (Lambda Developer Guide, "Giving
   * Lambda functions access to resources in an Amazon VPC":
   * https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html, and "Networking":
   * https://docs.aws.amazon.com/lambda/latest/dg/foundation-networking.html).
   */
  reachesAccountVpcs: false,
  /**
   * Such a function has no outbound IPv6: Lambda sends IPv6 only from functions connected to
   * dual-stack VPC subnets with `Ipv6AllowedForDualStack` (announced 2023-10,
   * https://aws.amazon.com/about-aws/whats-new/2023/10/aws-lambda-ipv6-outbound-connections-vpc/;
   * API_VpcConfig, Ipv6AllowedForDualStack:
   * https://docs.aws.amazon.com/lambda/latest/dg/API_VpcConfig.html). Before that, the Lambda
   * team answered that IPv6 was not supported at all, for functions outside a VPC too
   * (https://github.com/aws/aws-lambda-python-runtime-interface-client/issues/49). Not seen in an
   * account here.
   */
  outboundIpv6OutsideVpc: false,
  /**
   * An SQS event source mapping: Lambda refuses to create or update one whose queue's visibility
   * timeout is shorter than the function timeout, and AWS asks for at least six times the function
   * timeout, so that Lambda can retry a batch when the function was throttled (Lambda Developer
   * Guide, "Creating and configuring an Amazon SQS event source mapping":
   * https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html).
   */
  sqsVisibilityTimeoutPerFunctionTimeout: 6,
  /**
   * `ScalingConfig.MaximumConcurrency` of an SQS event source mapping: 2 to 1,000 (CloudFormation
   * resource reference, AWS::Lambda::EventSourceMapping ScalingConfig:
   * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-lambda-eventsourcemapping-scalingconfig.html).
   * It needs no reserved concurrency (Lambda Developer Guide, "Configuring scaling behavior for SQS
   * event source mappings": https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-scaling.html).
   */
  sqsMinimumMaximumConcurrency: 2,
  /**
   * A function's timeout: at most 900 seconds (Lambda Developer Guide, "Lambda quotas", Function
   * timeout: https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html; also the
   * CloudFormation reference of AWS::Lambda::Function, Timeout: "the maximum allowed value is 900
   * seconds").
   */
  maxFunctionTimeoutSeconds: 900,
  /**
   * A function's environment variables, all together: 4 KB, not adjustable (Lambda Developer
   * Guide, "Lambda quotas", Function environment variables:
   * https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html). Lambda measures the
   * variables as one JSON object: the InvalidParameterValueException that refuses a larger set
   * ("… exceeded the 4KB limit. String measured: {"NAME":"value",…}") shows the string it measured
   * (quoted in github-aws-runners/terraform-aws-github-runner issue 3594). CloudFormation's schema
   * of AWS::Lambda::Function gives no bound, so a deploy fails at the function; every product
   * function is measured at synthesis instead (lib/lambda/environment-size.ts).
   */
  maxEnvironmentBytes: 4096,
  /** File descriptors of a running function: 1,024 (defined with its source in contracts/lambda-limits.ts, which the DNS prober reads). */
  fileDescriptors: LAMBDA_RUNTIME.fileDescriptors,
  /** Processes and threads of a running function: 1,024 (defined with its source in contracts/lambda-limits.ts, which the prober's thread pool is sized against). */
  processesAndThreads: LAMBDA_RUNTIME.processesAndThreads,
  /**
   * A function's Init phase (extensions, runtime, the handler module's own code) is limited to 10
   * seconds; one that takes longer is retried within the first invocation, under the function's
   * timeout (Lambda Developer Guide, "Understanding the Lambda execution environment lifecycle",
   * Init phase: https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html).
   * A synchronous invoke of a cold function may thus take this long before its handler starts.
   */
  initPhaseSeconds: 10,
  /**
   * Event source mapping states in which Lambda does not read the source and will not start by
   * itself: of "Creating, Enabling, Enabled, Disabling, Disabled, Updating, or Deleting" (Lambda API
   * Reference, EventSourceMappingConfiguration, State:
   * https://docs.aws.amazon.com/lambda/latest/api/API_EventSourceMappingConfiguration.html).
   */
  eventSourceMappingStatesNotReading: ['Disabled', 'Disabling'] as readonly string[],
} as const;

/** Amazon SQS. */
export const SQS = {
  /**
   * ChangeMessageVisibility's `VisibilityTimeout`: 0 to 43,200 seconds (12 hours), counted from the
   * call, and a message's visibility cannot be extended past 12 hours from its receive (Amazon SQS
   * API Reference, ChangeMessageVisibility:
   * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_ChangeMessageVisibility.html).
   */
  maxVisibilityTimeoutSeconds: 43_200,
  /**
   * The longest a queue keeps a message: 1,209,600 seconds (14 days); the app's dead-letter queues
   * keep theirs this long (API Reference, CreateQueue, `MessageRetentionPeriod`:
   * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_CreateQueue.html).
   */
  maxMessageRetentionSeconds: 1_209_600,
  /**
   * A redrive policy's `maxReceiveCount`: "a value between 1 and 1,000" (Developer Guide,
   * "Configure a dead-letter queue using the Amazon SQS console":
   * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-configure-dead-letter-queue.html;
   * the API Reference gives its meaning and default, 10, not its range). `advisedMin`: AWS does not
   * recommend 1, since a receive SQS counts may never reach the consumer (Developer Guide, "Avoiding
   * inconsistent message processing in Amazon SQS":
   * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/avoiding-inconsistent-message-processing.html).
   */
  maxReceiveCount: { min: 1, advisedMin: 2, max: 1000 },
  /**
   * A queue's name: "up to 80 characters" (API Reference, CreateQueue, `QueueName`:
   * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_CreateQueue.html).
   * Its URL is `https://sqs.REGION.URL-SUFFIX/ACCOUNT/NAME` (Developer Guide, "Amazon SQS queue and
   * message identifiers":
   * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-queue-message-identifiers.html).
   */
  maxQueueNameLength: 80,
} as const;

/** AWS Secrets Manager. */
export const SECRETS_MANAGER = {
  /**
   * A secret's name: at most 512 characters (API Reference, CreateSecret, `Name`:
   * https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_CreateSecret.html; the
   * AWS::SecretsManager::Secret schema says the same, test/lambda/environment-size.test.ts reads
   * it). Its ARN ends with the name, a hyphen and six random characters (same page).
   */
  maxNameLength: 512,
  arnSuffixLength: 7,
} as const;

/** CloudFormation (User Guide, "CloudFormation quotas": https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html). */
export const CLOUDFORMATION = {
  resourcesPerStack: 500,
  /**
   * Template body in an S3 object (how `cdk deploy` uploads it): 1 MB. Read as 1,000,000 bytes,
   * the smaller reading of "1 MB", so a template that passes here passes in AWS.
   */
  maxTemplateBytes: 1_000_000,
  /** Outputs a template may declare (exports are outputs): 200 (cfn-lint's E6010 holds the same number: test/stacks/health-placement.test.ts). */
  outputsPerStack: 200,
  /**
   * The longest value of each pseudo parameter a template of this product may read, for sizes
   * counted before deployment (User Guide, "Get AWS values using pseudo parameters":
   * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/pseudo-parameter-reference.html):
   * an account id of 12 digits (its example, 123456789012, and the ARNs the config takes); the
   * partitions and URL suffixes of AWS_REGIONS (`aws`, `aws-cn`, `aws-us-gov`; `amazonaws.com`, and
   * `amazonaws.com.cn` in the China Regions, as the page says); the longest of AWS_REGIONS.
   */
  pseudoParameterMaxLength: {
    'AWS::AccountId': 12,
    'AWS::Partition': Math.max(...AWS_REGIONS.map((r) => partitionOfRegion(r).length)),
    'AWS::URLSuffix': 'amazonaws.com.cn'.length,
    'AWS::Region': Math.max(...AWS_REGIONS.map((r) => r.length)),
  } as Readonly<Record<string, number>>,
} as const;

/**
 * Policy documents as their services take them. CloudFormation passes a policy on as JSON; the
 * CDK checks none of these sizes, so a deploy fails at the resource when one is passed.
 */
export const POLICY_SIZES = {
  /**
   * An SQS queue policy: 8,192 bytes and 20 statements at most (Amazon SQS Developer Guide,
   * "Amazon SQS policy quotas": https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/quotas-policies.html).
   */
  sqsQueuePolicyBytes: 8192,
  sqsQueuePolicyStatements: 20,
  /**
   * IAM, characters not counting white space (IAM User Guide, "IAM and AWS STS quotas":
   * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html): all inline
   * policies of a role together 10,240; one managed policy 6,144; managed policies attached to a
   * role 10 by default (20 on request).
   */
  iamRoleInlineChars: 10240,
  iamManagedPolicyChars: 6144,
  iamManagedPoliciesPerRole: 10,
  /**
   * An SNS topic policy: "30 kb" (read as 30,000 bytes, the smaller reading) and 100 statements;
   * each policy covers a single topic and its statements name that topic alone (Amazon SNS
   * Developer Guide, "Amazon SNS API permissions: Actions and resources reference", Policy quotas:
   * https://docs.aws.amazon.com/sns/latest/dg/sns-access-policy-language-api-permissions-reference.html).
   */
  snsTopicPolicyBytes: 30_000,
  snsTopicPolicyStatements: 100,
  /** A KMS key policy: 32,768 bytes (AWS KMS API Reference, PutKeyPolicy, Policy: https://docs.aws.amazon.com/kms/latest/APIReference/API_PutKeyPolicy.html). */
  kmsKeyPolicyBytes: 32 * 1024,
} as const;

/** Hosted zone ids are at most 32 characters (API_GetHostedZone, Id; ROUTE53.hostedZoneId). */
const HOSTED_ZONE_ID_MAX_LENGTH = 32;

/** Route 53 (Developer Guide and API Reference). */
export const ROUTE53 = {
  /**
   * Route 53 publishes its hosted-zone and health-check metrics (DNSQueries, DNSSEC*, HealthCheck*)
   * in us-east-1 only, and its query logs of public zones go to log groups in us-east-1:
   * https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/monitoring-cloudwatch.html and
   * https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/query-logs.html
   */
  globalRegion: 'us-east-1',
  /**
   * Hosted zone ids: `Z` and capital letters or digits, at most 32 characters (API_GetHostedZone, Id:
   * https://docs.aws.amazon.com/Route53/latest/APIReference/API_GetHostedZone.html). The product also
   * refuses ids under 9 characters as typos: that minimum is our choice, not an AWS rule.
   */
  hostedZoneIdMaxLength: HOSTED_ZONE_ID_MAX_LENGTH,
  hostedZoneId: new RegExp(`^Z[A-Z0-9]{8,${HOSTED_ZONE_ID_MAX_LENGTH - 1}}$`),
  /** Name servers Route 53 assigns to a public hosted zone (its delegation set). https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/SOA-NSrecords.html */
  delegationSetSize: 4,
  /** Health checker regions (API_HealthCheckConfig, Regions: valid values): https://docs.aws.amazon.com/Route53/latest/APIReference/API_HealthCheckConfig.html */
  checkerRegions: ['us-east-1', 'us-west-1', 'us-west-2', 'eu-west-1', 'ap-southeast-1', 'ap-southeast-2', 'ap-northeast-1', 'sa-east-1'],
  /** Health checks per account, default quota: https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/DNSLimitations.html */
  healthChecksPerAccount: 200,
  /**
   * Child health checks one calculated check may monitor: 255 on the same page ("Quotas on health
   * checks"), while the API and CloudFormation schemas allow 256 items (API_HealthCheckConfig,
   * ChildHealthChecks; cfn-lint's AWS::Route53::HealthCheck schema). The smaller bound holds for both.
   */
  maxChildHealthChecks: 255,
  /** API_HealthCheckConfig, SearchString: at most 255 characters. */
  maxSearchStringLength: 255,
  /** API_HealthCheckConfig, FullyQualifiedDomainName and ResourcePath: at most 255 characters each (same page). */
  maxHealthCheckFqdnLength: 255,
  maxHealthCheckResourcePathLength: 255,
  /** API_HealthCheckConfig, Port: 1-65535 (also the AWS::Route53::HealthCheck schema's minimum and maximum). */
  healthCheckPorts: { min: 1, max: 65535 },
  /**
   * Resolver query logging, default quotas (adjustable), same page ("Quotas on Route 53 VPC Resolver
   * query logs"): 20 query log configurations per region, and 100 query log configuration VPC
   * associations per region. The association quota is regional, across every configuration of the
   * account: more configurations give no more associations.
   */
  resolverQueryLogConfigsPerRegion: 20,
  /**
   * A Resolver query logging configuration's name: 1-64 characters of letters, digits, `-`, `_` and
   * spaces, not digits only (Route 53 Resolver API Reference, CreateResolverQueryLogConfig, Name:
   * https://docs.aws.amazon.com/Route53/latest/APIReference/API_route53resolver_CreateResolverQueryLogConfig.html).
   */
  resolverQueryLogConfigNameMaxLength: 64,
  resolverQueryLogVpcAssociationsPerRegion: 100,
  /**
   * API request rate, account level (all Route 53 API calls of the account together): a token
   * bucket refilled with 10 requests a second, 50 at most in a burst; each operation has a bucket of
   * its own too. Defined with its source in contracts/route53-api.ts, which the DNS prober reads too.
   */
  apiRequestsPerSecond: ROUTE53_API.requestsPerSecond,
  apiRequestsBurst: ROUTE53_API.burst,
  /** Hosted zones one ListHostedZones page returns at most (API_ListHostedZones, MaxItems): https://docs.aws.amazon.com/Route53/latest/APIReference/API_ListHostedZones.html */
  listHostedZonesPageSize: 100,
} as const;

/**
 * Route 53 Resolver endpoint metrics (namespace AWS/Route53Resolver, dimension EndpointId, in the
 * endpoint's region, sent every 5 minutes, "also the smallest interval"):
 * https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/monitoring-resolver-with-cloudwatch.html
 * The same names are in CloudWatch Application Insights' Resolver endpoint example:
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/component-configuration-examples-resolver-endpoint.html
 */
export const ROUTE53_RESOLVER_METRICS = {
  namespace: 'AWS/Route53Resolver',
  dimension: 'EndpointId',
  intervalSeconds: 300,
  /** Queries an inbound endpoint received, or an outbound endpoint forwarded. */
  queryVolume: { inbound: 'InboundQueryVolume', outbound: 'OutboundQueryVolume' },
  healthyEnis: 'EndpointHealthyENICount',
  unhealthyEnis: 'EndpointUnHealthyENICount',
  /**
   * ResolverEndpointCapacityStatus, a basic (free) endpoint metric, statistic Maximum: 0 normal,
   * 1 at least one network interface over 50 % of its capacity, 2 over 75 % (judged from query
   * volume, latency, protocols, packet size and connection tracking). Gaps while interfaces are
   * maintained are no outage: AWS suggests treating missing data as ignore. Route 53 Developer
   * Guide, https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/monitoring-resolver-with-cloudwatch.html
   */
  capacityStatus: {
    metricName: 'ResolverEndpointCapacityStatus',
    /** Each level: the share of its capacity that at least one interface exceeds, in %. */
    overPercent: { 1: 50, 2: 75 },
  },
} as const;

/**
 * Route 53 domain registration (the Route 53 Domains API), which the registration watcher reads.
 */
export const ROUTE53_DOMAINS = {
  /**
   * The API is served in us-east-1 of the commercial partition only: the SDK's endpoint data lists
   * `route53domains` in the `aws` partition with the one region us-east-1 (botocore's endpoints.json,
   * as shipped with the AWS CLI), and AWS General Reference, "Amazon Route 53 endpoints and quotas",
   * https://docs.aws.amazon.com/general/latest/gr/r53.html (domain registration: us-east-1).
   */
  region: 'us-east-1',
  partitions: ['aws'] as readonly string[],
  /**
   * ListDomains returns at most 100 domains a page (MaxItems: "Valid Range: Maximum value of 100";
   * default 20), then a NextPageMarker: https://docs.aws.amazon.com/Route53/latest/APIReference/API_domains_ListDomains.html
   * Each DomainSummary has DomainName, AutoRenew, TransferLock and Expiry (Unix time, UTC):
   * https://docs.aws.amazon.com/Route53/latest/APIReference/API_domains_DomainSummary.html
   */
  listDomainsMaxItems: 100,
  /**
   * With automatic renewal on, Route 53 renews a domain 35 days before it expires; the registries of
   * .com.ar, .com.br and .jp take a renewal no more than 30 days before expiry, so those are renewed
   * then. With automatic renewal off, the registrant contact gets emails at 45, 35 and 7 days
   * ("Renewing registration for a domain", the same timeline in the Lightsail User Guide:
   * https://docs.aws.amazon.com/lightsail/latest/userguide/amazon-lightsail-domain-manage-auto-renew.html).
   * RenewDomain: "We recommend that you renew your domain several weeks before the expiration date.
   * Some TLD registries delete domains before the expiration date if you haven't renewed far enough
   * in advance." https://docs.aws.amazon.com/Route53/latest/APIReference/API_domains_RenewDomain.html
   */
  autoRenewDaysBeforeExpiry: 35,
  lateAutoRenew: { days: 30, tlds: ['com.ar', 'com.br', 'jp'] as readonly string[] },
} as const;

/** CloudWatch metric publishing and reading (PutMetricData and GetMetricData API reference). */
export const CLOUDWATCH = {
  /** https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_GetMetricData.html ("as many as 500 different metrics in a single request"; more data points come with NextToken) */
  getMetricDataMaxMetrics: 500,
  /** Same page: "Data points with a period of 60 seconds (1-minute) are available for 15 days." */
  oneMinuteRetentionDays: 15,
  /**
   * A new metric may take "up to 15 minutes" to appear in ListMetrics, which "doesn't return
   * information about metrics if those metrics haven't reported data in the past two weeks"
   * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_ListMetrics.html).
   */
  listMetricsAppearMinutes: 15,
  /**
   * A query's Id: "The valid characters are letters, numbers, and underscore. The first character
   * must be a lowercase letter", unique within one call (MetricDataQuery, Id:
   * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_MetricDataQuery.html).
   */
  metricDataQueryId: /^[a-z][a-zA-Z0-9_]*$/,
  /**
   * The period a start time of a given age needs, or "no data points in that time range is
   * returned": within 15 days a multiple of 60 s, 15 to 63 days a multiple of 300 s, older a
   * multiple of 3600 s (MetricStat, Period:
   * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_MetricStat.html).
   */
  periodMultipleByStartAge: [
    { olderThanDays: 63, multipleSeconds: 3600 },
    { olderThanDays: 15, multipleSeconds: 300 },
    { olderThanDays: 0, multipleSeconds: 60 },
  ],
  /** https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricData.html ("no more than 1000 different metrics") */
  putMetricDataMaxMetrics: 1000,
  /** https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_Dimension.html (Value: 1-1024 characters) */
  maxDimensionValueLength: 1024,
  /**
   * A custom metric namespace the app's metric filters publish to and its alarms read: at most 255
   * characters, no `:` `*` `$` anywhere in a metric filter's (CloudWatch Logs API Reference,
   * MetricTransformation, metricNamespace, pattern `[^:*$]*`:
   * https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_MetricTransformation.html)
   * and no `:` first in CloudWatch's (API_Metric, Namespace, `[^:].*`); the User Guide's
   * "Namespaces" lists letters, digits, `.` `-` `_` `/` `#` `:` and space. The product takes
   * letters, digits and `.` `-` `_` `/` `#`, which every rule allows (test/config/metrics-namespace.test.ts
   * holds both to AWS's API models); `AWS/` is reserved for AWS services.
   */
  namespaceMaxLength: 255,
  namespaceCharacters: /^[A-Za-z0-9./_#-]+$/,
} as const;

/** A topic's longest name (SNS_TOPICS). */
const SNS_TOPIC_NAME_MAX_LENGTH = 256;

/** Amazon SNS topics. */
export const SNS_TOPICS = {
  /**
   * A (standard) topic's name: 1-256 ASCII letters, digits, `_` and `-` (SNS API Reference,
   * CreateTopic, Name: https://docs.aws.amazon.com/sns/latest/api/API_CreateTopic.html).
   */
  namePattern: `[A-Za-z0-9_-]{1,${SNS_TOPIC_NAME_MAX_LENGTH}}`,
  /** The longest name of that pattern. */
  maxNameLength: SNS_TOPIC_NAME_MAX_LENGTH,
} as const;

/**
 * Amazon SNS's per-topic delivery metrics (SNS Developer Guide, "Monitoring Amazon SNS topics using
 * CloudWatch", https://docs.aws.amazon.com/sns/latest/dg/sns-monitoring-using-cloudwatch.html):
 * `NumberOfNotificationsFailed` counts a notification "when Amazon SNS stops attempting message
 * deliveries" to an SQS, email, SMS or mobile push endpoint, and "every failed delivery attempt,
 * including retries" to an HTTP or HTTPS endpoint; unit Count, statistic Sum, dimension TopicName.
 */
export const SNS_METRICS = {
  namespace: 'AWS/SNS',
  dimension: 'TopicName',
  failed: 'NumberOfNotificationsFailed',
  delivered: 'NumberOfNotificationsDelivered',
  /**
   * SNS collects a topic's metrics and pushes them to CloudWatch every five minutes, for topics
   * active (any API call) in the last six hours (SNS Developer Guide, "Monitoring Amazon SNS with
   * CloudWatch": https://docs.aws.amazon.com/sns/latest/dg/MonitorSNSwithCloudWatch.html): how late
   * a failed delivery can reach an alarm on these metrics (lib/plan/detection.ts).
   */
  publishIntervalSeconds: 300,
} as const;

/** Amazon SNS text messages (SMS) to the alert topics' phone-number subscribers. */
export const SNS_SMS = {
  /**
   * Monthly SMS spending quota of every new account, in USD: once a message would cross the
   * account's `MonthlySpendLimit`, SNS stops sending SMS within minutes until the month ends.
   * Raising it takes a quota-increase case, then setting `MonthlySpendLimit`:
   * https://docs.aws.amazon.com/sns/latest/dg/channels-sms-awssupport-spend-threshold.html
   */
  newAccountMonthlySpendQuotaUsd: 1,
  /**
   * New accounts are in the SMS sandbox: SMS goes only to verified destination numbers (at most
   * 10): https://docs.aws.amazon.com/sns/latest/dg/sns-sms-sandbox.html
   */
  sandboxMaxVerifiedNumbers: 10,
  /** An opted-out number may be opted back in once every 30 days (API_OptInPhoneNumber). */
  optInIntervalDays: 30,
} as const;

/** Amazon SNS Publish limits (defined in contracts/ so the publishing Lambdas read the same facts). */
export { SNS } from '../contracts/sns-limits';
export { DYNAMODB } from '../contracts/dynamodb-limits';
