/**
 * The name servers of Route 53 hosted zones (their delegation sets), read with GetHostedZone: the
 * only Route 53 call the prober makes (it returns the zone's name, name servers and VPCs, never
 * records). Kept for `cacheMs`, so a 1-minute prober asks Route 53 a few times an hour.
 *
 * Route 53 throttles every API call of the account together (contracts/route53-api.ts: a bucket
 * of 50 refilled with 10 a second). Asked for many zones at once (a prober with many `zoneId`
 * checks, `dns-monitor check --hosted-zones` for a fleet), the reader paces itself at half that
 * rate with a fifth of its burst, so the probers of several regions and the account's other
 * callers still get through, and retries a throttled call (`route53ReaderConfig`): a zone it
 * cannot read fails its check.
 */
import { GetHostedZoneCommand, type Route53Client, type Route53ClientConfig } from '@aws-sdk/client-route-53';
import { ROUTE53_API } from '../../contracts/route53-api';

export type Route53Reader = Pick<Route53Client, 'send'>;

/** The Route 53 client's retries: adaptive mode slows down after a throttled call; six attempts in all. */
export const route53ReaderConfig = { maxAttempts: 6, retryMode: 'adaptive' } as const satisfies Route53ClientConfig;

/** At most `burst` calls at once, then `perSecond`. */
export interface Pace {
  readonly perSecond: number;
  readonly burst: number;
}

export const DEFAULT_PACE: Pace = { perSecond: ROUTE53_API.requestsPerSecond / 2, burst: ROUTE53_API.burst / 5 };

export class ZoneServers {
  private readonly cache = new Map<string, { at: number; servers: string[] }>();
  private tokens: number;
  private refilledAt: number;
  /** Calls wait for a token one after another, in the order they asked. */
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly route53: Route53Reader,
    private readonly cacheMs = 15 * 60_000,
    private readonly clock: () => number = Date.now,
    readonly pace: Pace = DEFAULT_PACE,
  ) {
    this.tokens = pace.burst;
    this.refilledAt = Date.now();
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

  /**
   * zoneId -> name servers, for every zone id given; a zone that cannot be read maps to the error's
   * message. With `deadline` (epoch ms), a zone whose read could not start by then keeps the name
   * servers last read (a delegation set rarely changes), or, never read, is `pending`: its check
   * waits for a later run.
   */
  async lookup(zoneIds: readonly string[], deadline = Number.POSITIVE_INFINITY): Promise<{ servers: Record<string, string[]>; errors: Record<string, string>; pending: string[] }> {
    const servers: Record<string, string[]> = {};
    const errors: Record<string, string> = {};
    const pending: string[] = [];
    await Promise.all(
      [...new Set(zoneIds)].map(async (id) => {
        const hit = this.cache.get(id);
        if (hit && this.clock() - hit.at < this.cacheMs) return void (servers[id] = hit.servers);
        try {
          if (!(await this.token(deadline))) {
            if (hit) servers[id] = hit.servers;
            else pending.push(id);
            return;
          }
          const out = await this.route53.send(new GetHostedZoneCommand({ Id: id }));
          const ns = (out.DelegationSet?.NameServers ?? []).map((n) => n.toLowerCase().replace(/\.$/, '')).sort();
          if (ns.length === 0) throw new Error(`hosted zone ${id} has no delegation set (a private zone? its servers must be listed under servers)`);
          this.cache.set(id, { at: this.clock(), servers: ns });
          servers[id] = ns;
        } catch (e) {
          errors[id] = `reading the name servers of ${id} from Route 53 failed: ${(e as Error).message}`;
        }
      }),
    );
    return { servers, errors, pending: pending.sort() };
  }
}
