/** A Deployment from what `DnsMonitoring` really builds for a config. */
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { RawConfig } from '../../../lib/config/schema';
import { buildApp } from '../synth';
import { Deployment, StackTemplate } from './deployment';

export const TEST_ACCOUNT = '111122223333';

export function stacksOf(stacks: readonly Stack[]): StackTemplate[] {
  return stacks.map((s) => ({ stackName: s.stackName, region: s.region, account: TEST_ACCOUNT, template: Template.fromStack(s).toJSON() }));
}

/** `configFile`: the config's path as the CLI gives it (bin/dns-monitor.ts), relative to the current directory. */
export function deploymentOf(config: RawConfig, opts: { configFile?: string } = {}): Deployment {
  const { monitoring } = buildApp(config, opts);
  return new Deployment(stacksOf([...Object.values(monitoring.coreStacks), ...monitoring.shardStacks]));
}
