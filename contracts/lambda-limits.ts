/**
 * What a Lambda function may hold at once while it runs, for the handlers that open many sockets
 * (lambdas/ may not import lib/; lib/aws-facts.ts re-exports this as LAMBDA.fileDescriptors, so
 * every AWS fact is still listed there).
 *
 * File descriptors: 1,024 per execution environment, not adjustable (Lambda Developer Guide,
 * "Lambda quotas", Function configuration, deployment, and execution:
 * https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html). Every open socket is one;
 * past the limit, opening one fails with EMFILE.
 *
 * Execution processes and threads: 1,024 per execution environment, not adjustable (the same page
 * and table). libuv makes every thread of its pool when the pool is first used, so a pool's size
 * (PROBER_LOOKUP_THREADS, contracts/dns-check.ts) takes that many of them at once.
 */
export const LAMBDA_RUNTIME = {
  fileDescriptors: 1024,
  processesAndThreads: 1024,
} as const;
