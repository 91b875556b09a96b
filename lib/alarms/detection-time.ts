/**
 * Worst-case time from the start of a problem to the alarm changing state, in seconds:
 *   - the problem can start just after a period began, so that first period may not breach: +1 period
 *   - M (datapointsToAlarm) breaching periods are needed: M x period
 *   - the source delay: query logs reach CloudWatch Logs and metric filters within about a minute
 *     (SOURCE_DELAY_SECONDS), and alarms are evaluated once a minute (EVALUATION_DELAY_SECONDS).
 */
export const SOURCE_DELAY_SECONDS = 60;
export const EVALUATION_DELAY_SECONDS = 60;

export function worstCaseDetectionSeconds(s: { period: number; datapointsToAlarm: number }, sourceDelaySeconds = SOURCE_DELAY_SECONDS): number {
  return (s.datapointsToAlarm + 1) * s.period + sourceDelaySeconds + EVALUATION_DELAY_SECONDS;
}

/** `3.5 min`, `22 min`, `1 h 5 min`: to the half minute below an hour (health checks take 210 s, 390 s). */
export function formatDuration(seconds: number): string {
  if (seconds < 3600) return `${Math.round(seconds / 30) / 2} min`;
  const h = Math.floor(seconds / 3600);
  const m = Math.round((seconds % 3600) / 60);
  return m ? `${h} h ${m} min` : `${h} h`;
}
