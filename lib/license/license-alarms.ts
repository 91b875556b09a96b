/**
 * The four license alarms, defined once: metric, statistic, threshold and meaning. They watch
 * metrics the reporter publishes every hour in `Codreum/License`.
 */
import { Duration } from 'aws-cdk-lib';
import { LICENSE_DIMENSION, LICENSE_METRICS, LICENSE_NAMESPACE } from '../../contracts/license-metrics';
import type { Severity } from '../../contracts/alarm-context';
import type { AlarmSpec, Comparison } from '../alarms/alarm-spec';

export type LicenseSignal = 'invalid' | 'expiring' | 'checks-failing' | 'subjects-not-covered';

export interface LicenseAlarmSpec {
  readonly signal: LicenseSignal;
  readonly severity: Severity;
  readonly metricName: string;
  readonly statistic: 'Minimum' | 'Maximum';
  readonly comparison: Comparison;
  readonly threshold: number;
  readonly evaluationPeriods: number;
  readonly treatMissingData: AlarmSpec['treatMissingData'];
  /** First line(s) of the alarm description: what it means and what to do. */
  readonly description: string;
}

export interface LicenseAlarmSettings {
  readonly graceHours: number;
  readonly expiryWarningDays: number;
}

/** Every license metric is published hourly, so alarms evaluate 1-hour periods. */
export const LICENSE_ALARM_PERIOD = Duration.hours(1);

export function licenseAlarmSpecs(s: LicenseAlarmSettings): LicenseAlarmSpec[] {
  return [
    {
      signal: 'invalid',
      severity: 'critical',
      metricName: LICENSE_METRICS.licenseValid,
      statistic: 'Minimum',
      comparison: 'LessThanThreshold',
      threshold: 1,
      evaluationPeriods: 1,
      treatMissingData: 'notBreaching',
      description:
        'The DNS Monitor license is not valid (expired, revoked, ended, key not set, or not verified within the grace period). Monitoring keeps running. See the reporter state table and logs for the reason; renew or fix the license key.',
    },
    {
      signal: 'expiring',
      severity: 'warning',
      metricName: LICENSE_METRICS.daysToExpiry,
      statistic: 'Minimum',
      comparison: 'LessThanThreshold',
      threshold: s.expiryWarningDays,
      evaluationPeriods: 1,
      treatMissingData: 'notBreaching',
      description: `The DNS Monitor license ends within ${s.expiryWarningDays} day${s.expiryWarningDays === 1 ? '' : 's'}. Renew it with Codreum; monitoring keeps running either way.`,
    },
    {
      signal: 'checks-failing',
      severity: 'warning',
      metricName: LICENSE_METRICS.hoursSinceLastSuccess,
      statistic: 'Maximum',
      comparison: 'GreaterThanThreshold',
      threshold: s.graceHours,
      // Three hours of breaching or missing data: a reporter that stopped running alarms too.
      evaluationPeriods: 3,
      treatMissingData: 'breaching',
      description: `No license check has succeeded for more than ${s.graceHours} hours (or the reporter stopped publishing). Check outbound HTTPS from the reporter Lambda and its logs; monitoring keeps running.`,
    },
    {
      signal: 'subjects-not-covered',
      severity: 'warning',
      metricName: LICENSE_METRICS.subjectsNotCovered,
      statistic: 'Maximum',
      comparison: 'GreaterThanThreshold',
      threshold: 0,
      evaluationPeriods: 1,
      treatMissingData: 'notBreaching',
      description:
        'Some monitored hosted zones or VPCs are not covered by the DNS Monitor license (their ids are in the reporter state item, entitledSubjects vs. config). Extend the license; they stay monitored meanwhile.',
    },
  ];
}

/** The metric of a license alarm (the reporter publishes it with the license id as dimension). */
export function licenseMetric(licenseId: string, metricName: string): NonNullable<AlarmSpec['metric']> {
  return { namespace: LICENSE_NAMESPACE, metricName, dimensions: { [LICENSE_DIMENSION]: licenseId } };
}
