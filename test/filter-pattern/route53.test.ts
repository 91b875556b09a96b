import { extractFields, matchFilterPattern, parseFilterPattern } from '../../lib/filter-pattern';
import { matching } from './helpers';

// Route 53 public hosted-zone query log lines: 10 space-delimited fields (version timestamp zone_id
// qname qtype rcode protocol edge resolver_ip edns_client_subnet), see
// /work/shared/reference/route53-query-logs.md ("Public DNS query logging").
const NOERROR_A = '1.0 2017-12-13T08:15:50.235Z Z123412341234 example.com A NOERROR UDP FRA6 192.168.1.1 -';
const NOERROR_AAAA = '1.0 2017-12-13T08:16:02.130Z Z123412341234 example.com AAAA NOERROR UDP FRA6 192.168.3.1 192.168.222.0/24';
const NXDOMAIN_A = '1.0 2017-12-13T08:15:50.342Z Z123412341234 bad.example.com A NXDOMAIN UDP FRA6 192.168.3.1 192.168.111.0/24';
const NOERROR_TXT = '1.0 2017-12-13T08:16:05.744Z Z123412341234 txt.example.com TXT NOERROR UDP JFK5 192.168.1.2 -';
const SERVFAIL_TCP = '1.0 2017-12-13T08:16:06.001Z Z987654321098 api.example.org MX SERVFAIL TCP IAD12 10.0.0.53 -';
const LINES = [NOERROR_A, NOERROR_AAAA, NXDOMAIN_A, NOERROR_TXT, SERVFAIL_TCP];

const ALL10 = 'version, timestamp, zone_id, qname, qtype, rcode, protocol, edge, resolver_ip, ecs';

describe('Route 53 hosted-zone query logs (space-delimited)', () => {
  it('NXDOMAIN by named field', () => {
    const p = '[version, timestamp, zone_id, qname, qtype, rcode=NXDOMAIN, protocol, edge, resolver_ip, ecs]';
    expect(matching(p, LINES)).toEqual([NXDOMAIN_A]);
  });

  it('every field is extracted, so the $zone_id dimension and other values can be computed', () => {
    expect(extractFields(`[${ALL10}]`, SERVFAIL_TCP)).toEqual({
      version: '1.0',
      timestamp: '2017-12-13T08:16:06.001Z',
      zone_id: 'Z987654321098',
      qname: 'api.example.org',
      qtype: 'MX',
      rcode: 'SERVFAIL',
      protocol: 'TCP',
      edge: 'IAD12',
      resolver_ip: '10.0.0.53',
      ecs: '-',
    });
  });

  it('leading ellipsis before the rcode field (documented form [..., a, b]): rcode != NOERROR', () => {
    const p = '[..., rcode!=NOERROR, protocol, edge, resolver_ip, ecs]';
    expect(matching(p, LINES)).toEqual([NXDOMAIN_A, SERVFAIL_TCP]);
    expect(extractFields(p, SERVFAIL_TCP)).toMatchObject({ $3: 'Z987654321098', rcode: 'SERVFAIL' });
  });

  it('union on one field: qtype=A||qtype=AAAA', () => {
    const p = '[version, timestamp, zone_id, qname, qtype=A||qtype=AAAA, rcode, protocol, edge, resolver_ip, ecs]';
    expect(matching(p, LINES)).toEqual([NOERROR_A, NOERROR_AAAA, NXDOMAIN_A]);
  });

  it('qtype=A does not match AAAA (exact, not prefix)', () => {
    const p = '[version, timestamp, zone_id, qname, qtype=A, rcode, protocol, edge, resolver_ip, ecs]';
    expect(matching(p, LINES)).toEqual([NOERROR_A, NXDOMAIN_A]);
  });

  it('ecs != - selects queries that carried an EDNS client subnet', () => {
    const p = '[version, timestamp, zone_id, qname, qtype, rcode, protocol, edge, resolver_ip, ecs!=-]';
    expect(matching(p, LINES)).toEqual([NOERROR_AAAA, NXDOMAIN_A]);
    expect(matching('[version, timestamp, zone_id, qname, qtype, rcode, protocol, edge, resolver_ip, ecs="-"]', LINES)).toEqual([
      NOERROR_A,
      NOERROR_TXT,
      SERVFAIL_TCP,
    ]);
  });

  it('wildcards on the query name and the edge location', () => {
    expect(matching('[version, timestamp, zone_id, qname=*.example.com, qtype, rcode, protocol, edge, resolver_ip, ecs]', LINES)).toEqual([
      NXDOMAIN_A,
      NOERROR_TXT,
    ]);
    expect(matching('[version, timestamp, zone_id, qname, qtype, rcode, protocol, edge=FRA*, resolver_ip, ecs]', LINES)).toEqual([
      NOERROR_A,
      NOERROR_AAAA,
      NXDOMAIN_A,
    ]);
  });

  it('combined conditions on several fields (TCP and not NOERROR)', () => {
    const p = '[version, timestamp, zone_id, qname, qtype, rcode!=NOERROR, protocol=TCP, edge, resolver_ip, ecs]';
    expect(matching(p, LINES)).toEqual([SERVFAIL_TCP]);
  });

  it('a line with an 11th field does not match a pattern ending in ...-covered fields exactly', () => {
    const extra = `${NXDOMAIN_A} extra`;
    expect(matchFilterPattern('[..., rcode=NXDOMAIN, protocol, edge, resolver_ip, ecs]', extra)).toBe(false);
    // Without an ellipsis, the last field absorbs the extra text (see doc-space-delimited tests).
    expect(extractFields(`[${ALL10}]`, extra)).toMatchObject({ ecs: '192.168.111.0/24 extra' });
  });

  it('a rcode term pattern is looser than the field pattern (matches inside any field)', () => {
    expect(matching('NXDOMAIN', [...LINES, '1.0 t Z1 NXDOMAIN.example.com A NOERROR UDP FRA6 1.1.1.1 -'])).toHaveLength(2);
  });
});

