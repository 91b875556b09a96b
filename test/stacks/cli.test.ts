/** The real entry point: `cdk synth` with a bad config exits non-zero and writes no template. */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO } from '../support/synth';

function synth(configText: string, placementText?: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-'));
  const config = path.join(dir, 'bad.yaml');
  fs.writeFileSync(config, configText);
  if (placementText !== undefined) fs.writeFileSync(path.join(dir, 'bad.stacks.json'), placementText);
  const out = path.join(dir, 'cdk.out');
  const res = spawnSync('npx', ['cdk', 'synth', '--quiet', '--no-notices', '-c', `config=${config}`, '-c', 'checks=false', '-o', out], {
    cwd: REPO,
    encoding: 'utf8',
    env: { ...process.env, CDK_DISABLE_VERSION_CHECK: 'true' },
  });
  const templates = fs.existsSync(out) ? fs.readdirSync(out).filter((f) => f.endsWith('.template.json')) : [];
  return { res, templates, dir };
}

describe('cdk synth entry point', () => {
  it('prints one line per problem, exits non-zero and writes no templates', () => {
    const { res, templates } = synth(
      'prefix: acme-prod\nhostedZones:\n  - zoneId: Z0123\n    zoneName: example.com\n    signals:\n      nxdomain: { period: 90 }\nalerts:\n  email: [nope]\n',
    );
    expect(res.status).not.toBe(0);
    expect(templates).toEqual([]);
    expect(res.stderr).toContain('Invalid configuration in');
    expect(res.stderr).toMatch(/hostedZones\[0\]\.zoneId: is not a hosted zone id/);
    expect(res.stderr).toMatch(/hostedZones\[0\]\.signals\.nxdomain\.period: must be a multiple of 60 seconds/);
    expect(res.stderr).toMatch(/alerts\.email\[0\]: is not an email address/);
  });

  it('refuses a placement file with merge conflict markers in one clear message, without a stack trace, and keeps it', () => {
    // Two branches each added a zone: git leaves both sides in the committed placement file.
    const conflicted = [
      '{',
      '  "version": 1,',
      '  "units": {',
      '<<<<<<< HEAD',
      '    "zones|/aws/route53/a.example.com": 1,',
      '=======',
      '    "zones|/aws/route53/b.example.com": 1,',
      '>>>>>>> add-b',
      '    "zones|/aws/route53/example.com": 1',
      '  }',
      '}',
      '',
    ].join('\n');
    const { res, templates, dir } = synth('prefix: acme-prod\nhostedZones:\n  - zoneId: Z0123456789ABCDEFGHIJ\n    zoneName: example.com\nalerts:\n  email: [oncall@example.com]\n', conflicted);
    expect(res.status).not.toBe(0);
    expect(templates).toEqual([]);
    expect(res.stderr).toMatch(/Invalid stack placement file .*bad\.stacks\.json/);
    expect(res.stderr).toMatch(/line 4: unresolved merge conflict.*keep the entries of both sides/);
    expect(res.stderr).not.toMatch(/\n\s+at /);
    expect(fs.readFileSync(path.join(dir, 'bad.stacks.json'), 'utf8')).toBe(conflicted);
  });

  it('synthesizes a valid config and records the stack placement next to it', () => {
    const { res, templates, dir } = synth('prefix: acme-prod\nhostedZones:\n  - zoneId: Z0123456789ABCDEFGHIJ\n    zoneName: example.com\nalerts:\n  email: [oncall@example.com]\n');
    expect(res.status).toBe(0);
    expect(templates.length).toBeGreaterThan(1);
    const placement = JSON.parse(fs.readFileSync(path.join(dir, 'bad.stacks.json'), 'utf8'));
    expect(placement.units).toEqual({ 'zones|/aws/route53/example.com': 1, 'zones|/aws/route53/example.com|Z0123456789ABCDEFGHIJ': 1 });
  });
});

