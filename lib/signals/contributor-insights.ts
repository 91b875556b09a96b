/**
 * Contributor Insights Top-N views. A region allows 100 rules, so rules never multiply with
 * zones: each view is ONE rule reading every monitored log group of its source and keyed on the
 * subject id plus the field, so a zone's Top-N is a slice of the shared rule.
 */
import type { ResolvedSubject } from '../config/resolve';
import { clfFieldKey, HostedZoneField } from './sources';
import type { LogSource } from './types';

export interface TopNView {
  readonly id: string;
  readonly source: LogSource;
  readonly title: string;
  /** Field (after the subject) the contributors are keyed on. */
  readonly field: string;
  readonly rcodeIn?: readonly string[];
  readonly rcodeNotIn?: readonly string[];
}

export const TOP_N_VIEWS: readonly TopNView[] = [
  { id: 'zone-nxdomain-names', source: 'hostedZone', title: 'Top NXDOMAIN query names', field: 'query_name', rcodeIn: ['NXDOMAIN'] },
  { id: 'zone-servfail-refused-names', source: 'hostedZone', title: 'Top SERVFAIL/REFUSED query names', field: 'query_name', rcodeIn: ['SERVFAIL', 'REFUSED'] },
  { id: 'zone-resolvers', source: 'hostedZone', title: 'Top resolver IPs', field: 'resolver_ip' },
  { id: 'zone-edges', source: 'hostedZone', title: 'Top edge locations', field: 'edge_location' },
  { id: 'zone-query-types', source: 'hostedZone', title: 'Top query types', field: 'query_type' },
  { id: 'vpc-error-names', source: 'resolver', title: 'Top failing query names', field: 'query_name', rcodeNotIn: ['NOERROR'] },
  { id: 'vpc-error-sources', source: 'resolver', title: 'Top sources of failing queries', field: 'srcaddr', rcodeNotIn: ['NOERROR'] },
];

/** Max length of a rule body we aim for (CloudWatch's RuleBody limit is 8,192 characters). */
const MAX_RULE_BODY = 8192;
/** List log groups by name up to this many; beyond, use their common prefix with `*`. */
const MAX_LISTED_LOG_GROUPS = 20;

export function topNRuleName(prefix: string, view: TopNView): string {
  return `${prefix}-dns-${view.id}`;
}

function commonPrefix(names: readonly string[]): string {
  let p = names[0] ?? '';
  for (const n of names) while (!n.startsWith(p)) p = p.slice(0, -1);
  return p;
}

/**
 * Rule body for a view over the given subjects (all of one source and region), or undefined when
 * no subject takes part. Subjects that opted out are filtered out by id.
 */
export function topNRuleBody(view: TopNView, subjects: readonly ResolvedSubject[]): string | undefined {
  const all = subjects.filter((s) => s.source === view.source);
  const inRule = all.filter((s) => s.contributorInsights);
  if (inRule.length === 0) return undefined;
  const groups = [...new Set(inRule.map((s) => s.logGroupName))].sort();
  const logGroupNames = groups.length <= MAX_LISTED_LOG_GROUPS ? groups : [`${commonPrefix(groups)}*`];
  const clf = view.source === 'hostedZone';
  const key = (f: string) => (clf ? clfFieldKey(f as HostedZoneField) : `$.${f}`);
  const subjectKey = key(clf ? 'zone_id' : 'vpc_id');
  const filters: Record<string, unknown>[] = [];
  // Opted-out subjects are filtered out (by the shorter of the two lists). With many log groups the
  // rule reads their common prefix, so other zones logging under that prefix are counted too.
  const out = all.filter((s) => !s.contributorInsights);
  if (out.length > 0) {
    filters.push(
      out.length < inRule.length ? { Match: subjectKey, NotIn: out.map((s) => s.id) } : { Match: subjectKey, In: inRule.map((s) => s.id) },
    );
  }
  if (view.rcodeIn) filters.push({ Match: key('rcode'), In: [...view.rcodeIn] });
  if (view.rcodeNotIn) filters.push({ Match: key('rcode'), NotIn: [...view.rcodeNotIn] });
  const body = {
    Schema: { Name: 'CloudWatchLogRule', Version: 1 },
    LogGroupNames: logGroupNames,
    LogFormat: clf ? 'CLF' : 'JSON',
    Contribution: { Keys: [subjectKey, key(view.field)], Filters: filters },
    AggregateOn: 'Count',
  };
  const text = JSON.stringify(body);
  if (text.length > MAX_RULE_BODY) {
    throw new Error(
      `Contributor Insights rule ${view.id} would be ${text.length} characters (limit ${MAX_RULE_BODY}) — turn contributorInsights off for fewer zones (opted-out zones are listed) or give the log groups a common name prefix`,
    );
  }
  return text;
}
