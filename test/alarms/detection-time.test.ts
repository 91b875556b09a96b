/**
 * Worst-case detection of alarms whose period is longer than their data's one-minute resolution.
 * CloudWatch evaluates them every minute on a sliding window (the default EvaluationWindow), so a
 * problem that starts mid-period is fully inside the window P seconds (plus the minute it started
 * in) later; it does not wait for a clock-aligned period to end. Alarms on coarser data (DNS
 * checks every N minutes, Resolver endpoint metrics every 5) still wait for their next datapoint.
 */
import { parseConfig } from '../../lib/config/load';
import { synthesizeForPlan } from '../../lib/plan/synthesize';
import { dnsCheckDetectionSeconds } from '../../lib/alarms/dns-check-alarm';

const ZONE = 'Z0EEEEEEEEEEEEEEEEEE1';

function alarmDescriptions(): Map<string, string> {
  const config = parseConfig({ prefix: 'acme', hostedZones: [{ zoneId: ZONE, zoneName: 'detect.example' }], alerts: { email: ['oncall@example.com'] } });
  const out = new Map<string, string>();
  for (const r of synthesizeForPlan(config).stacks.flatMap((s) => s.resources)) {
    if (r.type === 'AWS::CloudWatch::Alarm') out.set(String(r.props.AlarmName), String(r.props.AlarmDescription));
  }
  return out;
}

describe('worst-case detection on a sliding window', () => {
  let descriptions: Map<string, string>;
  beforeAll(() => {
    descriptions = alarmDescriptions();
  });

  it("the hosted zone's 15-minute errors alarm: 900 s of errors + the minute they started in + 60 s delay + 60 s evaluation = 18 min", () => {
    const d = [...descriptions].find(([name]) => /-errors-/.test(name));
    expect(d).toBeDefined();
    expect(d![1]).toMatch(/Worst-case detection 18 min\b/);
  });

  it('one-minute alarms are unchanged: 2 of 3 minutes = (2 + 1) x 60 + 120 = 5 min', () => {
    const d = [...descriptions].find(([name]) => /-servfail-rate$/.test(name));
    expect(d).toBeDefined();
    expect(d![1]).toMatch(/Worst-case detection 5 min\b/);
  });

  // Every alarm email quotes this text: "at least 1 queries match" read as a slip.
  it("the rate alarms' conditions read as English for a count of one", () => {
    for (const [name, d] of descriptions) expect([name, d]).not.toEqual([name, expect.stringMatching(/\b1 queries\b/)]);
    expect(descriptions.get('acme-detect.example-servfail-rate')).toContain(
      '(when a period has at least 20 queries and at least 3 of them match; with fewer queries, a period counts when 1 or more of its queries match and make up at least 10 % of them)',
    );
    expect(descriptions.get('acme-detect.example-nxdomain-rate')).toContain('a period counts when 2 or more of its queries match and make up at least 75 % of them');
  });

  it('an evaluation of one period reads "in 1 period of 60 s" (health checks, a signal set to 1 of 1)', () => {
    const config = parseConfig({
      prefix: 'acme',
      hostedZones: [{ zoneId: ZONE, zoneName: 'detect.example', signals: { servfail: { evaluationPeriods: 1, datapointsToAlarm: 1 } } }],
      healthChecks: [{ name: 'api', url: 'https://api.example.org/health' }],
      alerts: { email: ['oncall@example.com'] },
    } as never);
    const all = synthesizeForPlan(config).stacks.flatMap((s) => s.resources).filter((r) => r.type === 'AWS::CloudWatch::Alarm');
    const text = (suffix: RegExp) => String(all.find((r) => suffix.test(String(r.props.AlarmName)))?.props.AlarmDescription);
    for (const r of all) expect(String(r.props.AlarmDescription)).not.toMatch(/\b1 periods\b/);
    expect(text(/-servfail-rate$/)).toContain('in 1 period of 60 s (when a period has');
    expect(text(/-api-status-health-check$/)).toMatch(/HealthCheckStatus minimum below 1 in 1 period of 60 s\./);
  });

  it('a DNS check every 5 minutes still waits for its next run: (2 + 1) x 300 + 30 + 60', () => {
    expect(dnsCheckDetectionSeconds({ intervalMinutes: 5 })).toBe(3 * 300 + 30 + 60);
  });
});
