/**
 * Turns a schema-valid config into what the constructs build: per subject (zone or VPC) its log
 * group, query-logging mode and fully merged signal settings (catalogue default <- top-level
 * `signals` <- the subject's `signals`). Cross-field rules are checked here, with the path of the
 * value that has to change.
 */
import { resolveRegisteredDomains, type ResolvedRegisteredDomain } from './domains-schema';
import { canonicalName } from './domain-names';
import { CHATBOT, ROUTE53 } from '../aws-facts';
import { partitionOfRegion } from '../../contracts/console-links';
import { configRegions, partitionIssues } from './partitions';
import { signalsFor } from '../signals/catalogue';
import { topNConfigProblems } from '../signals/contributor-insights';
import { metricFilterConfigProblems } from '../signals/metric-filters';
import { DEFAULT_NAMESPACE } from '../signals/sources';
import type { LogSource, SignalDef, SignalDefaults } from '../signals/types';
import type { Config } from './schema';
import type { SignalMap } from './signal-overrides';
import { ConfigError, ConfigIssue, evaluationRangeProblem } from './errors';
import { resolveChangeAudit, ResolvedChangeAudit } from './change-audit';
import { resolveAlertRoutes, ResolvedRoute } from './alert-routes';
import { DEFAULT_ROUTE } from './alerts-schema';
import { dashboardsConfigSchema, type DashboardSettings } from './dashboards-schema';
import type { LicenseConfig } from './license-schema';
import { probeInputIssues, resolveDnsCheck } from './dns-checks-schema';
import { primaryRegion } from './regions';
import { resolveMaintenanceWindows, type ResolvedMaintenanceWindow } from './maintenance-schema';
import type { DnsCheckSpec } from '../../contracts/dns-check';
import {
  resolveHealthChecks,
  resolveResolverEndpoints,
  resolveZoneHealth,
  type ResolvedHealthCheck,
  type ResolvedResolverEndpoint,
  type ZoneHealth,
} from './resolve-health';

export interface SignalSettings extends SignalDefaults {
  readonly actionsEnabled: boolean;
}

export interface ResolvedSignal {
  readonly def: SignalDef;
  readonly settings: SignalSettings;
}

export interface ResolvedSubject {
  readonly source: LogSource;
  /** Hosted zone id or VPC id (the value in the logs and the metric dimension). */
  readonly id: string;
  /** Readable name used in alarm and dashboard names: zone name, or VPC name/id. */
  readonly name: string;
  readonly region: string;
  readonly logGroupName: string;
  readonly createQueryLogging: boolean;
  /** The app turns logging on but the log group already exists (retained by an earlier deployment). */
  readonly existingLogGroup: boolean;
  readonly retentionDays: number;
  readonly contributorInsights: boolean;
  /** Enabled signals only, in catalogue order. */
  readonly signals: readonly ResolvedSignal[];
  /** Where this subject is in the config file, e.g. `hostedZones[3]`. */
  readonly configPath: string;
  /** Name of the alert route its alarms notify (`default` unless `alertRoute` is set). */
  readonly alertRoute: string;
  /** Hosted zones only: DNSQueries and DNSSEC alarm settings. */
  readonly zoneHealth?: ZoneHealth;
}

/** The `alerts` section with its switches defaulted. */
export type ResolvedAlerts = Config['alerts'] & { readonly okNotifications: boolean; readonly zoneUnhealthy: boolean };

