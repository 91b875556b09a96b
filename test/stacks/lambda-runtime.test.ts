/**
 * Every Lambda function a deployment creates runs the Node.js runtime that Lambda supports longest
 * (LAMBDA_NODE_RUNTIMES in lib/aws-facts.ts, from Lambda's Node.js page): a product pinned to a
 * runtime months from its deprecation leaves customers unable to update their functions soon after
 * ("block function update"). The bundles target the same Node.js major.
 */
import * as path from 'node:path';
import { readConfigFile } from '../../lib/config/load';
import { LAMBDA_NODE_RUNTIMES, PRODUCT_NODE_RUNTIME } from '../../lib/aws-facts';
import { BUNDLE } from '../../lib/lambda/product-function';
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
});
