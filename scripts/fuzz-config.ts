/**
 * `npm run fuzz:config -- [--mode synth|updates|plan] [--config FILE] [--kinds K,..] [--chunk N]`
 *
 * Changes one thing at a time in a config (default: examples/everything-on.yaml) and checks what
 * the app does with each changed config:
 *   - synth:   it is refused with a ConfigError, or it synthesizes within CloudFormation's limits
 *              with every literal property value inside its resource schema (lengths, patterns,
 *              enums, bounds: test/support/schema-values.ts) and inside what the API CloudFormation
 *              calls takes (AWS's API models: test/support/api-values.ts); anything else, a stack
 *              trace, is a finding;
 *   - updates: deployed over the original (its placement file kept), no resource is replaced
 *              (a create-only property of the CloudFormation resource schemas changes) except the
 *              replacements docs/rollout.md lists, which deploy (REPLACES_THAT_DEPLOY), and no
 *              export that a deployed stack imports is removed or changed (Fn::ImportValue's rule);
 *   - plan:    `plan` renders it in every format without an error of its own.
 * Kinds of change: `values` (each leaf set to other values of the config and to edge values),
 * `delete` (each key and list element removed), `reverse` (each list reversed), `dup` (each list
 * element repeated). Prints one line per finding; exit code 1 when there is one. Each chunk of
 * changes runs in a child process: a process's memory grows by about 4 MB with every synthesis of
 * examples/everything-on.yaml. Heap snapshots after 5 and 15 apps show the old apps held by
 * aws-cdk-lib's process-wide tables: its string token map (`global.__cdkTokenMap`, which cannot be
 * cleared: tokens made at import time live there too; aws/aws-cdk#29785) and `CfnReference`'s table.
 */
import './run-tmpdir'; // first: every temporary file of the run goes to a directory removed on exit
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse, stringify } from 'yaml';
import { checkTemplateLimits } from '../lib/app/template-limits';
import { ConfigError } from '../lib/config/errors';
import { parseConfig } from '../lib/config/load';
import { DnsMonitoring } from '../lib/dns-monitoring';
import { planConfigFile } from '../lib/plan';
import { renderPlan } from '../lib/plan/render';
import { stacksOf } from '../test/support/iam/app';
import { Deployment } from '../test/support/iam/deployment';
import { exportBreaks } from '../test/support/cross-stack';
import { replacements } from '../test/support/resource-schemas';
import { schemaValueProblems } from '../test/support/schema-values';
import { apiValueProblems } from '../test/support/api-values';
import { buildApp, newTestApp, REPO } from '../test/support/synth';
import { benchArgs, benchNumber, benchUsageError } from './bench-args';

type Path = (string | number)[];
type Kind = 'values' | 'delete' | 'reverse' | 'dup';
export interface Change {
  readonly label: string;
  readonly config: unknown;
}

/** Replacements that deploy (the replaced resource has no name, or a new one): docs/rollout.md. */
const REPLACES_THAT_DEPLOY = new Set([
  'AWS::Route53::HealthCheck.HealthCheckConfig.Type',
  'AWS::Route53::HealthCheck.HealthCheckConfig.RequestInterval',
  'AWS::Route53::HealthCheck.HealthCheckConfig.MeasureLatency',
  'AWS::CloudWatch::Alarm.AlarmName',
  'AWS::CloudWatch::CompositeAlarm.AlarmName',
  'AWS::SNS::Subscription.TopicArn',
  'AWS::Lambda::Permission.SourceArn',
]);

const EDGE_VALUES: unknown[] = [null, '', 0, -1, 1, 1.5, 10, 1e9, true, false, [], {}, 'x'.repeat(300), 'a b', '*', 'Ü"${AWS::Region}'];

const at = (o: any, p: Path) => p.reduce((t, k) => t?.[k], o);
const label = (p: Path) => p.join('.');

