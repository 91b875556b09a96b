/**
 * Reads a health-check URL (`https://host[:port]/path?query`, `http://...`, `tcp://host:port`) into
 * the fields Route 53 wants: protocol, FQDN or IP address, port and resource path.
 * Limits from the CreateHealthCheck API reference (ROUTE53 in lib/aws-facts.ts): FullyQualifiedDomainName
 * and ResourcePath at most 255 characters; Route 53 cannot check addresses that are not public (contracts/ip-ranges.ts).
 */
import { isIP } from 'node:net';
import { ROUTE53 } from '../aws-facts';
import { nonPublicKind } from '../../contracts/ip-ranges';

export type HealthCheckProtocol = 'http' | 'https' | 'tcp';

export interface ParsedHealthCheckUrl {
  readonly protocol: HealthCheckProtocol;
  /** Host name when the URL names a host. */
  readonly fqdn?: string;
  /** IP address when the URL uses one (IPv6 without brackets). */
  readonly ipAddress?: string;
  readonly port: number;
  /** Path and query for http(s) (Route 53 `ResourcePath`), absent for tcp. */
  readonly resourcePath?: string;
}

export type UrlResult = { ok: true; value: ParsedHealthCheckUrl } | { ok: false; error: string };

const HOST = new RegExp(`^(?=.{1,${ROUTE53.maxHealthCheckFqdnLength}}$)(?:(?!-)[a-z0-9-]{1,63}(?<!-)\\.)*(?!-)[a-z0-9-]{1,63}(?<!-)\\.?$`);
const FORMS = 'use https://host[:port]/path, http://host[:port]/path or tcp://host:port';

export function parseHealthCheckUrl(raw: string): UrlResult {
  const m = /^([a-z][a-z0-9+.-]*):\/\//i.exec(raw);
  if (!m) return { ok: false, error: `'${raw}' is not a URL — ${FORMS}` };
  const scheme = m[1].toLowerCase();
  if (scheme !== 'http' && scheme !== 'https' && scheme !== 'tcp') {
    return { ok: false, error: `uses ${scheme}:// — Route 53 checks http, https or tcp; ${FORMS}` };
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, error: `'${raw}' is not a valid URL — ${FORMS}` };
  }
  if (url.username || url.password) return { ok: false, error: 'contains a user name or password — Route 53 health checks cannot send credentials; remove user:pass@' };
  if (url.hash) return { ok: false, error: 'contains a #fragment — fragments are never sent to the server; remove it' };
  let host = url.hostname;
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  if (!host) return { ok: false, error: `has no host — ${FORMS}` };

  const protocol = scheme as HealthCheckProtocol;
  let port: number;
  if (url.port) port = Number(url.port);
  else if (protocol === 'tcp') return { ok: false, error: 'has no port — a TCP check needs one: tcp://host:port, e.g. tcp://db.example.com:5432' };
  else port = protocol === 'https' ? 443 : 80;
  // The URL parser takes :0 (it refuses 65536 and up): Route 53 does not.
  const ports = ROUTE53.healthCheckPorts;
  if (port < ports.min || port > ports.max) return { ok: false, error: `has port ${port} — Route 53 checks ports ${ports.min} to ${ports.max}` };

  let resourcePath: string | undefined;
  if (protocol === 'tcp') {
    if ((url.pathname && url.pathname !== '/') || url.search) {
      return { ok: false, error: 'has a path or query — a TCP check only opens a connection; use tcp://host:port (or an http(s):// URL to request a path)' };
    }
  } else {
    resourcePath = `${url.pathname || '/'}${url.search}`;
    const max = ROUTE53.maxHealthCheckResourcePathLength;
    if (resourcePath.length > max) return { ok: false, error: `has a path and query of ${resourcePath.length} characters — Route 53 allows at most ${max}` };
  }

  const ipVersion = isIP(host);
  if (ipVersion !== 0) {
    const kind = nonPublicKind(host);
    if (kind !== undefined) {
      return { ok: false, error: `uses ${host}, which is a ${kind} address, not a public one — Route 53 checkers run on the internet and cannot check local, private, non-routable or multicast addresses; use the endpoint's public address or host name` };
    }
    return { ok: true, value: { protocol, ipAddress: host, port, resourcePath } };
  }
  const fqdn = host.toLowerCase();
  if (!HOST.test(fqdn)) return { ok: false, error: `has '${host}' as host, which is not a domain name or IP address — ${FORMS}` };
  return { ok: true, value: { protocol, fqdn, port, resourcePath } };
}
