/** The core stack of every region the config uses: alert topics, keys, Resolver logging and filters. */
import { HOSTED_ZONE_REGION } from '../config/resolve';
import { deploymentRegions } from '../model/regions';
import { LicenseReporter } from '../license/license-reporter';
import { CoreStack } from '../stacks/core-stack';
import type { Composition } from './context';

export function coreStacks(c: Composition): void {
  const { cfg } = c;
  const { primary, regions } = deploymentRegions(cfg);
  for (const region of regions) {
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
      slackSecretRegion: primary,
      chatbotRegions: region === primary ? regions : undefined,
    });
  }
  // The one Chatbot channel (primary region) subscribes to every region's topics: they exist first.
  if (cfg.alerts.slack?.chatbot) {
    for (const r of regions) if (r !== primary) c.cores[primary].addStackDependency(c.cores[r], 'the Chatbot channel subscribes to this region\'s alert topics');
  }
}

/** The license reporter (optional), in the primary region's core stack: it never gates monitoring. */
export function licenseReporter(c: Composition, opts: { productVersion: string; configDir?: string }): void {
  const { cfg } = c;
  if (!cfg.license) return;
  const core = c.cores[deploymentRegions(c.cfg).primary];
  new LicenseReporter(core, 'License', {
    prefix: cfg.prefix,
    productVersion: opts.productVersion,
    subjects: [...cfg.hostedZones.map((z) => z.id), ...cfg.resolverVpcs.map((v) => v.id)],
    config: cfg.license,
    alarmTopicArns: { critical: core.alertTopics.alarmTopicArns('critical'), warning: core.alertTopics.alarmTopicArns('warning') },
    configDir: opts.configDir,
    okNotifications: cfg.alerts.okNotifications,
  });
}
