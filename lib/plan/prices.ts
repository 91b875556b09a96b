/**
 * THE price table of `plan`: every dollar figure the plan prints comes from this file, and every
 * CloudFormation resource type the app can create has an entry in RESOURCE_PRICING (priced, usage
 * based, or explicitly free). A new resource type without an entry fails test/plan.
 *
 * Prices are US East (N. Virginia) list prices in USD, collected on PRICE_TABLE_DATE from the AWS
 * pricing pages below (and cross-checked with /work/shared/reference/aws-limits-and-prices.md).
 * Always-free tiers are NOT subtracted (they are account-wide and usually used by something
 * else); the plan says how many dashboards hold few enough metrics to fall in theirs.
 */

export const PRICE_TABLE_DATE = '2026-11-27';

/** CloudWatch's always-free dashboards: 3 a month of up to 50 metrics each (SOURCES.cloudwatch, free tier). */
export const CLOUDWATCH_FREE_TIER = { dashboards: 3, dashboardMetrics: 50 } as const;
export const PRICE_REGION = 'us-east-1';

export const SOURCES = {
  cloudwatch: 'https://aws.amazon.com/cloudwatch/pricing/',
  route53: 'https://aws.amazon.com/route53/pricing/',
  lambda: 'https://aws.amazon.com/lambda/pricing/',
  scheduler: 'https://aws.amazon.com/eventbridge/pricing/',
  dynamodb: 'https://aws.amazon.com/dynamodb/pricing/on-demand/',
  kms: 'https://aws.amazon.com/kms/pricing/',
  sns: 'https://aws.amazon.com/sns/pricing/',
  sqs: 'https://aws.amazon.com/sqs/pricing/',
  secrets: 'https://aws.amazon.com/secrets-manager/pricing/',
  chatbot: 'https://aws.amazon.com/chatbot/pricing/',
} as const;

/** A price tier: `upTo` units (cumulative, per month) at `usd` each; the last tier has no limit. */
export interface Tier {
  readonly upTo?: number;
  readonly usd: number;
}

export interface Price {
  readonly what: string;
  /** Flat price per unit (absent when `tiers` is given). */
  readonly usd?: number;
  readonly tiers?: readonly Tier[];
  readonly unit: string;
  readonly source: string;
}

export const PRICES = {
  customMetric: {
    what: 'CloudWatch custom metric (per metric series: name + dimension values)',
    tiers: [{ upTo: 10_000, usd: 0.3 }, { upTo: 250_000, usd: 0.1 }, { upTo: 1_000_000, usd: 0.05 }, { usd: 0.02 }],
    unit: 'metric-month',
    source: SOURCES.cloudwatch,
  },
  alarmMetric: { what: 'CloudWatch standard-resolution alarm metric', usd: 0.1, unit: 'alarm metric-month', source: SOURCES.cloudwatch },
  highResAlarmMetric: { what: 'CloudWatch high-resolution alarm metric (period < 60 s)', usd: 0.3, unit: 'alarm metric-month', source: SOURCES.cloudwatch },
  compositeAlarm: { what: 'CloudWatch composite alarm', usd: 0.5, unit: 'alarm-month', source: SOURCES.cloudwatch },
  dashboard: { what: 'CloudWatch dashboard', usd: 3, unit: 'dashboard-month', source: SOURCES.cloudwatch },
  insightRule: { what: 'Contributor Insights rule', usd: 0.5, unit: 'rule-month', source: SOURCES.cloudwatch },
  insightMatchedEvents: { what: 'Contributor Insights matched log events', usd: 0.02, unit: 'million events', source: SOURCES.cloudwatch },
  logIngestion: { what: 'CloudWatch Logs ingestion (standard class)', usd: 0.5, unit: 'GB', source: SOURCES.cloudwatch },
  logStorage: { what: 'CloudWatch Logs storage', usd: 0.03, unit: 'GB-month', source: SOURCES.cloudwatch },
  healthCheckAws: { what: 'Route 53 health check, AWS endpoint (also calculated checks)', usd: 0.5, unit: 'check-month', source: SOURCES.route53 },
  healthCheckNonAws: { what: 'Route 53 health check, non-AWS endpoint', usd: 0.75, unit: 'check-month', source: SOURCES.route53 },
  healthCheckOptionAws: { what: 'Route 53 health-check option, AWS endpoint (HTTPS, string match, 10 s interval, latency)', usd: 1, unit: 'option-month', source: SOURCES.route53 },
  healthCheckOptionNonAws: { what: 'Route 53 health-check option, non-AWS endpoint (HTTPS, string match, 10 s interval, latency)', usd: 2, unit: 'option-month', source: SOURCES.route53 },
  kmsKey: { what: 'KMS customer managed key', usd: 1, unit: 'key-month', source: SOURCES.kms },
  secret: { what: 'Secrets Manager secret', usd: 0.4, unit: 'secret-month', source: SOURCES.secrets },
  metricApiRequest: { what: 'CloudWatch PutMetricData requests', usd: 0.01, unit: '1,000 requests', source: SOURCES.cloudwatch },
  /** Not part of a deployment's monthly cost: what `doctor` (one metric per log group) and `replay --from-account` spend per run. */
  getMetricData: { what: 'CloudWatch GetMetricData, metrics requested', usd: 0.01, unit: '1,000 metrics', source: SOURCES.cloudwatch },
  lambdaRequest: { what: 'Lambda requests', usd: 0.2, unit: 'million requests', source: SOURCES.lambda },
  lambdaGbSecondArm: { what: 'Lambda compute, arm64', usd: 0.0000133334, unit: 'GB-second', source: SOURCES.lambda },
  schedulerInvocation: { what: 'EventBridge Scheduler invocations', usd: 1, unit: 'million invocations', source: SOURCES.scheduler },
  dynamoWrite: { what: 'DynamoDB on-demand write request units', usd: 0.625, unit: 'million WRU', source: SOURCES.dynamodb },
  dynamoRead: { what: 'DynamoDB on-demand read request units', usd: 0.125, unit: 'million RRU', source: SOURCES.dynamodb },
  snsPublish: { what: 'SNS publishes', usd: 0.5, unit: 'million publishes', source: SOURCES.sns },
  snsEmail: { what: 'SNS email deliveries', usd: 2, unit: '100,000 emails', source: SOURCES.sns },
  snsHttps: { what: 'SNS HTTP(S) deliveries', usd: 0.6, unit: 'million deliveries', source: SOURCES.sns },
  snsSms: { what: 'SNS SMS to a US number (other countries differ)', usd: 0.00645, unit: 'message', source: SOURCES.sns },
  sqsRequest: { what: 'SQS requests', usd: 0.4, unit: 'million requests', source: SOURCES.sqs },
} as const satisfies Record<string, Price>;

