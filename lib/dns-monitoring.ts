/**
 * `DnsMonitoring`: the whole product as one construct. Given a config (typed object or YAML-loaded),
 * it creates per region a core stack and as many numbered stacks as the zones/VPCs need, with a
 * stable placement (see stacks/stack-assignments.ts). Use it in your own CDK app:
 *
 *   const app = new App();
 *   new DnsMonitoring(app, 'Dns', { config: { prefix: 'acme', hostedZones: [...], alerts: {...} } });
 */
import { Annotations, Stack, Tags, Token } from 'aws-cdk-lib';
import { CfnAlarm, CfnCompositeAlarm } from 'aws-cdk-lib/aws-cloudwatch';
import type { AlarmRef } from './dashboards/build';
import { CfnHealthCheck } from 'aws-cdk-lib/aws-route53';
import { Construct } from 'constructs';
import { alertTopicArn, SEVERITIES } from './constructs/alert-topics';
import { HostedZoneQueryLogging } from './constructs/hosted-zone-query-logging';
import { LogGroupMetricFilters } from './constructs/log-group-metric-filters';
import { SubjectAlarms } from './constructs/subject-alarms';
import { ContributorInsightsRules } from './constructs/contributor-insights-rules';
import { parseConfig } from './config/load';
import { HOSTED_ZONE_REGION, ResolvedConfig, ResolvedSubject } from './config/resolve';
import type { RawConfig } from './config/schema';
import { ConfigError, type ConfigIssue } from './config/errors';
import type { AlarmActions } from './alarms/alarm-factory';
import type { Severity } from '../contracts/alarm-context';
import { CoreStack } from './stacks/core-stack';
import {
  DEFAULT_HEALTH_CHECK_QUOTA,
  DnssecAlarms,
  HEALTH_CHECK_QUOTA_WARNING,
  HealthCheckMonitoring,
  ResolverEndpointAlarms,
  ZoneQueryVolumeAlarms,
} from './health';
import { healthCheckGroups } from './health/health-check-groups';
import { DnsChangeAudit } from './audit';
import { DnsDashboardStacks } from './dashboards';
import { DEFAULT_ROUTE } from './config/alerts-schema';
import { existingTopicArn } from './config/alert-routes';
import { DEFAULT_MAX_RESOURCES_PER_STACK, ShardPlacer } from './stacks/shard-placer';
import { EMPTY_ASSIGNMENTS, StackAssignments } from './stacks/stack-assignments';

export interface DnsMonitoringProps {
  /** The config: a plain object in the config-file shape, or an already resolved config. */
  readonly config: RawConfig | ResolvedConfig;
  /** Where units were placed by earlier syntheses. @default none (first synthesis) */
  readonly assignments?: StackAssignments;
  /** Account for every stack. @default the CLI's account (CDK_DEFAULT_ACCOUNT), else env-agnostic */
  readonly account?: string;
  /** Resource budget per generated stack. @default 400 */
  readonly maxResourcesPerStack?: number;
  /** Directory relative paths in the config are read from. @default the current directory */
  readonly configDir?: string;
}

/** Product version reported by the license reporter. */
export const PRODUCT_VERSION: string = require('../package.json').version;

/** Zone/VPC id -> log group, for the query logging configurations this config creates. */
function createdQueryLogging(cfg: ResolvedConfig): Record<string, string> {
  return Object.fromEntries([...cfg.hostedZones, ...cfg.resolverVpcs].filter((s) => s.createQueryLogging).map((s) => [s.id, s.logGroupName]));
}

/**
 * Route 53 allows one query logging configuration per zone, and its HostedZoneId and
 * CloudWatchLogsLogGroupArn are create-only (CloudFormation resource schema): a new log group
 * means a new configuration, which CloudFormation creates before it deletes the old one, and Route
 * 53 refuses. A VPC's Resolver association is create-only likewise. Refused with the two-step plan.
 */
function refuseQueryLoggingMoves(cfg: ResolvedConfig, before: Readonly<Record<string, string>>): void {
  const issues: ConfigIssue[] = [];
  for (const s of [...cfg.hostedZones, ...cfg.resolverVpcs]) {
    const was = before[s.id];
    if (!s.createQueryLogging || !was || was === s.logGroupName) continue;
    const what = s.source === 'hostedZone' ? 'Route 53 allows one query logging configuration per hosted zone' : 'a VPC\'s Resolver query logging association cannot move between configurations';
    issues.push({
      path: `${s.configPath}.queryLogging.logGroupName`,
      message:
        `${s.id} has query logging into ${was} (recorded in the stack placement file), now ${s.logGroupName}: ${what}, and CloudFormation would create the new one before deleting the old, which fails. ` +
        `Roll out in two deploys: 1) set queryLogging.create: false for it, keeping logGroupName ${was}, and deploy (the old configuration is removed); 2) set the new logGroupName with create: true and deploy. See docs/rollout.md`,
    });
  }
  if (issues.length > 0) throw new ConfigError(issues);
}

