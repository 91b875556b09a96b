/**
 * Route 53 health checks (their own stacks, a calculated check always with its children), the
 * Resolver endpoint alarms (in their regions' core stacks) and the change audit (its own stack: it
 * refers to the health checks).
 */
import { Stack } from 'aws-cdk-lib';
import { CfnHealthCheck } from 'aws-cdk-lib/aws-route53';
import { HOSTED_ZONE_REGION } from '../config/resolve';
import { changeAuditRuns, type AuditZone } from '../config/change-audit';
import { DnsChangeAudit } from '../audit';
import { ZONE_NAMED_CATEGORIES } from '../audit/audit-message';
import type { DashboardHealthCheck } from '../dashboards';
import { HealthCheckMonitoring, ResolverEndpointAlarms, RESOLVER_ENDPOINTS_ID } from '../health';
import { DEFAULT_HEALTH_CHECK_QUOTA, HEALTH_CHECK_QUOTA_WARNING, healthCheckQuotaMessage } from '../health/health-checks';
import { healthCheckDashboardBytes } from '../dashboards/health-checks';
import { EXPORT_BYTES } from './exports';
import type { ResolvedHealthCheck } from '../config/resolve-health';
import { healthCheckGroups } from '../health/health-check-groups';
import { alarmsOfSubject, MaintenanceMutes } from '../constructs/maintenance-mutes';
import { changeAuditStackName, chatbotTopicName, muteRuleSubject } from '../naming';
import { alertTopicArn, smsTopicArn } from '../constructs/alert-topics';
import { DEFAULT_ROUTE } from '../config/alerts-schema';
import { actionsFor, type Composition, deploymentWarning, placeUnits, shardStack, topicKeysFor } from './context';
import { ConfigError } from '../config/errors';
import type { UnitTooBig } from '../stacks/shard-placer';

/** The placement group of the health checks: units `health-checks|<check or calculated check>`, stacks `<prefix>-health-checks-<n>`. */
export const HEALTH_CHECK_GROUP = 'health-checks';

/** Route 53 health checks by config name. */
export type HealthCheckResources = Readonly<Record<string, CfnHealthCheck>>;

export function healthCheckStacks(c: Composition): HealthCheckResources {
  const { cfg } = c;
  const created: Record<string, CfnHealthCheck> = {};
  if (cfg.healthChecks.length === 0) return created;
  placeUnits(
    c,
    HEALTH_CHECK_GROUP,
    HOSTED_ZONE_REGION,
    'Route 53 health checks and their alarms',
    healthCheckGroups(cfg.healthChecks).map((group) => {
      let built: HealthCheckMonitoring | undefined;
      return {
        key: group.key,
        build: (scope) => {
          const m = new HealthCheckMonitoring(scope, `HealthChecks-${group.key}`, {
            prefix: cfg.prefix,
            healthChecks: group.checks,
            actions: actionsFor(c, Stack.of(scope)),
            runbookUrl: cfg.alerts.runbookUrl,
            healthCheckQuota: Number.MAX_SAFE_INTEGER,
          });
          Object.assign(created, m.healthChecks);
          built = m;
          for (const hc of group.checks) {
            const windows = c.model.maintenanceOf('healthCheck', hc.name);
            const alarms = alarmsOfSubject([m], hc.name);
            if (windows.length === 0 || alarms.length === 0) continue;
            new MaintenanceMutes(m, `Maintenance-${hc.name}`, { prefix: cfg.prefix, subject: { id: muteRuleSubject.healthCheck(hc.name), label: `health check ${hc.name}` }, windows, alarms });
          }
          return m;
        },
        // The stack also holds each check's kept export (lib/compose/exports.ts) and the dashboards
        // of its checks (DnsDashboardStacks healthCheckStacks), both made after placement.
        extraBytes: () => {
          const cfn = built?.healthChecks ?? {};
          const checks = group.checks.filter((hc) => cfn[hc.name]);
          const dashboards = c.model.dashboards.settings.enabled ? checks.reduce((n, hc) => n + healthCheckDashboardBytes(dashboardView(hc, cfn[hc.name])), 0) : 0;
          return checks.length * EXPORT_BYTES + dashboards;
        },
        extraOutputs: () => Object.keys(built?.healthChecks ?? {}).length,
      };
    }),
    c.locked,
    (t) => calculatedCheckTooBig(c, t),
  );
  // Checked once for all groups (each group's construct is told the quota is unlimited).
  const active = cfg.healthChecks.filter((hc) => !hc.disabled).length;
  if (active > DEFAULT_HEALTH_CHECK_QUOTA) deploymentWarning(c, HEALTH_CHECK_QUOTA_WARNING, healthCheckQuotaMessage(active, DEFAULT_HEALTH_CHECK_QUOTA));
  return created;
}

/**
 * A calculated check refers to its children, so a check and its children are one unit: with many
 * children it outgrows one stack. The config sets that, so it is a config error with the fix.
 */
