/**
 * How a first deploy goes through each API family (lib/stacks/deploy-pacing.ts): per family and
 * region, how many resources the deployment creates, how many one stack creates at once, and the
 * least time the family's published call rate allows for all of them. A lower bound: how long
 * CloudFormation takes per resource is its own and not modelled; stacks deploy one at a time.
 */
import { SEVERITIES } from '../../contracts/alarm-context';
import { probeEvents, zoneReadsPerRun } from '../../contracts/dns-check';
import { receivesEveryAlert } from '../config/alert-routes';
import { DEFAULT_ROUTE } from '../config/alerts-schema';
import type { ResolvedConfig } from '../config/resolve';
import { smsTopicName, topicName } from '../naming';
import { laneOf, PACE_GROUPS } from '../stacks/deploy-pacing';
import type { SynthesizedStack, Synthesized } from './synthesize';
import { metricsOfAlarm } from './detection';
import type { DeployPacePlan, FirstDeployAlarms, ZoneReadWarmUp } from './types';

export function deployPacing(s: Synthesized): DeployPacePlan[] {
  const out: DeployPacePlan[] = [];
  const regions = [...new Set(s.stacks.map((st) => st.region))].sort();
  for (const g of PACE_GROUPS) {
    for (const region of regions) {
      let resources = 0;
      let longestLane = 0;
      for (const st of s.stacks.filter((x) => x.region === region)) {
        const lanes = new Array<number>(g.lanes).fill(0);
        for (const r of st.resources) {
          if (!g.types.includes(r.type)) continue;
          resources += 1;
          lanes[laneOf(r.logicalId, g.lanes)] += 1;
        }
        longestLane = Math.max(longestLane, ...lanes);
      }
      if (resources === 0) continue;
      out.push({
        family: g.family,
        region,
        resources,
        atOnce: g.lanes,
        longestLane,
        ...(g.callsPerSecond !== undefined ? { callsPerSecond: g.callsPerSecond, leastSeconds: Math.ceil(resources / g.callsPerSecond) } : {}),
      });
    }
  }
  return out;
}

/**
 * How many OK notifications a first deploy sends: one per new alarm (metric or composite) with OK
 * actions, actions enabled. A new alarm starts in INSUFFICIENT_DATA and its first evaluation moves it to OK, which
 * runs its OK actions (ALARMS.newAlarmRunsOkActions): each reaches every email and HTTPS
 * destination and Chatbot of its topics (SMS topics never get OK actions; the Slack webhook
 * notifier posts only OKs that follow an ALARM).
 */
export function okNotificationsOnCreate(s: Synthesized): number {
  const read = readersOfCreatedTopics(s.config);
  // A topic that is none the app creates is a configured one (topicArns), whose subscribers are not known here.
  let n = 0;
  for (const st of s.stacks) {
    // An alarm in the stack of its topic refers to it by `Ref`: its name is the topic's TopicName.
    const topicNames = topicNamesOf(st);
    const reaches = (action: unknown) => read.get(topicNameOf(action, topicNames) ?? '') ?? true;
    for (const r of st.resources) {
      const alarm = r.type === 'AWS::CloudWatch::Alarm' || r.type === 'AWS::CloudWatch::CompositeAlarm';
      // An alarm in shadow mode (ActionsEnabled false) keeps its OK actions but runs none.
      if (alarm && r.props.ActionsEnabled !== false && ((r.props.OKActions ?? []) as unknown[]).some(reaches)) n += 1;
    }
  }
  return n;
}

/**
 * The new alarms that go to ALARM at their first evaluation, and notify: missing data counts as
 * breaching, and every metric they read has no data before the deploy
 * (ALARMS.newAlarmWithoutDataBreachingRunsAlarmActions); each returns to OK once its data comes.
 * A metric has no data before the deploy when the deploy creates what publishes it: a metric
 * outside AWS's own namespaces (the app's metric filters and functions publish those), or one
 * whose dimension names a resource of the template (a health check the deploy creates). A metric
 * AWS publishes already (a zone's DNSQueries, a Resolver endpoint's query volume) is left out: a
 * zone or endpoint in use has data. By metric and severity, largest first.
 */