export type PriceId = keyof typeof PRICES;

/** SMS texts to a US number (the price table's SMS rate) that `usd` pays for. */
export function usSmsTextsFor(usd: number): number {
  return Math.floor(usd / (PRICES.snsSms.usd ?? 0));
}

/** Monthly cost of `units` at a price, applying its tiers in order. */
export function priceOf(id: PriceId, units: number): number {
  const p: Price = PRICES[id];
  if (p.tiers === undefined) return units * (p.usd ?? 0);
  let left = units;
  let below = 0;
  let usd = 0;
  for (const t of p.tiers) {
    const inTier = t.upTo === undefined ? left : Math.min(left, t.upTo - below);
    usd += inTier * t.usd;
    left -= inTier;
    if (t.upTo !== undefined) below = t.upTo;
    if (left <= 0) break;
  }
  return usd;
}

/**
 * Volume assumptions for usage-priced resources (nothing in the config says how often alarms fire).
 * All are deliberately generous for a monitoring app; they only matter for cents.
 */
export const ASSUMPTIONS = {
  hoursPerMonth: 730,
  /** Alarm notifications (state changes) each alert topic publishes per month. */
  notificationsPerTopicPerMonth: 50,
  /** Billed duration of one invocation of the app's Lambdas. */
  lambdaSecondsPerInvocation: 1,
  /**
   * Request units each Lambda invocation uses in each DynamoDB table of the app. The Slack notifier,
   * per alert: two idempotency writes (in progress, completed), the state it posted (one write) and
   * the state posted before (one consistent read).
   */
  dynamoWritesPerInvocation: 3,
  dynamoReadsPerInvocation: 2,
  /**
   * New execution environments of one DNS prober a day, each loading its zones' name servers from
   * its table once. Lambda ends environments "every few hours" even of a function invoked
   * continuously and publishes no figure (Lambda Developer Guide, execution environment lifecycle:
   * https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html): one every two
   * hours is assumed; deploys and report runs in a second environment add a few.
   */
  proberEnvironmentsPerDay: 12,
  /** Bytes of one query-log line as stored by CloudWatch Logs (ingestion is billed on this). */
  logLineBytes: { hostedZone: 130, resolver: 600 },
} as const;

export const DAYS_PER_MONTH = ASSUMPTIONS.hoursPerMonth / 24;

/**
 * How each CloudFormation resource type is billed:
 *  - `fixed`: a monthly charge per resource (the plan counts and prices it);
 *  - `usage`: billed by use; the plan prices it at ASSUMPTIONS volume;
 *  - `free`:  no charge for the resource itself (what it produces may be priced elsewhere).
 */
export interface ResourcePricing {
  readonly billing: 'fixed' | 'usage' | 'free';
  readonly note: string;
}

