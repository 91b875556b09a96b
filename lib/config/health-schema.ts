/**
 * Config fragments for endpoint and zone health (zod, strict). Messages read
 * "<what is wrong> — <how to fix it>"; the loader prefixes the path.
 *
 * Mount them in the root config schema:
 *   healthChecks: healthChecksSchema.optional(),
 *   resolverEndpoints: resolverEndpointsSchema.optional(),
 *   changeAudit: changeAuditSchema.optional(),
 * and spread `zoneHealthSchema` into the hosted-zone object (`dnssec`, `queryVolume`).
 *
 * Everything that can be checked inside one fragment is checked here (URL forms, SNI on http,
 * search-string length, checker regions, children that exist, healthy threshold <= children,
 * duplicate names, cycles). Checks that need other parts of the file (protected records that point
 * at configured zones) live in lib/config/resolve-health.ts.
 */
import { RESOLVER_ENDPOINT_ID, SEVERITIES } from '../../contracts/alarm-context';
import { z } from 'zod';
import { ROUTE53, ROUTE53_RESOLVER_METRICS } from '../aws-facts';
import { regionSchema } from './regions';
import { nameError, RECORD_NAME, ZONE_NAME } from './domain-names';
import { evaluationRangeProblem } from './errors';
import { parseHealthCheckUrl } from './health-check-url';

/** The regions Route 53 health checkers run from, and Route 53's limits (lib/aws-facts.ts). */
export const CHECKER_REGIONS = ROUTE53.checkerRegions;
export const SEARCH_STRING_MAX = ROUTE53.maxSearchStringLength;
export const MAX_CHILD_HEALTH_CHECKS = ROUTE53.maxChildHealthChecks;

const NAME = /^[a-z0-9](?:[a-z0-9-]{0,46}[a-z0-9])?$/;
const NAME_MSG = 'must be 1-48 lowercase letters, digits or hyphens, not starting or ending with a hyphen — it appears in alarm names, e.g. api-eu';
const ZONE_ID = ROUTE53.hostedZoneId;

const severity = z.enum(SEVERITIES, { error: 'must be critical or warning' });
const bool = (hint: string) => z.boolean({ error: `must be true or false — ${hint}` });
const count = (what: string) =>
  z.number({ error: `must be a whole number — ${what}` }).int(`must be a whole number — ${what}`).min(1, `must be at least 1 — ${what}`);
const periodSeconds = (min: number, hint: string) =>
  z
    .number({ error: `must be a number of seconds — ${hint}` })
    .int(`must be a whole number of seconds — ${hint}`)
    .min(min, `must be at least ${min} seconds — ${hint}`)
    .refine((v) => v % 60 === 0, `must be a multiple of 60 seconds — ${hint}`);

/** Evaluation settings shared by the metric alarms in this file. */
const evaluation = {
  period: periodSeconds(60, 'use 60, 300, 900 ...').optional(),
  evaluationPeriods: count('the N in "M out of N"').optional(),
  datapointsToAlarm: count('the M in "M out of N" (<= evaluationPeriods)').optional(),
  severity: severity.optional(),
  actionsEnabled: bool('false keeps the alarm but sends no notifications').optional(),
};

function checkMofN(
  v: { period?: number; evaluationPeriods?: number; datapointsToAlarm?: number },
  ctx: z.RefinementCtx,
  defaults: { period: number; evaluationPeriods: number; datapointsToAlarm: number },
): void {
  const period = v.period ?? defaults.period;
  const n = v.evaluationPeriods ?? defaults.evaluationPeriods;
  const m = v.datapointsToAlarm ?? defaults.datapointsToAlarm;
  if (m > n) {
    ctx.addIssue({
      code: 'custom',
      path: [v.datapointsToAlarm !== undefined ? 'datapointsToAlarm' : 'evaluationPeriods'],
      message: `datapointsToAlarm (${m}) is greater than evaluationPeriods (${n}) — M must be <= N in "M out of N"`,
    });
  }
  const range = evaluationRangeProblem(period, n);
  if (range) ctx.addIssue({ code: 'custom', path: [v.evaluationPeriods !== undefined ? 'evaluationPeriods' : 'period'], message: range });
}

