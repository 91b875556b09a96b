/**
 * The health sections of the config, fully defaulted: per hosted zone its DNSQueries and DNSSEC
 * settings, each health check (with its parsed URL and the seconds Route 53 needs to call it
 * unhealthy) and each Resolver endpoint. The alarm builders read these and never default anything.
 */
import type { Severity } from '../../contracts/alarm-context';
import {
  HEALTH_CHECK_DEFAULTS,
  QUERY_VOLUME_DEFAULTS,
  RESOLVER_ENDPOINT_DEFAULTS,
  type HealthCheckConfig,
  type QueryVolumeConfig,
  type ResolverEndpointConfig,
} from './health-schema';
import { parseHealthCheckUrl, type ParsedHealthCheckUrl } from './health-check-url';

/** How one alarm is evaluated: M of N periods, severity, shadow mode. */
export interface Evaluation {
  readonly period: number;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
  readonly severity: Severity;
  readonly actionsEnabled: boolean;
}

type EvaluationInput = Partial<Evaluation> | undefined;

/** The one place an alarm's evaluation settings are defaulted. */
export function evaluationOf(o: EvaluationInput, d: Omit<Evaluation, 'actionsEnabled'>): Evaluation {
  return {
    period: o?.period ?? d.period,
    evaluationPeriods: o?.evaluationPeriods ?? d.evaluationPeriods,
    datapointsToAlarm: o?.datapointsToAlarm ?? d.datapointsToAlarm,
    severity: o?.severity ?? d.severity,
    actionsEnabled: o?.actionsEnabled ?? true,
  };
}

export interface ResolvedQueryVolume extends Evaluation {
  readonly enabled: boolean;
  /** null: no static low-traffic alarm. */
  readonly minQueries: number | null;
  /** The logs-stopped alarm (DNSQueries against the logged query count), or false. */
  readonly logsStopped: false | { readonly period: number; readonly evaluationPeriods: number; readonly datapointsToAlarm: number; readonly minLoggedShare: number };
  readonly anomaly: 'off' | 'drop';
  readonly anomalyBandWidth: number;
  /** The anomaly-drop alarm's evaluation: the zone's period / M of N where set, else its own window. */
  readonly anomalyEvaluation: Evaluation;
}

/** A hosted zone's alarms that need no query logs (AWS/Route53 in us-east-1). */
export interface ZoneHealth {
  readonly dnssec: boolean;
  readonly queryVolume: ResolvedQueryVolume;
}

/** Above this many hosted zones the DNSQueries anomaly-drop alarm is off unless a zone sets it. */
export const ANOMALY_DEFAULT_MAX_ZONES = QUERY_VOLUME_DEFAULTS.anomalyDefaultMaxZones;

/** @param zoneCount hosted zones in the config (the anomaly-drop default depends on it). */
export function resolveZoneHealth(z: { dnssec?: boolean; queryVolume?: QueryVolumeConfig }, zoneCount = 1): ZoneHealth {
  const o = z.queryVolume ?? {};
  return {
    dnssec: z.dnssec ?? false,
    queryVolume: {
      ...evaluationOf(o, QUERY_VOLUME_DEFAULTS),
      enabled: o.enabled ?? QUERY_VOLUME_DEFAULTS.enabled,
      minQueries: o.minQueries === undefined ? QUERY_VOLUME_DEFAULTS.minQueries : o.minQueries,
      logsStopped: (o.logsStopped ?? QUERY_VOLUME_DEFAULTS.logsStopped.enabled) && {
        period: QUERY_VOLUME_DEFAULTS.logsStopped.period,
        evaluationPeriods: QUERY_VOLUME_DEFAULTS.logsStopped.evaluationPeriods,
        datapointsToAlarm: QUERY_VOLUME_DEFAULTS.logsStopped.datapointsToAlarm,
        minLoggedShare: QUERY_VOLUME_DEFAULTS.logsStopped.minLoggedShare,
      },
      anomaly: o.anomaly ?? (zoneCount > QUERY_VOLUME_DEFAULTS.anomalyDefaultMaxZones ? 'off' : QUERY_VOLUME_DEFAULTS.anomaly),
      anomalyBandWidth: o.anomalyBandWidth ?? QUERY_VOLUME_DEFAULTS.anomalyBandWidth,
      anomalyEvaluation: evaluationOf(o, { ...QUERY_VOLUME_DEFAULTS.anomalyWindow, severity: QUERY_VOLUME_DEFAULTS.severity }),
    },
  };
}

