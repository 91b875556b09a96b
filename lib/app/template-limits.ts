import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import * as fs from 'node:fs';

import { CLOUDFORMATION } from '../aws-facts';

/** CloudFormation hard limits the app must stay within (lib/aws-facts.ts). */
export const MAX_STACK_RESOURCES = CLOUDFORMATION.resourcesPerStack;
export const MAX_TEMPLATE_BYTES = CLOUDFORMATION.maxTemplateBytes;

/** Problems with synthesized templates: more than 500 resources or more than 1 MB. */
export function checkTemplateLimits(assembly: CloudAssembly): string[] {
  const problems: string[] = [];
  for (const stack of assembly.stacks) {
    const bytes = fs.statSync(stack.templateFullPath).size;
    const resources = Object.keys(stack.template.Resources ?? {}).length;
    if (resources > MAX_STACK_RESOURCES) problems.push(`${stack.stackName}: ${resources} resources (limit ${MAX_STACK_RESOURCES})`);
    if (bytes > MAX_TEMPLATE_BYTES) problems.push(`${stack.stackName}: ${bytes} bytes (limit ${MAX_TEMPLATE_BYTES})`);
  }
  return problems;
}
