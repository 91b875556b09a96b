/**
 * One run of the prober in one region: the checks due this minute, their results as metrics in
 * the alarm region (PutMetricData: one call, 1/0 per check and per server) and one structured log
 * line per failing server, saying what it answered against what was expected. Nothing else is
 * sent anywhere; the DNS queries go only to the checks' own servers (run.ts).
 */
import { PutMetricDataCommand, type CloudWatchClient, type MetricDatum } from '@aws-sdk/client-cloudwatch';
import { DNS_CHECK_METRICS, DNS_CHECK_NAMESPACE, type DnsCheckResult, type DnsCheckSpec, type DnsProbeEvent, LOOKUP_BUDGET_MS } from '../../contracts/dns-check';
import { LATE, lateAt } from './deadline';
import { checkTargets, runCheck, type RunOptions } from './run';
import type { ZoneServers } from './zone-servers';

export interface ProbeDeps {
  /** CloudWatch client of the alarm region (`event.metricsRegion`). */
  readonly cloudwatch: Pick<CloudWatchClient, 'send'>;
  readonly zones: ZoneServers;
  readonly log: (level: 'info' | 'warn' | 'error', message: string, extra: Record<string, unknown>) => void;
  readonly now: () => Date;
  /** Resolvers for server names and parent zones. @default the function's (the VPC or Lambda resolver) */
  readonly lookupServers?: readonly string[];
  /**
   * How long a scheduled run may spend reading its zones' name servers from Route 53, paced to the
   * account's request rate (zone-servers.ts). @default LOOKUP_BUDGET_MS
   */
  readonly lookupBudgetMs?: number;
  /**
   * When the run must have its results (epoch ms): a check still waiting for answers then counts as
   * failed, so a run whose servers all time out still publishes, and pages, before the function's
   * own timeout would end it with nothing published (and a report run still answers the reporter).
   * @default none
   */
  readonly runDeadline?: number;
}

/** Milliseconds kept back before the function's timeout to publish the results (PutMetricData) or answer the reporter, and log. */
export const PUBLISH_MARGIN_MS = 5_000;

/** A scheduled run's time for Route 53 reads (contracts/dns-check.ts, which the plan reads too). */
export { LOOKUP_BUDGET_MS };

export interface ProbeSummary {
  /** Checks run. */
  readonly checks: number;
  /** Checks not run: their zone's name servers not read yet (runNow). */
  readonly skipped: number;
  readonly failed: number;
  readonly results: readonly DnsCheckResult[];
}

/** A check runs on the minutes that are a multiple of its interval (the scheduler calls every minute). */
export function isDue(spec: DnsCheckSpec, now: Date): boolean {
  const minuteOfDay = now.getUTCHours() * 60 + now.getUTCMinutes();
  return minuteOfDay % spec.intervalMinutes === 0;
}

/** What a failing result's log line holds: the check, the server, its answer and the expectation. */
export function failureLine(spec: DnsCheckSpec, r: DnsCheckResult, vantage: string): Record<string, unknown> {
  const { consistent, ...expected } = spec.expect;
  return {
    check: spec.name,
    query: spec.query,
    type: spec.type,
    vantage,
    server: r.server,
    ...(r.address ? { address: r.address } : {}),
    ...(r.nsid ? { nsid: r.nsid } : {}),
    rcode: r.rcode,
    ...(r.ms !== undefined ? { ms: r.ms } : {}),
    answers: r.answers,
    expected: { ...expected, ...(consistent ? { consistent } : {}) },
    reason: r.reason,
  };
}

/**
 * Runs `specs` now: their zones' name servers from Route 53, then every check against its servers.
 * A zone Route 53 could not give fails its check with the lookup error. A check whose zone was
 * never read, because no read could start before `lookupDeadline` (epoch ms) or Route 53 did not
 * answer it (`unanswered`: zone id -> why), is not run (`skipped`).
 */
export async function runNow(
  specs: readonly DnsCheckSpec[],
  deps: Pick<ProbeDeps, 'zones' | 'lookupServers' | 'runDeadline'>,
  now: Date,
  lookupDeadline?: number,
): Promise<{ ran: { spec: DnsCheckSpec; results: DnsCheckResult[] }[]; skipped: DnsCheckSpec[]; unanswered: Record<string, string>; storeProblem?: string }> {
  const zones = await deps.zones.lookup(specs.flatMap((c) => (c.zoneId ? [c.zoneId] : [])), lookupDeadline);
  const opts: RunOptions = { zoneServers: zones.servers, zoneErrors: zones.errors, lookupServers: deps.lookupServers, now: Math.floor(now.getTime() / 1000), serverNames: new Map() };
  const waiting = new Set(zones.pending);
  const skipped = specs.filter((s) => s.zoneId !== undefined && waiting.has(s.zoneId));
  const ran = await Promise.all(
    specs.filter((s) => !skipped.includes(s)).map(async (spec) => ({ spec, results: await withinDeadline(spec, runCheck(spec, opts), opts, deps.runDeadline) })),
  );
  return { ran, skipped, unanswered: zones.unanswered, storeProblem: zones.storeProblem };
}

