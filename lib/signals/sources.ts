/**
 * The two log formats signals are read from, with their field names in the order AWS documents
 * them (see ../shared/reference/route53-query-logs.md and docs/signals.md).
 */
import type { LogSource } from './types';

export interface SourceDef {
  readonly id: LogSource;
  /** Contributor Insights log format. */
  readonly logFormat: 'CLF' | 'JSON';
  /** Field that identifies the monitored subject in each log line. */
  readonly subjectField: string;
  /** Metric dimension holding the subject id. */
  readonly subjectDimension: 'ZoneId' | 'VpcId';
  /** Human noun for the subject. */
  readonly subjectNoun: 'hosted zone' | 'VPC';
}

/**
 * Route 53 public hosted-zone query log fields, space-delimited, in log order. Field 9 is the IP
 * of the *resolver* that forwarded the query (not the end client); field 10 is the EDNS client
 * subnet the resolver sent, or `-` when it sent none.
 */
export const HOSTED_ZONE_FIELDS = [
  'version',
  'timestamp',
  'zone_id',
  'query_name',
  'query_type',
  'rcode',
  'protocol',
  'edge_location',
  'resolver_ip',
  'edns_client_subnet',
] as const;
export type HostedZoneField = (typeof HOSTED_ZONE_FIELDS)[number];

/** Contributor Insights addresses CLF fields by 1-based position. */
export function clfFieldKey(field: HostedZoneField): string {
  return String(HOSTED_ZONE_FIELDS.indexOf(field) + 1);
}

/** Resolver query log JSON fields the product reads. */
export const RESOLVER_FIELDS = [
  'vpc_id',
  'query_name',
  'query_type',
  'rcode',
  'srcaddr',
  'transport',
  'firewall_rule_action',
] as const;
export type ResolverField = (typeof RESOLVER_FIELDS)[number];

export const SOURCES: Readonly<Record<LogSource, SourceDef>> = {
  hostedZone: {
    id: 'hostedZone',
    logFormat: 'CLF',
    subjectField: 'zone_id',
    subjectDimension: 'ZoneId',
    subjectNoun: 'hosted zone',
  },
  resolver: {
    id: 'resolver',
    logFormat: 'JSON',
    subjectField: 'vpc_id',
    subjectDimension: 'VpcId',
    subjectNoun: 'VPC',
  },
};

/** Namespace every product metric is published to (overridable in config). */
export const DEFAULT_NAMESPACE = 'Codreum/DNS';