export function alarmsOnCreate(s: Synthesized): FirstDeployAlarms[] {
  const groups = new Map<string, { metric: string; severity: string; alarms: number; sms: boolean }>();
  // The alert topics the app creates, by name: their severity, and whether they text (lib/naming.ts).
  const created = new Map<string, { severity: string; sms: boolean }>();
  for (const route of Object.values(s.config.alertRoutes)) {
    for (const severity of SEVERITIES) {
      created.set(topicName(s.config.prefix, severity, route.name), { severity, sms: false });
      created.set(smsTopicName(s.config.prefix, severity, route.name), { severity, sms: true });
    }
  }
  for (const st of s.stacks) {
    const topicNames = topicNamesOf(st);
    for (const r of st.resources) {
      if (r.type !== 'AWS::CloudWatch::Alarm' || r.props.TreatMissingData !== 'breaching' || r.props.ActionsEnabled === false) continue;
      const actions = (r.props.AlarmActions ?? []) as unknown[];
      const metrics = metricsOfAlarm(r.props);
      if (actions.length === 0 || metrics.length === 0) continue;
      const fresh = (m: (typeof metrics)[number]) => !String(m.namespace).startsWith('AWS/') || m.dimensions.some((d) => typeof d.Value === 'object' && d.Value !== null);
      if (!metrics.every(fresh)) continue;
      const metric = `${metrics[0].metricName} (${metrics[0].namespace})`;
      const topics = actions.map((a) => created.get(topicNameOf(a, topicNames) ?? ''));
      // The spec's severity, else its alert topic's.
      const severity = s.specs.get(String(r.props.AlarmName))?.severity ?? topics.find(Boolean)?.severity ?? 'unknown';
      const sms = topics.some((t) => t?.sms === true);
      const key = `${metric}\n${severity}`;
      const g = groups.get(key) ?? { metric, severity, alarms: 0, sms: false };
      groups.set(key, { ...g, alarms: g.alarms + 1, sms: g.sms || sms });
    }
  }
  return [...groups.values()].sort((a, b) => b.alarms - a.alarms || a.metric.localeCompare(b.metric) || a.severity.localeCompare(b.severity));
}

/**
 * The alert topics the app creates, by name, and whether anyone reads an OK on them: an email or
 * HTTPS subscriber, or the Chatbot channel (the default route's topics). SMS numbers are on their
 * own topics, which alarms notify of ALARM only, and the Slack webhook notifier posts no first OK.
 */
function readersOfCreatedTopics(cfg: ResolvedConfig): Map<string, boolean> {
  const out = new Map<string, boolean>();
  for (const route of Object.values(cfg.alertRoutes)) {
    const chatbot = route.name === DEFAULT_ROUTE && Boolean(cfg.alerts.slack?.chatbot);
    for (const sev of SEVERITIES) out.set(topicName(cfg.prefix, sev, route.name), receivesEveryAlert(route.severities[sev]) || chatbot);
  }
  return out;
}

/** The TopicName of each topic of the stack, by logical id (what an alarm's `Ref` names). */
function topicNamesOf(st: SynthesizedStack): Map<string, unknown> {
  return new Map(st.resources.filter((r) => r.type === 'AWS::SNS::Topic').map((r) => [r.logicalId, r.props.TopicName]));
}

/**
 * The topic name an alarm action names: the last part of its ARN, written as text or as the
 * `Fn::Join` the app synthesizes (`arn:…:<account token>:<topic>`), or the TopicName of the topic a
 * `Ref` names in the alarm's own stack (`topicNames`). Undefined for another shape.
 */
function topicNameOf(action: unknown, topicNames: ReadonlyMap<string, unknown>): string | undefined {
  const ref = (action as { Ref?: string })?.Ref;
  if (ref !== undefined) return typeof topicNames.get(ref) === 'string' ? (topicNames.get(ref) as string) : undefined;
  const join = (action as { 'Fn::Join'?: [string, unknown[]] })?.['Fn::Join'];
  const text = typeof action === 'string' ? action : join && typeof join[1].at(-1) === 'string' ? (join[1].at(-1) as string) : undefined;
  return text?.split(':').pop();
}

/**
 * Per vantage region whose checks read hosted zones: its distinct zones (what its prober reads and
 * keeps in its table), how many one run reads when none is kept (its share of ZONE_READ_PACE for
 * its Route 53 budget: zoneReadsPerRun), and the minutes after a first deploy until its last zone
 * is read (a zone check waits, skipped, until then; later execution environments load them from
 * the prober's table).
 */
export function zoneReadsByRegion(config: ResolvedConfig): ZoneReadWarmUp['slowest'][] {
  // The metrics region (the events' other field) does not change what a region reads.
  return [...probeEvents(config.dnsChecks, '')].flatMap(([region, event]) => {
    if (event.route53Readers === undefined) return [];
    const zoneChecks = event.checks.filter((c) => c.zoneId !== undefined);
    const zones = new Set(zoneChecks.map((c) => c.zoneId)).size;
    const perRun = zoneReadsPerRun(event.route53Readers);
    // A zone is read when one of its checks is due: runs come at the shortest interval among them.
    const minutes = (Math.ceil(zones / perRun) - 1) * Math.min(...zoneChecks.map((c) => c.intervalMinutes));
    return [{ region, zones, perRun, minutes }];
  });
}

/** The first deploy's wait for zone reads (zoneReadsByRegion), or undefined when every region reads its zones in its first run. */
export function zoneReadWarmUp(byRegion: ReturnType<typeof zoneReadsByRegion>): ZoneReadWarmUp | undefined {
  const slowest = byRegion.reduce<ZoneReadWarmUp['slowest'] | undefined>((a, r) => (!a || r.minutes > a.minutes ? r : a), undefined);
  return slowest && slowest.minutes > 0 ? { zoneReads: byRegion.reduce((n, r) => n + r.zones, 0), regions: byRegion.length, slowest } : undefined;
}
