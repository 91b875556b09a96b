/**
 * Every Lambda function a deployment creates runs the Node.js runtime that Lambda supports longest
 * (LAMBDA_NODE_RUNTIMES in lib/aws-facts.ts, from Lambda's Node.js page): a product pinned to a
 * runtime months from its deprecation leaves customers unable to update their functions soon after
 * ("block function update"). The bundles target the same Node.js major.
 */
import * as path from 'node:path';
import { readConfigFile } from '../../lib/config/load';
import { LAMBDA_NODE_RUNTIMES, PRODUCT_NODE_RUNTIME } from '../../lib/aws-facts';
import { Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { BUNDLE, ProductFunction, runtimeDeprecationMessage } from '../../lib/lambda/product-function';
import { buildApp } from '../support/synth';
import { deploymentOf } from '../support/iam/app';
import { REPO } from '../support/synth';

describe('Lambda runtime', () => {
  it('the product runtime is the supported Node.js runtime with the latest deprecation date', () => {
    const latest = [...LAMBDA_NODE_RUNTIMES].sort((a, b) => b.deprecation.localeCompare(a.deprecation))[0];
    expect(PRODUCT_NODE_RUNTIME).toBe(latest);
    expect(BUNDLE.target).toBe(`node${latest.major}`);
  });

  it('every function of the everything-on deployment runs it, the CDK provider framework\'s included', () => {
    const d = deploymentOf(readConfigFile(path.join(REPO, 'examples', 'everything-on.yaml')));
    const runtimes = d.resources('AWS::Lambda::Function').map((r) => `${r.logicalId}: ${d.props(r).Runtime}`);
    expect(runtimes.length).toBeGreaterThan(5);
    expect(runtimes.filter((r) => !r.endsWith(`: ${PRODUCT_NODE_RUNTIME.identifier}`))).toEqual([]);
  });

  it('synthesis warns from 6 months before Lambda deprecates the runtime, louder once updates are blocked', () => {
    const at = (iso: string) => runtimeDeprecationMessage(new Date(iso));
    expect(at('2027-10-29T00:00:00Z')).toBeUndefined(); // 184 days before the deprecation
    expect(at('2027-11-02T00:00:00Z')).toMatch(/^product functions run nodejs24\.x, which Lambda deprecates on 2028-04-30 and stops updating on 2028-07-01: upgrade the product/);
    expect(at('2028-07-02T00:00:00Z')).toMatch(/^product functions run nodejs24\.x, whose functions Lambda has refused to update since 2028-07-01: a deploy that changes one fails — upgrade the product/);
  });

  it('the app carries that warning at synthesis, once', () => {
    const warnings = (when: number) => {
      jest.useFakeTimers({ now: when, doNotFake: ['nextTick', 'setImmediate', 'setTimeout', 'setInterval', 'queueMicrotask'] });
      try {
        const { monitoring } = buildApp(readConfigFile(path.join(REPO, 'examples', 'minimal.yaml')));
        return [...Object.values(monitoring.coreStacks), ...monitoring.shardStacks].flatMap((s) => Annotations.fromStack(s).findWarning('*', Match.stringLikeRegexp('product functions run')));
      } finally {
        jest.useRealTimers();
      }
    };
    expect(warnings(Date.UTC(2028, 1, 1))).toHaveLength(1);
    expect(warnings(Date.UTC(2026, 11, 4))).toEqual([]);
  });

  it('the runtime is the pinned one, not NODEJS_LATEST (same name, but "variable"): `cdk synth` prints no warning about it', () => {
    // aws-cdk-lib lists NODEJS_LATEST under the same name as the runtime it stands for; picking it
    // made every synthesis warn "When using NODEJS_LATEST the runtime version may change".
    const { app, monitoring } = buildApp(readConfigFile(path.join(REPO, 'examples', 'everything-on.yaml')));
    const stacks = app.node.findAll().filter((c): c is Stack => Stack.isStack(c));
    expect(stacks.length).toBeGreaterThan(3);
    const variable = stacks.flatMap((s) => Annotations.fromStack(s).findWarning('*', Match.stringLikeRegexp('NODEJS_LATEST')));
    expect(variable).toEqual([]);
    // The product's own functions (the CDK provider framework's function is aws-cdk-lib's choice,
    // not bundled by NodejsFunction, and warns about nothing).
    const fns = app.node.findAll().filter((c): c is ProductFunction => c instanceof ProductFunction);
    expect(fns.length).toBeGreaterThan(5);
    expect(fns.filter((f) => f.runtime.isVariable).map((f) => f.node.path)).toEqual([]);
    expect(monitoring).toBeDefined();
  });
});
