/**
 * The notifier's idempotency store: Powertools' DynamoDB persistence on the notifier's table
 * (`NOTIFIER_TABLE`), failing open. When the table cannot be written (deleted outside
 * CloudFormation, throttled, its KMS key disabled), Powertools would refuse to run the handler, so
 * every alert would wait out its receives in the intake queue (16 minutes each) and reach Slack
 * never: here the alert is posted without its record instead, and the failure is logged. The cost
 * is a second post if the same SNS message is delivered again while the table is unavailable.
 * A record that exists (`IdempotencyItemAlreadyExistsError`: a duplicate, the table working) is
 * still reported to Powertools, which then does not post twice.
 */
import { IdempotencyItemAlreadyExistsError } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { IdempotencyRecord } from '@aws-lambda-powertools/idempotency/persistence';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { NOTIFIER_TABLE } from '../../contracts/slack-notifier';

/** What the store says when it could not keep a record (the notifier's logger). */
export type StoreErrorLog = (message: string, details: { operation: 'save' | 'complete' | 'release'; idempotencyKey: string; error: string }) => void;

export const STORE_UNAVAILABLE_MESSAGE =
  'the idempotency record could not be kept (the notifier table is unavailable): posted without it, so a redelivery of this alert would be posted again';

class FailOpenDynamoDBPersistenceLayer extends DynamoDBPersistenceLayer {
  readonly #log: StoreErrorLog;

  constructor(tableName: string, client: DynamoDBClient, log: StoreErrorLog) {
    super({ tableName, keyAttr: NOTIFIER_TABLE.attributes.key, expiryAttr: NOTIFIER_TABLE.attributes.expiresAt, awsSdkV3Client: client });
    this.#log = log;
  }

  #failed(operation: 'save' | 'complete' | 'release', record: IdempotencyRecord, e: unknown): void {
    this.#log(STORE_UNAVAILABLE_MESSAGE, { operation, idempotencyKey: record.idempotencyKey, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) });
  }

  protected override async _putRecord(record: IdempotencyRecord): Promise<void> {
    try {
      await super._putRecord(record);
    } catch (e) {
      if (e instanceof IdempotencyItemAlreadyExistsError) throw e;
      this.#failed('save', record, e);
    }
  }

  protected override async _updateRecord(record: IdempotencyRecord): Promise<void> {
    try {
      await super._updateRecord(record);
    } catch (e) {
      this.#failed('complete', record, e);
    }
  }

  protected override async _deleteRecord(record: IdempotencyRecord): Promise<void> {
    try {
      await super._deleteRecord(record);
    } catch (e) {
      this.#failed('release', record, e);
    }
  }
}

/** The notifier's idempotency store on its table (index.ts and the tests build it here). */
export function notifierIdempotencyStore(tableName: string, client: DynamoDBClient, log: StoreErrorLog): DynamoDBPersistenceLayer {
  return new FailOpenDynamoDBPersistenceLayer(tableName, client, log);
}