/** The check's results, or, when the deadline comes first, each of its servers failed with why. */
async function withinDeadline(spec: DnsCheckSpec, running: Promise<DnsCheckResult[]>, opts: RunOptions, deadline: number | undefined): Promise<DnsCheckResult[]> {
  if (deadline === undefined) return running;
  const timeUp = lateAt(deadline);
  try {
    const first = await Promise.race([running, timeUp.late]);
    if (first !== LATE) return first;
  } finally {
    timeUp.clear();
  }
  const reason = 'no answer before the prober had to report its results (its servers are not answering in time)';
  return checkTargets(spec, opts).map((server) => ({ name: spec.name, server, ok: false, rcode: 'TIMEOUT', answers: [], reason }));
}

export async function probe(event: DnsProbeEvent, deps: ProbeDeps): Promise<ProbeSummary> {
  const now = deps.now();
  const due = event.checks.filter((c) => isDue(c, now));
  deps.zones.share(event.route53Readers ?? 1);
  const { ran: perCheck, skipped, unanswered, storeProblem } = await runNow(due, deps, now, Date.now() + (deps.lookupBudgetMs ?? LOOKUP_BUDGET_MS));
  if (storeProblem) {
    deps.log('warn', "the prober's table of zone name servers could not be used", {
      vantage: event.vantage,
      problem: storeProblem,
      why: 'zones are read from Route 53 instead (a new execution environment reads them again at its share of the rate); nothing else changes',
    });
  }
  if (Object.keys(unanswered).length > 0) {
    deps.log('warn', "Route 53 did not answer reading hosted zones' name servers", {
      vantage: event.vantage,
      zones: unanswered,
      why: "throttled (the account's Route 53 request rate is in use by other callers) or Route 53's API not answering; these zones keep the name servers read before, or wait for a later run",
    });
  }
  if (skipped.length > 0) {
    deps.log('warn', 'dns checks skipped: their zones\' name servers not read from Route 53 yet', {
      vantage: event.vantage,
      checks: skipped.map((c) => c.name),
      why: 'reads are paced to the account\'s Route 53 request rate (shared by the probers of every region that reads it); a later run reads them',
    });
  }
  const data: MetricDatum[] = [];
  // A run with zone checks due says how many of them it skipped (0 too): a skipped check publishes
  // nothing, which its alarm counts as passing, so the skips have an alarm of their own. Runs with
  // none due say nothing (they skip none), so a 0 between due runs never hides a skip.
  if (event.route53Readers !== undefined && due.some((c) => c.zoneId !== undefined)) {
    data.push({ MetricName: DNS_CHECK_METRICS.skipped, Dimensions: [{ Name: 'Vantage', Value: event.vantage }], Timestamp: now, Value: skipped.length, Unit: 'Count' });
  }
  for (const { spec, results } of perCheck) {
    const anyFailed = results.some((r) => !r.ok);
    data.push({ MetricName: DNS_CHECK_METRICS.failed, Dimensions: [{ Name: 'Check', Value: spec.name }, { Name: 'Vantage', Value: event.vantage }], Timestamp: now, Value: anyFailed ? 1 : 0, Unit: 'Count' });
    for (const r of results) {
      data.push({
        MetricName: DNS_CHECK_METRICS.targetFailed,
        Dimensions: [{ Name: 'Check', Value: spec.name }, { Name: 'Vantage', Value: event.vantage }, { Name: 'Target', Value: r.server.slice(0, 255) }],
        Timestamp: now,
        Value: r.ok ? 0 : 1,
        Unit: 'Count',
      });
      if (!r.ok) deps.log('warn', 'dns check failed', failureLine(spec, r, event.vantage));
    }
  }
  // PutMetricData takes up to 1,000 metrics per call (lib/aws-facts.ts CLOUDWATCH.putMetricDataMaxMetrics).
  for (let i = 0; i < data.length; i += 1000) {
    await deps.cloudwatch.send(new PutMetricDataCommand({ Namespace: DNS_CHECK_NAMESPACE, MetricData: data.slice(i, i + 1000) }));
  }
  const results = perCheck.flatMap((p) => p.results);
  const failed = perCheck.filter((p) => p.results.some((r) => !r.ok)).length;
  deps.log('info', 'dns checks run', { vantage: event.vantage, checks: perCheck.length, skipped: skipped.length, failed, metrics: data.length });
  return { checks: perCheck.length, skipped: skipped.length, failed, results };
}
