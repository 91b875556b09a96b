/**
 * The four license alarms, defined once: metric, statistic, threshold and meaning. They watch
 * metrics the reporter publishes every hour in `Codreum/License`.
 */
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { LICENSE_DIMENSION, LICENSE_METRICS, LICENSE_NAMESPACE } from '../../contracts/license-metrics';
import type { Severity } from '../../contracts/alarm-context';

export type LicenseSignal = 'invalid' | 'expiring' | 'checks-failing' | 'subjects-not-covered';

export interface LicenseAlarmSpec {
  readonly signal: LicenseSignal;
  readonly severity: Severity;
  readonly metricName: string;
  readonly statistic: 'Minimum' | 'Maximum';
  readonly comparison: cloudwatch.ComparisonOperator;
  readonly threshold: number;
  readonly evaluationPeriods: number;
  readonly treatMissingData: cloudwatch.TreatMissingData;
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
      comparison: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      threshold: 1,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      description:
        'The DNS Monitor license is not valid (expired, revoked, ended, key not set, or not verified within the grace period). Monitoring keeps running. See the reporter state table and logs for the reason; renew or fix the license key.',
    },
    {
      signal: 'expiring',
      severity: 'warning',
      metricName: LICENSE_METRICS.daysToExpiry,
      statistic: 'Minimum',
      comparison: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      threshold: s.expiryWarningDays,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      description: `The DNS Monitor license ends within ${s.expiryWarningDays} days. Renew it with Codreum; monitoring keeps running either way.`,
    },
    {
      signal: 'checks-failing',
      severity: 'warning',
      metricName: LICENSE_METRICS.hoursSinceLastSuccess,
      statistic: 'Maximum',
      comparison: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      threshold: s.graceHours,
      // Three hours of breaching or missing data: a reporter that stopped running alarms too.
      evaluationPeriods: 3,
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
      description: `No license check has succeeded for more than ${s.graceHours} hours (or the reporter stopped publishing). Check outbound HTTPS from the reporter Lambda and its logs; monitoring keeps running.`,
    },
    {
      signal: 'subjects-not-covered',
      severity: 'warning',
      metricName: LICENSE_METRICS.subjectsNotCovered,
      statistic: 'Maximum',
      comparison: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      threshold: 0,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      description:
        'Some monitored hosted zones or VPCs are not covered by the DNS Monitor license (their ids are in the reporter state item, entitledSubjects vs. config). Extend the license; they stay monitored meanwhile.',
    },
  ];
}

export function licenseMetric(licenseId: string, metricName: string, statistic: string): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: LICENSE_NAMESPACE,
    metricName,
    dimensionsMap: { [LICENSE_DIMENSION]: licenseId },
    statistic,
    period: LICENSE_ALARM_PERIOD,
  });
}
