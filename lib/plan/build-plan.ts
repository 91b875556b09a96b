/**
 * Turns a synthesized deployment into the plan: resources per subject and in total, the monthly
 * cost line by line, detection times and limit warnings. Everything is read from the templates
 * (what would really be deployed), not from a second model of the app.
 */
import { analyseAlarms } from './alarms';
import { costLine, sumLines, Units } from './cost-lines';
import { countCustomMetrics } from './custom-metrics';
import { alarmsOnCreate, deployPacing, okNotificationsOnCreate, zoneReadsByRegion, zoneReadWarmUp } from './deploy';
import { limitWarnings } from './limits';
import { maintenancePlan } from './maintenance';
import { ASSUMPTIONS, CLOUDWATCH_FREE_TIER, PRICE_REGION, PRICE_TABLE_DATE, pricingOf } from './prices';
import { dashboardMetricEntries, healthCheckFacts, insightRuleSubjects, lambdaUses } from './resources';
import { SHARED, SubjectRegistry } from './subjects';
import type { Synthesized } from './synthesize';
import type { CostLine, Plan, ResourceCounts } from './types';
import { emptyCounts } from './types';
import { usageSection } from './usage';
import { ZONE_SERVERS_CACHE_MS } from '../../contracts/dns-check';
import { dnsProberAlarmName } from '../naming';
import { zoneChecksSkippedMinutes } from '../alarms/dns-check-alarm';

/** Reads of one zone's name servers a month: each is read again at a uniform time between half the cache time and all of it (3/4 on average). */
const ZONE_READS_PER_MONTH = (ASSUMPTIONS.hoursPerMonth * 3_600_000) / (0.75 * ZONE_SERVERS_CACHE_MS);


export interface BuildPlanOptions {
  /** Queries per day each zone and VPC receives, for the usage section. @default no usage section */
  readonly queriesPerDay?: number;
}

