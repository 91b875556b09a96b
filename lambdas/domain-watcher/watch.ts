/**
 * One run of the registration watcher: list the account's domains registered with Route 53
 * (ListDomains, every page), and publish for each configured domain its days to expiry and whether
 * Route 53 renews it automatically. A configured domain ListDomains does not return (registered
 * elsewhere, in another account, or transferred away) is named in the log, and the run fails after
 * publishing the others, so the watcher's errors alarm says so. Nothing leaves the account.
 */
import { PutMetricDataCommand, type CloudWatchClient, type MetricDatum } from '@aws-sdk/client-cloudwatch';
import { type DomainSummary, paginateListDomains, type Route53DomainsClient } from '@aws-sdk/client-route-53-domains';
import {
  DOMAIN_DIMENSION,
  DOMAIN_REGISTRATION_METRICS,
  DOMAIN_REGISTRATION_NAMESPACE,
  type DomainWatchEvent,
  type DomainWatchResult,
} from '../../contracts/domain-registration';

export interface WatchDeps {
  /** A client of the Route 53 Domains API (us-east-1: lib/aws-facts.ts ROUTE53_DOMAINS.region). */
  readonly domains: Route53DomainsClient;
  readonly cloudwatch: CloudWatchClient;
  readonly log: (level: 'info' | 'warn' | 'error', message: string, extra: Record<string, unknown>) => void;
  /**
   * Domains asked per ListDomains page. @default LIST_DOMAINS_PAGE (the handler uses the default;
   * the tests page moto's 20-domain accounts with smaller pages).
   */
  readonly pageSize?: number;
}

/** ListDomains' largest page (lib/aws-facts.ts ROUTE53_DOMAINS.listDomainsMaxItems). */
export const LIST_DOMAINS_PAGE = 100;
/** PutMetricData's most metrics per call (lib/aws-facts.ts CLOUDWATCH.putMetricDataMaxMetrics). */
const PUT_MAX = 1000;
const DAY_MS = 86_400_000;

/** How ListDomains and the config spell one domain alike: lowercase, no trailing dot. */
export const domainKey = (name: string) => name.trim().toLowerCase().replace(/\.$/, '');

/** The schedule's input, checked: a malformed one fails the run with what is wrong. */
export function parseWatchEvent(event: unknown): DomainWatchEvent {
  const e = event as Partial<DomainWatchEvent> | null;
  const time = typeof e?.time === 'string' ? Date.parse(e.time) : NaN;
  if (Number.isNaN(time)) throw new Error(`the run's input has no valid time (got ${JSON.stringify(e?.time)}): the schedule passes <aws.scheduler.scheduled-time>`);
  if (!Array.isArray(e?.domains) || !e.domains.every((d) => typeof d === 'string' && d.length > 0)) {
    throw new Error("the run's input has no list of domains: the schedule passes the config's registeredDomains");
  }
  return { time: e.time!, domains: e.domains };
}

/** Every page of ListDomains (the SDK's paginator follows NextPageMarker). */
async function listAll(client: Route53DomainsClient, pageSize: number): Promise<Map<string, DomainSummary>> {
  const found = new Map<string, DomainSummary>();
  for await (const page of paginateListDomains({ client, pageSize }, {})) {
    for (const d of page.Domains ?? []) if (d.DomainName) found.set(domainKey(d.DomainName), d);
  }
  return found;
}

export async function watchDomains(input: unknown, deps: WatchDeps): Promise<DomainWatchResult> {
  const event = parseWatchEvent(input);
  const at = new Date(event.time);
  const registered = await listAll(deps.domains, deps.pageSize ?? LIST_DOMAINS_PAGE);
  const data: MetricDatum[] = [];
  const domains: { name: string; daysToExpiry: number; autoRenew: boolean }[] = [];
  const missing: string[] = [];
  for (const name of event.domains.map(domainKey)) {
    const d = registered.get(name);
    if (!d) {
      missing.push(name);
      continue;
    }
    if (!d.Expiry) {
      // Not seen in AWS's documentation (DomainSummary's Expiry is optional in the API model): logged, no datapoint.
      deps.log('warn', 'domain listed without an expiry date', { domain: name });
      continue;
    }
    const daysToExpiry = Math.round(((d.Expiry.getTime() - at.getTime()) / DAY_MS) * 100) / 100;
    const autoRenew = d.AutoRenew === true;
    domains.push({ name, daysToExpiry, autoRenew });
    const dims = [{ Name: DOMAIN_DIMENSION, Value: name }];
    data.push(
      { MetricName: DOMAIN_REGISTRATION_METRICS.daysToExpiry, Dimensions: dims, Timestamp: at, Value: daysToExpiry, Unit: 'None' },
      { MetricName: DOMAIN_REGISTRATION_METRICS.autoRenew, Dimensions: dims, Timestamp: at, Value: autoRenew ? 1 : 0, Unit: 'None' },
    );
    deps.log('info', 'domain registration', { domain: name, expires: d.Expiry.toISOString(), daysToExpiry, autoRenew });
  }
  for (let i = 0; i < data.length; i += PUT_MAX) {
    await deps.cloudwatch.send(new PutMetricDataCommand({ Namespace: DOMAIN_REGISTRATION_NAMESPACE, MetricData: data.slice(i, i + PUT_MAX) }));
  }
  const result = { domains, missing };
  if (missing.length > 0) {
    deps.log('error', 'configured domains are not registered with Route 53 in this account', { missing, listed: registered.size });
    throw new Error(
      `${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not among the ${registered.size} domains registered with Route 53 in this account (ListDomains): ` +
        'a domain registered with another registrar or in another AWS account cannot be watched from here — remove it from registeredDomains, or deploy to the account that holds its registration',
    );
  }
  deps.log('info', 'domain registrations read', { domains: domains.length, listed: registered.size });
  return result;
}
