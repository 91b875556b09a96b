/**
 * Every metric filter the app emits, run against real-format log lines with the CloudWatch
 * filter-pattern matcher (lib/filter-pattern): each pattern matches exactly the lines it should,
 * and the dimension values it would publish are the zone/VPC id and query type of the line.
 */
import { extractFields, matchFilterPattern } from '../../lib/filter-pattern';
import { parseConfig } from '../../lib/config/load';
import { KNOWN_QUERY_TYPES, signalIds } from '../../lib/signals/catalogue';
import { filtersForLogGroup, FilterSpec } from '../../lib/signals/metric-filters';

// Hosted-zone query log lines (Route 53 Developer Guide format: 10 space-delimited fields).
const Z1 = 'Z0123456789ABCDEFGHIJ';
const Z2 = 'Z0987654321JIHGFEDCBA';
const ZX = 'Z5555555555XXXXXXXXXX'; // a zone that logs to the same group but is not monitored
const hz = (zone: string, qname: string, qtype: string, rcode: string, proto = 'UDP', ecs = '-') =>
  `1.0 2017-12-13T08:16:02.130Z ${zone} ${qname} ${qtype} ${rcode} ${proto} FRA6 192.168.3.1 ${ecs}`;
const HOSTED_LINES = [
  hz(Z1, 'example.com', 'A', 'NOERROR'),
  hz(Z1, 'example.com', 'AAAA', 'NOERROR', 'UDP', '192.168.222.0/24'),
  hz(Z1, 'bad.example.com', 'A', 'NXDOMAIN', 'UDP', '192.168.111.0/24'),
  hz(Z1, 'txt.example.com', 'TXT', 'NOERROR', 'TCP'),
  hz(Z1, 'x.example.com', 'HTTPS', 'SERVFAIL'),
  hz(Z1, 'other.org', 'A', 'REFUSED'),
  hz(Z1, 'weird.example.com', 'TYPE65534', 'FORMERR'),
  hz(Z1, 'ns.example.com', 'NS', 'NOTIMP', 'TCP'),
  hz(Z2, 'shop.example.com', 'CAA', 'NOERROR'),
  hz(Z2, 'gone.shop.example.com', 'SVCB', 'NXDOMAIN', 'TCP', '2001:db8::/56'),
  hz(ZX, 'unmonitored.example.net', 'A', 'SERVFAIL'),
];
const fieldsOf = (line: string) => {
  const [, , zone, qname, qtype, rcode, proto, , , ecs] = line.split(' ');
  return { zone, qname, qtype, rcode, proto, ecs };
};

/** What each hosted-zone metric must count, written independently of the catalogue. */
const HOSTED_EXPECT: Record<string, (f: ReturnType<typeof fieldsOf>) => boolean> = {
  Queries: () => true,
  NoError: (f) => f.rcode === 'NOERROR',
  NXDomain: (f) => f.rcode === 'NXDOMAIN',
  ServFail: (f) => f.rcode === 'SERVFAIL',
  Refused: (f) => f.rcode === 'REFUSED',
  Errors: (f) => f.rcode !== 'NOERROR',
  TcpQueries: (f) => f.proto === 'TCP',
  EcsQueries: (f) => f.ecs !== '-',
  QueriesOtherType: (f) => !(KNOWN_QUERY_TYPES as readonly string[]).includes(f.qtype),
};

const allOn = (ids: string[]) => Object.fromEntries(ids.map((id) => [id, { enabled: true }]));

function hostedFilters(): FilterSpec[] {
  const cfg = parseConfig({
    prefix: 't',
    hostedZones: [
      { zoneId: Z1, zoneName: 'example.com', queryLogging: { logGroupName: '/dns/shared' } },
      { zoneId: Z2, zoneName: 'shop.example.com', queryLogging: { logGroupName: '/dns/shared' } },
    ],
    signals: allOn(signalIds('hostedZone')),
  });
  return filtersForLogGroup('hostedZone', '/dns/shared', cfg.hostedZones);
}

