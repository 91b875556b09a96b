/**
 * Amazon DynamoDB API limits, for Lambda handlers that read tables (lambdas/ may not import lib/;
 * the facts module lib/aws-facts.ts re-exports these, so every AWS fact is still listed there).
 */
export const DYNAMODB = {
  /**
   * Keys one BatchGetItem call takes: "as many as 100 items"; more is a ValidationException ("Too
   * many items requested for the BatchGetItem call"), and so is the same key twice. A partial
   * answer (throttled, over 16 MB) returns the rest in UnprocessedKeys, to ask again after a backoff
   * (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchGetItem.html).
   */
  batchGetMaxKeys: 100,
} as const;
