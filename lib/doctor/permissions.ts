/**
 * The IAM permissions each command that calls AWS with the user's own credentials needs: exactly
 * the API calls it makes, no more (test/doctor/permissions.test.ts records the calls of each
 * command against moto server and holds this list equal to them, then evaluates the policy below
 * with an IAM policy simulator). docs/doctor.md prints the policies (`npm run docs`).
 */
export const CLI_PERMISSIONS = {
  doctor: [
    'cloudtrail:DescribeTrails',
    'cloudtrail:GetEventSelectors',
    'cloudtrail:GetTrailStatus',
    'cloudwatch:DescribeAlarms',
    'cloudwatch:DescribeInsightRules',
    'cloudwatch:GetMetricData',
    'cloudwatch:ListDashboards',
    'cloudwatch:ListMetrics',
    'dynamodb:DescribeContinuousBackups',
    'dynamodb:DescribeTable',
    'dynamodb:DescribeTimeToLive',
    'dynamodb:Scan',
    'events:ListRules',
    'kms:DescribeKey',
    'kms:ListAliases',
    'lambda:GetFunctionConfiguration',
    'lambda:ListEventSourceMappings',
    'logs:DescribeLogGroups',
    'logs:DescribeLogStreams',
    'logs:DescribeMetricFilters',
    'logs:DescribeResourcePolicies',
    'logs:ListTagsForResource',
    'route53:GetHostedZone',
    'route53:ListHostedZones',
    'route53:ListQueryLoggingConfigs',
    'route53domains:GetDomainDetail',
    'route53domains:ListDomains',
    'route53resolver:ListResolverEndpoints',
    'route53resolver:ListResolverQueryLogConfigAssociations',
    'route53resolver:ListResolverQueryLogConfigs',
    'scheduler:ListSchedules',
    'secretsmanager:GetSecretValue',
    'sns:CheckIfPhoneNumberIsOptedOut',
    'sns:GetSMSAttributes',
    'sns:GetSMSSandboxAccountStatus',
    'sns:GetTopicAttributes',
    'sns:ListSMSSandboxPhoneNumbers',
    'sns:ListSubscriptionsByTopic',
    'sns:ListTopics',
    'sqs:GetQueueAttributes',
    'sqs:GetQueueUrl',
  ],
  'test-alert': [
    'cloudwatch:DescribeAlarms',
    'cloudwatch:SetAlarmState',
    'dynamodb:GetItem',
    'lambda:GetFunctionConfiguration',
    'lambda:ListEventSourceMappings',
    'sns:ListSubscriptionsByTopic',
    'sqs:GetQueueAttributes',
    'sqs:GetQueueUrl',
  ],
  'replay --from-account': ['cloudwatch:GetMetricData', 'logs:FilterLogEvents'],
  check: ['route53:GetHostedZone'],
} as const;

export type CliCommand = keyof typeof CLI_PERMISSIONS;

/**
 * What a command needs that is no call of its own: AWS makes it on the command's behalf. `doctor`
 * (slack-alarms) and `test-alert` (whether its pages reached Slack) read the Slack notifier's
 * table, which DynamoDB decrypts with the deployment's alert key, a customer managed key, for the
 * caller: the caller needs `kms:Decrypt` on that key,
 * granted here through DynamoDB only (`kms:ViaService`, whose value is the calling service's
 * endpoint name, e.g. `dynamodb.us-east-1.amazonaws.com`: "Condition keys for AWS KMS", KMS
 * Developer Guide, https://docs.aws.amazon.com/kms/latest/developerguide/policy-conditions.html).
 * The key's own policy lets the account's IAM policies grant it (CDK's default key policy).
 */
export const CLI_IMPLIED_PERMISSIONS: Readonly<Record<CliCommand, readonly { readonly action: string; readonly viaService: string; readonly why: string }[]>> = {
  doctor: [{ action: 'kms:Decrypt', viaService: 'dynamodb', why: "DynamoDB decrypting the Slack notifier's table with the alert key" }],
  'test-alert': [{ action: 'kms:Decrypt', viaService: 'dynamodb', why: "DynamoDB decrypting the Slack notifier's table with the alert key" }],
  'replay --from-account': [],
  check: [],
};

/**
 * An identity policy for one command. Everything is read-only but `cloudwatch:SetAlarmState`,
 * which is limited to the deployment's alarms (`<prefix>-*`: every alarm name the app makes starts
 * so). Reads are on `*`: the log groups, topics, secrets and queues a config names vary, and several
 * of these calls (ListTopics, DescribeTrails, GetMetricData, ...) take no resource at all.
 */
export function cliPolicy(command: CliCommand, prefix = '<prefix>', partition = 'aws'): { Version: string; Statement: object[] } {
  const actions: readonly string[] = CLI_PERMISSIONS[command];
  const scoped: string[] = actions.filter((a) => a === 'cloudwatch:SetAlarmState');
  const reads = actions.filter((a) => !scoped.includes(a));
  return {
    Version: '2012-10-17',
    Statement: [
      ...(reads.length > 0 ? [{ Sid: 'ReadOnly', Effect: 'Allow', Action: [...reads], Resource: '*' }] : []),
      ...(scoped.length > 0 ? [{ Sid: 'TestPages', Effect: 'Allow', Action: [...scoped], Resource: `arn:${partition}:cloudwatch:*:*:alarm:${prefix}-*` }] : []),
      ...CLI_IMPLIED_PERMISSIONS[command].map((p) => ({
        Sid: `Through${p.viaService[0].toUpperCase()}${p.viaService.slice(1)}`,
        Effect: 'Allow',
        Action: [p.action],
        Resource: '*',
        Condition: { StringLike: { 'kms:ViaService': `${p.viaService}.*` } },
      })),
    ],
  };
}