function calculatedCheckTooBig(c: Composition, t: UnitTooBig): Error {
  const group = healthCheckGroups(c.cfg.healthChecks).find((g) => g.key === t.unitKey);
  const index = c.cfg.healthChecks.findIndex((h) => h.name === t.unitKey);
  const members = group?.checks.length ?? 1;
  if (t.resources <= t.maxResources && t.outputs > t.maxOutputs) {
    return new ConfigError([
      {
        path: `healthChecks[${index}].children`,
        message: `calculated check ${t.unitKey} is deployed with its ${members - 1} children (it refers to them by id), and each check keeps one export: ${t.outputs} outputs, more than one stack may declare (${t.maxOutputs}) — give it at most ${t.maxOutputs - 1} children`,
      },
    ]);
  }
  const perCheck = Math.max(1, Math.ceil(t.resources / members));
  const fit = Math.max(1, Math.floor(t.maxResources / perCheck) - 1);
  return new ConfigError([
    {
      path: `healthChecks[${index}].children`,
      message:
        `calculated check ${t.unitKey} is deployed with its ${members - 1} children (it refers to them by id) and together they need ${t.resources} resources with their alarms, more than one stack holds (${t.maxResources}) — ` +
        `give it at most ${fit} children, or fewer alarms per child (percentageHealthy: { enabled: false } on the children drops one each)`,
    },
  ]);
}

/** What the dashboards show of each created health check. */
export function dashboardHealthChecks(c: Composition, created: HealthCheckResources): DashboardHealthCheck[] {
  const unitOf = new Map(healthCheckGroups(c.cfg.healthChecks).flatMap((g) => g.checks.map((hc) => [hc.name, g.key] as const)));
  return c.cfg.healthChecks
    .filter((hc) => created[hc.name])
    // Its dashboard is created in its stack (DnsDashboardStacks healthCheckStacks).
    .map((hc) => ({ ...dashboardView(hc, created[hc.name]), stack: c.placed[`${HEALTH_CHECK_GROUP}|${unitOf.get(hc.name)}`] }));
}

/** What a check's dashboard widgets show of it. */
function dashboardView(hc: ResolvedHealthCheck, cfn: CfnHealthCheck): DashboardHealthCheck {
  return { name: hc.name, id: cfn.attrHealthCheckId, latency: hc.measureLatency, type: (cfn.healthCheckConfig as CfnHealthCheck.HealthCheckConfigProperty).type };
}

export function changeAuditStack(c: Composition): void {
  const { cfg } = c;
  const use1 = c.cores[HOSTED_ZONE_REGION];
  if (!use1 || !changeAuditRuns(cfg.changeAudit)) return;
  // Zone ids fill the rules' event patterns and names their input templates: large fleets get one
  // audit stack per AUDIT_ZONES_PER_STACK zones, or fewer when their names are long.
  const parts = auditParts(cfg.changeAudit.zones, new Set(cfg.changeAudit.protectedRecords.map((r) => r.zoneId)));
  // Part 1 exists without zones too: it holds the account-wide rules (registrar calls among them).
  for (const [i, zones] of (parts.length > 0 ? parts : [[]]).entries()) {
    const part = i + 1;
    const stack = shardStack(c, changeAuditStackName(cfg.prefix, part), HOSTED_ZONE_REGION, `DNS change alerts from CloudTrail${part > 1 ? `, part ${part}` : ''}`);
    c.stacks.push(stack);
    // Recorded like the numbered stacks, so a part that a shrinking fleet no longer needs is announced.
    if (part > 1) c.placed[`change-audit|part-${part}`] = part;
    // The audit reads the core stack's topics by name (no import): they exist first.
    stack.addStackDependency(use1, 'the change audit publishes to the alert topics of this stack');
    changeAudit(c, stack, { part, zones });
  }
}

/**
 * Zones per change-audit stack: the product's budget, not an AWS limit. 5,000 zones made a
 * 1,046,084-byte template (limit 1,000,000, lib/aws-facts.ts); 2,000 stay near 420,000.
 */
export const AUDIT_ZONES_PER_STACK = 2000;

/**
 * Characters of zone names (with their ids, as the templates write them) per change-audit stack:
 * the product's budget. The zone-level rules name their zones (ZONE_NAMED_CATEGORIES): each zone's
 * name is in the zone-changes and the DNSSEC rules, a third time with protected records. 2,000
 * zones take about 590,000 bytes of template without names; this keeps a part under 900,000
 * (test/stacks/large-fleet.test.ts: 887,203 bytes at the edge), so 2,000 zones of names up to 31
 * characters on average (ids of 21) fill one part.
 */
export const AUDIT_ZONE_NAME_CHARS_PER_STACK = 250_000;

