import { ArnFormat, Stack, Validations } from 'aws-cdk-lib';
import * as chatbot from 'aws-cdk-lib/aws-chatbot';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { nagAccount, nagPartition } from '../app/nag-ids';

/** What a Slack channel member may do through AWS Chatbot: read this deployment's alarms. */
export const CHATBOT_ALLOWED_ACTIONS = ['cloudwatch:DescribeAlarms', 'cloudwatch:DescribeAlarmHistory'] as const;

export interface ChatbotSlackChannelProps {
  /** Channel configuration name (unique in the account). */
  readonly name: string;
  /** Alarm name prefix of this deployment: channel members may read these alarms, nothing else. */
  readonly alarmPrefix: string;
  /** Regions of those alarms. @default the stack's region */
  readonly alarmRegions?: readonly string[];
  /** Slack workspace id (T…); the workspace must be authorized once in the AWS Chatbot console. */
  readonly slackWorkspaceId: string;
  /** Slack channel id (C…), from the channel's "Copy link" URL. */
  readonly slackChannelId: string;
  /** Alarm topics whose notifications Chatbot posts to the channel. */
  readonly topics: sns.ITopic[];
  /**
   * Chatbot's own logging (to CloudWatch Logs in us-east-1, log group `/aws/chatbot/<name>`).
   * @default chatbot.LoggingLevel.ERROR
   */
  readonly loggingLevel?: chatbot.LoggingLevel;
}

/**
 * AWS Chatbot (Amazon Q Developer in chat applications) delivering the alarm topics to a Slack
 * channel. An account may have one configuration per Slack channel (a second fails: "Slack channel
 * with ID ... has already been configured for AWS account ..."), so a deployment has one, reading
 * the topics and alarms of all its regions (one configuration may combine topics from several
 * regions: https://docs.aws.amazon.com/chatbot/latest/adminguide/chatbot-regions.html). Anyone in
 * the channel acts within the channel role AND the guardrail, so both are one custom policy:
 * describe this deployment's alarms and their history, nothing else.
 *
 * Deliberately absent: the AWS managed CloudWatchReadOnlyAccess (it allows logs:FilterLogEvents,
 * logs:StartQuery and cloudwatch:GetInsightRuleReport on `*`, so channel members could pull query
 * names and client IPs into Slack) and metric reads: cloudwatch:GetMetricData/GetMetricStatistics
 * take no resource or namespace condition (Service Authorization Reference, Amazon CloudWatch),
 * so allowing them would expose every metric of the account. Notifications therefore carry the
 * alarm's name, state, reason and threshold, without a metric chart (docs/slack.md).
 */
export class ChatbotSlackChannel extends Construct {
  public readonly channel: chatbot.SlackChannelConfiguration;
  public readonly role: iam.Role;
  public readonly guardrail: iam.ManagedPolicy;

  constructor(scope: Construct, id: string, props: ChatbotSlackChannelProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const regions = [...new Set(props.alarmRegions ?? [stack.region])].sort();
    this.guardrail = new iam.ManagedPolicy(this, 'Guardrail', {
      description: `Slack channel ${props.name}: read the DNS monitor's own alarms only (no logs, no metric data, no DNS records)`,
      statements: [
        new iam.PolicyStatement({
          sid: 'ReadOwnAlarms',
          actions: [...CHATBOT_ALLOWED_ACTIONS],
          resources: regions.map((region) => stack.formatArn({ service: 'cloudwatch', region, resource: 'alarm', resourceName: `${props.alarmPrefix}-*`, arnFormat: ArnFormat.COLON_RESOURCE_NAME })),
        }),
      ],
    });
    for (const region of regions) {
      Validations.of(this.guardrail).acknowledge({
        id: `AwsSolutions-IAM5[Resource::arn:${nagPartition(stack)}:cloudwatch:${region}:${nagAccount(stack)}:alarm:${props.alarmPrefix}-*]`,
        reason: "Read-only access to this deployment's alarms, named by its prefix; nothing else.",
      });
    }
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('chatbot.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': stack.account } } }),
      description: "AWS Chatbot channel role for DNS monitor alerts: read this deployment's alarms, nothing else",
      managedPolicies: [this.guardrail],
    });
    this.channel = new chatbot.SlackChannelConfiguration(this, 'Channel', {
      slackChannelConfigurationName: props.name,
      slackWorkspaceId: props.slackWorkspaceId,
      slackChannelId: props.slackChannelId,
      notificationTopics: props.topics,
      role: this.role,
      guardrailPolicies: [this.guardrail],
      loggingLevel: props.loggingLevel ?? chatbot.LoggingLevel.ERROR,
      userRoleRequired: false,
    });
  }
}
