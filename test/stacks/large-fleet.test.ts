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
