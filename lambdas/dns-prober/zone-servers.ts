/**
 * The name servers of Route 53 hosted zones (their delegation sets), read with GetHostedZone: the
 * only Route 53 call the prober makes (it returns the zone's name, name servers and VPCs, never
 * records).
 *
 * A hosted zone keeps its delegation set for life: Route 53 gives no call to change it, and moving
 * zones to other name servers means creating them again (CreateReusableDelegationSet in the API
 * Reference: https://docs.aws.amazon.com/Route53/latest/APIReference/API_CreateReusableDelegationSet.html),
 * which gives a new zone id. So a zone's name servers are kept for hours (ZONE_SERVERS_CACHE_MS),
 * each zone read again at its own time between half of that and all of it, so the reads of many
 * zones do not all come back in the same run.
 *
 * Route 53 throttles every API call of the account together (contracts/route53-api.ts: a bucket
 * of 50 refilled with 10 a second). Asked for many zones at once (a prober with many `zoneId`
 * checks, `dns-monitor check --hosted-zones` for a fleet), the reader paces itself at half that
 * rate with a fifth of its burst, shared by the probers of every region that reads (`share`), so
 * the account's other callers still get through. It retries a throttled call, and one Route 53
 * did not answer in time or answered with a server error (`route53ReaderConfig`: a connection
 * silent for a few seconds is dropped and the call sent again on a new one); a call still
 * unanswered after the retries is not the zone's fault: the zone keeps the name servers read
 * before or waits for a later run (`unanswered`), so a Route 53 API outage does not fail every
 * zone's check. Any other error (no such zone, access denied) fails its check.
 */
import { createHash } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { GetHostedZoneCommand, type Route53Client, type Route53ClientConfig } from '@aws-sdk/client-route-53';
import { isServerError, isThrottlingError, isTransientError } from '@smithy/service-error-classification';
import { type Pace, sharedPace, ZONE_READ_PACE, ZONE_SERVERS_CACHE_MS } from '../../contracts/dns-check';
import { LATE, lateAt } from './deadline';
import { canonicalName } from './dnssec';
import type { ZoneServersStore } from './zone-store';

export type Route53Reader = Pick<Route53Client, 'send'>;

/**
 * The Route 53 client's retries and timeouts: adaptive mode slows down after a throttled call; six
 * attempts in all. A GetHostedZone answer is a few hundred bytes: a connection not made in 3 s, or
 * silent for 5 s, is dropped and the call sent again (Route 53 publishes no API latency; these are
 * judgments, a few attempts inside the prober's Route 53 budget, LOOKUP_BUDGET_MS). Without them a
 * stalled connection held its read until the run's deadline, and `dns-monitor check` for good.
 */
export const route53ReaderConfig = {
  maxAttempts: 6,
  retryMode: 'adaptive',
  requestHandler: { connectionTimeout: 3_000, socketTimeout: 5_000 },
} as const satisfies Route53ClientConfig;

export { ZONE_SERVERS_CACHE_MS };

/** A fraction in [0, 1) fixed for the zone: where in the second half of the cache time it is read again. */
function spreadOf(zoneId: string): number {
  return createHash('sha256').update(zoneId).digest().readUInt32BE(0) / 2 ** 32;
}

type SdkError = Parameters<typeof isThrottlingError>[0];

/** Whether a read's error is Route 53's (throttled, no answer in time, a server error), not the zone's. */
function isUnanswered(e: SdkError): boolean {
  return isThrottlingError(e) || isTransientError(e) || isServerError(e);
}

/**
 * Why a zone's name servers were not read when Route 53 did not answer after the retries
 * (isUnanswered): the last attempt's error, and how many attempts the SDK made (its count: an
 * attempt can also end on the client's side, its connection or answer late).
 */
