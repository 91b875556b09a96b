/**
 * Whether Route 53 Resolver writes each monitored VPC's query logs to the log group the config
 * names (`doctor`'s query-logging check, the VPC half). A VPC is logged through an association with
 * a query logging configuration, whose destination is a log group, an S3 bucket or a Firehose
 * stream; the association has a status, and an error when it FAILED (Route 53 API Reference,
 * ResolverQueryLogConfigAssociation:
 * https://docs.aws.amazon.com/Route53/latest/APIReference/API_route53resolver_ResolverQueryLogConfigAssociation.html).
 * A VPC may be associated with several configurations; the monitoring needs one healthy
 * association whose configuration writes to its group.
 *
 * The Route 53 Resolver client is @aws-sdk/client-route53resolver 3.654.0, pinned: the newest
 * release the package registry of the development machine serves. These two List calls have not
 * changed since the API came out (2020).
 */
import {
  paginateListResolverQueryLogConfigAssociations,
  paginateListResolverQueryLogConfigs,
  type ResolverQueryLogConfig,
  type ResolverQueryLogConfigAssociation,
  type Route53ResolverClient,
} from '@aws-sdk/client-route53resolver';
import { logGroupOfArn } from '../config/query-log-groups';
import { partitionOfRegion } from '../../contracts/console-links';

export interface ResolverLoggingProblem {
  /** The VPC, as `name (vpc-id)` or the id alone. */
  readonly subject: string;
  readonly problem: string;
  readonly fix: string;
}

export interface MonitoredVpc {
  readonly id: string;
  /** Readable name (the id when the config gives none). */
  readonly name?: string;
  readonly logGroupName: string;
  /** The app creates the configuration and the association (`queryLogging.create`). */
  readonly createQueryLogging?: boolean;
  /** The name the app gives the configuration it creates (lib/naming.ts). */
  readonly appConfigName?: string;
}

/** Statuses under which Resolver logs the VPC (CREATING: just associated). */
const WORKING = new Set(['ACTIVE', 'CREATING']);

/** Every query logging configuration and association of one region (both lists are paginated). */
export async function readResolverLogging(client: Route53ResolverClient): Promise<{ configs: ResolverQueryLogConfig[]; associations: ResolverQueryLogConfigAssociation[] }> {
  const configs: ResolverQueryLogConfig[] = [];
  const associations: ResolverQueryLogConfigAssociation[] = [];
  for await (const page of paginateListResolverQueryLogConfigs({ client }, {})) configs.push(...(page.ResolverQueryLogConfigs ?? []));
  for await (const page of paginateListResolverQueryLogConfigAssociations({ client }, {})) associations.push(...(page.ResolverQueryLogConfigAssociations ?? []));
  return { configs, associations };
}

const FAILED_FIX: Record<string, (group: string) => string> = {
  ACCESS_DENIED: (group) =>
    `log delivery may not write to ${group}: run doctor --check log-policies (the account's CloudWatch Logs resource policies: at most 10 per region, the delivery policy at most 5,120 characters), make room, then disassociate the VPC and associate it again`,
  DESTINATION_NOT_FOUND: (group) => `the log group ${group} no longer exists: create it (queryLogging.create: true and deploy), then disassociate the VPC and associate it again`,
  INTERNAL_SERVICE_ERROR: () => 'disassociate the VPC and associate it again; if it fails again, ask AWS Support',
};

/**
 * What keeps Resolver's logs of these VPCs (all in `region`) from reaching the groups the
 * monitoring reads, from the region's configurations and associations.
 */