// ---------------------------------------------------------------- health checks

/** Alarm defaults; each documents its worst-case detection time (see docs/health-checks.md). */
export const HEALTH_CHECK_DEFAULTS = {
  requestInterval: 30,
  failureThreshold: 3,
  /**
   * Status alarm: HealthCheckStatus Minimum < 1 over 60 s, 1 of 1. Worst case = request interval x
   * failure threshold (Route 53 declares the endpoint unhealthy) + 60 s period + 60 s evaluation:
   * 30 x 3 + 60 + 60 = 210 s (3.5 min) with the defaults; 10 x 3 + 120 = 150 s with 10-second checks.
   */
  status: { period: 60, evaluationPeriods: 1, datapointsToAlarm: 1, severity: 'critical' as const },
  /**
   * Partial outage: HealthCheckPercentageHealthy Average < 75 over 60 s, 3 of 3 (warning). Worst
   * case = interval x failure threshold + (3 + 1) x 60 s + 60 s = 90 + 240 + 60 = 390 s (6.5 min).
   */
  percentageHealthy: { threshold: 75, period: 60, evaluationPeriods: 3, datapointsToAlarm: 3, severity: 'warning' as const },
  /**
   * Latency (needs measureLatency): Average over 60 s above the threshold in 3 of 5 (warning).
   * Worst case = interval + (3 + 1) x 60 s + 60 s = 30 + 240 + 60 = 330 s (5.5 min).
   */
  latency: { period: 60, evaluationPeriods: 5, datapointsToAlarm: 3, severity: 'warning' as const },
} as const;

const latencySchema = z
  .strictObject({
    timeToFirstByteMs: z
      .number({ error: 'must be a number of milliseconds — e.g. 800' })
      .positive('must be > 0 milliseconds — e.g. 800')
      .optional(),
    connectionTimeMs: z
      .number({ error: 'must be a number of milliseconds — e.g. 300' })
      .positive('must be > 0 milliseconds — e.g. 300')
      .optional(),
    ...evaluation,
  })
  .superRefine((v, ctx) => checkMofN(v, ctx, HEALTH_CHECK_DEFAULTS.latency));

const percentageHealthySchema = z
  .strictObject({
    enabled: bool('false creates no partial-outage alarm for this check').optional(),
    threshold: z
      .number({ error: 'must be a percentage — e.g. 75' })
      .gt(0, 'must be between 0 and 100 (exclusive of 0) — the alarm fires below this share of healthy checkers')
      .max(100, 'must be between 0 and 100 — the alarm fires below this share of healthy checkers')
      .optional(),
    ...evaluation,
  })
  .superRefine((v, ctx) => checkMofN(v, ctx, HEALTH_CHECK_DEFAULTS.percentageHealthy));

const statusAlarmSchema = z
  .strictObject({ ...evaluation })
  .superRefine((v, ctx) => checkMofN(v, ctx, HEALTH_CHECK_DEFAULTS.status));

