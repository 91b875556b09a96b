import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import * as fs from 'node:fs';

import { ALARMS, CLOUDFORMATION } from '../aws-facts';

/** CloudFormation hard limits the app must stay within (lib/aws-facts.ts). */
export const MAX_STACK_RESOURCES = CLOUDFORMATION.resourcesPerStack;
export const MAX_TEMPLATE_BYTES = CLOUDFORMATION.maxTemplateBytes;
export const MAX_STACK_OUTPUTS = CLOUDFORMATION.outputsPerStack;

/**
 * Problems with synthesized templates: more than 500 resources, 1 MB or 200 outputs, and an alarm
 * whose name or description is longer than CloudWatch takes (255 and 1,024 characters: the deploy
 * would fail at that alarm; config text such as a 253-character domain name reaches both).
 */
export function checkTemplateLimits(assembly: CloudAssembly): string[] {
  const problems: string[] = [];
  for (const stack of assembly.stacks) {
    const bytes = fs.statSync(stack.templateFullPath).size;
    const resources = Object.keys(stack.template.Resources ?? {}).length;
    if (resources > MAX_STACK_RESOURCES) problems.push(`${stack.stackName}: ${resources} resources (limit ${MAX_STACK_RESOURCES})`);
    if (bytes > MAX_TEMPLATE_BYTES) problems.push(`${stack.stackName}: ${bytes} bytes (limit ${MAX_TEMPLATE_BYTES})`);
    const outputs = Object.keys(stack.template.Outputs ?? {}).length;
    if (outputs > MAX_STACK_OUTPUTS) problems.push(`${stack.stackName}: ${outputs} outputs (limit ${MAX_STACK_OUTPUTS})`);
    for (const [id, r] of Object.entries<{ Type?: string; Properties?: Record<string, unknown> }>(stack.template.Resources ?? {})) {
      if (r.Type !== 'AWS::CloudWatch::Alarm' && r.Type !== 'AWS::CloudWatch::CompositeAlarm') continue;
      const { AlarmName: name, AlarmDescription: description } = r.Properties ?? {};
      if (typeof name === 'string' && name.length > ALARMS.maxNameLength) problems.push(`${stack.stackName}/${id}: alarm name of ${name.length} characters (limit ${ALARMS.maxNameLength})`);
      if (typeof description === 'string' && description.length > ALARMS.maxDescriptionLength) {
        problems.push(`${stack.stackName}/${id}: alarm description of ${description.length} characters (limit ${ALARMS.maxDescriptionLength})`);
      }
    }
  }
  return problems;
}
