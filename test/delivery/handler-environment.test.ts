/**
 * A handler whose function lacks a variable its construct sets must refuse to start and name the
 * variable, never run with a stand-in: the DNS check reporter once read a missing TOPICS as "no
 * topics" and published a check's detail to nobody. Each bundled handler (as Lambda loads it) is
 * started with the variables it requires, less one (its construct sets them all: the bundled runs
 * of test/dns-checks/detail-alerts.test.ts and test/delivery/audit-email.test.ts start it with the
 * synthesized template's environment). Every AWS endpoint is a closed loopback port, so a handler
 * that did run could reach nothing.
 */
import { bundleHandler, type BundledHandler } from '../support/bundled-handler';
import { freePort } from '../support/net';

const TOPICS = JSON.stringify({ critical: ['arn:aws:sns:us-east-1:123456789012:acme-alerts-critical'], warning: [] });

const cases: { dir: string; env: Record<string, string>; event: unknown }[] = [
  {
    dir: 'dns-check-reporter',
    env: { PROBER_FUNCTION_NAME: 'acme-dns-prober', TOPICS },
    event: { 'detail-type': 'CloudWatch Alarm State Change', detail: { alarmName: 'acme-dns-check-www', state: { value: 'ALARM' } } },
  },
  { dir: 'dns-prober', env: { SCHEDULE_NAME: 'acme-dns-prober' }, event: { report: { check: 'www' } } },
  { dir: 'audit-publisher', env: { TOPICS }, event: {} },
];

describe.each(cases)('$dir', ({ dir, env, event }) => {
  let handler: BundledHandler;
  let endpoint: string;
  beforeAll(async () => {
    handler = bundleHandler(dir);
    endpoint = `http://127.0.0.1:${await freePort()}`;
  });
  afterAll(() => handler.remove());

  it.each(Object.keys(env))('refuses to start without %s, naming it', async (name) => {
    const rest = Object.fromEntries(Object.entries(env).filter(([k]) => k !== name));
    const out = await handler.invoke([event], { ...rest, AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL: endpoint });
    expect(out.results).toEqual([]);
    expect(out.code).not.toBe(0);
    expect(out.stderr).toContain(`${name} is missing`);
  });

  it.each(Object.keys(env))('refuses an empty %s the same way', async (name) => {
    const out = await handler.invoke([event], { ...env, [name]: ' ', AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL: endpoint });
    expect(out.code).not.toBe(0);
    expect(out.stderr).toContain(`${name} is missing`);
  });
});

it('a TOPICS that is not the per-severity lists of topic ARNs is refused at start, whichever handler reads it', async () => {
  for (const dir of ['dns-check-reporter', 'audit-publisher']) {
    const handler = bundleHandler(dir);
    try {
      for (const bad of ['{"critical":[]}', '["arn:aws:sns:us-east-1:123456789012:t"]', '{"critical":["not-an-arn"],"warning":[]}', 'not json']) {
        const out = await handler.invoke([{}], { PROBER_FUNCTION_NAME: 'acme-dns-prober', TOPICS: bad, AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL: 'http://127.0.0.1:9' });
        expect({ dir, bad, code: out.code, refused: out.stderr.includes('TOPICS must be') }).toEqual({ dir, bad, code: 1, refused: true });
      }
    } finally {
      handler.remove();
    }
  }
});
