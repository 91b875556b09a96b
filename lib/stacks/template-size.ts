/**
 * How many bytes constructs add to their stack's template file, measured while stacks are being
 * filled, so that placement keeps every template under CloudFormation's size limit
 * (CLOUDFORMATION.maxTemplateBytes) and not only under its resource limit: an alarm's name and
 * description carry the zone's name, so a stack of 400 resources passed 1 MB with long zone names.
 *
 * A resource's properties are resolved as synthesis will resolve them. That is safe for this app's
 * units: L1 resources and the L2 query log group, whose properties are plain values and references
 * (no cached `Lazy` that a later change would miss). A unit holding an L2 construct that renders
 * through a cached `Lazy` (an IAM policy, a Lambda function) needs another measure. What synthesis adds later is added here: the
 * tags every taggable resource gets, the `aws:cdk:path` metadata, `DependsOn` from construct
 * dependencies and from deploy pacing (deploy-pacing.ts). The template file is JSON with one space of indentation (how the CDK writes it),
 * and a resource sits two levels deep.
 */
import { CfnResource, Stack, TagManager } from 'aws-cdk-lib';
import { PATH_METADATA_ENABLE_CONTEXT } from 'aws-cdk-lib/cx-api';
import type { IConstruct } from 'constructs';
import { awaitsPacing, constructDependsOn } from './deploy-pacing';

/** Indentation depth of a resource's body in the template (`Resources` -> logical id). */
const RESOURCE_DEPTH = 2;

function jsonBytes(value: unknown, depth: number): number {
  const text = JSON.stringify(value, undefined, 1);
  const lines = text.split('\n').length;
  // Every line after the first is indented `depth` more spaces than when stringified alone.
  return Buffer.byteLength(text, 'utf8') + depth * (lines - 1);
}


/**
 * Bytes the CloudFormation resources under `constructs` will take in their stack's template.
 * @param tags the tags synthesis adds to every taggable resource (the app's and the config's)
 */
export function templateBytesOf(constructs: readonly IConstruct[], tags: readonly (readonly [string, string])[]): number {
  let bytes = 0;
  for (const c of constructs) {
    const stack = Stack.of(c);
    // `cdk synth` turns path metadata on; an App made in code has none unless asked.
    const pathMetadata = stack.node.tryGetContext(PATH_METADATA_ENABLE_CONTEXT) === true || stack.node.tryGetContext(PATH_METADATA_ENABLE_CONTEXT) === 'true';
    for (const x of c.node.findAll()) {
      if (!CfnResource.isCfnResource(x)) continue;
      const rendered = stack.resolve((x as unknown as { _toCloudFormation(): { Resources: Record<string, Record<string, any>> } })._toCloudFormation());
      for (const [logicalId, body] of Object.entries<Record<string, any>>(rendered.Resources)) {
        const full: Record<string, any> = { ...body, Properties: { ...(body.Properties ?? {}) } };
        if (pathMetadata) full.Metadata = { ...(body.Metadata ?? {}), 'aws:cdk:path': x.node.path };
        if (TagManager.of(x) && tags.length > 0) {
          full.Properties.Tags = [...(full.Properties.Tags ?? []), ...tags.map(([Key, Value]) => ({ Key, Value }))];
        }
        const deps = constructDependsOn(x, stack);
        if (deps.length > 0) full.DependsOn = [...new Set([...(full.DependsOn ?? []), ...deps])];
        // Deploy pacing gives a paced resource one DependsOn more, on the resource before it in its
        // lane. Each resource comes before at most one other, so counting an id as long as the
        // resource's own for each bounds the stack's total from above.
        if (awaitsPacing(x.cfnResourceType, stack)) full.DependsOn = [...(full.DependsOn ?? []), logicalId];
        // `  "<logicalId>": ` before the body, `,\n` after it.
        bytes += RESOURCE_DEPTH + Buffer.byteLength(logicalId, 'utf8') + 4 + jsonBytes(full, RESOURCE_DEPTH) + 2;
      }
    }
  }
  return bytes;
}