export function unansweredReason(zoneId: string, e: SdkError): string {
  const n = e.$metadata?.attempts;
  const after = n === undefined ? "after the SDK's retries" : `after ${n} attempt${n === 1 ? '' : 's'}`;
  if (isThrottlingError(e)) {
    return `Route 53 throttled reading the name servers of ${zoneId} ${after} (the account's Route 53 request rate is in use by other callers)`;
  }
  const status = e.$metadata?.httpStatusCode;
  const what = status === undefined ? `${e.name}: ${(e as Error).message}` : `${e.name}, HTTP ${status}`;
  return `Route 53 did not answer reading the name servers of ${zoneId} ${after} (${what})`;
}

export interface ZoneLookup {
  /** zoneId -> its name servers. */
  readonly servers: Record<string, string[]>;
  /** zoneId -> why it could not be read (its check fails with it). */
  readonly errors: Record<string, string>;
  /** Zones never read, whose read could not be made (no token before the deadline, no answer by it, or unanswered): their checks wait. */
  readonly pending: string[];
  /** zoneId -> why Route 53 did not answer its read after the retries (unansweredReason): pending, or kept from before. */
  readonly unanswered: Record<string, string>;
  /** Why the store (zone-store.ts) could not be read or written, when it could not: the zones were read from Route 53 instead. */
  readonly storeProblem?: string;
}

export class ZoneServers {
  private readonly cache = new Map<string, { until: number; servers: string[] }>();
  private current: Pace;
  private tokens: number;
  private refilledAt: number;
  /** Calls wait for a token one after another, in the order they asked. */
  private queue: Promise<void> = Promise.resolve();
  /** Zones already looked up in the store by this reader (found or not): the store is asked once per zone. */
  private readonly asked = new Set<string>();

  constructor(
    private readonly route53: Route53Reader,
    private readonly cacheMs = ZONE_SERVERS_CACHE_MS,
    private readonly clock: () => number = Date.now,
    private readonly basePace: Pace = ZONE_READ_PACE,
    /** Where name servers read are kept beyond this reader (a new execution environment starts from it). */
    private readonly store?: ZoneServersStore,
  ) {
    this.current = basePace;
    this.tokens = basePace.burst;
    this.refilledAt = Date.now();
  }

  /** The pace reads go at now. */
  get pace(): Pace {
    return this.current;
  }

  /**
   * Reads at a `readers`-th of the base pace (and burst, at least one call): the probers of that
   * many regions read the same account's Route 53 (DnsProbeEvent.route53Readers).
   */
  share(readers: number): void {
    this.current = sharedPace(readers, this.basePace);
    this.tokens = Math.min(this.tokens, this.pace.burst);
  }

  /**
   * Resolves true when a call may be sent (a token bucket of `pace.burst`, refilled at
   * `pace.perSecond`), or false when no token comes before `deadline` (epoch ms).
   */
  private token(deadline: number): Promise<boolean> {
    const turn = this.queue.then(async () => {
      for (;;) {
        const now = Date.now();
        this.tokens = Math.min(this.pace.burst, this.tokens + ((now - this.refilledAt) / 1000) * this.pace.perSecond);
        this.refilledAt = now;
        if (this.tokens >= 1) {
          this.tokens -= 1;
          return true;
        }
        const wait = Math.ceil(((1 - this.tokens) / this.pace.perSecond) * 1000);
        if (now + wait > deadline) return false;
        await new Promise((r) => setTimeout(r, wait));
      }
    });
    this.queue = turn.then(() => undefined);
    return turn;
  }

  /** Keeps a zone's name servers read at `readAt` (this reader's clock) until its time to be read again. */
  private remember(id: string, servers: string[], readAt: number): void {
    this.cache.set(id, { until: readAt + this.cacheMs * (0.5 + spreadOf(id) / 2), servers });
  }