export const healthCheckSchema = z.strictObject({
  name: z.string({ error: `is required — ${NAME_MSG}` }).regex(NAME, NAME_MSG),
  url: z
    .string({ error: 'must be a URL — https://host[:port]/path, http://host[:port]/path or tcp://host:port' })
    .optional(),
  searchString: z
    .string({ error: 'must be text — Route 53 looks for it in the first 5,120 bytes of the response body' })
    .min(1, 'must not be empty — remove searchString to only check the status code')
    .max(SEARCH_STRING_MAX, `is longer than ${SEARCH_STRING_MAX} characters — Route 53 accepts at most ${SEARCH_STRING_MAX}; use a shorter, distinctive part of the body`)
    .optional(),
  requestInterval: z
    .union([z.literal(10), z.literal(30)], { error: 'must be 10 or 30 (seconds) — 10 is faster and costs more; it cannot be changed after creation' })
    .optional(),
  failureThreshold: z
    .number({ error: 'must be a whole number from 1 to 10' })
    .int('must be a whole number from 1 to 10')
    .min(1, 'must be from 1 to 10 — consecutive failed checks before Route 53 calls the endpoint unhealthy')
    .max(10, 'must be from 1 to 10 — consecutive failed checks before Route 53 calls the endpoint unhealthy')
    .optional(),
  regions: z
    .array(z.enum(CHECKER_REGIONS, { error: `is not a Route 53 checker region — use ${CHECKER_REGIONS.join(', ')}` }))
    .min(3, `lists fewer than 3 checker regions — Route 53 needs at least 3 of ${CHECKER_REGIONS.join(', ')} (or remove regions to use all 8)`)
    .optional(),
  measureLatency: bool('true records ConnectionTime / TimeToFirstByte (cannot be changed after creation)').optional(),
  sni: bool('true sends the host name in the TLS client hello (HTTPS only); default true for https URLs with a host name').optional(),
  inverted: bool('true treats a healthy endpoint as unhealthy and the other way round').optional(),
  disabled: bool('true leaves the check out of the deployment (no health check, no cost, no alarms) until you set it back to false').optional(),
  children: z
    .array(z.string().regex(NAME, NAME_MSG))
    .min(1, 'is empty — list the names of the health checks this calculated check combines')
    .max(MAX_CHILD_HEALTH_CHECKS, `lists more than ${MAX_CHILD_HEALTH_CHECKS} children — Route 53 allows at most ${MAX_CHILD_HEALTH_CHECKS}`)
    .optional(),
  healthyThreshold: z
    .number({ error: 'must be a whole number — how many children must be healthy' })
    .int('must be a whole number — how many children must be healthy')
    .min(0, 'must be >= 0 — how many children must be healthy')
    .optional(),
  alarm: statusAlarmSchema.optional(),
  percentageHealthy: percentageHealthySchema.optional(),
  latency: latencySchema.optional(),
});
export type HealthCheckConfig = z.output<typeof healthCheckSchema>;

/** Options that only make sense for an endpoint check (url), never for a calculated one. */
const ENDPOINT_ONLY = ['searchString', 'requestInterval', 'failureThreshold', 'regions', 'measureLatency', 'sni', 'percentageHealthy', 'latency'] as const;

function checkOne(hc: HealthCheckConfig, ctx: z.RefinementCtx, at: number): void {
  const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path: [at, ...path], message });
  if (hc.children !== undefined && hc.url !== undefined) {
    issue(['children'], 'is set together with url — a check is either an endpoint check (url) or a calculated check (children), not both');
    return;
  }
  if (hc.children === undefined) {
    if (hc.url === undefined) {
      issue(['url'], 'is required — give the endpoint URL (https://host/path, http://host/path, tcp://host:port) or children for a calculated check');
      return;
    }
    if (hc.healthyThreshold !== undefined) issue(['healthyThreshold'], 'only applies to calculated checks — remove it or use children instead of url');
    const parsed = parseHealthCheckUrl(hc.url);
    if (!parsed.ok) {
      issue(['url'], parsed.error);
      return;
    }
    const u = parsed.value;
    if (u.protocol === 'tcp' && hc.searchString !== undefined) {
      issue(['searchString'], 'does not apply to tcp:// checks — TCP checks only open a connection; use an http(s):// URL to match the body');
    }
    if (hc.sni === true && u.protocol !== 'https') {
      issue(['sni'], `is only for https URLs — ${u.protocol}:// checks do not use TLS; remove sni or use https://`);
    }
    if (hc.sni === true && u.protocol === 'https' && u.ipAddress !== undefined) {
      issue(['sni'], 'needs a host name — the URL uses an IP address, so there is no name to send; use a host name or sni: false');
    }
    if (hc.latency?.timeToFirstByteMs !== undefined && u.protocol === 'tcp') {
      issue(['latency', 'timeToFirstByteMs'], 'does not apply to tcp:// checks — there is no response; use connectionTimeMs');
    }
    if (hc.latency !== undefined && hc.measureLatency !== true) {
      issue(['latency'], 'needs measureLatency: true — Route 53 only publishes ConnectionTime/TimeToFirstByte for checks that measure latency');
    }
    if (hc.latency !== undefined && hc.latency.timeToFirstByteMs === undefined && hc.latency.connectionTimeMs === undefined) {
      issue(['latency'], 'sets no threshold — add timeToFirstByteMs and/or connectionTimeMs (milliseconds)');
    }
    if (hc.regions !== undefined) {
      const seen = new Set<string>();
      hc.regions.forEach((r, j) => {
        if (seen.has(r)) issue(['regions', j], `lists ${r} twice — list each checker region once (at least 3 different ones)`);
        seen.add(r);
      });
    }
    return;
  }
  for (const key of ENDPOINT_ONLY) {
    if (hc[key] !== undefined) issue([key], `does not apply to a calculated check (children) — remove ${key}; set it on the child checks`);
  }
  if (hc.healthyThreshold !== undefined && hc.healthyThreshold > hc.children.length) {
    issue(
      ['healthyThreshold'],
      `is ${hc.healthyThreshold} but the check has only ${hc.children.length} children — it could never be healthy; use a number from 0 to ${hc.children.length}`,
    );
  }
  const seen = new Set<string>();
  hc.children.forEach((c, j) => {
    if (c === hc.name) issue(['children', j], `is the check itself — a calculated check cannot contain itself`);
    if (seen.has(c)) issue(['children', j], `lists '${c}' twice — list each child once`);
    seen.add(c);
  });
}