/** Every change of the given kinds to `base`, in a fixed order. */
export function changesOf(base: unknown, kinds: readonly Kind[]): Change[] {
  const leaves: { p: Path; v: unknown }[] = [];
  const lists: Path[] = [];
  const keys: Path[] = [];
  (function walk(o: any, p: Path) {
    if (p.length > 0) keys.push(p);
    if (Array.isArray(o)) {
      lists.push(p);
      o.forEach((v, i) => walk(v, [...p, i]));
    } else if (o && typeof o === 'object') for (const [k, v] of Object.entries(o)) walk(v, [...p, k]);
    else leaves.push({ p, v: o });
  })(base, []);
  const edit = (f: (copy: any) => void) => {
    const copy = structuredClone(base);
    f(copy);
    return copy;
  };
  const out: Change[] = [];
  if (kinds.includes('values')) {
    const others = [...new Set(leaves.map((l) => JSON.stringify(l.v)))].map((s) => JSON.parse(s) as unknown);
    for (const l of leaves) {
      for (const v of [...others, ...EDGE_VALUES]) {
        if (JSON.stringify(v) === JSON.stringify(l.v)) continue;
        out.push({ label: `${label(l.p)} = ${JSON.stringify(v).slice(0, 40)}`, config: edit((c) => (at(c, l.p.slice(0, -1))[l.p[l.p.length - 1]] = v)) });
      }
    }
  }
  if (kinds.includes('delete')) {
    for (const p of keys) {
      out.push({
        label: `delete ${label(p)}`,
        config: edit((c) => {
          const parent = at(c, p.slice(0, -1));
          if (Array.isArray(parent)) parent.splice(p[p.length - 1] as number, 1);
          else delete parent[p[p.length - 1]];
        }),
      });
    }
  }
  if (kinds.includes('reverse')) for (const p of lists) out.push({ label: `reverse ${label(p)}`, config: edit((c) => at(c, p).reverse()) });
  if (kinds.includes('dup')) {
    for (const p of lists) {
      const n = (at(base, p) as unknown[]).length;
      for (let i = 0; i < n; i++) out.push({ label: `repeat ${label([...p, i])}`, config: edit((c) => at(c, p).push(structuredClone(at(c, [...p, i])))) });
    }
  }
  return out;
}

/** What is wrong with one changed config in `mode`: one line per finding, none when it is refused or fine. */
export function checkChange(mode: string, change: Change, base: { deployment: Deployment; assignments: DnsMonitoring['assignments'] } | undefined): string[] {
  try {
    if (mode === 'synth') {
      const app = newTestApp();
      new DnsMonitoring(app, 'DnsMonitor', { config: parseConfig(change.config) });
      const assembly = app.synth();
      const problems = checkTemplateLimits(assembly);
      // Every literal value against its CloudFormation resource schema (a port of 0, a name too long).
      const schema = assembly.stacks.flatMap((st) =>
        Object.entries((st.template as { Resources?: Record<string, { Type: string; Properties?: Record<string, unknown> }> }).Resources ?? {}).flatMap(([id, r]) =>
          schemaValueProblems(r.Type, r.Properties, st.environment.region, id),
        ),
      );
      // And against the API CloudFormation calls with it, as AWS's API models say (a ':' in a namespace).
      const api = assembly.stacks.flatMap((st) =>
        Object.entries((st.template as { Resources?: Record<string, { Type: string; Properties?: Record<string, unknown> }> }).Resources ?? {}).flatMap(([id, r]) =>
          apiValueProblems(r.Type, r.Properties, `${st.stackName}/${id}`),
        ),
      );
      fs.rmSync(app.outdir, { recursive: true, force: true });
      return [...problems.map((p) => `limits: ${p}`), ...[...new Set(schema)].map((p) => `schema: ${p}`), ...[...new Set(api)].map((p) => `api: ${p}`)];
    }
    if (mode === 'plan') {
      parseConfig(change.config);
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fuzz-plan-'));
      const file = path.join(dir, 'c.yaml');
      fs.writeFileSync(file, stringify(change.config));
      const plan = planConfigFile(file, {});
      for (const f of ['table', 'json', 'markdown'] as const) renderPlan(plan, f);
      fs.rmSync(dir, { recursive: true, force: true });
      return [];
    }
    const { monitoring } = buildApp(change.config as never, { assignments: base!.assignments });
    const after = new Deployment(stacksOf([...Object.values(monitoring.coreStacks), ...monitoring.shardStacks]));
    const replaced = replacements(base!.deployment, after)
      .map((r) => `${r.type}.${r.property}`)
      .filter((r, i, all) => !REPLACES_THAT_DEPLOY.has(r) && all.indexOf(r) === i)
      .map((r) => `replaces ${r}`);
    // An export a deployed stack imports can be neither removed nor changed (test/support/cross-stack.ts).
    const pinned = exportBreaks(base!.deployment, after).map((b) => `${b.change} export ${b.value} of ${b.producer}, imported by ${b.importers.join(', ')}`);
    return [...replaced, ...[...new Set(pinned)]];
  } catch (e) {
    if (e instanceof ConfigError) return [];
    return [`${(e as Error).name}: ${(e as Error).message.split('\n')[0].slice(0, 240)}`];
  }
}