export interface ResolvedConfig {
  readonly prefix: string;
  readonly namespace: string;
  readonly hostedZones: readonly ResolvedSubject[];
  readonly resolverVpcs: readonly ResolvedSubject[];
  readonly contributorInsightsEnabled: boolean;
  readonly alerts: ResolvedAlerts;
  readonly tags: Readonly<Record<string, string>>;
  /** The primary region when the config sets it (lib/model/regions.ts computes it otherwise). */
  readonly primaryRegion?: string;
  readonly changeAudit: ResolvedChangeAudit;
  /** Alert destinations by route name (always has `default`). */
  readonly alertRoutes: Readonly<Record<string, ResolvedRoute>>;
  /** Every section below is validated and fully defaulted: nothing downstream re-reads the file's shape. */
  readonly dashboards: DashboardSettings;
  readonly healthChecks: readonly ResolvedHealthCheck[];
  readonly resolverEndpoints: readonly ResolvedResolverEndpoint[];
  /** Absent: no license resources (monitoring works fully without). */
  readonly license?: LicenseConfig;
  /** Active DNS checks the app deploys (run in the account by the DNS prober, and on demand by `dns-monitor check`). */
  readonly dnsChecks: readonly DnsCheckSpec[];
  /** Checks with `deploy: false`: run only by `dns-monitor check`; the app builds nothing for them. */
  readonly localDnsChecks: readonly DnsCheckSpec[];
  /** Domains registered with Route 53 in the account, whose expiry and automatic renewal the watcher reads. */
  readonly registeredDomains: readonly ResolvedRegisteredDomain[];
  /** Planned windows when the alarms of some zones, VPCs and DNS checks notify nobody (mute rules). */
  readonly maintenanceWindows: readonly ResolvedMaintenanceWindow[];
}

/** Region of Route 53's metrics and hosted-zone query logs (lib/aws-facts.ts). */
export const HOSTED_ZONE_REGION = ROUTE53.globalRegion;
export const DEFAULT_RETENTION_DAYS = 30;
const SETTING_KEYS = [
  'enabled', 'threshold', 'rateThreshold', 'minVolume', 'minCount', 'lowVolumeRateThreshold', 'lowVolumeMinCount', 'period', 'evaluationPeriods', 'datapointsToAlarm',
  'treatMissingData', 'severity', 'anomaly', 'anomalyBandWidth', 'actionsEnabled',
] as const;
type SettingKey = (typeof SETTING_KEYS)[number];

function mergeSignal(
  def: SignalDef,
  layers: { map: SignalMap | undefined; path: string }[],
): { settings: SignalSettings; origin: Partial<Record<SettingKey, string>> } {
  const settings: Record<string, unknown> = { ...def.defaults, actionsEnabled: true };
  const origin: Partial<Record<SettingKey, string>> = {};
  for (const { map, path } of layers) {
    const o = map?.[def.id];
    if (!o) continue;
    for (const k of SETTING_KEYS) {
      if (o[k] !== undefined) {
        settings[k] = o[k];
        origin[k] = `${path}.${def.id}.${k}`;
      }
    }
  }
  return { settings: settings as unknown as SignalSettings, origin };
}

function resolveSignals(
  source: LogSource,
  subjectSignals: SignalMap | undefined,
  subjectPath: string,
  cfg: Config,
  issues: ConfigIssue[],
): ResolvedSignal[] {
  const layers = [
    { map: cfg.signals, path: 'signals' },
    { map: subjectSignals, path: `${subjectPath}.signals` },
  ];
  const merged = signalsFor(source).map((def) => ({ def, ...mergeSignal(def, layers) }));
  const enabled = new Set(merged.filter((m) => m.settings.enabled).map((m) => m.def.id));
  for (const { def, settings: s, origin } of merged) {
    if (!s.enabled) continue;
    const where = (...keys: SettingKey[]) =>
      keys.map((k) => origin[k]).find((p) => p !== undefined) ?? `${subjectPath}.signals.${def.id}`;
    if (s.datapointsToAlarm > s.evaluationPeriods) {
      issues.push({
        path: where('datapointsToAlarm', 'evaluationPeriods'),
        message: `datapointsToAlarm (${s.datapointsToAlarm}) is greater than evaluationPeriods (${s.evaluationPeriods}) — datapointsToAlarm is the M in "M out of N" and must be <= evaluationPeriods`,
      });
    }
    if (
      s.rateThreshold !== null &&
      s.lowVolumeRateThreshold !== null &&
      def.direction === 'high' &&
      s.lowVolumeRateThreshold < s.rateThreshold
    ) {
      issues.push({
        path: where('lowVolumeRateThreshold', 'rateThreshold'),
        message: `lowVolumeRateThreshold (${s.lowVolumeRateThreshold} %) is below rateThreshold (${s.rateThreshold} %) — the low-volume tier must ask for at least the rate the busy tier asks for; raise it, or set it to null to keep quiet periods silent`,
      });
    }
    const range = evaluationRangeProblem(s.period, s.evaluationPeriods);
    if (range) issues.push({ path: where('evaluationPeriods', 'period'), message: range });
    if (def.measure.kind === 'math') {
      const missing = def.measure.uses.filter((u) => !enabled.has(u));
      if (missing.length > 0) {
        issues.push({
          path: origin.enabled ?? `${subjectPath}.signals.${missing[0]}.enabled`,
          message: `signal '${def.id}' is computed from ${def.measure.uses.join(', ')} but ${missing.join(', ')} ${missing.length > 1 ? 'are' : 'is'} disabled — enable ${missing.join(', ')} or set ${def.id}.enabled: false`,
        });
      }
    }
  }
  return merged.filter((m) => m.settings.enabled).map(({ def, settings }) => ({ def, settings }));
}

