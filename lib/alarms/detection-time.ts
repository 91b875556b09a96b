/**
 * Worst-case time from the start of a problem to the alarm changing state, in seconds:
 *   - M (datapointsToAlarm) breaching periods are needed: M x period;
 *   - the problem can start just after a datapoint's interval began, so that first datapoint may
 *     not breach: + the data's interval. CloudWatch evaluates an alarm every minute on a sliding
 *     window by default ("Alarm evaluation window", CloudWatch User Guide), so for one-minute data
 *     (`ONE_MINUTE_DATA`) that is one minute even when the period is longer; for data that arrives
 *     once per period (DNS checks, and by default any metric whose resolution we do not know) it
 *     is one period, as before: (M + 1) x period;
 *   - the source delay: query logs reach CloudWatch Logs and metric filters within about a minute
 *     (SOURCE_DELAY_SECONDS), and alarms are evaluated once a minute (EVALUATION_DELAY_SECONDS).
 */
export const SOURCE_DELAY_SECONDS = 60;
export const EVALUATION_DELAY_SECONDS = 60;
/** The resolution of the product's query-log metrics, Contributor Insights rule metrics and DNSQueries. */
export const ONE_MINUTE_DATA = 60;

export function worstCaseDetectionSeconds(
  s: { period: number; datapointsToAlarm: number },
  sourceDelaySeconds = SOURCE_DELAY_SECONDS,
  dataIntervalSeconds = s.period,
): number {
  return s.datapointsToAlarm * s.period + Math.min(s.period, dataIntervalSeconds) + sourceDelaySeconds + EVALUATION_DELAY_SECONDS;
}

/** The worst case of an alarm on the product's one-minute data (query-log metrics, DNSQueries). */
export function oneMinuteDataDetectionSeconds(s: { period: number; datapointsToAlarm: number }): number {
  return worstCaseDetectionSeconds(s, SOURCE_DELAY_SECONDS, ONE_MINUTE_DATA);
}

/** `3.5 min`, `22 min`, `1 h 5 min`: to the half minute below an hour (health checks take 210 s, 390 s). */
export function formatDuration(seconds: number): string {
  if (seconds < 3600) return `${Math.round(seconds / 30) / 2} min`;
  const h = Math.floor(seconds / 3600);
  const m = Math.round((seconds % 3600) / 60);
  return m ? `${h} h ${m} min` : `${h} h`;
}
