/**
 * A quiet period (fewer queries than the rate's minimum volume) must never breach a rate alarm:
 * the guard gives 0 for rates alarmed when high and 100 for rates alarmed when low (NOERROR).
 */
import { Match } from 'aws-cdk-lib/assertions';
import { synthConfig } from '../support/synth';

describe('rate guards in quiet periods', () => {
  const { templates } = synthConfig({
    prefix: 'acme',
    hostedZones: [{ zoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com' }],
    signals: { noerror: { rateThreshold: 95, minVolume: 30 } },
    alerts: { email: ['oncall@example.com'] },
  });
  const zones = templates['acme-zones-1'];

  it('the NOERROR (success) rate alarm fires below 95 % and reads 100 % when quiet, so quiet never breaches', () => {
    zones.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'acme-example.com-noerror-rate',
      ComparisonOperator: 'LessThanThreshold',
      Threshold: 95,
      Metrics: Match.arrayWith([Match.objectLike({ Id: 'r_noerror', Expression: 'IF(m_total >= 30, 100 * FILL(m_noerror, 0) / m_total, 100)' })]),
    });
  });

  it('error rates with a low-volume tier breach when quiet only if the minute is mostly that error', () => {
    zones.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'acme-example.com-servfail-rate',
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      Threshold: 1,
      Metrics: Match.arrayWith([
        Match.objectLike({
          Id: 'r_servfail',
          Expression:
            'IF(m_total >= 20, 100 * FILL(m_servfail, 0) / m_total, IF(FILL(m_servfail, 0) >= 1, IF(100 * FILL(m_servfail, 0) / m_total >= 10, 100 * FILL(m_servfail, 0) / m_total, 0), 0))',
        }),
      ]),
    });
  });

  it('error rates without a low-volume tier read 0 % when quiet', () => {
    const quiet = synthConfig({
      prefix: 'acme',
      hostedZones: [{ zoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com' }],
      signals: { servfail: { lowVolumeRateThreshold: null } },
      alerts: { email: ['oncall@example.com'] },
    }).templates['acme-zones-1'];
    quiet.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'acme-example.com-servfail-rate',
      Metrics: Match.arrayWith([Match.objectLike({ Id: 'r_servfail', Expression: 'IF(m_total >= 20, 100 * FILL(m_servfail, 0) / m_total, 0)' })]),
    });
  });
});
