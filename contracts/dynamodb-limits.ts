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
  /**
   * After an UpdateTimeToLive a table takes no other for up to this many hours: "It can take up to
   * one hour for the change to fully process. Any additional UpdateTimeToLive calls for the same
   * table during this one hour duration result in a ValidationException"
   * (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateTimeToLive.html).
   * doctor's fix for TTL on another attribute waits it out between turning TTL off and on.
   */
  ttlChangeSettleHours: 1,
  /**
   * A table's name: 3 to 255 characters (Developer Guide, "Supported data types and naming rules",
   * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html;
   * API parameters that also take a table's ARN allow 1,024).
   */
  maxTableNameLength: 255,
} as const;
