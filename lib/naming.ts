import { createHash } from 'node:crypto';
/** Deterministic, readable names for everything users see in the console. */
import type { AlarmKind, Severity } from '../contracts/alarm-context';
import { ALARMS, DASHBOARDS, ROUTE53 } from './aws-facts';
import type { ResolvedSubject } from './config/resolve';
import type { LogSource } from './signals/types';
import { DEFAULT_ROUTE } from './config/alerts-schema';

/** `<prefix>-<zone or vpc>-<signal>-<kind>`, e.g. `acme-prod-example.com-nxdomain-rate`. */
export function alarmName(prefix: string, subject: ResolvedSubject, signal: string, kind: AlarmKind): string {
  return subjectAlarmName(prefix, subject.name, signal, kind);
}

/**
 * `<prefix>-<subject>-<signal>-<kind>` within AWS's 255 characters: a subject name too long for it
 * (a 253-character zone name) is cut and followed by `~` and a hash of the whole name, so names stay
 * unique and never change between syntheses.
 */
export function subjectAlarmName(prefix: string, subject: string, signal: string, kind: AlarmKind): string {
  const full = `${prefix}-${subject}-${signal}-${kind}`;
  if (full.length <= ALARMS.maxNameLength) return full;
  const hash = createHash('sha256').update(subject).digest('hex').slice(0, 8);
  const room = ALARMS.maxNameLength - `${prefix}--${signal}-${kind}`.length - hash.length - 1;
  return `${prefix}-${subject.slice(0, Math.max(1, room))}~${hash}-${signal}-${kind}`;
}

/** A hosted zone's logs-stopped alarm (Route 53 answers, its query logs do not arrive). */
export const logsStoppedAlarmName = (prefix: string, zoneName: string) => subjectAlarmName(prefix, zoneName, 'query-logs', 'logs-stopped');

/** The deployment's one AWS Chatbot Slack channel configuration (in its primary region). */
export function chatbotConfigurationName(prefix: string, region: string): string {
  return `${prefix}-dns-${region}`;
}

/** The deployment's one Slack webhook secret (in its primary region). */
export function slackWebhookSecretName(prefix: string): string {
  return `${prefix}/slack-webhook-url`;
}

/** `<prefix>-alerts-<severity>`, or `<prefix>-alerts-<route>-<severity>` for a named route. */
export function topicName(prefix: string, severity: Severity, route = DEFAULT_ROUTE): string {
  return route === DEFAULT_ROUTE ? `${prefix}-alerts-${severity}` : `${prefix}-alerts-${route}-${severity}`;
}

/**
 * `<prefix>-alerts-<severity>-sms` (`<prefix>-alerts-<route>-<severity>-sms`): the topic that texts a
 * route's phone numbers. Only alarms (and the DNS check follow-up, and critical change alerts as one
 * line of text) publish to it, never the change audit's JSON. Route topics end in a severity, so the
 * `-sms` suffix cannot meet one of theirs.
 */
export function smsTopicName(prefix: string, severity: Severity, route = DEFAULT_ROUTE): string {
  return `${topicName(prefix, severity, route)}-sms`;
}

/** `<prefix>-alerts-chatbot`: the topic only the AWS Chatbot channel reads (route topics always end in a severity). */
export function chatbotTopicName(prefix: string): string {
  return `${prefix}-alerts-chatbot`;
}

const dashSafe = (s: string) => s.replace(/[^A-Za-z0-9_-]/g, '-');

/**
 * `<head><rest>` within a dashboard name's length: when it is longer, `rest` is cut and followed by
 * `-` and a hash of all of it, so names that differ only past the cut stay apart and never change
 * between syntheses (dashboard names take no `~`).
 */
export function fitDashboardName(head: string, rest: string): string {
  const full = `${head}${rest}`;
  if (full.length <= DASHBOARDS.maxNameLength) return full;
  const hash = createHash('sha256').update(rest).digest('hex').slice(0, 8);
  return `${head}${rest.slice(0, Math.max(1, DASHBOARDS.maxNameLength - head.length - hash.length - 1))}-${hash}`;
}

/** The per-zone / per-VPC dashboard (built by the dashboards module). */
export function subjectDashboardName(prefix: string, subject: ResolvedSubject): string {
  const kind = subject.source === 'hostedZone' ? 'zone' : 'vpc';
  return fitDashboardName(`${prefix}-dns-${kind}-`, dashSafe(subject.name));
}

/** A dedicated dashboard's name with the subject's id after it (two names that map to one): the id is kept whole. */
export function withSubjectId(name: string, id: string): string {
  const tail = `-${id}`;
  return `${name.slice(0, DASHBOARDS.maxNameLength - tail.length)}${tail}`;
}

export function metricFilterName(prefix: string, metricName: string): string {
  return `${prefix}-${metricName}`;
}