export const healthChecksSchema = z.array(healthCheckSchema).superRefine((checks, ctx) => {
  const byName = new Map<string, number>();
  checks.forEach((hc, i) => {
    const first = byName.get(hc.name);
    if (first !== undefined) {
      ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `duplicate health-check name '${hc.name}' (already used at healthChecks[${first}]) — names appear in alarm names and must be unique` });
    } else byName.set(hc.name, i);
    checkOne(hc, ctx, i);
  });
  checks.forEach((hc, i) => {
    hc.children?.forEach((c, j) => {
      const child = byName.get(c);
      if (child !== undefined && c !== hc.name && checks[child].disabled) {
        ctx.addIssue({
          code: 'custom',
          path: [i, 'children', j],
          message: `names '${c}', which is disabled — disabled checks are not created; remove it from children (and lower healthyThreshold) or enable it`,
        });
      }
      if (c !== hc.name && child === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: [i, 'children', j],
          message: `names '${c}', which is not a health check in this file — use one of: ${[...byName.keys()].filter((n) => n !== hc.name).join(', ') || '(none defined)'}`,
        });
      }
    });
  });
  // Calculated checks that (indirectly) contain themselves can never be created.
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string, trail: string[]): void => {
    const i = byName.get(name);
    if (i === undefined || state.get(name) === 'done') return;
    if (state.get(name) === 'visiting') {
      const cycle = [...trail.slice(trail.indexOf(name)), name];
      ctx.addIssue({ code: 'custom', path: [i, 'children'], message: `forms a cycle (${cycle.join(' -> ')}) — a calculated check cannot contain itself through other checks` });
      return;
    }
    state.set(name, 'visiting');
    for (const c of checks[i].children ?? []) if (c !== name) visit(c, [...trail, name]);
    state.set(name, 'done');
  };
  for (const hc of checks) visit(hc.name, []);
});

// ---------------------------------------------------------------- zone health (per hosted zone)

