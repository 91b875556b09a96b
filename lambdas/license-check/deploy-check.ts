/**
 * The deploy-time license check. Licensing never blocks monitoring that is already deployed:
 *  - it fails a deployment only to refuse *adding* subjects (zones, VPCs) that a *verified* answer
 *    says the license does not cover (expired, revoked, ended, or the subject is not in it);
 *  - an update of subjects already deployed, a rollback (CloudFormation re-applies properties that
 *    were deployed) and a delete never fail: a problem is a loud warning and the license alarms;
 *  - when no verified answer can be had (server unreachable, timeouts, HTTP errors, unverifiable
 *    answers, key not set yet) or anything unexpected happens, the deployment proceeds with a
 *    warning: a vendor outage must not block a customer's change.
 * Every configuration that was allowed to deploy (outcome ok or warning) is remembered, with its
 * subjects, in the license state table.
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
  let result: DeployCheckOutcome;
  try {
    result = await evaluate(props, deps);
    if (result.outcome !== 'fail') await remember(props, deps);
  } catch (e) {
    // Never let an internal error fail an update or, worse, its rollback.
    return {
      outcome: 'warning',
      message: `License ${props.licenseId}: the deploy-time check could not run (${(e as Error)?.message ?? String(e)}); deployment continues and the license alarms will report.`,
    };
  }
  return result;
}

async function evaluate(props: DeployCheckProps, deps: DeployCheckDeps): Promise<DeployCheckOutcome> {
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
      return judge(props, deps, `License ${props.licenseId}: the offline token does not verify (${err.errorClass}: ${err.message}). Get a new offline token from Codreum.`, props.subjects);
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
  if (problem) return judge(props, deps, problem.message, problem.uncovered);
  return {
    outcome: 'ok',
    message: `License ${props.licenseId} is ${verified.status} until ${new Date(verified.licenseExpiresAt * 1000).toISOString()} and covers all ${props.subjects.length} monitored subjects.`,
  };
}

/** What is wrong with a verified license, and which subjects it leaves uncovered. */
function licenseProblem(props: DeployCheckProps, v: VerifiedLicense, now: Date): { message: string; uncovered: readonly string[] } | undefined {
  const until = new Date(v.licenseExpiresAt * 1000).toISOString();
  if (v.status === 'expired' || v.status === 'revoked') return { message: `License ${props.licenseId} is ${v.status} (license end ${until}). Renew it with Codreum.`, uncovered: props.subjects };
  if (v.licenseExpiresAt * 1000 <= now.getTime()) return { message: `License ${props.licenseId} ended on ${until}. Renew it with Codreum.`, uncovered: props.subjects };
  const missing = uncoveredSubjects(props.subjects, v.entitledSubjects);
  if (missing.length > 0) {
    return { message: `License ${props.licenseId} does not cover ${missing.length} monitored subject(s): ${listed(missing)}. Add them to your license with Codreum, or remove them from the config.`, uncovered: missing };
  }
  if (v.status === 'unknown-subject') {
    return { message: `License ${props.licenseId}: the license server reports an unknown subject. Check the monitored zone and VPC ids with Codreum.`, uncovered: props.subjects };
  }
  return undefined;
}

function listed(ids: readonly string[]): string {
  return ids.slice(0, 20).join(', ') + (ids.length > 20 ? `, and ${ids.length - 20} more` : '');
}

/**
 * Fails only to refuse adding uncovered subjects. A configuration that was deployed before is a
 * rollback (CloudFormation re-applies the previous properties; failing it would leave the stack in
 * UPDATE_ROLLBACK_FAILED); subjects deployed before keep being updated.
 */
async function judge(props: DeployCheckProps, deps: DeployCheckDeps, message: string, uncovered: readonly string[]): Promise<DeployCheckOutcome> {
  const seen = await deps.ddb.send(new GetCommand({ TableName: props.tableName, Key: { pk: memoryKey(props) }, ConsistentRead: true }));
  if (seen.Item) {
    return { outcome: 'warning', message: `${message} (This configuration was deployed before — likely a rollback — so it is not blocked.)` };
  }
  const deployed = await deployedSubjects(props, deps);
  const added = uncovered.filter((s) => !deployed.has(s));
  if (added.length === 0) {
    return {
      outcome: 'warning',
      message: `${message} Monitoring of the ${props.subjects.length} subject(s) already monitored keeps deploying; the license alarms report until this is fixed.`,
    };
  }
  return {
    outcome: 'fail',
    message: `${message} The deployment adds ${added.length} subject(s) the license does not cover: ${listed(added)}. Deploy without them (subjects already monitored are never blocked). ${TURN_OFF}`,
  };
}

/** The subjects deployed under a license (the union over every configuration allowed to deploy). */
const deployedKey = (licenseId: string) => `deploy-check#deployed#${licenseId}`;

async function deployedSubjects(props: DeployCheckProps, deps: DeployCheckDeps): Promise<Set<string>> {
  const out = await deps.ddb.send(new GetCommand({ TableName: props.tableName, Key: { pk: deployedKey(props.licenseId) }, ConsistentRead: true }));
  return new Set<string>((out.Item?.subjects as string[] | undefined) ?? []);
}

async function remember(props: DeployCheckProps, deps: DeployCheckDeps): Promise<void> {
  const at = deps.now().toISOString();
  await deps.ddb.send(new PutCommand({ TableName: props.tableName, Item: { pk: memoryKey(props), passedAt: at } }));
  const subjects = await deployedSubjects(props, deps);
  for (const s of props.subjects) subjects.add(s);
  await deps.ddb.send(new PutCommand({ TableName: props.tableName, Item: { pk: deployedKey(props.licenseId), subjects: [...subjects].sort(), updatedAt: at } }));
}

function memoryKey(props: DeployCheckProps): string {
  const basis = JSON.stringify([props.licenseId, props.productVersion, [...props.subjects].sort(), props.offlineToken ?? '']);
  return `deploy-check#${createHash('sha256').update(basis).digest('hex').slice(0, 32)}`;
}