function checkExistingLogGroup(ql: { create?: boolean; useExistingLogGroup?: boolean }, path: string, issues: ConfigIssue[]): void {
  if (ql.useExistingLogGroup && !ql.create) {
    issues.push({
      path: `${path}.queryLogging.useExistingLogGroup`,
      message: 'applies only with create: true (the app turns logging on into the existing group) — set create: true, or remove useExistingLogGroup when logging is already on',
    });
  }
}

export function resolveConfig(cfg: Config): ResolvedConfig {
  const issues: ConfigIssue[] = [];
  const ciEnabled = cfg.contributorInsights?.enabled ?? true;

  const seen = new Map<string, string>();
  const unique = (key: string, path: string, what: string) => {
    const first = seen.get(key);
    if (first) issues.push({ path, message: `duplicate ${what} (already listed at ${first}) — list each ${what.split(' ')[0]} once` });
    else seen.set(key, path);
  };

  const zoneByName = new Map<string, { id: string; path: string }>();
  const hostedZones = cfg.hostedZones.map((z, i): ResolvedSubject => {
    const path = `hostedZones[${i}]`;
    const zoneName = canonicalName(z.zoneName);
    const listedTwice = seen.has(`zone:${z.zoneId}`);
    unique(`zone:${z.zoneId}`, `${path}.zoneId`, `zone id ${z.zoneId}`);
    const namesake = zoneByName.get(zoneName);
    if (namesake && !listedTwice) {
      issues.push({
        path: `${path}.zoneName`,
        message: `hosted zones ${namesake.id} (${namesake.path}) and ${z.zoneId} are both named ${zoneName} — alarm, dashboard and log group names are made from the zone name, so a config monitors one zone per name: keep the zone your registrar delegates to (its NS records), or monitor the other from a config with another prefix and queryLogging.logGroupName`,
      });
    } else if (!namesake) zoneByName.set(zoneName, { id: z.zoneId, path });
    const ql = { ...cfg.queryLogging, ...z.queryLogging };
    const create = ql.create ?? false;
    const logGroupName = z.queryLogging?.logGroupName ?? `/aws/route53/${zoneName}`;
    if (create && !logGroupName.startsWith('/aws/route53/')) {
      issues.push({
        path: `${path}.queryLogging.logGroupName`,
        message: `'${logGroupName}' cannot receive Route 53 query logs created by this app — when queryLogging.create is true the name must start with /aws/route53/ (covered by the shared Route 53 resource policy)`,
      });
    }
    checkExistingLogGroup(ql, path, issues);
    return {
      source: 'hostedZone',
      existingLogGroup: create && (ql.useExistingLogGroup ?? false),
      id: z.zoneId,
      name: zoneName,
      region: HOSTED_ZONE_REGION,
      logGroupName,
      createQueryLogging: create,
      retentionDays: ql.retentionDays ?? DEFAULT_RETENTION_DAYS,
      contributorInsights: ciEnabled && (z.contributorInsights ?? true),
      signals: resolveSignals('hostedZone', z.signals, path, cfg, issues),
      configPath: path,
      alertRoute: z.alertRoute ?? DEFAULT_ROUTE,
      zoneHealth: resolveZoneHealth(z, cfg.hostedZones.length),
    };
  });

  const resolverVpcs = cfg.resolverVpcs.map((v, i): ResolvedSubject => {
    const path = `resolverVpcs[${i}]`;
    unique(`vpc:${v.vpcId}`, `${path}.vpcId`, `VPC id ${v.vpcId}`);
    const ql = { ...cfg.queryLogging, ...v.queryLogging };
    checkExistingLogGroup(ql, path, issues);
    return {
      source: 'resolver',
      existingLogGroup: (ql.create ?? false) && (ql.useExistingLogGroup ?? false),
      id: v.vpcId,
      name: v.name ?? v.vpcId,
      region: v.region,
      logGroupName: v.queryLogging?.logGroupName ?? `/aws/route53resolver/${cfg.prefix}`,
      createQueryLogging: ql.create ?? false,
      retentionDays: ql.retentionDays ?? DEFAULT_RETENTION_DAYS,
      contributorInsights: ciEnabled && (v.contributorInsights ?? true),
      signals: resolveSignals('resolver', v.signals, path, cfg, issues),
      configPath: path,
      alertRoute: v.alertRoute ?? DEFAULT_ROUTE,
    };
  });
  const vpcNames = new Map<string, string>();
  resolverVpcs.forEach((v, i) => {
    if (v.name === v.id) return;
    const first = vpcNames.get(v.name);
    if (first) issues.push({ path: `resolverVpcs[${i}].name`, message: `duplicate VPC name '${v.name}' (already used at ${first}) — names appear in alarm names and must be unique` });
    else vpcNames.set(v.name, `resolverVpcs[${i}].name`);
  });

  // A log group the app creates for Resolver logs is shared by all VPCs of a region that use it:
  // they must agree on whether it is created.
  const lgMode = new Map<string, { create: boolean; path: string }>();
  resolverVpcs.forEach((v, i) => {
    const key = `${v.region}|${v.logGroupName}`;
    const first = lgMode.get(key);
    if (first && first.create !== v.createQueryLogging) {
      issues.push({
        path: `resolverVpcs[${i}].queryLogging.create`,
        message: `VPCs sharing log group ${v.logGroupName} in ${v.region} disagree on queryLogging.create (see ${first.path}) — set the same value for all of them`,
      });
    } else if (!first) lgMode.set(key, { create: v.createQueryLogging, path: `resolverVpcs[${i}]` });
  });

  if (cfg.hostedZones.length === 0 && cfg.resolverVpcs.length === 0 && !cfg.healthChecks?.length && !cfg.resolverEndpoints?.length && !cfg.dnsChecks?.length && !cfg.registeredDomains?.length) {
    issues.push({
      path: 'hostedZones',
      message: 'nothing to monitor — list at least one hosted zone (hostedZones), VPC (resolverVpcs), health check (healthChecks), Resolver endpoint (resolverEndpoints), DNS check (dnsChecks) or registered domain (registeredDomains)',
    });
  }
  let changeAudit: ResolvedChangeAudit | undefined;
  try {
    changeAudit = resolveChangeAudit({ hostedZones: cfg.hostedZones, changeAudit: cfg.changeAudit, registeredDomains: cfg.registeredDomains?.length ?? 0 });
  } catch (e) {
    if (e instanceof ConfigError) issues.push(...e.issues);
    else throw e;
  }

  // Top-N rules are per source and region: their opt-out filters must fit AWS's rule syntax;
  // metric filters are per log group (of a region): within CloudWatch Logs' limits.
  for (const region of new Set([...hostedZones, ...resolverVpcs].map((s) => s.region))) {
    const here = [...hostedZones, ...resolverVpcs].filter((s) => s.region === region);
    issues.push(...topNConfigProblems(here));
    issues.push(...metricFilterConfigProblems(here, region));
  }
  const alertRoutes = resolveAlertRoutes(cfg, [...hostedZones, ...resolverVpcs], issues);
  const maintenanceWindows = resolveMaintenanceWindows(
    cfg.maintenanceWindows ?? [],
    {
      hostedZones,
      resolverVpcs,
      dnsChecks: (cfg.dnsChecks ?? []).filter((c) => c.deploy !== false),
      localDnsChecks: (cfg.dnsChecks ?? []).filter((c) => c.deploy === false),
      healthChecks: cfg.healthChecks ?? [],
      resolverEndpoints: cfg.resolverEndpoints ?? [],
    },
    issues,
  );
  issues.push(...partitionIssues(cfg));
  if (issues.length > 0) throw new ConfigError(issues);
  const subjectRegions = configRegions(cfg).map((p) => p.region);
  const noChatbot = [...new Set(subjectRegions)].filter((r) => !CHATBOT.partitions.includes(partitionOfRegion(r))).sort();
  if (cfg.alerts.slack?.chatbot && noChatbot.length > 0) {
    throw new ConfigError([
      {
        path: 'alerts.slack.chatbot',
        message: `AWS Chatbot is not offered in ${noChatbot.join(', ')} (commercial AWS Regions only, docs/slack.md) — remove chatbot and use alerts.slack.webhook (the webhook notifier) for Slack`,
      },
    ]);
  }
  if (cfg.primaryRegion !== undefined && !subjectRegions.includes(cfg.primaryRegion)) {
    const used = [...new Set(subjectRegions)].sort().join(', ') || 'none';
    throw new ConfigError([
      {
        path: 'primaryRegion',
        message: `${cfg.primaryRegion} is not a region this deployment uses (${used}) — name one of them, or remove primaryRegion (the default: us-east-1 when used, else the first in alphabetical order)`,
      },
    ]);
  }
  const checkDefaultRegion = primaryRegion(subjectRegions, cfg.primaryRegion);
  const dnsChecks = (cfg.dnsChecks ?? []).filter((c) => c.deploy !== false).map((c) => resolveDnsCheck(c, checkDefaultRegion));
  const localDnsChecks = (cfg.dnsChecks ?? []).filter((c) => c.deploy === false).map((c) => resolveDnsCheck(c, checkDefaultRegion));
  const probeIssues = probeInputIssues(dnsChecks, checkDefaultRegion);
  if (probeIssues.length > 0) throw new ConfigError(probeIssues);
  return {
    prefix: cfg.prefix,
    namespace: cfg.metricsNamespace ?? DEFAULT_NAMESPACE,
    hostedZones,
    resolverVpcs,
    contributorInsightsEnabled: ciEnabled,
    alerts: { ...cfg.alerts, okNotifications: cfg.alerts.okNotifications ?? true, zoneUnhealthy: cfg.alerts.zoneUnhealthy ?? true },
    tags: cfg.tags ?? {},
    primaryRegion: cfg.primaryRegion,
    changeAudit: changeAudit!,
    alertRoutes,
    dashboards: cfg.dashboards ?? dashboardsConfigSchema.parse({}),
    healthChecks: resolveHealthChecks(cfg.healthChecks ?? []),
    resolverEndpoints: resolveResolverEndpoints(cfg.resolverEndpoints ?? []),
    license: cfg.license,
    // A check without regions runs from the deployment's primary region (where its alarm is).
    dnsChecks,
    localDnsChecks,
    registeredDomains: resolveRegisteredDomains(cfg.registeredDomains ?? []),
    maintenanceWindows,
  };
}
