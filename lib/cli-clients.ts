/**
 * How the CLI's AWS clients (doctor, test-alert and `replay --from-account`, with the user's own
 * credentials) retry and when they give up on a connection.
 *
 * Retries: AWS throttles callers above an API's request rate, some of them low
 * (DescribeLogStreams: 5 a second, LOGS.describeLogStreamsPerSecond; FilterLogEvents: 5), and a
 * command that reads a fleet of thousands of zones, or pages through hours of logs, meets it: the
 * SDK's adaptive mode slows its own requests once throttled, and 10 attempts (the SDK's default is
 * 3) outlast a burst of throttling instead of ending a long read half-way.
 *
 * Timeouts: the AWS CLI's own (AWS_CLI in lib/aws-facts.ts): an attempt whose connection is not
 * made in 60 s, or stays silent for 60 s, fails and is retried on a new connection, so a stalled
 * connection (a broken proxy or VPN path) costs a minute, not the whole command; a path that never
 * answers ends the command with the error after the retries instead of holding it for good.
 */
import { AWS_CLI } from './aws-facts';

export const CLI_CLIENT_CONFIG = {
  retryMode: 'adaptive',
  maxAttempts: 10,
  requestHandler: { connectionTimeout: AWS_CLI.connectTimeoutMs, socketTimeout: AWS_CLI.readTimeoutMs },
} as const;
