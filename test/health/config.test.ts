/** Config validation of the health fragments: bad values give "<path>: <what> — <fix>" messages. */
import { z } from 'zod';
import { fromZod, ConfigError } from '../../lib/config/errors';
import { hostedZoneSchema } from '../../lib/config/schema';
import { changeAuditSchema, healthChecksSchema, resolverEndpointsSchema, zoneHealthSchema } from '../../lib/config/health-schema';
import { resolveChangeAudit } from '../../lib/config/change-audit';
import { ROUTE53 } from '../../lib/aws-facts';
import { apiShape } from '../support/api-models';
import { resourceSchema } from '../support/resource-schemas';

// The root shape the lead mounts (hosted zones extended with the zone-health keys).
const root = z.strictObject({
  hostedZones: z.array(hostedZoneSchema.extend(zoneHealthSchema)).optional(),
  healthChecks: healthChecksSchema.optional(),
  resolverEndpoints: resolverEndpointsSchema.optional(),
  changeAudit: changeAuditSchema.optional(),
});

function issues(input: unknown): { path: string; message: string }[] {
  const r = root.safeParse(input);
  if (r.success) return [];
  return fromZod(r.error, root);
}
function only(input: unknown) {
  const all = issues(input);
  expect(all).toHaveLength(1);
  return all[0];
}

