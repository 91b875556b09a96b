/** The core stack of every region the config uses: alert topics, keys, Resolver logging and filters. */
import { CLOUDFORMATION } from '../aws-facts';
import { ConfigError, type ConfigIssue } from '../config/errors';
import { HOSTED_ZONE_REGION } from '../config/resolve';
import { countResources } from '../stacks/shard-placer';
import { RESOLVER_ENDPOINTS_ID } from '../health/resolver-endpoint-alarms';
import { REGISTRATION_WATCHER_ID } from '../domains';
import { DNS_CHECK_ALARMS_ID } from './dns-checks';
import { deploymentRegions } from '../model/regions';
import { LicenseReporter } from '../license/license-reporter';
import { actionsOfTopics } from '../constructs/alert-topics';
import { CoreStack } from '../stacks/core-stack';
import { type Composition, tagsAtCreation } from './context';

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
      tagsAtCreation: (name) => tagsAtCreation(c, name),
      keepQueryLogsKey: c.queryLogsKeyRegions.has(region),
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
    alarmActions: actionsOfTopics((s) => core.alertTopics.alarmTopics(s), cfg.alerts.okNotifications),
    configDir: opts.configDir,
  });
}

/**
 * The core stacks are not split: each holds the query logging and metric filters of every
 * Resolver log group of its region, the alarms of every Resolver endpoint of its region, and in
 * its region the DNS checks' alarms and the registration watcher with its domains' alarms, numbers
 * the config sets. Refused before synthesis when one would pass CloudFormation's resources per
 * stack (the CDK's own check stops synthesis with a stack trace), naming the part that fills it
 * most and what makes it smaller. Call after every builder has added to the core stacks.
 */
export function refuseFullCoreStacks(c: Composition): void {
  const issues: ConfigIssue[] = [];
  for (const [region, core] of Object.entries(c.cores)) {
    // The CDK adds its metadata resource at synthesis.
    const resources = countResources(core) + 1;
    if (resources <= CLOUDFORMATION.resourcesPerStack) continue;
    const head = `the core stack of ${region} would hold ${resources} resources (CloudFormation allows ${CLOUDFORMATION.resourcesPerStack})`;
    const sized = (id: string) => {
      const child = core.node.tryFindChild(id);
      return child ? countResources(child) : 0;
    };
    const endpointIndex = c.cfg.resolverEndpoints.findIndex((e) => e.region === region);
    // The parts the config sizes directly, each with the change that makes it smaller.
    type Part = { resources: number; issue: (n: number) => ConfigIssue };
    const parts: Part[] = [
      {
        resources: endpointIndex >= 0 ? sized(RESOLVER_ENDPOINTS_ID) : 0,
        issue: (n: number) => ({
          path: `resolverEndpoints[${endpointIndex}]`,
          message:
            `${head}: the alarms of its ${c.cfg.resolverEndpoints.filter((e) => e.region === region).length} Resolver endpoints are ${n} of them — ` +
            `turn off the alarms an endpoint does not need (unhealthyEnis, queryVolume or capacity: { enabled: false }), or monitor the endpoints of ${region} from two deployments (two prefixes)`,
        }),
      },
      {
        resources: sized(REGISTRATION_WATCHER_ID),
        issue: (n: number) => ({
          path: 'registeredDomains',
          message: `${head}: the registration watcher and the alarms of its ${c.cfg.registeredDomains.length} registered domains are ${n} of them (three alarms a domain) — watch some of the domains from a second deployment (another prefix)`,
        }),
      },
      {
        resources: sized(DNS_CHECK_ALARMS_ID),
        issue: (n: number) => ({
          path: 'dnsChecks',
          message: `${head}: the alarms of its ${c.cfg.dnsChecks.length} DNS checks are ${n} of them — run some of the checks from a second deployment (another prefix), or with deploy: false from your own machine or CI`,
        }),
      },
    ].sort((a, b) => b.resources - a.resources);
    const vpcs = c.cfg.resolverVpcs.filter((v) => v.region === region);
    const [largest] = parts;
    // A named part that holds most of the stack, or any when the region has no Resolver log groups.
    if (largest.resources > 0 && (largest.resources > resources / 2 || vpcs.length === 0)) {
      issues.push(largest.issue(largest.resources));
      continue;
    }
    const groups = new Set(vpcs.map((v) => v.logGroupName)).size;
    issues.push({
      path: vpcs.length > 0 ? `${vpcs[0].configPath}.queryLogging.logGroupName` : 'resolverVpcs',
      message:
        `${head}: it holds the query logging and metric filters of each of the region's ${groups} Resolver log groups — ` +
        `let the VPCs of ${region} share log groups (one per region is the default), or turn off signals for them`,
    });
  }
  if (issues.length > 0) throw new ConfigError(issues);
}
