/**
 * The scheduled run (hourly). Checks the license when a check is due, stores the outcome, and
 * publishes the license metrics every run. License problems never throw: they become state and
 * metrics (and so alarms). This function has no permission to touch alarms, rules or dashboards.
 */
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { asCheckError, checkOffline, checkOnline, subjectsFingerprint } from './check';
import { CheckErrorClass } from './errors';
import { evaluateState, LicenseMetricValues } from './evaluate';
import { TransportOptions } from './http-client';
import { ReporterInput } from './input';
import { LicenseKeySet } from './keys';
import { publishLicenseMetrics } from './metrics';
import { readLicenseKey } from './secret';
import { LicenseState, loadState, saveState, stateKey } from './state';
import { VerifiedLicense } from './token';

export interface ReporterDeps {
  readonly ddb: DynamoDBDocumentClient;
  readonly sm: SecretsManagerClient;
  readonly cw: CloudWatchClient;
  readonly accountId: string;
  readonly keySet: LicenseKeySet;
  readonly transport: TransportOptions;
  readonly now: () => Date;
  readonly log?: (level: 'info' | 'warn', message: string, extra?: Record<string, unknown>) => void;
}

export interface ReporterResult {
  /** True when this run performed a check (online call or offline verification). */
  readonly checked: boolean;
  /** Why no check ran, when none did. */
  readonly skipped?: 'not-due' | 'backing-off';
  readonly errorClass?: CheckErrorClass;
  readonly metrics: LicenseMetricValues;
}

/** Slack so a schedule that fires a few minutes early still counts as due. */
const DUE_SLACK_MS = 10 * 60_000;
const MAX_BACKOFF_S = 24 * 3600;

export function isCheckDue(state: LicenseState | undefined, input: ReporterInput, now: Date): ReporterResult['skipped'] | 'due' {
  if (input.offlineToken !== undefined || !state) return 'due';
  if (state.notBefore && Date.parse(state.notBefore) > now.getTime()) return 'backing-off';
  if (!state.lastSuccessAt || state.consecutiveFailures > 0) return 'due';
  if (state.checkedSubjectsHash !== subjectsFingerprint(input.subjects)) return 'due';
  const age = now.getTime() - Date.parse(state.lastSuccessAt);
  return age + DUE_SLACK_MS >= input.scheduleHours * 3_600_000 ? 'due' : 'not-due';
}

export async function runReporter(input: ReporterInput, deps: ReporterDeps): Promise<ReporterResult> {
  const log = deps.log ?? (() => undefined);
  const previous = await loadState(deps.ddb, input.tableName, input.licenseId);
  const due = isCheckDue(previous, input, deps.now());
  let state: LicenseState;
  let errorClass: CheckErrorClass | undefined;
  if (due !== 'due') {
    state = previous!;
    log('info', 'license check not due', { reason: due });
  } else {
    const attemptAt = deps.now();
    const base: LicenseState = previous ?? {
      pk: stateKey(input.licenseId),
      source: input.offlineToken ? 'offline' : 'online',
      firstAttemptAt: attemptAt.toISOString(),
      lastAttemptAt: attemptAt.toISOString(),
      consecutiveFailures: 0,
    };
    try {
      const verified = await check(input, deps);
      state = succeeded(base, verified, input, attemptAt);
      log('info', 'license check verified', { status: verified.status, kid: verified.kid });
    } catch (e) {
      const err = asCheckError(e);
      errorClass = err.errorClass;
      state = failed(base, err.errorClass, err.message, err.retryAfterSeconds, attemptAt);
      log('warn', 'license check failed', { errorClass: err.errorClass, error: err.message });
    }
    await saveState(deps.ddb, input.tableName, state);
  }
  const now = deps.now();
  const metrics = evaluateState(state, input.subjects, input.graceHours, now);
  await publishLicenseMetrics(deps.cw, input.licenseId, metrics, now);
  return { checked: due === 'due', skipped: due === 'due' ? undefined : due, errorClass, metrics };
}

async function check(input: ReporterInput, deps: ReporterDeps): Promise<VerifiedLicense> {
  if (input.offlineToken !== undefined) {
    return checkOffline({ token: input.offlineToken, licenseId: input.licenseId, accountId: deps.accountId, keySet: deps.keySet, now: deps.now });
  }
  const licenseKey = await readLicenseKey(deps.sm, input.secretId!);
  return checkOnline({
    endpoint: input.endpoint!,
    licenseId: input.licenseId,
    licenseKey,
    productVersion: input.productVersion,
    accountId: deps.accountId,
    subjects: input.subjects,
    keySet: deps.keySet,
    transport: deps.transport,
    now: deps.now,
  });
}

function succeeded(base: LicenseState, v: VerifiedLicense, input: ReporterInput, at: Date): LicenseState {
  return {
    pk: base.pk,
    source: input.offlineToken ? 'offline' : 'online',
    firstAttemptAt: base.firstAttemptAt,
    lastAttemptAt: at.toISOString(),
    lastSuccessAt: at.toISOString(),
    consecutiveFailures: 0,
    status: v.status,
    licenseExpiresAt: v.licenseExpiresAt,
    entitledSubjects: [...v.entitledSubjects],
    tokenKid: v.kid,
    checkedSubjectsHash: subjectsFingerprint(input.subjects),
  };
}

function failed(base: LicenseState, errorClass: CheckErrorClass, message: string, retryAfter: number | undefined, at: Date): LicenseState {
  const backoff = retryAfter === undefined ? undefined : Math.min(retryAfter, MAX_BACKOFF_S);
  return {
    ...base,
    lastAttemptAt: at.toISOString(),
    consecutiveFailures: base.consecutiveFailures + 1,
    lastErrorClass: errorClass,
    lastErrorMessage: message.slice(0, 500),
    notBefore: backoff ? new Date(at.getTime() + backoff * 1000).toISOString() : undefined,
  };
}
