/**
 * The prober's table of zone name servers, as the app builds it: the table of the synthesized
 * template made in moto server, the bundled handler run as Lambda runs it (each `invoke` is a new
 * process, as a new execution environment is), its input the schedule's Input of the template,
 * Route 53 behind a relay that can throttle every read. Lambda ends execution environments every
 * few hours even of a function run every minute; a new one must not be blind to the zones the
 * region's prober already read.
 */
import { CreateTableCommand, DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { Route53Client } from '@aws-sdk/client-route-53';
import { type DnsProbeEvent, PROBER_ZONE_TABLE } from '../../contracts/dns-check';
import { route53ReaderConfig, ZoneServers } from '../../lambdas/dns-prober/zone-servers';
import { DynamoZoneStore, STORED_ZONE_TTL_SECONDS, UNPROCESSED_ROUNDS } from '../../lambdas/dns-prober/zone-store';
import { type BundledHandler, bundleHandler } from '../support/bundled-handler';
import { deploymentOf } from '../support/iam/app';
import type { ResourceRef } from '../support/iam/deployment';
import { startMoto, type MotoServer } from '../support/moto';
import { partialBatchRelay, rateLimitedRelay } from '../support/throttling-relay';
import { createHostedZone } from '../support/moto-zones';

const REGIONS = ['eu-west-1', 'us-east-1', 'us-west-2'];
const ZONES = 12;
const hostedZoneRead = (method: string, url: string) => method === 'GET' && url.includes('/hostedzone/');

let moto: MotoServer;
let prober: BundledHandler;
const zoneIds: string[] = [];
let d: ReturnType<typeof deploymentOf>;

beforeAll(async () => {
  moto = await startMoto();
  const r53 = new Route53Client(moto.clientConfig());
  // Zone ids as AWS gives them (test/support/moto-zones.ts).
  for (let i = 0; i < ZONES; i++) zoneIds.push((await createHostedZone(r53, `s${i}.store.test`)).id);
  d = deploymentOf({
    prefix: 'acme',
    alerts: { email: ['oncall@example.com'] },
    dnsChecks: [
      ...zoneIds.map((zoneId, i) => ({ name: `z${i}`, query: `s${i}.store.test`, type: 'SOA', zoneId, regions: REGIONS, timeoutMs: 100, expect: {} })),
      // A region whose checks read no hosted zone.
      { name: 'own', query: 'example.org', type: 'NS', servers: ['192.0.2.53'], regions: ['ap-southeast-1'], expect: {} },
    ],
  } as never);
  prober = bundleHandler('dns-prober');
}, 120_000);
afterAll(async () => {
  prober?.remove();
  await moto?.stop();
});

const inRegion = (type: string, region: string, logicalPrefix: string): ResourceRef[] =>
  d.resources(type).filter((r) => r.stack.region === region && r.logicalId.startsWith(logicalPrefix));

/** The region's prober environment and schedule input, and its table made in moto (in `motoRegion`) as the template has it. */
async function regionOf(region: string, motoRegion = region): Promise<{ env: Record<string, string>; event: DnsProbeEvent; table: string }> {
  const [fn] = inRegion('AWS::Lambda::Function', region, 'DnsProberFunction');
  const env = d.props(fn).Environment.Variables as Record<string, string>;
  const [schedule] = inRegion('AWS::Scheduler::Schedule', region, 'DnsProberSchedule');
  const event = JSON.parse(d.props(schedule).Target.Input) as DnsProbeEvent;
  const [tableResource] = inRegion('AWS::DynamoDB::Table', region, 'DnsProberZoneServers');
  const p = d.props(tableResource);
  const table = env[PROBER_ZONE_TABLE.envVar];
  await new DynamoDBClient(moto.clientConfig(motoRegion)).send(new CreateTableCommand({ TableName: table, KeySchema: p.KeySchema, AttributeDefinitions: p.AttributeDefinitions, BillingMode: p.BillingMode }));
  return { env, event, table };
}

/** One run of the bundled prober (a new process: a new execution environment) with Route 53 behind `relay`. */
async function runThrough(relay: ReturnType<typeof rateLimitedRelay>, event: DnsProbeEvent, env: Record<string, string>) {
  const endpoint = await relay.start();
  try {
    return await prober.invoke([event], { ...env, AWS_ENDPOINT_URL_ROUTE_53: endpoint });
  } finally {
    await relay.stop();
  }
}

describe("the prober's table in the templates", () => {
  it('each region whose checks read hosted zones has one, keyed by zone id, with a TTL, deleted with the stack; its prober is given its name', () => {
    for (const region of REGIONS) {
      const tables = inRegion('AWS::DynamoDB::Table', region, 'DnsProberZoneServers');
      expect(tables).toHaveLength(1);
      const [t] = tables;
      expect(d.props(t)).toMatchObject({
        KeySchema: [{ AttributeName: PROBER_ZONE_TABLE.attributes.key, KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
        TimeToLiveSpecification: { AttributeName: PROBER_ZONE_TABLE.attributes.expiresAt, Enabled: true },
        SSESpecification: { SSEEnabled: true },
      });
      expect((t.stack.template.Resources as Record<string, { DeletionPolicy?: string }>)[t.logicalId].DeletionPolicy).toBe('Delete');
      const [fn] = inRegion('AWS::Lambda::Function', region, 'DnsProberFunction');
      expect(d.props(fn).Environment.Variables[PROBER_ZONE_TABLE.envVar]).toBe(d.physicalName(t));
    }
  });

  it('a region whose checks read no hosted zone has none', () => {
    expect(inRegion('AWS::DynamoDB::Table', 'ap-southeast-1', 'DnsProberZoneServers')).toEqual([]);
    const [fn] = inRegion('AWS::Lambda::Function', 'ap-southeast-1', 'DnsProberFunction');
    expect(d.props(fn).Environment.Variables).not.toHaveProperty(PROBER_ZONE_TABLE.envVar);
  });
});

describe('a new execution environment', () => {
  it("checks every zone in its first run from the names the region's prober stored, with no Route 53 read, while Route 53 throttles every read", async () => {
    const { env, event } = await regionOf('eu-west-1');
    const base = { ...env, AWS_REGION: 'eu-west-1', AWS_ENDPOINT_URL: moto.endpoint, AWS_LAMBDA_FUNCTION_NAME: 'acme-dns-prober' };
    // The first environment reads the zones from Route 53 (three regions share the rate: 12 zones fit one run).
    const open = rateLimitedRelay(moto.endpoint, { perSecond: 100, burst: 100, limited: hostedZoneRead });
    const first = await runThrough(open, event, base);
    expect(first.code).toBe(0);
    expect(first.results).toEqual([{ ok: { checks: ZONES, failed: expect.any(Number) } }]);
    expect(open.counts.passed).toBe(ZONES);
    // Twelve reads in flight listen for one abort signal: no warning from Node about listeners.
    expect(first.stderr).not.toContain('MaxListenersExceededWarning');

    // A new environment, the account's Route 53 rate in use by its other callers.
    const shut = rateLimitedRelay(moto.endpoint, { perSecond: 0, burst: 0, limited: hostedZoneRead });
    const next = await runThrough(shut, event, base);
    expect(next.code).toBe(0);
    expect(next.stdout + next.stderr).not.toContain('dns checks skipped');
    expect(next.results).toEqual([{ ok: { checks: ZONES, failed: expect.any(Number) } }]);
    expect(shut.counts).toEqual({ passed: 0, throttled: 0 });
  }, 120_000);

  it('without its table (deleted by hand) reads Route 53 as before, and says why in its log', async () => {
    const { env, event } = await regionOf('us-west-2');
    const run = await prober.invoke([event], { ...env, [PROBER_ZONE_TABLE.envVar]: 'acme-deleted-table', AWS_REGION: 'us-west-2', AWS_ENDPOINT_URL: moto.endpoint, AWS_LAMBDA_FUNCTION_NAME: 'acme-dns-prober' });
    expect(run.code).toBe(0);
    expect(run.results).toEqual([{ ok: { checks: ZONES, failed: expect.any(Number) } }]);
    const logged = run.stdout + run.stderr;
    expect(logged).toContain("the prober's table of zone name servers could not be used");
    expect(logged).toMatch(/reading the stored name servers failed: .*(not found|ResourceNotFound|non-existent)/i);
  }, 120_000);
});

describe('a table of many zones', () => {
  it('loads more zones than one BatchGetItem call takes (DYNAMODB.batchGetMaxKeys), in calls of that many', async () => {
    const { DYNAMODB } = await import('../../lib/aws-facts');
    // eu-west-1's table as the template has it, made in a moto region no other test uses.
    const { table } = await regionOf('eu-west-1', 'ap-southeast-1');
    const store = new DynamoZoneStore(new DynamoDBClient(moto.clientConfig('ap-southeast-1')), table);
    const n = Math.floor(DYNAMODB.batchGetMaxKeys * 1.5);
    const ids = Array.from({ length: n }, (_, i) => `Z${String(i).padStart(12, '0')}`);
    const signal = new AbortController().signal;
    for (const id of ids) await store.save(id, { servers: ['ns-1.awsdns-01.com'], readAt: 1 }, signal);
    const loaded = await store.load(ids, signal);
    expect(loaded.size).toBe(n);
  }, 60_000);
});

// DynamoDB leaves part of a BatchGetItem unprocessed when the table is throttled (moto never does):
// a relay in front of moto answers that part as UnprocessedKeys, as DynamoDB does.
describe('keys DynamoDB leaves unprocessed', () => {
  /** eu-west-1's table as the template has it, made in a moto region of its own, holding `n` zones; and a store that reaches it through `relay`. */
  async function tableThrough(motoRegion: string, n: number, relay: ReturnType<typeof partialBatchRelay>) {
    const { table } = await regionOf('eu-west-1', motoRegion);
    const signal = new AbortController().signal;
    const ids = Array.from({ length: n }, (_, i) => `Z${String(i).padStart(12, '0')}`);
    const direct = new DynamoZoneStore(new DynamoDBClient(moto.clientConfig(motoRegion)), table);
    for (const id of ids) await direct.save(id, { servers: [`ns-${id}.awsdns-01.com`], readAt: 1 }, signal);
    const endpoint = await relay.start();
    return { ids, signal, store: new DynamoZoneStore(new DynamoDBClient({ ...moto.clientConfig(motoRegion), endpoint }), table) };
  }

  it('are asked for again until every zone is loaded', async () => {
    // Half of each of the first two calls processed, then all.
    const relay = partialBatchRelay(moto.endpoint, (n, keys) => (n < 2 ? Math.floor(keys / 2) : keys));
    try {
      const { ids, signal, store } = await tableThrough('ca-central-1', 30, relay);
      const loaded = await store.load(ids, signal);
      expect([...loaded.keys()].sort()).toEqual(ids);
      expect(loaded.get(ids[29])).toEqual({ servers: [`ns-${ids[29]}.awsdns-01.com`], readAt: 1 });
      expect(relay.asked).toEqual([30, 15, 8]);
    } finally {
      await relay.stop();
    }
  }, 60_000);

  it(`are asked for again ${UNPROCESSED_ROUNDS} times at most: the zones loaded by then are used, the others read from Route 53`, async () => {
    // One key of each call processed, for good.
    const relay = partialBatchRelay(moto.endpoint, () => 1);
    try {
      const { ids, signal, store } = await tableThrough('sa-east-1', 10, relay);
      const loaded = await store.load(ids, signal);
      expect(loaded.size).toBe(UNPROCESSED_ROUNDS + 1);
      expect(relay.asked).toEqual(Array.from({ length: UNPROCESSED_ROUNDS + 1 }, (_, round) => 10 - round));
    } finally {
      await relay.stop();
    }
  }, 60_000);
});

describe('a stored zone', () => {
  it("carries its expiry in epoch seconds, the unit DynamoDB's TTL reads, STORED_ZONE_TTL_SECONDS after it was stored", async () => {
    const { table } = await regionOf('eu-west-1', 'eu-north-1');
    const dynamodb = new DynamoDBClient(moto.clientConfig('eu-north-1'));
    const before = Math.floor(Date.now() / 1000);
    await new DynamoZoneStore(dynamodb, table).save(zoneIds[0], { servers: ['ns-1.awsdns-01.com'], readAt: 5 }, new AbortController().signal);
    const after = Math.ceil(Date.now() / 1000);
    const item = (await dynamodb.send(new GetItemCommand({ TableName: table, Key: { [PROBER_ZONE_TABLE.attributes.key]: { S: zoneIds[0] } } }))).Item!;
    const expiresAt = Number(item[PROBER_ZONE_TABLE.attributes.expiresAt].N);
    expect(expiresAt).toBeGreaterThanOrEqual(before + STORED_ZONE_TTL_SECONDS);
    expect(expiresAt).toBeLessThanOrEqual(after + STORED_ZONE_TTL_SECONDS);
    // The attribute the template's TTL reads is this one.
    const [tableResource] = inRegion('AWS::DynamoDB::Table', 'eu-west-1', 'DnsProberZoneServers');
    expect(d.props(tableResource).TimeToLiveSpecification.AttributeName).toBe(PROBER_ZONE_TABLE.attributes.expiresAt);
  }, 60_000);
});

describe('stored name servers grown old', () => {
  it('are read again from Route 53 and stored again; while Route 53 throttles, the stored ones are used', async () => {
    const { table } = await regionOf('us-east-1');
    const dynamodb = new DynamoDBClient(moto.clientConfig('us-east-1'));
    const store = new DynamoZoneStore(dynamodb, table);
    const client = (endpoint?: string) => new Route53Client({ ...moto.clientConfig(), ...route53ReaderConfig, maxAttempts: 2, ...(endpoint ? { endpoint } : {}) });
    let clock = 1_000_000;
    const first = await new ZoneServers(client(), 60_000, () => clock, { perSecond: 100, burst: 100 }, store).lookup(zoneIds.slice(0, 2));
    expect(Object.keys(first.servers).sort()).toEqual(zoneIds.slice(0, 2).sort());
    const stored = async (id: string) => (await dynamodb.send(new GetItemCommand({ TableName: table, Key: { [PROBER_ZONE_TABLE.attributes.key]: { S: id } } }))).Item;
    expect(Number((await stored(zoneIds[0]))![PROBER_ZONE_TABLE.attributes.readAt].N)).toBe(1_000_000);

    // An hour later (past the 60 s this reader keeps them), a new reader: Route 53 throttled, the stored names serve.
    clock += 3_600_000;
    const shut = rateLimitedRelay(moto.endpoint, { perSecond: 0, burst: 0, limited: hostedZoneRead });
    const endpoint = await shut.start();
    try {
      const later = await new ZoneServers(client(endpoint), 60_000, () => clock, { perSecond: 100, burst: 100 }, store).lookup([zoneIds[0]]);
      expect(later.servers).toEqual({ [zoneIds[0]]: first.servers[zoneIds[0]] });
      expect(Object.keys(later.unanswered)).toEqual([zoneIds[0]]);
      expect(shut.counts.throttled).toBe(2);
    } finally {
      await shut.stop();
    }
    // Route 53 answering again: read again and stored with the new time.
    const fresh = await new ZoneServers(client(), 60_000, () => clock, { perSecond: 100, burst: 100 }, store).lookup([zoneIds[0]]);
    expect(fresh.servers).toEqual({ [zoneIds[0]]: first.servers[zoneIds[0]] });
    expect(Number((await stored(zoneIds[0]))![PROBER_ZONE_TABLE.attributes.readAt].N)).toBe(clock);
  }, 60_000);
});
