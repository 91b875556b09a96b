/**
 * How the prober's AWS clients other than its Route 53 reader (zone-servers.ts) give up on a
 * connection: CloudWatch (PutMetricData, in the alarms' region), its table of zone name servers and
 * its schedule. Each call is small and answered in well under a second; a connection not made in
 * 2 s, or silent for 2 s, is dropped and the call sent again on a new one (judgments: AWS publishes
 * no latency for these APIs). Without this a stalled connection (one kept alive across a frozen
 * execution environment, a broken path) held the call for the SDK's default of 15 minutes, or for
 * good, so a run's results were never published before the function timed out: its alarms saw no
 * data, which they count as passing. Two attempts fit in the run's publishing margin
 * (PUBLISH_MARGIN_MS, 5 s); a PutMetricData sent twice publishes its value twice in the same
 * minute, which the alarms count once.
 */
export const PROBER_CLIENT_CONFIG = {
  maxAttempts: 3,
  requestHandler: { connectionTimeout: 2_000, socketTimeout: 2_000 },
} as const;
