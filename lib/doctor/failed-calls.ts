/**
 * Which AWS call of a `doctor` check failed, and where: the doctor's clients are wrapped so that an
 * error thrown by `send` carries the IAM action of the call (`cloudwatch:DescribeAlarms`) and the
 * region it went to. A check that meets an error it does not handle then becomes one finding naming
 * that call, and the other checks still run (lib/doctor/index.ts, runDoctor).
 *
 * What is not a check's own problem fails the whole run, as a CLI error: no credentials to sign
 * with, or credentials AWS does not accept (of the errors common to the API actions of all AWS
 * services: ExpiredTokenException, IncompleteSignature, InvalidClientTokenId,
 * MissingAuthenticationToken, RequestExpired; "Common Errors",
 * https://docs.aws.amazon.com/awsconsolehelpdocs/latest/gsg/common-errors.html and each service's
 * API reference), since every other call would fail the same way.
 */

const FAILED_CALL = Symbol('the doctor call that failed');

export interface FailedCall {
  /** The IAM action of the call, e.g. `cloudwatch:DescribeAlarms`. */
  readonly call: string;
  readonly region: string;
  /** Whether AWS answered (an HTTP status) or the call never got an answer (network, proxy, endpoint). */
  readonly answered: boolean;
}

/** Errors of the credentials, not of one call: the SDK's when it has none, AWS's when it refuses them. */
const CREDENTIALS_ERRORS = new Set([
  'CredentialsProviderError',
  'TokenProviderError',
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'InvalidAccessKeyId',
  'ExpiredToken',
  'ExpiredTokenException',
  'RequestExpired',
  'SignatureDoesNotMatch',
  'InvalidSignatureException',
  'IncompleteSignature',
  'MissingAuthenticationToken',
  'AuthFailure',
]);

export const isCredentialsError = (e: unknown): boolean => CREDENTIALS_ERRORS.has((e as { name?: string } | undefined)?.name ?? '');

/**
 * The failed call `e` is, to report and go on; anything else is thrown on: an error of no named
 * call (not an AWS call of a wrapped client), or credentials missing or refused, which every other
 * call would meet too.
 */
export function failedCallOrThrow(e: unknown): FailedCall {
  const failed = failedCallOf(e);
  if (!failed || isCredentialsError(e)) throw e;
  return failed;
}

/** The failed call an error of a wrapped client carries, if it came from one. */
export function failedCallOf(e: unknown): FailedCall | undefined {
  return e !== null && typeof e === 'object' ? ((e as Record<symbol, FailedCall | undefined>)[FAILED_CALL] ?? undefined) : undefined;
}

interface SdkClient {
  send(command: object, ...rest: unknown[]): Promise<unknown>;
  readonly config?: { readonly region?: unknown };
}

async function regionOf(client: SdkClient): Promise<string> {
  const r = client.config?.region;
  return String(typeof r === 'function' ? await (r as () => Promise<unknown>)() : (r ?? 'unknown region'));
}

/**
 * `clients` (factories by region) whose clients' failed calls are named, with `services[kind]` the
 * IAM service prefix of each kind of client. `answered` counts the calls AWS answered, an error
 * answer (a refusal, say) included: none means AWS was not reached at all.
 */
export function namingFailedCalls<T extends object>(clients: T, services: { readonly [K in keyof T]: string }, answered: { count: number }): T {
  const out: Record<string, unknown> = {};
  for (const [kind, make] of Object.entries(clients) as [keyof T & string, (region?: string) => SdkClient][]) {
    out[kind] = (region?: string) =>
      new Proxy(make(region), {
        get(target, prop, receiver) {
          if (prop !== 'send') return Reflect.get(target, prop, receiver);
          return async (command: object, ...rest: unknown[]) => {
            try {
              const answer = await target.send(command, ...rest);
              answered.count++;
              return answer;
            } catch (e) {
              const status = (e as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode;
              if (typeof status === 'number') answered.count++;
              if (e !== null && typeof e === 'object' && Object.isExtensible(e) && failedCallOf(e) === undefined) {
                const action = command.constructor.name.replace(/Command$/, '');
                const failed: FailedCall = { call: `${services[kind]}:${action}`, region: region ?? (await regionOf(target)), answered: typeof status === 'number' };
                Object.defineProperty(e, FAILED_CALL, { value: failed, enumerable: false });
              }
              throw e;
            }
          };
        },
      });
  }
  return out as T;
}

/** The error's name (the SDK's exception name), or `Error`. */
export const errorName = (e: unknown): string => (e as { name?: string }).name ?? 'Error';

/** The error's name and, when the SDK has it, its HTTP status, e.g. `AccessDenied, HTTP 403`. */
export const errorLabel = (e: unknown): string => {
  const status = (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return status ? `${errorName(e)}, HTTP ${status}` : errorName(e);
};

/** What failed where: `cloudwatch:SetAlarmState in eu-west-1 failed (AccessDenied, HTTP 403)`. */
export const failedCallText = (failed: FailedCall, e: unknown): string => `${failed.call} in ${failed.region} failed (${errorLabel(e)})`;

/**
 * What to do about a failed call of `command` (a CLI command whose calls docs/cli-permissions.md
 * lists): reach the service when AWS never answered, allow the call when AWS refused it, else run
 * again; `rerun` says how (e.g. `run doctor --check zones`).
 */
export function failedCallFix(failed: FailedCall, e: unknown, command: string, rerun: string): string {
  if (!failed.answered) return `check that ${failed.call.split(':')[0]} in ${failed.region} can be reached from here (network, proxy, or a region not enabled for the account), then ${rerun}`;
  if (isDenied(e)) return `allow ${failed.call} (docs/cli-permissions.md lists every call ${command} makes; a policy made from an earlier version may lack it), then ${rerun}`;
  return `${rerun} again (a throttled or failing call usually passes later)`;
}

/** Whether an answer refused the call for want of a permission: AccessDenied(Exception), NotAuthorized (HTTP 400, 401 or 403 by service), or any 403. */
export const isDenied = (e: unknown): boolean => {
  const err = e as { name?: string; $metadata?: { httpStatusCode?: number } };
  return err.$metadata?.httpStatusCode === 403 || /AccessDenied|NotAuthorized|Unauthorized|AuthorizationError|Forbidden/.test(err.name ?? '');
};
