/** Turns a validated health-check config entry into the Route 53 `HealthCheckConfig` property. */
import type { CfnHealthCheck } from 'aws-cdk-lib/aws-route53';
import { HEALTH_CHECK_DEFAULTS, type HealthCheckConfig } from '../config/health-schema';
import { parseHealthCheckUrl, type ParsedHealthCheckUrl } from '../config/health-check-url';

export function endpointOf(hc: HealthCheckConfig): ParsedHealthCheckUrl | undefined {
  if (hc.url === undefined) return undefined;
  const parsed = parseHealthCheckUrl(hc.url);
  if (!parsed.ok) throw new Error(`health check ${hc.name}: url ${parsed.error}`);
  return parsed.value;
}

const TYPES = { http: ['HTTP', 'HTTP_STR_MATCH'], https: ['HTTPS', 'HTTPS_STR_MATCH'], tcp: ['TCP', 'TCP'] } as const;

/**
 * @param childIds Route 53 ids (tokens) of the children, in config order, for calculated checks.
 */
export function healthCheckProperty(hc: HealthCheckConfig, childIds: readonly string[] = []): CfnHealthCheck.HealthCheckConfigProperty {
  // CloudFormation has no `Disabled` for health checks: disabled checks are not created at all.
  const common = { inverted: hc.inverted ?? false };
  const u = endpointOf(hc);
  if (!u) {
    return {
      ...common,
      type: 'CALCULATED',
      childHealthChecks: [...childIds],
      // Default: every child must be healthy (set healthyThreshold for "N of M").
      healthThreshold: hc.healthyThreshold ?? childIds.length,
    };
  }
  const type = TYPES[u.protocol][hc.searchString !== undefined ? 1 : 0];
  return {
    ...common,
    type,
    fullyQualifiedDomainName: u.fqdn,
    ipAddress: u.ipAddress,
    port: u.port,
    resourcePath: u.resourcePath,
    searchString: hc.searchString,
    requestInterval: hc.requestInterval ?? HEALTH_CHECK_DEFAULTS.requestInterval,
    failureThreshold: hc.failureThreshold ?? HEALTH_CHECK_DEFAULTS.failureThreshold,
    measureLatency: hc.measureLatency ?? false,
    regions: hc.regions ? [...hc.regions] : undefined,
    enableSni: u.protocol === 'https' ? (hc.sni ?? u.fqdn !== undefined) : undefined,
  };
}

/** Seconds Route 53 needs to call an endpoint unhealthy: request interval x failure threshold. */
export function checkSeconds(hc: HealthCheckConfig, all: ReadonlyMap<string, HealthCheckConfig>, seen = new Set<string>()): number {
  if (hc.children === undefined) {
    return (hc.requestInterval ?? HEALTH_CHECK_DEFAULTS.requestInterval) * (hc.failureThreshold ?? HEALTH_CHECK_DEFAULTS.failureThreshold);
  }
  seen.add(hc.name);
  let worst = 0;
  for (const c of hc.children) {
    const child = all.get(c);
    if (child && !seen.has(c)) worst = Math.max(worst, checkSeconds(child, all, seen));
  }
  return worst;
}
