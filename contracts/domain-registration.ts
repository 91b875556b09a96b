/**
 * The registration watcher's contract: what EventBridge Scheduler hands it every hour, and the
 * metrics it publishes (read by the alarms, the dashboard and `plan`). Namespace, metric and
 * dimension names are part of the product's public surface (docs/registered-domains.md).
 */
export const DOMAIN_REGISTRATION_NAMESPACE = 'Codreum/DomainRegistration';
export const DOMAIN_DIMENSION = 'Domain';

export const DOMAIN_REGISTRATION_METRICS = {
  /** Days until the registration expires (two decimals; negative once expired). Dimension: Domain. */
  daysToExpiry: 'DaysToExpiry',
  /** 1 when Route 53 renews the domain automatically, 0 when automatic renewal is off. Dimension: Domain. */
  autoRenew: 'AutoRenew',
} as const;

/** One run's input, set by the schedule. */
export interface DomainWatchEvent {
  /**
   * When the run was scheduled (ISO 8601): the schedule passes Scheduler's `<aws.scheduler.scheduled-time>`.
   * Days to expiry are counted from it, and the metrics carry it as their timestamp.
   */
  readonly time: string;
  /** The config's registered domains, lowercase, without a trailing dot. */
  readonly domains: readonly string[];
}

/** What one run found, returned by the handler (and logged). */
export interface DomainWatchResult {
  readonly domains: readonly { readonly name: string; readonly daysToExpiry: number; readonly autoRenew: boolean }[];
  /** Configured domains ListDomains did not return: not registered with Route 53 in this account. */
  readonly missing: readonly string[];
}
