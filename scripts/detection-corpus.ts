/**
 * Labelled synthetic hosted-zone query logs for `npm run bench:detection` and the replay tests:
 * Poisson traffic with a diurnal swing (0.5x at 04:00 UTC to 1.5x at 16:00 UTC), a realistic
 * response-code mix, and incidents of the kinds the defaults must catch. Lines are in the Route 53
 * format (../shared/reference/route53-query-logs.md); DNSQueries is the true per-minute count,
 * including minutes whose log lines an incident dropped.
 */
export type IncidentKind =
  | 'servfail-all'
  | 'refused-all'
  | 'nxdomain-storm'
  | 'nxdomain-gradual'
  | 'edge-servfail'
  | 'logs-stopped'
  | 'traffic-drop-85';

export const INCIDENT_KINDS: readonly IncidentKind[] = [
  'servfail-all',
  'refused-all',
  'nxdomain-storm',
  'nxdomain-gradual',
  'edge-servfail',
  'logs-stopped',
  'traffic-drop-85',
];

/** The gradual rise: the NXDOMAIN share goes linearly from `from` to `to` over `minutes`. */
export const GRADUAL_NXDOMAIN = { from: 0.03, to: 0.35, minutes: 40 } as const;
/** The NXDOMAIN share `minutes` into the gradual rise. */
export const gradualNxdomainShare = (minutes: number) =>
  GRADUAL_NXDOMAIN.from + ((GRADUAL_NXDOMAIN.to - GRADUAL_NXDOMAIN.from) * Math.min(minutes, GRADUAL_NXDOMAIN.minutes)) / GRADUAL_NXDOMAIN.minutes;
/** Minutes into the gradual rise at which the NXDOMAIN share reaches `share`. */
export const gradualNxdomainMinutesTo = (share: number) =>
  ((share - GRADUAL_NXDOMAIN.from) / (GRADUAL_NXDOMAIN.to - GRADUAL_NXDOMAIN.from)) * GRADUAL_NXDOMAIN.minutes;

export const INCIDENT_TEXT: Record<IncidentKind, string> = {
  'servfail-all': 'every answer SERVFAIL (zone down)',
  'refused-all': 'every answer REFUSED',
  'nxdomain-storm': 'random-subdomain flood: 5x extra traffic, all NXDOMAIN',
  'nxdomain-gradual': `NXDOMAIN share rising from ${GRADUAL_NXDOMAIN.from * 100} % to ${GRADUAL_NXDOMAIN.to * 100} % over ${GRADUAL_NXDOMAIN.minutes} min`,
  'edge-servfail': 'one of 4 edge locations answers SERVFAIL (25 % of queries)',
  'logs-stopped': 'query logs stop arriving, Route 53 keeps answering',
  'traffic-drop-85': '85 % traffic drop (delegation broken for most resolvers)',
};

/** Normal response-code mix of an authoritative zone (cumulative shares). */
const MIX: readonly [string, number][] = [
  ['NOERROR', 0.9649],
  ['NXDOMAIN', 0.03],
  ['REFUSED', 0.005],
  ['SERVFAIL', 0.0001],
];
const QTYPES = ['A', 'A', 'A', 'AAAA', 'AAAA', 'HTTPS', 'MX', 'TXT', 'CNAME', 'NS'];
const EDGES = ['FRA6', 'IAD12', 'NRT20', 'SYD1'];

/** Small deterministic PRNG (mulberry32) so every run sees the same corpus. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function poisson(lambda: number, r: () => number): number {
  if (lambda > 60) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * gauss(r)));
  const l = Math.exp(-lambda);
  let k = 0;
  let p = 1;
  for (;;) {
    p *= r();
    if (p <= l) return k;
    k++;
  }
}

function gauss(r: () => number): number {
  return Math.sqrt(-2 * Math.log(r() || 1e-12)) * Math.cos(2 * Math.PI * r());
}

export interface ZoneSpec {
  readonly zoneId: string;
  readonly zoneName: string;
  /** Mean queries per minute over a day. */
  readonly qpm: number;
  readonly incident?: { readonly kind: IncidentKind; readonly start: number; readonly minutes: number };
  /** Seconds since the epoch, inclusive start and exclusive end of the logs. */
  readonly from: number;
  readonly to: number;
  readonly seed: number;
}

export const diurnal = (ts: number) => 1 + 0.5 * Math.sin(2 * Math.PI * ((ts % 86400) / 86400 - 10 / 24));

/** Calls `line` for every log line and `dnsQueries` once per minute with the true count. */
export function generateZone(z: ZoneSpec, line: (l: string) => void, dnsQueries: (ts: number, count: number) => void): void {
  const r = rng(z.seed);
  const inc = z.incident;
  for (let m = z.from; m < z.to; m += 60) {
    const active = inc && m >= inc.start && m < inc.start + inc.minutes * 60 ? inc : undefined;
    const progress = active ? (m - active.start) / 60 : 0;
    let lambda = z.qpm * diurnal(m);
    if (active?.kind === 'traffic-drop-85') lambda *= 0.15;
    const n = poisson(lambda, r);
    const extra = active?.kind === 'nxdomain-storm' ? poisson(lambda * 5, r) : 0;
    let count = 0;
    for (let i = 0; i < n + extra; i++) {
      const ts = m + r() * 60;
      let rcode = 'NOERROR';
      const u = r();
      let acc = 0;
      for (const [code, share] of MIX) {
        acc += share;
        if (u < acc) {
          rcode = code;
          break;
        }
      }
      const edge = EDGES[Math.floor(r() * EDGES.length)];
      let name = `www.${z.zoneName}`;
      if (i >= n) {
        rcode = 'NXDOMAIN';
        name = `${Math.floor(r() * 1e9).toString(36)}.${z.zoneName}`;
      } else if (active?.kind === 'servfail-all') rcode = 'SERVFAIL';
      else if (active?.kind === 'refused-all') rcode = 'REFUSED';
      else if (active?.kind === 'edge-servfail' && edge === EDGES[0]) rcode = 'SERVFAIL';
      else if (active?.kind === 'nxdomain-gradual') {
        const share = gradualNxdomainShare(progress);
        rcode = r() < share ? 'NXDOMAIN' : rcode === 'NXDOMAIN' ? 'NOERROR' : rcode;
      }
      if (rcode === 'NXDOMAIN' && i < n) name = `old-${Math.floor(r() * 50)}.${z.zoneName}`;
      count++;
      if (active?.kind === 'logs-stopped') continue;
      const qtype = QTYPES[Math.floor(r() * QTYPES.length)];
      const proto = r() < 0.02 ? 'TCP' : 'UDP';
      const resolver = `198.51.100.${1 + Math.floor(r() * 200)}`;
      line(`1.0 ${new Date(ts * 1000).toISOString()} ${z.zoneId} ${name} ${qtype} ${rcode} ${proto} ${edge} ${resolver} -`);
    }
    if (count > 0) dnsQueries(m, count);
  }
}

/**
 * DNSQueries of normal traffic from `from` to `to` (seconds; before the zone's logs), on its own
 * random stream: the history an anomaly model trains on (CloudWatch trains on up to two weeks).
 * Replay uses datapoints before the logs only to train anomaly bands (lib/replay/anomaly-band.ts).
 */
export function generateDnsQueriesHistory(z: ZoneSpec, from: number, to: number, dnsQueries: (ts: number, count: number) => void): void {
  const r = rng(z.seed + 1_000_003);
  for (let m = from; m < to; m += 60) {
    const n = poisson(z.qpm * diurnal(m), r);
    if (n > 0) dnsQueries(m, n);
  }
}