/** DNSQueries (AWS/Route53, per public zone, 1-minute data, free). */
export const QUERY_VOLUME_DEFAULTS = {
  enabled: true,
  /**
   * Traffic-drop alarm: DNSQueries summed over a 7-minute window, below its anomaly-detection band
   * of 4.5 standard deviations, evaluated every minute (CloudWatch's default sliding window). Worst
   * case = 420 s + the minute the drop started in + 60 s metric delay + 60 s evaluation = 600 s
   * (10 min). Why a window and a wide band: an alarm is evaluated 1440 times a day, and a 2-standard-
   * deviation band is crossed by 2.3 % of normal minutes, so a narrow band pages on normal noise
   * at 50 queries/min and more; a 4.5-standard-deviation band is not crossed by normal traffic, and
   * summing 7 minutes gives a quiet zone (5 queries/min) enough queries for an 85 % drop to fall
   * below it, while an idle zone's band reaches 0 and its silences never breach.
   * (`npm run bench:detection`, docs/benchmarks.md.) Each such alarm trains one anomaly model and
   * AWS allows 500 per region (lib/aws-facts.ts): a config with more than `anomalyDefaultMaxZones`
   * hosted zones gets it only where a zone sets `anomaly: drop` (synthesis and `plan` say so).
   * `period`, `evaluationPeriods` and `datapointsToAlarm`, when a zone sets them, apply to this
   * alarm and to the static low-traffic one; unset, each has its own defaults.
   */
  anomaly: 'drop' as const,
  anomalyDefaultMaxZones: 400,
  anomalyBandWidth: 4.5,
  anomalyWindow: { period: 420, evaluationPeriods: 1, datapointsToAlarm: 1 },
  /**
   * Static low-traffic alarm (fewer than `minQueries` per period, no data breaching, 60 s, 3 of 5):
   * off by default, because a quiet zone's normal silence would page. Set it for a zone that is
   * never idle.
   */
  period: 60,
  evaluationPeriods: 5,
  datapointsToAlarm: 3,
  severity: 'warning' as const,
  minQueries: null as number | null,
  /**
   * Logs-stopped alarm: Route 53 answered queries (DNSQueries >= 1) but fewer than half of them
   * reached the zone's query logs, in 2 of 5 one-minute periods with traffic. Worst case =
   * 2 x 60 s + 60 s (the minute logging stops in) + 60 s + 60 s = 300 s (5 min); a minute without
   * traffic has no value, so an idle zone never pages. Two minutes, so one minute whose logs arrive
   * late never pages; out of 5, so the two may be minutes apart (up to 6 with replay's N + 2
   * evaluation range, at least 4; 2 of 3: 4, at least 2): a zone with one query every 5 minutes
   * pages in replay, which 2 of 3 never did (test/replay/quiet-logs-stopped.test.ts).
   */
  logsStopped: { enabled: true, period: 60, evaluationPeriods: 5, datapointsToAlarm: 2, minLoggedShare: 50 },
};

export const queryVolumeSchema = z
  .strictObject({
    enabled: bool('false creates no DNSQueries alarms for this zone (e.g. a private zone, which has no DNSQueries metric)').optional(),
    minQueries: z
      .number({ error: 'must be a number of queries per period or null — e.g. 1 (alarm when the zone gets no queries at all), null for no static low-traffic alarm' })
      .int('must be a whole number of queries per period')
      .min(1, 'must be at least 1 query per period — the alarm fires below it')
      .nullable()
      .optional(),
    anomaly: z.enum(['off', 'drop'], { error: 'must be off or drop — drop (the default) alarms when query volume falls below its anomaly-detection band' }).optional(),
    logsStopped: bool('false removes the alarm on Route 53 answering queries that do not reach the query logs').optional(),
    anomalyBandWidth: z
      .number({ error: 'must be a number of standard deviations — e.g. 3' })
      .positive('must be > 0 standard deviations — 4.5 (the default) pages on no normal noise; lower is more sensitive')
      .max(100, 'must be <= 100 standard deviations')
      .optional(),
    ...evaluation,
  })
  .superRefine((v, ctx) => {
    checkMofN(v, ctx, QUERY_VOLUME_DEFAULTS);
    // With period unset, the traffic-drop alarm keeps its own (longer) window: N of those must fit too.
    const window = QUERY_VOLUME_DEFAULTS.anomalyWindow.period;
    const range = evaluationRangeProblem(window, v.evaluationPeriods ?? 0, `the traffic-drop alarm's ${window} s window x evaluationPeriods`, 'lower evaluationPeriods, or set period');
    if (v.anomaly !== 'off' && v.period === undefined && range) ctx.addIssue({ code: 'custom', path: ['evaluationPeriods'], message: range });
  });
