import { Validations } from 'aws-cdk-lib';
import * as chatbot from 'aws-cdk-lib/aws-chatbot';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';

/** AWS managed policy used as both the channel role and the guardrail: read-only CloudWatch. */
export const CHATBOT_READ_ONLY_POLICY = 'CloudWatchReadOnlyAccess';

export interface ChatbotSlackChannelProps {
  /** Channel configuration name (unique in the account). */
  readonly name: string;
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
 * channel. CDK's SlackChannelConfiguration defaults its guardrail to AdministratorAccess; here both
 * the channel role and the guardrail are narrowed to the read-only CloudWatch managed policy.
 */
export class ChatbotSlackChannel extends Construct {
  public readonly channel: chatbot.SlackChannelConfiguration;
  public readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: ChatbotSlackChannelProps) {
    super(scope, id);
    const readOnly = iam.ManagedPolicy.fromAwsManagedPolicyName(CHATBOT_READ_ONLY_POLICY);
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('chatbot.amazonaws.com'),
      description: 'AWS Chatbot channel role for DNS monitor alerts: read-only CloudWatch',
      managedPolicies: [readOnly],
    });
    Validations.of(this.role).acknowledge({
      id: `AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/${CHATBOT_READ_ONLY_POLICY}]`,
      reason: 'CloudWatchReadOnlyAccess is the read-only policy AWS documents for Chatbot alarm notifications; it is also the guardrail, so channel members can never do more.',
    });
    this.channel = new chatbot.SlackChannelConfiguration(this, 'Channel', {
      slackChannelConfigurationName: props.name,
      slackWorkspaceId: props.slackWorkspaceId,
      slackChannelId: props.slackChannelId,
      notificationTopics: props.topics,
      role: this.role,
      guardrailPolicies: [readOnly],
      loggingLevel: props.loggingLevel ?? chatbot.LoggingLevel.ERROR,
      userRoleRequired: false,
    });
  }
}
