/**
 * The prober's store of the name servers it read from Route 53: a DynamoDB table of its region
 * (PROBER_ZONE_TABLE in contracts/dns-check.ts). A new execution environment loads every zone it
 * needs from it in one or two calls instead of reading each from Route 53 at its share of the
 * account's rate (Lambda ends execution environments every few hours, even of a function invoked
 * continuously: "Understanding the Lambda execution environment lifecycle",
 * https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html).
 *
 * A hosted zone keeps its delegation set for life (zone-servers.ts), so a stored set is never
 * wrong for its zone id; it is still read again from Route 53 when old (ZONE_SERVERS_CACHE_MS), which
 * finds a zone deleted since. The store is a cache: when it cannot be read or written the prober
 * reads Route 53 as it would without it.
 */
import { BatchGetItemCommand, type DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { PROBER_ZONE_TABLE } from '../../contracts/dns-check';
import { DYNAMODB } from '../../contracts/dynamodb-limits';

export interface StoredZone {
  readonly servers: string[];
  /** When they were read from Route 53 (the reader's clock, epoch ms). */
  readonly readAt: number;
}

export interface ZoneServersStore {
  /** The stored name servers of those of `zoneIds` the store has. */
  load(zoneIds: readonly string[], signal: AbortSignal): Promise<Map<string, StoredZone>>;
  save(zoneId: string, zone: StoredZone, signal: AbortSignal): Promise<void>;
}

/** How long a zone stays in the table after its last read: DynamoDB's TTL then drops zones no check reads any more. */
export const STORED_ZONE_TTL_SECONDS = 2 * 24 * 3600;

/** Rounds of a batch's UnprocessedKeys asked again, 0.1 s, 0.2 s and 0.4 s after (DynamoDB leaves keys unprocessed when throttled: BatchGetItem, API Reference). */
export const UNPROCESSED_ROUNDS = 3;

const A = PROBER_ZONE_TABLE.attributes;

export class DynamoZoneStore implements ZoneServersStore {
  constructor(
    private readonly dynamodb: Pick<DynamoDBClient, 'send'>,
    private readonly table: string,
  ) {}

  async load(zoneIds: readonly string[], signal: AbortSignal): Promise<Map<string, StoredZone>> {
    const out = new Map<string, StoredZone>();
    for (let i = 0; i < zoneIds.length; i += DYNAMODB.batchGetMaxKeys) {
      let keys = zoneIds.slice(i, i + DYNAMODB.batchGetMaxKeys).map((id) => ({ [A.key]: { S: id } }));
      for (let round = 0; keys.length > 0 && round <= UNPROCESSED_ROUNDS; round++) {
        const got = await this.dynamodb.send(new BatchGetItemCommand({ RequestItems: { [this.table]: { Keys: keys, ProjectionExpression: [A.key, A.servers, A.readAt].join(', ') } } }), { abortSignal: signal });
        for (const item of got.Responses?.[this.table] ?? []) {
          const id = item[A.key]?.S;
          const servers = (item[A.servers]?.L ?? []).map((v) => v.S).filter((s): s is string => typeof s === 'string');
          const readAt = Number(item[A.readAt]?.N);
          if (id && servers.length > 0 && Number.isFinite(readAt)) out.set(id, { servers, readAt });
        }
        keys = (got.UnprocessedKeys?.[this.table]?.Keys ?? []) as typeof keys;
        // DynamoDB leaves keys unprocessed when throttled, and asks for a backoff before asking again.
        if (keys.length > 0) await new Promise((r) => setTimeout(r, 100 * 2 ** round));
      }
    }
    return out;
  }

  async save(zoneId: string, zone: StoredZone, signal: AbortSignal): Promise<void> {
    await this.dynamodb.send(
      new PutItemCommand({
        TableName: this.table,
        Item: {
          [A.key]: { S: zoneId },
          [A.servers]: { L: zone.servers.map((s) => ({ S: s })) },
          [A.readAt]: { N: String(zone.readAt) },
          [A.expiresAt]: { N: String(Math.floor(Date.now() / 1000) + STORED_ZONE_TTL_SECONDS) },
        },
      }),
      { abortSignal: signal },
    );
  }
}