/** The one CloudWatch Logs resource policy that lets Route 53 write hosted-zone query logs (us-east-1). */
export const route53LogsPolicyName = (prefix: string) => `${prefix}-route53-query-logs`;

/**
 * Name of the Resolver query logging configuration of a log group: derived from the log group, so
 * it never changes when VPCs or other log groups are added or reordered, within the characters and
 * length Resolver takes (ROUTE53 in lib/aws-facts.ts).
 */
export function resolverQueryLoggingName(prefix: string, region: string, logGroupName: string): string {
  const hash = createHash('sha256').update(logGroupName).digest('hex').slice(0, 8);
  const readable = logGroupName.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '');
  const head = `${prefix}-${region}-`;
  return `${head}${readable.slice(0, Math.max(0, ROUTE53.resolverQueryLogConfigNameMaxLength - head.length - 9))}-${hash}`.replace(/--+/g, '-');
}

// ---------------------------------------------------------------- dashboards
// Dashboard names may use letters, digits, `-` and `_` (DASHBOARDS in lib/aws-facts.ts); dashboards
// are global per account, so every name includes what makes it unique (page number, region).

function isValidDashboardName(name: string): boolean {
  return name.length <= DASHBOARDS.maxNameLength && DASHBOARDS.nameCharacters.test(name);
}

function checked(name: string): string {
  if (!isValidDashboardName(name)) {
    throw new Error(`dashboard name '${name}' is not valid — use letters, digits, - and _ (max ${DASHBOARDS.maxNameLength})`);
  }
  return name;
}

const paged = (base: string, page: number) => checked(page <= 1 ? base : `${base}-${page}`);

export const landingDashboardName = (prefix: string, page = 1) => paged(`${prefix}-dns-landing`, page);

/** The dashboard of the active DNS checks (one per deployment, in its primary region). */
export const dnsChecksDashboardName = (prefix: string) => checked(`${prefix}-dns-checks`);

/** What every DNS check alarm name starts with (the reporter's EventBridge rule matches it). */
export const dnsCheckAlarmPrefix = (prefix: string) => `${prefix}-dns-check-`;

/** `<prefix>-dns-check-<check>`: the M-of-N alarm of one active DNS check. */
export const dnsCheckAlarmName = (prefix: string, check: string) => `${dnsCheckAlarmPrefix(prefix)}${check}`;

/**
 * The prober function and its schedule, the same names in every vantage region: the reporter of
 * the primary region invokes the prober of each region by name, and the prober reads its checks
 * from its own schedule. Prefix (<= 24 characters) keeps both within Lambda's and Scheduler's 64.
 */
export const dnsProberFunctionName = (prefix: string) => `${prefix}-dns-prober`;
export const dnsProberScheduleName = (prefix: string) => `${prefix}-dns-prober`;

/**
 * The Slack notifier's rule on alarm deletions (each region with a notifier), and the short name
 * of its delivery alarms (`<prefix>-slack-deleted-alarms-dead-letters-count`, ...).
 */
export const SLACK_DELETED_ALARMS = 'slack-deleted-alarms';
export const slackDeletedAlarmsRuleName = (prefix: string) => `${prefix}-${SLACK_DELETED_ALARMS}`;

/** The rule that runs the DNS check reporter when a check alarm enters ALARM (primary region). */
export const dnsCheckReporterRuleName = (prefix: string) => `${prefix}-dns-check-reporter`;

/**
 * The reporter's own delivery alarms' short name: `<prefix>-dns-reporter-...`, outside the check
 * alarms' `<prefix>-dns-check-` names, so no check can share a name with them and the reporter's
 * rule never runs it for its own alarms.
 */
export const DNS_REPORTER_ALARMS = 'dns-reporter';

/** A region's prober as its alarms' context names it (subject and stable id). */
export const dnsProberSubject = (prefix: string, region: string) => ({ subject: `dns-prober-${region}`, subjectId: `${prefix}-dns-prober-${region}` });

/**
 * The prober's alarms in one region: its own errors (in that region), and its zone checks skipped
 * run after run (in the primary region, where its metrics are). Invocations the scheduler could not
 * deliver have a dead-letter alarm named by its delivery.
 */
export const dnsProberAlarmName = (prefix: string, region: string, what: 'errors' | 'zone-checks-skipped') => `${prefix}-dns-prober-${region}-${what}`;

/** The registration watcher (us-east-1 core stack): its function, schedule and log group. */
export const domainWatcherFunctionName = (prefix: string) => `${prefix}-domain-watcher`;
export const domainWatcherScheduleName = (prefix: string) => `${prefix}-domain-watcher`;
export const domainWatcherLogGroupName = (prefix: string) => `/codreum/${prefix}/domain-watcher`;
export const domainWatcherAlarmName = (prefix: string, what: 'errors') => `${prefix}-domain-watcher-${what}`;

