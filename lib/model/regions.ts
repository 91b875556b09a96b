/** The regions a deployment uses, and its primary region (account-wide things, the Slack secret). */
import { HOSTED_ZONE_REGION, type ResolvedConfig } from '../config/resolve';
import { primaryRegion } from '../config/regions';
import { ROUTE53_DOMAINS } from '../aws-facts';

/**
 * Regions with something to monitor; the primary is the config's `primaryRegion`, else us-east-1
 * when it is used, else the first (the placement file records it: DnsMonitoring refuses a config
 * that would move it).
 */
export function deploymentRegions(cfg: ResolvedConfig): { regions: string[]; primary: string } {
  const regions = new Set<string>();
  if (cfg.hostedZones.length > 0 || cfg.healthChecks.length > 0) regions.add(HOSTED_ZONE_REGION);
  // The registration watcher runs where the Route 53 Domains API is.
  if (cfg.registeredDomains.length > 0) regions.add(ROUTE53_DOMAINS.region);
  for (const v of cfg.resolverVpcs) regions.add(v.region);
  for (const e of cfg.resolverEndpoints) regions.add(e.region);
  // A DNS check's prober runs in each of its regions (each needs that region's core stack).
  for (const c of cfg.dnsChecks) for (const r of c.regions) regions.add(r);
  return { regions: [...regions].sort(), primary: primaryRegion(regions, cfg.primaryRegion) };
}
