/**
 * Dashboards: their own stacks (bodies of large fleets exceed one template). The landing pages
 * list every alarm the other builders created, read from the construct tree so none is forgotten.
 */
import { Stack, Token } from 'aws-cdk-lib';
import { CfnAlarm, CfnCompositeAlarm } from 'aws-cdk-lib/aws-cloudwatch';
import type { Construct } from 'constructs';
import { HOSTED_ZONE_REGION } from '../config/resolve';
import { type DashboardHealthCheck, DnsDashboardStacks } from '../dashboards';
import type { AlarmRef } from '../dashboards/build';
import { deploymentRegions } from '../model/regions';
import type { Composition } from './context';
import { HEALTH_CHECK_GROUP } from './health';
import { shardStackName } from '../naming';
import { markRepeatedShard } from '../app/quality-plugins';

/** Name and region of every alarm and composite alarm below `scope`, sorted. */
export function createdAlarms(scope: Construct): AlarmRef[] {
  const out: AlarmRef[] = [];
  for (const c of scope.node.findAll()) {
    if (!(c instanceof CfnAlarm) && !(c instanceof CfnCompositeAlarm)) continue;
    const name = c.alarmName;
    if (!name || Token.isUnresolved(name)) throw new Error(`${c.node.path}: every alarm of the product needs a literal name (the landing dashboard lists it)`);
    out.push({ name, region: Stack.of(c).region });
  }
  return out.sort((a, b) => a.region.localeCompare(b.region) || a.name.localeCompare(b.name));
}

export function dashboardStacks(c: Composition, healthChecks: readonly DashboardHealthCheck[]): void {
  const { cfg } = c;
  const dashboards = new DnsDashboardStacks(c.root, 'Dashboards', {
    model: c.model,
    account: c.account,
    stackProps: c.stackProps,
    alarms: createdAlarms(c.root),
    healthChecks,
    healthCheckStacks: healthCheckStacksByNumber(c),
    license: cfg.license ? { licenseId: cfg.license.licenseId, region: deploymentRegions(c.cfg).primary, alarmPrefix: cfg.prefix } : undefined,
  });
  for (const s of dashboards.stacks) {
    const core = c.cores[s.region] ?? c.cores[HOSTED_ZONE_REGION];
    if (core) s.addStackDependency(core);
  }
  c.stacks.push(...dashboards.stacks);
  // cfn-guard and the CloudFormation validation check part 1 of a region's dashboards; the later
  // parts hold the same resource type made by the same code (`-c checks=full` checks them too).
  for (const s of dashboards.laterParts) markRepeatedShard(s);
}

/** The health-check stacks by number (the numbers the placement gave their checks). */
function healthCheckStacksByNumber(c: Composition): Record<number, Stack> {
  const numbers = new Set(Object.entries(c.placed).filter(([unit]) => unit.startsWith(`${HEALTH_CHECK_GROUP}|`)).map(([, n]) => n));
  return Object.fromEntries([...numbers].map((n) => [n, c.stacks.find((s) => s.stackName === shardStackName(c.cfg.prefix, HEALTH_CHECK_GROUP, n))!]));
}
