/** The composition root: stackProps reach every stack; the model is computed once and read by all. */
import { Template } from 'aws-cdk-lib/assertions';
import { parseAlarmContext } from '../../contracts/alarm-context';
import { ALARMS } from '../../lib/aws-facts';
import { DnsMonitoring } from '../../lib/dns-monitoring';
import { FLEET } from '../support/fleets';
import { newTestApp, templatesOf } from '../support/synth';

describe('DnsMonitoring composition', () => {
  it('passes stackProps to every stack it creates, keeping its own names and regions', () => {
    const app = newTestApp();
    const m = new DnsMonitoring(app, 'DnsMonitor', { config: FLEET, account: '111122223333', stackProps: { terminationProtection: true, stackName: 'ignored' } });
    const stacks = [...Object.values(m.coreStacks), ...m.shardStacks];
    expect(stacks.length).toBeGreaterThan(8);
    for (const s of stacks) {
      expect(s.terminationProtection).toBe(true);
      expect(s.stackName.startsWith('acme-')).toBe(true);
    }
  });

  it('builds every subject alarm from the model: names and descriptions in the templates are the model\'s', () => {
    const app = newTestApp();
    const m = new DnsMonitoring(app, 'DnsMonitor', { config: FLEET, account: '111122223333' });
    const deployed = new Map<string, string>();
    for (const t of Object.values(templatesOf(m))) {
      for (const r of Object.values(t.findResources('AWS::CloudWatch::Alarm'))) deployed.set(r.Properties.AlarmName, r.Properties.AlarmDescription);
    }
    const subjects = [...m.model.hostedZones, ...m.model.resolverVpcs];
    expect(subjects).toHaveLength(FLEET.hostedZones!.length + FLEET.resolverVpcs!.length);
    for (const s of subjects) {
      expect(s.alarms.length).toBeGreaterThan(0);
      for (const a of s.alarms) {
        expect(deployed.get(a.name)).toBe(a.description);
        expect(parseAlarmContext(a.description)?.dashboard).toBe(s.dashboard);
      }
    }
  });

  it('cuts an over-long composite description at its end, keeping what fired and the context line', () => {
    const longZone = `${'a'.repeat(60)}.${'b'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(60)}.com`;
    const app = newTestApp();
    const m = new DnsMonitoring(app, 'DnsMonitor', {
      account: '111122223333',
      config: {
        prefix: 'acme',
        hostedZones: [{ zoneId: 'Z0123456789ABCDEFGHIJ', zoneName: longZone }],
        alerts: { email: ['oncall@example.com'], runbookUrl: `https://wiki.example.com/${'r'.repeat(480)}` },
      },
    });
    const composite = m.model.hostedZones[0].composite!;
    expect(composite.description.length).toBeLessThanOrEqual(ALARMS.maxDescriptionLength);
    expect(composite.description.startsWith(`Hosted zone ${longZone} (Z0123456789ABCDEFGHIJ) is unhealthy`)).toBe(true);
    expect(parseAlarmContext(composite.description)).toMatchObject({ signal: 'unhealthy', kind: 'composite', subjectId: 'Z0123456789ABCDEFGHIJ' });
    const zones = Object.entries(templatesOf(m)).find(([n]) => n === 'acme-zones-1')![1] as Template;
    zones.hasResourceProperties('AWS::CloudWatch::CompositeAlarm', { AlarmDescription: composite.description });
  });
});
