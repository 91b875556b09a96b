/**
 * plan's first-deploy table: per API family and region, what the deployment creates, how many one
 * stack creates at once and the least time the published rate allows. Checked against the
 * templates `cdk synth` writes for the same config (test/support/deploy-order.ts), not against the
 * plan's own reading of them.
 */
import { ALARMS } from '../../lib/aws-facts';
import { parseConfig } from '../../lib/config/load';
import { planConfig } from '../../lib/plan';
import { renderPlan } from '../../lib/plan/render';
import { EVALUATION_RANGE_EXTRA, nextState } from '../../lib/replay/alarm-evaluator';
import { dependencyGraph, mostAtOnce } from '../support/deploy-order';
import { generatedZones, synthConfig } from '../support/synth';

type Resources = Record<string, { Type: string; DependsOn?: string | string[]; Properties?: unknown }>;
const ALARM_TYPES = ['AWS::CloudWatch::Alarm', 'AWS::CloudWatch::CompositeAlarm', 'AWS::CloudWatch::AlarmMuteRule'];

/** The most members one after another along any dependency path of the template (a lower bound of the steps). */
function longestRun(resources: Resources, members: ReadonlySet<string>): number {
  const graph = dependencyGraph(resources);
  const memo = new Map<string, number>();
  const run = (id: string): number => {
    const known = memo.get(id);
    if (known !== undefined) return known;
    let best = 0;
    for (const d of graph.get(id) ?? []) best = Math.max(best, run(d));
    const n = best + (members.has(id) ? 1 : 0);
    memo.set(id, n);
    return n;
  };
  return Math.max(0, ...[...members].map(run));
}

