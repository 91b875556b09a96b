/**
 * The deploy-time license check. Fails the deployment only on a *verified* answer that says the
 * license is not usable (expired, revoked, ended) or does not cover the configured subjects. When
 * no verified answer can be had (server unreachable, timeouts, HTTP errors, unverifiable answers,
 * key not set yet) it lets the deployment proceed with a warning: a vendor outage must not block
 * a customer's change.
 */
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { createHash } from 'node:crypto';
import { asCheckError, checkOffline, checkOnline, uncoveredSubjects } from '../license-reporter/check';
import { TransportOptions } from '../license-reporter/http-client';
import { LicenseKeySet } from '../license-reporter/keys';
import { readLicenseKey } from '../license-reporter/secret';
import { VerifiedLicense } from '../license-reporter/token';
import { DeployCheckProps } from './properties';

export interface DeployCheckDeps {
  readonly ddb: DynamoDBDocumentClient;
  readonly sm: SecretsManagerClient;
  readonly accountId: string;
  readonly keySet: LicenseKeySet;
  readonly transport: TransportOptions;
  readonly now: () => Date;
}

export interface DeployCheckOutcome {
  readonly outcome: 'ok' | 'warning' | 'fail';
  readonly message: string;
}

/** The deployment-failing error (its message is what CloudFormation shows). */
export class LicenseDeployCheckFailed extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LicenseDeployCheckFailed';
  }
}

const TURN_OFF = 'To deploy anyway, set license.deployCheck: false (monitoring keeps working either way).';

export async function runDeployCheck(props: DeployCheckProps, deps: DeployCheckDeps): Promise<DeployCheckOutcome> {
  let verified: VerifiedLicense;
  try {
    if (props.offlineToken) {
      verified = await checkOffline({ token: props.offlineToken, licenseId: props.licenseId, accountId: deps.accountId, keySet: deps.keySet, now: deps.now });
    } else {
      const licenseKey = await readLicenseKey(deps.sm, props.secretId!);
      verified = await checkOnline({
        endpoint: props.endpoint!,
        licenseId: props.licenseId,
        licenseKey,
        productVersion: props.productVersion,
        accountId: deps.accountId,
        subjects: props.subjects,
        keySet: deps.keySet,
        transport: deps.transport,
        now: deps.now,
      });
    }
  } catch (e) {
    const err = asCheckError(e);
    if (props.offlineToken) {
      return judge(props, deps, `License ${props.licenseId}: the offline token does not verify (${err.errorClass}: ${err.message}). Get a new offline token from Codreum. ${TURN_OFF}`);
    }
    const hint =
      err.errorClass === 'key-not-set'
        ? ` Put your license key into the secret ${props.secretId} (aws secretsmanager put-secret-value).`
        : '';
    return {
      outcome: 'warning',
      message: `License ${props.licenseId} could not be verified now (${err.errorClass}: ${err.message}); deployment continues and the license alarms will report.${hint}`,
    };
  }
  const problem = licenseProblem(props, verified, deps.now());
  if (problem) return judge(props, deps, `${problem} ${TURN_OFF}`);
  await remember(props, deps);
  return {
    outcome: 'ok',
    message: `License ${props.licenseId} is ${verified.status} until ${new Date(verified.licenseExpiresAt * 1000).toISOString()} and covers all ${props.subjects.length} monitored subjects.`,
  };
}

function licenseProblem(props: DeployCheckProps, v: VerifiedLicense, now: Date): string | undefined {
  const until = new Date(v.licenseExpiresAt * 1000).toISOString();
  if (v.status === 'expired' || v.status === 'revoked') return `License ${props.licenseId} is ${v.status} (license end ${until}). Renew it with Codreum.`;
  if (v.licenseExpiresAt * 1000 <= now.getTime()) return `License ${props.licenseId} ended on ${until}. Renew it with Codreum.`;
  const missing = uncoveredSubjects(props.subjects, v.entitledSubjects);
  if (missing.length > 0) {
    const shown = missing.slice(0, 20).join(', ') + (missing.length > 20 ? `, and ${missing.length - 20} more` : '');
    return `License ${props.licenseId} does not cover ${missing.length} monitored subject(s): ${shown}. Add them to your license with Codreum, or remove them from the config.`;
  }
  if (v.status === 'unknown-subject') return `License ${props.licenseId}: the license server reports an unknown subject. Check the monitored zone and VPC ids with Codreum.`;
  return undefined;
}

/**
 * A configuration that passed before is not failed again: CloudFormation re-applies the previous
 * properties when it rolls back a failed update, and failing that would leave the stack in
 * UPDATE_ROLLBACK_FAILED.
 */
async function judge(props: DeployCheckProps, deps: DeployCheckDeps, message: string): Promise<DeployCheckOutcome> {
  const seen = await deps.ddb.send(new GetCommand({ TableName: props.tableName, Key: { pk: memoryKey(props) }, ConsistentRead: true }));
  if (seen.Item) {
    return { outcome: 'warning', message: `${message} (This configuration passed the check before — likely a rollback — so it is not blocked.)` };
  }
  return { outcome: 'fail', message };
}

async function remember(props: DeployCheckProps, deps: DeployCheckDeps): Promise<void> {
  await deps.ddb.send(
    new PutCommand({ TableName: props.tableName, Item: { pk: memoryKey(props), passedAt: deps.now().toISOString() } }),
  );
}

function memoryKey(props: DeployCheckProps): string {
  const basis = JSON.stringify([props.licenseId, props.productVersion, [...props.subjects].sort(), props.offlineToken ?? '']);
  return `deploy-check#${createHash('sha256').update(basis).digest('hex').slice(0, 32)}`;
}
