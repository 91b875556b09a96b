/**
 * One config, one AWS partition. An AWS account belongs to exactly one partition (aws, aws-cn,
 * aws-us-gov), and `cdk deploy` deploys every stack of the app with one set of credentials, so a
 * config whose regions or ARNs span partitions could never deploy whole: CloudFormation in the
 * other partition would not know the account. Each region and ARN outside the deployment's
 * partition is an issue with its path, as is an ARN whose partition is not its region's.
 * (AWS General Reference, "Amazon Resource Names": arn:partition:service:region:account-id:...)
 */
import { partitionOfRegion } from '../../contracts/console-links';
import { ROUTE53, ROUTE53_DOMAINS } from '../aws-facts';
import type { ConfigIssue } from './errors';
import { primaryRegion } from './regions';
import type { Config } from './schema';

interface Placed {
  readonly path: string;
  readonly region: string;
  /** How a message names where this region comes from. */
  readonly what: string;
}

/**
 * Every region a config (as written) deploys to, with the field that puts it there: hosted zones
 * and health checks put it in us-east-1, as do registered domains (the Route 53 Domains API's one region). The resolved config's regions, with defaults filled in,
 * are lib/model/regions.ts.
 */
export function configRegions(cfg: Config): Placed[] {
  const out: Placed[] = [];
  if (cfg.hostedZones.length > 0) out.push({ path: 'hostedZones', region: ROUTE53.globalRegion, what: 'hosted zones' });
  if ((cfg.healthChecks?.length ?? 0) > 0) out.push({ path: 'healthChecks', region: ROUTE53.globalRegion, what: 'health checks' });
  if ((cfg.registeredDomains?.length ?? 0) > 0) out.push({ path: 'registeredDomains', region: ROUTE53_DOMAINS.region, what: 'registered domains' });
  cfg.resolverVpcs.forEach((v, i) => out.push({ path: `resolverVpcs[${i}].region`, region: v.region, what: `resolverVpcs[${i}]` }));
  (cfg.resolverEndpoints ?? []).forEach((e, i) => out.push({ path: `resolverEndpoints[${i}].region`, region: e.region, what: `resolverEndpoints[${i}]` }));
  (cfg.dnsChecks ?? []).forEach((c, i) =>
    (c.regions ?? []).forEach((r, j) => out.push({ path: `dnsChecks[${i}].regions[${j}]`, region: r, what: `dnsChecks[${i}]` })),
  );
  return out;
}

/** Every ARN of the config, with its path. */
function arnsOf(cfg: Config): { path: string; arn: string }[] {
  const out: { path: string; arn: string }[] = [];
  const destinations = (d: { topicArns?: readonly string[] } | undefined, base: string) =>
    (d?.topicArns ?? []).forEach((arn, i) => out.push({ path: `${base}.topicArns[${i}]`, arn }));
  const route = (r: Parameters<typeof destinations>[0] & { critical?: { topicArns?: readonly string[] }; warning?: { topicArns?: readonly string[] } }, base: string) => {
    destinations(r, base);
    destinations(r.critical, `${base}.critical`);
    destinations(r.warning, `${base}.warning`);
  };
  route(cfg.alerts, 'alerts');
  for (const [name, r] of Object.entries(cfg.alerts.routes ?? {})) route(r, `alerts.routes.${name}`);
  if (cfg.alerts.slack?.webhook?.secretArn) out.push({ path: 'alerts.slack.webhook.secretArn', arn: cfg.alerts.slack.webhook.secretArn });
  if (cfg.license?.keySecretArn) out.push({ path: 'license.keySecretArn', arn: cfg.license.keySecretArn });
  return out;
}

export function partitionIssues(cfg: Config): ConfigIssue[] {
  const placed = configRegions(cfg);
  if (placed.length === 0) return [];
  const home = primaryRegion(placed.map((p) => p.region));
  const partition = partitionOfRegion(home);
  const anchor = placed.find((p) => p.region === home)!;
  const elsewhere = (region: string) =>
    `${region} is in the ${partitionOfRegion(region)} partition, but this config deploys to ${home} (${anchor.what}), in the ${partition} partition — an AWS account belongs to one partition: move it to a config of its own, deployed to an account in ${partitionOfRegion(region)}`;
  const issues: ConfigIssue[] = placed.filter((p) => partitionOfRegion(p.region) !== partition).map((p) => ({ path: p.path, message: elsewhere(p.region) }));
  for (const { path, arn } of arnsOf(cfg)) {
    const [, arnPartition, , region] = arn.split(':');
    if (!region) continue;
    if (arnPartition !== partitionOfRegion(region)) {
      issues.push({ path, message: `${region} is in the ${partitionOfRegion(region)} partition: its ARNs start arn:${partitionOfRegion(region)}:, not arn:${arnPartition}: — copy the ARN from the console or CLI of that region` });
    } else if (arnPartition !== partition) {
      issues.push({ path, message: elsewhere(region) });
    }
  }
  return issues;
}
