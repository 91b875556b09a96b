/**
 * AWS's own API models, as botocore ships them (in .venv, installed by the test command from
 * requirements-test.txt with the AWS CLI): each shape's length bounds and pattern, the rules the
 * service applies to a request. Tests hold lib/aws-facts.ts to them.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { gunzipSync } from 'node:zlib';

export interface ApiShape {
  readonly type: string;
  readonly min?: number;
  readonly max?: number;
  readonly pattern?: string;
  readonly enum?: readonly string[];
  readonly member?: { readonly shape: string };
  readonly key?: { readonly shape: string };
  readonly value?: { readonly shape: string };
  readonly members?: Readonly<Record<string, { readonly shape: string; readonly documentation?: string }>>;
}
type Shape = ApiShape;

export interface ApiModel {
  readonly operations: Readonly<Record<string, { readonly input?: { readonly shape: string }; readonly errors?: readonly { readonly shape: string }[] }>>;
  readonly shapes: Readonly<Record<string, ApiShape>>;
}

function botocoreData(): string {
  const lib = path.resolve(__dirname, '..', '..', '.venv', 'lib');
  const py = fs.readdirSync(lib).find((d) => d.startsWith('python'));
  if (!py) throw new Error(`no python directory in ${lib}: run the test command (npm test), which installs .venv`);
  return path.join(lib, py, 'site-packages', 'botocore', 'data');
}

const models = new Map<string, ApiModel>();

/** A service's API model (its newest version botocore ships), e.g. apiModel('logs'). */
export function apiModel(service: string): ApiModel {
  const hit = models.get(service);
  if (hit) return hit;
  const dir = path.join(botocoreData(), service);
  const version = fs.readdirSync(dir).sort().pop()!;
  const file = fs.readdirSync(path.join(dir, version)).find((f) => f.startsWith('service-2.json'))!;
  const raw = fs.readFileSync(path.join(dir, version, file));
  const model = JSON.parse((file.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8')) as ApiModel;
  models.set(service, model);
  return model;
}

/** A shape of a service's API model, e.g. apiShape('logs', 'MetricNamespace'). */
export function apiShape(service: string, shape: string): Shape {
  const s = apiModel(service).shapes[shape];
  if (!s) throw new Error(`${service} has no shape ${shape}`);
  return s;
}

const patterns = new Map<string, RegExp | null>();

/**
 * A model's pattern as the service applies it, to the whole value; null for Java-only syntax
 * JavaScript cannot read (that pattern is then not checked).
 */
export function apiPattern(p: string): RegExp | null {
  if (!patterns.has(p)) {
    let re: RegExp | null = null;
    for (const flags of ['u', '']) {
      try {
        re = new RegExp(`^(?:${p})$`, flags);
        break;
      } catch {
        // not readable with these flags
      }
    }
    patterns.set(p, re);
  }
  return patterns.get(p)!;
}

/** Whether `value` is accepted by a shape's length bounds and pattern (the pattern must match the whole value). */
export function shapeAccepts(s: Shape, value: string): boolean {
  if (s.min !== undefined && value.length < s.min) return false;
  if (s.max !== undefined && value.length > s.max) return false;
  const re = s.pattern === undefined ? null : apiPattern(s.pattern);
  return re === null || re.test(value);
}

/** The errors an operation of a service's API model lists, e.g. apiErrors('dynamodb', 'Scan'). */
export function apiErrors(service: string, operation: string): string[] {
  const op = apiModel(service).operations[operation];
  if (!op) throw new Error(`${service} has no operation ${operation}`);
  return (op.errors ?? []).map((e) => e.shape);
}

/**
 * The integer ranges a member's documentation gives for the keys it describes, as a map from key
 * to [min, max]: SQS's CreateQueue documents its attributes so ("`DelaySeconds` – … Valid values:
 * An integer from 0 to 900 seconds"), which its shapes (a map of strings) cannot bound.
 */
export function documentedIntegerRanges(service: string, shape: string, member: string): Map<string, readonly [number, number]> {
  const doc = apiShape(service, shape).members?.[member]?.documentation;
  if (!doc) throw new Error(`${service} ${shape}.${member} has no documentation`);
  const text = doc.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
  const out = new Map<string, readonly [number, number]>();
  // Each key's entry starts with its name and an en dash; its range is in that entry's own text.
  const entries = text.split(/(?=\b[A-Z][A-Za-z]+ – )/);
  for (const e of entries) {
    const m = /^([A-Z][A-Za-z]+) – [^]*?Valid values: An integer from ([\d,]+)[^.]*? to ([\d,]+)/.exec(e);
    if (m) out.set(m[1], [Number(m[2].replace(/,/g, '')), Number(m[3].replace(/,/g, ''))]);
  }
  return out;
}
