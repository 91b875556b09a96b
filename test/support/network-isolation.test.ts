/**
 * No test may reach a non-loopback address. The test command (scripts/test.sh) runs jest in a
 * network namespace of its own whose only interface is loopback, and says so in
 * DNSMON_TEST_NETWORK=isolated; there a test that tries anything else fails at once instead of
 * reaching out. These tests prove the namespace is what the command claims. Run outside it (`npx
 * jest`, or a machine where the command could not isolate and said so), they are skipped.
 */
import { promises as dns } from 'node:dns';
import * as net from 'node:net';
import * as os from 'node:os';

const isolated = process.env.DNSMON_TEST_NETWORK === 'isolated';
const whenIsolated = isolated ? it : it.skip;

function connect(host: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const s = net.connect({ host, port, timeout: 5_000 });
    s.once('connect', () => (s.destroy(), resolve('connected')));
    s.once('timeout', () => (s.destroy(), resolve('timeout')));
    s.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
  });
}

whenIsolated('loopback is the only network interface', () => {
  const addresses = Object.entries(os.networkInterfaces()).flatMap(([name, list]) => (list ?? []).map((a) => `${name} ${a.address}`));
  expect(addresses.length).toBeGreaterThan(0);
  for (const a of addresses) expect(a).toMatch(/^lo (127\.|::1$)/);
});

whenIsolated('a connection to an address outside loopback fails at once, by IPv4 and IPv6', async () => {
  // Documentation addresses (RFC 5737, RFC 3849): never a real host, and unreachable here.
  expect(await connect('203.0.113.1', 443)).toBe('ENETUNREACH');
  expect(await connect('2001:db8::1', 443)).toMatch(/^(ENETUNREACH|EADDRNOTAVAIL)$/);
});

whenIsolated('no name outside the machine resolves', async () => {
  await expect(dns.resolve4('amazonaws.com')).rejects.toThrow();
  await expect(dns.lookup('sns.us-east-1.amazonaws.com')).rejects.toThrow();
});

whenIsolated('loopback still serves', async () => {
  const server = net.createServer((s) => s.end());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    expect(await connect('127.0.0.1', (server.address() as net.AddressInfo).port)).toBe('connected');
  } finally {
    await new Promise((r) => server.close(r));
  }
});