describe('healthChecks', () => {
  it('accepts the minimal form and every option', () => {
    expect(issues({ healthChecks: [{ name: 'api', url: 'https://api.example.com/health' }] })).toEqual([]);
    expect(
      issues({
        healthChecks: [
          {
            name: 'api',
            url: 'https://api.example.com:8443/health?deep=1',
            searchString: 'OK',
            requestInterval: 10,
            failureThreshold: 2,
            regions: ['us-east-1', 'eu-west-1', 'ap-southeast-1'],
            measureLatency: true,
            sni: true,
            inverted: false,
            disabled: false,
            alarm: { severity: 'warning', evaluationPeriods: 2, datapointsToAlarm: 2 },
            percentageHealthy: { threshold: 60 },
            latency: { timeToFirstByteMs: 800, connectionTimeMs: 200 },
          },
          { name: 'db', url: 'tcp://db.example.com:5432' },
          { name: 'both', children: ['api', 'db'], healthyThreshold: 1 },
        ],
      }),
    ).toEqual([]);
  });

  it('rejects a search string longer than 255 characters', () => {
    const i = only({ healthChecks: [{ name: 'api', url: 'https://a.example.com/', searchString: 'x'.repeat(256) }] });
    expect(i.path).toBe('healthChecks[0].searchString');
    expect(i.message).toMatch(/longer than 255 characters — Route 53 accepts at most 255/);
  });

  it('rejects fewer than 3 checker regions and unknown or repeated regions', () => {
    const i = only({ healthChecks: [{ name: 'api', url: 'https://a.example.com/', regions: ['us-east-1', 'eu-west-1'] }] });
    expect(i.path).toBe('healthChecks[0].regions');
    expect(i.message).toMatch(/fewer than 3 checker regions — Route 53 needs at least 3/);
    expect(only({ healthChecks: [{ name: 'a', url: 'https://a.example.com/', regions: ['us-east-1', 'eu-west-1', 'eu-central-1'] }] })).toMatchObject({
      path: 'healthChecks[0].regions[2]',
      message: expect.stringMatching(/not a Route 53 checker region — use us-east-1, us-west-1/),
    });
    expect(only({ healthChecks: [{ name: 'a', url: 'https://a.example.com/', regions: ['us-east-1', 'eu-west-1', 'us-east-1'] }] })).toMatchObject({
      path: 'healthChecks[0].regions[2]',
      message: expect.stringMatching(/lists us-east-1 twice/),
    });
  });

  it('rejects SNI on an http URL and on an IP address', () => {
    expect(only({ healthChecks: [{ name: 'api', url: 'http://api.example.com/', sni: true }] })).toMatchObject({
      path: 'healthChecks[0].sni',
      message: expect.stringMatching(/only for https URLs — http:\/\/ checks do not use TLS/),
    });
    expect(only({ healthChecks: [{ name: 'api', url: 'https://198.51.100.7/', sni: true }] }).message).toMatch(/needs a host name/);
  });

  it("takes the ports Route 53's health-check schema takes", () => {
    const config = resourceSchema('AWS::Route53::HealthCheck') as unknown as { properties: { HealthCheckConfig: { properties: { Port: { minimum: number; maximum: number } } } } };
    const port = config.properties.HealthCheckConfig.properties.Port;
    expect(ROUTE53.healthCheckPorts).toEqual({ min: port.minimum, max: port.maximum });
  });

  it('takes the lengths the CreateHealthCheck API takes (AWS\'s API model)', () => {
    expect(ROUTE53.maxHealthCheckFqdnLength).toBe(apiShape('route53', 'FullyQualifiedDomainName').max);
    expect(ROUTE53.maxHealthCheckResourcePathLength).toBe(apiShape('route53', 'ResourcePath').max);
    expect(ROUTE53.maxSearchStringLength).toBe(apiShape('route53', 'SearchString').max);
    expect(only({ healthChecks: [{ name: 'api', url: `https://api.example.com/${'p'.repeat(ROUTE53.maxHealthCheckResourcePathLength)}` }] }).message).toMatch(/has a path and query of 256 characters — Route 53 allows at most 255/);
  });

  it.each([
    ['tcp://db.example.com', /has no port — a TCP check needs one: tcp:\/\/host:port/],
    ['tcp://db.example.com:5432/path', /has a path or query — a TCP check only opens a connection/],
    // Route 53's HealthCheckConfig.Port is 1-65535; the URL parser takes :0 (it refuses 65536 and up).
    ['https://api.example.com:0/health', /^has port 0 — Route 53 checks ports 1 to 65535/],
    ['tcp://db.example.com:0', /^has port 0 — Route 53 checks ports 1 to 65535/],
    ['ftp://files.example.com/', /uses ftp:\/\/ — Route 53 checks http, https or tcp/],
    ['api.example.com/health', /is not a URL — use https:\/\/host/],
    ['https://user:pw@api.example.com/', /user name or password/],
    ['https://10.1.2.3/health', /which is a private \(RFC 1918\) address, not a public one/],
    ['https://[::1]/health', /which is a loopback address, not a public one/],
    // RFC 6598 shared address space: one of the three documents Route 53's HealthCheckConfig.IPAddress cites.
    ['https://100.64.1.1/health', /uses 100\.64\.1\.1, which is a shared address space \(RFC 6598\) address, not a public one/],
    ['tcp://169.254.169.254:80', /link-local \(RFC 3927\)/],
    ['https://[fd00::1]/', /unique local \(RFC 4193\)/],
    ['https://239.1.1.1/', /multicast/],
    [`https://api.example.com/${'p'.repeat(260)}`, /Route 53 allows at most 255/],
    ['https://bad_host!.example.com/', /is not a domain name or IP address/],
  ])('rejects url %s', (url, msg) => {
    const i = only({ healthChecks: [{ name: 'x', url }] });
    expect(i.path).toBe('healthChecks[0].url');
    expect(i.message).toMatch(msg);
  });

  it('rejects a search string on tcp and time-to-first-byte on tcp', () => {
    expect(only({ healthChecks: [{ name: 'db', url: 'tcp://db.example.com:5432', searchString: 'x' }] }).path).toBe('healthChecks[0].searchString');
    expect(
      only({ healthChecks: [{ name: 'db', url: 'tcp://db.example.com:5432', measureLatency: true, latency: { timeToFirstByteMs: 5 } }] }).path,
    ).toBe('healthChecks[0].latency.timeToFirstByteMs');
  });

  it('requires measureLatency for latency alarms and a threshold in them', () => {
    expect(only({ healthChecks: [{ name: 'a', url: 'https://a.example.com/', latency: { connectionTimeMs: 100 } }] })).toMatchObject({
      path: 'healthChecks[0].latency',
      message: expect.stringMatching(/needs measureLatency: true/),
    });
    expect(only({ healthChecks: [{ name: 'a', url: 'https://a.example.com/', measureLatency: true, latency: {} }] }).message).toMatch(/sets no threshold/);
  });

  it('rejects bad intervals, thresholds and M-of-N', () => {
    expect(only({ healthChecks: [{ name: 'a', url: 'https://a.example.com/', requestInterval: 20 }] })).toMatchObject({
      path: 'healthChecks[0].requestInterval',
      message: expect.stringMatching(/must be 10 or 30/),
    });
    expect(only({ healthChecks: [{ name: 'a', url: 'https://a.example.com/', failureThreshold: 11 }] }).message).toMatch(/from 1 to 10/);
    expect(only({ healthChecks: [{ name: 'a', url: 'https://a.example.com/', alarm: { evaluationPeriods: 1, datapointsToAlarm: 2 } }] })).toMatchObject({
      path: 'healthChecks[0].alarm.datapointsToAlarm',
      message: expect.stringMatching(/greater than evaluationPeriods/),
    });
    expect(only({ healthChecks: [{ name: 'a', url: 'https://a.example.com/', percentageHealthy: { threshold: 120 } }] }).path).toBe(
      'healthChecks[0].percentageHealthy.threshold',
    );
  });

  it('checks calculated groups: children exist, threshold <= children, no url mix, no cycles', () => {
    const base = [
      { name: 'a', url: 'https://a.example.com/' },
      { name: 'b', url: 'https://b.example.com/' },
    ];
    expect(only({ healthChecks: [...base, { name: 'g', children: ['a', 'c'] }] })).toMatchObject({
      path: 'healthChecks[2].children[1]',
      message: expect.stringMatching(/names 'c', which is not a health check in this file — use one of: a, b/),
    });
    expect(only({ healthChecks: [...base, { name: 'g', children: ['a', 'b'], healthyThreshold: 3 }] })).toMatchObject({
      path: 'healthChecks[2].healthyThreshold',
      message: expect.stringMatching(/is 3 but the check has only 2 children — it could never be healthy/),
    });
    expect(only({ healthChecks: [...base, { name: 'g', children: ['a'], url: 'https://g.example.com/' }] }).path).toBe('healthChecks[2].children');
    expect(only({ healthChecks: [...base, { name: 'g', children: ['a'], searchString: 'x' }] }).message).toMatch(/does not apply to a calculated check/);
    expect(only({ healthChecks: [{ name: 'a', url: 'https://a.example.com/', healthyThreshold: 1 }] }).message).toMatch(/only applies to calculated checks/);
    const cyc = issues({ healthChecks: [...base, { name: 'g1', children: ['a', 'g2'] }, { name: 'g2', children: ['b', 'g1'] }] });
    expect(cyc.map((x) => x.message).join('\n')).toMatch(/forms a cycle \(g1 -> g2 -> g1\)/);
    expect(only({ healthChecks: [{ name: 'x' }] }).message).toMatch(/is required — give the endpoint URL/);
  });

  it('holds a calculated check to 255 children: the Route 53 quota, below the API schema\'s 256', () => {
    const leaves = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `c${i}`, url: `https://c${i}.example.com/` }));
    const group = (n: number) => ({ name: 'g', children: leaves(n).map((c) => c.name) });
    expect(issues({ healthChecks: [...leaves(255), group(255)] })).toEqual([]);
    expect(only({ healthChecks: [...leaves(256), group(256)] })).toMatchObject({
      path: 'healthChecks[256].children',
      message: expect.stringMatching(/lists more than 255 children — Route 53 allows at most 255/),
    });
  });

  it('rejects duplicate and badly formed names', () => {
    expect(only({ healthChecks: [{ name: 'a', url: 'https://a.example.com/' }, { name: 'a', url: 'https://b.example.com/' }] })).toMatchObject({
      path: 'healthChecks[1].name',
      message: expect.stringMatching(/duplicate health-check name 'a' \(already used at healthChecks\[0\]\)/),
    });
    expect(only({ healthChecks: [{ name: 'API_1', url: 'https://a.example.com/' }] }).message).toMatch(/lowercase letters, digits or hyphens/);
  });

  it('rejects unknown keys with the allowed list', () => {
    expect(only({ healthChecks: [{ name: 'a', url: 'https://a.example.com/', interval: 10 }] })).toMatchObject({
      path: 'healthChecks[0].interval',
      message: expect.stringMatching(/unknown key 'interval' — check the spelling; allowed here: name, url, searchString, requestInterval/),
    });
  });
});

