/**
 * The product as a construct library: `npm pack` (compiled JavaScript and type declarations), then
 * installed into a fresh CDK app from the tarball (npm --offline: from the local npm cache, no
 * network) and synthesized there, Lambda bundling, placement file and policy checks included.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO } from '../support/synth';

const npm = (args: string[], cwd: string) =>
  execFileSync('npm', [...args, '--offline', '--no-audit', '--no-fund', '--loglevel=error'], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 300_000 });

type LockEntry = { version?: string; resolved?: string; integrity?: string; dependencies?: Record<string, string>; optionalDependencies?: Record<string, string>; peerDependencies?: Record<string, string>; dev?: boolean; [k: string]: unknown };

/**
 * The fresh app's package.json and lock file: the packed tarball plus aws-cdk-lib and constructs,
 * with the versions this repository locks (npm ci --offline installs them from the npm cache that
 * the repository's own npm ci filled; resolving ranges would need the registry).
 */
function writeAppManifests(app: string, tarball: string): void {
  const lock = JSON.parse(fs.readFileSync(path.join(REPO, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
  const own = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
  const peers = Object.keys(own.peerDependencies);
  const packages: Record<string, LockEntry> = {};
  // Everything the package and its peers need, following the lock's dependency edges.
  const want = [...Object.keys(own.dependencies), ...peers].map((n) => `node_modules/${n}`);
  const find = (from: string, name: string): string | undefined => {
    for (let dir = from; ; dir = dir.includes('/node_modules/') ? dir.slice(0, dir.lastIndexOf('/node_modules/')) : '') {
      const key = `${dir ? `${dir}/` : ''}node_modules/${name}`;
      if (lock.packages[key]) return key;
      if (!dir) return undefined;
    }
  };
  while (want.length > 0) {
    const key = want.pop()!;
    if (packages[key] || !lock.packages[key]) continue;
    const { dev: _dev, devOptional: _devOptional, peer: _peer, ...entry } = lock.packages[key];
    // npm leaves registry tarball URLs out of the lock; without one, npm ci would ask the registry
    // for the package's metadata. The registry's tarball URL is fixed by name and version.
    const name = key.slice(key.lastIndexOf('node_modules/') + 'node_modules/'.length);
    if (!entry.resolved && entry.version && entry.integrity) entry.resolved = `https://registry.npmjs.org/${name}/-/${name.split('/').pop()}-${entry.version}.tgz`;
    packages[key] = entry;
    for (const dep of Object.keys({ ...entry.dependencies, ...entry.optionalDependencies })) {
      const hit = find(key, dep);
      if (hit) want.push(hit);
    }
  }
  const version = (n: string) => lock.packages[`node_modules/${n}`].version!;
  const deps = { 'codreum-dns-monitor': `file:../${path.basename(tarball)}`, ...Object.fromEntries(peers.map((n) => [n, version(n)])) };
  packages['node_modules/codreum-dns-monitor'] = {
    version: own.version,
    resolved: `file:../${path.basename(tarball)}`,
    dependencies: own.dependencies,
    peerDependencies: own.peerDependencies,
    // npm ci links a package's commands from its lock entry, as npm install writes it.
    bin: own.bin,
  };
  const manifest = { name: 'fresh-cdk-app', version: '1.0.0', private: true, dependencies: deps };
  fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify(manifest, null, 2));
  fs.writeFileSync(
    path.join(app, 'package-lock.json'),
    JSON.stringify({ name: 'fresh-cdk-app', version: '1.0.0', lockfileVersion: 3, requires: true, packages: { '': manifest, ...packages } }, null, 2),
  );
}

const CONFIG = {
  prefix: 'fresh',
  hostedZones: [{ zoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com' }],
  alerts: { email: ['oncall@example.com'], slack: { webhook: {} } },
};

describe('the packed library in a fresh CDK app', () => {
  let work: string;
  let app: string;
  beforeAll(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'dnsmon-pack-'));
    const packed = JSON.parse(npm(['pack', '--json', '--pack-destination', work], REPO)) as { filename: string; files: { path: string }[] }[];
    const tarball = path.join(work, packed[0].filename);
    app = path.join(work, 'app');
    fs.mkdirSync(app);
    writeAppManifests(app, tarball);
    npm(['ci'], app);
  }, 600_000);
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  it('ships compiled JavaScript with type declarations, the handler sources, and no tests', () => {
    const pkg = path.join(app, 'node_modules', 'codreum-dns-monitor');
    const manifest = JSON.parse(fs.readFileSync(path.join(pkg, 'package.json'), 'utf8'));
    expect(manifest.main).toBe('dist/lib/index.js');
    expect(fs.existsSync(path.join(pkg, manifest.types))).toBe(true);
    expect(fs.existsSync(path.join(pkg, 'lambdas', 'slack-notifier', 'index.ts'))).toBe(true);
    expect(fs.existsSync(path.join(pkg, 'test'))).toBe(false);
    expect(fs.existsSync(path.join(pkg, 'lib'))).toBe(false);
  });

  it('synthesizes in the app: stacks, bundled Lambda, placement file kept, policy checks with one call', () => {
    fs.writeFileSync(
      path.join(app, 'app.js'),
      `const { App } = require('aws-cdk-lib');
const fs = require('node:fs');
const { DnsMonitoring, addPolicyChecks } = require('codreum-dns-monitor');
const app = new App({ outdir: 'cdk.out' });
new DnsMonitoring(app, 'Dns', { config: ${JSON.stringify(CONFIG)}, account: '111122223333', placementFile: 'dns.stacks.json' });
addPolicyChecks(app);
const asm = app.synth();
process.stdout.write(JSON.stringify({ stacks: asm.stacks.map((s) => s.stackName).sort(), assets: fs.readdirSync('cdk.out').filter((f) => f.startsWith('asset.')).length }));
`,
    );
    const out = JSON.parse(execFileSync(process.execPath, ['app.js'], { cwd: app, encoding: 'utf8', timeout: 300_000 }));
    expect(out.stacks).toEqual(expect.arrayContaining(['fresh-core-us-east-1', 'fresh-zones-1', 'fresh-dashboards-us-east-1']));
    expect(out.assets).toBeGreaterThan(0); // the Slack notifier was bundled from the package's handler source
    const placement = JSON.parse(fs.readFileSync(path.join(app, 'dns.stacks.json'), 'utf8'));
    expect(placement.units).toEqual({ 'zones|/aws/route53/example.com': 1, 'zones|/aws/route53/example.com|Z0123456789ABCDEFGHIJ': 1 });
  }, 300_000);

  // The installed command runs the compiled CLI, whose lookup helper runs its function's compiled source.
  it("runs the installed `dns-monitor check`, looking a server name up in its compiled lookup helper", () => {
    const file = path.join(app, 'check.yaml');
    fs.writeFileSync(file, JSON.stringify({ prefix: 'fresh', dnsChecks: [{ name: 'local', query: 'example.com', type: 'A', servers: ['localhost:9'], timeoutMs: 300, deploy: false, expect: {} }] }));
    const cli = path.join(app, 'node_modules', '.bin', 'dns-monitor');
    let out = '';
    try {
      execFileSync(cli, ['check', file, '--json'], { cwd: app, encoding: 'utf8', timeout: 120_000, stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (e) {
      // Nothing answers on port 9: the check fails (exit code 1); anything else is this test's failure.
      if ((e as { status?: number }).status !== 1) throw e;
      out = (e as { stdout: string }).stdout;
    }
    // /etc/hosts gave the name's address, so the query went there.
    const [result] = JSON.parse(out).checks;
    expect(result).toEqual(expect.objectContaining({ name: 'local', ok: false, address: expect.stringMatching(/^(127\.0\.0\.1|::1)$/) }));
  }, 120_000);

  it('type-checks a TypeScript app against the shipped declarations', () => {
    fs.writeFileSync(
      path.join(app, 'typed.ts'),
      `import { App } from 'aws-cdk-lib';
import { DnsMonitoring, type RawConfig } from 'codreum-dns-monitor';
const config: RawConfig = ${JSON.stringify(CONFIG)};
const m = new DnsMonitoring(new App(), 'Dns', { config, stackProps: { terminationProtection: true } });
const zones: number = m.model.hostedZones.length;
// @ts-expect-error a typo in a prop is a type error
new DnsMonitoring(new App(), 'Typo', { config, placmentFile: 'x' });
export { zones };
`,
    );
    const tsc = path.join(REPO, 'node_modules', 'typescript', 'bin', 'tsc');
    const res = () =>
      execFileSync(process.execPath, [tsc, '--noEmit', '--strict', '--skipLibCheck', '--module', 'commonjs', '--moduleResolution', 'node10', '--target', 'es2022', 'typed.ts'], {
        cwd: app,
        encoding: 'utf8',
      });
    expect(res).not.toThrow();
  }, 120_000);
});
