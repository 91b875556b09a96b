/**
 * CloudFormation resource schemas as cfn-lint ships them (the registry schemas AWS publishes):
 * which properties are create-only, i.e. a change replaces the resource (CloudFormation creates
 * the new one, then deletes the old).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Deployment } from './iam/deployment';

function schemasDir(): string {
  const lib = path.resolve(__dirname, '..', '..', '.venv', 'lib');
  const py = fs.readdirSync(lib).find((d) => d.startsWith('python'));
  if (!py) throw new Error(`no python in ${lib}; run npm test to create .venv`);
  return path.join(lib, py, 'site-packages', 'cfnlint', 'data', 'schemas');
}

const cache = new Map<string, readonly string[]>();

/** Create-only property paths of a resource type, e.g. ['HostedZoneId', 'CloudWatchLogsLogGroupArn']. */
export function createOnlyProperties(type: string, region = 'us-east-1'): readonly string[] {
  const key = `${region}|${type}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const schema = resourceSchema(type, region) as { createOnlyProperties?: string[] };
  const props = ((schema.createOnlyProperties ?? []) as string[]).map((p) => p.replace(/^\/properties\//, '').replace(/\//g, '.'));
  cache.set(key, props);
  return props;
}

type ResourceSchema = { properties: Record<string, { type?: string | string[]; minLength?: number; maxLength?: number; pattern?: string }> };

/** Read once per process and frozen, so that no caller changes what the next one reads. */
const providersOf = new Map<string, Readonly<Record<string, string>>>();
const schemaOf = new Map<string, ResourceSchema>();

function deepFreeze<T>(o: T): T {
  if (typeof o === 'object' && o !== null && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o)) deepFreeze(v);
  }
  return o;
}

/**
 * The registry schema of a resource type (its `properties` carry each property's length and
 * pattern). Read from disk once per type and region: schemaValueProblems asks it for every resource
 * of every template, and reading it each time was a quarter of the config fuzzer's time.
 */
export function resourceSchema(type: string, region = 'us-east-1'): ResourceSchema {
  const key = `${region}|${type}`;
  const hit = schemaOf.get(key);
  if (hit) return hit;
  const dir = schemasDir();
  let providers = providersOf.get(region);
  if (!providers) {
    providers = JSON.parse(fs.readFileSync(path.join(dir, 'providers', `${region}.json`), 'utf8')) as Record<string, string>;
    providersOf.set(region, providers);
  }
  const file = providers[type];
  if (!file) throw new Error(`no CloudFormation schema for ${type} in ${region}`);
  const schema = deepFreeze(JSON.parse(fs.readFileSync(path.join(dir, 'resources', `${file}.json`), 'utf8')) as ResourceSchema);
  schemaOf.set(key, schema);
  return schema;
}

/** The most entries cfn-lint's template schema lets a section hold (its rules E3010 resources, E6010 outputs). */
export function templateSectionMax(section: 'resources' | 'outputs'): number {
  const schema = JSON.parse(fs.readFileSync(path.join(schemasDir(), 'other', section, 'configuration.json'), 'utf8')) as { maxProperties?: number };
  if (schema.maxProperties === undefined) throw new Error(`cfn-lint's ${section} schema has no maxProperties`);
  return schema.maxProperties;
}

const at = (obj: any, dotted: string) => dotted.split('.').reduce((o, k) => (o === undefined || o === null ? undefined : o[k]), obj);

export interface Replacement {
  readonly resource: string;
  readonly type: string;
  readonly property: string;
}

/** Every resource present in both deployments (same stack and logical id) whose create-only properties change. */
export function replacements(before: Deployment, after: Deployment): Replacement[] {
  const out: Replacement[] = [];
  const old = new Map(before.resources().map((r) => [`${r.stack.stackName}/${r.logicalId}`, r]));
  for (const r of after.resources()) {
    const key = `${r.stack.stackName}/${r.logicalId}`;
    const prev = old.get(key);
    if (!prev || prev.type !== r.type || r.type.startsWith('Custom::') || r.type === 'AWS::CDK::Metadata') continue;
    const a = before.props(prev);
    const b = after.props(r);
    for (const p of createOnlyProperties(r.type, r.stack.region)) {
      if (JSON.stringify(at(a, p)) !== JSON.stringify(at(b, p))) out.push({ resource: key, type: r.type, property: p });
    }
  }
  return out;
}
