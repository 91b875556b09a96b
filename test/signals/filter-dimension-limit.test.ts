/**
 * CloudWatch Logs may disable a metric filter that publishes 1,000 different dimension values in an
 * hour (LOGS.metricFilterDimensionValuesPerHour). The product's filters are per log group, with the
 * zone or VPC id as a dimension (and the query type for the query-type signals): a log group shared
 * by too many subjects would have its filters switched off in the account, and every alarm of its
 * zones would lose its data. The config is refused before anything is deployed.
 */
import { LOGS } from '../../lib/aws-facts';
import { parseConfig } from '../../lib/config/load';
import { issuesOf } from '../support/config-issues';

const zones = (n: number, extra: object = {}) =>
  Array.from({ length: n }, (_, i) => ({ zoneId: `Z0${String(i).padStart(5, '0')}ABCDEFGHIJKLMN`, zoneName: `z${i}.example.com`, queryLogging: { logGroupName: '/aws/route53/fleet' }, ...extra }));
const QTYPES = ['a', 'aaaa', 'cname', 'mx', 'txt', 'ns', 'soa', 'ptr', 'srv', 'caa', 'https', 'svcb', 'ds', 'dnskey', 'any'];
const allQueryTypes = Object.fromEntries(QTYPES.map((q) => [`qtype-${q}`, { enabled: true }]));

describe('metric filter dimension values per log group', () => {
  it('is the documented limit', () => {
    expect(LOGS.metricFilterDimensionValuesPerHour).toBe(1000);
  });

  it('refuses a log group shared by 1,000 zones, naming the group, the limit and the fix', () => {
    const issues = issuesOf({ prefix: 'acme', hostedZones: zones(1000), alerts: { email: ['a@example.com'] } });
    expect(issues).toEqual([
      {
        path: 'hostedZones[0].queryLogging.logGroupName',
        message: expect.stringMatching(/\/aws\/route53\/fleet.*1000 zones.*1,000 different dimension values.*at most 999 zones/s),
      },
    ]);
  });

  it('accepts 999 zones sharing one log group', () => {
    expect(parseConfig({ prefix: 'acme', hostedZones: zones(999), alerts: { email: ['a@example.com'] } }).hostedZones).toHaveLength(999);
  });

  it('counts query types times zones for the query-type signals', () => {
    // 67 zones x 15 query types = 1,005 values of the QueriesByType filter; 66 x 15 = 990.
    const refused = issuesOf({ prefix: 'acme', hostedZones: zones(67), signals: allQueryTypes, alerts: { email: ['a@example.com'] } });
    expect(refused).toEqual([{ path: 'hostedZones[0].queryLogging.logGroupName', message: expect.stringMatching(/QueriesByType.*1005.*67 zones.*15 query types.*at most 66 zones/s) }]);
    expect(parseConfig({ prefix: 'acme', hostedZones: zones(66), signals: allQueryTypes, alerts: { email: ['a@example.com'] } }).hostedZones).toHaveLength(66);
  });

  it('refuses 1,000 VPCs of a region in one Resolver log group', () => {
    const resolverVpcs = Array.from({ length: 1000 }, (_, i) => ({ vpcId: `vpc-${String(i).padStart(17, '0')}`, region: 'eu-west-1' }));
    const issues = issuesOf({ prefix: 'acme', resolverVpcs, alerts: { email: ['a@example.com'] } });
    expect(issues).toEqual([{ path: 'resolverVpcs[0].queryLogging.logGroupName', message: expect.stringMatching(/\/aws\/route53resolver\/acme.*eu-west-1.*1000 VPCs.*at most 999 VPCs/s) }]);
  });
});

describe('a filter pattern that cannot list the zones it counts', () => {
  it('is a config error at the signal, not a failure while building the stacks', () => {
    // Half of 80 zones sharing a group turn a signal off: its filter must list the 40 others, which
    // does not fit in a 1,024-character pattern.
    const hostedZones = zones(80).map((z, i) => (i % 2 === 0 ? { ...z, signals: { tcp: { enabled: false } } } : z));
    const issues = issuesOf({ prefix: 'acme', hostedZones, signals: { tcp: { enabled: true } }, alerts: { email: ['a@example.com'] } });
    expect(issues).toEqual([{ path: 'hostedZones[0].signals.tcp', message: expect.stringMatching(/\/aws\/route53\/fleet.*TcpQueries.*1024-character pattern limit.*enable the signal for every subject sharing this log group, or split the log group/s) }]);
  });
});
