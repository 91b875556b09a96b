/**
 * Contributor Insights Top-N views. A region allows 100 rules, so rules never multiply with
 * zones: each view is ONE rule reading every monitored log group of its source and keyed on the
 * subject id plus the field, so a zone's Top-N is a slice of the shared rule.
 */
import { CONTRIBUTOR_INSIGHTS as CI } from '../aws-facts';
import { clfFieldKey, HostedZoneField } from './sources';
import type { LogSource, SignalSubject } from './types';

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

/** The log group names a rule over these subjects reads: listed, or their common prefix with `*`. */
function logGroupsRead(inRule: readonly SignalSubject[]): string[] {
  const groups = [...new Set(inRule.map((s) => s.logGroupName))].sort();
  return groups.length <= MAX_LISTED_LOG_GROUPS ? groups : [`${commonPrefix(groups)}*`];
}

function reads(logGroupNames: readonly string[], logGroupName: string): boolean {
  return logGroupNames.some((g) => (g.endsWith('*') ? logGroupName.startsWith(g.slice(0, -1)) : g === logGroupName));
}

/**
 * The filters that keep opted-out subjects out of a rule, within AWS's rule syntax (at most 4
 * filters, 10 values per list; filters are ANDed): only subjects whose log group the rule reads need
 * excluding; `NotIn` lists of 10 when they fit beside the view's own filters, else one `In` of the
 * subjects taking part when they are 10 or fewer. A string when no rule can express the mix.
 */
export function subjectFilters(view: Pick<TopNView, 'source' | 'rcodeIn' | 'rcodeNotIn'>, subjects: readonly SignalSubject[], subjectKey: string): Record<string, unknown>[] | string {
  const all = subjects.filter((s) => s.source === view.source);
  const inRule = all.filter((s) => s.contributorInsights);
  const read = logGroupsRead(inRule);
  const excluded = all.filter((s) => !s.contributorInsights && reads(read, s.logGroupName)).map((s) => s.id).sort();
  if (excluded.length === 0) return [];
  const free = CI.maxFilters - (view.rcodeIn ? 1 : 0) - (view.rcodeNotIn ? 1 : 0);
  if (Math.ceil(excluded.length / CI.maxValuesPerList) <= free) {
    const out: Record<string, unknown>[] = [];
    for (let i = 0; i < excluded.length; i += CI.maxValuesPerList) out.push({ Match: subjectKey, NotIn: excluded.slice(i, i + CI.maxValuesPerList) });
    return out;
  }
  if (inRule.length <= CI.maxValuesPerList) return [{ Match: subjectKey, In: inRule.map((s) => s.id).sort() }];
  const noun = view.source === 'hostedZone' ? 'zones' : 'VPCs';
  return (
    `${excluded.length} ${noun} opt out of Contributor Insights but share log groups with ${inRule.length} that take part; ` +
    `a Top-N rule can exclude at most ${free * CI.maxValuesPerList} (${free} filters of ${CI.maxValuesPerList} values) or list at most ${CI.maxValuesPerList} — ` +
    `give the opted-out ${noun} a log group of their own (queryLogging.logGroupName), or let them take part`
  );
}

/**
 * Rule body for a view over the given subjects (all of one source and region), or undefined when
 * no subject takes part. Opted-out subjects the rule would read are filtered out by id.
 */
export function topNRuleBody(view: TopNView, subjects: readonly SignalSubject[]): string | undefined {
  const all = subjects.filter((s) => s.source === view.source);
  const inRule = all.filter((s) => s.contributorInsights);
  if (inRule.length === 0) return undefined;
  const logGroupNames = logGroupsRead(inRule);
  const clf = view.source === 'hostedZone';
  const key = (f: string) => (clf ? clfFieldKey(f as HostedZoneField) : `$.${f}`);
  const subjectKey = key(clf ? 'zone_id' : 'vpc_id');
  // With many log groups the rule reads their common prefix, so other zones logging under that
  // prefix are counted too (documented).
  const optOut = subjectFilters(view, all, subjectKey);
  if (typeof optOut === 'string') throw new Error(`Contributor Insights rule ${view.id}: ${optOut}`);
  const filters: Record<string, unknown>[] = [...optOut];
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
  if (text.length > CI.maxRuleBodyLength) {
    throw new Error(
      `Contributor Insights rule ${view.id} would be ${text.length} characters (limit ${CI.maxRuleBodyLength}) — give the log groups a common name prefix`,
    );
  }
  return text;
}

/** Config problems of the Top-N rules of these subjects (one source and region): path and message. */
export function topNConfigProblems(subjects: readonly SignalSubject[]): { path: string; message: string }[] {
  const out: { path: string; message: string }[] = [];
  for (const source of ['hostedZone', 'resolver'] as const) {
    const mine = subjects.filter((s) => s.source === source);
    if (!mine.some((s) => s.contributorInsights)) continue;
    const seen = new Set<string>();
    for (const view of TOP_N_VIEWS.filter((v) => v.source === source)) {
      const r = subjectFilters(view, mine, 'subject');
      if (typeof r !== 'string' || seen.has(r)) continue;
      seen.add(r);
      out.push({ path: `${mine.find((s) => !s.contributorInsights)!.configPath}.contributorInsights`, message: r });
    }
  }
  return out;
}
