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
    'cloudwatch:GetMetricData',
    'cloudwatch:ListMetrics',
    'dynamodb:Scan',
    'lambda:GetFunctionConfiguration',
    'lambda:ListEventSourceMappings',
    'logs:DescribeLogGroups',
    'logs:DescribeLogStreams',
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
  'test-alert': ['cloudwatch:DescribeAlarms', 'cloudwatch:SetAlarmState'],
  'replay --from-account': ['cloudwatch:GetMetricData', 'logs:FilterLogEvents'],
} as const;

export type CliCommand = keyof typeof CLI_PERMISSIONS;

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
    ],
  };
}
