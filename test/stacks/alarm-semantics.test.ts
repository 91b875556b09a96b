/**
 * Alarm semantics that a mutation review found unguarded: missing-data handling per alarm kind,
 * and shadow-mode (actionsEnabled: false) critical alarms staying out of the subject's composite.
 */
import type { RawConfig } from '../../lib/config/schema';
import { synthConfig } from '../support/synth';

const ZONE = 'Z0123456789ABCDEFGHIJ';
const base = { prefix: 'acme', hostedZones: [{ zoneId: ZONE, zoneName: 'example.com' }], alerts: { email: ['oncall@example.com'] } };

function alarmsOf(config: RawConfig): Record<string, any> {
  const t = synthConfig(config).templates['acme-zones-1'];
  return Object.fromEntries(
    [...Object.values(t.findResources('AWS::CloudWatch::Alarm')), ...Object.values(t.findResources('AWS::CloudWatch::CompositeAlarm'))].map((a: any) => [
      a.Properties.AlarmName,
      a.Properties,
    ]),
  );
}

describe('missing data', () => {
  const alarms = alarmsOf({ ...base, signals: { total: { threshold: 1 }, servfail: { threshold: 5, anomaly: 'spike' }, nxdomain: { treatMissingData: 'missing' } } });

  it('a low-traffic alarm, when asked for (total.threshold), treats missing data as breaching', () => {
    expect(alarms['acme-example.com-total-low-traffic'].TreatMissingData).toBe('breaching');
  });

  it('by default a hosted zone has no silence alarm: its logs-stopped alarm has no value in minutes without Route 53 traffic', () => {
    const d = alarmsOf(base);
    expect(d['acme-example.com-total-low-traffic']).toBeUndefined();
    expect(d['acme-example.com-query-logs-logs-stopped'].TreatMissingData).toBe('notBreaching');
  });

  it('count, rate and anomaly alarms of error signals treat missing data as not breaching (silence is not an error)', () => {
    for (const name of ['acme-example.com-servfail-count', 'acme-example.com-servfail-rate', 'acme-example.com-servfail-anomaly']) {
      expect({ name, t: alarms[name]?.TreatMissingData }).toEqual({ name, t: 'notBreaching' });
    }
  });

  it('a configured treatMissingData reaches the signal\'s alarms', () => {
    expect(alarms['acme-example.com-nxdomain-rate'].TreatMissingData).toBe('missing');
  });
});

describe('shadow mode and the composite', () => {
  const alarms = alarmsOf({ ...base, signals: { servfail: { severity: 'critical', actionsEnabled: false }, refused: { severity: 'critical' } } });
  const composite = alarms['acme-example.com-unhealthy-composite'];

  it('a shadow-mode critical alarm is not a child of the composite, and notifies nobody', () => {
    expect(composite.AlarmRule).toContain('ALARM("acme-example.com-refused-rate")');
    expect(composite.AlarmRule).not.toContain('servfail');
    expect(alarms['acme-example.com-servfail-rate'].ActionsEnabled).toBe(false);
  });

  it('an enabled critical child notifies through the composite only', () => {
    expect(alarms['acme-example.com-refused-rate'].AlarmActions).toEqual([]);
    expect(composite.AlarmActions.length).toBeGreaterThan(0);
  });
});