describe('plan: first deploy', () => {
  const raw = generatedZones(60);
  const plan = planConfig(parseConfig(raw));
  const { templates } = synthConfig(raw);

  it('counts each family as the templates hold it, with the least time its published rate allows', () => {
    let alarms = 0;
    let longest = 0;
    for (const t of Object.values(templates)) {
      const resources = t.toJSON().Resources as Resources;
      const members = new Set(Object.entries(resources).filter(([, r]) => ALARM_TYPES.includes(r.Type)).map(([id]) => id));
      alarms += members.size;
      if (members.size > 0) {
        expect(mostAtOnce(dependencyGraph(resources), [...members])).toBeLessThanOrEqual(ALARMS.putMetricAlarmPerSecond);
        longest = Math.max(longest, longestRun(resources, members));
      }
    }
    const row = plan.deploy.find((d) => d.family === 'alarms' && d.region === 'us-east-1')!;
    expect(row).toMatchObject({ resources: alarms, atOnce: ALARMS.putMetricAlarmPerSecond, callsPerSecond: ALARMS.putMetricAlarmPerSecond, leastSeconds: Math.ceil(alarms / ALARMS.putMetricAlarmPerSecond) });
    expect(alarms).toBeGreaterThan(300);
    // The longest lane is a lower bound of the steps one stack takes: never more than the longest run of alarms the templates force.
    expect(row.longestLane).toBeGreaterThan(0);
    expect(row.longestLane).toBeLessThanOrEqual(longest);
  }, 300_000);

  it('counts the OK notifications the new alarms send (one per alarm with OK actions), and none with okNotifications: false', () => {
    let withOk = 0;
    for (const t of Object.values(templates)) {
      for (const r of Object.values(t.toJSON().Resources as Resources)) {
        const props = (r.Properties ?? {}) as { OKActions?: unknown[] };
        if (['AWS::CloudWatch::Alarm', 'AWS::CloudWatch::CompositeAlarm'].includes(r.Type) && (props.OKActions ?? []).length > 0) withOk += 1;
      }
    }
    expect(withOk).toBeGreaterThan(300);
    expect(plan.firstDeployOkNotifications).toBe(withOk);
    expect(renderPlan(plan, 'table')).toContain(`${withOk.toLocaleString('en-US')} new alarms each send one OK notification`);
    // Alarms in shadow mode (actionsEnabled: false) keep their OK actions but run none.
    const shadow = planConfig(parseConfig({ ...raw, signals: { ...((raw as { signals?: object }).signals ?? {}), servfail: { actionsEnabled: false } } } as never));
    const shadowed = Object.values(synthConfig({ ...raw, signals: { ...((raw as { signals?: object }).signals ?? {}), servfail: { actionsEnabled: false } } } as never).templates)
      .flatMap((t) => Object.values(t.toJSON().Resources as Resources))
      .filter((r) => ['AWS::CloudWatch::Alarm', 'AWS::CloudWatch::CompositeAlarm'].includes(r.Type))
      .map((r) => (r.Properties ?? {}) as { OKActions?: unknown[]; ActionsEnabled?: boolean });
    expect(shadowed.filter((p) => p.ActionsEnabled === false && (p.OKActions ?? []).length > 0).length).toBeGreaterThan(0);
    expect(shadow.firstDeployOkNotifications).toBe(shadowed.filter((p) => p.ActionsEnabled !== false && (p.OKActions ?? []).length > 0).length);
    const quiet = planConfig(parseConfig({ ...raw, alerts: { ...(raw as { alerts: object }).alerts, okNotifications: false } }));
    expect(quiet.firstDeployOkNotifications).toBe(0);
    expect(renderPlan(quiet, 'table')).not.toContain('OK notification');
  }, 300_000);

  it('prints the table, and JSON carries it', () => {
    const text = renderPlan(plan, 'table');
    expect(text).toMatch(/^First deploy \(each API family a few at a time per stack/m);
    expect(text).toMatch(/^alarms\s+us-east-1\s+[\d,]+\s+3\s+\d+\s+3\s+\d+(\.\d)? (s|min)$/m);
    expect(text).toMatch(/^metric filters\s+us-east-1\s+[\d,]+\s+3\s+\d+\s+unknown\s+-$/m);
    const json = JSON.parse(renderPlan(plan, 'json'));
    expect(json.deploy.map((d: { family: string }) => d.family)).toEqual(expect.arrayContaining(['alarms', 'metric filters', 'Contributor Insights rules', 'dashboards']));
  });
});

describe('first-deploy OK notifications reach only topics someone reads them on', () => {
  // SMS topics and the Slack webhook notifier leave OKs out; an alert topic with neither an email
  // nor an HTTPS subscriber nor the Chatbot channel delivers a new alarm's first OK to nobody, and
  // the plan told an SMS-only deployment to deploy twice to avoid notifications it never gets.
  const zone = { zoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com' };
  type Resource = { Type: string; Properties?: { OKActions?: unknown[]; ActionsEnabled?: boolean; TopicName?: string } };
  const okAlarms = (raw: object, severity?: 'critical' | 'warning') =>
    Object.values(synthConfig(raw as never).templates)
      .flatMap((t) => {
        const resources = t.toJSON().Resources as Record<string, Resource>;
        // An alarm in its topic's stack names it by Ref: read it as the topic's name.
        const named = (action: unknown) => {
          const ref = (action as { Ref?: string }).Ref;
          return ref !== undefined ? `:${resources[ref]?.Properties?.TopicName}` : action;
        };
        return Object.values(resources).map((r) => (r.Properties?.OKActions ? { ...r, Properties: { ...r.Properties, OKActions: r.Properties.OKActions.map(named) } } : r));
      })
      .filter((r) => ['AWS::CloudWatch::Alarm', 'AWS::CloudWatch::CompositeAlarm'].includes(r.Type) && r.Properties?.ActionsEnabled !== false && (r.Properties?.OKActions ?? []).length > 0)
      .filter((r) => !severity || JSON.stringify(r.Properties!.OKActions).includes(`-alerts-${severity}"`)).length;

  it('none for SMS alone, and the plan says nothing of them', () => {
    const raw = { prefix: 'acme', hostedZones: [zone], alerts: { sms: ['+14155550100'] } };
    expect(okAlarms(raw)).toBeGreaterThan(0);
    const plan = planConfig(parseConfig(raw));
    expect(plan.firstDeployOkNotifications).toBe(0);
    expect(renderPlan(plan, 'table')).not.toContain('OK notification');
  });

  it('only the severity with an email: a critical route of SMS alone adds none', () => {
    const raw = { prefix: 'acme', hostedZones: [zone], alerts: { email: ['oncall@example.com'], critical: { sms: ['+14155550100'] } } };
    const warning = okAlarms(raw, 'warning');
    expect(okAlarms(raw, 'critical')).toBeGreaterThan(0);
    expect(warning).toBeGreaterThan(0);
    expect(planConfig(parseConfig(raw)).firstDeployOkNotifications).toBe(warning);
  });

  it('an existing topic (topicArns) may have any subscriber: its alarms count', () => {
    const raw = { prefix: 'acme', hostedZones: [zone], alerts: { topicArns: ['arn:aws:sns:us-east-1:111122223333:ops-pager'] } };
    expect(planConfig(parseConfig(raw)).firstDeployOkNotifications).toBe(okAlarms(raw));
    expect(okAlarms(raw)).toBeGreaterThan(0);
  });
});

describe('first-deploy pages: new alarms on metrics with no data yet that count missing data as breaching', () => {
  // Two URL health checks (their status alarms: critical, to SMS too), one VPC (its query-volume
  // low-traffic alarm, warning) and a zone with minQueries (Route 53's DNSQueries: AWS publishes it
  // before the deploy, so it is left out though it breaches on missing data too).
  const raw = {
    prefix: 'acme',
    hostedZones: [{ zoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com', queryVolume: { minQueries: 10 } }],
    resolverVpcs: [{ vpcId: 'vpc-0aaaaaaaaaaaaaaaa', region: 'us-east-1', queryLogging: { create: true } }],
    healthChecks: [
      { name: 'api', url: 'https://api.example.com/health' },
      { name: 'web', url: 'https://www.example.com/' },
    ],
    alerts: { email: ['oncall@example.com'], critical: { sms: ['+14155550100'] } },
  };
  type Alarm = { Type: string; Properties: { AlarmName: string; TreatMissingData?: string; EvaluationPeriods: number; DatapointsToAlarm?: number; MetricName?: string; Namespace?: string; ActionsEnabled?: boolean } };
  const alarms = () =>
    Object.values(synthConfig(raw as never).templates)
      .flatMap((t) => Object.values(t.toJSON().Resources as Record<string, Alarm>))
      .filter((r) => r.Type === 'AWS::CloudWatch::Alarm');
  /** The state CloudWatch gives a new alarm at its first evaluation when its metric has no data (lib/replay/alarm-evaluator.ts, the documented missing-data rules). */
  const firstState = (p: Alarm['Properties']) => {
    const N = p.EvaluationPeriods;
    return nextState(new Array(N + EVALUATION_RANGE_EXTRA).fill(null), { evaluationPeriods: N, datapointsToAlarm: p.DatapointsToAlarm ?? N, treatMissingData: (p.TreatMissingData ?? 'missing') as never }, 'INSUFFICIENT_DATA');
  };

  it('counts the health checks\' status and the VPC\'s low traffic, each with its severity, and not the zone\'s DNSQueries', () => {
    const all = alarms();
    const inAlarm = all.filter((a) => a.Properties.ActionsEnabled !== false && firstState(a.Properties) === 'ALARM');
    const status = inAlarm.filter((a) => a.Properties.MetricName === 'HealthCheckStatus');
    const vpcLow = inAlarm.filter((a) => /vpc-0aaaaaaaaaaaaaaaa.*low-traffic/.test(a.Properties.AlarmName));
    const zoneLow = inAlarm.filter((a) => a.Properties.MetricName === 'DNSQueries');
    expect(status).toHaveLength(raw.healthChecks.length);
    expect(vpcLow).toHaveLength(1);
    expect(zoneLow).toHaveLength(1);
    const plan = planConfig(parseConfig(raw));
    expect(plan.firstDeployAlarms).toEqual([
      { metric: 'HealthCheckStatus (AWS/Route53)', severity: 'critical', alarms: status.length, sms: true },
      { metric: `Queries (${vpcLow[0].Properties.Namespace ?? 'Codreum/DNS'})`, severity: 'warning', alarms: 1, sms: false },
    ]);
    // Every alarm the evaluator puts in ALARM at creation is counted, but the zone's: its metric has data.
    expect(plan.firstDeployAlarms.reduce((n, g) => n + g.alarms, 0)).toBe(inAlarm.length - zoneLow.length);
    const text = renderPlan(plan, 'table');
    expect(text).toContain('3 new alarms go to ALARM when first evaluated and notify, and each returns to OK once its data comes');
    expect(text).toContain('2 on HealthCheckStatus (AWS/Route53), critical, texted to SMS too');
    // Their OKs come later, after the ALARM (so the Slack webhook notifier posts them).
    expect(text).toContain('the alarms above send theirs when their data comes, after their ALARM');
    expect(renderPlan(plan, 'markdown')).toContain('### First deploy notifications');
    expect(JSON.parse(renderPlan(plan, 'json')).firstDeployAlarms).toHaveLength(2);
  }, 120_000);

  it('leaves out alarms in shadow mode, and says nothing when none pages', () => {
    const quiet = { ...raw, healthChecks: raw.healthChecks.map((h) => ({ ...h, alarm: { actionsEnabled: false } })), resolverVpcs: [] };
    const plan = planConfig(parseConfig(quiet));
    expect(plan.firstDeployAlarms).toEqual([]);
    expect(renderPlan(plan, 'table')).not.toContain('go to ALARM when first evaluated');
  }, 120_000);
});