/** Name and region of every alarm and composite alarm below `scope`, sorted. */
function createdAlarms(scope: Construct): AlarmRef[] {
  const out: AlarmRef[] = [];
  for (const c of scope.node.findAll()) {
    if (!(c instanceof CfnAlarm) && !(c instanceof CfnCompositeAlarm)) continue;
    const name = c.alarmName;
    if (!name || Token.isUnresolved(name)) throw new Error(`${c.node.path}: every alarm of the product needs a literal name (the landing dashboard lists it)`);
    out.push({ name, region: Stack.of(c).region });
  }
  return out.sort((a, b) => a.region.localeCompare(b.region) || a.name.localeCompare(b.name));
}

function isResolved(c: RawConfig | ResolvedConfig): c is ResolvedConfig {
  return (c as ResolvedConfig).config !== undefined && Array.isArray((c as ResolvedConfig).hostedZones) && 'namespace' in c;
}

export class DnsMonitoring extends Construct {
  readonly config: ResolvedConfig;
  readonly coreStacks: Readonly<Record<string, CoreStack>>;
  readonly shardStacks: readonly Stack[];
  /** Placement after this synthesis (persist it for the next one). */
  readonly assignments: StackAssignments;

  constructor(scope: Construct, id: string, props: DnsMonitoringProps) {
    super(scope, id);
    const cfg = isResolved(props.config) ? props.config : parseConfig(props.config);
    this.config = cfg;
    const account = props.account ?? process.env.CDK_DEFAULT_ACCOUNT;
    const locked = (props.assignments ?? EMPTY_ASSIGNMENTS).units;
    refuseQueryLoggingMoves(cfg, props.assignments?.queryLogging ?? {});
    const max = props.maxResourcesPerStack ?? DEFAULT_MAX_RESOURCES_PER_STACK;
    const env = (region: string) => ({ account, region });

    const healthChecks = cfg.config.healthChecks ?? [];
    const endpoints = cfg.config.resolverEndpoints ?? [];
    const regions = new Set<string>();
    if (cfg.hostedZones.length > 0 || healthChecks.length > 0) regions.add(HOSTED_ZONE_REGION);
    for (const v of cfg.resolverVpcs) regions.add(v.region);
    for (const e of endpoints) regions.add(e.region);

    const cores: Record<string, CoreStack> = {};
    // Account-wide things live in us-east-1 when it is used, else in the first region.
    const primary = regions.has(HOSTED_ZONE_REGION) ? HOSTED_ZONE_REGION : [...regions].sort()[0];
    for (const region of [...regions].sort()) {
      const name = `${cfg.prefix}-core-${region}`;
      cores[region] = new CoreStack(this, name, {
        stackName: name,
        env: env(region),
        description: `Codreum DNS Monitor (${cfg.prefix}): alert topics and shared resources in ${region}`,
        config: cfg,
        region,
        hostedZones: region === HOSTED_ZONE_REGION ? cfg.hostedZones : [],
        vpcs: cfg.resolverVpcs.filter((v) => v.region === region),
        primary: region === primary,
        productVersion: PRODUCT_VERSION,
        configDir: props.configDir,
      });
    }
    this.coreStacks = cores;

    const actionsFor = (stack: Stack, route = DEFAULT_ROUTE): AlarmActions => ({
      topicArns: Object.fromEntries(
        SEVERITIES.map((s) => [s, [alertTopicArn(stack, cfg.prefix, s, cfg.alertRoutes[route])]]),
      ) as Record<Severity, string[]>,
      okNotifications: cfg.alerts.okNotifications ?? true,
    });
    const shardStack = (name: string, region: string, what: string) => {
      const s = new Stack(this, name, { stackName: name, env: env(region), description: `Codreum DNS Monitor (${cfg.prefix}): ${what}` });
      s.addStackDependency(cores[region]);
      return s;
    };

    const placed: Record<string, number> = {};
    const shards: Stack[] = [];

    // Hosted zones: a unit is a log group with the zones that write to it.
    if (cfg.hostedZones.length > 0) {
      const core = cores[HOSTED_ZONE_REGION];
      const placer = new ShardPlacer(
        'zones',
        locked,
        (n) => shardStack(`${cfg.prefix}-zones-${n}`, HOSTED_ZONE_REGION, `hosted-zone metrics and alarms, part ${n}`),
        max,
      );
      const zoneConfigs = new Map(cfg.config.hostedZones.map((z) => [z.zoneId, z]));
      const units = new Map<string, ResolvedSubject[]>();
      for (const z of cfg.hostedZones) units.set(z.logGroupName, [...(units.get(z.logGroupName) ?? []), z]);
      // Locked units first, then by name: placement and construct ids never follow list order.
      const order = [...units.keys()].sort((a, b) => Number(!(`zones|${a}` in locked)) - Number(!(`zones|${b}` in locked)) || a.localeCompare(b));
      for (const logGroupName of order) {
        const zones = [...units.get(logGroupName)!].sort((a, b) => a.id.localeCompare(b.id));
        placer.place(logGroupName, (scope) => {
          // The unit is its log group: zones joining or leaving it never move its resources.
          const unit = new Construct(scope, `LogGroup-${logGroupName}`);
          const creating = zones.filter((z) => z.createQueryLogging);
          let created: HostedZoneQueryLogging | undefined;
          if (creating.length > 0) {
            created = new HostedZoneQueryLogging(unit, 'QueryLogging', {
              zoneIds: creating.map((z) => z.id),
              logGroupName,
              retentionDays: Math.max(...creating.map((z) => z.retentionDays)),
              key: core.queryLogsKey!,
              existing: creating.every((z) => z.existingLogGroup),
            });
          }
          new LogGroupMetricFilters(unit, 'Filters', {
            prefix: cfg.prefix,
            namespace: cfg.namespace,
            source: 'hostedZone',
            logGroupName,
            subjects: zones,
            dependsOn: created?.logGroup,
          });
          for (const z of zones) {
            new SubjectAlarms(unit, `Alarms-${z.id}`, { config: cfg, subject: z, actions: actionsFor(Stack.of(unit), z.alertRoute) });
          }
          const actions = actionsFor(Stack.of(unit), zones[0].alertRoute);
          // Zone-level alarms that need no query logs (AWS/Route53 DNSQueries, DNSSEC).
          const zoneInputs = zones.map((z) => zoneConfigs.get(z.id)!);
          const zoneProps = { prefix: cfg.prefix, zones: zoneInputs, actions, runbookUrl: cfg.alerts.runbookUrl };
          new ZoneQueryVolumeAlarms(unit, 'QueryVolume', zoneProps);
          new DnssecAlarms(unit, 'Dnssec', zoneProps);
          return unit;
        });
      }
      Object.assign(placed, placer.placed);
      shards.push(...placer.allStacks);
    }

    // Hosted-zone Top-N rules read the log groups the zone stacks create: their own stack, after those.
    if (cfg.contributorInsightsEnabled && cfg.hostedZones.some((z) => z.contributorInsights)) {
      const topN = shardStack(`${cfg.prefix}-top-n`, HOSTED_ZONE_REGION, 'Contributor Insights Top-N rules of the hosted zones');
      for (const s of shards) topN.addStackDependency(s);
      new ContributorInsightsRules(topN, 'ZoneTopN', { prefix: cfg.prefix, source: 'hostedZone', subjects: cfg.hostedZones });
      shards.push(topN);
    }

    // Resolver VPCs: filters live in the region's core stack; alarms are placed per VPC.
    const vpcRegions = [...new Set(cfg.resolverVpcs.map((v) => v.region))].sort();
    for (const region of vpcRegions) {
      const group = `vpcs-${region}`;
      const placer = new ShardPlacer(
        group,
        locked,
        (n) => shardStack(`${cfg.prefix}-vpcs-${region}-${n}`, region, `VPC Resolver alarms in ${region}, part ${n}`),
        max,
      );
      const vpcs = cfg.resolverVpcs.filter((v) => v.region === region);
      const order = [...vpcs].sort((a, b) => Number(!(`${group}|${a.id}` in locked)) - Number(!(`${group}|${b.id}` in locked)) || a.id.localeCompare(b.id));
      for (const v of order) {
        placer.place(v.id, (scope) => new SubjectAlarms(scope, `Alarms-${v.id}`, { config: cfg, subject: v, actions: actionsFor(Stack.of(scope), v.alertRoute) }));
      }
      Object.assign(placed, placer.placed);
      shards.push(...placer.allStacks);
    }
    // Health checks, the change audit (us-east-1) and Resolver endpoints (their regions).
    const use1 = cores[HOSTED_ZONE_REGION];
    // Health checks: their own stacks, a calculated check always with its children, placed stably.
    const healthCheckResources: Record<string, CfnHealthCheck> = {};
    if (use1 && healthChecks.length > 0) {
      const placer = new ShardPlacer(
        'health-checks',
        locked,
        (n) => shardStack(`${cfg.prefix}-health-checks-${n}`, HOSTED_ZONE_REGION, `Route 53 health checks and their alarms, part ${n}`),
        max,
      );
      const groups = healthCheckGroups(healthChecks);
      const order = [...groups].sort((a, b) => Number(!(`health-checks|${a.key}` in locked)) - Number(!(`health-checks|${b.key}` in locked)));
      for (const group of order) {
        placer.place(group.key, (scope) => {
          const m = new HealthCheckMonitoring(scope, `HealthChecks-${group.key}`, {
            prefix: cfg.prefix,
            healthChecks: group.checks,
            actions: actionsFor(Stack.of(scope)),
            runbookUrl: cfg.alerts.runbookUrl,
            healthCheckQuota: Number.MAX_SAFE_INTEGER, // checked once for all groups below
          });
          Object.assign(healthCheckResources, m.healthChecks);
          return m;
        });
      }
      Object.assign(placed, placer.placed);
      shards.push(...placer.allStacks);
      const active = healthChecks.filter((c) => !c.disabled).length;
      if (active > DEFAULT_HEALTH_CHECK_QUOTA) {
        Annotations.of(this).addWarningV2(
          HEALTH_CHECK_QUOTA_WARNING,
          `${active} health checks exceed the Route 53 default quota of ${DEFAULT_HEALTH_CHECK_QUOTA} per account (checks created outside this app count too) — request a quota increase (Service Quotas, Route 53, "Health checks") before deploying, or the deployment fails`,
        );
      }
    }
    if (use1 && cfg.changeAudit.enabled && cfg.changeAudit.zones.length > 0) {
      // Its own stack: it refers to the health checks (their stacks depend on the core stack).
      const auditExisting = SEVERITIES.map((s) => existingTopicArn(cfg.alertRoutes[DEFAULT_ROUTE], s, HOSTED_ZONE_REGION) !== undefined);
      const auditStack = shardStack(`${cfg.prefix}-change-audit`, HOSTED_ZONE_REGION, 'DNS change alerts from CloudTrail');
      shards.push(auditStack);
      new DnsChangeAudit(auditStack, 'ChangeAudit', {
        prefix: cfg.prefix,
        zoneIds: cfg.changeAudit.zones.map((z) => z.zoneId).sort(),
        protectedRecords: cfg.changeAudit.protectedRecords,
        allChanges: cfg.changeAudit.allChanges,
        healthCheckIds: Object.keys(healthCheckResources).length ? Object.values(healthCheckResources).map((h) => h.attrHealthCheckId) : undefined,
        topicArns: { critical: [use1.alertTopics.topics.critical.topicArn], warning: [use1.alertTopics.topics.warning.topicArn] },
        // The created topics' key, and for topics the config names (alerts.*.topicArns) whichever key
        // SNS uses for them: a critical topic given as an ARN must not cost the warning topic its key.
        topicKeyArn: auditExisting.every(Boolean) ? undefined : use1.alertTopics.key.keyArn,
        existingTopics: auditExisting.some(Boolean),
        alarmActions: actionsFor(auditStack),
        runbookUrl: cfg.alerts.runbookUrl,
      });
    }
    for (const region of [...new Set(endpoints.map((e) => e.region))].sort()) {
      new ResolverEndpointAlarms(cores[region], 'ResolverEndpoints', {
        prefix: cfg.prefix,
        endpoints: endpoints.filter((e) => e.region === region),
        actions: actionsFor(cores[region]),
        runbookUrl: cfg.alerts.runbookUrl,
      });
    }

    // Dashboards: their own stacks (bodies of large fleets exceed one template). The landing pages
    // list every alarm created above, read from the construct tree so none can be forgotten.
    const dashboards = new DnsDashboardStacks(this, 'Dashboards', {
      config: cfg,
      account,
      alarms: createdAlarms(this),
      healthChecks: healthChecks
        .filter((c) => healthCheckResources[c.name])
        .map((c) => ({
          name: c.name,
          id: healthCheckResources[c.name].attrHealthCheckId,
          latency: c.measureLatency,
          regions: c.regions,
          type: (healthCheckResources[c.name].healthCheckConfig as CfnHealthCheck.HealthCheckConfigProperty).type,
        })),
      license: cfg.config.license
        ? { licenseId: cfg.config.license.licenseId, region: primary, alarmPrefix: cfg.prefix }
        : undefined,
    });
    for (const s of dashboards.stacks) {
      const core = cores[s.region] ?? use1;
      if (core) s.addStackDependency(core);
    }
    shards.push(...dashboards.stacks);
    this.shardStacks = shards;
    this.assignments = { version: 1, units: placed, queryLogging: createdQueryLogging(cfg) };

    Tags.of(this).add('codreum:product', 'dns-monitor');
    Tags.of(this).add('codreum:prefix', cfg.prefix);
    for (const [k, v] of Object.entries(cfg.tags)) Tags.of(this).add(k, v);
  }
}
