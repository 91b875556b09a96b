/**
 * `doctor`'s resolver-endpoints check: every Resolver endpoint the config monitors exists in the
 * region the config gives, and is in a state in which it answers. An id that names no endpoint
 * there leaves the endpoint's alarms without data for ever. Statuses (Route 53 API Reference,
 * ResolverEndpoint, Status:
 * https://docs.aws.amazon.com/Route53/latest/APIReference/API_route53resolver_ResolverEndpoint.html):
 * AUTO_RECOVERING, Resolver is recovering network interfaces; ACTION_NEEDED, the endpoint is
 * unhealthy and Resolver cannot recover it; DELETING.
 */
import { paginateListResolverEndpoints, type ResolverEndpoint, type Route53ResolverClient } from '@aws-sdk/client-route53resolver';
import { type CloudWatchClient, paginateListMetrics } from '@aws-sdk/client-cloudwatch';
import { CLOUDWATCH, ROUTE53_RESOLVER_METRICS as R } from '../aws-facts';

export interface EndpointProblem {
  readonly subject: string;
  readonly problem: string;
  readonly fix: string;
}

/** Every Resolver endpoint of one region (paginated). */
export async function readResolverEndpoints(client: Route53ResolverClient): Promise<ResolverEndpoint[]> {
  const out: ResolverEndpoint[] = [];
  for await (const page of paginateListResolverEndpoints({ client }, {})) out.push(...(page.ResolverEndpoints ?? []));
  return out;
}

const BAD: Record<string, string> = {
  ACTION_NEEDED: 'Resolver cannot recover it by itself, and DNS queries through it may fail',
  AUTO_RECOVERING: 'Resolver is recovering some of its network interfaces; queries through them fail meanwhile',
  DELETING: 'it is being deleted; its alarms will then stay without data',
};

/** What is wrong with the configured endpoints of one region, given that region's endpoints. */
export function resolverEndpointProblems(
  region: string,
  configured: readonly { readonly endpointId: string; readonly name: string; readonly configPath: string }[],
  endpoints: readonly ResolverEndpoint[],
): EndpointProblem[] {
  const byId = new Map(endpoints.map((e) => [e.Id ?? '', e]));
  const out: EndpointProblem[] = [];
  for (const c of configured) {
    const subject = `${c.name} (${c.endpointId})`;
    const e = byId.get(c.endpointId);
    if (!e) {
      out.push({
        subject,
        problem: `${region} has no Resolver endpoint ${c.endpointId}: its alarms (unhealthy network interfaces, query volume, capacity) stay without data`,
        fix: `correct ${c.configPath}.endpointId or ${c.configPath}.region (aws route53resolver list-resolver-endpoints --region ${region} lists the region's endpoints)`,
      });
      continue;
    }
    const why = BAD[e.Status ?? ''];
    if (why) {
      out.push({
        subject,
        problem: `is ${e.Status} (${e.StatusMessage ?? 'no message'}): ${why}`,
        fix: `see the endpoint in the Route 53 console (VPC Resolver, ${e.Direction === 'OUTBOUND' ? 'Outbound' : 'Inbound'} endpoints) and its IP addresses; an endpoint needs at least two in service`,
      });
    }
  }
  return out;
}

/** The endpoints of one region that sent ResolverEndpointCapacityStatus in the last two weeks (ListMetrics). */
export async function readCapacityMetricEndpoints(client: CloudWatchClient): Promise<Set<string>> {
  const out = new Set<string>();
  for await (const page of paginateListMetrics({ client }, { Namespace: R.namespace, MetricName: R.capacityStatus.metricName })) {
    for (const m of page.Metrics ?? []) {
      const id = m.Dimensions?.find((d) => d.Name === R.dimension)?.Value;
      if (id) out.add(id);
    }
  }
  return out;
}

/**
 * Existing endpoints whose capacity alarm is on but whose ResolverEndpointCapacityStatus has no
 * data: the alarm (missing data ignored) stays as it is and cannot fire. The Route 53 Developer
 * Guide lists the metric among those every endpoint sends; AWS's announcement speaks of enabling it.
 */
export function capacityMetricProblems(
  configured: readonly { readonly endpointId: string; readonly name: string; readonly configPath: string; readonly capacity: { readonly enabled: boolean } }[],
  endpoints: readonly ResolverEndpoint[],
  withMetric: ReadonlySet<string>,
): EndpointProblem[] {
  const existing = new Set(endpoints.map((e) => e.Id ?? ''));
  return configured
    .filter((c) => c.capacity.enabled && existing.has(c.endpointId) && !withMetric.has(c.endpointId))
    .map((c) => ({
      subject: `${c.name} (${c.endpointId})`,
      problem: `no ${R.capacityStatus.metricName} data from this endpoint in the last two weeks: its capacity alarm cannot fire`,
      fix:
        `look for the metric in the CloudWatch console (Route 53 Resolver, By Endpoint; an endpoint created in the last ${CLOUDWATCH.listMetricsAppearMinutes} minutes may not show it yet), ` +
        `and turn it on for the endpoint if Resolver offers that; or set ${c.configPath}.capacity: { enabled: false }`,
    }));
}
