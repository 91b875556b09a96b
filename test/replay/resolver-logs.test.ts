/**
 * Replay of Resolver (VPC) query logs: JSON records go through the VPC log group's synthesized
 * JSON metric filters; a VPC whose answers turn to SERVFAIL pages, and its normal minutes do not.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { parseConfig } from '../../lib/config/load';
import { pagesOf, replayConfig } from '../../lib/replay';

const VPC = 'vpc-0123456789abcdef0';
const record = (ts: number, rcode: string, i: number) =>
  JSON.stringify({
    version: '1.100000',
    account_id: '111122223333',
    region: 'eu-west-1',
    vpc_id: VPC,
    query_timestamp: new Date(ts * 1000).toISOString().replace('.000Z', 'Z'),
    query_name: `svc${i % 7}.internal.example.`,
    query_type: i % 3 ? 'A' : 'AAAA',
    query_class: 'IN',
    rcode,
    answers: [],
    srcaddr: `10.0.0.${1 + (i % 50)}`,
    srcport: '53000',
    transport: 'UDP',
    srcids: { instance: 'i-0d15cd0d3example' },
  });

describe('replay of Resolver query logs', () => {
  it('a VPC answering SERVFAIL from minute 60 pages through its servfail rate alarm (composite), not before', async () => {
    const start = Date.UTC(2026, 10, 2, 9) / 1000;
    const lines: string[] = [];
    for (let m = 0; m < 90; m++) for (let i = 0; i < 30; i++) lines.push(record(start + m * 60 + i * 2, m >= 60 ? 'SERVFAIL' : 'NOERROR', i));
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'replay-vpc-')), 'resolver.json.gz');
    fs.writeFileSync(file, zlib.gzipSync(lines.join('\n')));
    const config = parseConfig({ prefix: 'acme', resolverVpcs: [{ vpcId: VPC, region: 'eu-west-1', name: 'core' }], alerts: { email: ['oncall@example.com'] } });
    const r = await replayConfig(config, { logFiles: [file] });
    expect(r.lines).toBe(lines.length);
    expect(r.unmatchedLines).toBe(0);
    const composite = r.alarms.find((a) => a.alarmName === 'acme-core-unhealthy-composite')!;
    const pages = pagesOf(composite);
    expect(pages).toHaveLength(1);
    const after = pages[0] - (start + 3600);
    expect(after).toBeGreaterThan(0);
    expect(after).toBeLessThanOrEqual(300);
    const servfail = r.alarms.find((a) => a.alarmName === 'acme-core-servfail-rate')!;
    expect(servfail.transitions.filter((t) => t.state === 'ALARM').map((t) => t.at)).toEqual([pages[0]]);
  }, 120_000);
});
