/** Renders docs/signals.md from the signal catalogue (the one definition of every signal). */
import { SIGNALS } from '../signals/catalogue';
import { buildPattern } from '../signals/filter-patterns';
import { SOURCES } from '../signals/sources';
import type { LogSource, SignalDef } from '../signals/types';
import { formatDuration, oneMinuteDataDetectionSeconds } from '../alarms/detection-time';
import { TOP_N_VIEWS } from '../signals/contributor-insights';
import { QUERY_VOLUME_DEFAULTS } from '../config/health-schema';

function alarmsOf(s: SignalDef): string {
  const d = s.defaults;
  const parts: string[] = [];
  if (d.threshold !== null) parts.push(s.direction === 'low' ? `low-traffic < ${d.threshold}/period (missing = breaching)` : `count >= ${d.threshold}`);
  if (d.rateThreshold !== null) {
    const low = s.direction === 'high' && d.lowVolumeRateThreshold !== null ? `; below: ${d.lowVolumeMinCount}+ matching and >= ${d.lowVolumeRateThreshold} %` : '; below: silent';
    const busyMin = s.direction === 'high' && d.minCount > 1 ? ` with ${d.minCount}+ matching` : '';
    parts.push(`rate ${s.direction === 'low' ? '<' : '>='} ${d.rateThreshold} % (at ${d.minVolume}+ queries/period${busyMin}${low})`);
  }
  if (d.anomaly !== 'off') parts.push(`anomaly ${d.anomaly}`);
  return parts.length ? parts.join('; ') : 'none (metric only)';
}

function measureOf(s: SignalDef): string {
  if (s.measure.kind === 'math') return `metric math: \`${s.measure.expression}\` (clamped at 0; no custom metric)`;
  const src = SOURCES[s.source];
  const dim = s.measure.dimension ? `, ${s.measure.dimension.name}=${s.measure.dimension.value}` : '';
  return `\`${s.measure.metricName}\` (${src.subjectDimension}${dim})`;
}

function patternOf(s: SignalDef): string {
  if (s.measure.kind !== 'filter') return '—';
  const where = { ...s.measure.where };
  if (s.measure.dimension) where[s.measure.dimension.field] = { equals: [s.measure.dimension.value] };
  return `\`${buildPattern(s.source, where, SOURCES[s.source].subjectField).replace(/\|/g, '\\|')}\``;
}