// Route 53 Resolver (VPC) query log records (JSON), field names from the reference
// ("Values that appear in Resolver query logs").
function resolverRecord(over: Record<string, unknown>): string {
  return JSON.stringify({
    version: '1.100000',
    account_id: '111122223333',
    region: 'us-east-1',
    vpc_id: 'vpc-1',
    query_timestamp: '2021-02-04T17:51:55Z',
    query_name: '15.3.4.32.in-addr.arpa.',
    query_type: 'PTR',
    query_class: 'IN',
    rcode: 'NOERROR',
    answers: [{ Rdata: '203.0.113.9', Type: 'PTR', Class: 'IN' }],
    srcaddr: '4.5.64.102',
    srcport: '56067',
    transport: 'UDP',
    srcids: { instance: 'i-0d15cd0d3example' },
    ...over,
  });
}

const R_OK = resolverRecord({});
const R_NX_VPC1 = resolverRecord({ rcode: 'NXDOMAIN', query_name: 'nothing.example.com.', query_type: 'A', answers: [] });
const R_NX_VPC2 = resolverRecord({ rcode: 'NXDOMAIN', vpc_id: 'vpc-2', answers: [] });
const R_SERVFAIL_VPC1 = resolverRecord({ rcode: 'SERVFAIL', transport: 'TCP', answers: [] });
const R_BLOCKED = resolverRecord({
  query_name: 'malware.example.net.',
  query_type: 'A',
  rcode: 'NXDOMAIN',
  answers: [],
  firewall_rule_group_id: 'rslvr-frg-1',
  firewall_rule_action: 'BLOCK',
  firewall_domain_list_id: 'rslvr-fdl-1',
});
const R_ALERT = resolverRecord({ firewall_rule_group_id: 'rslvr-frg-1', firewall_rule_action: 'ALERT', firewall_domain_list_id: 'rslvr-fdl-2' });
const RECORDS = [R_OK, R_NX_VPC1, R_NX_VPC2, R_SERVFAIL_VPC1, R_BLOCKED, R_ALERT];

