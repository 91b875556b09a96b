/**
 * The name servers of many hosted zones read at once (a prober with many `zoneId` checks, or
 * `dns-monitor check --hosted-zones` for a fleet), through a relay that throttles Route 53's API
 * as an account does (a token bucket: Route 53 refills 10 requests a second, 50 at most in a
 * burst, for every caller of the account together: ROUTE53 in lib/aws-facts.ts). Every zone must
 * still be read: a zone whose read fails makes its check fail ("no name servers found") and,
 * run after run, page. The deadline tests give the reader a slower pace, so that a run short of
 * time is seen in a fraction of a second.
 */
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CreateHostedZoneCommand, Route53Client } from '@aws-sdk/client-route-53';
import { ROUTE53 } from '../../lib/aws-facts';
import { route53ReaderConfig, ZoneServers } from '../../lambdas/dns-prober/zone-servers';
import { startMoto, type MotoServer } from '../support/moto';
import { rateLimitedRelay } from '../support/throttling-relay';

let moto: MotoServer;
const ids: string[] = [];
const ZONES = 60;

beforeAll(async () => {
  moto = await startMoto();
  const r53 = new Route53Client(moto.clientConfig());
  for (let i = 0; i < ZONES; i++) {
    const z = await r53.send(new CreateHostedZoneCommand({ Name: `z${i}.fleet.test`, CallerReference: `fleet-${i}` }));
    ids.push(z.HostedZone!.Id!.replace('/hostedzone/', ''));
  }
}, 60_000);
afterAll(() => moto?.stop());

describe('reading the name servers of many zones', () => {
  it("stays within the rate the account allows, with room for another reader: two at once read every zone, none throttled", async () => {
    // Route 53's own bucket for the whole account (ROUTE53 in lib/aws-facts.ts), and two readers with
    // their default pace, as the probers of two vantage regions reading at the same minute.
    const relay = rateLimitedRelay(moto.endpoint, { perSecond: ROUTE53.apiRequestsPerSecond, burst: ROUTE53.apiRequestsBurst, limited: (method, url) => method === 'GET' && url.includes('/hostedzone/') });
    const endpoint = await relay.start();
    try {
      const reader = () => new ZoneServers(new Route53Client({ ...moto.clientConfig(), ...route53ReaderConfig, endpoint }));
      const both = await Promise.all([reader().lookup(ids), reader().lookup(ids)]);
      for (const out of both) {
        expect(out.errors).toEqual({});
        expect(Object.keys(out.servers)).toHaveLength(ZONES);
      }
      // Paced below the bucket, no call was throttled: the retries were not needed.
      expect(relay.counts).toEqual({ passed: 2 * ZONES, throttled: 0 });
    } finally {
      await relay.stop();
    }
  }, 60_000);

  it("paces itself at half the account's rate and a fifth of its burst by default, leaving the rest to the account's other callers", () => {
    expect(new ZoneServers(new Route53Client({ region: 'us-east-1' })).pace).toEqual({ perSecond: ROUTE53.apiRequestsPerSecond / 2, burst: ROUTE53.apiRequestsBurst / 5 });
    expect(route53ReaderConfig).toEqual({ maxAttempts: 6, retryMode: 'adaptive' });
  });
});

describe('a scheduled run short of time for Route 53', () => {
  const client = () => new Route53Client({ ...moto.clientConfig(), ...route53ReaderConfig });

  it('reads what it can before its deadline; the zones it never read wait for a later run, those read before keep their name servers', async () => {
    let clock = 0;
    // One read, then one a second: by a deadline 300 ms away only the first goes out.
    const zones = new ZoneServers(client(), 60_000, () => clock, { perSecond: 1, burst: 1 });
    const first = await zones.lookup(ids.slice(0, 3), Date.now() + 300);
    expect(Object.keys(first.servers)).toEqual([ids[0]]);
    expect(first.pending).toEqual([ids[1], ids[2]].sort());
    expect(first.errors).toEqual({});
    // Its cache expired, the first zone keeps the name servers read before while no read is allowed.
    clock = 120_000;
    const later = await zones.lookup([ids[0]], Date.now());
    expect(later).toEqual({ servers: { [ids[0]]: first.servers[ids[0]] }, errors: {}, pending: [] });
  });

  it('the prober does not run a check whose zone it has not read, and says so; the others run', async () => {
    const { runNow } = await import('../../lambdas/dns-prober/probe');
    const { parseConfig } = await import('../../lib/config/load');
    // Zone ids as AWS gives them, starting with Z (ROUTE53.hostedZoneId; moto draws any letter): drawn until two do.
    const zoneIds: string[] = [];
    for (let i = 0; zoneIds.length < 2; i++) {
      const id = (await client().send(new CreateHostedZoneCommand({ Name: `p${i}.fleet.test`, CallerReference: `probe-${i}` }))).HostedZone!.Id!.replace('/hostedzone/', '');
      if (ROUTE53.hostedZoneId.test(id)) zoneIds.push(id);
    }
    const specs = parseConfig({
      prefix: 'acme',
      dnsChecks: zoneIds.map((zoneId, i) => ({ name: `c${i}`, query: `p${i}.fleet.test`, type: 'SOA', zoneId, timeoutMs: 100, expect: {} })),
    }).dnsChecks;
    const zones = new ZoneServers(client(), 60_000, Date.now, { perSecond: 1, burst: 1 });
    const { ran, skipped } = await runNow(specs, { zones, lookupServers: ['127.0.0.1:9'] }, new Date(), Date.now() + 300);
    expect(ran.map((r) => r.spec.name)).toEqual(['c0']);
    expect(skipped.map((s) => s.name)).toEqual(['c1']);

    // A scheduled run as the handler makes it (every check is due at minute 0): the skipped check publishes nothing and is logged.
    const { probe } = await import('../../lambdas/dns-prober/probe');
    const log: { level: string; message: string; [k: string]: unknown }[] = [];
    const summary = await probe(
      { vantage: 'us-east-1', metricsRegion: 'us-east-1', checks: specs },
      {
        cloudwatch: new CloudWatchClient(moto.clientConfig()),
        zones: new ZoneServers(client(), 60_000, Date.now, { perSecond: 1, burst: 1 }),
        log: (level, message, extra) => log.push({ level, message, ...extra }),
        now: () => new Date('2026-12-06T12:00:00Z'),
        lookupServers: ['127.0.0.1:9'],
        lookupBudgetMs: 300,
      },
    );
    expect(summary).toMatchObject({ checks: 1, skipped: 1 });
    expect(log.find((l) => l.level === 'warn' && l.message.startsWith('dns checks skipped'))).toMatchObject({ vantage: 'us-east-1', checks: ['c1'] });
    expect([...new Set(summary.results.map((r) => r.name))]).toEqual(['c0']); // one result per name server of its zone
  });
});
