/** Turns a resolved health check (lib/config/resolve-health.ts) into the Route 53 `HealthCheckConfig` property. */
import type { CfnHealthCheck } from 'aws-cdk-lib/aws-route53';
import type { ResolvedHealthCheck } from '../config/resolve-health';

const TYPES = { http: ['HTTP', 'HTTP_STR_MATCH'], https: ['HTTPS', 'HTTPS_STR_MATCH'], tcp: ['TCP', 'TCP'] } as const;

/**
 * @param childIds Route 53 ids (tokens) of the children, in config order, for calculated checks.
 */
export function healthCheckProperty(hc: ResolvedHealthCheck, childIds: readonly string[] = []): CfnHealthCheck.HealthCheckConfigProperty {
  // CloudFormation has no `Disabled` for health checks: disabled checks are not created at all.
  const common = { inverted: hc.inverted };
  const u = hc.endpoint;
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
    requestInterval: hc.requestInterval,
    failureThreshold: hc.failureThreshold,
    measureLatency: hc.measureLatency,
    regions: hc.regions ? [...hc.regions] : undefined,
    enableSni: u.protocol === 'https' ? (hc.sni ?? u.fqdn !== undefined) : undefined,
  };
}