describe('cdk synth announces stacks that drop out of the app', () => {
  it('names the stack whose last zone was removed and how to destroy it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-drop-'));
    const config = path.join(dir, 'fleet.yaml');
    const run = (text: string) => {
      fs.writeFileSync(config, text);
      return spawnSync('npx', ['cdk', 'synth', '--quiet', '--no-notices', '-c', `config=${config}`, '-c', 'checks=false', '-o', path.join(dir, 'cdk.out')], {
        cwd: REPO,
        encoding: 'utf8',
        env: { ...process.env, CDK_DISABLE_VERSION_CHECK: 'true' },
      });
    };
    const vpc = 'resolverVpcs:\n  - { vpcId: vpc-0123456789abcdef0, region: eu-west-1 }\nalerts:\n  email: [oncall@example.com]\n';
    expect(run(`prefix: acme\nhostedZones:\n  - { zoneId: Z0123456789ABCDEFGHIJ, zoneName: example.com }\n${vpc}`).status).toBe(0);
    // us-east-1 was the primary region and loses its last subject: the move is refused at synth,
    // without a stack trace, until the config accepts it (test/stacks/rollout.test.ts).
    const refused = run(`prefix: acme\n${vpc}`);
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toMatch(/primaryRegion: the deployment's primary region us-east-1 .*set primaryRegion: eu-west-1/);
    expect(refused.stderr).not.toMatch(/\n\s+at /);
    const second = run(`prefix: acme\nprimaryRegion: eu-west-1\n${vpc}`);
    expect(second.status).toBe(0);
    expect(second.stderr).toContain('Stack acme-zones-1 (us-east-1) is no longer in the app');
    expect(second.stderr).toContain('aws cloudformation delete-stack --stack-name acme-zones-1 --region us-east-1');
  });
});

describe('cdk synth names the config file in the DNS-check follow-up\'s recheck command', () => {
  // A project folder of the customer's own, holding the config in a subfolder; the app is this
  // repository's entry point, as cdk.json gives it, with the same context.
  it('relative to the folder cdk runs in', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-recheck-'));
    const cdkJson = JSON.parse(fs.readFileSync(path.join(REPO, 'cdk.json'), 'utf8'));
    const app = `node -r ${path.join(REPO, 'node_modules', 'ts-node', 'register', 'transpile-only')} ${path.join(REPO, 'bin', 'dns-monitor.ts')}`;
    fs.writeFileSync(path.join(dir, 'cdk.json'), JSON.stringify({ ...cdkJson, app, watch: undefined }));
    fs.mkdirSync(path.join(dir, 'config'));
    fs.writeFileSync(
      path.join(dir, 'config', 'prod.yaml'),
      'prefix: acme\nalerts:\n  email: [oncall@example.com]\ndnsChecks:\n  - { name: www, query: www.example.com, type: A, servers: [ns1.example.net], expect: { answers: [192.0.2.10] } }\n',
    );
    const res = spawnSync(path.join(REPO, 'node_modules', '.bin', 'cdk'), ['synth', '--quiet', '--no-notices', '-c', 'config=./config/prod.yaml', '-c', 'checks=false', '-o', 'out'], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, CDK_DISABLE_VERSION_CHECK: 'true', TS_NODE_PROJECT: path.join(REPO, 'tsconfig.json') },
    });
    expect([res.status, res.stderr]).toEqual([0, expect.any(String)]);
    const reporters = fs
      .readdirSync(path.join(dir, 'out'))
      .filter((f) => f.endsWith('.template.json'))
      .flatMap((f) => Object.values(JSON.parse(fs.readFileSync(path.join(dir, 'out', f), 'utf8')).Resources as Record<string, any>))
      .filter((r) => r.Type === 'AWS::Lambda::Function' && r.Properties.Environment?.Variables?.PROBER_FUNCTION_NAME);
    expect(reporters.map((r) => r.Properties.Environment.Variables.RECHECK_CONFIG_FILE)).toEqual(['config/prod.yaml']);
  });
});