  /**
   * The name servers of every zone id given, read from Route 53 when not kept (in this reader, or
   * in the store, which is asked first for the zones this reader never had). With `deadline`
   * (epoch ms), a zone whose read could not start by then, or had no answer by then (the SDK still
   * retrying, a stalled connection: the read is aborted), keeps the name servers last read, or,
   * never read, is `pending`: its check waits for a later run. So does a zone whose read Route 53
   * still throttled, or left unanswered, after the retries (`unanswered`).
   */
  async lookup(zoneIds: readonly string[], deadline = Number.POSITIVE_INFINITY): Promise<ZoneLookup> {
    const servers: Record<string, string[]> = {};
    const errors: Record<string, string> = {};
    const pending: string[] = [];
    const unanswered: Record<string, string> = {};
    const notRead = (id: string, hit: { servers: string[] } | undefined) => {
      if (hit) servers[id] = hit.servers;
      else pending.push(id);
    };
    // At the deadline, reads still going (retrying, or a stalled connection) are abandoned and aborted.
    const stop = new AbortController();
    // Every read listens for the abort: without this Node warns once more than 10 are in flight.
    setMaxListeners(zoneIds.length + 10, stop.signal);
    const timeUp = Number.isFinite(deadline) ? lateAt(deadline, () => stop.abort()) : undefined;
    const unique = [...new Set(zoneIds)];
    let storeProblem: string | undefined;
    const store = this.store;
    // Zones this reader never had: from the store first, one call per 100, instead of one Route 53 read each.
    const unknown = store ? unique.filter((id) => !this.cache.has(id) && !this.asked.has(id)) : [];
    if (store && unknown.length > 0) {
      try {
        const loading = store.load(unknown, stop.signal);
        loading.catch(() => undefined); // abandoned at the deadline
        const got = timeUp ? await Promise.race([loading, timeUp.late]) : await loading;
        if (got !== LATE) {
          for (const id of unknown) this.asked.add(id);
          for (const [id, z] of got) this.remember(id, z.servers, z.readAt);
        }
      } catch (e) {
        storeProblem = `reading the stored name servers failed: ${(e as Error).message}`;
      }
    }
    const saves: Promise<void>[] = [];
    await Promise.all(
      unique.map(async (id) => {
        const hit = this.cache.get(id);
        if (hit && this.clock() < hit.until) return void (servers[id] = hit.servers);
        try {
          if (!(await this.token(deadline))) return notRead(id, hit);
          const read = this.route53.send(new GetHostedZoneCommand({ Id: id }), { abortSignal: stop.signal });
          read.catch(() => undefined); // abandoned at the deadline: its rejection (the abort) is not waited for
          const out = timeUp ? await Promise.race([read, timeUp.late]) : await read;
          if (out === LATE) return notRead(id, hit);
          const ns = (out.DelegationSet?.NameServers ?? []).map(canonicalName).sort();
          if (ns.length === 0) throw new Error(`hosted zone ${id} has no delegation set (a private zone? its servers must be listed under servers)`);
          const readAt = this.clock();
          this.remember(id, ns, readAt);
          servers[id] = ns;
          if (store) {
            saves.push(store.save(id, { servers: ns, readAt }, stop.signal).catch((e: Error) => void (storeProblem ??= `storing the name servers read failed: ${e.message}`)));
          }
        } catch (e) {
          if (isUnanswered(e as SdkError)) {
            unanswered[id] = unansweredReason(id, e as SdkError);
            return notRead(id, hit);
          }
          // GetHostedZone's NoSuchHostedZone ("No hosted zone exists with the ID that you specified",
          // https://docs.aws.amazon.com/Route53/latest/APIReference/API_GetHostedZone.html, Errors):
          // the zone is gone, or the reader is in another account.
          const hint = (e as Error).name === 'NoSuchHostedZone' ? ' — the zone was deleted, or is in another AWS account than the one reading it' : '';
          errors[id] = `reading the name servers of ${id} from Route 53 failed: ${(e as Error).message}${hint}`;
        }
      }),
    );
    // Stored before the function returns (an execution environment is frozen between runs).
    await (timeUp ? Promise.race([Promise.all(saves), timeUp.late]) : Promise.all(saves));
    timeUp?.clear();
    return { servers, errors, pending: pending.sort(), unanswered, ...(storeProblem ? { storeProblem } : {}) };
  }
}
