/**
 * Deploy pacing: CloudFormation works on every independent resource at once, so a zone stack of
 * about 200 alarms and 200 metric filters calls PutMetricAlarm (3 a second) and PutMetricFilter 200
 * times at once each unless its resources wait for each other. Read from the synthesized templates (test/support/deploy-order.ts), not from the code
 * that adds the dependencies.
 */
import * as fs from 'node:fs';
import { App, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as logs from 'aws-cdk-lib/aws-logs';
import { PACE_GROUPS, paceDeployment } from '../../lib/stacks/deploy-pacing';
import { templateBytesOf } from '../../lib/stacks/template-size';
import { DnsMonitoring } from '../../lib/dns-monitoring';
import { dependencyGraph, isAcyclic, mostAtOnce } from '../support/deploy-order';
import { FLEET } from '../support/fleets';
import { generatedZones, newTestApp } from '../support/synth';

type Resources = Record<string, { Type: string; DependsOn?: string | string[]; Properties?: unknown }>;

function synthTemplates(config: object, app: App = newTestApp()): { name: string; resources: Resources; bytes: number }[] {
  new DnsMonitoring(app, 'DnsMonitor', { config: config as never, account: '111122223333' });
  return app.synth().stacks.map((s) => ({ name: s.stackName, resources: s.template.Resources as Resources, bytes: fs.statSync(s.templateFullPath).size }));
}

const healthChecks = [
  ...Array.from({ length: 24 }, (_, i) => ({ name: `svc${i}`, url: `https://svc${i}.example.com/health` })),
  { name: 'svc-any', children: ['svc0', 'svc1', 'svc2'], healthyThreshold: 1 },
  { name: 'svc-all', children: ['svc3', 'svc4'] },
];
// 60 zones: two zone stacks of about 200 metric filters and 200 alarms each, a Top-N stack, 26 health checks with their alarms, dashboards.
const LARGE = generatedZones(60, { healthChecks, resolverVpcs: FLEET.resolverVpcs, changeAudit: { protectedRecords: [{ zoneName: 'zone1.example.com', name: 'www' }] } } as never);
// A third of the zones get their query logging from the app: a Route 53 query logging configuration each.
LARGE.hostedZones = LARGE.hostedZones!.map((z, i) => (i % 3 === 0 ? { ...z, queryLogging: { create: true } } : z));

describe('deploy pacing', () => {
  let stacks: ReturnType<typeof synthTemplates>;
  beforeAll(() => {
    stacks = synthTemplates(LARGE);
  }, 300_000);

  it('keeps every API family within its lanes in every stack (a zone stack alone holds hundreds of alarms)', () => {
    const over: string[] = [];
    let largest = 0;
    for (const s of stacks) {
      const graph = dependencyGraph(s.resources);
      for (const g of PACE_GROUPS) {
        const members = Object.entries(s.resources).filter(([, r]) => g.types.includes(r.Type)).map(([id]) => id);
        if (members.length === 0) continue;
        const atOnce = mostAtOnce(graph, members);
        largest = Math.max(largest, members.length);
        if (atOnce > g.lanes) over.push(`${s.name}: ${atOnce} of ${members.length} ${g.types.join('/')} at once (lanes ${g.lanes})`);
      }
    }
    expect(largest).toBeGreaterThan(150); // the fleet does hold stacks with about 200 metric filters and 200 alarms
    expect(over).toEqual([]);
  });

  it('adds no dependency cycle and no stack waits longer than its lanes need', () => {
    for (const s of stacks) {
      const graph = dependencyGraph(s.resources);
      expect({ stack: s.name, acyclic: isAcyclic(graph) }).toEqual({ stack: s.name, acyclic: true });
      // Each family still runs `lanes` at a time when it has that many: pacing, not serializing.
      for (const g of PACE_GROUPS) {
        const members = Object.entries(s.resources).filter(([, r]) => g.types.includes(r.Type)).map(([id]) => id);
        if (members.length >= 3 * g.lanes) expect({ stack: s.name, api: g.api, atOnce: mostAtOnce(graph, members) }).toEqual({ stack: s.name, api: g.api, atOnce: g.lanes });
      }
    }
  });

  it('paces the Route 53 query logging configurations the app creates with the health checks (one Route 53 rate per account)', () => {
    const route53 = PACE_GROUPS.find((g) => g.types.includes('AWS::Route53::HealthCheck'))!;
    let most = 0;
    for (const s of stacks) {
      const members = Object.entries(s.resources).filter(([, r]) => r.Type === 'AWS::Route53::QueryLoggingConfig' || r.Type === 'AWS::Route53::HealthCheck').map(([id]) => id);
      most = Math.max(most, members.length);
      expect({ stack: s.name, withinLanes: mostAtOnce(dependencyGraph(s.resources), members) <= route53.lanes }).toEqual({ stack: s.name, withinLanes: true });
    }
    expect(most).toBeGreaterThan(route53.lanes);
  });

  it('paces the calculated health checks after their children and the check alarms after their checks', () => {
    const health = stacks.filter((s) => /-health-checks-\d+$/.test(s.name));
    expect(health.length).toBeGreaterThan(0);
    for (const s of health) {
      const graph = dependencyGraph(s.resources);
      for (const [id, r] of Object.entries(s.resources)) {
        const children = ((r.Properties as { HealthCheckConfig?: { ChildHealthChecks?: unknown[] } }).HealthCheckConfig?.ChildHealthChecks ?? []) as { 'Fn::GetAtt': [string, string] }[];
        for (const c of children) expect(graph.get(id)!.has(c['Fn::GetAtt'][0])).toBe(true);
      }
    }
  });

  it('a zone added to the fleet changes the dependencies of at most one resource per lane it joins', () => {
    const before = synthTemplates(generatedZones(20));
    const after = synthTemplates(generatedZones(21));
    const deps = (ss: typeof before) => new Map(ss.flatMap((s) => Object.entries(s.resources).map(([id, r]) => [`${s.name}/${id}`, JSON.stringify(r.DependsOn ?? [])] as const)));
    const a = deps(before);
    const b = deps(after);
    const changed = [...a].filter(([k, v]) => b.has(k) && b.get(k) !== v).map(([k]) => k);
    const added = [...b.keys()].filter((k) => !a.has(k)).length;
    expect(added).toBeGreaterThan(0);
    // Each new resource is inserted into one lane: at most one existing resource now waits for it instead.
    expect(changed.length).toBeLessThanOrEqual(added);
  });

  it('placement counts the bytes pacing adds before it adds them: the estimate bounds the paced template', () => {
    const app = newTestApp();
    const stack = new Stack(app, 'Paced', { env: { account: '111122223333', region: 'us-east-1' } });
    const alarms = Array.from({ length: 120 }, (_, i) => new cloudwatch.CfnAlarm(stack, `AlarmsZ${String(i).padStart(6, '0')}SHARED${'x'.repeat(i % 40)}servfailrate`, { comparisonOperator: 'GreaterThanThreshold', evaluationPeriods: 1, threshold: 1, metricName: 'm', namespace: 'n', period: 60, statistic: 'Sum' }));
    for (let i = 0; i < 20; i++) new cloudwatch.CfnCompositeAlarm(stack, `Composite${i}${'y'.repeat(i)}`, { alarmRule: `ALARM(${alarms[i].ref}) OR ALARM(${alarms[i + 1].ref})` });
    for (let i = 0; i < 80; i++) new logs.CfnMetricFilter(stack, `FiltersZone${i}${'z'.repeat(i % 30)}`, { logGroupName: '/dns/shared', filterPattern: '[a]', metricTransformations: [{ metricName: 'm', metricNamespace: 'n', metricValue: '1' }] });
    const before = templateBytesOf([stack], []);
    paceDeployment(stack);
    const after = templateBytesOf([stack], []);
    const rendered = app.synth().getStackByName('Paced').template.Resources as Resources;
    const waiting = Object.values(rendered).filter((r) => r.DependsOn !== undefined).length;
    expect(waiting).toBeGreaterThanOrEqual(220 - 3 - 3); // all but the lane heads wait for the one before them
    const longestId = Math.max(...stack.node.findAll().map((c) => c.node.id.length)) + 8;
    // The estimate before is at least the size after, and over it by no more than the lane heads' ids.
    expect(before).toBeGreaterThanOrEqual(after);
    expect(before - after).toBeLessThanOrEqual(PACE_GROUPS.reduce((n, g) => n + g.lanes, 0) * (longestId + 24));
  });
});
