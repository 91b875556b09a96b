/**
 * The checks `dns-monitor check --hosted-zones` runs for the config's hosted zones: whether
 * resolvers reach the zone the monitoring watches. Each zone's SOA is asked of its Route 53 name
 * servers (its delegation set, read with GetHostedZone when the check runs) with `delegation`:
 * the parent must delegate to exactly the name servers the zone lists, every one of them must
 * serve the zone, and a DS at the parent must match a key of the zone. A zone deleted and created
 * again gets new name servers, and a registrar still pointing at the old ones sends every resolver
 * elsewhere: the zone's query logs, alarms and dashboards then see no traffic, and nothing pages.
 * A zone with the DNSSEC alarms on (`dnssec: true`) also gets its signature chain checked.
 *
 * Built from check entries as a config would write them, through the config's own schema and
 * defaults (lib/config/dns-checks-schema.ts), so they run exactly as a configured check would.
 */
import type { DnsCheckSpec } from '../../contracts/dns-check';
import { ROUTE53 } from '../aws-facts';
import { dnsCheckSchema, resolveDnsCheck } from '../config/dns-checks-schema';
import type { ResolvedConfig } from '../config/resolve';

/** The check name of a hosted zone: its id (names are unique and at most 48 characters; ids at most 32). */
export const hostedZoneCheckName = (zoneId: string) => `zone-${zoneId.toLowerCase()}`;

export function hostedZoneChecks(cfg: Pick<ResolvedConfig, 'hostedZones'>): DnsCheckSpec[] {
  return cfg.hostedZones.map((z) =>
    resolveDnsCheck(
      dnsCheckSchema.parse({
        name: hostedZoneCheckName(z.id),
        query: z.name,
        type: 'SOA',
        zoneId: z.id,
        deploy: false,
        // Signatures valid now, without a margin: Route 53 refreshes its RRSIGs every one to seven days
        // (Developer Guide, "KMS key and ZSK management in Route 53") and does not publish how long
        // each stays valid, so a margin could fail a healthy zone; the zone's DNSSEC alarms watch its signing.
        expect: { authoritative: true, delegation: true, ...(z.zoneHealth?.dnssec ? { dnssec: { minValidityHours: 0 } } : {}) },
      }),
      // Not deployed: no vantage region is used; Route 53's own region stands in.
      ROUTE53.globalRegion,
    ),
  );
}
