/**
 * Every example deployment against the APIs CloudFormation calls to create its resources, as AWS's
 * own API models say (test/support/api-values.ts; the longest names: test/stacks/name-limits.test.ts).
 */
import * as path from 'node:path';
import { readConfigFile } from '../../lib/config/load';
import { deploymentOf } from '../support/iam/app';
import { API_CHECKED_TYPES, apiValueProblems } from '../support/api-values';
import { exampleConfigFiles, REPO } from '../support/synth';

describe.each(exampleConfigFiles().map((f) => [path.relative(REPO, f), f] as const))('%s', (_name, file) => {
  it('every property value is one the API takes', () => {
    const d = deploymentOf(readConfigFile(file));
    const resources = d.resources();
    // The check reads most of what the app creates (else it proves little).
    expect(resources.filter((r) => API_CHECKED_TYPES.includes(r.type)).length).toBeGreaterThan(resources.length / 2);
    expect(resources.flatMap((r) => apiValueProblems(r.type, r.stack.template.Resources[r.logicalId].Properties, `${r.stack.stackName}/${r.logicalId}`))).toEqual([]);
  });
});
