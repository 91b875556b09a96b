import { SLACK_DEAD_LETTER_REASONS } from '../../contracts/slack-notifier';
import { SEVERITIES } from '../../contracts/alarm-context';
import { ArnFormat, Stack, StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { ResolvedConfig, ResolvedSubject } from '../config/resolve';
import { actionsOfTopics, AlertTopics, alertTopicArn } from '../constructs/alert-topics';
import { ContributorInsightsRules } from '../constructs/contributor-insights-rules';
import { LogGroupMetricFilters } from '../constructs/log-group-metric-filters';
import { QueryLogsKey } from '../constructs/query-logs-key';
import { ResolverQueryLogging } from '../constructs/resolver-query-logging';
import { Route53LogsResourcePolicy } from '../constructs/route53-logs-policy';
import { ChatbotSlackChannel } from '../alerts/chatbot-slack';
import { SLACK_INTAKE, SlackWebhookNotifier } from '../alerts/slack-webhook-notifier';
import { deadLetterAlarm, intakeBacklogAlarm, topicDeliveryAlarm } from '../alerts/dead-letter-alarm';
import { deliveryFailureSeverity } from '../config/alert-routes';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { DEFAULT_ROUTE } from '../config/alerts-schema';
import { chatbotConfigurationName, chatbotTopicName, resolverQueryLoggingName, SLACK_DELIVERY_NAME, slackWebhookSecretName } from '../naming';
import { HOSTED_ZONE_REGION } from '../config/resolve';
import { changeAuditRuns } from '../config/change-audit';
import * as sns from 'aws-cdk-lib/aws-sns';
import { asSeverity } from '../alarms/alarm-factory';

export interface CoreStackProps extends StackProps {
  readonly config: ResolvedConfig;
  /** Keep the query-log key although no subject of the region has the app create its query logging (it was created before). @default false */
  readonly keepQueryLogsKey?: boolean;
  readonly region: string;
  /** Hosted zones monitored from this region (only us-east-1 has any). */
  readonly hostedZones: readonly ResolvedSubject[];
  /** VPCs of this region. */
  readonly vpcs: readonly ResolvedSubject[];
  /** Region of the deployment's one Slack webhook secret (the primary region). */
  readonly slackSecretRegion: string;
  /**
   * Set on the primary region's core stack only: AWS Chatbot allows one configuration per Slack
   * channel in an account, so the deployment's one channel lives there and reads the alert topics
   * of every region it lists (the deployment's regions, this one included).
   */
  readonly chatbotRegions?: readonly string[];
  /**
   * The tags of the Resolver query logging configuration named `name` (create-only: it keeps the
   * tags it was created with; the deployment's tag aspect skips it).
   */
  readonly tagsAtCreation: (name: string) => Readonly<Record<string, string>>;
}

/**
 * The one Slack webhook secret of the deployment: the config's `secretArn`, else `<prefix>/slack-webhook-url`
 * which the notifier of `secretRegion` creates; the notifiers of other regions read that one (by
 * its partial ARN: a secret's ARN ends in a random suffix that no other stack can know).
 * @returns undefined where the notifier creates the secret itself
 */
function slackWebhookSecret(scope: Stack, prefix: string, secretArn: string | undefined, secretRegion: string): secretsmanager.ISecret | undefined {
  if (secretArn) return secretsmanager.Secret.fromSecretCompleteArn(scope, 'SlackWebhookSecret', secretArn);
  if (scope.region === secretRegion) return undefined;
  const arn = scope.formatArn({ service: 'secretsmanager', region: secretRegion, resource: 'secret', resourceName: slackWebhookSecretName(prefix), arnFormat: ArnFormat.COLON_RESOURCE_NAME });
  return secretsmanager.Secret.fromSecretPartialArn(scope, 'SlackWebhookSecret', arn);
}

/**
 * Per-region shared resources: alert topics, the query-log KMS key, the one Route 53 logs
 * resource policy (us-east-1), Resolver query logging and its metric filters (per log group,
 * shared by the region's VPCs), and the shared Contributor Insights rules.
 */
export class CoreStack extends Stack {
  readonly alertTopics: AlertTopics;
  readonly queryLogsKey?: QueryLogsKey;
  readonly route53LogsPolicy?: Route53LogsResourcePolicy;
  /**
   * us-east-1 with a Chatbot channel and a change audit: the topic the audit's chat copies go to
   * (Chatbot custom notifications), read by the channel only, so email and the Slack notifier never
   * receive them twice.
   */
  readonly chatbotTopic?: sns.Topic;

  constructor(scope: Construct, id: string, props: CoreStackProps) {
    super(scope, id, props);
    const { config: cfg } = props;
    const regionSubjects = [...props.hostedZones, ...props.vpcs];
    const routes = Object.values(cfg.alertRoutes).filter((r) => r.name === DEFAULT_ROUTE || regionSubjects.some((s) => s.alertRoute === r.name));
    this.alertTopics = new AlertTopics(this, 'Alerts', { prefix: cfg.prefix, routes });
    const topicList = [this.alertTopics.topics.critical, this.alertTopics.topics.warning];
    // Failed deliveries notify the severity with a destination outside Slack (with the webhook the
    // config guarantees one; without it, warning when neither has).
    const fallback = deliveryFailureSeverity(cfg.alertRoutes[DEFAULT_ROUTE]) ?? 'warning';
    const fallbackActions = asSeverity(actionsOfTopics((s) => this.alertTopics.alarmTopics(s), cfg.alerts.okNotifications), fallback);
    this.alertTopics.addDeliveryFailureAlarms(fallbackActions, fallback, cfg.alerts.runbookUrl);
    const slack = cfg.alerts.slack;
    if (slack?.webhook) {
      const notifier = new SlackWebhookNotifier(this, 'SlackNotifier', {
        prefix: cfg.prefix,
        topics: topicList,
        encryptionKey: this.alertTopics.key,
        webhookSecret: slackWebhookSecret(this, cfg.prefix, slack.webhook.secretArn, props.slackSecretRegion),
        deletedAlarms: { actions: fallbackActions, runbookUrl: cfg.alerts.runbookUrl },
      });
      deadLetterAlarm(this, 'SlackDeadLettersAlarm', {
        prefix: cfg.prefix,
        name: SLACK_DELIVERY_NAME,
        queue: notifier.deadLetterQueue,
        what: 'Alerts could not be posted to Slack',
        fix: `Each message's reason says why: ${Object.entries(SLACK_DEAD_LETTER_REASONS)
          .map(([reason, meaning]) => `${reason} (${meaning})`)
          .join('; ')}. Fix it, then redrive the queue (docs/slack.md).`,
        actions: fallbackActions,
        runbookUrl: cfg.alerts.runbookUrl,
      });
      intakeBacklogAlarm(this, 'SlackIntakeBacklogAlarm', {
        prefix: cfg.prefix,
        name: SLACK_DELIVERY_NAME,
        queue: notifier.intakeQueue,
        maxAgeSeconds: SLACK_INTAKE.backlogAlarmSeconds,
        what: 'Alerts for Slack',
        fix: 'An alert storm larger than Slack takes (about one message a second) is being posted and the alarm clears when it is; if it does not, the notifier stopped reading (its event source mapping or logs say why). The same alerts reached email, SMS and HTTPS as usual (docs/slack.md).',
        actions: fallbackActions,
        runbookUrl: cfg.alerts.runbookUrl,
      });
    }
    if (slack?.chatbot && props.chatbotRegions) {
      if (props.region === HOSTED_ZONE_REGION && changeAuditRuns(cfg.changeAudit)) {
        this.chatbotTopic = new sns.Topic(this, 'ChatbotTopic', {
          topicName: chatbotTopicName(cfg.prefix),
          displayName: `${cfg.prefix} DNS changes for Chatbot`,
          masterKey: this.alertTopics.key,
          enforceSSL: true,
        });
        topicDeliveryAlarm(this.chatbotTopic, 'DeliveryFailuresAlarm', {
          topicName: chatbotTopicName(cfg.prefix),
          actions: fallbackActions,
          severity: fallback,
          runbookUrl: cfg.alerts.runbookUrl,
          subscribers: 'AWS Chatbot, which posts the change alerts to the Slack channel (its configuration in the AWS Chatbot console)',
        });
      }
      // Other regions' topics by ARN (their names are known; a cross-region reference is not allowed).
      const defaultRoute = cfg.alertRoutes[DEFAULT_ROUTE];
      const otherTopics = props.chatbotRegions
        .filter((r) => r !== props.region)
        .flatMap((r) => SEVERITIES.map((sev) => sns.Topic.fromTopicArn(this, `ChatbotTopic-${r}-${sev}`, alertTopicArn(this, cfg.prefix, sev, defaultRoute, r))));
      new ChatbotSlackChannel(this, 'SlackChatbot', {
        name: chatbotConfigurationName(cfg.prefix, props.region),
        alarmPrefix: cfg.prefix,
        alarmRegions: props.chatbotRegions,
        slackWorkspaceId: slack.chatbot.workspaceId,
        slackChannelId: slack.chatbot.channelId,
        topics: [...topicList, ...(this.chatbotTopic ? [this.chatbotTopic] : []), ...otherTopics],
      });
    }
    // Once created the key stays: the log groups it encrypts are retained, and the zone stacks that
    // imported its ARN may still be deployed (an export they import cannot be removed: lib/compose/exports.ts).
    const needsKey = props.keepQueryLogsKey || [...props.hostedZones, ...props.vpcs].some((s) => s.createQueryLogging);
    if (needsKey) this.queryLogsKey = new QueryLogsKey(this, 'QueryLogsKey', cfg.prefix);
    if (props.hostedZones.some((z) => z.createQueryLogging)) {
      this.route53LogsPolicy = new Route53LogsResourcePolicy(this, 'Route53LogsPolicy', cfg.prefix);
    }

    // Resolver: one set of metric filters per log group, whatever the number of VPCs in it.
    const createdResolverLogGroups: ResolverQueryLogging[] = [];
    // Keyed by log group name (never by position), VPCs sorted by id.
    const byLogGroup = new Map<string, ResolvedSubject[]>();
    for (const v of [...props.vpcs].sort((a, b) => a.id.localeCompare(b.id))) byLogGroup.set(v.logGroupName, [...(byLogGroup.get(v.logGroupName) ?? []), v]);
    for (const [logGroupName, vpcs] of [...byLogGroup].sort(([a], [b]) => a.localeCompare(b))) {
      let created: ResolverQueryLogging | undefined;
      if (vpcs[0].createQueryLogging && this.queryLogsKey) {
        const name = resolverQueryLoggingName(cfg.prefix, props.region, logGroupName);
        created = new ResolverQueryLogging(this, `ResolverQueryLogging-${logGroupName}`, {
          name,
          tags: props.tagsAtCreation(name),
          logGroupName,
          retentionDays: Math.max(...vpcs.map((v) => v.retentionDays)),
          key: this.queryLogsKey,
          existing: vpcs.every((v) => v.existingLogGroup),
          vpcIds: vpcs.map((v) => v.id),
        });
        createdResolverLogGroups.push(created);
      }
      new LogGroupMetricFilters(this, `ResolverFilters-${logGroupName}`, {
        prefix: cfg.prefix,
        namespace: cfg.namespace,
        source: 'resolver',
        logGroupName,
        subjects: vpcs,
        dependsOn: created?.logGroup,
      });
    }

    // Hosted-zone Top-N rules live in their own stack after the zone stacks that create their log
    // groups (DnsMonitoring); the VPC rules read log groups created right here.
    if (cfg.contributorInsightsEnabled && props.vpcs.length > 0) {
      const rules = new ContributorInsightsRules(this, 'VpcTopN', { prefix: cfg.prefix, source: 'resolver', subjects: props.vpcs });
      for (const lg of createdResolverLogGroups) rules.node.addDependency(lg);
    }
  }
}
