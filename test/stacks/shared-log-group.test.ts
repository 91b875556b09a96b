/**
 * Zones sharing one query log group: the group's metric filters are per signal, so any number of
 * zones may share it (docs/configuration.md). Each zone's alarms are placed on their own, so a
 * large group spreads over several stacks, every one inside CloudFormation's resource and
 * template-size limits; and a zone that moves to another group keeps its alarms where they are.
 */
import * as fs from 'node:fs';
import { CLOUDFORMATION } from '../../lib/aws-facts';
import type { RawConfig } from '../../lib/config/schema';
import { deploymentTags } from '../../lib/compose/context';
import { TEMPLATE_SKELETON_BYTES } from '../../lib/stacks/shard-placer';
import { templateBytesOf } from '../../lib/stacks/template-size';
import { PATH_METADATA_ENABLE_CONTEXT } from 'aws-cdk-lib/cx-api';
import { buildApp, newTestApp } from '../support/synth';

/** Realistic zone ids (Z + 20) and long names: the alarms' names and descriptions carry both. */
const zone = (i: number, group: string, extra: object = {}) => ({
  zoneId: `Z0${String(i).padStart(5, '0')}ABCDEFGHIJKLMN`,
  zoneName: `customer-facing-service-${i}.eu-west-1.platform.example-enterprise.com`,
  queryLogging: { logGroupName: group },
  ...extra,
});
const fleet = (n: number, group = '/aws/route53/all-zones'): RawConfig => ({
  prefix: 'acme-production',
  hostedZones: Array.from({ length: n }, (_, i) => zone(i, group)),
  alerts: { email: ['oncall@example.com'] },
});

function synthesized(config: RawConfig, assignments?: ReturnType<typeof buildApp>['monitoring']['assignments']) {
  const { app, monitoring } = buildApp(config, { assignments });
  const assembly = app.synth();
  const stacks = assembly.stacks
    .filter((s) => s.stackName.startsWith('acme-production-zones-'))
    .map((s) => ({ name: s.stackName, bytes: fs.statSync(s.templateFullPath).size, resources: s.template.Resources as Record<string, { Type: string; Properties: Record<string, any> }> }));
  return { monitoring, stacks };
}

/** AlarmName -> `<stack>/<logicalId>`. */
function alarmIds(stacks: ReturnType<typeof synthesized>['stacks']): Map<string, string> {
  const out = new Map<string, string>();
  for (const s of stacks) {
    for (const [id, r] of Object.entries(s.resources)) {
      if (r.Type === 'AWS::CloudWatch::Alarm' || r.Type === 'AWS::CloudWatch::CompositeAlarm') out.set(r.Properties.AlarmName, `${s.name}/${id}`);
    }
  }
  return out;
}