describe('hosted-zone metric filters match exactly the lines they should', () => {
  const filters = hostedFilters();

  it('emits one filter per published metric, not per zone', () => {
    expect(filters.map((f) => f.metricName).sort()).toEqual([...Object.keys(HOSTED_EXPECT), 'QueriesByType'].sort());
  });

  it.each(Object.keys(HOSTED_EXPECT))('%s', (metricName) => {
    const spec = filters.find((f) => f.metricName === metricName)!;
    for (const line of HOSTED_LINES) {
      const f = fieldsOf(line);
      const want = f.zone !== ZX && HOSTED_EXPECT[metricName](f);
      expect([line, matchFilterPattern(spec.pattern, line)]).toEqual([line, want]);
      if (want) {
        // The published ZoneId dimension is the zone of the line (field 3).
        const fields = extractFields(spec.pattern, line)!;
        expect(fields[spec.dimensions.ZoneId.slice(1)]).toBe(f.zone);
      }
    }
  });

  it('QueriesByType counts the listed types with the type as dimension', () => {
    const spec = filters.find((f) => f.metricName === 'QueriesByType')!;
    expect(spec.dimensions).toEqual({ ZoneId: '$zone_id', QueryType: '$query_type' });
    for (const line of HOSTED_LINES) {
      const f = fieldsOf(line);
      const want = f.zone !== ZX && (KNOWN_QUERY_TYPES as readonly string[]).includes(f.qtype);
      expect([line, matchFilterPattern(spec.pattern, line)]).toEqual([line, want]);
      if (want) expect(extractFields(spec.pattern, line)!.query_type).toBe(f.qtype);
    }
  });

  it('a zone that turned a signal off is left out of that filter only', () => {
    const cfg = parseConfig({
      prefix: 't',
      hostedZones: [
        { zoneId: Z1, zoneName: 'example.com', queryLogging: { logGroupName: '/dns/shared' } },
        { zoneId: Z2, zoneName: 'shop.example.com', queryLogging: { logGroupName: '/dns/shared' }, signals: { tcp: { enabled: false } } },
      ],
      signals: { tcp: { enabled: true } },
    });
    const specs = filtersForLogGroup('hostedZone', '/dns/shared', cfg.hostedZones);
    const tcp = specs.find((s) => s.metricName === 'TcpQueries')!;
    expect(tcp.subjects).toEqual([Z1]);
    expect(matchFilterPattern(tcp.pattern, hz(Z1, 'a.example.com', 'A', 'NOERROR', 'TCP'))).toBe(true);
    expect(matchFilterPattern(tcp.pattern, hz(Z2, 'a.shop.example.com', 'A', 'NOERROR', 'TCP'))).toBe(false);
    const total = specs.find((s) => s.metricName === 'Queries')!;
    expect(matchFilterPattern(total.pattern, hz(Z2, 'a.shop.example.com', 'A', 'NOERROR', 'TCP'))).toBe(true);
  });

  it('filters per log group stay fixed however many zones share it', () => {
    const zones = Array.from({ length: 40 }, (_, i) => ({
      zoneId: `Z${String(i).padStart(4, '0')}SHAREDZONE`,
      zoneName: `z${i}.example.com`,
      queryLogging: { logGroupName: '/dns/fleet' },
    }));
    const cfg = parseConfig({ prefix: 't', hostedZones: zones, signals: allOn(signalIds('hostedZone')) });
    const specs = filtersForLogGroup('hostedZone', '/dns/fleet', cfg.hostedZones);
    expect(specs.length).toBe(10);
    // 40 zone ids do not fit in one 1,024-character pattern: the filters read the whole group.
    expect(specs.every((s) => s.pattern.length <= 1024)).toBe(true);
  });
});

