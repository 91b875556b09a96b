/**
 * Hosted zones and VPCs. A hosted-zone log group is a unit (query logging, metric filters) and so is
 * each zone (its alarms, its DNSQueries/DNSSEC alarms, its mute rules); a VPC unit is one VPC's
 * alarms (its filters are per log group in the region's core stack). Top-N rules of the zones get
 * a stack of their own after the zone stacks, which create the log groups they read.
 */
import { Construct } from 'constructs';
import { ALARMS } from '../aws-facts';
import { ANOMALY_DEFAULT_MAX_ZONES } from '../config/resolve-health';
import { HOSTED_ZONE_REGION } from '../config/resolve';
import { ContributorInsightsRules } from '../constructs/contributor-insights-rules';
import { HostedZoneQueryLogging } from '../constructs/hosted-zone-query-logging';
import { LogGroupMetricFilters } from '../constructs/log-group-metric-filters';
import { MaintenanceMutes } from '../constructs/maintenance-mutes';
import { SubjectAlarms } from '../constructs/subject-alarms';
import { addZoneAlarms } from '../health';
import type { SubjectModel } from '../model';
import { actionsFor, type Composition, placeUnits, shardStack } from './context';
import { Annotations, Stack } from 'aws-cdk-lib';

/** The construct a log group's resources hang under in `stack`: its unit's and its zones' placed there. */
function groupScope(stack: Stack, logGroupName: string): Construct {
  return childOf(stack, `LogGroup-${logGroupName}`);
}

function childOf(scope: Construct, id: string): Construct {
  return (scope.node.tryFindChild(id) as Construct | undefined) ?? new Construct(scope, id);
}

/** A log group's own resources: the query logging the app creates into it, and its metric filters. */
function logGroupUnit(c: Composition, stack: Stack, logGroupName: string, zones: readonly SubjectModel[]): Construct[] {
  const { cfg } = c;
  const scope = groupScope(stack, logGroupName);
  const creating = zones.map((z) => z.subject).filter((z) => z.createQueryLogging);
  let created: HostedZoneQueryLogging | undefined;
  if (creating.length > 0) {
    created = new HostedZoneQueryLogging(scope, 'QueryLogging', {
      zoneIds: creating.map((z) => z.id),
      logGroupName,
      retentionDays: Math.max(...creating.map((z) => z.retentionDays)),
      key: c.cores[HOSTED_ZONE_REGION].queryLogsKey!,
      existing: creating.every((z) => z.existingLogGroup),
    });
  }
  const subjects = zones.map((z) => z.subject);
  const filters = new LogGroupMetricFilters(scope, 'Filters', { prefix: cfg.prefix, namespace: cfg.namespace, source: 'hostedZone', logGroupName, subjects, dependsOn: created?.logGroup });
  return created ? [created, filters] : [filters];
}

/**
 * One zone's alarms: its signal alarms and composite, its DNSQueries and DNSSEC alarms (no query
 * logs needed) and its maintenance mute rules, under the scope of `scopeGroup`: the log group it
 * was first placed with, so that its logical ids never change, even when it moves to another group.
 */
function zoneAlarms(c: Composition, stack: Stack, scopeGroup: string, z: SubjectModel): Construct[] {
  const { cfg } = c;
  const scope = groupScope(stack, scopeGroup);
  const actions = actionsFor(c, stack, z.subject.alertRoute);
  const signalAlarms = new SubjectAlarms(scope, `Alarms-${z.subject.id}`, { model: z, actions });
  const zoneProps = { prefix: cfg.prefix, namespace: cfg.namespace, zones: [{ ...z.subject, dashboard: z.dashboard }], actions, runbookUrl: cfg.alerts.runbookUrl };
  const zoneLevel = [...addZoneAlarms(childOf(scope, 'QueryVolume'), 'queryVolume', zoneProps).alarms, ...addZoneAlarms(childOf(scope, 'Dnssec'), 'dnssec', zoneProps).alarms];
  const built: Construct[] = [signalAlarms, ...zoneLevel];
  if (z.maintenance.length > 0) {
    built.push(
      new MaintenanceMutes(scope, `Maintenance-${z.subject.id}`, {
        prefix: cfg.prefix,
        subject: { id: z.subject.id, label: `hosted zone ${z.subject.name} (${z.subject.id})` },
        windows: z.maintenance,
        alarms: [...signalAlarms.alarms, ...(signalAlarms.composite ? [signalAlarms.composite] : []), ...zoneLevel],
      }),
    );
  }
  return built;
}

/** `zones|<log group>|<zone id>`: where a zone's alarms were placed, under which log group's scope. */
const ZONE_KEY = /^zones\|([^|]+)\|([^|]+)$/;