function table(source: LogSource): string {
  const rows = SIGNALS.filter((s) => s.source === source).map((s) => {
    const d = s.defaults;
    const detection = d.threshold !== null || d.rateThreshold !== null ? formatDuration(oneMinuteDataDetectionSeconds(d)) : '—';
    return `| \`${s.id}\` | ${s.title} | ${d.enabled ? 'on' : 'off'} | ${measureOf(s)} | ${alarmsOf(s)} | ${d.period} s, ${d.datapointsToAlarm} of ${d.evaluationPeriods} | ${detection} | ${d.severity} |`;
  });
  return [
    '| id | signal | default | metric (namespace Codreum/DNS) | default alarms | period, M of N | worst-case detection | severity |',
    '|---|---|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

/** Worst-case detection per traffic volume of every alarmed signal (the tiers of its rate alarm). */
function byVolume(source: LogSource): string {
  const rows = SIGNALS.filter((s) => s.source === source && s.defaults.enabled && (s.defaults.rateThreshold !== null || s.defaults.threshold !== null)).map((s) => {
    const d = s.defaults;
    const w = formatDuration(oneMinuteDataDetectionSeconds(d));
    if (d.rateThreshold === null) return `| \`${s.id}\` | ${w} (count) | ${w} | ${w} |`;
    const busy = `${w} at >= ${d.rateThreshold} %`;
    if (s.direction === 'low' || d.lowVolumeRateThreshold === null) return `| \`${s.id}\` | ${busy} | not alarmed (quiet periods never breach) | not alarmed |`;
    const every = Math.max(1, d.lowVolumeMinCount);
    if (d.period !== 60) {
      // A windowed signal: each period is judged alone, the rate from minVolume queries per window.
      const win = `${d.period / 60}-minute window`;
      return `| \`${s.id}\` | ${w} when a ${win} (${d.minVolume}+ queries) is >= ${d.rateThreshold} % | ${w} when a ${win} has ${every}+ such answers that are >= ${d.lowVolumeRateThreshold} % of its queries | the same, which a few queries an hour rarely reach |`;
    }
    return `| \`${s.id}\` | ${busy} | ${w} when its minutes have ${every}+ such answers that are >= ${d.lowVolumeRateThreshold} % of their queries | when ${d.datapointsToAlarm} minutes with ${every}+ such answers fall in ${d.evaluationPeriods + 2} minutes (CloudWatch evaluates the most recent minutes that have data) |`;
  });
  return [
    `| signal | at minVolume or more per minute | from about 1 query/min to minVolume | under 1 query/min |`,
    '|---|---|---|---|',
    ...rows,
  ].join('\n');
}

function patterns(source: LogSource): string {
  return SIGNALS.filter((s) => s.source === source && s.measure.kind === 'filter')
    .map((s) => `- \`${s.id}\`: ${s.description} Pattern (before the subject restriction): ${patternOf(s)}`)
    .join('\n');
}

export function renderSignalsDoc(): string {
  const def = (id: string) => SIGNALS.find((x) => x.source === 'hostedZone' && x.id === id)!.defaults;
  const sf = def('servfail');
  const er = def('errors');
  const ls = QUERY_VOLUME_DEFAULTS.logsStopped;
  const an = QUERY_VOLUME_DEFAULTS.anomalyWindow;
  const published = (source: LogSource, onlyDefault: boolean) =>
    new Set(
      SIGNALS.filter((s) => s.source === source && s.measure.kind === 'filter' && (!onlyDefault || s.defaults.enabled)).map((s) =>
        s.measure.kind === 'filter' ? `${s.measure.metricName}${s.measure.dimension ? `/${s.measure.dimension.value}` : ''}` : '',
      ),
    ).size;
  return `<!-- Generated by \`npm run docs\` from lib/signals/catalogue.ts. Do not edit by hand. -->
# Signals

Every DNS signal is declared once in \`lib/signals/catalogue.ts\`; metric filters, alarms, dashboard
widgets, the plan and this page are generated from that list.

Worst-case detection = datapointsToAlarm x period + 60 s (the problem can start just after a minute
began; CloudWatch evaluates alarms every minute on a sliding window, so a longer period also advances
a minute at a time) + 60 s for query logs to reach CloudWatch Logs + 60 s alarm evaluation
(\`lib/alarms/detection-time.ts\`). With one-minute periods that is datapointsToAlarm + 3 minutes.

Rates are \`IF(total >= minVolume, 100 * FILL(x, 0) / total, Q)\`: a missing numerator counts as 0, and a
period without any query has no value (missing data, never breaching). Q is what a quiet period
(fewer queries than \`minVolume\`) reads:

- rates alarmed when low (the NOERROR success rate): 100, which cannot breach, so quiet periods never
  page and anomaly bands do not learn from them;
- error rates with a **low-volume tier** (\`lowVolumeRateThreshold\` L, \`lowVolumeMinCount\` K): the rate
  when at least K queries matched and they are at least L % of the period, else 0. A quiet zone that
  answers mostly errors pages; a quiet zone's stray error does not;
- error rates without one (\`lowVolumeRateThreshold: null\`): 0, silent below \`minVolume\`.

With \`minCount\` above 1 (\`servfail\`: ${sf.minCount}, \`refused\`: ${def('refused').minCount}), the busy tier also needs that many matching queries:
one stray SERVFAIL in a 50-query minute is 2 %, and 3 stray REFUSED in a 60-query minute are 5 %; an outage brings several every minute.

Hosted zones' \`errors\` is the **slow tier** of every error signal: one ${er.period / 60}-minute window (${er.rateThreshold} % of its
queries, and ${er.lowVolumeMinCount}+ errors when the window has fewer than ${er.minVolume} queries). It sees what single minutes of
a quiet zone cannot, such as a gradual NXDOMAIN rise at 5 queries/min (a minute holds 5-7 queries, a
window 75-105); the minute alarms of \`nxdomain\`, \`servfail\` and \`refused\` page on sudden
failures. It costs the same 2 alarm metrics the one-minute \`errors\` alarm did.

Silence itself never pages a hosted zone: broken query logging is the \`logs-stopped\` alarm
(Route 53's own \`DNSQueries\` against the logged \`Queries\`, ${ls.datapointsToAlarm} of ${ls.evaluationPeriods} minutes with traffic, ${formatDuration(oneMinuteDataDetectionSeconds(ls))}), and a
large traffic drop is the \`DNSQueries\` anomaly-drop alarm (the queries of the last ${an.period / 60} minutes, evaluated every
minute, below a ${QUERY_VOLUME_DEFAULTS.anomalyBandWidth}-standard-deviation anomaly band, ${formatDuration(oneMinuteDataDetectionSeconds(an))}); see
docs/health-checks.md. VPCs keep the \`total\` silence alarm (15 minutes without any query): Resolver
has no AWS-published query count to compare with, and a VPC with workloads is never that quiet.
Measured detection times per incident kind and volume: docs/benchmarks.md (\`npm run bench:detection\`).

## Hosted-zone query logs (public zones, us-east-1)

Fields (space-delimited): version, timestamp, zone_id, query_name, query_type, rcode, protocol,
edge_location, resolver_ip (the resolver that forwarded the query, not the end client),
edns_client_subnet (\`-\` when the resolver sent none).

${table('hostedZone')}

### Worst-case detection by traffic volume (hosted zones)

${byVolume('hostedZone')}

### Metric filter patterns

${patterns('hostedZone')}

## Resolver query logs (VPCs, in the VPC's region)

JSON fields used: vpc_id, query_name, query_type, rcode, srcaddr, transport, firewall_rule_action.

${table('resolver')}

A new VPC's \`total\` low-traffic alarm (and its anomaly alarm, when on) pages once on the deploy
that creates it: CloudWatch evaluates it before the VPC's first query logs reach the new metric
filter, and missing data counts as breaching (docs/rollout.md, *Pages from new alarms without
data*; \`plan\` counts them).

### Worst-case detection by traffic volume (VPCs)

${byVolume('resolver')}

### Metric filter patterns

${patterns('resolver')}

## Cost per subject

Custom metrics exist per subject (zone or VPC) and published metric; metric filters are per log
group and never per zone. With default signals a hosted zone publishes ${published('hostedZone', true)} custom metrics
(${published('hostedZone', false)} with every signal on) and a VPC ${published('resolver', true)} (${published('resolver', false)} with every signal on).
A metric is billed only in months it receives data. Computed signals (\`other-errors\`) cost no metric.

## Top-N (Contributor Insights)

One rule per view and region, shared by every zone or VPC (the subject id is the first key):

${TOP_N_VIEWS.map((v) => `- \`${v.id}\` (${v.source === 'hostedZone' ? 'hosted zones' : 'VPCs'}): ${v.title}, keyed on ${v.field}${v.rcodeIn ? `, rcode in ${v.rcodeIn.join('/')}` : ''}${v.rcodeNotIn ? `, rcode not ${v.rcodeNotIn.join('/')}` : ''}`).join('\n')}
`;
}
