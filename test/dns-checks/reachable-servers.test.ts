/**
 * A DNS check the app deploys runs in the prober Lambda, which is not connected to any VPC of the
 * account: it reaches public addresses only (LAMBDA.reachesAccountVpcs in lib/aws-facts.ts). A check
 * that names a private, link-local or loopback address (a VPC's Route 53 Resolver at 10.0.0.2 or
 * 169.254.169.253, an inbound endpoint, an on-premises resolver) would time out on every run and
 * page for ever, so the config refuses it, unless the check is `deploy: false`: then only
 * `npx dns-monitor check`, run from inside the network, runs it, and the app builds nothing for it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { parseConfig } from '../../lib/config/load';
import { issuesOf } from '../support/config-issues';
import { REPO, synthConfig } from '../support/synth';

const base = { prefix: 'acme', hostedZones: [{ zoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com' }], alerts: { email: ['oncall@example.com'] } };
const check = (extra: object) => ({ name: 'inside', query: 'www.example.com', type: 'A', expect: {}, ...extra });

describe('servers a deployed check cannot reach', () => {
  it.each([
    ['resolvers', '10.0.0.2', 'private (RFC 1918)'],
    ['resolvers', '172.31.0.2:53', 'private (RFC 1918)'],
    ['servers', '192.168.1.53', 'private (RFC 1918)'],
    ['resolvers', '100.64.0.10', 'shared address space (RFC 6598)'],
    ['resolvers', '169.254.169.253', 'link-local (RFC 3927)'],
    ['servers', '127.0.0.1:5353', 'loopback'],
    ['resolvers', '[fd00:ec2::253]:53', 'unique local (RFC 4193)'],
    ['resolvers', 'fe80::1', 'link-local'],
    ['servers', '[::1]:53', 'loopback'],
  ])('%s: %s is refused as %s, with the fix', (key, address, kind) => {
    const issues = issuesOf({ ...base, dnsChecks: [check({ [key]: [address] })] });
    expect(issues).toEqual([
      {
        path: `dnsChecks[0].${key}[0]`,
        message: expect.stringContaining(`is a ${kind} address, which the prober Lambda cannot reach`),
      },
    ]);
    expect(issues[0].message).toMatch(/— set deploy: false to run the check only with `npx dns-monitor check` from inside your network, or ask a public address$/);
  });

  it("a parent server named for the delegation or DNSSEC check is held to the same rule", () => {
    expect(issuesOf({ ...base, dnsChecks: [check({ servers: ['198.51.100.53'], expect: { delegation: { parentServers: ['10.1.1.1'] } } })] })).toEqual([
      { path: 'dnsChecks[0].expect.delegation.parentServers[0]', message: expect.stringContaining('is a private (RFC 1918) address') },
    ]);
    expect(issuesOf({ ...base, dnsChecks: [check({ servers: ['198.51.100.53'], expect: { dnssec: { parentServers: ['[fd12::1]'] } } })] }).map((i) => i.path)).toEqual(['dnsChecks[0].expect.dnssec.parentServers[0]']);
  });

  it('a port outside 1-65535 is refused (it failed every run, as the socket refused it)', () => {
    for (const address of ['198.51.100.53:99999', '198.51.100.53:0', 'ns1.example.net:65536', '[2001:db8::53]:70000']) {
      expect(issuesOf({ ...base, dnsChecks: [check({ servers: [address], deploy: false })] })).toEqual([
        { path: 'dnsChecks[0].servers[0]', message: expect.stringMatching(/^has port \d+ — a port is 1 to 65535 \(53 by default\), e\.g\. 192\.0\.2\.53:53$/) },
      ]);
    }
    expect(parseConfig({ ...base, dnsChecks: [check({ servers: ['198.51.100.53:65535', 'ns1.example.net:1'] })] }).dnsChecks[0].servers).toEqual(['198.51.100.53:65535', 'ns1.example.net:1']);
  });

  it('public IPv4 addresses and host names are accepted (names are resolved when the check runs)', () => {
    const cfg = parseConfig({ ...base, dnsChecks: [check({ servers: ['8.8.8.8', '198.51.100.53:53', 'ns1.example.net', '172.32.0.1', '100.128.0.1'] })] });
    expect(cfg.dnsChecks.map((c) => c.servers)).toEqual([['8.8.8.8', '198.51.100.53:53', 'ns1.example.net', '172.32.0.1', '100.128.0.1']]);
  });

  it('a public IPv6 address is refused: the prober, outside any VPC, has no outbound IPv6', () => {
    const issues = issuesOf({ ...base, dnsChecks: [check({ servers: ['198.51.100.53', '[2001:4860:4860::8888]:53', '2600::1'] })] });
    expect(issues.map((i) => i.path)).toEqual(['dnsChecks[0].servers[1]', 'dnsChecks[0].servers[2]']);
    expect(issues[0].message).toBe(
      '[2001:4860:4860::8888]:53 is an IPv6 address, which the prober Lambda cannot reach: outside a VPC it has no outbound IPv6 (Lambda sends IPv6 only from dual-stack VPC subnets), so the check would fail on every run and page — name the server by its host name or IPv4 address, or set deploy: false to run the check only with `npx dns-monitor check`',
    );
    // A check only `dns-monitor check` runs may use it.
    expect(parseConfig({ ...base, dnsChecks: [check({ servers: ['2600::1'], deploy: false })] }).localDnsChecks[0].servers).toEqual(['2600::1']);
  });
});

describe('deploy: false', () => {
  const local = check({ name: 'vpc-resolver', resolvers: ['10.0.0.2'], deploy: false });

  it('accepts the private address; the check is for `dns-monitor check` only and the app builds nothing for it', () => {
    const cfg = parseConfig({ ...base, dnsChecks: [check({ name: 'public', servers: ['198.51.100.53'] }), local] });
    expect(cfg.dnsChecks.map((c) => c.name)).toEqual(['public']);
    expect(cfg.localDnsChecks.map((c) => c.name)).toEqual(['vpc-resolver']);
    const synth = synthConfig({ ...base, dnsChecks: [check({ name: 'public', servers: ['198.51.100.53'] }), local] } as never);
    const all = JSON.stringify(Object.values(synth.templates).map((t) => t.toJSON()));
    expect(all).toContain('public');
    expect(all).not.toContain('vpc-resolver');
    expect(all).not.toContain('10.0.0.2');
  });

  it('refuses the settings of the prober in the account, which a check it never runs cannot use', () => {
    expect(issuesOf({ ...base, dnsChecks: [{ ...local, regions: ['eu-west-1'], interval: 5, alarm: { severity: 'warning' } }] })).toEqual([
      { path: 'dnsChecks[0].deploy', message: 'is false, so only `npx dns-monitor check` runs this check: regions, interval and alarm configure the prober in the account — remove them, or remove deploy: false' },
    ]);
  });

  it('a maintenance window cannot mute it: it has no alarm', () => {
    expect(issuesOf({ ...base, dnsChecks: [local], maintenanceWindows: [{ name: 'work', schedule: 'cron(0 2 * * SUN)', duration: '1h', dnsChecks: ['vpc-resolver'] }] })).toEqual([
      { path: 'maintenanceWindows[0].dnsChecks[0]', message: "'vpc-resolver' is a DNS check with deploy: false, which has no alarm to mute — remove it from this window" },
    ]);
  });

  it('the bundled examples deploy no check the prober cannot reach', () => {
    const examples = [path.join(REPO, 'dns-monitor.yaml'), ...fs.readdirSync(path.join(REPO, 'examples')).filter((f) => f.endsWith('.yaml')).map((f) => path.join(REPO, 'examples', f))];
    for (const file of examples) {
      const raw = parseYaml(fs.readFileSync(file, 'utf8'));
      expect(() => parseConfig(raw)).not.toThrow();
    }
    const everything = parseConfig(parseYaml(fs.readFileSync(path.join(REPO, 'examples', 'everything-on.yaml'), 'utf8')));
    expect(everything.localDnsChecks.map((c) => c.servers)).toEqual([['10.0.0.2']]);
  });
});