export type QueryVolumeConfig = z.output<typeof queryVolumeSchema>;

/** Keys the lead spreads into the hosted-zone object schema: `hostedZoneSchema.extend(zoneHealthSchema)`. */
export const zoneHealthSchema = {
  dnssec: bool('true adds alarms on DNSSECInternalFailure and DNSSECKeySigningKeysNeedingAction for this zone').optional(),
  queryVolume: queryVolumeSchema.optional(),
};

// ---------------------------------------------------------------- Resolver endpoints

/** AWS/Route53Resolver endpoint metrics arrive every 5 minutes (the smallest interval). */
export const RESOLVER_ENDPOINT_DEFAULTS = {
  /**
   * EndpointUnHealthyENICount Maximum >= 1 per 300 s in 2 of 2 (warning). Worst case =
   * (2 + 1) x 300 s + 300 s publishing interval + 60 s evaluation = 1260 s (21 min).
   */
  unhealthyEnis: { enabled: true, threshold: 1, period: 300, evaluationPeriods: 2, datapointsToAlarm: 2, severity: 'warning' as const },
  /**
   * Inbound/OutboundQueryVolume Sum < 1 per 300 s in 3 of 3, no data breaching (warning).
   * Worst case = (3 + 1) x 300 s + 300 s + 60 s = 1560 s (26 min).
   */
  queryVolume: { enabled: true, minQueries: 1, period: 300, evaluationPeriods: 3, datapointsToAlarm: 3, severity: 'warning' as const },
  /**
   * ResolverEndpointCapacityStatus Maximum >= 2 (an interface over 75 % of its capacity) per 300 s
   * in 2 of 3, missing data ignored (warning): the endpoint is close to dropping queries. Worst
   * case = (2 + 1) x 300 s + 300 s + 60 s = 1260 s (21 min).
   */
  capacity: { enabled: true, threshold: 2 as 1 | 2, period: 300, evaluationPeriods: 3, datapointsToAlarm: 2, severity: 'warning' as const },
} as const;

const CAPACITY_OVER = ROUTE53_RESOLVER_METRICS.capacityStatus.overPercent;
const CAPACITY_THRESHOLD_MSG = `must be 1 (an interface over ${CAPACITY_OVER[1]} % of its capacity) or 2 (over ${CAPACITY_OVER[2]} %) — the ResolverEndpointCapacityStatus level that triggers the alarm`;

const resolverEvaluation = {
  ...evaluation,
  period: periodSeconds(300, 'Resolver endpoint metrics arrive every 5 minutes; use 300, 600, 900 ...').optional(),
};

