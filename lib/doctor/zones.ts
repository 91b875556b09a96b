/**
 * `doctor`'s zones check: every hosted zone the config monitors, and every zone a DNS check reads
 * its name servers from, is a public hosted zone of the account, with the name the config gives
 * it. A wrong zoneId, a private zone (Route 53 writes query logs and publishes DNSQueries for
 * public zones only: Developer Guide, "Public DNS query logging"; "Monitoring hosted zones using
 * Amazon CloudWatch") or another name leaves the zone's alarms without data, and no other check
 * says why. One paginated ListHostedZones (ROUTE53.listHostedZonesPageSize zones a page) reads
 * them all: the account's Route 53 API calls share ROUTE53.apiRequestsPerSecond, so a call per
 * zone would take minutes for a large fleet and slow every other Route 53 caller of the account.
 */
import { type HostedZone, paginateListHostedZones, type Route53Client } from '@aws-sdk/client-route-53';
import { canonicalName } from '../config/domain-names';

export interface ZoneProblem {
  readonly subject: string;
  readonly problem: string;
  readonly fix: string;
  /**
   * A monitored zone that cannot have public query logging (not in the account, or private): the
   * query-logging check leaves it to this finding when both run.
   */
  readonly unloggedZoneId?: string;
}

/** Every hosted zone of the account, by id (without the `/hostedzone/` prefix). */
export async function readHostedZones(route53: Route53Client): Promise<Map<string, HostedZone>> {
  const zones = new Map<string, HostedZone>();
  for await (const page of paginateListHostedZones({ client: route53 }, {})) {
    for (const z of page.HostedZones ?? []) zones.set((z.Id ?? '').replace(/^\/hostedzone\//, ''), z);
  }
  return zones;
}

const bare = (name: string | undefined) => canonicalName(name ?? '');

export function zoneProblems(
  monitored: readonly { readonly id: string; readonly name: string; readonly configPath: string }[],
  checks: readonly { readonly name: string; readonly zoneId?: string }[],
  zones: ReadonlyMap<string, HostedZone>,
): ZoneProblem[] {
  const out: ZoneProblem[] = [];
  const list = 'aws route53 list-hosted-zones lists the zones of the account these credentials reach';
  for (const z of monitored) {
    const subject = `${z.name} (${z.id})`;
    const found = zones.get(z.id);
    if (!found) {
      out.push({
        subject,
        unloggedZoneId: z.id,
        problem: `this account has no hosted zone ${z.id}: Route 53 logs and counts nothing for it, so every alarm of the zone stays without data`,
        fix: `correct ${z.configPath}.zoneId (${list}), or run doctor with credentials of the account the zone is in`,
      });
    } else if (found.Config?.PrivateZone) {
      out.push({
        subject,
        unloggedZoneId: z.id,
        problem: "is a private hosted zone: Route 53 writes query logs and publishes DNSQueries for public zones only, so none of the zone's query-log or DNSQueries alarms can fire",
        fix: `remove ${z.configPath} and monitor the queries to it through the VPCs that use it: Resolver query logging of those VPCs (resolverVpcs) logs them`,
      });
    } else if (bare(found.Name) !== bare(z.name)) {
      out.push({
        subject,
        problem: `the hosted zone ${z.id} is named ${bare(found.Name)}, not ${bare(z.name)}: the queries in its logs and every alarm, log group and dashboard name the wrong zone`,
        fix: `set ${z.configPath}.zoneName: ${bare(found.Name)}, or correct ${z.configPath}.zoneId`,
      });
    }
  }
  for (const c of checks) {
    if (!c.zoneId) continue;
    const found = zones.get(c.zoneId);
    const subject = `DNS check ${c.name}`;
    if (!found) {
      out.push({
        subject,
        problem: `this account has no hosted zone ${c.zoneId}: the prober cannot read its name servers, so the check fails on every run`,
        fix: `correct the zoneId of the check named ${c.name} under dnsChecks (${list}), or list the zone's name servers under servers instead`,
      });
    } else if (found.Config?.PrivateZone) {
      out.push({
        subject,
        problem: `its zoneId ${c.zoneId} is a private hosted zone: it has no public name servers, so the prober's queries to the zone's name servers fail on every run`,
        fix: `remove zoneId from the check named ${c.name} under dnsChecks; a private zone answers inside its VPCs only: check it with deploy: false and npx dns-monitor check from a machine in one of them`,
      });
    }
  }
  return out;
}
