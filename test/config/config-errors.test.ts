import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConfigError } from '../../lib/config/errors';
import { loadConfigFile, parseConfig } from '../../lib/config/load';
import { issuesOf } from '../support/config-issues';

const base = () => ({
  prefix: 'acme-prod',
  hostedZones: [{ zoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com' }],
  resolverVpcs: [{ vpcId: 'vpc-0123456789abcdef0', region: 'eu-west-1' }],
  alerts: { email: ['oncall@example.com'] },
});


function tmpFile(name: string, text: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cfg-'));
  const f = path.join(dir, name);
  fs.writeFileSync(f, text);
  return f;
}

describe('config validation: one line per problem with path, problem and fix', () => {
  it('accepts the public contract exactly as written', () => {
    const text = `prefix: acme-prod
hostedZones:
  - zoneId: Z0123456789ABCDEFGHIJ
    zoneName: example.com
resolverVpcs:
  - vpcId: vpc-0123456789abcdef0
    region: eu-west-1
alerts:
  email: [oncall@example.com]
`;
    const cfg = loadConfigFile(tmpFile('c.yaml', text));
    expect(cfg.prefix).toBe('acme-prod');
    expect(cfg.hostedZones[0]).toMatchObject({ id: 'Z0123456789ABCDEFGHIJ', name: 'example.com', region: 'us-east-1', logGroupName: '/aws/route53/example.com', createQueryLogging: false });
    expect(cfg.resolverVpcs[0]).toMatchObject({ id: 'vpc-0123456789abcdef0', region: 'eu-west-1' });
    expect(cfg.hostedZones[0].signals.map((s) => s.def.id)).toEqual(expect.arrayContaining(['total', 'nxdomain', 'servfail', 'refused']));
  });

  it('accepts the same config as JSON', () => {
    const cfg = loadConfigFile(tmpFile('c.json', JSON.stringify(base())));
    expect(cfg.hostedZones).toHaveLength(1);
  });

  it.each([
    ['wrong zone id shape', (c: any) => (c.hostedZones[0].zoneId = '/hostedzone/Z0123'), 'hostedZones[0].zoneId', /not a hosted zone id.*Z0123456789ABCDEFGHIJ/],
    ['bad email', (c: any) => (c.alerts.email = ['oncall-at-example.com']), 'alerts.email[0]', /not an email address — use name@example.com/],
    ['malformed VPC id', (c: any) => (c.resolverVpcs[0].vpcId = 'vpc-XYZ'), 'resolverVpcs[0].vpcId', /not a VPC id/],
    ['bad region', (c: any) => (c.resolverVpcs[0].region = 'europe'), 'resolverVpcs[0].region', /'europe' is not an AWS Region — use a region code such as us-east-1/],
    [
      'period not a multiple of 60',
      (c: any) => (c.hostedZones[0].signals = { nxdomain: { period: 90 } }),
      'hostedZones[0].signals.nxdomain.period',
      /multiple of 60 seconds — use 60, 120/,
    ],
    [
      'unknown signal name',
      (c: any) => (c.hostedZones[0].signals = { nxdomian: { threshold: 5 } }),
      'hostedZones[0].signals.nxdomian',
      /unknown signal 'nxdomian' \(did you mean 'nxdomain'\?\) — valid signals here: .*nxdomain/,
    ],
    ['unknown key', (c: any) => (c.hostedZones[0].zoneNmae = 'x'), 'hostedZones[0].zoneNmae', /unknown key 'zoneNmae' \(did you mean 'zoneName'\?\) — check the spelling; allowed here: zoneId, zoneName/],
    ['missing prefix', (c: any) => delete c.prefix, 'prefix', /is required — a short name/],
    ['http endpoint', (c: any) => (c.alerts.https = ['http://hooks.example.com/x']), 'alerts.https[0]', /https/],
    ['bad sms', (c: any) => (c.alerts.sms = ['555-1234']), 'alerts.sms[0]', /E\.164/],
  ])('%s', (_name, mutate, wantPath, wantMessage) => {
    const c = base();
    mutate(c);
    const issues = issuesOf(c);
    const hit = issues.find((i) => i.path === wantPath);
    expect(hit).toBeDefined();
    expect(hit!.message).toMatch(wantMessage);
  });

  it('reports a zone listed twice once, at its id, with the first occurrence', () => {
    const c = base();
    c.hostedZones.push({ zoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'Example.com.' });
    expect(issuesOf(c)).toEqual([
      { path: 'hostedZones[1].zoneId', message: expect.stringMatching(/duplicate zone id .*already listed at hostedZones\[0\]\.zoneId/) },
    ]);
  });

  // A destination listed twice made two subscriptions with one construct id: `cdk synth` stopped
  // with a stack trace (SubscriptionAlreadyExistsUnder). Addresses differing only in capitals reach
  // one mailbox and would be subscribed twice; URLs are compared as parsed (host case, default port).
  it.each([
    ['email', (c: any) => (c.alerts.email = ['oncall@example.com', 'dns@example.com', 'oncall@example.com']), 'alerts.email[2]', /listed twice \(first at alerts\.email\[0\]\)/],
    ['email in other capitals', (c: any) => (c.alerts.email = ['OnCall@Example.com', 'oncall@example.com']), 'alerts.email[1]', /is the same address as alerts\.email\[0\] in other capitals/],
    ['sms', (c: any) => (c.alerts.critical = { sms: ['+14155550100', '+14155550100'] }), 'alerts.critical.sms[1]', /listed twice \(first at alerts\.critical\.sms\[0\]\)/],
    ['https', (c: any) => (c.alerts.routes = { quiet: { https: ['https://hooks.example.com/dns', 'https://HOOKS.example.com:443/dns'] } }), 'alerts.routes.quiet.https[1]', /is the same URL as alerts\.routes\.quiet\.https\[0\] in other capitals or spelling/],
  ])('refuses a %s destination listed twice in one list, naming the first', (_name, mutate, wantPath, wantMessage) => {
    const c: any = base();
    mutate(c);
    expect(issuesOf(c)).toEqual([{ path: wantPath, message: expect.stringMatching(wantMessage) }]);
  });

  it('accepts one address in two lists: each list subscribes it to another topic', () => {
    const c: any = base();
    c.alerts.critical = { email: ['oncall@example.com'] };
    c.alerts.routes = { quiet: { email: ['oncall@example.com'] } };
    expect(() => parseConfig(c)).not.toThrow();
  });

  it('explains why two different zones of one name cannot share a config, and what to do', () => {
    const c = base();
    c.hostedZones.push({ zoneId: 'Z0123456789ABCDEFGHIK', zoneName: 'Example.com.' });
    expect(issuesOf(c)).toEqual([
      {
        path: 'hostedZones[1].zoneName',
        message:
          'hosted zones Z0123456789ABCDEFGHIJ (hostedZones[0]) and Z0123456789ABCDEFGHIK are both named example.com — alarm, dashboard and log group names are made from the zone name, so a config monitors one zone per name: keep the zone your registrar delegates to (its NS records), or monitor the other from a config with another prefix and queryLogging.logGroupName',
      },
    ]);
  });

  it('reports datapointsToAlarm > evaluationPeriods at the value that was set, after merging levels', () => {
    const c: any = base();
    c.signals = { servfail: { evaluationPeriods: 3 } };
    c.hostedZones[0].signals = { servfail: { datapointsToAlarm: 4 } };
    const issues = issuesOf(c);
    expect(issues).toContainEqual({
      path: 'hostedZones[0].signals.servfail.datapointsToAlarm',
      message: expect.stringMatching(/datapointsToAlarm \(4\) is greater than evaluationPeriods \(3\) — .*must be <= evaluationPeriods/),
    });
  });

  it('holds a signal\'s period x evaluationPeriods to PutMetricAlarm\'s range: one day below hourly periods, seven days from an hour up', () => {
    const c: any = base();
    c.signals = { servfail: { period: 3600, evaluationPeriods: 48, datapointsToAlarm: 1 }, refused: { period: 1800, evaluationPeriods: 49, datapointsToAlarm: 1 } };
    c.hostedZones[0].signals = { nxdomain: { period: 86400, evaluationPeriods: 8, datapointsToAlarm: 1 } };
    const issues = issuesOf(c);
    expect(issues.filter((i) => /servfail/.test(i.path))).toEqual([]);
    expect(issues).toContainEqual({ path: 'signals.refused.evaluationPeriods', message: expect.stringMatching(/88200 s .*at most 86400 s \(one day\) for periods under an hour/) });
    expect(issues).toContainEqual({ path: 'hostedZones[0].signals.nxdomain.evaluationPeriods', message: expect.stringMatching(/691200 s .*at most 604800 s \(seven days\)/) });
  });

  it('refuses an AWS Chatbot channel for a deployment in a region Chatbot does not serve (China, GovCloud), naming the webhook instead', () => {
    const c: any = { prefix: 'acme-gov', resolverVpcs: [{ vpcId: 'vpc-0123456789abcdef0', region: 'us-gov-west-1' }], alerts: { email: ['oncall@example.com'] } };
    c.alerts.slack = { chatbot: { workspaceId: 'T0123ABCD', channelId: 'C0456EFGH' } };
    expect(issuesOf(c)).toEqual([{ path: 'alerts.slack.chatbot', message: expect.stringMatching(/AWS Chatbot is not offered in us-gov-west-1 .*use alerts\.slack\.webhook/) }]);
    c.alerts.slack = { webhook: {} };
    expect(() => parseConfig(c)).not.toThrow();
  });

  it('takes a secret ARN (the Slack webhook, the license key) only as Secrets Manager makes one: a name of at most 512 of its characters and the 7-character suffix', () => {
    const arn = (name: string) => `arn:aws:secretsmanager:us-east-1:111122223333:secret:${name}`;
    const longest = arn(`${'a/b_c+d=e.f@g-'.repeat(37).slice(0, 512)}-AbCdEf`);
    const withSecrets = (slack: string, license: string) => ({ ...base(), alerts: { email: ['oncall@example.com'], slack: { webhook: { secretArn: slack } } }, license: { licenseId: 'lic_0123456789abcdef', keySecretArn: license } });
    expect(() => parseConfig(withSecrets(longest, longest))).not.toThrow();
    const tooLong = arn(`${'a'.repeat(513)}-AbCdEf`);
    const long = expect.stringMatching(/^is longer than a Secrets Manager secret ARN can be \(a name of at most 512 characters, then - and 6 random ones\) — copy the secret's ARN from the Secrets Manager console/);
    expect(issuesOf(withSecrets(tooLong, tooLong))).toEqual([
      { path: 'alerts.slack.webhook.secretArn', message: long },
      { path: 'license.keySecretArn', message: long },
    ]);
    // A character no secret name holds: the Slack webhook's ARN took any before.
    expect(issuesOf(withSecrets(arn('slack webhook-AbCdEf'), arn('lic"ense-AbCdEf')))).toEqual([
      { path: 'alerts.slack.webhook.secretArn', message: expect.stringMatching(/^is not a Secrets Manager secret ARN — use arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME/) },
      { path: 'license.keySecretArn', message: expect.stringMatching(/^is not a Secrets Manager secret ARN — use the full ARN/) },
    ]);
  });

  it('refuses a config whose regions span AWS partitions (one account lives in one), naming each field outside the deployment\'s partition', () => {
    const c: any = base();
    c.resolverVpcs.push({ vpcId: 'vpc-0123456789abcdef1', region: 'cn-north-1' });
    c.resolverEndpoints = [{ endpointId: 'rslvr-in-0123456789abcdef0', region: 'us-gov-west-1', direction: 'inbound', name: 'gov-in' }];
    c.dnsChecks = [{ name: 'www', query: 'www.example.com', type: 'A', servers: ['192.0.2.53'], regions: ['eu-west-1', 'cn-northwest-1'], expect: {} }];
    c.alerts.topicArns = ['arn:aws-cn:sns:cn-north-1:111122223333:alerts'];
    // (The topics also lack regions; only the partition lines are asserted here.)
    const issues = issuesOf(c).filter((i) => /partition/.test(i.message));
    expect(issues).toEqual([
      { path: 'resolverVpcs[1].region', message: expect.stringMatching(/^cn-north-1 is in the aws-cn partition, but this config deploys to us-east-1 \(hosted zones\), in the aws partition — an AWS account belongs to one partition: move it to a config of its own, deployed to an account in aws-cn$/) },
      { path: 'resolverEndpoints[0].region', message: expect.stringMatching(/^us-gov-west-1 is in the aws-us-gov partition, but/) },
      { path: 'dnsChecks[0].regions[1]', message: expect.stringMatching(/^cn-northwest-1 is in the aws-cn partition, but/) },
      { path: 'alerts.topicArns[0]', message: expect.stringMatching(/^cn-north-1 is in the aws-cn partition, but/) },
    ]);
  });

  it('accepts a config that lives wholly in one other partition (GovCloud VPCs), and a topic ARN must name its region\'s partition', () => {
    const c: any = { prefix: 'acme-gov', resolverVpcs: [{ vpcId: 'vpc-0123456789abcdef0', region: 'us-gov-west-1' }, { vpcId: 'vpc-0123456789abcdef1', region: 'us-gov-east-1' }], alerts: { email: ['oncall@example.com'] } };
    expect(parseConfig(c).resolverVpcs.map((v) => v.region)).toEqual(['us-gov-west-1', 'us-gov-east-1']);
    c.alerts = { topicArns: ['arn:aws:sns:us-gov-west-1:111122223333:alerts', 'arn:aws-us-gov:sns:us-gov-east-1:111122223333:alerts'] };
    expect(issuesOf(c).filter((i) => /partition/.test(i.message))).toEqual([
      { path: 'alerts.topicArns[0]', message: expect.stringMatching(/us-gov-west-1 is in the aws-us-gov partition: its ARNs start arn:aws-us-gov:, not arn:aws:/) },
    ]);
  });

  it('rejects a derived signal whose inputs are disabled, naming both fixes', () => {
    const c: any = base();
    c.hostedZones[0].signals = { refused: { enabled: false } };
    const issues = issuesOf(c);
    expect(issues.some((i) => /other-errors.*refused.*disabled — enable refused or set other-errors.enabled: false/.test(i.message))).toBe(true);
  });

  it('lists every problem at once, not only the first', () => {
    const c: any = base();
    c.hostedZones[0].zoneId = 'bad';
    c.resolverVpcs[0].vpcId = 'bad';
    c.alerts.email = ['bad'];
    expect(issuesOf(c).map((i) => i.path)).toEqual(expect.arrayContaining(['hostedZones[0].zoneId', 'resolverVpcs[0].vpcId', 'alerts.email[0]']));
  });

  it('reports a YAML syntax error with file, line and column', () => {
    const f = tmpFile('broken.yaml', 'prefix: acme\nhostedZones:\n  - zoneId: Z1\n   zoneName: [oops\n');
    expect(() => loadConfigFile(f)).toThrow(ConfigError);
    try {
      loadConfigFile(f);
    } catch (e) {
      const [first] = (e as ConfigError).issues;
      expect(first.path).toMatch(/broken\.yaml:\d+:\d+$/);
      expect(first.message).toMatch(/^YAML syntax error: .* — check indentation/);
    }
  });

  it('reports a missing file with the path it looked at and how to fix it', () => {
    try {
      loadConfigFile('/nonexistent/dns.yaml');
      throw new Error('not rejected');
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      expect((e as ConfigError).issues[0]).toEqual({
        path: '/nonexistent/dns.yaml',
        message: expect.stringMatching(/config file not found .* — pass an existing file with -c config=PATH/),
      });
    }
  });

  // A directory (e.g. `-c config=examples`) stopped cdk synth, plan and check with an EISDIR stack
  // trace; doctor and test-alert called it a failed AWS call.
  it('refuses a directory as the config file, naming the config files in it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cfg-dir-'));
    fs.writeFileSync(path.join(dir, 'prod.yaml'), 'prefix: p\n');
    fs.writeFileSync(path.join(dir, 'prod.stacks.json'), '{}');
    fs.writeFileSync(path.join(dir, 'notes.txt'), '');
    try {
      loadConfigFile(dir);
      throw new Error('not rejected');
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      expect((e as ConfigError).issues).toEqual([{ path: dir, message: expect.stringMatching(/^is a directory, not a config file — pass the file itself, e\.g\. .*prod\.yaml \(config files here: prod\.yaml\)$/) }]);
    }
  });

  // A resolver's answer is not authoritative (no AA flag) and it is no server of the zone: such a
  // check failed on every run ("does not serve example.com ... lame delegation", seen against Unbound).
  it('a check that asks resolvers cannot expect a delegation, an authoritative answer or consistent SOA serials', () => {
    const check = (extra: Record<string, unknown>, expect: Record<string, unknown>) => ({ ...base(), dnsChecks: [{ name: 'www', query: 'www.example.com', type: 'A', regions: ['us-east-1'], expect, ...extra }] });
    const why = (what: string, who: string) =>
      `${who} a resolver's answer, which is never authoritative and comes from no server of the zone, so ${what} would fail on every run — ask the zone's servers (servers, or zoneId) in a check of its own`;
    expect(issuesOf(check({ resolvers: ['192.0.2.53'] }, { delegation: true }))).toContainEqual({ path: 'dnsChecks[0].expect.delegation', message: `compares the zone's servers with the parent's, but the check asks ${why('it', 'resolvers: each gives')}` });
    expect(issuesOf(check({ servers: ['192.0.2.54'], resolvers: ['192.0.2.53'] }, { authoritative: true }))).toContainEqual({ path: 'dnsChecks[0].expect.authoritative', message: `requires the AA flag, but the check asks ${why('it', 'resolvers: each gives')}` });
    // Neither servers nor zoneId: the machine's (or the Lambda's) resolvers are asked.
    expect(issuesOf(check({}, { delegation: { parentServers: ['192.0.2.1'] } }))).toContainEqual({
      path: 'dnsChecks[0].expect.delegation',
      message: `compares the zone's servers with the parent's, but the check asks ${why('it', "the resolvers of the machine it runs on (it lists no servers and no zoneId): each gives")}`,
    });
    // Resolvers give SOA serials from their caches: after a change of the zone they differ until each cached SOA expires.
    expect(issuesOf(check({ resolvers: ['192.0.2.53', '192.0.2.54'] }, { consistent: true }))).toContainEqual({
      path: 'dnsChecks[0].expect.consistent',
      message:
        "compares the zone's SOA serial on every server, but the check asks resolvers: each gives the serial it has cached, so after every change of the zone they differ until their cached SOA records expire, and the check would fail — ask the zone's servers (servers, or zoneId) in a check of its own",
    });
    // The zone's servers, by address or from Route 53, may be asked for all three; a resolver may be asked for DNSSEC.
    expect(parseConfig(check({ servers: ['192.0.2.53'] }, { delegation: true, authoritative: true, consistent: true })).dnsChecks).toHaveLength(1);
    expect(parseConfig(check({ zoneId: 'Z0123456789ABCDEFGHIJ' }, { delegation: true, authoritative: true, consistent: true })).dnsChecks).toHaveLength(1);
    expect(parseConfig(check({ resolvers: ['192.0.2.53'] }, { dnssec: true })).dnsChecks).toHaveLength(1);
  });
});