export const resolverEndpointSchema = z
  .strictObject({
    endpointId: z
      .string({ error: 'is required — the Resolver endpoint id, e.g. rslvr-in-0123456789abcdef0' })
      .regex(RESOLVER_ENDPOINT_ID, 'is not a Resolver endpoint id — it looks like rslvr-in-0123456789abcdef0 or rslvr-out-0123456789abcdef0'),
    region: regionSchema("the endpoint's region"),
    direction: z.enum(['inbound', 'outbound'], { error: 'must be inbound or outbound — as shown for the endpoint in the Route 53 Resolver console' }),
    name: z.string({ error: `is required — ${NAME_MSG}` }).regex(NAME, NAME_MSG),
    unhealthyEnis: z
      .strictObject({
        enabled: bool('false creates no EndpointUnHealthyENICount alarm').optional(),
        threshold: count('unhealthy network interfaces that trigger the alarm').optional(),
        ...resolverEvaluation,
      })
      .superRefine((v, ctx) => checkMofN(v, ctx, RESOLVER_ENDPOINT_DEFAULTS.unhealthyEnis))
      .optional(),
    queryVolume: z
      .strictObject({
        enabled: bool('false creates no query-volume drop alarm').optional(),
        minQueries: count('queries per period below which the alarm fires').optional(),
        ...resolverEvaluation,
      })
      .superRefine((v, ctx) => checkMofN(v, ctx, RESOLVER_ENDPOINT_DEFAULTS.queryVolume))
      .optional(),
    capacity: z
      .strictObject({
        enabled: bool('false creates no ResolverEndpointCapacityStatus alarm').optional(),
        threshold: z.union([z.literal(1), z.literal(2)], { error: CAPACITY_THRESHOLD_MSG }).optional(),
        ...resolverEvaluation,
      })
      .superRefine((v, ctx) => checkMofN(v, ctx, RESOLVER_ENDPOINT_DEFAULTS.capacity))
      .optional(),
  })
  .superRefine((v, ctx) => {
    const idDirection = v.endpointId.startsWith('rslvr-in-') ? 'inbound' : 'outbound';
    if (idDirection !== v.direction) {
      ctx.addIssue({
        code: 'custom',
        path: ['direction'],
        message: `is ${v.direction} but ${v.endpointId} is an ${idDirection} endpoint id — set direction: ${idDirection} (or fix the id)`,
      });
    }
  });
export type ResolverEndpointConfig = z.output<typeof resolverEndpointSchema>;

export const resolverEndpointsSchema = z.array(resolverEndpointSchema).superRefine((eps, ctx) => {
  const ids = new Map<string, number>();
  const names = new Map<string, number>();
  eps.forEach((e, i) => {
    const a = ids.get(e.endpointId);
    if (a !== undefined) ctx.addIssue({ code: 'custom', path: [i, 'endpointId'], message: `duplicate endpoint ${e.endpointId} (already listed at resolverEndpoints[${a}]) — list each endpoint once` });
    else ids.set(e.endpointId, i);
    const b = names.get(e.name);
    if (b !== undefined) ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `duplicate endpoint name '${e.name}' (already used at resolverEndpoints[${b}]) — names appear in alarm names and must be unique` });
    else names.set(e.name, i);
  });
});

// ---------------------------------------------------------------- change audit

export const RECORD_TYPES = ['A', 'AAAA', 'CAA', 'CNAME', 'DS', 'HTTPS', 'MX', 'NAPTR', 'NS', 'PTR', 'SOA', 'SPF', 'SRV', 'SSHFP', 'SVCB', 'TLSA', 'TXT'] as const;

export const protectedRecordSchema = z
  .strictObject({
    zoneId: z
      .string()
      .regex(ZONE_ID, 'is not a hosted zone id — it looks like Z0123456789ABCDEFGHIJ (no /hostedzone/ prefix)')
      .optional(),
    zoneName: z.string().regex(ZONE_NAME, nameError(ZONE_NAME, 'is not a domain name — use the zone name as in Route 53, e.g. example.com')).optional(),
    name: z
      .string({ error: 'is required — the record name, e.g. www.example.com, or @ for the zone apex' })
      .regex(RECORD_NAME, nameError(RECORD_NAME, 'is not a record name — use e.g. www.example.com, api (relative to the zone) or @ for the apex')),
    type: z.enum(RECORD_TYPES, { error: `must be a record type — one of ${RECORD_TYPES.join(', ')}; leave it out to protect every type` }).optional(),
  })
  .superRefine((v, ctx) => {
    if ((v.zoneId === undefined) === (v.zoneName === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: ['zoneId'],
        message: 'give exactly one of zoneId or zoneName — it names the monitored hosted zone the record belongs to',
      });
    }
  });
export type ProtectedRecordConfig = z.output<typeof protectedRecordSchema>;

export const changeAuditSchema = z.strictObject({
  enabled: bool('false creates no change-audit rules').optional(),
  allChanges: bool('false alerts only on protected records and zone-level changes, not on every record change').optional(),
  protectedRecords: z.array(protectedRecordSchema).optional(),
});
export type ChangeAuditConfig = z.output<typeof changeAuditSchema>;