describe('Route 53 Resolver query logs (JSON)', () => {
  it('{ $.rcode = "NXDOMAIN" }', () => {
    expect(matching('{ $.rcode = "NXDOMAIN" }', RECORDS)).toEqual([R_NX_VPC1, R_NX_VPC2, R_BLOCKED]);
  });

  it('{ $.firewall_rule_action = "BLOCK" }', () => {
    expect(matching('{ $.firewall_rule_action = "BLOCK" }', RECORDS)).toEqual([R_BLOCKED]);
  });

  it('{ $.rcode != "NOERROR" && $.vpc_id = "vpc-1" }', () => {
    expect(matching('{ $.rcode != "NOERROR" && $.vpc_id = "vpc-1" }', RECORDS)).toEqual([R_NX_VPC1, R_SERVFAIL_VPC1, R_BLOCKED]);
  });

  it('firewall action present: EXISTS is not supported (documented), = * expresses it', () => {
    expect(() => parseFilterPattern('{ $.firewall_rule_action EXISTS }')).toThrow(/EXISTS/);
    expect(matching('{ $.firewall_rule_action = * }', RECORDS)).toEqual([R_BLOCKED, R_ALERT]);
    expect(matching('{ $.firewall_rule_action = "*" }', RECORDS)).toEqual([R_BLOCKED, R_ALERT]);
    expect(matching('{ $.firewall_rule_action NOT EXISTS }', RECORDS)).toEqual([R_OK, R_NX_VPC1, R_NX_VPC2, R_SERVFAIL_VPC1]);
  });

  it('a missing firewall_rule_action does not satisfy != (only records that have the field)', () => {
    expect(matching('{ $.firewall_rule_action != "BLOCK" }', RECORDS)).toEqual([R_ALERT]);
  });

  it('qname has no field in Resolver logs: a selector on it never matches with =', () => {
    expect(matching('{ $.qname = * }', RECORDS)).toEqual([]);
    expect(matching('{ $.query_name = *.example.com. }', RECORDS)).toEqual([R_NX_VPC1]);
  });

  it('unions, parentheses, nested and array selectors', () => {
    expect(matching('{ ($.query_type = "A" || $.query_type = "AAAA") && $.rcode = "NXDOMAIN" }', RECORDS)).toEqual([R_NX_VPC1, R_BLOCKED]);
    expect(matching('{ $.srcids.instance = "i-0d15cd0d3example" && $.answers[0].Type = "PTR" }', RECORDS)).toEqual([R_OK, R_ALERT]);
    expect(matching('{ $.answers[0].Rdata NOT EXISTS }', RECORDS)).toEqual([R_NX_VPC1, R_NX_VPC2, R_SERVFAIL_VPC1, R_BLOCKED]);
    expect(matching('{ $.transport = TCP }', RECORDS)).toEqual([R_SERVFAIL_VPC1]);
  });

  it('extractFields yields the $.vpc_id dimension value even when the pattern does not test it', () => {
    const f = extractFields('{ $.rcode = "NXDOMAIN" }', R_NX_VPC2);
    expect(f?.['$.vpc_id']).toBe('vpc-2');
    expect(f?.['$.query_name']).toBe('15.3.4.32.in-addr.arpa.');
    expect(f?.['$.srcids.instance']).toBe('i-0d15cd0d3example');
    expect(extractFields('{ $.rcode = "NXDOMAIN" }', R_OK)).toBeUndefined();
  });

  it('a JSON pattern never matches a hosted-zone (space-delimited) line, and vice versa', () => {
    expect(matching('{ $.rcode = * }', LINES)).toEqual([]);
    expect(matching(`[${ALL10}]`, RECORDS)).toEqual([]);
  });
});

describe('parsed patterns are reusable', () => {
  it('a FilterPattern parsed once matches many lines with the same result as the string form', () => {
    const text = '[..., rcode=NXDOMAIN || rcode=SERVFAIL, protocol, edge, resolver_ip, ecs]';
    const parsed = parseFilterPattern(text);
    expect(parsed.type).toBe('delimited');
    expect(LINES.filter((l) => matchFilterPattern(parsed, l))).toEqual([NXDOMAIN_A, SERVFAIL_TCP]);
    expect(LINES.map((l) => extractFields(parsed, l))).toEqual(LINES.map((l) => extractFields(text, l)));
  });
});