describe('a log group shared by more zones than one stack holds', () => {
  const n = 150;
  let result: ReturnType<typeof synthesized>;
  beforeAll(() => {
    const config = fleet(n);
    // Zones spread over the stacks in a maintenance window: each rule must sit beside its alarms.
    config.maintenanceWindows = [{ name: 'patching', schedule: 'cron(0 2 * * SUN)', duration: '2h', zones: config.hostedZones!.filter((_, i) => i % 10 === 0).map((z) => z.zoneName) }];
    result = synthesized(config);
  }, 300_000);

  it('deploys: the zones spread over several stacks, each within the resource and template-size limits', () => {
    expect(result.stacks.length).toBeGreaterThan(1);
    for (const s of result.stacks) {
      expect(Object.keys(s.resources).length).toBeLessThanOrEqual(CLOUDFORMATION.resourcesPerStack);
      expect(s.bytes).toBeLessThanOrEqual(CLOUDFORMATION.maxTemplateBytes);
    }
  });

  it('has the group\'s metric filters once, and every zone\'s alarms exactly once', () => {
    const filters = result.stacks.flatMap((s) => Object.values(s.resources).filter((r) => r.Type === 'AWS::Logs::MetricFilter'));
    expect(new Set(filters.map((f) => f.Properties.MetricTransformations[0].MetricName)).size).toBe(filters.length);
    expect(filters.every((f) => f.Properties.LogGroupName === '/aws/route53/all-zones')).toBe(true);
    const composites = result.stacks.flatMap((s) => Object.values(s.resources).filter((r) => r.Type === 'AWS::CloudWatch::CompositeAlarm'));
    expect(composites).toHaveLength(n);
    const logsStopped = result.stacks.flatMap((s) => Object.values(s.resources).filter((r) => r.Type === 'AWS::CloudWatch::Alarm' && /-query-logs-logs-stopped$/.test(r.Properties.AlarmName)));
    expect(logsStopped).toHaveLength(n);
  });

  it('keeps a zone\'s alarms, composite and maintenance rules in one stack (the composite names its children)', () => {
    for (const s of result.stacks) {
      const names = new Set(Object.values(s.resources).filter((r) => r.Type === 'AWS::CloudWatch::Alarm').map((r) => r.Properties.AlarmName as string));
      for (const c of Object.values(s.resources).filter((r) => r.Type === 'AWS::CloudWatch::CompositeAlarm')) {
        const children = [...String(c.Properties.AlarmRule).matchAll(/ALARM\("([^"]+)"\)/g)].map((m) => m[1]);
        expect(children.length).toBeGreaterThan(0);
        for (const child of children) expect(names.has(child)).toBe(true);
      }
      const rules = Object.values(s.resources).filter((r) => r.Type === 'AWS::CloudWatch::AlarmMuteRule');
      const composites = new Set(Object.values(s.resources).filter((r) => r.Type === 'AWS::CloudWatch::CompositeAlarm').map((r) => r.Properties.AlarmName as string));
      for (const r of rules) for (const name of r.Properties.MuteTargets.AlarmNames as string[]) expect(names.has(name) || composites.has(name)).toBe(true);
    }
    const rules = result.stacks.flatMap((s) => Object.values(s.resources).filter((r) => r.Type === 'AWS::CloudWatch::AlarmMuteRule'));
    expect(rules).toHaveLength(n / 10);
  });

  it('records each zone in the placement file, so a zone never moves when others come or go', () => {
    const units = result.monitoring.assignments.units;
    const zoneKeys = Object.keys(units).filter((k) => k.startsWith('zones|') && k.split('|').length === 3);
    expect(zoneKeys).toHaveLength(n);
    const smaller = fleet(n);
    smaller.hostedZones = smaller.hostedZones!.filter((_, i) => i % 7 !== 3);
    const again = synthesized(smaller, result.monitoring.assignments);
    const before = alarmIds(result.stacks);
    const after = alarmIds(again.stacks);
    for (const [name, where] of after) expect(before.get(name)).toBe(where);
  }, 300_000);
});

describe('a zone moving to another log group (query logging not created by the app)', () => {
  it('keeps every alarm in its stack under its logical id (only the description changes)', () => {
    const config: RawConfig = {
      prefix: 'acme-production',
      hostedZones: [zone(1, '/dns/a'), zone(2, '/dns/a'), zone(3, '/dns/b')],
      alerts: { email: ['oncall@example.com'] },
    };
    const first = synthesized(config);
    const moved: RawConfig = { ...config, hostedZones: [zone(1, '/dns/a'), zone(2, '/dns/b'), zone(3, '/dns/b')] };
    const second = synthesized(moved, first.monitoring.assignments);
    const before = alarmIds(first.stacks);
    const after = alarmIds(second.stacks);
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
    for (const [name, where] of after) expect({ name, where }).toEqual({ name, where: before.get(name) });
    // The moved zone's filters are those of its new group.
    const filters = second.stacks.flatMap((s) => Object.values(s.resources).filter((r) => r.Type === 'AWS::Logs::MetricFilter'));
    expect(new Set(filters.map((f) => f.Properties.LogGroupName))).toEqual(new Set(['/dns/a', '/dns/b']));
    const described = second.stacks.flatMap((s) => Object.values(s.resources)).filter((r) => r.Type === 'AWS::CloudWatch::Alarm' && String(r.Properties.AlarmName).includes('service-2.'));
    expect(described.some((r) => String(r.Properties.AlarmDescription).includes('log group /dns/b'))).toBe(true);
  });
});

describe('template size', () => {
  it('zones with long names sharing a group stay under 1,000,000 bytes per template', () => {
    // 55 zones fit the resource budget of one stack (400); with names of 86 characters their alarms alone passed 1 MB.
    const config = fleet(55);
    config.hostedZones = config.hostedZones!.map((z) => ({ ...z, zoneName: `internal-services.${z.zoneName}` }));
    const { stacks } = synthesized(config);
    for (const s of stacks) expect({ stack: s.name, bytes: s.bytes <= CLOUDFORMATION.maxTemplateBytes }).toEqual({ stack: s.name, bytes: true });
  }, 120_000);
});


describe('the template size placement measures', () => {
  it('is the size of the template file CloudFormation receives, less its skeleton', () => {
    const config = fleet(120);
    config.tags = { team: 'dns-platform', 'cost-center': 'cc-1234' };
    // Path metadata on, as `cdk synth` has it.
    const app = newTestApp();
    app.node.setContext(PATH_METADATA_ENABLE_CONTEXT, true);
    const { monitoring } = buildApp(config, { app });
    const tags = deploymentTags(monitoring.config);
    const measured = new Map(monitoring.shardStacks.map((s) => [s.stackName, templateBytesOf([s], tags)]));
    const assembly = app.synth();
    const checked = assembly.stacks.filter((s) => measured.has(s.stackName));
    expect(checked.length).toBeGreaterThan(1);
    for (const s of checked) {
      const actual = fs.statSync(s.templateFullPath).size;
      const estimate = measured.get(s.stackName)!;
      expect({ stack: s.stackName, under: estimate <= actual, skeletonAtMost: actual - estimate <= TEMPLATE_SKELETON_BYTES }).toEqual({ stack: s.stackName, under: true, skeletonAtMost: true });
    }
  }, 120_000);
});
