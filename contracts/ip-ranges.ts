/**
 * IP addresses that are not public: no host on the internet can reach them. One list, read by the
 * places that need it:
 *   - Route 53 health checks: Route 53 cannot check an endpoint whose address is in a local,
 *     private, non-routable or multicast range; the API reference cites RFC 5735 (special-use
 *     IPv4), RFC 6598 (shared address space) and RFC 5156 (special-use IPv6)
 *     (https://docs.aws.amazon.com/Route53/latest/APIReference/API_HealthCheckConfig.html, IPAddress).
 *   - Deployed DNS checks: the prober Lambda is not connected to the account's VPCs and reaches
 *     public addresses only (LAMBDA.reachesAccountVpcs in lib/aws-facts.ts). The config refuses
 *     such an address written out; `dns-monitor check` warns of a server name that resolves to
 *     one (bin/check.ts), and a query to one that gets no answer says why (the prober's
 *     lambdas/dns-prober/query.ts: hence its place in contracts/).
 * The ranges are those RFCs' (and RFC 1918, 3927, 4193, 4291 for the ones they refer to), except
 * the documentation ranges (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24, 2001:db8::/32), which
 * the examples use as stand-ins for real servers.
 */
import { BlockList, isIP } from 'node:net';

const RANGES: readonly { readonly kind: string; readonly ranges: readonly (readonly [string, number, 'ipv4' | 'ipv6'])[] }[] = [
  { kind: 'private (RFC 1918)', ranges: [['10.0.0.0', 8, 'ipv4'], ['172.16.0.0', 12, 'ipv4'], ['192.168.0.0', 16, 'ipv4']] },
  { kind: 'shared address space (RFC 6598)', ranges: [['100.64.0.0', 10, 'ipv4']] },
  { kind: 'link-local (RFC 3927)', ranges: [['169.254.0.0', 16, 'ipv4']] },
  { kind: 'loopback', ranges: [['127.0.0.0', 8, 'ipv4'], ['::1', 128, 'ipv6']] },
  { kind: '"this network" (RFC 1122)', ranges: [['0.0.0.0', 8, 'ipv4'], ['::', 128, 'ipv6']] },
  { kind: 'unique local (RFC 4193)', ranges: [['fc00::', 7, 'ipv6']] },
  { kind: 'link-local', ranges: [['fe80::', 10, 'ipv6']] },
  { kind: 'multicast', ranges: [['224.0.0.0', 4, 'ipv4'], ['ff00::', 8, 'ipv6']] },
  { kind: 'reserved (RFC 1112)', ranges: [['240.0.0.0', 4, 'ipv4']] },
  { kind: 'benchmarking (RFC 2544)', ranges: [['198.18.0.0', 15, 'ipv4']] },
];

const LISTS = RANGES.map(({ kind, ranges }) => {
  const list = new BlockList();
  for (const [address, prefix, family] of ranges) list.addSubnet(address, prefix, family);
  return { kind, list };
});

/** What kind of non-public address `ip` is, e.g. `private (RFC 1918)`; undefined for a public address or a non-address. */
export function nonPublicKind(ip: string): string | undefined {
  const family = isIP(ip);
  if (family === 0) return undefined;
  return LISTS.find(({ list }) => list.check(ip, family === 4 ? 'ipv4' : 'ipv6'))?.kind;
}