export function resolverLoggingProblems(
  region: string,
  vpcs: readonly MonitoredVpc[],
  configs: readonly ResolverQueryLogConfig[],
  associations: readonly ResolverQueryLogConfigAssociation[],
): ResolverLoggingProblem[] {
  const byId = new Map(configs.map((c) => [c.Id ?? '', c]));
  const out: ResolverLoggingProblem[] = [];
  const label = (c: ResolverQueryLogConfig | undefined, id: string | undefined) => (c?.Name ? `${c.Name}, ${id}` : `${id}`);
  for (const v of vpcs) {
    const subject = v.name && v.name !== v.id ? `${v.name} (${v.id})` : v.id;
    const group = v.logGroupName;
    const writers = configs.filter((c) => logGroupOfArn(c.DestinationArn) === group && c.Status !== 'DELETING' && c.Status !== 'FAILED');
    const associateWith = (configId: string) => `aws route53resolver associate-resolver-query-log-config --region ${region} --resolver-query-log-config-id ${configId} --resource-id ${v.id}`;
    const associate = writers[0]?.Id
      ? associateWith(writers[0].Id)
      : `aws route53resolver create-resolver-query-log-config --region ${region} --name <name> --destination-arn arn:${partitionOfRegion(region)}:logs:${region}:<account>:log-group:${group}, then ${associateWith('<its Id>')}`;
    const create = v.createQueryLogging
      ? `deploy: the app creates ${v.appConfigName ? `the configuration ${v.appConfigName}` : 'a configuration'} writing to ${group} and associates the VPC`
      : `set queryLogging.create: true for the VPC and deploy (the app creates the configuration and the association)`;
    const mine = associations.filter((a) => a.ResourceId === v.id);
    const toGroup = mine.filter((a) => logGroupOfArn(byId.get(a.ResolverQueryLogConfigId ?? '')?.DestinationArn) === group);
    if (toGroup.some((a) => WORKING.has(a.Status ?? ''))) continue;
    if (toGroup.length > 0) {
      // Associated with the right group, but not working: say what Resolver says.
      for (const a of toGroup) {
        const c = byId.get(a.ResolverQueryLogConfigId ?? '');
        const what = `the association with configuration ${c?.Name ? `${c.Name} (${a.ResolverQueryLogConfigId})` : a.ResolverQueryLogConfigId}, which writes to ${group},`;
        const said = a.ErrorMessage ? `: ${a.ErrorMessage}` : '';
        if (a.Status === 'FAILED') {
          const error = a.Error && a.Error !== 'NONE' ? a.Error : 'no error given';
          out.push({
            subject,
            problem: `${what} FAILED (${error}${said}): Resolver writes no query logs for this VPC`,
            fix: `${(FAILED_FIX[a.Error ?? ''] ?? FAILED_FIX.INTERNAL_SERVICE_ERROR)(group)} (aws route53resolver disassociate-resolver-query-log-config --region ${region} --resolver-query-log-config-id ${a.ResolverQueryLogConfigId} --resource-id ${v.id}, then ${associateWith(a.ResolverQueryLogConfigId ?? '<configuration id>')})`,
          });
        } else if (a.Status === 'DELETING') {
          out.push({ subject, problem: `${what} is being deleted (DELETING): Resolver stops writing this VPC's query logs`, fix: `if that is not intended, associate the VPC again once it is gone: ${associate}` });
        } else {
          out.push({
            subject,
            problem: `${what} is ${a.Status ?? 'in no state'} (${a.ErrorMessage ?? 'no message'}): Resolver may write no query logs for this VPC`,
            fix: `see the association in the Route 53 console (Resolver, Query logging, ${c?.Name ?? a.ResolverQueryLogConfigId}); if it stays so, disassociate the VPC and associate it again: ${associate}`,
          });
        }
      }
      continue;
    }
    const elsewhere = mine.filter((a) => WORKING.has(a.Status ?? '')).map((a) => ({ a, c: byId.get(a.ResolverQueryLogConfigId ?? '') }));
    if (elsewhere.length === 0) {
      const broken = mine.map((a) => `${a.ResolverQueryLogConfigId} ${a.Status ?? 'in no state'}${a.Error && a.Error !== 'NONE' ? ` (${a.Error})` : ''}`);
      out.push({
        subject,
        problem:
          mine.length === 0
            ? 'no Resolver query logging configuration is associated with this VPC: Resolver writes no query logs for it'
            : `no working Resolver query logging association: this VPC's associations with other destinations are not working either (${broken.join(', ')}), and none writes to ${group}`,
        fix: `${create}, or associate it: ${associate}`,
      });
      continue;
    }
    const destinations = elsewhere.map(({ a, c }) => `${logGroupOfArn(c?.DestinationArn) ?? c?.DestinationArn ?? 'an unknown destination'} (configuration ${label(c, a.ResolverQueryLogConfigId)})`);
    const otherGroups = elsewhere.map(({ c }) => logGroupOfArn(c?.DestinationArn)).filter((g): g is string => g !== undefined);
    out.push({
      subject,
      problem: `Resolver writes this VPC's query logs to ${destinations.join(' and ')}, but the monitoring reads ${group}: its metrics get nothing`,
      fix: `${otherGroups.length > 0 ? `point the VPC at that group (queryLogging.logGroupName: ${otherGroups[0]}) and deploy, or ` : ''}associate the VPC with a configuration that writes to ${group} as well: ${associate}`,
    });
  }
  return out;
}

/** VPCs that Resolver logs into `group` now (an association in a working state with a configuration writing there). */
export function vpcsLoggedTo(group: string, configs: readonly ResolverQueryLogConfig[], associations: readonly ResolverQueryLogConfigAssociation[]): string[] {
  const writers = new Set(configs.filter((c) => logGroupOfArn(c.DestinationArn) === group).map((c) => c.Id ?? ''));
  return [...new Set(associations.filter((a) => writers.has(a.ResolverQueryLogConfigId ?? '') && WORKING.has(a.Status ?? '') && a.ResourceId).map((a) => a.ResourceId!))];
}
