/**
 * A report run (contracts/dns-check.ts DnsReportRequest): when a check's alarm enters ALARM, the
 * reporter of the primary region asks the prober of each vantage region to run that one check now
 * and say what every server answered. The prober takes the check from its own schedule's input (the
 * input it runs every minute), runs it, logs the failing answers as a scheduled run does, and
 * returns the results. It publishes no metric: the alarm counts scheduled runs only.
 */
import { GetScheduleCommand, type SchedulerClient } from '@aws-sdk/client-scheduler';
import { type DnsProbeEvent, type DnsReportRequest, type DnsReportResponse, expectationSummary } from '../../contracts/dns-check';
import { failureLine, type ProbeDeps, runNow } from './probe';

export interface ReportDeps extends Pick<ProbeDeps, 'zones' | 'lookupServers' | 'log' | 'now' | 'runDeadline'> {
  /** The prober input of this region, as its schedule holds it (GetSchedule: Target.Input). */
  readonly scheduledEvent: () => Promise<DnsProbeEvent>;
  /** This prober's region (used when the schedule cannot be read). */
  readonly region: string;
}

export async function report(request: DnsReportRequest, deps: ReportDeps): Promise<DnsReportResponse> {
  const check = request.report.check;
  let event: DnsProbeEvent;
  try {
    event = await deps.scheduledEvent();
  } catch (e) {
    deps.log('error', 'dns check report: reading this prober\'s schedule failed', { check, error: (e as Error).message });
    return { vantage: deps.region, check, error: `the prober in ${deps.region} could not read its schedule: ${(e as Error).message}` };
  }
  const spec = event.checks.find((c) => c.name === check);
  if (!spec) return { vantage: event.vantage, check, error: `${event.vantage} does not run DNS check ${check}` };
  // No Route 53 budget of its own: the alarm is waiting for this one check's answers, until the run's deadline.
  deps.zones.share(event.route53Readers ?? 1);
  const { ran, skipped, unanswered, storeProblem } = await runNow([spec], deps, deps.now(), deps.runDeadline);
  if (storeProblem) deps.log('warn', "the prober's table of zone name servers could not be used", { check, problem: storeProblem });
  if (skipped.length > 0) {
    const zoneId = spec.zoneId!;
    const why = unanswered[zoneId] ?? `the name servers of ${zoneId} were not read from Route 53 before the prober had to answer`;
    deps.log('warn', 'dns check report: its zone\'s name servers not read', { check, zoneId, why });
    return { vantage: event.vantage, check, error: `${why}; the scheduled runs check it` };
  }
  const [{ results }] = ran;
  for (const r of results) if (!r.ok) deps.log('warn', 'dns check failed', { ...failureLine(spec, r, event.vantage), report: true });
  deps.log('info', 'dns check report', { vantage: event.vantage, check, servers: results.length, failed: results.filter((r) => !r.ok).length });
  return { vantage: event.vantage, check, query: spec.query, type: spec.type, expected: expectationSummary(spec), results };
}

/** This prober's input as its schedule holds it (Target.Input): the one definition of what it runs. */
export async function scheduledEvent(client: Pick<SchedulerClient, 'send'>, scheduleName: string): Promise<DnsProbeEvent> {
  const s = await client.send(new GetScheduleCommand({ Name: scheduleName }));
  if (!s.Target?.Input) throw new Error(`schedule ${scheduleName} has no input`);
  return JSON.parse(s.Target.Input) as DnsProbeEvent;
}
