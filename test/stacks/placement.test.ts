/** Stable placement of zones into stacks, and stacks within CloudFormation limits at scale. */
import { generatedZones, synthConfig } from '../support/synth';
import { DnsMonitoring } from '../../lib/dns-monitoring';
import { parseConfig } from '../../lib/config/load';
import { newTestApp } from '../support/synth';
import { countResources } from '../../lib/stacks/shard-placer';

function placement(zoneCount: number, assignments?: any, drop?: number) {
  const cfg: any = generatedZones(zoneCount);
  if (drop !== undefined) cfg.hostedZones.splice(drop, 1);
  const app = newTestApp();
  const m = new DnsMonitoring(app, 'D', { config: parseConfig(cfg), assignments, maxResourcesPerStack: 60 });
  return m;
}

describe('stack placement', () => {
  it('splits zones over several stacks, each within the budget', () => {
    const m = placement(30);
    expect(m.shardStacks.length).toBeGreaterThan(1);
    for (const s of m.shardStacks) expect(countResources(s)).toBeLessThanOrEqual(60);
  });

  it('adding a zone (anywhere in the list) never moves another zone', () => {
    const first = placement(30);
    const cfg: any = generatedZones(31);
    // Insert the new zone at the front of the list.
    cfg.hostedZones.unshift(cfg.hostedZones.pop());
    const app = newTestApp();
    const second = new DnsMonitoring(app, 'D', { config: parseConfig(cfg), assignments: first.assignments, maxResourcesPerStack: 60 });
    for (const [unit, shard] of Object.entries(first.assignments.units)) expect(second.assignments.units[unit]).toBe(shard);
    // Each zone: its log group's unit and its own (its alarms).
    expect(Object.keys(second.assignments.units)).toHaveLength(62);
  });

  it('removing a zone never moves the others', () => {
    const first = placement(30);
    const second = placement(30, first.assignments, 3);
    const removed = Object.keys(first.assignments.units).filter((k) => !(k in second.assignments.units));
    expect(removed.sort()).toEqual(['zones|/aws/route53/zone3.example.com', 'zones|/aws/route53/zone3.example.com|Z000003GENERATED003']);
    for (const [unit, shard] of Object.entries(second.assignments.units)) expect(first.assignments.units[unit]).toBe(shard);
  });

  it('fails with a clear message when a recorded stack can no longer hold its zones', () => {
    const first = placement(30);
    const cfg: any = generatedZones(30);
    cfg.signals = { tcp: { threshold: 10, rateThreshold: 5 }, ecs: { enabled: true, rateThreshold: 50 } };
    expect(() => new DnsMonitoring(newTestApp(), 'D', { config: parseConfig(cfg), assignments: first.assignments, maxResourcesPerStack: 60 })).toThrow(
      /would hold \d+ resources \(budget 60, CloudFormation limit 500\).*remove the entry/,
    );
  });
});

describe('scale', () => {
  it('1000 zones with default signals: every stack under 500 resources, Top-N rule count fixed', () => {
    const { monitoring, templates } = synthConfig(generatedZones(1000));
    const counts = Object.values(templates).map((t) => Object.keys(t.toJSON().Resources).length);
    expect(Math.max(...counts)).toBeLessThanOrEqual(400);
    const rules = Object.values(templates).reduce((n, t) => n + Object.keys(t.findResources('AWS::CloudWatch::InsightRule')).length, 0);
    expect(rules).toBe(5);
    expect(Object.keys(monitoring.assignments.units)).toHaveLength(2000);
    const bytes = Object.values(templates).map((t) => JSON.stringify(t.toJSON()).length);
    expect(Math.max(...bytes)).toBeLessThan(1_000_000);
  });
});
