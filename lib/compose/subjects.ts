/**
 * Hosted zones and VPCs. A zone unit is a log group with the zones that write to it (query logging,
 * metric filters, each zone's alarms and its DNSQueries/DNSSEC alarms); a VPC unit is one VPC's
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
import { alarmsOfSubject, MaintenanceMutes } from '../constructs/maintenance-mutes';
import { SubjectAlarms } from '../constructs/subject-alarms';
import { DnssecAlarms, ZoneQueryVolumeAlarms } from '../health';
import type { SubjectModel } from '../model';
import { actionsFor, type Composition, placeUnits, shardStack } from './context';
import { Annotations, Stack } from 'aws-cdk-lib';

function zoneUnit(c: Composition, scope: Construct, logGroupName: string, zones: readonly SubjectModel[]): Construct {
  const { cfg } = c;
  // The unit is its log group: zones joining or leaving it never move its resources.
  const unit = new Construct(scope, `LogGroup-${logGroupName}`);
  const stack = Stack.of(unit);
  const creating = zones.map((z) => z.subject).filter((z) => z.createQueryLogging);
  let created: HostedZoneQueryLogging | undefined;
  if (creating.length > 0) {
    created = new HostedZoneQueryLogging(unit, 'QueryLogging', {
      zoneIds: creating.map((z) => z.id),
      logGroupName,
      retentionDays: Math.max(...creating.map((z) => z.retentionDays)),
      key: c.cores[HOSTED_ZONE_REGION].queryLogsKey!,
      existing: creating.every((z) => z.existingLogGroup),
    });
  }
  const subjects = zones.map((z) => z.subject);
  new LogGroupMetricFilters(unit, 'Filters', { prefix: cfg.prefix, namespace: cfg.namespace, source: 'hostedZone', logGroupName, subjects, dependsOn: created?.logGroup });
  const signalAlarms = zones.map((z) => new SubjectAlarms(unit, `Alarms-${z.subject.id}`, { model: z, actions: actionsFor(c, stack, z.subject.alertRoute) }));
  // Zone-level alarms that need no query logs (AWS/Route53 DNSQueries, DNSSEC).
  const zoneProps = { prefix: cfg.prefix, namespace: cfg.namespace, zones: zones.map((z) => ({ ...z.subject, dashboard: z.dashboard })), actions: actionsFor(c, stack, subjects[0].alertRoute), runbookUrl: cfg.alerts.runbookUrl };
  const zoneLevel = [new ZoneQueryVolumeAlarms(unit, 'QueryVolume', zoneProps), new DnssecAlarms(unit, 'Dnssec', zoneProps)];
  zones.forEach((z, i) => {
    if (z.maintenance.length === 0) return;
    const own = alarmsOfSubject(zoneLevel, z.subject.id);
    const a = signalAlarms[i];
    new MaintenanceMutes(unit, `Maintenance-${z.subject.id}`, {
      prefix: cfg.prefix,
      subject: { id: z.subject.id, label: `hosted zone ${z.subject.name} (${z.subject.id})` },
      windows: z.maintenance,
      alarms: [...a.alarms, ...(a.composite ? [a.composite] : []), ...own],
    });
  });
  return unit;
}

export function zoneStacks(c: Composition): Stack[] {
  const units = new Map<string, SubjectModel[]>();
  for (const z of c.model.hostedZones) units.set(z.subject.logGroupName, [...(units.get(z.subject.logGroupName) ?? []), z]);
  const stacks = placeUnits(
    c,
    'zones',
    HOSTED_ZONE_REGION,
    'hosted-zone metrics and alarms',
    [...units].map(([logGroupName, zones]) => ({
      key: logGroupName,
      build: (scope: Construct) => zoneUnit(c, scope, logGroupName, [...zones].sort((a, b) => a.subject.id.localeCompare(b.subject.id))),
    })),
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
