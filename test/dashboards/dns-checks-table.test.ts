/**
 * The DNS-checks dashboard's "failing answers" tables read the prober's `dns check failed` log lines.
 * Every field the query shows must be one the prober writes, and re-checks (the report run an alarm
 * starts, whose lines carry `report: true`) must be told from scheduled runs.
 */
import { parseConfig } from '../../lib/config/load';
import { failingAnswersQuery } from '../../lib/dashboards/dns-checks';
import { failureLine } from '../../lambdas/dns-prober/probe';

// The check as the app resolves it from a config (the prober receives this spec).
const [spec] = parseConfig({
  prefix: 'acme',
  alerts: { email: ['oncall@example.com'] },
  dnsChecks: [{ name: 'www', query: 'www.example.test', type: 'A', servers: ['192.0.2.53'], regions: ['us-east-1'], expect: { answers: ['192.0.2.10'] } }],
}).dnsChecks;

describe('failing-answers table of the DNS-checks dashboard', () => {
  const query = failingAnswersQuery('/aws/lambda/acme-dns-prober');
  const fields = /\| fields ([^|]+)\|/.exec(query)![1].split(',').map((f) => f.trim());

  it('shows only fields the prober writes on a failing answer (scheduled run or re-check)', () => {
    const line = { ...failureLine(spec, { name: 'www', server: '192.0.2.53', ok: false, rcode: 'NOERROR', answers: ['192.0.2.99'], reason: 'answers 192.0.2.99, expected exactly 192.0.2.10' }, 'us-east-1'), report: true };
    expect(fields.filter((f) => !f.startsWith('@') && !(f in line))).toEqual([]);
  });

  it('tells a re-check from a scheduled run', () => {
    expect(fields).toContain('report');
    expect(query).toMatch(/filter message = "dns check failed"/);
  });
});