export interface ResolvedHealthCheck {
  readonly name: string;
  /** The URL as written (descriptions), and parsed; absent for calculated checks. */
  readonly url?: string;
  readonly endpoint?: ParsedHealthCheckUrl;
  readonly children?: readonly string[];
  readonly healthyThreshold?: number;
  readonly searchString?: string;
  readonly requestInterval: number;
  readonly failureThreshold: number;
  readonly regions?: readonly string[];
  readonly measureLatency: boolean;
  /** TLS server name indication (HTTPS only): on by default when the URL has a host name. */
  readonly sni?: boolean;
  readonly inverted: boolean;
  readonly disabled: boolean;
  /** Seconds Route 53 needs to call the endpoint unhealthy (interval x failure threshold; worst child for calculated checks). */
  readonly checkSeconds: number;
  readonly status: Evaluation;
  readonly percentageHealthy: Evaluation & { readonly enabled: boolean; readonly threshold: number };
  /** Latency alarms: only when the check has a `latency` section (and measureLatency). */
  readonly latency?: Evaluation & { readonly timeToFirstByteMs?: number; readonly connectionTimeMs?: number };
}

function ownCheckSeconds(hc: HealthCheckConfig): number {
  return (hc.requestInterval ?? HEALTH_CHECK_DEFAULTS.requestInterval) * (hc.failureThreshold ?? HEALTH_CHECK_DEFAULTS.failureThreshold);
}

function checkSecondsOf(hc: HealthCheckConfig, all: ReadonlyMap<string, HealthCheckConfig>, seen = new Set<string>()): number {
  if (hc.children === undefined) return ownCheckSeconds(hc);
  seen.add(hc.name);
  let worst = 0;
  for (const c of hc.children) {
    const child = all.get(c);
    if (child && !seen.has(c)) worst = Math.max(worst, checkSecondsOf(child, all, seen));
  }
  return worst;
}

/** Health checks of a schema-valid config (URLs were checked by the schema). */
export function resolveHealthChecks(checks: readonly HealthCheckConfig[]): ResolvedHealthCheck[] {
  const byName = new Map(checks.map((c) => [c.name, c]));
  return checks.map((hc) => {
    let endpoint: ParsedHealthCheckUrl | undefined;
    if (hc.url !== undefined) {
      const parsed = parseHealthCheckUrl(hc.url);
      if (!parsed.ok) throw new Error(`health check ${hc.name}: url ${parsed.error}`);
      endpoint = parsed.value;
    }
    const ph = hc.percentageHealthy;
    return {
      name: hc.name,
      url: hc.url,
      endpoint,
      children: hc.children,
      healthyThreshold: hc.healthyThreshold,
      searchString: hc.searchString,
      requestInterval: hc.requestInterval ?? HEALTH_CHECK_DEFAULTS.requestInterval,
      failureThreshold: hc.failureThreshold ?? HEALTH_CHECK_DEFAULTS.failureThreshold,
      regions: hc.regions,
      measureLatency: hc.measureLatency ?? false,
      sni: hc.sni,
      inverted: hc.inverted ?? false,
      disabled: hc.disabled ?? false,
      checkSeconds: checkSecondsOf(hc, byName),
      status: evaluationOf(hc.alarm, HEALTH_CHECK_DEFAULTS.status),
      percentageHealthy: {
        ...evaluationOf(ph, HEALTH_CHECK_DEFAULTS.percentageHealthy),
        enabled: ph?.enabled ?? true,
        threshold: ph?.threshold ?? HEALTH_CHECK_DEFAULTS.percentageHealthy.threshold,
      },
      latency: hc.latency
        ? { ...evaluationOf(hc.latency, HEALTH_CHECK_DEFAULTS.latency), timeToFirstByteMs: hc.latency.timeToFirstByteMs, connectionTimeMs: hc.latency.connectionTimeMs }
        : undefined,
    };
  });
}

export interface ResolvedResolverEndpoint {
  readonly endpointId: string;
  readonly region: string;
  readonly direction: 'inbound' | 'outbound';
  readonly name: string;
  readonly unhealthyEnis: Evaluation & { readonly enabled: boolean; readonly threshold: number };
  readonly queryVolume: Evaluation & { readonly enabled: boolean; readonly minQueries: number };
  /** ResolverEndpointCapacityStatus level (1: an interface over 50 %, 2: over 75 %) that triggers the alarm. */
  readonly capacity: Evaluation & { readonly enabled: boolean; readonly threshold: 1 | 2 };
}

export function resolveResolverEndpoints(endpoints: readonly ResolverEndpointConfig[]): ResolvedResolverEndpoint[] {
  const D = RESOLVER_ENDPOINT_DEFAULTS;
  return endpoints.map((e) => ({
    endpointId: e.endpointId,
    region: e.region,
    direction: e.direction,
    name: e.name,
    unhealthyEnis: { ...evaluationOf(e.unhealthyEnis, D.unhealthyEnis), enabled: e.unhealthyEnis?.enabled ?? true, threshold: e.unhealthyEnis?.threshold ?? D.unhealthyEnis.threshold },
    queryVolume: { ...evaluationOf(e.queryVolume, D.queryVolume), enabled: e.queryVolume?.enabled ?? true, minQueries: e.queryVolume?.minQueries ?? D.queryVolume.minQueries },
    capacity: { ...evaluationOf(e.capacity, D.capacity), enabled: e.capacity?.enabled ?? true, threshold: e.capacity?.threshold ?? D.capacity.threshold },
  }));
}
