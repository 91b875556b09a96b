/** Turns the stored state into the metric values published on every run. Pure. */
import { uncoveredSubjects } from './check';
import { LicenseState } from './state';

export interface LicenseMetricValues {
  readonly licenseValid: 0 | 1;
  readonly checkSucceeded: 0 | 1;
  readonly hoursSinceLastSuccess: number;
  /** Only when a verified answer is on record. */
  readonly daysToExpiry?: number;
  /** Only when a verified answer is on record. */
  readonly subjectsNotCovered?: number;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

export function evaluateState(
  state: LicenseState,
  subjects: readonly string[],
  graceHours: number,
  now: Date,
): LicenseMetricValues {
  const nowMs = now.getTime();
  const since = Date.parse(state.lastSuccessAt ?? state.firstAttemptAt);
  const hoursSinceLastSuccess = round2(Math.max(0, (nowMs - since) / 3_600_000));
  const verified = state.status !== undefined && state.licenseExpiresAt !== undefined && state.lastSuccessAt !== undefined;
  const checkSucceeded = state.lastSuccessAt !== undefined && state.consecutiveFailures === 0 ? 1 : 0;
  if (!verified) return { licenseValid: 0, checkSucceeded, hoursSinceLastSuccess };
  const expiresMs = state.licenseExpiresAt! * 1000;
  const usable = state.status === 'active' || state.status === 'unknown-subject';
  const licenseValid = usable && expiresMs > nowMs && hoursSinceLastSuccess <= graceHours ? 1 : 0;
  return {
    licenseValid,
    checkSucceeded,
    hoursSinceLastSuccess,
    daysToExpiry: round2((expiresMs - nowMs) / 86_400_000),
    subjectsNotCovered: uncoveredSubjects(subjects, state.entitledSubjects ?? []).length,
  };
}
