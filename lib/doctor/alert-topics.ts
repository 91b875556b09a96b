/**
 * The alert topics of a deployment, as the commands that read the account find them: the app's own
 * by name (each route and severity, and its SMS topic), the config's existing topics by ARN
 * (`alerts.*.topicArns`). A route and a severity narrow them (`test-alert --route --severity`).
 */
import { SEVERITIES, type Severity } from '../../contracts/alarm-context';
import { partitionOfRegion } from '../../contracts/console-links';
import { existingTopicArn } from '../config/alert-routes';
import { DEFAULT_ROUTE } from '../config/alerts-schema';
import type { ResolvedConfig } from '../config/resolve';
import { paginateListTopics, type SNSClient } from '@aws-sdk/client-sns';
import { chatbotTopicName, smsTopicName, topicName } from '../naming';

export interface AlertTopicScope {
  readonly route?: string;
  readonly severity?: Severity;
}

export function deploymentAlertTopics(cfg: Pick<ResolvedConfig, 'prefix' | 'alertRoutes'>, scope: AlertTopicScope = {}): { names: Set<string>; arns: Set<string> } {
  const names = new Set<string>();
  const arns = new Set<string>();
  for (const r of Object.values(cfg.alertRoutes)) {
    if (scope.route && r.name !== scope.route) continue;
    for (const s of SEVERITIES) {
      if (scope.severity && s !== scope.severity) continue;
      names.add(topicName(cfg.prefix, s, r.name));
      names.add(smsTopicName(cfg.prefix, s, r.name));
      for (const arn of r.severities[s].topicArns ?? []) arns.add(arn);
    }
  }
  return { names, arns };
}

/** A topic's name, the last part of its ARN. */
export const topicNameOf = (arn: string) => arn.split(':').pop() ?? arn;

/** One topic the Slack webhook notifier's intake queue is subscribed to: `arn` when the config names it, else the app's topic `name`. */
export interface SlackIntakeTopic {
  readonly severity: Severity;
  readonly name: string;
  readonly arn?: string;
}

/**
 * The topics the Slack webhook notifier of `region` hears: the default route's alert topic of each
 * severity there, the config's (`alerts.<severity>.topicArns`) or the app's. The core stack
 * subscribes its intake queue to the same two (lib/stacks/core-stack.ts, `topicList`); a test
 * compares this with the synthesized subscriptions.
 */
export function slackIntakeTopics(cfg: Pick<ResolvedConfig, 'prefix' | 'alertRoutes'>, region: string): SlackIntakeTopic[] {
  const route = cfg.alertRoutes[DEFAULT_ROUTE];
  return SEVERITIES.map((severity) => {
    const arn = existingTopicArn(route, severity, region);
    return arn ? { severity, name: topicNameOf(arn), arn } : { severity, name: topicName(cfg.prefix, severity) };
  });
}

/** Whether a topic ARN (an alarm action) is one of `topics`: the config's by ARN, the app's by name. */
export function isIntakeTopic(topics: readonly SlackIntakeTopic[], topicArn: string): boolean {
  return topics.some((t) => (t.arn ? t.arn === topicArn : topicNameOf(topicArn) === t.name));
}

/** The ARN of the topic named `name` in a region and account (its region's partition). */
export function snsTopicArnOf(region: string, account: string, name: string): string {
  return `arn:${partitionOfRegion(region)}:sns:${region}:${account}:${name}`;
}

/** The ARN of an intake topic: the config's, or the app's in the notifier's region and account. */
export function intakeTopicArn(t: SlackIntakeTopic, at: { readonly region: string; readonly account: string }): string {
  return t.arn ?? snsTopicArnOf(at.region, at.account, t.name);
}

/** The deployment's topics found in the account: the app's, and the config's existing ones. */
export interface DeploymentTopics {
  /** Every topic ARN, sorted: the app's topics found by name in the deployment's regions, then the config's. */
  readonly arns: readonly string[];
  /** The config's existing topics (`alerts.*.topicArns`), whether or not they exist. */
  readonly configured: ReadonlySet<string>;
}

/**
 * The deployment's alert topics as the account holds them (one ListTopics listing per region): the
 * app's by name (alert and SMS topics of every route and severity, and the Chatbot topic), and the
 * config's existing topics by ARN.
 */
export async function listDeploymentTopics(cfg: Pick<ResolvedConfig, 'prefix' | 'alertRoutes'>, sns: (region: string) => SNSClient, regions: readonly string[]): Promise<DeploymentTopics> {
  const { names, arns } = deploymentAlertTopics(cfg);
  names.add(chatbotTopicName(cfg.prefix));
  const found = new Set<string>();
  for (const region of regions) {
    for await (const page of paginateListTopics({ client: sns(region) }, {})) {
      for (const t of page.Topics ?? []) if (t.TopicArn && names.has(topicNameOf(t.TopicArn))) found.add(t.TopicArn);
    }
  }
  for (const arn of arns) found.add(arn);
  return { arns: [...found].sort(), configured: arns };
}
