/**
 * The Route 53 API's request rate, for the code on both sides that calls it (lambdas/ may not
 * import lib/; the facts module lib/aws-facts.ts re-exports these as ROUTE53.apiRequestsPerSecond
 * and ROUTE53.apiRequestsBurst, so every AWS fact is still listed there).
 *
 * Route 53 throttles per account with token buckets: one for every API call of the account
 * together, holding at most 50 requests (the burst) and refilled with 10 a second, and one of the
 * same size for each operation not listed otherwise (GetHostedZone is not); a throttled request
 * gets HTTP 400 `Throttling`, "Rate exceeded" (Developer Guide, "Throttling for Amazon Route 53 API
 * requests": https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/throttling-api-requests.html;
 * it was 5 a second before the change-based throttling).
 */
export const ROUTE53_API = {
  requestsPerSecond: 10,
  burst: 50,
} as const;