describe('zone health keys and resolverEndpoints', () => {
  const zone = { zoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com' };

  it('accepts dnssec and queryVolume on a hosted zone', () => {
    expect(issues({ hostedZones: [{ ...zone, dnssec: true, queryVolume: { minQueries: 10, anomaly: 'drop', period: 60, evaluationPeriods: 5 } }] })).toEqual([]);
  });

  it('rejects bad queryVolume values', () => {
    expect(only({ hostedZones: [{ ...zone, queryVolume: { anomaly: 'spike' } }] })).toMatchObject({
      path: 'hostedZones[0].queryVolume.anomaly',
      message: 'must be off or drop — drop (the default) alarms when query volume falls below its anomaly-detection band',
    });
    expect(only({ hostedZones: [{ ...zone, queryVolume: { period: 90 } }] }).message).toMatch(/multiple of 60 seconds/);
    // PutMetricAlarm: period x N at most one day below hourly periods, seven days from an hour up.
    expect(only({ hostedZones: [{ ...zone, queryVolume: { period: 1800, evaluationPeriods: 49 } }] }).message).toMatch(/88200 s .*at most 86400 s \(one day\) for periods under an hour/);
    expect(issues({ hostedZones: [{ ...zone, queryVolume: { period: 3600, evaluationPeriods: 48 } }] })).toEqual([]);
    expect(only({ hostedZones: [{ ...zone, queryVolume: { period: 3600, evaluationPeriods: 169 } }] }).message).toMatch(/608400 s .*at most 604800 s \(seven days\) for periods of an hour or more/);
    expect(only({ hostedZones: [{ ...zone, dnssec: 'yes' }] }).path).toBe('hostedZones[0].dnssec');
    // With period unset, the traffic-drop alarm keeps its 420 s window: 250 of them are 105,000 s,
    // over CloudWatch's one day (PutMetricAlarm), although 250 one-minute periods would fit.
    expect(only({ hostedZones: [{ ...zone, queryVolume: { evaluationPeriods: 250, datapointsToAlarm: 3 } }] })).toMatchObject({
      path: 'hostedZones[0].queryVolume.evaluationPeriods',
      message: expect.stringMatching(/traffic-drop alarm.*105000 s.*at most 86400 s/),
    });
    expect(issues({ hostedZones: [{ ...zone, queryVolume: { evaluationPeriods: 250, datapointsToAlarm: 3, anomaly: 'off' } }] })).toEqual([]);
  });

  const ep = { endpointId: 'rslvr-in-0123456789abcdef0', region: 'eu-west-1', direction: 'inbound', name: 'onprem-in' };
  it('accepts an endpoint and checks id, direction, period and duplicates', () => {
    expect(issues({ resolverEndpoints: [ep] })).toEqual([]);
    expect(only({ resolverEndpoints: [{ ...ep, endpointId: 'rslvr-in-123' }] }).message).toMatch(/is not a Resolver endpoint id/);
    expect(only({ resolverEndpoints: [{ ...ep, direction: 'outbound' }] })).toMatchObject({
      path: 'resolverEndpoints[0].direction',
      message: expect.stringMatching(/is outbound but rslvr-in-0123456789abcdef0 is an inbound endpoint id/),
    });
    expect(only({ resolverEndpoints: [{ ...ep, queryVolume: { period: 60 } }] })).toMatchObject({
      path: 'resolverEndpoints[0].queryVolume.period',
      message: expect.stringMatching(/at least 300 seconds — Resolver endpoint metrics arrive every 5 minutes/),
    });
    const dup = issues({ resolverEndpoints: [ep, { ...ep }] });
    expect(dup.map((d) => d.path)).toEqual(['resolverEndpoints[1].endpointId', 'resolverEndpoints[1].name']);
    expect(only({ resolverEndpoints: [{ ...ep, region: 'Ireland' }] }).path).toBe('resolverEndpoints[0].region');
  });
});

describe('changeAudit', () => {
  const zones = [{ zoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'Example.com.' }];

  it('requires exactly one of zoneId or zoneName', () => {
    expect(only({ changeAudit: { protectedRecords: [{ name: 'www' }] } })).toMatchObject({
      path: 'changeAudit.protectedRecords[0].zoneId',
      message: expect.stringMatching(/give exactly one of zoneId or zoneName/),
    });
    expect(only({ changeAudit: { protectedRecords: [{ zoneName: 'example.com', name: 'www', type: 'AXFR' }] } }).path).toBe(
      'changeAudit.protectedRecords[0].type',
    );
  });

  it('resolves protected records to FQDNs in monitored zones', () => {
    const r = resolveChangeAudit({
      hostedZones: zones,
      changeAudit: {
        protectedRecords: [
          { zoneName: 'example.com', name: '@', type: 'MX' },
          { zoneId: 'Z0123456789ABCDEFGHIJ', name: 'api' },
          { zoneName: 'EXAMPLE.com.', name: 'WWW.example.com.' },
        ],
      },
    });
    expect(r.protectedRecords).toEqual([
      { zoneId: 'Z0123456789ABCDEFGHIJ', name: 'example.com.', type: 'MX' },
      { zoneId: 'Z0123456789ABCDEFGHIJ', name: 'api.example.com.', type: undefined },
      { zoneId: 'Z0123456789ABCDEFGHIJ', name: 'www.example.com.', type: undefined },
    ]);
    expect(r).toMatchObject({ enabled: true, allChanges: true });
  });

  it('reports records of unmonitored zones and names outside the zone with their paths', () => {
    let err: ConfigError | undefined;
    try {
      resolveChangeAudit({
        hostedZones: zones,
        changeAudit: { protectedRecords: [{ zoneName: 'other.org', name: 'www' }, { zoneId: 'Z0123456789ABCDEFGHIJ', name: 'www.other.org' }] },
      });
    } catch (e) {
      err = e as ConfigError;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect(err!.issues).toEqual([
      { path: 'changeAudit.protectedRecords[0].zoneName', message: "'other.org' is not a monitored hosted zone — use one listed under hostedZones: example.com" },
      {
        path: 'changeAudit.protectedRecords[1].name',
        message: "'www.other.org' is not inside zone example.com — use a name ending in .example.com, a single label relative to the zone (e.g. api) or @ for the apex",
      },
    ]);
  });
});
