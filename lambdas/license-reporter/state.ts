/** The reporter's state: one item per license in the app's own DynamoDB table. */
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { CheckErrorClass } from './errors';
import { LicenseStatus } from './token';

export interface LicenseState {
  readonly pk: string;
  /** 'online' (checked with the API) or 'offline' (signed token from config). */
  readonly source: 'online' | 'offline';
  /** From the latest verified answer. */
  readonly status?: LicenseStatus;
  readonly licenseExpiresAt?: number;
  readonly entitledSubjects?: string[];
  readonly tokenKid?: string;
  /** Subjects that the latest verified answer was asked about, as a fingerprint. */
  readonly checkedSubjectsHash?: string;
  readonly firstAttemptAt: string;
  readonly lastAttemptAt: string;
  readonly lastSuccessAt?: string;
  readonly consecutiveFailures: number;
  readonly lastErrorClass?: CheckErrorClass;
  readonly lastErrorMessage?: string;
  /** Do not call the API before this time (the server asked us to back off). */
  readonly notBefore?: string;
}

export function stateKey(licenseId: string): string {
  return `license#${licenseId}`;
}

export async function loadState(ddb: DynamoDBDocumentClient, table: string, licenseId: string): Promise<LicenseState | undefined> {
  const out = await ddb.send(new GetCommand({ TableName: table, Key: { pk: stateKey(licenseId) }, ConsistentRead: true }));
  return out.Item as LicenseState | undefined;
}

export async function saveState(ddb: DynamoDBDocumentClient, table: string, state: LicenseState): Promise<void> {
  const item = Object.fromEntries(Object.entries(state).filter(([, v]) => v !== undefined));
  await ddb.send(new PutCommand({ TableName: table, Item: item }));
}
