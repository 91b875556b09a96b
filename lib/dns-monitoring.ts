/**
 * `DnsMonitoring`: the whole product as one construct. Given a config (typed object or YAML-loaded),
 * it creates per region a core stack and as many numbered stacks as the zones/VPCs need, with a
 * stable placement (see stacks/stack-assignments.ts). Use it in your own CDK app:
 *
 *   const app = new App();
 *   new DnsMonitoring(app, 'Dns', { config: { prefix: 'acme', hostedZones: [...], alerts: {...} } });
 */
import { registeredDomains } from './compose/domains';
import { Tags, type Stack, type StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { ConfigError, type ConfigIssue } from './config/errors';
import { parseConfig } from './config/load';
import { ENDED_WINDOW_WARNING, endedWindowMessage, MOSTLY_MUTED_WARNING, mostlyMutedMessage } from './config/maintenance-schema';
import { SMS_ONLY_WARNING, smsOnlyWarnings } from './config/alert-routes';
import type { ResolvedConfig } from './config/resolve';
import type { RawConfig } from './config/schema';
import { type Composition, deploymentTags, deploymentWarning } from './compose/context';
import { keepExports } from './compose/exports';
import { coreStacks, licenseReporter, refuseFullCoreStacks } from './compose/core';
import { dashboardStacks } from './compose/dashboards';
import { dnsChecks } from './compose/dns-checks';
import { changeAuditStack, dashboardHealthChecks, endpointAlarms, HEALTH_CHECK_GROUP, healthCheckStacks } from './compose/health';
import { vpcStacks, zoneStacks, zoneTopNStack } from './compose/subjects';
import { buildModel, type MonitoringModel } from './model';
import { deploymentRegions } from './model/regions';
import { changeAuditStackName, chatbotConfigurationName } from './naming';
import { healthCheckGroups } from './health/health-check-groups';
import { PRODUCT_VERSION } from './package-root';
import type { CoreStack } from './stacks/core-stack';
import { CREATE_ONLY_TAG_TYPES } from './constructs/resolver-query-logging';
import { recheckConfigFile } from './dns-checks/reporter';
import { paceDeployment } from './stacks/deploy-pacing';
import { DEFAULT_MAX_RESOURCES_PER_STACK } from './stacks/shard-placer';
import { RUNTIME_DEPRECATION_WARNING, runtimeDeprecationMessage } from './lambda/product-function';
import {
  DROPPED_STACK_WARNING,
  droppedStackMessage,
  droppedStacks,
  EMPTY_ASSIGNMENTS,
  queryLogsKeyRegions,
  readAssignments,
  type StackAssignments,
  writeAssignments,
} from './stacks/stack-assignments';

export interface DnsMonitoringProps {
  /** The config: a plain object in the config-file shape, or an already resolved config. */
  readonly config: RawConfig | ResolvedConfig;
  /** Where units were placed by earlier syntheses. @default read from `placementFile`, else none (first synthesis) */
  readonly assignments?: StackAssignments;
  /**
   * The stack placement file (`<config>.stacks.json`, as the CLI keeps it): read before placing,
   * written with this synthesis's placement, so zones keep their stacks in library use too. Stacks
   * whose last unit was removed are reported as synthesis warnings with the command to destroy them.
   * Commit it next to the config. @default none (placement follows `assignments` only)
   */
  readonly placementFile?: string;
  /** Account for every stack. @default the CLI's account (CDK_DEFAULT_ACCOUNT), else env-agnostic */
  readonly account?: string;
  /** Resource budget per generated stack. @default 400 */
  readonly maxResourcesPerStack?: number;
  /** Directory relative paths in the config are read from. @default the current directory */
  readonly configDir?: string;
  /**
   * The config file's path as the app was given it (`-c config=PATH`): the follow-up alert of a DNS
   * check names it, relative to the current directory, in the command that asks the check again
   * (lib/dns-checks/reporter.ts recheckConfigFile). @default none: the command says CONFIG
   */
  readonly configFile?: string;
  /** Extra props for every stack (synthesizer, termination protection, ...); names, regions and descriptions are the app's. @default none */
  readonly stackProps?: StackProps;
}

export { PRODUCT_VERSION };

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

/**
 * The primary region holds what a deployment has once (the Slack webhook secret, the Chatbot
 * channel, the license reporter, the DNS checks' alarms). Computed from the regions in use, it
 * would move when a region that sorts first (or us-east-1) is added: a new, empty webhook secret
 * that every notifier reads, new license state, the DNS-check alarms recreated. Refused unless the
 * config names the primary itself; the message gives the line that keeps it (or, when its region
 * has nothing left to monitor, the line that accepts the move).
 */
function refusePrimaryRegionMove(cfg: ResolvedConfig, before: string | undefined): void {
  const { regions, primary } = deploymentRegions(cfg);
  // Set in the config, the primary is where the user wants it (moving it on purpose: docs/rollout.md).
  if (!before || before === primary || cfg.primaryRegion !== undefined) return;
  const moved = `the Slack webhook secret, the Chatbot channel, the license reporter and the DNS checks' alarms would move to ${primary} (a new, empty webhook secret that every region's notifier would read)`;
  const message = regions.includes(before)
    ? `the deployment's primary region is ${before} (recorded in the stack placement file); with this config it would be ${primary}, and ${moved} — set primaryRegion: ${before} in the config to keep them where they are. See docs/rollout.md`
    : `the deployment's primary region ${before} (recorded in the stack placement file) has nothing left to monitor, so ${moved} — set primaryRegion: ${primary} in the config to accept the move, then put the webhook URL into the new secret (docs/rollout.md)`;
  throw new ConfigError([{ path: 'primaryRegion', message }]);
}

/**
 * The Chatbot channel configuration keeps its name (chatbotConfigurationName) and its
 * SlackWorkspaceId is create-only (CloudFormation resource schema): another workspace would be
 * created under the same name before the old is deleted, which fails. Refused with the two steps.
 */
function refuseChatbotWorkspaceMove(cfg: ResolvedConfig, before: string | undefined): void {
  const now = cfg.alerts.slack?.chatbot?.workspaceId;
  if (!before || !now || before === now) return;
  const name = chatbotConfigurationName(cfg.prefix, deploymentRegions(cfg).primary);
  throw new ConfigError([
    {
      path: 'alerts.slack.chatbot.workspaceId',
      message:
        `the Chatbot channel configuration ${name} was created for workspace ${before} (recorded in the stack placement file), now ${now}: its workspace is create-only, and CloudFormation would create the new configuration under the same name before deleting the old, which fails. ` +
        `Roll out in two deploys: 1) remove alerts.slack.chatbot and deploy (the configuration is deleted); 2) add it with workspaceId ${now} and deploy. See docs/rollout.md`,
    },
  ]);
}

/**
 * A placement file of a version whose dashboards and change audit imported the health-check ids
 * (no `healthCheckIdsLocal`): a check removed in the same change loses its export, which the
 * deployed importers still hold, and CloudFormation refuses that (Fn::ImportValue). The upgrade
 * deployed alone stops those imports; then the check can go. Not detected (docs/rollout.md): a
 * calculated check's child (its unit is the calculated check) and a check set to `disabled: true`
 * (the file does not say whether it was disabled before).
 */
function refuseHealthCheckRemovalAtUpgrade(cfg: ResolvedConfig, previous: StackAssignments): void {
  if (previous.healthCheckIdsLocal) return;
  const now = new Set(healthCheckGroups(cfg.healthChecks).map((g) => g.key));
  const gone = Object.keys(previous.units)
    .filter((k) => k.startsWith(`${HEALTH_CHECK_GROUP}|`))
    .map((k) => k.slice(HEALTH_CHECK_GROUP.length + 1))
    .filter((key) => !now.has(key))
    .sort();
  if (gone.length === 0) return;
  throw new ConfigError([
    {
      path: 'healthChecks',
      message:
        `${gone.join(', ')} ${gone.length === 1 ? 'is' : 'are'} removed in the same change as the upgrade to this version: the dashboards and change-audit stacks the previous version deployed import ${gone.length === 1 ? 'its id' : 'their ids'}, and CloudFormation refuses to remove an export a deployed stack imports. ` +
        `Roll out in two deploys: deploy the upgrade first with the config unchanged (it stops those imports), then remove ${gone.length === 1 ? 'it' : 'them'} and deploy. See docs/rollout.md`,
    },
  ]);
}

function isResolved(c: RawConfig | ResolvedConfig): c is ResolvedConfig {
  return Array.isArray((c as ResolvedConfig).hostedZones) && 'namespace' in c && 'alertRoutes' in c;
}

export class DnsMonitoring extends Construct {
  readonly config: ResolvedConfig;
  /** The resolved model every stack was built from (lib/model). */
  readonly model: MonitoringModel;
  readonly coreStacks: Readonly<Record<string, CoreStack>>;
  readonly shardStacks: readonly Stack[];
  /** Placement after this synthesis (persist it for the next one). */
  readonly assignments: StackAssignments;

  constructor(scope: Construct, id: string, props: DnsMonitoringProps) {
    super(scope, id);
    const cfg = isResolved(props.config) ? props.config : parseConfig(props.config);
    const previous = props.assignments ?? (props.placementFile ? readAssignments(props.placementFile) : EMPTY_ASSIGNMENTS);
    refuseQueryLoggingMoves(cfg, previous.queryLogging ?? {});
    refusePrimaryRegionMove(cfg, previous.primaryRegion);
    refuseChatbotWorkspaceMove(cfg, previous.chatbotWorkspace);
    refuseHealthCheckRemovalAtUpgrade(cfg, previous);
    this.config = cfg;
    this.model = buildModel(cfg);
    const c: Composition = {
      root: this,
      model: this.model,
      cfg,
      account: props.account ?? process.env.CDK_DEFAULT_ACCOUNT,
      stackProps: props.stackProps,
      maxResourcesPerStack: props.maxResourcesPerStack ?? DEFAULT_MAX_RESOURCES_PER_STACK,
      locked: previous.units,
      cores: {},
      stacks: [],
      placed: {},
      lockedTags: previous.createOnlyTags ?? {},
      createOnlyTags: {},
      queryLogsKeyRegions: new Set(queryLogsKeyRegions(previous)),
      configFile: props.configFile === undefined ? undefined : recheckConfigFile(props.configFile, process.cwd()),
    };
    // One builder per unit group (lib/compose); each reads the model and adds its stacks to `c`.
    coreStacks(c);
    licenseReporter(c, { productVersion: PRODUCT_VERSION, configDir: props.configDir });
    zoneTopNStack(c, zoneStacks(c));
    vpcStacks(c);
    const healthChecks = healthCheckStacks(c);
    changeAuditStack(c);
    endpointAlarms(c);
    dnsChecks(c);
    registeredDomains(c);
    dashboardStacks(c, dashboardHealthChecks(c, healthChecks));
    keepExports(c, healthChecks);
    // Last, once every resource exists: no API family is called more often than its rate allows (stacks/deploy-pacing.ts).
    for (const s of [...Object.values(c.cores), ...c.stacks]) paceDeployment(s);
    refuseFullCoreStacks(c);

    const routesUsed = new Set([...cfg.hostedZones, ...cfg.resolverVpcs].map((x) => x.alertRoute));
    for (const w of smsOnlyWarnings(cfg.alertRoutes, routesUsed, Boolean(cfg.alerts.slack?.webhook || cfg.alerts.slack?.chatbot))) deploymentWarning(c, SMS_ONLY_WARNING, w);
    const runtimeEnding = runtimeDeprecationMessage(new Date());
    if (runtimeEnding) deploymentWarning(c, RUNTIME_DEPRECATION_WARNING, runtimeEnding);
    for (const w of cfg.maintenanceWindows) {
      const ended = endedWindowMessage(w, new Date());
      if (ended) deploymentWarning(c, ENDED_WINDOW_WARNING, ended);
      const mostly = mostlyMutedMessage(w);
      if (mostly) deploymentWarning(c, MOSTLY_MUTED_WARNING, mostly);
    }

    this.coreStacks = c.cores;
    this.shardStacks = c.stacks;
    this.assignments = { version: 1, primaryRegion: deploymentRegions(cfg).primary, units: c.placed, queryLogging: createdQueryLogging(cfg), createOnlyTags: c.createOnlyTags, chatbotWorkspace: cfg.alerts.slack?.chatbot?.workspaceId, queryLogsKeyRegions: Object.entries(c.cores).filter(([, core]) => core.queryLogsKey).map(([r]) => r).sort(), healthCheckIdsLocal: true, changeAudit: c.stacks.some((s) => s.stackName === changeAuditStackName(cfg.prefix, 1)) };
    if (props.placementFile) {
      for (const d of droppedStacks(cfg.prefix, previous, this.assignments)) deploymentWarning(c, DROPPED_STACK_WARNING, droppedStackMessage(d));
      writeAssignments(props.placementFile, this.assignments);
    }
    for (const [k, v] of deploymentTags(cfg)) Tags.of(this).add(k, v, { excludeResourceTypes: [...CREATE_ONLY_TAG_TYPES] });
  }
}
