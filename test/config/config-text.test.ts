/**
 * Config text never reaches a template unchecked: CloudFormation dynamic references, CDK token
 * shapes, credentials in URLs, markdown in links and over-long values are config errors (field,
 * problem, fix), names and descriptions stay inside AWS's limits, and hostile files (YAML alias
 * bombs, a device as offline token) get a one-line error instead of a stack trace or a hang.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { ALARMS, AWS_REGIONS, TAGS } from '../../lib/aws-facts';
import { ConfigError, ConfigIssue } from '../../lib/config/errors';
import { loadConfigFile, parseConfig, readConfigFile } from '../../lib/config/load';
import type { RawConfig } from '../../lib/config/schema';
import { deploymentOf } from '../support/iam/app';
import { resourceSchema } from '../support/resource-schemas';
import { REPO } from '../support/synth';

const ZONE = 'Z0123456789ABCDEFGHIJ';
const base: RawConfig = { prefix: 'acme', hostedZones: [{ zoneId: ZONE, zoneName: 'example.com' }], alerts: { email: ['oncall@example.com'] } };

function issuesOf(config: unknown): ConfigIssue[] {
  try {
    parseConfig(config);
  } catch (e) {
    if (e instanceof ConfigError) return [...e.issues];
    throw e;
  }
  throw new Error('accepted');
}

describe('text that CloudFormation or CDK would interpret', () => {
  it.each([
    ['alerts.runbookUrl', { ...base, alerts: { ...base.alerts, runbookUrl: 'https://wiki.example.com/{{resolve:secretsmanager:prod/db:SecretString:password}}' } }],
    ['tags.team', { ...base, tags: { team: '{{resolve:ssm:/team/name}}' } }],
    ['healthChecks[0].searchString', { ...base, healthChecks: [{ name: 'api', url: 'https://api.example.com/', searchString: '{{resolve:ssm-secure:token}}' }] }],
  ])('a dynamic reference in %s is refused', (where, config) => {
    expect(issuesOf(config)).toContainEqual({ path: where, message: expect.stringMatching(/dynamic reference .*\{\{resolve:.*would replace it/) });
  });

  it('token-shaped text is a config error, not a crash', () => {
    expect(issuesOf({ ...base, tags: { team: '${Token[TOKEN.123]}' } })).toContainEqual({ path: 'tags.team', message: expect.stringMatching(/CDK token/) });
  });
});

describe('tags', () => {
  // The app tags every alarm and dashboard, and the AWS::CloudWatch::Alarm, CompositeAlarm and
  // Dashboard resource schemas take tag values of 1-256 characters (other types take an empty one):
  // fuzz:config's schema check found `tags: { team: "" }` synthesized into 135 such tags.
  it('an empty tag value is refused, naming why', () => {
    expect(issuesOf({ ...base, tags: { team: '' } })).toEqual([{ path: 'tags.team', message: expect.stringMatching(/^is empty — CloudWatch alarms and dashboards take tag values of 1-256 characters/) }]);
    // The bound is the schemas' own.
    for (const type of ['AWS::CloudWatch::Alarm', 'AWS::CloudWatch::CompositeAlarm', 'AWS::CloudWatch::Dashboard']) {
      expect((resourceSchema(type) as unknown as { definitions: { Tag: { properties: { Value: { minLength: number } } } } }).definitions.Tag.properties.Value.minLength).toBe(TAGS.minValueLength);
    }
  });
});

describe('URLs', () => {
  it('credentials in an HTTPS destination are refused (they would land in the template and logical ids)', () => {
    expect(issuesOf({ ...base, alerts: { https: ['https://user:s3cret@hooks.example.com/dns'] } })).toContainEqual({
      path: 'alerts.https[0]',
      message: expect.stringMatching(/credentials/),
    });
  });

  it('markdown in a runbook link is refused (dashboards render it as markdown)', () => {
    const issues = issuesOf({ ...base, alerts: { ...base.alerts, runbookUrl: 'https://wiki.example.com/x)[click](https://evil.example' } });
    expect(issues).toContainEqual({ path: 'alerts.runbookUrl', message: expect.stringMatching(/is not a plain URL/) });
  });

  it('a runbook URL longer than alarm descriptions can carry is refused with the limit', () => {
    const issues = issuesOf({ ...base, alerts: { ...base.alerts, runbookUrl: `https://wiki.example.com/${'a'.repeat(2000)}` } });
    expect(issues).toContainEqual({ path: 'alerts.runbookUrl', message: expect.stringMatching(/at most 512 characters/) });
  });
});

describe('tags', () => {
  it.each([
    ['a key starting with aws:', { 'aws:owner': 'x' }, 'tags.aws:owner'],
    ['characters AWS does not allow', { team: 'dns;rm' }, 'tags.team'],
  ])('%s is refused', (_n, tags, where) => {
    expect(issuesOf({ ...base, tags }).map((i) => i.path)).toContain(where);
  });
});

describe('names and descriptions stay inside AWS limits', () => {
  it('a 253-character zone name gives unique alarm names of at most 255 characters', () => {
    const label = 'a'.repeat(63);
    const zoneName = `${label}.${label}.${label}.${'b'.repeat(57)}.com`;
    expect(zoneName.length).toBe(253);
    const d = deploymentOf({ ...base, hostedZones: [{ zoneId: ZONE, zoneName }] });
    const names = [...d.resources('AWS::CloudWatch::Alarm'), ...d.resources('AWS::CloudWatch::CompositeAlarm')].map((a) => d.props(a).AlarmName as string);
    expect(names.length).toBeGreaterThan(3);
    expect(names.filter((n) => n.length > ALARMS.maxNameLength)).toEqual([]);
    expect(new Set(names).size).toBe(names.length);
    // Composite rules name the (shortened) children that exist.
    for (const c of d.resources('AWS::CloudWatch::CompositeAlarm')) {
      for (const m of (d.props(c).AlarmRule as string).matchAll(/ALARM\("([^"]+)"\)/g)) expect(names).toContain(m[1]);
    }
  });

  it('every alarm description of the everything-on example fits 1,024 characters', () => {
    const d = deploymentOf(readConfigFile(path.join(REPO, 'examples', 'everything-on.yaml')));
    const long = [...d.resources('AWS::CloudWatch::Alarm'), ...d.resources('AWS::CloudWatch::CompositeAlarm')]
      .map((a) => d.props(a))
      .filter((p) => String(p.AlarmDescription ?? '').length > ALARMS.maxDescriptionLength)
      .map((p) => p.AlarmName);
    expect(long).toEqual([]);
  });
});

describe('hostile files', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cfgtext-'));
  const write = (name: string, text: string) => {
    const f = path.join(dir, name);
    fs.writeFileSync(f, text);
    return f;
  };

  it('a YAML alias bomb is a config error', () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let i = 0; i < 12; i++) lines.push(`${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10).fill(`*${String.fromCharCode(97 + i)}`).join(',')}]`);
    const f = write('bomb.yaml', `${lines.join('\n')}\nprefix: acme\n`);
    expect(() => loadConfigFile(f)).toThrow(ConfigError);
    try {
      loadConfigFile(f);
    } catch (e) {
      expect((e as ConfigError).issues[0].message).toMatch(/aliases/);
    }
  });

  it('a device given as offline token file is refused without reading it', () => {
    const f = write('dev.yaml', `prefix: acme\nhostedZones:\n  - { zoneId: ${ZONE}, zoneName: example.com }\nalerts: { email: [a@example.com] }\nlicense: { licenseId: lic_0123456789abcdef, offlineToken: /dev/zero }\n`);
    const r = spawnSync('npx', ['ts-node', '--transpile-only', 'bin/dns-monitor.ts'], {
      cwd: REPO,
      encoding: 'utf8',
      timeout: 90_000,
      env: { ...process.env, CDK_CONTEXT_JSON: JSON.stringify({ config: f, checks: 'false', 'aws:cdk:bundling-stacks': [] }), CDK_OUTDIR: fs.mkdtempSync(path.join(os.tmpdir(), 'cfgout-')) },
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/license\.offlineToken: \/dev\/zero is not a regular file/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('a number for zoneId says what is expected', () => {
    expect(issuesOf({ ...base, hostedZones: [{ zoneId: 12345, zoneName: 'example.com' }] })).toContainEqual({
      path: 'hostedZones[0].zoneId',
      message: expect.stringMatching(/must be a string.*Z0123456789ABCDEFGHIJ/),
    });
  });
});

describe('regions', () => {
  it('an unknown region is refused with the closest real one', () => {
    expect(issuesOf({ ...base, resolverVpcs: [{ vpcId: 'vpc-0123456789abcdef0', region: 'eu-west-4' }] })).toContainEqual({
      path: 'resolverVpcs[0].region',
      message: "'eu-west-4' is not an AWS Region — did you mean eu-west-1?",
    });
  });

  it('every region of the facts module has CloudFormation resource schemas (cfn-lint knows it)', () => {
    const dir = path.join(REPO, '.venv', 'lib', fs.readdirSync(path.join(REPO, '.venv', 'lib')).find((d) => d.startsWith('python'))!, 'site-packages', 'cfnlint', 'data', 'schemas', 'providers');
    const known = new Set(fs.readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)));
    // me-south-1 (Bahrain) is a real, opt-in region for which cfn-lint ships no schemas.
    expect(AWS_REGIONS.filter((r) => !known.has(r))).toEqual(['me-south-1']);
  });
});

describe('secrets pasted into the config', () => {
  it('a Slack webhook URL is pointed at the secret, wherever it is pasted', () => {
    const url = 'https://hooks.slack.com/services/T000/B000/XXXXXXXX';
    for (const alerts of [{ slack: { webhook: url } }, { https: [url] }]) {
      const issues = issuesOf({ ...base, alerts: { email: ['a@example.com'], ...alerts } });
      expect(issues.some((i) => /Slack incoming-webhook URL, which is a secret.*slack-webhook-url/.test(i.message))).toBe(true);
      expect(JSON.stringify(issues)).not.toContain('XXXXXXXX');
    }
  });
});