/**
 * Hosted-zone stacks. Each log group is a unit (its query logging and filters) and each zone is a
 * unit of its own (its alarms), so a log group shared by any number of zones spreads over as many
 * stacks as its zones need. A zone keeps its recorded stack and scope. Placement files of 0.x
 * recorded only the log group: its zones stay in the group's stack.
 */
export function zoneStacks(c: Composition): Stack[] {
  const groups = new Map<string, SubjectModel[]>();
  for (const z of c.model.hostedZones) groups.set(z.subject.logGroupName, [...(groups.get(z.subject.logGroupName) ?? []), z]);
  const recorded = new Map<string, string>();
  const groupsWithZoneEntries = new Set<string>();
  for (const key of Object.keys(c.locked)) {
    const m = ZONE_KEY.exec(key);
    if (!m) continue;
    recorded.set(m[2], m[1]);
    groupsWithZoneEntries.add(m[1]);
  }
  const locked: Record<string, number> = { ...c.locked };
  const zoneUnits = c.model.hostedZones.map((z) => {
    const group = z.subject.logGroupName;
    const scopeGroup = recorded.get(z.subject.id) ?? group;
    const key = `${scopeGroup}|${z.subject.id}`;
    const groupStack = c.locked[`zones|${group}`];
    if (!recorded.has(z.subject.id) && groupStack !== undefined && !groupsWithZoneEntries.has(group)) locked[`zones|${key}`] = groupStack;
    return { key, build: (s: Stack) => zoneAlarms(c, s, scopeGroup, z) };
  });
  const stacks = placeUnits(
    c,
    'zones',
    HOSTED_ZONE_REGION,
    'hosted-zone metrics and alarms',
    [
      ...[...groups].map(([logGroupName, zones]) => ({
        key: logGroupName,
        build: (s: Stack) => logGroupUnit(c, s, logGroupName, [...zones].sort((a, b) => a.subject.id.localeCompare(b.subject.id))),
      })),
      ...zoneUnits,
    ],
    locked,
  );
  const defaultedOff = c.cfg.hostedZones.filter((z) => z.zoneHealth?.queryVolume.enabled && z.zoneHealth.queryVolume.anomaly === 'off').length;
  if (stacks.length > 0 && c.cfg.hostedZones.length > ANOMALY_DEFAULT_MAX_ZONES && defaultedOff > 0) {
    Annotations.of(stacks[0]).addWarningV2(
      '@codreum/dns-monitor:dns-queries-anomaly-off',
      `${defaultedOff} of ${c.cfg.hostedZones.length} hosted zones have no DNSQueries traffic-drop alarm: above ${ANOMALY_DEFAULT_MAX_ZONES} zones it is off by default, because each one trains an anomaly model and CloudWatch allows ${ALARMS.maxAnomalyModelsPerRegion} per region — set queryVolume.anomaly: drop on the zones that matter most`,
    );
  }
  return stacks;
}

/** Hosted-zone Top-N rules read the log groups the zone stacks create: their own stack, after those. */
export function zoneTopNStack(c: Composition, zoneStacks: readonly Stack[]): void {
  const { cfg } = c;
  if (!cfg.contributorInsightsEnabled || !cfg.hostedZones.some((z) => z.contributorInsights)) return;
  const topN = shardStack(c, `${cfg.prefix}-top-n`, HOSTED_ZONE_REGION, 'Contributor Insights Top-N rules of the hosted zones');
  for (const s of zoneStacks) topN.addStackDependency(s);
  new ContributorInsightsRules(topN, 'ZoneTopN', { prefix: cfg.prefix, source: 'hostedZone', subjects: cfg.hostedZones });
  c.stacks.push(topN);
}

export function vpcStacks(c: Composition): void {
  for (const region of [...new Set(c.cfg.resolverVpcs.map((v) => v.region))].sort()) {
    const vpcs = c.model.resolverVpcs.filter((v) => v.subject.region === region);
    placeUnits(
      c,
      `vpcs-${region}`,
      region,
      `VPC Resolver alarms in ${region}`,
      vpcs.map((v) => ({
        key: v.subject.id,
        build: (scope: Construct) => {
          const a = new SubjectAlarms(scope, `Alarms-${v.subject.id}`, { model: v, actions: actionsFor(c, Stack.of(scope), v.subject.alertRoute) });
          if (v.maintenance.length > 0) {
            new MaintenanceMutes(a, 'Maintenance', {
              prefix: c.cfg.prefix,
              subject: { id: v.subject.id, label: `VPC ${v.subject.name === v.subject.id ? v.subject.id : `${v.subject.name} (${v.subject.id})`} in ${v.subject.region}` },
              windows: v.maintenance,
              alarms: [...a.alarms, ...(a.composite ? [a.composite] : [])],
            });
          }
          return a;
        },
      })),
    );
  }
}
