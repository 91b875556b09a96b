/**
 * The distinct query log groups of a config: a group is its region and name, and zones or VPCs may
 * share one. Read by the plan (metric filters per group), replay (`--from-account` reads each group
 * once) and doctor (each group checked once).
 */
import type { ResolvedConfig, ResolvedSubject } from './resolve';

export interface QueryLogGroup {
  readonly region: string;
  readonly logGroupName: string;
  /** The zones and VPCs logging to it, zones first, in config order. */
  readonly subjects: readonly ResolvedSubject[];
}

/** Every distinct query log group of the config's zones and VPCs, in the order first met. */
export function queryLogGroups(cfg: Pick<ResolvedConfig, 'hostedZones' | 'resolverVpcs'>): QueryLogGroup[] {
  const groups = new Map<string, { region: string; logGroupName: string; subjects: ResolvedSubject[] }>();
  for (const s of [...cfg.hostedZones, ...cfg.resolverVpcs]) {
    const key = queryLogGroupKey(s.region, s.logGroupName);
    const g = groups.get(key) ?? { region: s.region, logGroupName: s.logGroupName, subjects: [] };
    g.subjects.push(s);
    groups.set(key, g);
  }
  return [...groups.values()];
}

/** The key that tells query log groups apart: a group's name is unique in its region only. */
export const queryLogGroupKey = (region: string, logGroupName: string) => `${region}|${logGroupName}`;

/**
 * The log group a CloudWatch Logs ARN names (with or without the trailing `:*` DescribeLogGroups
 * gives); undefined for another service's ARN (a Resolver query logging destination may be an S3
 * bucket or a Firehose stream).
 */
export function logGroupOfArn(arn: string | undefined): string | undefined {
  return /^arn:[^:]+:logs:[^:]*:[^:]*:log-group:(.+?)(?::\*)?$/.exec(arn ?? '')?.[1];
}
