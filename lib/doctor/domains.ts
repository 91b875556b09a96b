/**
 * `doctor`'s domains check: each domain of `registeredDomains` is registered with Route 53 in the
 * account (else the watcher fails every run), its automatic renewal is on when the config expects
 * it, and it has more days left than its warning threshold. One paginated ListDomains (100 a page,
 * `ROUTE53_DOMAINS.listDomainsMaxItems`) in us-east-1, the API's one region.
 *
 * And for a registered domain that is also a monitored hosted zone: the registrar delegates it to
 * that zone's name servers. After a zone is deleted, "You must create a new hosted zone and update
 * the name servers for your domain registration" (DeleteHostedZone, API Reference:
 * https://docs.aws.amazon.com/Route53/latest/APIReference/API_DeleteHostedZone.html): until the
 * registrar is updated, resolvers never reach the zone the monitoring watches. GetDomainDetail
 * (which also returns the contacts: read on the user's machine, only the name servers are used)
 * and GetHostedZone, one call each per such domain.
 */
import { GetHostedZoneCommand, type Route53Client } from '@aws-sdk/client-route-53';
import { GetDomainDetailCommand, type DomainSummary, paginateListDomains, type Route53DomainsClient } from '@aws-sdk/client-route-53-domains';
import { ROUTE53_DOMAINS } from '../aws-facts';
import { canonicalName } from '../config/domain-names';
import type { ResolvedRegisteredDomain } from '../config/domains-schema';

export interface DomainProblem {
  readonly subject: string;
  readonly problem: string;
  readonly fix: string;
}

const DAY_MS = 86_400_000;

/** Every domain registered with Route 53 in the account, by lowercase name without a final dot. */
export async function readRegisteredDomains(client: Route53DomainsClient): Promise<Map<string, DomainSummary>> {
  const found = new Map<string, DomainSummary>();
  for await (const page of paginateListDomains({ client, pageSize: ROUTE53_DOMAINS.listDomainsMaxItems }, {})) {
    for (const d of page.Domains ?? []) if (d.DomainName) found.set(canonicalName(d.DomainName), d);
  }
  return found;
}

export function domainProblems(configured: readonly ResolvedRegisteredDomain[], found: ReadonlyMap<string, DomainSummary>, now: number): DomainProblem[] {
  const out: DomainProblem[] = [];
  const console = 'Route 53 console, Registered domains';
  for (const d of configured) {
    const r = found.get(d.name);
    if (!r) {
      out.push({
        subject: d.name,
        problem: `is not registered with Route 53 in this account (ListDomains lists ${found.size} domain(s)): the registration watcher cannot read it and fails every run`,
        fix: `remove ${d.configPath} (a domain registered with another registrar or in another AWS account is watched from that account's deployment), correct its name, or run doctor with credentials of the account that holds it`,
      });
      continue;
    }
    if (d.autoRenew && r.AutoRenew !== true) {
      out.push({
        subject: d.name,
        problem: 'automatic renewal is off: Route 53 will not renew it, and its auto-renew alarm fires after the deploy',
        fix: `turn automatic renewal on (${console}; aws route53domains enable-domain-auto-renew --region ${ROUTE53_DOMAINS.region} --domain-name ${d.name}), or set ${d.configPath}.autoRenew: false if you renew it by hand`,
      });
    }
    if (r.Expiry) {
      const days = Math.floor((r.Expiry.getTime() - now) / DAY_MS);
      if (days < d.expiryWarningDays) {
        out.push({
          subject: d.name,
          problem: `expires on ${r.Expiry.toISOString().slice(0, 10)}, in ${days} day(s), under its warning threshold of ${d.expiryWarningDays}: its expiry alarm fires after the deploy`,
          fix: `renew it now (${console})`,
        });
      }
    }
  }
  return out;
}

/** A registered domain that is also a monitored hosted zone, as the config names both. */
export interface DelegatedZone {
  readonly domain: string;
  readonly zoneId: string;
}

/**
 * The name servers the registrar delegates each domain to and those of its hosted zone, for the
 * domains the account holds that are also monitored zones. A call that fails throws (the caller
 * makes it a finding).
 */
export async function readDelegations(
  domains: Route53DomainsClient,
  route53: Route53Client,
  pairs: readonly DelegatedZone[],
): Promise<{ pair: DelegatedZone; registrar: string[]; zone: string[] }[]> {
  const out: { pair: DelegatedZone; registrar: string[]; zone: string[] }[] = [];
  for (const pair of pairs) {
    const detail = await domains.send(new GetDomainDetailCommand({ DomainName: pair.domain }));
    const zone = await route53.send(new GetHostedZoneCommand({ Id: pair.zoneId }));
    out.push({
      pair,
      registrar: (detail.Nameservers ?? []).map((n) => canonicalName(n.Name ?? '')).filter(Boolean).sort(),
      zone: (zone.DelegationSet?.NameServers ?? []).map(canonicalName).sort(),
    });
  }
  return out;
}

export function delegationProblems(read: readonly { pair: DelegatedZone; registrar: string[]; zone: string[] }[]): DomainProblem[] {
  const out: DomainProblem[] = [];
  for (const { pair, registrar, zone } of read) {
    // A zone without a delegation set (none reported) cannot be compared.
    if (zone.length === 0 || (registrar.length === zone.length && registrar.every((n, i) => n === zone[i]))) continue;
    out.push({
      subject: pair.domain,
      problem:
        `the registrar delegates it to ${registrar.length > 0 ? registrar.join(', ') : 'no name servers'}, but its hosted zone ${pair.zoneId} answers from ${zone.join(', ')}: ` +
        'resolvers never reach the zone the monitoring watches (a zone deleted and created again gets new name servers)',
      fix: `set the zone's name servers at the registrar: aws route53domains update-domain-nameservers --region ${ROUTE53_DOMAINS.region} --domain-name ${pair.domain} --nameservers ${zone.map((n) => `Name=${n}`).join(' ')}`,
    });
  }
  return out;
}
