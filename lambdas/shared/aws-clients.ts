/**
 * How the Lambda handlers' AWS clients give up on a connection. The SDK's defaults hold a silent
 * connection for 5 or 15 minutes, or for good (by client release), longer than any of the
 * functions' timeouts: a call stuck on one (a connection kept alive across a frozen execution
 * environment, a broken path) made the function time out with its work undone, to wait for a
 * retry, when a second attempt on a new connection would have gone through at once.
 *
 * The handlers' calls are small and answered in well under a second (SNS Publish, DynamoDB items,
 * PutMetricData, a schedule, a secret, a page of domains): a connection not made in 2 s, or silent
 * for 2 s, is dropped and the call sent again, up to 3 attempts (the SDK's default count). These
 * are judgments: AWS publishes no latency for these APIs. The prober's Route 53 reader has its own
 * (lambdas/dns-prober/zone-servers.ts). Two attempts fit in the prober's publishing margin
 * (PUBLISH_MARGIN_MS, 5 s); a PutMetricData or SNS Publish sent twice publishes twice, which the
 * DNS-check alarms count once and a subscriber sees as a repeated alert.
 */
export const QUICK_CALL_CLIENT_CONFIG = {
  maxAttempts: 3,
  requestHandler: { connectionTimeout: 2_000, socketTimeout: 2_000 },
} as const;

/**
 * A synchronous Lambda invocation (the DNS check reporter asking a prober to run a check) is
 * silent until the invoked function answers, up to its timeout: the client bounds the connection
 * only, and the caller ends the call by its own deadline (the reporter: REPORT_PUBLISH_MARGIN_MS
 * before its timeout, lambdas/dns-check-reporter/reporter.ts).
 */
export const INVOKE_CLIENT_CONFIG = {
  requestHandler: { connectionTimeout: 2_000 },
} as const;