describe('did you mean', () => {
  it('suggests the nearest key for a misspelt key, and only when one is near', () => {
    const c = base();
    (c.hostedZones[0] as Record<string, unknown>).signalz = {};
    expect(issuesOf(c)).toEqual([{ path: 'hostedZones[0].signalz', message: expect.stringMatching(/^unknown key 'signalz' \(did you mean 'signals'\?\) — check the spelling; allowed here: zoneId, zoneName/) }]);
    const far = base();
    (far.hostedZones[0] as Record<string, unknown>).completelyDifferent = 1;
    expect(issuesOf(far)[0].message).not.toMatch(/did you mean/);
  });

  it('suggests the nearest signal for a misspelt signal name', () => {
    expect(issuesOf({ ...base(), signals: { nxdomian: { enabled: true } } })).toEqual([
      { path: 'signals.nxdomian', message: expect.stringMatching(/^unknown signal 'nxdomian' \(did you mean 'nxdomain'\?\) — valid signals here: total, /) },
    ]);
  });

  it('says which form a wrong-typed section needs', () => {
    expect(issuesOf({ ...base(), hostedZones: 'example.com' })).toEqual([{ path: 'hostedZones', message: expect.stringMatching(/^must be an array \(a YAML list\)/) }]);
  });
});

describe('domain names: one rule per kind of name (lib/config/domain-names.ts)', () => {
  it('a protected record names its zone as a zone name, not a record pattern', () => {
    for (const zoneName of ['*.example.com', '@']) {
      const issues = issuesOf({ ...base(), changeAudit: { protectedRecords: [{ zoneName, name: 'www.example.com' }] } });
      expect(issues).toContainEqual({ path: 'changeAudit.protectedRecords[0].zoneName', message: 'is not a domain name — use the zone name as in Route 53, e.g. example.com' });
    }
  });

  // "is not a domain name" sent a user who wanted to check a wildcard record looking for a typo.
  it('a DNS check asking a wildcard name is told to ask a name the wildcard covers', () => {
    const check = (query: string) => ({ name: 'www', query, type: 'A', servers: ['192.0.2.53'], expect: {} });
    for (const [query, example] of [['*.example.com', 'anything.example.com'], ['*.dev.example.com.', 'anything.dev.example.com'], ['www.*.example.com', 'anything.example.com']]) {
      expect(issuesOf({ ...base(), dnsChecks: [check(query)] })).toEqual([
        { path: 'dnsChecks[0].query', message: `holds the wildcard label *: clients ask for the names a wildcard record answers, not for * itself — ask one of those, e.g. ${example}, to check the wildcard's records as resolvers get them` },
      ]);
    }
  });

  it('an internationalized name is refused with the ASCII (punycode) form Route 53 keeps', () => {
    const hint = /Route 53 keeps internationalized names in ASCII: write xn--bcher-kva\.example/;
    expect(issuesOf({ ...base(), hostedZones: [{ zoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'bücher.example' }] })).toContainEqual({ path: 'hostedZones[0].zoneName', message: expect.stringMatching(hint) });
    expect(issuesOf({ ...base(), changeAudit: { protectedRecords: [{ zoneName: 'bücher.example', name: 'www.bücher.example' }] } })).toEqual(
      expect.arrayContaining([
        { path: 'changeAudit.protectedRecords[0].zoneName', message: expect.stringMatching(hint) },
        { path: 'changeAudit.protectedRecords[0].name', message: expect.stringMatching(/write www\.xn--bcher-kva\.example/) },
      ]),
    );
    const check = { name: 'www', query: 'www.bücher.example', type: 'A', servers: ['192.0.2.53'], regions: ['us-east-1'], expect: { rcode: 'NOERROR' } };
    expect(issuesOf({ ...base(), dnsChecks: [check] })).toContainEqual({ path: 'dnsChecks[0].query', message: expect.stringMatching(/write www\.xn--bcher-kva\.example/) });
    // The ASCII form is accepted as it is.
    expect(parseConfig({ ...base(), hostedZones: [{ zoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'xn--bcher-kva.example' }] }).hostedZones[0].name).toBe('xn--bcher-kva.example');
  });

  // A name or label over DNS's length limits was refused as "not a domain name", which sent users
  // looking for a bad character.
  it('a name longer than 253 characters, or a label longer than 63, is named as too long', () => {
    const label = (c: string, n: number) => c.repeat(n);
    const long = [label('a', 63), label('b', 63), label('c', 63), label('d', 60), 'org'].join('.');
    expect(long).toHaveLength(256);
    expect(issuesOf({ ...base(), hostedZones: [{ zoneId: 'Z0123456789ABCDEFGHIJ', zoneName: long }] })).toContainEqual({
      path: 'hostedZones[0].zoneName',
      message: 'is 256 characters long; a DNS name is at most 253 (a final dot aside) — use the zone name as in Route 53, e.g. example.com',
    });
    const check = { name: 'www', query: `${label('x', 64)}.example.com`, type: 'A', servers: ['192.0.2.53'], regions: ['us-east-1'], expect: { rcode: 'NOERROR' } };
    expect(issuesOf({ ...base(), dnsChecks: [check] })).toContainEqual({
      path: 'dnsChecks[0].query',
      message: `has a label of 64 characters (${label('x', 12)}…); a DNS label is at most 63 — e.g. www.example.com`,
    });
    // At the limits, names are accepted.
    const max = [label('a', 63), label('b', 63), label('c', 63), label('d', 57), 'org'].join('.');
    expect(max).toHaveLength(253);
    expect(parseConfig({ ...base(), hostedZones: [{ zoneId: 'Z0123456789ABCDEFGHIJ', zoneName: `${max}.` }] }).hostedZones[0].name).toBe(max);
  });

  it('record names may be wildcards or @, queries may hold underscores, zone names end in a label without one', () => {
    const ok = parseConfig({ ...base(), changeAudit: { protectedRecords: [{ zoneName: 'example.com', name: '*.example.com' }, { zoneName: 'example.com', name: '@' }] } });
    expect(ok.hostedZones).toHaveLength(1);
    expect(issuesOf({ ...base(), hostedZones: [{ zoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.c_m' }] })).toContainEqual(
      expect.objectContaining({ path: 'hostedZones[0].zoneName', message: expect.stringMatching(/^is not a domain name/) }),
    );
    const checks = parseConfig({ ...base(), dnsChecks: [{ name: 'dmarc', query: '_dmarc.example.com', type: 'TXT', servers: ['192.0.2.53'], regions: ['us-east-1'], expect: { rcode: 'NOERROR' } }] }).dnsChecks;
    expect(checks[0].query).toBe('_dmarc.example.com');
  });
});
