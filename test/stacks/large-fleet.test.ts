/** Large fleets: every template stays under CloudFormation's limits; the change audit splits by zones. */
import * as fs from 'node:fs';
import { CLOUDFORMATION } from '../../lib/aws-facts';
import { AUDIT_ZONES_PER_STACK } from '../../lib/compose/health';
import { DnsMonitoring } from '../../lib/dns-monitoring';
import { droppedStacks } from '../../lib/stacks/stack-assignments';
import { generatedZones, newTestApp } from '../support/synth';

describe('change audit of a fleet larger than one audit stack', () => {
  const n = AUDIT_ZONES_PER_STACK + 1;
  // Alarms off (one low-traffic signal per zone) keep this fast; the audit does not depend on signals.
  const config = generatedZones(n, { dashboards: { enabled: false }, contributorInsights: { enabled: false }, signals: { noerror: { enabled: false }, nxdomain: { enabled: false }, servfail: { enabled: false }, refused: { enabled: false }, errors: { enabled: false }, 'other-errors': { enabled: false }, tcp: { enabled: false } } });
  let monitoring: DnsMonitoring;
  let stacks: { name: string; bytes: number; template: { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> } }[];
  beforeAll(() => {
    const app = newTestApp();
    monitoring = new DnsMonitoring(app, 'DnsMonitor', { config, account: '111122223333' });
    stacks = app.synth().stacks.map((s) => ({ name: s.stackName, bytes: fs.statSync(s.templateFullPath).size, template: s.template }));
  }, 300_000);

  it('puts the zones into two audit stacks with distinct names; every zone is watched exactly once', () => {
    const audit = stacks.filter((s) => s.name.startsWith('bench-change-audit'));
    expect(audit.map((s) => s.name).sort()).toEqual(['bench-change-audit', 'bench-change-audit-2']);
    const rules = audit.flatMap((s) => Object.values(s.template.Resources).filter((r) => r.Type === 'AWS::Events::Rule'));
    const names = rules.map((r) => r.Properties.Name as string);
    expect(new Set(names).size).toBe(names.length);
    expect(names.some((x) => x.startsWith('bench-dns-audit-p2-records-'))).toBe(true);
    const watched = (eventName: string) =>
      rules
        .map((r) => r.Properties.EventPattern as { detail: { eventName: string[]; requestParameters?: { hostedZoneId?: string[] } } })
        .filter((p) => p.detail.eventName.includes(eventName))
        .flatMap((p) => p.detail.requestParameters?.hostedZoneId ?? []);
    const record = watched('ChangeResourceRecordSets');
    expect(record).toHaveLength(n);
    expect(new Set(record).size).toBe(n);
    // Account-wide monitoring calls (health-check and query-logging deletion) are watched once, in part 1.
    const accountWide = rules.filter((r) => (r.Properties.EventPattern as { detail: { eventName: string[] } }).detail.eventName.includes('DeleteQueryLoggingConfig'));
    expect(accountWide).toHaveLength(1);
    const alarmNames = audit.flatMap((s) => Object.values(s.template.Resources).filter((r) => r.Type === 'AWS::CloudWatch::Alarm').map((r) => r.Properties.AlarmName as string));
    expect(new Set(alarmNames).size).toBe(alarmNames.length);
  });

  it('records the second audit part, so it is announced when a smaller fleet drops it', () => {
    expect(monitoring.assignments.units['change-audit|part-2']).toBe(2);
    const smaller = { ...monitoring.assignments, units: Object.fromEntries(Object.entries(monitoring.assignments.units).filter(([k]) => !k.startsWith('change-audit|'))) };
    expect(droppedStacks('bench', monitoring.assignments, smaller)).toEqual([{ stackName: 'bench-change-audit-2', region: 'us-east-1' }]);
  });

  it('keeps every template under the CloudFormation size and resource limits', () => {
    for (const s of stacks) {
      expect(s.bytes).toBeLessThanOrEqual(CLOUDFORMATION.maxTemplateBytes);
      expect(Object.keys(s.template.Resources).length).toBeLessThanOrEqual(CLOUDFORMATION.resourcesPerStack);
    }
  });
});

describe('change audit of zones with long names (the zone-level rules carry each zone\'s name)', () => {
  const OFF = { enabled: false };
  const quiet = { dashboards: OFF, contributorInsights: OFF, signals: { noerror: OFF, nxdomain: OFF, servfail: OFF, refused: OFF, errors: OFF, 'other-errors': OFF, tcp: OFF } };
  /** The audit stacks of 2,000 zones named `name(i)`, under the longest prefix, 40 of them with a protected record. */
  function auditOf(name: (i: number) => string): { name: string; bytes: number; zones: string[] }[] {
    const config = generatedZones(AUDIT_ZONES_PER_STACK, quiet as never) as unknown as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    config.prefix = 'acme-production-dns-mon1';
    config.hostedZones = config.hostedZones.map((z: { zoneId: string }, i: number) => ({ ...z, zoneName: name(i) }));
    config.changeAudit = { protectedRecords: Array.from({ length: 40 }, (_, i) => ({ zoneName: name(i), name: 'www' })) };
    const app = newTestApp();
    new DnsMonitoring(app, 'DnsMonitor', { config: config as never, account: '111122223333' });
    return app
      .synth()
      .stacks.filter((s) => s.stackName.includes('-change-audit'))
      .map((s) => ({
        name: s.stackName,
        bytes: fs.statSync(s.templateFullPath).size,
        zones: Object.values(s.template.Resources as Record<string, { Type: string; Properties: { EventPattern: { detail: { eventName: string[]; requestParameters?: { hostedZoneId?: string[] } } } } }>)
          .filter((r) => r.Type === 'AWS::Events::Rule' && r.Properties.EventPattern.detail.eventName.includes('ChangeResourceRecordSets') && !('$or' in r.Properties.EventPattern.detail))
          .flatMap((r) => r.Properties.EventPattern.detail.requestParameters?.hostedZoneId ?? []),
      }));
  }

  it('keeps 2,000 zones of names that fill the budget in one part, under 900,000 bytes', () => {
    // (21 + 31 + 10) characters twice per zone: 248,000 of AUDIT_ZONE_NAME_CHARS_PER_STACK's 250,000.
    const name = (i: number) => `zone${String(i).padStart(5, '0')}.${'x'.repeat(9)}.example.com`;
    expect(name(0)).toHaveLength(31);
    const audit = auditOf(name);
    expect(audit.map((s) => s.name)).toEqual(['acme-production-dns-mon1-change-audit']);
    expect(audit[0].zones).toHaveLength(AUDIT_ZONES_PER_STACK);
    expect(audit[0].bytes).toBeLessThanOrEqual(900_000);
  }, 300_000);

  it('splits 2,000 zones of 253-character names over more parts, each under 900,000 bytes, every zone watched once', () => {
    const name = (i: number) => `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.z${String(i).padStart(5, '0')}${'d'.repeat(51)}.com`;
    const audit = auditOf(name);
    expect(audit.length).toBeGreaterThan(2);
    for (const s of audit) expect(s.bytes).toBeLessThanOrEqual(900_000);
    const zones = audit.flatMap((s) => s.zones);
    expect(zones).toHaveLength(AUDIT_ZONES_PER_STACK);
    expect(new Set(zones).size).toBe(AUDIT_ZONES_PER_STACK);
  }, 300_000);
});
