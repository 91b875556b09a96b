/** Publishes the license metrics with PutMetricData (the only CloudWatch call the reporter makes). */
import { CloudWatchClient, MetricDatum, PutMetricDataCommand, StandardUnit } from '@aws-sdk/client-cloudwatch';
import { LicenseMetricValues } from './evaluate';
import { LICENSE_DIMENSION, LICENSE_METRICS, LICENSE_NAMESPACE } from '../../contracts/license-metrics';

export async function publishLicenseMetrics(
  cw: CloudWatchClient,
  licenseId: string,
  values: LicenseMetricValues,
  now: Date,
): Promise<void> {
  const dims = [{ Name: LICENSE_DIMENSION, Value: licenseId }];
  const datum = (name: string, value: number | undefined, unit: StandardUnit): MetricDatum[] =>
    value === undefined ? [] : [{ MetricName: name, Dimensions: dims, Timestamp: now, Value: value, Unit: unit }];
  await cw.send(
    new PutMetricDataCommand({
      Namespace: LICENSE_NAMESPACE,
      MetricData: [
        ...datum(LICENSE_METRICS.licenseValid, values.licenseValid, 'None'),
        ...datum(LICENSE_METRICS.checkSucceeded, values.checkSucceeded, 'None'),
        ...datum(LICENSE_METRICS.hoursSinceLastSuccess, values.hoursSinceLastSuccess, 'None'),
        ...datum(LICENSE_METRICS.daysToExpiry, values.daysToExpiry, 'None'),
        ...datum(LICENSE_METRICS.subjectsNotCovered, values.subjectsNotCovered, 'Count'),
      ],
    }),
  );
}
