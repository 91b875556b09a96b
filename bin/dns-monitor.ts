#!/usr/bin/env node
/**
 * CDK app entry: `npx cdk synth -c config=PATH` (default dns-monitor.yaml).
 * Bad config -> one line per problem on stderr, exit 1, no templates written.
 */
import { App } from 'aws-cdk-lib';
import * as path from 'node:path';
import { addQualityPlugins } from '../lib/app/quality-plugins';
import { ConfigError } from '../lib/config/errors';
import { loadConfigFile } from '../lib/config/load';
import { DnsMonitoring } from '../lib/dns-monitoring';
import { assignmentsPathFor, droppedStackMessage, droppedStacks, readAssignments, writeAssignments } from '../lib/stacks/stack-assignments';
import { invalidWhat } from './cli-args';
import { checkTemplateLimits } from '../lib/app/template-limits';

function main(): void {
  const app = new App();
  const configPath: string = app.node.tryGetContext('config') ?? 'dns-monitor.yaml';
  try {
    synthesize(app, configPath);
  } catch (e) {
    // Bad input found while loading or while building (e.g. an offline-token file): one line per problem.
    if (e instanceof ConfigError) {
      process.stderr.write(`Invalid ${invalidWhat(e, configPath)} (${e.issues.length} problem(s)); nothing was synthesized:\n`);
      for (const i of e.issues) process.stderr.write(`  ${i.path || '(top level)'}: ${i.message}\n`);
      process.exit(1);
    }
    throw e;
  }
}

function synthesize(app: App, configPath: string): void {
  const config = loadConfigFile(configPath);
  const assignmentsFile = app.node.tryGetContext('assignments') ?? assignmentsPathFor(configPath);
  const previous = readAssignments(assignmentsFile);
  const monitoring = new DnsMonitoring(app, 'DnsMonitor', {
    config,
    assignments: previous,
    configDir: path.dirname(path.resolve(configPath)),
    configFile: configPath,
  });
  // -c checks=false skips cdk-nag and cfn-guard; -c checks=full runs cfn-guard on every zone stack too.
  const checks = String(app.node.tryGetContext('checks') ?? 'true');
  if (checks !== 'false') addQualityPlugins(app, { fullGuard: checks === 'full' });
  const assembly = app.synth();
  const problems = checkTemplateLimits(assembly);
  if (problems.length > 0) {
    process.stderr.write(`Synthesized templates exceed CloudFormation limits:\n${problems.map((p) => `  ${p}`).join('\n')}\n`);
    process.exit(1);
  }
  for (const d of droppedStacks(config.prefix, previous, monitoring.assignments)) {
    process.stderr.write(`${droppedStackMessage(d)}\n`);
  }
  if (writeAssignments(assignmentsFile, monitoring.assignments)) {
    process.stderr.write(`Stack placement recorded in ${assignmentsFile}: commit it next to the config so zones keep their stacks.\n`);
  }
}

main();
