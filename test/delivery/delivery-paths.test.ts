/**
 * Delivery-path proof: every alarm action, EventBridge and Scheduler target and dead-letter queue,
 * SNS subscription and Lambda destination in the synthesized example deployments is evaluated with
 * a real IAM policy simulator against the target's resource policy, its KMS key policy and (for
 * role-based targets) the role's identity policies. Each path must be allowed, and the same request
 * from another account must be denied.
 */
import * as path from 'node:path';
import { loadConfigFile } from '../../lib/config/load';
import { Deployment } from '../support/iam/deployment';
import { deliveryPaths, DeliveryPath, failingHops, formatFailures } from '../support/iam/delivery-paths';
import { unknownActions } from '../support/iam/policies';
import { deploymentOf } from '../support/iam/app';
import { exampleConfigFiles, REPO } from '../support/synth';

const examples = exampleConfigFiles().map((f) => [path.relative(REPO, f), f] as const);

/** Existing topics the config names: the only targets allowed to be outside the deployment. */
function configuredTopicArns(file: string): Set<string> {
  const raw = loadConfigFile(file).config as any;
  const arns = new Set<string>();
  const visit = (v: any) => {
    if (!v || typeof v !== 'object') return;
    if (Array.isArray(v.topicArns)) for (const a of v.topicArns) arns.add(a);
    for (const x of Object.values(v)) visit(x);
  };
  visit(raw.alerts);
  return arns;
}

describe.each(examples)('delivery paths of %s', (_name, file) => {
  let deployment: Deployment;
  let paths: DeliveryPath[];
  beforeAll(() => {
    deployment = deploymentOf(loadConfigFile(file).config as never);
    paths = deliveryPaths(deployment);
  });

  it('has alarm delivery paths to evaluate', () => {
    expect(paths.filter((p) => p.kind === 'alarm-action' && !p.external).length).toBeGreaterThan(0);
  });

  it('no path is broken by a rule no policy can fix (region, AWS managed key)', () => {
    expect(paths.filter((p) => p.broken).map((p) => p.broken)).toEqual([]);
  });

  it('only the existing topics the config names are outside the deployment', () => {
    const allowed = configuredTopicArns(file);
    const outside = [...new Set(paths.filter((p) => p.external).map((p) => p.target))];
    expect(outside.filter((t) => !allowed.has(t))).toEqual([]);
  });

  it('every path is allowed for its publisher and denied to another account', async () => {
    const failures = await failingHops(paths);
    expect(formatFailures(failures)).toBe('');
  });

  it('every action in every policy exists in AWS service authorization reference', async () => {
    expect(await unknownActions(deployment)).toEqual([]);
  });
});
