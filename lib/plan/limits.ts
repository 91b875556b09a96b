/**
 * Account and template limits the deployment could hit, as errors (over the limit) and warnings
 * (at 80 % or more). Counts are this deployment's only: resources created outside it count too.
 */
import { ALARMS, CLOUDFORMATION, CONTRIBUTOR_INSIGHTS, EVENTBRIDGE, LOGS, ROUTE53, SNS_SMS } from '../aws-facts';
import { DIMENSION_VALUES_RISK, filterDimensionValues } from '../signals/metric-filters';
import { ASSUMPTIONS, usSmsTextsFor } from './prices';
import type { AlarmFacts } from './alarms';
import type { Synthesized } from './synthesize';
import type { LimitWarning } from './types';

export const LIMITS = {
  insightRulesPerRegion: CONTRIBUTOR_INSIGHTS.rulesPerRegion,
  eventRulesPerBus: EVENTBRIDGE.rulesPerEventBus,
  anomalyModelsPerRegion: ALARMS.maxAnomalyModelsPerRegion,
  healthChecksPerAccount: ROUTE53.healthChecksPerAccount,
  metricFiltersPerLogGroup: LOGS.metricFiltersPerLogGroup,
  /** Below the value at which CloudWatch Logs may disable a filter. */
  metricFilterDimensionValues: LOGS.metricFilterDimensionValuesPerHour - 1,
  logsResourcePoliciesPerRegion: LOGS.resourcePoliciesPerRegion,
  resolverQueryLogConfigsPerRegion: ROUTE53.resolverQueryLogConfigsPerRegion,
  resolverQueryLogVpcAssociationsPerRegion: ROUTE53.resolverQueryLogVpcAssociationsPerRegion,
  resourcesPerStack: CLOUDFORMATION.resourcesPerStack,
  templateBytes: CLOUDFORMATION.maxTemplateBytes,
} as const;

const WARN_AT = 0.8;

/**
 * What to do about a stack near a CloudFormation limit: the app splits zone, VPC, health-check,
 * change-audit and dashboard stacks by size itself, so the user cannot fix it in the config.
 */
const SPLIT_ADVICE =
  'the app splits its stacks by size itself, so this is a product defect: report it to Codreum with `npm run plan -- --json` output (library use: a lower DnsMonitoring maxResourcesPerStack splits zone and VPC stacks sooner)';

function check(out: LimitWarning[], limit: string, scope: string, value: number, max: number, fix: string): void {
  if (value > max) out.push({ limit, scope, value, max, level: 'error', message: `${scope}: ${value} ${limit} exceed the limit of ${max} — ${fix}` });
  else if (value >= max * WARN_AT) out.push({ limit, scope, value, max, level: 'warning', message: `${scope}: ${value} ${limit}, close to the limit of ${max} — ${fix}` });
}

/**
 * SMS subscribers: SNS texts them only once the account is ready, which the plan cannot see, and
 * drops texts silently otherwise. So every region with one gets a warning: a new account is in the
 * SMS sandbox, and its $1 monthly SMS spend limit buys fewer texts than the plan's notification
 * assumption may need. `doctor` checks the account after deploy.
 */
function smsWarnings(out: LimitWarning[], subs: readonly { region: string; props: Record<string, unknown> }[]): void {
  const perTopic = ASSUMPTIONS.notificationsPerTopicPerMonth;
  const quota = SNS_SMS.newAccountMonthlySpendQuotaUsd;
  const affordable = usSmsTextsFor(quota);
  const byRegion = new Map<string, typeof subs>();
  for (const s of subs) byRegion.set(s.region, [...(byRegion.get(s.region) ?? []), s]);
  for (const region of [...byRegion.keys()].sort()) {
    const list = byRegion.get(region)!;
    const numbers = new Set(list.map((s) => String(s.props.Endpoint))).size;
    const topics = new Set(list.map((s) => JSON.stringify(s.props.TopicArn))).size;
    const texts = list.length * perTopic;
    out.push({
      limit: 'SNS SMS spend limit',
      scope: region,
      value: texts,
      max: affordable,
      level: 'warning',
      message:
        `${region}: ${numbers} SMS subscriber${numbers === 1 ? '' : 's'} on ${topics} topic${topics === 1 ? '' : 's'}, about ${texts} texts a month at ${perTopic} notifications per topic; ` +
        `a new account's SMS spend limit of $${quota} a month buys about ${affordable} texts to a US number, then SNS sends no SMS until the next month, ` +
        'and while the account is in the SMS sandbox SNS texts only verified numbers (a US number also needs a 10DLC or toll-free origination number) — ' +
        'raise the limit and leave the sandbox before relying on SMS (docs/configuration.md, sms); dns-monitor doctor checks both after deploy',
    });
  }
}

function countBy<T>(items: readonly T[], key: (t: T) => string): Map<string, number> {
  const m = new Map<string, number>();
  for (const i of items) m.set(key(i), (m.get(key(i)) ?? 0) + 1);
  return m;
}

