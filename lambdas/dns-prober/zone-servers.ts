/**
 * The name servers of Route 53 hosted zones (their delegation sets), read with GetHostedZone: the
 * only Route 53 call the prober makes (it returns the zone's name, name servers and VPCs, never
 * records). Kept for `cacheMs`, so a 1-minute prober asks Route 53 a few times an hour.
 */
import { GetHostedZoneCommand, type Route53Client } from '@aws-sdk/client-route-53';

export type Route53Reader = Pick<Route53Client, 'send'>;

export class ZoneServers {
  private readonly cache = new Map<string, { at: number; servers: string[] }>();

  constructor(
    private readonly route53: Route53Reader,
    private readonly cacheMs = 15 * 60_000,
    private readonly clock: () => number = Date.now,
  ) {}

  /** zoneId -> name servers, for every zone id given; a zone that cannot be read maps to the error's message. */
  async lookup(zoneIds: readonly string[]): Promise<{ servers: Record<string, string[]>; errors: Record<string, string> }> {
    const servers: Record<string, string[]> = {};
    const errors: Record<string, string> = {};
    await Promise.all(
      [...new Set(zoneIds)].map(async (id) => {
        const hit = this.cache.get(id);
        if (hit && this.clock() - hit.at < this.cacheMs) return void (servers[id] = hit.servers);
        try {
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
    return { servers, errors };
  }
}