// Resolver query log records (JSON, Route 53 Developer Guide field names).
const V1 = 'vpc-0123456789abcdef0';
const V2 = 'vpc-0fedcba9876543210';
const VX = 'vpc-0aaaaaaaaaaaaaaaa';
const rr = (vpc: string, name: string, type: string, rcode: string, transport = 'UDP', fw?: string) =>
  JSON.stringify({
    version: '1.100000',
    account_id: '111122223333',
    region: 'eu-west-1',
    vpc_id: vpc,
    query_timestamp: '2021-02-04T17:51:55Z',
    query_name: name,
    query_type: type,
    query_class: 'IN',
    rcode,
    answers: rcode === 'NOERROR' ? [{ Rdata: '203.0.113.9', Type: type, Class: 'IN' }] : [],
    srcaddr: '10.0.1.23',
    srcport: '56067',
    transport,
    srcids: { instance: 'i-0d15cd0d3example' },
    ...(fw ? { firewall_rule_group_id: 'rslvr-frg-1', firewall_rule_action: fw, firewall_domain_list_id: 'rslvr-fdl-1' } : {}),
  });
const RESOLVER_LINES = [
  rr(V1, 'example.com.', 'A', 'NOERROR'),
  rr(V1, 'nope.internal.', 'AAAA', 'NXDOMAIN'),
  rr(V1, 'api.partner.example.', 'A', 'SERVFAIL', 'TCP'),
  rr(V1, 'x.', 'TXT', 'REFUSED'),
  rr(V1, 'bad.example.', 'A', 'NXDOMAIN', 'UDP', 'BLOCK'),
  rr(V1, 'ok.example.', 'A', 'NOERROR', 'UDP', 'ALERT'),
  rr(V2, '15.3.4.32.in-addr.arpa.', 'PTR', 'NOERROR', 'TCP'),
  rr(V2, 'odd.example.', 'NAPTR', 'FORMERR'),
  rr(VX, 'other.example.', 'A', 'SERVFAIL'),
];
const RESOLVER_EXPECT: Record<string, (r: any) => boolean> = {
  Queries: () => true,
  NoError: (r) => r.rcode === 'NOERROR',
  NXDomain: (r) => r.rcode === 'NXDOMAIN',
  ServFail: (r) => r.rcode === 'SERVFAIL',
  Refused: (r) => r.rcode === 'REFUSED',
  Errors: (r) => r.rcode !== 'NOERROR',
  TcpQueries: (r) => r.transport === 'TCP',
  FirewallBlocked: (r) => r.firewall_rule_action === 'BLOCK',
  QueriesOtherType: (r) => !(KNOWN_QUERY_TYPES as readonly string[]).includes(r.query_type),
  QueriesByType: (r) => (KNOWN_QUERY_TYPES as readonly string[]).includes(r.query_type),
};

describe('Resolver metric filters match exactly the records they should', () => {
  const cfg = parseConfig({
    prefix: 't',
    resolverVpcs: [
      { vpcId: V1, region: 'eu-west-1' },
      { vpcId: V2, region: 'eu-west-1' },
    ],
    signals: allOn(signalIds('resolver')),
  });
  const filters = filtersForLogGroup('resolver', '/aws/route53resolver/t', cfg.resolverVpcs);

  it('has one filter per published metric', () => {
    expect(filters.map((f) => f.metricName).sort()).toEqual(Object.keys(RESOLVER_EXPECT).sort());
  });

  it.each(Object.keys(RESOLVER_EXPECT))('%s', (metricName) => {
    const spec = filters.find((f) => f.metricName === metricName)!;
    expect(spec.dimensions.VpcId).toBe('$.vpc_id');
    for (const line of RESOLVER_LINES) {
      const r = JSON.parse(line);
      const want = r.vpc_id !== VX && RESOLVER_EXPECT[metricName](r);
      expect([line, matchFilterPattern(spec.pattern, line)]).toEqual([line, want]);
      if (want) expect(extractFields(spec.pattern, line)!['$.vpc_id']).toBe(r.vpc_id);
    }
  });

  it('a hosted-zone line never matches a Resolver pattern and vice versa', () => {
    const total = filters.find((f) => f.metricName === 'Queries')!;
    expect(matchFilterPattern(total.pattern, HOSTED_LINES[0])).toBe(false);
    const hostedTotal = hostedFilters().find((f) => f.metricName === 'Queries')!;
    expect(matchFilterPattern(hostedTotal.pattern, RESOLVER_LINES[0])).toBe(false);
  });
});