export function limitWarnings(s: Synthesized, alarms: readonly AlarmFacts[]): LimitWarning[] {
  const out: LimitWarning[] = [];
  const resources = s.stacks.flatMap((st) => st.resources);
  const ofType = (t: string) => resources.filter((r) => r.type === t);

  for (const [region, n] of countBy(ofType('AWS::CloudWatch::InsightRule'), (r) => r.region)) {
    check(out, 'Contributor Insights rules', region, n, LIMITS.insightRulesPerRegion, 'request an increase (Service Quotas, CloudWatch) or set contributorInsights.enabled: false');
  }
  const models = [...alarms.filter((a) => a.anomaly).map((a) => a.resource), ...ofType('AWS::CloudWatch::AnomalyDetector')];
  for (const [region, n] of countBy(models, (r) => r.region)) {
    check(out, 'anomaly detection models', region, n, LIMITS.anomalyModelsPerRegion, 'turn anomaly off for some signals (signals.<id>.anomaly: off)');
  }
  for (const [region, n] of countBy(ofType('AWS::Events::Rule'), (r) => r.region)) {
    check(out, 'EventBridge rules', `${region} default event bus`, n, LIMITS.eventRulesPerBus, 'rules created outside this app count too: request an increase (Service Quotas, EventBridge, "Rules") before deploying, or set changeAudit.allChanges: false to drop the record-change rules');
  }
  check(
    out,
    'Route 53 health checks',
    'account',
    ofType('AWS::Route53::HealthCheck').length,
    LIMITS.healthChecksPerAccount,
    'request an increase (Service Quotas, Route 53, "Health checks") before deploying; checks created outside this app count too, and a change that replaces health checks (a new url scheme, searchString, requestInterval or measureLatency) holds one more check per replaced check until the deploy ends (docs/rollout.md)',
  );
  for (const [group, n] of countBy(ofType('AWS::Logs::MetricFilter'), (r) => `${r.region} ${String(r.props.LogGroupName)}`)) {
    check(out, 'metric filters', `log group ${group}`, n, LIMITS.metricFiltersPerLogGroup, 'disable signals or split the log group (hard limit)');
  }
  const subjects = [...s.config.hostedZones, ...s.config.resolverVpcs];
  for (const region of [...new Set(subjects.map((x) => x.region))].sort()) {
    for (const d of filterDimensionValues(subjects.filter((x) => x.region === region))) {
      const noun = d.source === 'hostedZone' ? 'zones' : 'VPCs';
      check(out, 'different dimension values of one metric filter', `log group ${region} ${d.logGroupName}`, d.values, LIMITS.metricFilterDimensionValues, `${DIMENSION_VALUES_RISK} (its ${d.metricName} filter counts ${d.subjects} ${noun}${d.valuesPerSubject > 1 ? ` × ${d.valuesPerSubject} query types` : ''}; ${noun} outside the config writing to the group count too): split the group before it grows past that`);
    }
  }
  for (const [region, n] of countBy(ofType('AWS::Logs::ResourcePolicy'), (r) => r.region)) {
    check(out, 'CloudWatch Logs resource policies', region, n, LIMITS.logsResourcePoliciesPerRegion, 'policies created outside this app count too (hard limit)');
  }
  for (const [region, n] of countBy(ofType('AWS::Route53Resolver::ResolverQueryLoggingConfig'), (r) => r.region)) {
    check(out, 'Resolver query logging configurations', region, n, LIMITS.resolverQueryLogConfigsPerRegion, 'configurations created outside this app count too: request an increase (Service Quotas, Route 53, "Query log configurations per AWS Region") before deploying, or let VPCs share log groups (resolverVpcs[].queryLogging.logGroupName): the app makes one configuration per region and log group');
  }
  for (const [region, n] of countBy(ofType('AWS::Route53Resolver::ResolverQueryLoggingConfigAssociation'), (r) => r.region)) {
    check(out, 'Resolver query logging VPC associations', region, n, LIMITS.resolverQueryLogVpcAssociationsPerRegion, 'the quota is per region, across every query logging configuration of the account (ones outside this app count too): request an increase (Service Quotas, Route 53, "Query log configuration VPC associations per AWS Region") before deploying');
  }
  smsWarnings(out, ofType('AWS::SNS::Subscription').filter((r) => r.props.Protocol === 'sms'));
  for (const st of s.stacks) {
    check(out, 'resources', `stack ${st.name}`, st.resources.length, LIMITS.resourcesPerStack, SPLIT_ADVICE);
    check(out, 'template bytes', `stack ${st.name}`, st.templateBytes, LIMITS.templateBytes, `CloudFormation accepts at most ${LIMITS.templateBytes.toLocaleString('en-US')} bytes; ${SPLIT_ADVICE}`);
  }
  return out.sort((a, b) => (a.level === b.level ? 0 : a.level === 'error' ? -1 : 1));
}