export const RESOURCE_PRICING: Readonly<Record<string, ResourcePricing>> = {
  'AWS::CloudWatch::Alarm': { billing: 'fixed', note: 'per alarm metric: 1 per metric in the alarm, anomaly alarms add 2 for the band bounds (3 for one metric)' },
  'AWS::CloudWatch::CompositeAlarm': { billing: 'fixed', note: 'per composite alarm' },
  'AWS::CloudWatch::Dashboard': { billing: 'fixed', note: 'per dashboard (the account-wide free tier is not subtracted)' },
  'AWS::CloudWatch::InsightRule': { billing: 'fixed', note: 'per rule-month; matched log events with --queries-per-day' },
  'AWS::CloudWatch::AlarmMuteRule': { billing: 'free', note: 'no charge of its own in the prices recorded here (the muted alarms are billed as before); a maintenance window makes one rule per zone, VPC or DNS check it names' },
  'AWS::CloudWatch::AnomalyDetector': { billing: 'free', note: 'a model on its own is not billed (alarms on it are); counts towards the 500 models per region' },
  'AWS::Logs::MetricFilter': { billing: 'free', note: 'the filter is free; the custom metrics it publishes are priced' },
  'AWS::Logs::LogGroup': { billing: 'usage', note: 'ingestion and storage, shown separately with --queries-per-day' },
  'AWS::Logs::ResourcePolicy': { billing: 'free', note: 'no charge (10 per region)' },
  'AWS::Logs::SubscriptionFilter': { billing: 'free', note: 'no charge for the filter' },
  'AWS::Route53::HealthCheck': { billing: 'fixed', note: 'per check, plus each paid option (HTTPS, string match, 10 s interval, latency)' },
  'AWS::Route53::QueryLoggingConfig': { billing: 'free', note: 'Route 53 does not charge for query logging; CloudWatch Logs ingestion applies' },
  'AWS::Route53Resolver::ResolverQueryLoggingConfig': { billing: 'free', note: 'no Resolver charge for query logging; CloudWatch Logs ingestion applies' },
  'AWS::Route53Resolver::ResolverQueryLoggingConfigAssociation': { billing: 'free', note: 'no charge' },
  'AWS::KMS::Key': { billing: 'fixed', note: '$1 per customer managed key-month (requests are a few cents)' },
  'AWS::KMS::Alias': { billing: 'free', note: 'no charge' },
  'AWS::SecretsManager::Secret': { billing: 'fixed', note: 'per secret-month' },
  'AWS::SNS::Topic': { billing: 'usage', note: 'publishes at the assumed notification volume' },
  'AWS::SNS::Subscription': { billing: 'usage', note: 'deliveries by protocol at the assumed notification volume' },
  'AWS::SNS::TopicPolicy': { billing: 'free', note: 'no charge' },
  'AWS::SQS::Queue': {
    billing: 'usage',
    note: "dead-letter queue: requests only when deliveries fail (about none); the intake queues (the Slack notifier's, the DNS check reporter's): a few requests per alert, plus the event source mappings' long polls while they are empty (Lambda's polling rate is not published: not in the estimate)",
  },
  'AWS::SQS::QueuePolicy': { billing: 'free', note: 'no charge' },
  'AWS::Lambda::Function': { billing: 'usage', note: 'requests and arm64 GB-seconds at the expected invocations' },
  'AWS::Lambda::Permission': { billing: 'free', note: 'no charge' },
  'AWS::Lambda::EventInvokeConfig': { billing: 'free', note: 'no charge' },
  'AWS::Lambda::EventSourceMapping': { billing: 'free', note: 'no charge of its own; the SQS requests it makes are billed to the queue' },
  'AWS::Lambda::Url': { billing: 'free', note: 'no charge' },
  'AWS::Scheduler::Schedule': { billing: 'usage', note: 'invocations' },
  'AWS::DynamoDB::Table': { billing: 'usage', note: 'on-demand requests at the expected invocations; storage is a few KB' },
  'AWS::Events::Rule': { billing: 'free', note: 'events from AWS services on the default bus are free' },
  'AWS::Chatbot::SlackChannelConfiguration': { billing: 'free', note: 'AWS Chatbot has no charge of its own' },
  'AWS::IAM::Role': { billing: 'free', note: 'no charge' },
  'AWS::IAM::Policy': { billing: 'free', note: 'no charge' },
  'AWS::IAM::ManagedPolicy': { billing: 'free', note: 'no charge' },
  'AWS::CDK::Metadata': { billing: 'free', note: 'CDK version reporting, no charge' },
  'AWS::CloudFormation::CustomResource': { billing: 'free', note: 'no charge; the Lambda behind it is priced' },
};

/** Custom resources cost nothing themselves (the function behind them is priced as a Lambda). */
export const CUSTOM_RESOURCE_PRICING: ResourcePricing = { billing: 'free', note: 'custom resource: no charge; the Lambda behind it is priced' };

export function pricingOf(type: string): ResourcePricing | undefined {
  return RESOURCE_PRICING[type] ?? (type.startsWith('Custom::') ? CUSTOM_RESOURCE_PRICING : undefined);
}