function child(args: { mode: string; config: string; kinds: Kind[]; from: number; to: number }): void {
  const original = parse(fs.readFileSync(args.config, 'utf8'));
  const changes = changesOf(original, args.kinds).slice(args.from, args.to);
  let base: Parameters<typeof checkChange>[2];
  if (args.mode === 'updates') {
    const { monitoring } = buildApp(original);
    base = { deployment: new Deployment(stacksOf([...Object.values(monitoring.coreStacks), ...monitoring.shardStacks])), assignments: monitoring.assignments };
  }
  for (const c of changes) for (const f of checkChange(args.mode, c, base)) process.stdout.write(`${c.label}: ${f}\n`);
}

function main(): number {
  const usage = 'npm run fuzz:config -- [--mode synth|updates|plan] [--config FILE] [--kinds values,delete,reverse,dup] [--chunk N]\n';
  const { values: v } = benchArgs('fuzz:config', usage, {
    options: {
      mode: { type: 'string', default: 'synth' },
      config: { type: 'string', default: path.join(REPO, 'examples', 'everything-on.yaml') },
      kinds: { type: 'string', default: 'values,delete,reverse,dup' },
      chunk: { type: 'string', default: '600' },
      from: { type: 'string' },
      to: { type: 'string' },
    },
  });
  if (!['synth', 'updates', 'plan'].includes(v.mode!)) benchUsageError('fuzz:config', `--mode must be synth, updates or plan, not '${v.mode}'`);
  const bad = v.kinds!.split(',').find((k) => !['values', 'delete', 'reverse', 'dup'].includes(k));
  if (bad) benchUsageError('fuzz:config', `--kinds takes values, delete, reverse and dup, not '${bad}'`);
  if (!fs.existsSync(v.config!)) benchUsageError('fuzz:config', `--config ${v.config}: no such file`);
  const args = {
    mode: v.mode!,
    config: v.config!,
    kinds: v.kinds!,
    chunk: benchNumber('fuzz:config', '--chunk', v.chunk!, 'positive whole number'),
    from: v.from === undefined ? -1 : benchNumber('fuzz:config', '--from', v.from, 'whole number'),
    to: v.to === undefined ? -1 : benchNumber('fuzz:config', '--to', v.to, 'whole number'),
  };
  const kinds = args.kinds.split(',') as Kind[];
  if (args.from >= 0) {
    child({ mode: args.mode, config: args.config, kinds, from: args.from, to: args.to });
    return 0;
  }
  const total = changesOf(parse(fs.readFileSync(args.config, 'utf8')), kinds).length;
  const findings: string[] = [];
  const started = Date.now();
  for (let from = 0; from < total; from += args.chunk) {
    const out = execFileSync(process.execPath, ['--max-old-space-size=3000', '-r', 'ts-node/register/transpile-only', __filename, '--mode', args.mode, '--config', args.config, '--kinds', args.kinds, '--from', String(from), '--to', String(from + args.chunk)], {
      cwd: REPO,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    findings.push(...out.split('\n').filter(Boolean));
    process.stderr.write(`[fuzz] ${Math.min(from + args.chunk, total)}/${total} changes, ${findings.length} finding(s), ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
  }
  process.stdout.write(`| mode | config | kinds | changes | findings |\n|---|---|---|---|---|\n| ${args.mode} | ${path.relative(REPO, args.config)} | ${args.kinds} | ${total} | ${findings.length} |\n`);
  for (const f of findings) process.stdout.write(`FINDING ${f}\n`);
  return findings.length > 0 ? 1 : 0;
}

if (require.main === module) process.exitCode = main();
