/**
 * THE signal catalogue: every DNS signal the product knows, declared once. Metric filters,
 * alarms, dashboards widgets, the plan and docs/signals.md are all generated from this list.
 */
import type { LogSource, SignalDef, SignalDefaults } from './types';

/** Query types broken out individually; everything else is counted by `qtype-other`. */
export const KNOWN_QUERY_TYPES = [
  'A', 'AAAA', 'CNAME', 'MX', 'TXT', 'NS', 'SOA', 'PTR', 'SRV', 'CAA', 'HTTPS', 'SVCB', 'DS', 'DNSKEY', 'ANY',
] as const;

/** Shared defaults: 1-minute periods, alarm on 3 bad minutes out of 5. */
const BASE: SignalDefaults = {
  enabled: true,
  threshold: null,
  rateThreshold: null,
  minVolume: 50,
  minCount: 1,
  lowVolumeRateThreshold: null,
  lowVolumeMinCount: 1,
  period: 60,
  evaluationPeriods: 5,
  datapointsToAlarm: 3,
  treatMissingData: 'notBreaching',
  severity: 'warning',
  anomaly: 'off',
  anomalyBandWidth: 2,
};
const d = (o: Partial<SignalDefaults>): SignalDefaults => ({ ...BASE, ...o });

/**
 * Error signals page on 2 bad minutes out of 3 (hosted zones' servfail: out of 5; worst case 5 min,
 * docs/signals.md), in two tiers:
 * the rate tier at `minVolume` queries per minute or more, and below it the low-volume tier, which
 * breaches only on minutes answered mostly with the error (`lowVolumeRateThreshold`) so that a
 * quiet zone that is down pages while a quiet zone's stray errors do not.
 */
const ERROR_ALARM = { evaluationPeriods: 3, datapointsToAlarm: 2 } as const;

/** The slow tier (hosted zones' `errors`): one 15-minute window. */
const ERRORS_WINDOW = { period: 900, evaluationPeriods: 1, datapointsToAlarm: 1 } as const;

/** Fields per source used in the family definitions below. */
const FIELD = {
  hostedZone: { rcode: 'rcode', qtype: 'query_type', protocol: 'protocol' },
  resolver: { rcode: 'rcode', qtype: 'query_type', protocol: 'transport' },
} as const;

