/**
 * `doctor`'s domains check: each domain of `registeredDomains` is registered with Route 53 in the
 * account (else the watcher fails every run), its automatic renewal is on when the config expects
 * it, and it has more days left than its warning threshold. One paginated ListDomains (100 a page,
 * `ROUTE53_DOMAINS.listDomainsMaxItems`) in us-east-1, the API's one region.
 */
import { ListDomainsCommand, type DomainSummary, type Route53DomainsClient } from '@aws-sdk/client-route-53-domains';
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
  let marker: string | undefined;
  do {
    const page = await client.send(new ListDomainsCommand({ MaxItems: ROUTE53_DOMAINS.listDomainsMaxItems, Marker: marker }));
    for (const d of page.Domains ?? []) if (d.DomainName) found.set(canonicalName(d.DomainName), d);
    marker = page.NextPageMarker || undefined;
  } while (marker);
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
