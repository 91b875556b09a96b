/**
 * `dashboards.enabled: false` builds no dashboard at all, so no alarm may send anyone to one: its
 * description names none and its context line (read by the Slack notifier for the dashboard
 * button) carries none. Zones, VPCs, composites, zone alarms and DNS checks alike.
 */
import { parseAlarmContext } from '../../contracts/alarm-context';
import { deploymentOf } from '../support/iam/app';

const d = deploymentOf({
  prefix: 'acme',
  hostedZones: [{ zoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com' }],
  resolverVpcs: [{ vpcId: 'vpc-0123456789abcdef0', region: 'eu-west-1' }],
  alerts: { email: ['oncall@example.com'] },
  dashboards: { enabled: false },
  dnsChecks: [{ name: 'www', query: 'www.example.com', type: 'A', servers: ['192.0.2.53'], expect: {} }],
} as never);

describe('with dashboards disabled', () => {
  const alarms = [...d.resources('AWS::CloudWatch::Alarm'), ...d.resources('AWS::CloudWatch::CompositeAlarm')].map((a) => d.props(a));

  it('no dashboard is built', () => {
    expect(d.resources('AWS::CloudWatch::Dashboard')).toEqual([]);
    expect(alarms.length).toBeGreaterThan(10);
  });

  it('no alarm description names a dashboard, nor does its context line', () => {
    const naming = alarms.filter((p) => /[Dd]ashboard:? acme-/.test(String(p.AlarmDescription)) || parseAlarmContext(String(p.AlarmDescription))?.dashboard !== undefined).map((p) => p.AlarmName);
    expect(naming).toEqual([]);
  });
});
