/** plan on the 1000-zone generated config, and the command line. */
import { Writable } from 'node:stream';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseConfig } from '../../lib/config/load';
import { planConfig, priceOf, renderPlan, type PlanResult } from '../../lib/plan';
import { main, parsePlanArgs } from '../../bin/plan';
import { generatedZones, REPO } from '../support/synth';

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

describe('plan on 1000 generated zones', () => {
  let plan: PlanResult;
  const progress: string[] = [];
  beforeAll(() => {
    plan = planConfig(parseConfig(generatedZones(1000)), { queriesPerDay: 10_000, onProgress: (m) => progress.push(m) });
  }, 600_000);

  test('finishes, with progress reported', () => {
    expect(plan.config.hostedZones).toBe(1000);
    expect(progress.some((m) => m.includes('synthesizing'))).toBe(true);
    expect(progress.filter((m) => m.startsWith('reading stack')).length).toBe(plan.stacks.length);
  });

  test('totals equal the sum of their lines, and of the per-subject shares', () => {
    expect(plan.monthly.totalUsd).toBeCloseTo(sum(plan.monthly.lines.map((l) => l.usd)), 6);
    expect(plan.usage!.totalUsd).toBeCloseTo(sum(plan.usage!.lines.map((l) => l.usd)), 6);
    for (const l of plan.monthly.lines) expect(sum(Object.values(l.bySubject))).toBeCloseTo(l.usd, 6);
    expect(sum(plan.subjects.map((s) => s.monthlyUsd))).toBeCloseTo(plan.monthly.totalUsd, 4);
  });

  test('distinct totals match the per-zone rows where nothing is shared', () => {
    const zones = plan.subjects.filter((s) => s.type === 'zone');
    expect(zones).toHaveLength(1000);
    expect(sum(zones.map((z) => z.counts.customMetrics))).toBe(plan.totals.customMetrics);
    expect(sum(plan.subjects.map((z) => z.counts.alarms))).toBe(plan.totals.alarms);
    expect(plan.totals.alarms).toBe(plan.alarms.length - plan.totals.compositeAlarms);
    // One series per zone per published (filter) signal; each zone has its own log group.
    const zone0 = parseConfig(generatedZones(1)).hostedZones[0];
    const perZone = new Set(zone0.signals.map((s) => (s.def.measure.kind === 'filter' ? s.def.measure.metricName : undefined)).filter(Boolean)).size;
    expect(plan.totals.customMetrics).toBe(1000 * perZone);
    expect(plan.totals.metricFilters).toBe(1000 * perZone);
    const metrics = plan.monthly.lines.find((l) => l.id === 'custom-metrics')!;
    expect(metrics.usd).toBeCloseTo(priceOf('customMetric', 1000 * perZone), 6);
  });

  test('custom metrics are priced in tiers', () => {
    expect(priceOf('customMetric', 7000)).toBeCloseTo(2100, 6);
    expect(priceOf('customMetric', 12_000)).toBeCloseTo(10_000 * 0.3 + 2000 * 0.1, 6);
    expect(priceOf('customMetric', 300_000)).toBeCloseTo(10_000 * 0.3 + 240_000 * 0.1 + 50_000 * 0.05, 6);
  });

  test('stacks stay within 500 resources (no limit error)', () => {
    expect(plan.stacks.every((s) => s.resources <= 500)).toBe(true);
    expect(plan.warnings.filter((w) => w.level === 'error')).toEqual([]);
    expect(plan.unpricedTypes).toEqual([]);
  });

  test('renders as table, Markdown and JSON', () => {
    expect(renderPlan(plan, 'table')).toContain('TOTAL (distinct)');
    expect(renderPlan(plan, 'markdown')).toMatch(/^## DNS Monitor plan/);
    expect(JSON.parse(renderPlan(plan, 'json')).monthly.totalUsd).toBeCloseTo(plan.monthly.totalUsd, 6);
  });
});

function sink(): Writable & { text: () => string } {
  const chunks: string[] = [];
  const w = new Writable({ write: (c, _e, cb) => (chunks.push(String(c)), cb()) }) as Writable & { text: () => string };
  w.text = () => chunks.join('');
  return w;
}

describe('command line', () => {
  test('accepts -c config=PATH, --config PATH, a positional PATH and the plan subcommand', () => {
    expect(parsePlanArgs(['-c', 'config=a.yaml']).config).toBe('a.yaml');
    expect(parsePlanArgs(['--config', 'b.yaml', '--json']).format).toBe('json');
    expect(parsePlanArgs(['plan', 'c.yaml', '--markdown', '--queries-per-day', '5000'])).toMatchObject({ config: 'c.yaml', format: 'markdown', queriesPerDay: 5000 });
    expect(parsePlanArgs([]).config).toBe('dns-monitor.yaml');
    expect(() => parsePlanArgs(['--json', '--markdown'])).toThrow(/exclude/);
    expect(() => parsePlanArgs(['--queries-per-day', 'lots'])).toThrow(/number/);
    expect(() => parsePlanArgs(['a.yaml', 'b.yaml'])).toThrow(/two config files/);
  });

  test('--json prints the plan on stdout and progress on stderr', () => {
    const out = sink();
    const err = sink();
    const code = main(['-c', `config=${path.join(REPO, 'examples', 'minimal.yaml')}`, '--json'], out, err);
    expect(code).toBe(0);
    const plan = JSON.parse(out.text());
    expect(plan.config.prefix).toBe('acme-prod');
    expect(plan.monthly.totalUsd).toBeGreaterThan(0);
    expect(err.text()).toContain('synthesizing templates');
  }, 120_000);

  test('a cdk.json that is not JSON exits 1 with one line naming it, not a stack trace', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plan-cdkjson-'));
    fs.writeFileSync(path.join(dir, 'cdk.json'), '{ "context": { ');
    const cwd = process.cwd();
    const out = sink();
    const err = sink();
    try {
      process.chdir(dir);
      expect(main([path.join(REPO, 'examples', 'minimal.yaml'), '--quiet'], out, err)).toBe(1);
    } finally {
      process.chdir(cwd);
      fs.rmSync(dir, { recursive: true, force: true });
    }
    expect(err.text()).toMatch(/^dns-monitor plan: .*cdk\.json is not valid JSON \(.+\); fix it as `npx cdk synth` would need it fixed\n$/);
    expect(out.text()).toBe('');
  });

  test('a placement file with merge conflict markers exits 1 naming that file, not the config', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plan-placement-'));
    fs.copyFileSync(path.join(REPO, 'examples', 'minimal.yaml'), path.join(dir, 'my.yaml'));
    fs.writeFileSync(path.join(dir, 'my.stacks.json'), '{\n<<<<<<< HEAD\n "version": 1,\n=======\n>>>>>>> other\n}\n');
    const out = sink();
    const err = sink();
    expect(main([path.join(dir, 'my.yaml'), '--quiet'], out, err)).toBe(1);
    expect(err.text()).toMatch(/^Invalid stack placement file .*my\.stacks\.json \(1 problem\(s\)\); nothing was planned:\n  line 2: unresolved merge conflict/);
    expect(out.text()).toBe('');
  });

  test('an invalid config exits 1 with the path of the problem', () => {
    const out = sink();
    const err = sink();
    expect(main([path.join(REPO, 'does-not-exist.yaml'), '--quiet'], out, err)).toBe(1);
    expect(err.text()).toContain('config file not found');
    expect(out.text()).toBe('');
  });

  test('a directory given as the config exits 1 with a config error, not a stack trace', () => {
    const out = sink();
    const err = sink();
    expect(main([path.join(REPO, 'examples'), '--quiet'], out, err)).toBe(1);
    expect(err.text()).toMatch(/^Invalid configuration in .*examples \(1 problem\(s\)\); nothing was planned:\n  .*examples: is a directory, not a config file — pass the file itself, e\.g\. .*everything-on\.yaml \(config files here: everything-on\.yaml, minimal\.yaml\)\n$/);
    expect(out.text()).toBe('');
  });
});
