/**
 * The one-way pass (docs/architecture.md): config -> model -> constructs -> stacks, with contracts/
 * shared by lib/ and lambdas/. Read from the source files' own imports.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO } from '../support/synth';

function sources(dir: string): string[] {
  return fs.readdirSync(path.join(REPO, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = path.join(dir, e.name);
    if (e.isDirectory()) return sources(rel);
    return e.name.endsWith('.ts') ? [rel] : [];
  });
}

/** file -> repo-relative files it imports (relative imports only). */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of [...sources('lib'), ...sources('lambdas'), ...sources('contracts')]) {
    const text = fs.readFileSync(path.join(REPO, file), 'utf8');
    const deps: string[] = [];
    for (const m of text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)) {
      const target = path.normalize(path.join(path.dirname(file), m[1]));
      const candidates = [`${target}.ts`, path.join(target, 'index.ts')];
      const hit = candidates.find((c) => fs.existsSync(path.join(REPO, c)));
      if (hit) deps.push(hit);
    }
    graph.set(file, deps);
  }
  return graph;
}

const graph = importGraph();
const folderOf = (f: string) => path.dirname(f);

function cycles(): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (f: string) => {
    state.set(f, 'open');
    stack.push(f);
    for (const d of graph.get(f) ?? []) {
      if (state.get(d) === 'open') found.push([...stack.slice(stack.indexOf(d)), d]);
      else if (!state.has(d)) visit(d);
    }
    stack.pop();
    state.set(f, 'done');
  };
  for (const f of graph.keys()) if (!state.has(f)) visit(f);
  return found;
}

describe('layers', () => {
  it('reads the imports (a known edge is found)', () => {
    expect(graph.get('lib/model/index.ts')).toContain('lib/alarms/signal-alarms.ts');
  });

  it('has no import circle between files', () => {
    expect(cycles()).toEqual([]);
  });

  const imports = (from: (f: string) => boolean, to: (f: string) => boolean) =>
    [...graph].flatMap(([f, deps]) => (from(f) ? deps.filter(to).map((d) => `${f} -> ${d}`) : []));

  it('lib/alarms and lib/dashboards do not import each other', () => {
    expect(imports((f) => f.startsWith('lib/alarms/'), (d) => d.startsWith('lib/dashboards/'))).toEqual([]);
    expect(imports((f) => f.startsWith('lib/dashboards/'), (d) => d.startsWith('lib/alarms/signal-alarms') || d.startsWith('lib/alarms/composite'))).toEqual([]);
  });

  it('lib/ and lambdas/ meet only in contracts/', () => {
    expect(imports((f) => f.startsWith('lambdas/'), (d) => d.startsWith('lib/'))).toEqual([]);
    expect(imports((f) => f.startsWith('lib/'), (d) => d.startsWith('lambdas/'))).toEqual([]);
    expect(imports((f) => f.startsWith('contracts/'), (d) => !d.startsWith('contracts/'))).toEqual([]);
  });

  it('the config layer imports nothing above it (only signals, facts, contracts)', () => {
    const allowed = (d: string) => ['lib/config', 'lib/signals', 'contracts'].includes(folderOf(d).split('/').slice(0, 2).join('/')) || d === 'lib/aws-facts.ts' || folderOf(d) === 'contracts';
    expect(imports((f) => f.startsWith('lib/config/'), (d) => !allowed(d))).toEqual([]);
  });

  it('signals import neither config nor anything built on it', () => {
    expect(imports((f) => f.startsWith('lib/signals/'), (d) => !d.startsWith('lib/signals/') && d !== 'lib/aws-facts.ts' && !d.startsWith('contracts/'))).toEqual([]);
  });

  it('constructs read the model, never re-validate config fragments', () => {
    const builders = (f: string) => /^lib\/(constructs|health|dashboards|compose|stacks|audit|alerts|license)\//.test(f);
    expect(imports(builders, (d) => /lib\/config\/(schema|health-schema|load|dashboards-schema)\.ts$/.test(d) && !d.endsWith('dashboards-schema.ts'))).toEqual([]);
  });
});