/**
 * What one zone's names take in its part's templates: id, name and their escaped quotes, colon and
 * comma (10), once per category whose rules name it (ZONE_NAMED_CATEGORIES; protected records only
 * for a zone that has some).
 */
export function auditZoneNameChars(zone: AuditZone, protectedRecords: boolean): number {
  const rules = ZONE_NAMED_CATEGORIES.filter((c) => c !== 'protected-records' || protectedRecords).length;
  return (zone.zoneId.length + zone.zoneName.length + 10) * rules;
}

/**
 * The change audit's zone ids per part, in id order: a part closes at AUDIT_ZONES_PER_STACK zones or
 * AUDIT_ZONE_NAME_CHARS_PER_STACK characters of names. Fleets whose names average up to 31
 * characters are split every 2,000 zones, as before zone names were in the rules.
 */
export function auditParts(zones: readonly AuditZone[], protectedZoneIds: ReadonlySet<string>): string[][] {
  const parts: string[][] = [];
  let current: string[] = [];
  let chars = 0;
  for (const z of [...zones].sort((a, b) => (a.zoneId < b.zoneId ? -1 : a.zoneId > b.zoneId ? 1 : 0))) {
    const c = auditZoneNameChars(z, protectedZoneIds.has(z.zoneId));
    if (current.length > 0 && (current.length >= AUDIT_ZONES_PER_STACK || chars + c > AUDIT_ZONE_NAME_CHARS_PER_STACK)) {
      parts.push(current);
      current = [];
      chars = 0;
    }
    current.push(z.zoneId);
    chars += c;
  }
  if (current.length > 0) parts.push(current);
  return parts;
}

/**
 * The change audit refers to the core stack's topics by their names, never by reference: an
 * imported value pins the producer's export, which CloudFormation then lets no update remove or
 * change (Fn::ImportValue), so removing the Chatbot channel, a severity's created topic or the
 * audit itself would fail at the core stack. Health checks are not narrowed to this app's ids for
 * the same reason (removing or replacing one would fail at its stack): their deletions are watched
 * account-wide, as query logging deletions are.
 */
function changeAudit(c: Composition, stack: Stack, p: { part: number; zones: readonly string[] }): void {
  const { cfg } = c;
  const use1 = c.cores[HOSTED_ZONE_REGION];
  const inPart = new Set(p.zones);
  const route = cfg.alertRoutes[DEFAULT_ROUTE];
  new DnsChangeAudit(stack, 'ChangeAudit', {
    prefix: cfg.prefix,
    part: p.part,
    zoneIds: p.zones,
    zoneNames: Object.fromEntries(cfg.changeAudit.zones.filter((z) => inPart.has(z.zoneId)).map((z) => [z.zoneId, z.zoneName])),
    protectedRecords: cfg.changeAudit.protectedRecords.filter((r) => inPart.has(r.zoneId)),
    allChanges: cfg.changeAudit.allChanges,
    registrar: cfg.changeAudit.registrar,
    topicArns: { critical: [alertTopicArn(stack, cfg.prefix, 'critical', route)], warning: [alertTopicArn(stack, cfg.prefix, 'warning', route)] },
    chatTopicArn: use1.chatbotTopic ? stack.formatArn({ service: 'sns', region: HOSTED_ZONE_REGION, resource: chatbotTopicName(cfg.prefix) }) : undefined,
    // The SMS topic's ARN by its name, when the severity has phone numbers.
    smsTopicArns: { critical: smsTopicArn(stack, cfg.prefix, 'critical', route) },
    // The created topics' key, and for topics the config names (alerts.*.topicArns) whichever key
    // SNS uses for them: a critical topic given as an ARN must not cost the warning topic its key.
    ...topicKeysFor(c, HOSTED_ZONE_REGION),
    alarmActions: actionsFor(c, stack),
    runbookUrl: cfg.alerts.runbookUrl,
  });
}

export function endpointAlarms(c: Composition): void {
  const { cfg } = c;
  for (const region of [...new Set(cfg.resolverEndpoints.map((e) => e.region))].sort()) {
    const endpoints = cfg.resolverEndpoints.filter((e) => e.region === region);
    const a = new ResolverEndpointAlarms(c.cores[region], RESOLVER_ENDPOINTS_ID, {
      prefix: cfg.prefix,
      endpoints,
      actions: actionsFor(c, c.cores[region]),
      runbookUrl: cfg.alerts.runbookUrl,
    });
    for (const e of endpoints) {
      const windows = c.model.maintenanceOf('resolverEndpoint', e.endpointId);
      const alarms = alarmsOfSubject([a], e.endpointId);
      if (windows.length === 0 || alarms.length === 0) continue;
      new MaintenanceMutes(a, `Maintenance-${e.endpointId}`, { prefix: cfg.prefix, subject: { id: muteRuleSubject.id(e.endpointId), label: `Resolver endpoint ${e.name} (${e.endpointId}) in ${region}` }, windows, alarms });
    }
  }
}
