/** The core stack of every region the config uses: alert topics, keys, Resolver logging and filters. */
import { HOSTED_ZONE_REGION } from '../config/resolve';
import { LicenseReporter } from '../license/license-reporter';
import { CoreStack } from '../stacks/core-stack';
import type { Composition } from './context';

/** Regions with something to monitor; account-wide things live in us-east-1 when it is used. */
export function deploymentRegions(c: Pick<Composition, 'cfg'>): { regions: string[]; primary: string } {
  const { cfg } = c;
  const regions = new Set<string>();
  if (cfg.hostedZones.length > 0 || cfg.healthChecks.length > 0) regions.add(HOSTED_ZONE_REGION);
  for (const v of cfg.resolverVpcs) regions.add(v.region);
  for (const e of cfg.resolverEndpoints) regions.add(e.region);
  const sorted = [...regions].sort();
  return { regions: sorted, primary: regions.has(HOSTED_ZONE_REGION) ? HOSTED_ZONE_REGION : sorted[0] };
}

export function coreStacks(c: Composition): void {
  const { cfg } = c;
  for (const region of deploymentRegions(c).regions) {
    const name = `${cfg.prefix}-core-${region}`;
    c.cores[region] = new CoreStack(c.root, name, {
      ...c.stackProps,
      stackName: name,
      env: { account: c.account, region },
      description: `Codreum DNS Monitor (${cfg.prefix}): alert topics and shared resources in ${region}`,
      config: cfg,
      region,
      hostedZones: region === HOSTED_ZONE_REGION ? cfg.hostedZones : [],
      vpcs: cfg.resolverVpcs.filter((v) => v.region === region),
      slackSecretRegion: deploymentRegions(c).primary,
    });
  }
}

/** The license reporter (optional), in the primary region's core stack: it never gates monitoring. */
export function licenseReporter(c: Composition, opts: { productVersion: string; configDir?: string }): void {
  const { cfg } = c;
  if (!cfg.license) return;
  const core = c.cores[deploymentRegions(c).primary];
  new LicenseReporter(core, 'License', {
    prefix: cfg.prefix,
    productVersion: opts.productVersion,
    subjects: [...cfg.hostedZones.map((z) => z.id), ...cfg.resolverVpcs.map((v) => v.id)],
    config: cfg.license,
    alarmActions: core.alertTopics.topics,
    configDir: opts.configDir,
    okNotifications: cfg.alerts.okNotifications,
  });
}