/** A registered domain's alarms: `<prefix>-<domain>-<expiry|expiry-critical|auto-renew>-registration`. */
export const domainAlarmName = (prefix: string, domain: string, signal: 'expiry' | 'expiry-critical' | 'auto-renew') => subjectAlarmName(prefix, domain, signal, 'registration');

/**
 * The prober's log group, the same name in every region it runs in (dashboards of another region
 * name it). It is deleted with its stack, so a redeploy never collides with a retained one.
 */
export const dnsProberLogGroupName = (prefix: string) => `/codreum/${prefix}/dns-prober`;

/**
 * The health-check dashboard of the checks in health-check stack `stack` (it is created in that
 * stack, next to the checks whose ids its widgets read: an id imported by another stack would pin
 * the check's export, and removing or replacing the check would fail). Named apart from the
 * `<prefix>-dns-health-checks[-<page>]` dashboards of earlier versions, which the dashboards stack
 * held: a new dashboard under a name that still exists fails to create.
 */
export const healthChecksDashboardName = (prefix: string, stack = 1, page = 1) => paged(`${prefix}-dns-health-checks-s${stack}`, page);

/** Shared "explorer" dashboards with a subject dropdown, numbered per source (and region for VPCs). */
export function explorerDashboardName(prefix: string, source: LogSource, region: string, page: number): string {
  return checked(source === 'hostedZone' ? `${prefix}-dns-zones-${page}` : `${prefix}-dns-vpcs-${region}-${page}`);
}

/** What names a change-audit part after the first (`-p<part>`; part 1 has none). */
export function auditPartTag(part: number): string {
  return part > 1 ? `-p${part}` : '';
}

/** The numbered stack `n` of a placement group (`zones`, `vpcs-<region>`, `health-checks`, ...). */
export function shardStackName(prefix: string, group: string, n: number): string {
  return `${prefix}-${group}-${n}`;
}

/** The stack of change-audit part `part` (`<prefix>-change-audit`, then `-2` ...), in us-east-1. */
export function changeAuditStackName(prefix: string, part: number): string {
  return `${prefix}-change-audit${part > 1 ? `-${part}` : ''}`;
}

/**
 * A change-audit rule: `<prefix>-dns-audit[-p<part>]-<rest>` (`rest` is `<category>-<n>`; `*` gives
 * the pattern of the part's rules, which the audit publisher's invoke permission admits).
 */
export function auditRuleName(prefix: string, part: number, rest: string): string {
  return `${prefix}-dns-audit${auditPartTag(part)}-${rest}`;
}

/** The alarm on a delivery's dead-letter queue (`name`: slack, audit, license, ...); doctor finds the queues by it. */
export const DEAD_LETTER_ALARM_SUFFIX = '-dead-letters-count';
export function deadLetterAlarmName(prefix: string, name: string): string {
  return `${prefix}-${name}${DEAD_LETTER_ALARM_SUFFIX}`;
}

/** The alarm on the notifications SNS failed to deliver from one of the app's alert topics: `<topic name>-delivery-failures-count`. */
export const topicDeliveryFailuresAlarmName = (topic: string) => `${topic}-delivery-failures-count`;

/** The alarm on the failed invocations of a rule that runs a product function (`name`: dns-reporter, slack-deleted-alarms). */
export const ruleFailedInvocationsAlarmName = (prefix: string, name: string) => `${prefix}-${name}-failed-invocations-count`;

/** The Slack webhook notifier's delivery name in its alarms' names (`<prefix>-slack-dead-letters-count`, `<prefix>-slack-intake-backlog-age`). */
export const SLACK_DELIVERY_NAME = 'slack';

export const INTAKE_BACKLOG_ALARM_SUFFIX = '-intake-backlog-age';
/** `<prefix>-<name>-intake-backlog-age`: the alarm on how long the oldest message has waited in a delivery's intake queue. */
export const intakeBacklogAlarmName = (prefix: string, name: string) => `${prefix}-${name}${INTAKE_BACKLOG_ALARM_SUFFIX}`;

/**
 * `<prefix>-maintenance-<window>-<subject>`: the mute rule of one maintenance window for one
 * subject (`muteRuleSubject`). Ids, not names, keep it within AWS's 255 characters; the name is
 * create-only, and neither part ever changes for a subject.
 */
export const muteRuleName = (prefix: string, window: string, subject: string) => `${prefix}-maintenance-${window}-${subject}`;

/**
 * The subject part of a mute rule name: a hosted zone id, VPC id or Resolver endpoint id as it is
 * (their forms never meet), a DNS or health check by kind and name (the two may share a name).
 */
export const muteRuleSubject = {
  id: (id: string) => id,
  dnsCheck: (name: string) => `dns-check-${name}`,
  healthCheck: (name: string) => `health-check-${name}`,
} as const;

/** The tag key every resource of a deployment carries with its prefix (doctor reads it to tell the deployment's log groups). */
export const PREFIX_TAG_KEY = 'codreum:prefix';
