/**
 * How the CLI's AWS clients retry (doctor, test-alert and `replay --from-account`, with the user's
 * own credentials). AWS throttles callers above an API's request rate, some of them low
 * (DescribeLogStreams: 5 a second, LOGS.describeLogStreamsPerSecond; FilterLogEvents: 5), and a
 * command that reads a fleet of thousands of zones, or pages through hours of logs, meets it: the
 * SDK's adaptive mode slows its own requests once throttled, and 10 attempts (the SDK's default is
 * 3) outlast a burst of throttling instead of ending a long read half-way.
 */
export const CLI_RETRIES = { retryMode: 'adaptive', maxAttempts: 10 } as const;