function familyFor(source: LogSource): SignalDef[] {
  const f = FIELD[source];
  const noun = source === 'hostedZone' ? 'hosted zone' : 'VPC';
  const where = (field: string, ...values: string[]) => ({ [field]: { equals: values } });
  const defs: SignalDef[] = [
    {
      id: 'total',
      source,
      title: 'Queries',
      description: `All DNS queries logged for the ${noun}.`,
      triage:
        source === 'hostedZone'
          ? 'Check that query logging is still enabled for the zone and that its log group receives events; a drop can also mean resolvers stopped reaching Route 53 (delegation or NS change).'
          : 'Check the Resolver query logging configuration and its VPC association; a drop can also mean workloads stopped resolving.',
      group: 'volume',
      measure: { kind: 'filter', metricName: 'Queries', where: {} },
      hasRate: false,
      direction: 'low',
      anomalyOn: 'count',
      // Hosted zones: silence is normal for a quiet zone; broken logging is caught by comparing
      // with Route 53's own DNSQueries (the zone's logs-stopped alarm, lib/health/zone-alarms.ts).
      // VPCs have no AWS-published query count, so the silence alarm stays: no query at all for
      // 15 consecutive minutes (Resolvers of a VPC with workloads are never silent that long).
      defaults:
        source === 'hostedZone'
          ? d({})
          : d({ threshold: 1, evaluationPeriods: 15, datapointsToAlarm: 15, treatMissingData: 'breaching' }),
      widget: { own: true, hotspot: true },
    },
    {
      id: 'noerror',
      source,
      title: 'NOERROR (success)',
      description: 'Queries answered with NOERROR; its rate is the success rate.',
      triage: 'Compare with NXDOMAIN/SERVFAIL/REFUSED rates and the Top-N query names to see what replaced the successful answers.',
      group: 'rcode',
      measure: { kind: 'filter', metricName: 'NoError', where: where(f.rcode, 'NOERROR') },
      hasRate: true,
      direction: 'low',
      anomalyOn: 'rate',
      defaults: d({}),
      widget: { own: true, breakdown: 'rcode' },
    },
    {
      id: 'nxdomain',
      source,
      title: 'NXDOMAIN',
      description: 'Queries for names that do not exist (NXDOMAIN).',
      triage:
        'Open the Top-N NXDOMAIN query names: a deleted or mistyped record, a broken deployment, or random-subdomain (water torture) traffic.',
      group: 'rcode',
      measure: { kind: 'filter', metricName: 'NXDomain', where: where(f.rcode, 'NXDOMAIN') },
      hasRate: true,
      direction: 'high',
      anomalyOn: 'count',
      // In VPCs, search-domain expansion makes NXDOMAIN normal: no rate alarm by default there.
      // Low-volume tier: 2+ NXDOMAIN answers that are 75 %+ of the minute's queries.
      defaults:
        source === 'hostedZone'
          ? d({ ...ERROR_ALARM, rateThreshold: 15, lowVolumeRateThreshold: 75, lowVolumeMinCount: 2 })
          : d({}),
      widget: { own: true, breakdown: 'rcode', hotspot: true },
    },
    {
      id: 'servfail',
      source,
      title: 'SERVFAIL',
      description: 'Queries that failed with SERVFAIL.',
      triage:
        source === 'hostedZone'
          ? 'Check DNSSEC signing status and alias targets of the Top-N SERVFAIL names; check the AWS Health Dashboard for Route 53.'
          : 'Check forwarding rules, outbound endpoints and upstream resolvers for the Top-N SERVFAIL names; check DNSSEC validation failures.',
      group: 'rcode',
      measure: { kind: 'filter', metricName: 'ServFail', where: where(f.rcode, 'SERVFAIL') },
      hasRate: true,
      direction: 'high',
      anomalyOn: 'count',
      // Low-volume tier: SERVFAIL is (almost) never normal, so one SERVFAIL that is 10 %+ of a quiet
      // minute's queries breaches (also catches one failing edge location at 5 queries/min).
      // Busy tier: 3+ SERVFAIL in the minute, so one stray SERVFAIL (1 of 50 queries is 2 %) does
      // not breach, while an outage at 20+ queries/min brings 5+ (a quarter of 20) every minute.
      // Hosted zones: 2 bad minutes out of 5, not 3. An authoritative SERVFAIL is almost never
      // normal, so two within 5 minutes are as telling as two within 3, and a failure that only some
      // queries hit (one edge of four at 5 queries/min: 1-2 SERVFAIL a minute, a fifth of its
      // minutes without one) no longer waits for two bad minutes to fall within three. A sudden
      // outage still pages on 2 consecutive bad minutes (worst case unchanged). Resolver SERVFAIL has
      // a real baseline (broken upstream domains), so VPCs keep 2 of 3.
      defaults: d({
        ...ERROR_ALARM,
        ...(source === 'hostedZone' ? { evaluationPeriods: 5 } : {}),
        rateThreshold: source === 'hostedZone' ? 1 : 2,
        minVolume: 20,
        minCount: 3,
        lowVolumeRateThreshold: 10,
        severity: 'critical',
      }),
      widget: { own: true, breakdown: 'rcode', hotspot: true },
    },
    {
      id: 'refused',
      source,
      title: 'REFUSED',
      description: 'Queries refused by the server (REFUSED).',
      triage: 'Check the Top-N REFUSED names and resolvers: queries for names outside the zone, or policy (DNS Firewall, ACL) refusals.',
      group: 'rcode',
      measure: { kind: 'filter', metricName: 'Refused', where: where(f.rcode, 'REFUSED') },
      hasRate: true,
      direction: 'high',
      anomalyOn: 'count',
      // Busy tier: 5+ REFUSED in the minute. At 50-75 queries/min, 5 % is 3-4 REFUSED, which a zone
      // with a normal 0.5 % of refusals reaches by chance about once a month in 2 of 3 minutes
      // (bench:detection, 30 days at 50/min); a refusal incident brings 5+ every minute.
      defaults: d({ ...ERROR_ALARM, rateThreshold: 5, minCount: 5, lowVolumeRateThreshold: 50 }),
      widget: { own: true, breakdown: 'rcode', hotspot: true },
    },
    {
      id: 'errors',
      source,
      title: 'Any error (non-NOERROR)',
      description: 'Queries with any response code other than NOERROR.',
      triage: 'Break it down by response code on the dashboard; the rare-error signal shows codes other than NXDOMAIN/SERVFAIL/REFUSED.',
      group: 'rcode',
      measure: { kind: 'filter', metricName: 'Errors', where: { [f.rcode]: { notEquals: ['NOERROR'] } } },
      hasRate: true,
      direction: 'high',
      anomalyOn: 'count',
      // Hosted zones: the slow tier of every error signal, over 15-minute windows, for what single
      // minutes of a quiet zone cannot show (a gradual NXDOMAIN rise at 5 queries/min: 5-7 queries
      // a minute, 75-105 a window). A window breaches at 15 %+ errors: judged by the rate from
      // 300 queries (20/min) up, below that only with 10+ errors. The minute alarms of nxdomain,
      // servfail and refused page on the step incidents; this one costs the same 2 alarm metrics.
      defaults:
        source === 'hostedZone'
          ? d({ ...ERRORS_WINDOW, rateThreshold: 15, minVolume: 300, lowVolumeRateThreshold: 15, lowVolumeMinCount: 10 })
          : d({}),
      widget: { own: true },
    },
    {
      id: 'other-errors',
      source,
      title: 'Rare errors (FORMERR, NOTIMP, ...)',
      description: 'Errors other than NXDOMAIN, SERVFAIL and REFUSED (FORMERR, NOTIMP, ...), from metric math at no metric cost.',
      triage: 'Search the log group for response codes other than NOERROR/NXDOMAIN/SERVFAIL/REFUSED: malformed queries or unsupported types from a client.',
      group: 'rcode',
      measure: {
        kind: 'math',
        expression: '{errors} - {nxdomain} - {servfail} - {refused}',
        uses: ['errors', 'nxdomain', 'servfail', 'refused'],
      },
      hasRate: true,
      direction: 'high',
      anomalyOn: 'count',
      // No alarm by default (5 alarm metrics for client-side noise); set rateThreshold to add one.
      defaults: d({ minVolume: 100 }),
      widget: { own: true, breakdown: 'rcode' },
    },
    {
      id: 'tcp',
      source,
      title: 'TCP queries',
      description: 'Queries received over TCP; a rising share points at truncated (large) UDP answers.',
      triage: 'Look for large answers (many records, DNSSEC, long TXT) that no longer fit UDP, and the resolvers retrying over TCP.',
      group: 'protocol',
      measure: { kind: 'filter', metricName: 'TcpQueries', where: where(f.protocol, 'TCP') },
      hasRate: true,
      direction: 'high',
      anomalyOn: 'count',
      defaults: d({}),
      widget: { own: true, breakdown: 'protocol' },
    },
  ];
  if (source === 'hostedZone') {
    defs.push({
      id: 'ecs',
      source,
      title: 'Queries with EDNS client subnet',
      description: 'Queries whose resolver sent an EDNS client subnet (field 10 is not "-").',
      triage: 'A change in the ECS share changes how geolocation/latency routing sees clients; check which resolvers stopped or started sending ECS.',
      group: 'ecs',
      measure: { kind: 'filter', metricName: 'EcsQueries', where: { edns_client_subnet: { notEquals: ['-'] } } },
      hasRate: true,
      direction: 'high',
      anomalyOn: 'count',
      defaults: d({ enabled: false }),
      widget: { own: true },
    });
  } else {
    defs.push({
      id: 'firewall-block',
      source,
      title: 'DNS Firewall blocks',
      description: 'Queries DNS Firewall blocked (firewall_rule_action = BLOCK).',
      triage: 'Find the instances (srcaddr) and names behind the blocks: malware beaconing, or a rule blocking a legitimate domain.',
      group: 'firewall',
      measure: { kind: 'filter', metricName: 'FirewallBlocked', where: { firewall_rule_action: { equals: ['BLOCK'] } } },
      hasRate: true,
      direction: 'high',
      anomalyOn: 'count',
      defaults: d({}),
      widget: { own: true },
    });
  }
  for (const qt of KNOWN_QUERY_TYPES) {
    defs.push({
      id: `qtype-${qt.toLowerCase()}`,
      source,
      title: `${qt} queries`,
      description: `Queries of type ${qt}.`,
      triage: `Compare the ${qt} share with its usual level; a new spike of one type often comes from a single resolver or client.`,
      group: 'qtype',
      measure: {
        kind: 'filter',
        metricName: 'QueriesByType',
        where: {},
        dimension: { name: 'QueryType', field: f.qtype, value: qt },
      },
      hasRate: true,
      direction: 'high',
      anomalyOn: 'count',
      defaults: d({ enabled: false }),
      widget: { own: false, breakdown: 'qtype' },
    });
  }
  defs.push({
    id: 'qtype-other',
    source,
    title: 'Other query types',
    description: `Queries of any type not broken out individually (not ${KNOWN_QUERY_TYPES.join(', ')}).`,
    triage: 'Search the log group for unusual query types: scanners and misbehaving clients.',
    group: 'qtype',
    measure: { kind: 'filter', metricName: 'QueriesOtherType', where: { [f.qtype]: { notEquals: [...KNOWN_QUERY_TYPES] } } },
    hasRate: true,
    direction: 'high',
    anomalyOn: 'count',
    defaults: d({ enabled: false }),
    widget: { own: false, breakdown: 'qtype' },
  });
  return defs;
}

export const SIGNALS: readonly SignalDef[] = [...familyFor('hostedZone'), ...familyFor('resolver')];

export function signalsFor(source: LogSource): readonly SignalDef[] {
  return SIGNALS.filter((s) => s.source === source);
}

export function signalIds(source: LogSource): string[] {
  return signalsFor(source).map((s) => s.id);
}

export function getSignal(source: LogSource, id: string): SignalDef {
  const s = SIGNALS.find((x) => x.source === source && x.id === id);
  if (!s) throw new Error(`unknown ${source} signal '${id}'`);
  return s;
}
