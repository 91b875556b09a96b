/**
 * jose and @middy/core ship as ES modules only, which Jest (CommonJS, Node 20) cannot require.
 * This compiles the real, unmodified package to a CommonJS file with esbuild (already a
 * dependency) so a test can hand it to `jest.mock(name, () => loadEsmAsCjs(name))`. The code under
 * test is the library itself, not a stand-in.
 */
import { buildSync } from 'esbuild';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const REPO = path.resolve(__dirname, '..', '..', '..');

export function loadEsmAsCjs(pkg: string): unknown {
  const outDir = path.join(os.tmpdir(), 'dns-monitor-esm-cjs');
  fs.mkdirSync(outDir, { recursive: true });
  const version = JSON.parse(fs.readFileSync(path.join(REPO, 'node_modules', pkg, 'package.json'), 'utf8')).version;
  const outfile = path.join(outDir, `${pkg.replace(/[^A-Za-z0-9]/g, '_')}-${version}-${process.pid}.cjs`);
  if (!fs.existsSync(outfile)) {
    const entry = path.join(outDir, `${pkg.replace(/[^A-Za-z0-9]/g, '_')}-${process.pid}-entry.mjs`);
    fs.writeFileSync(entry, `export * from '${pkg}';\nimport * as m from '${pkg}';\nexport default (m.default ?? m);\n`);
    buildSync({
      entryPoints: [entry],
      outfile,
      bundle: true,
      format: 'cjs',
      platform: 'node',
      target: 'node20',
      nodePaths: [path.join(REPO, 'node_modules')],
      logLevel: 'silent',
    });
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(outfile);
}