export function buildPlan(s: Synthesized, opts: BuildPlanOptions = {}): Plan & { readonly unpricedTypes: readonly string[] } {
  const cfg = s.config;
  const reg = new SubjectRegistry(cfg);
  const resources = s.stacks.flatMap((st) => st.resources);
  const totals = emptyCounts();
  const bump = (key: string, field: Exclude<keyof ResourceCounts, 'alarmsByKind'>, n = 1) => {
    reg.get(key).counts[field] += n;
  };

  const resourceTypes: Record<string, number> = {};
  for (const r of resources) resourceTypes[r.type] = (resourceTypes[r.type] ?? 0) + 1;
  const unpricedTypes = Object.keys(resourceTypes).filter((t) => pricingOf(t) === undefined).sort();

  // Alarms first: their context lines register health-check and license subjects.
  const alarms = analyseAlarms(resources, s.specs, reg);
  const alarmUnits = new Units();
  const anomalyUnits = new Units();
  const highResUnits = new Units();
  const compositeUnits = new Units();
  const dashboardSubjects = new Map<string, Set<string>>();
  for (const a of alarms) {
    const row = reg.get(a.subject).counts;
    row.alarmsByKind[a.kind] = (row.alarmsByKind[a.kind] ?? 0) + 1;
    totals.alarmsByKind[a.kind] = (totals.alarmsByKind[a.kind] ?? 0) + 1;
    if (a.composite) {
      bump(a.subject, 'compositeAlarms');
      totals.compositeAlarms++;
      compositeUnits.add(a.subject);
      continue;
    }
    bump(a.subject, 'alarms');
    totals.alarms++;
    if (a.anomaly) {
      bump(a.subject, 'anomalyModels');
      totals.anomalyModels++;
    }
    (a.highResolution ? highResUnits : a.anomaly ? anomalyUnits : alarmUnits).add(a.subject, a.alarmMetrics);
    if (a.dashboard && a.subject !== SHARED) dashboardSubjects.set(a.dashboard, (dashboardSubjects.get(a.dashboard) ?? new Set()).add(a.subject));
  }
  const anomalyDetectors = resources.filter((r) => r.type === 'AWS::CloudWatch::AnomalyDetector').length;
  totals.anomalyModels += anomalyDetectors;
  reg.get(SHARED).counts.anomalyModels += anomalyDetectors;

  // Custom metrics and metric filters.
  const metrics = countCustomMetrics(resources, reg);
  const metricUnits = new Units();
  for (const m of metrics.series.values()) {
    const key = m.subject ?? SHARED;
    metricUnits.add(key);
    bump(key, 'customMetrics');
  }
  totals.customMetrics = metrics.series.size;
  totals.metricFilters = metrics.filters.length;
  for (const f of metrics.filters) for (const k of f.subjects) bump(k, 'metricFilters');

  // Contributor Insights rules (shared; each subject counts the rules that read its lines).
  const rules = resources.filter((r) => r.type === 'AWS::CloudWatch::InsightRule');
  totals.insightRules = rules.length;
  const ruleCoverage = rules.map((r) => ({ rule: r, subjects: insightRuleSubjects(r, reg) }));
  for (const rc of ruleCoverage) for (const k of rc.subjects) bump(k, 'insightRules');
  const ruleUnits = new Units().add(SHARED, rules.length);

  // Dashboards: a dashboard named by exactly one subject's alarms is that subject's.
  const dashboards = resources.filter((r) => r.type === 'AWS::CloudWatch::Dashboard');
  const dashboardUnits = new Units();
  for (const d of dashboards) {
    const owners = dashboardSubjects.get(String(d.props.DashboardName));
    const key = owners && owners.size === 1 ? [...owners][0] : SHARED;
    dashboardUnits.add(key);
    bump(key, 'dashboards');
  }
  totals.dashboards = dashboards.length;
  // The free tier (3 dashboards of up to 50 metrics each) is account-wide and not subtracted; say
  // how many of these could fall in it rather than assume none can.
  const smallDashboards = dashboards.filter((d) => (dashboardMetricEntries(d) ?? Infinity) <= CLOUDWATCH_FREE_TIER.dashboardMetrics).length;

  // Health checks and their paid options.
  const hcUnits = { aws: new Units(), nonAws: new Units(), optAws: new Units(), optNonAws: new Units() };
  for (const r of resources.filter((x) => x.type === 'AWS::Route53::HealthCheck')) {
    const hc = healthCheckFacts(r, cfg.prefix);
    const key = reg.keyForContext(hc.name, hc.name, 'health-check', r.region);
    bump(key, 'healthChecks');
    bump(key, 'healthCheckOptions', hc.options.length);
    totals.healthChecks++;
    totals.healthCheckOptions += hc.options.length;
    (hc.awsEndpoint ? hcUnits.aws : hcUnits.nonAws).add(key);
    if (hc.options.length > 0) (hc.awsEndpoint ? hcUnits.optAws : hcUnits.optNonAws).add(key, hc.options.length);
  }

  // Shared infrastructure.
  const count = (type: string) => resources.filter((r) => r.type === type).length;
  const shared = reg.get(SHARED).counts;
  for (const [field, type] of [
    ['logGroups', 'AWS::Logs::LogGroup'],
    ['lambdas', 'AWS::Lambda::Function'],
    ['tables', 'AWS::DynamoDB::Table'],
    ['topics', 'AWS::SNS::Topic'],
    ['kmsKeys', 'AWS::KMS::Key'],
    ['secrets', 'AWS::SecretsManager::Secret'],
    ['schedules', 'AWS::Scheduler::Schedule'],
  ] as const) {
    totals[field] = count(type);
    shared[field] = totals[field];
  }
  // Query-log groups the app creates belong to the subjects writing to them.
  for (const lg of resources.filter((r) => r.type === 'AWS::Logs::LogGroup' && typeof r.props.LogGroupName === 'string')) {
    const writers = reg.subjectsOfLogGroup(lg.region, lg.props.LogGroupName);
    if (writers.length === 1) {
      shared.logGroups--;
      bump(reg.keyOfId(writers[0].id)!, 'logGroups');
    }
  }

  // ---- cost lines --------------------------------------------------------------------------
  const lambdas = lambdaUses(resources);
  const invocations = lambdas.reduce((n, l) => n + l.invocationsPerMonth, 0);
  const gbSeconds = lambdas.reduce((n, l) => n + l.invocationsPerMonth * l.memoryGb * ASSUMPTIONS.lambdaSecondsPerInvocation, 0);
  const schedules = resources.filter((r) => r.type === 'AWS::Scheduler::Schedule');
  const scheduled = lambdas.filter((l) => l.why.includes('schedule')).reduce((n, l) => n + l.invocationsPerMonth, 0);
  const subs = resources.filter((r) => r.type === 'AWS::SNS::Subscription');
  const perTopic = ASSUMPTIONS.notificationsPerTopicPerMonth;
  const subsOf = (...protocols: string[]) => subs.filter((x) => protocols.includes(String(x.props.Protocol))).length * perTopic;
  // The probers' tables of zone name servers are priced from the zones they hold, below; the other tables per invocation of the Lambdas beside them.
  const isProberTable = (r: { logicalId: string }) => r.logicalId.startsWith('DnsProberZoneServers');
  const stacksWithTables = new Set(resources.filter((r) => r.type === 'AWS::DynamoDB::Table' && !isProberTable(r)).map((r) => r.stack));
  // Zones' name servers the probers' tables hold: each vantage region's distinct checked zones, summed.
  const zoneReads = zoneReadsByRegion(s.config);
  const storedZones = zoneReads.reduce((n, r) => n + r.zones, 0);
  const slowReads = zoneReadWarmUp(zoneReads);
  // The slowest region's zone-checks-skipped alarm, as synthesized: how long skips last before it pages.
  const skippedAlarm = slowReads && s.specs.get(dnsProberAlarmName(s.config.prefix, slowReads.slowest.region, 'zone-checks-skipped'));
  const warmUp = slowReads && { ...slowReads, ...(skippedAlarm?.period && skippedAlarm.evaluationPeriods ? { skippedAlarmMinutes: zoneChecksSkippedMinutes({ period: skippedAlarm.period, evaluationPeriods: skippedAlarm.evaluationPeriods }) } : {}) };
  const tableInvocations = lambdas.filter((l) => stacksWithTables.has(l.resource.stack)).reduce((n, l) => n + l.invocationsPerMonth, 0);

  const lines = [
    costLine({ id: 'custom-metrics', price: 'customMetric', units: metricUnits, basis: 'distinct metric series published (metric filters: per subject and dimension value; Lambda-published metrics), assuming each publishes all month' }),
    costLine({ id: 'alarm-metrics', price: 'alarmMetric', units: alarmUnits, basis: 'static-threshold alarms: one per metric in the alarm (a math alarm with N metrics counts N)' }),
    costLine({ id: 'anomaly-alarm-metrics', what: 'CloudWatch anomaly-detection alarm metrics', price: 'alarmMetric', units: anomalyUnits, basis: 'anomaly alarms: the metrics in the alarm plus 2 for the band bounds (3 for a one-metric alarm)' }),
    costLine({ id: 'high-resolution-alarm-metrics', price: 'highResAlarmMetric', units: highResUnits, basis: 'alarms with a period under 60 s' }),
    costLine({ id: 'composite-alarms', price: 'compositeAlarm', units: compositeUnits, basis: 'composite alarms' }),
    costLine({ id: 'dashboards', price: 'dashboard', units: dashboardUnits, basis: dashboardsBasis(smallDashboards) }),
    costLine({ id: 'insight-rules', price: 'insightRule', units: ruleUnits, basis: 'Contributor Insights rules (matched events: see --queries-per-day)' }),
    costLine({ id: 'health-checks-aws', price: 'healthCheckAws', units: hcUnits.aws, basis: 'calculated checks and amazonaws.com endpoints' }),
    costLine({ id: 'health-checks-non-aws', price: 'healthCheckNonAws', units: hcUnits.nonAws, basis: 'other endpoints (priced as non-AWS: the plan cannot tell an AWS-hosted IP or name)' }),
    costLine({ id: 'health-check-options-aws', price: 'healthCheckOptionAws', units: hcUnits.optAws, basis: 'HTTPS, string match, 10 s interval, latency on AWS endpoints' }),
    costLine({ id: 'health-check-options-non-aws', price: 'healthCheckOptionNonAws', units: hcUnits.optNonAws, basis: 'HTTPS, string match, 10 s interval, latency on other endpoints' }),
    costLine({ id: 'kms-keys', price: 'kmsKey', units: new Units().add(SHARED, totals.kmsKeys), basis: 'customer managed keys (alert topics, query logs)' }),
    costLine({ id: 'secrets', price: 'secret', units: new Units().add(SHARED, totals.secrets), basis: 'Secrets Manager secrets the app creates' }),
    costLine({ id: 'lambda-requests', price: 'lambdaRequest', units: new Units().add(SHARED, invocations), per: 1e6, unit: 'invocations', basis: `expected invocations: schedules, and ${perTopic} notifications per alert topic (and per alarm or change-audit rule) per month` }),
    costLine({ id: 'lambda-compute', price: 'lambdaGbSecondArm', units: new Units().add(SHARED, gbSeconds), basis: `${ASSUMPTIONS.lambdaSecondsPerInvocation} s per invocation at the configured memory` }),
    // Each DNS prober run publishes its results with one PutMetricData request.
    costLine({ id: 'put-metric-data', price: 'metricApiRequest', units: new Units().add(SHARED, lambdas.filter((l) => l.resource.logicalId.startsWith('DnsProberFunction')).reduce((n, l) => n + l.invocationsPerMonth, 0)), per: 1e3, unit: 'requests', basis: 'one PutMetricData request per DNS prober run' }),
    costLine({ id: 'scheduler', price: 'schedulerInvocation', units: new Units().add(SHARED, schedules.length > 0 ? scheduled : 0), per: 1e6, unit: 'invocations', basis: 'scheduled invocations' }),
    costLine({ id: 'dynamodb-writes', price: 'dynamoWrite', units: new Units().add(SHARED, tableInvocations * ASSUMPTIONS.dynamoWritesPerInvocation), per: 1e6, unit: 'WRU', basis: `${ASSUMPTIONS.dynamoWritesPerInvocation} writes per invocation of a Lambda next to a table` }),
    costLine({ id: 'dynamodb-reads', price: 'dynamoRead', units: new Units().add(SHARED, tableInvocations * ASSUMPTIONS.dynamoReadsPerInvocation), per: 1e6, unit: 'RRU', basis: `${ASSUMPTIONS.dynamoReadsPerInvocation} reads per invocation of a Lambda next to a table` }),
    costLine({
      id: 'dns-prober-table-writes',
      price: 'dynamoWrite',
      units: new Units().add(SHARED, storedZones * ZONE_READS_PER_MONTH),
      per: 1e6,
      unit: 'WRU',
      basis: `each zone a prober checks stored once per read from Route 53 (every ${ZONE_SERVERS_CACHE_MS / 7_200_000} to ${ZONE_SERVERS_CACHE_MS / 3_600_000} hours)`,
    }),
    costLine({
      id: 'dns-prober-table-reads',
      price: 'dynamoRead',
      units: new Units().add(SHARED, storedZones * 0.5 * ASSUMPTIONS.proberEnvironmentsPerDay * (ASSUMPTIONS.hoursPerMonth / 24)),
      per: 1e6,
      unit: 'RRU',
      basis: `each zone a prober checks loaded (0.5 RRU) by each new execution environment, ${ASSUMPTIONS.proberEnvironmentsPerDay} a day`,
    }),
    costLine({ id: 'sns-publishes', price: 'snsPublish', units: new Units().add(SHARED, totals.topics * perTopic), per: 1e6, unit: 'publishes', basis: `${perTopic} notifications per alert topic per month` }),
    costLine({ id: 'sns-email', price: 'snsEmail', units: new Units().add(SHARED, subsOf('email', 'email-json')), per: 1e5, unit: 'emails', basis: 'email subscriptions x notifications' }),
    costLine({ id: 'sns-https', price: 'snsHttps', units: new Units().add(SHARED, subsOf('http', 'https')), per: 1e6, unit: 'deliveries', basis: 'HTTP(S) subscriptions x notifications' }),
    costLine({ id: 'sns-sms', price: 'snsSms', units: new Units().add(SHARED, subsOf('sms')), unit: 'messages', basis: 'SMS subscriptions x notifications (US rate)' }),
  ].filter((l): l is CostLine => l !== undefined);

  for (const l of lines) for (const [k, usd] of Object.entries(l.bySubject)) reg.get(k).monthlyUsd += usd;

  const usage = opts.queriesPerDay !== undefined ? usageSection(s, reg, ruleCoverage, opts.queriesPerDay) : undefined;

  return {
    config: { prefix: cfg.prefix, hostedZones: cfg.hostedZones.length, resolverVpcs: cfg.resolverVpcs.length },
    priceTable: { date: PRICE_TABLE_DATE, region: PRICE_REGION },
    stacks: s.stacks.map((st) => ({ name: st.name, region: st.region, resources: st.resources.length, templateBytes: st.templateBytes })),
    deploy: deployPacing(s),
    firstDeployOkNotifications: okNotificationsOnCreate(s),
    firstDeployAlarms: alarmsOnCreate(s),
    ...(warmUp ? { firstDeployZoneReads: warmUp } : {}),
    subjects: reg.all(),
    totals,
    resourceTypes,
    monthly: { lines, totalUsd: sumLines(lines) },
    usage,
    alarms: alarms.map((a) => a.detection).sort((a, b) => b.detectionSeconds - a.detectionSeconds || a.name.localeCompare(b.name)),
    maintenance: maintenancePlan(cfg, s),
    warnings: limitWarnings(s, alarms),
    synthWarnings: s.warnings,
    unpricedTypes,
    assumptions: [
      s.cdkJson
        ? `Templates as \`cdk synth\` builds them with the feature flags of ${s.cdkJson}.`
        : 'No cdk.json found: templates built with the CDK\'s default feature flags; `cdk synth` in your project uses its cdk.json.',
      `Prices: ${PRICE_REGION} list prices of ${PRICE_TABLE_DATE} (lib/plan/prices.ts); free tiers not subtracted (they are account-wide: the ${CLOUDWATCH_FREE_TIER.dashboards} free dashboards of up to ${CLOUDWATCH_FREE_TIER.dashboardMetrics} metrics each may be in use elsewhere).`,
      'Custom metrics are billed per hour in which they receive data: a series without matching log lines costs less than shown.',
      `Usage-priced services assume ${perTopic} notifications per alert topic per month and ${ASSUMPTIONS.lambdaSecondsPerInvocation} s per Lambda invocation.`,
      'Health-check endpoints are priced as non-AWS endpoints unless they are amazonaws.com names or calculated checks.',
      ...(cfg.localDnsChecks.length > 0
        ? [
            `${cfg.localDnsChecks.length} DNS check${cfg.localDnsChecks.length === 1 ? '' : 's'} with deploy: false (${cfg.localDnsChecks.map((c) => c.name).join(', ')}) ${cfg.localDnsChecks.length === 1 ? 'is' : 'are'} not deployed and cost${cfg.localDnsChecks.length === 1 ? 's' : ''} nothing here: \`npx dns-monitor check\` runs ${cfg.localDnsChecks.length === 1 ? 'it' : 'them'} from your machine.`,
          ]
        : []),
      ...metrics.notes,
    ],
  };
}

/** The dashboards cost line's basis: every one priced, and how many hold few enough metrics for the free tier. */
function dashboardsBasis(small: number): string {
  const tier = `the account's free tier (${CLOUDWATCH_FREE_TIER.dashboards} dashboards of up to ${CLOUDWATCH_FREE_TIER.dashboardMetrics} metrics each) is not subtracted`;
  return `every dashboard: ${tier}${small > 0 ? `; ${small} of these ${small === 1 ? 'holds' : 'hold'} ${CLOUDWATCH_FREE_TIER.dashboardMetrics} metric entries or fewer` : ''}`;
}
