/**
 * Every resource type a stack holds must exist in the region the stack deploys to: CloudFormation
 * refuses a template with a type its region does not offer ("Unrecognized resource types"), and
 * cfn-lint's template checks run for us-east-1 only. The region lists come from the CloudFormation
 * resource schemas cfn-lint ships (one provider list per region, as AWS publishes them).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AWS_REGIONS } from '../../lib/aws-facts';
import { MAX_DNS_CHECK_REGIONS } from '../../lib/config/dns-checks-schema';
import { partitionOfRegion } from '../../contracts/console-links';
import { buildApp, REPO } from '../support/synth';
import type { RawConfig } from '../../lib/config/schema';

function providers(): Map<string, Set<string>> {
  const lib = path.join(REPO, '.venv', 'lib');
  const py = fs.readdirSync(lib).find((d) => d.startsWith('python'));
  const dir = path.join(lib, py!, 'site-packages', 'cfnlint', 'data', 'schemas', 'providers');
  const out = new Map<string, Set<string>>();
  for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.json'))) {
    out.set(f.slice(0, -5), new Set(Object.keys(JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')))));
  }
  return out;
}

/** A config that puts everything regional the app builds into every region of one partition. */
function everywhere(partition: string, regions: readonly string[]): RawConfig {
  const commercial = partition === 'aws';
  const hex = (i: number) => i.toString(16).padStart(17, '0');
  return {
    prefix: `rt-${partition}`,
    hostedZones: commercial ? [{ zoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com', queryLogging: { create: true } }] : [],
    resolverVpcs: regions.map((region, i) => ({ vpcId: `vpc-${hex(i)}`, region, name: `v${i}`, queryLogging: { create: true } })),
    resolverEndpoints: regions.map((region, i) => ({ endpointId: `rslvr-in-${hex(i)}`, region, direction: 'inbound', name: `e${i}` })),
    healthChecks: commercial ? [{ name: 'api', url: 'https://api.example.com/health' }] : [],
    dnsChecks: regions
      .reduce<string[][]>((groups, r, i) => (i % MAX_DNS_CHECK_REGIONS === 0 ? [...groups, [r]] : [...groups.slice(0, -1), [...groups[groups.length - 1], r]]), [])
      .map((rs, i) => ({ name: `www${i}`, query: 'www.example.com', type: 'A', resolvers: ['192.0.2.53'], regions: rs, expect: { answers: ['192.0.2.10'] } })),
    maintenanceWindows: [{ name: 'patch', schedule: 'cron(0 2 * * SUN)', duration: '1h', vpcs: regions.map((_, i) => `v${i}`), resolverEndpoints: regions.map((_, i) => `e${i}`) }],
    alerts: {
      email: ['oncall@example.com'],
      sms: ['+14155550100'],
      slack: commercial ? { webhook: {}, chatbot: { workspaceId: 'T0123ABCD', channelId: 'C0123ABCD' } } : { webhook: {} },
    },
    changeAudit: commercial ? {} : undefined,
    license: { licenseId: 'lic_0123456789abcdef' },
  } as RawConfig;
}

const known = providers();
const byPartition = new Map<string, string[]>();
for (const r of AWS_REGIONS) {
  // me-south-1: cfn-lint ships no schemas for it (test/config/config-text.test.ts holds that).
  if (!known.has(r)) continue;
  const p = partitionOfRegion(r);
  byPartition.set(p, [...(byPartition.get(p) ?? []), r]);
}

describe('every resource type exists in the region of its stack', () => {
  it.each([...byPartition.entries()])('%s: every region', (partition, regions) => {
    const { app } = buildApp(everywhere(partition, regions));
    const assembly = app.synth();
    const seen = new Set<string>();
    const missing: string[] = [];
    for (const stack of assembly.stacks) {
      const region = stack.environment.region;
      seen.add(region);
      const offered = known.get(region)!;
      for (const [id, r] of Object.entries((stack.template as { Resources?: Record<string, { Type: string }> }).Resources ?? {})) {
        if (r.Type.startsWith('Custom::') || r.Type === 'AWS::CDK::Metadata') continue;
        if (!offered.has(r.Type)) missing.push(`${stack.stackName} (${region}) ${id}: ${r.Type}`);
      }
    }
    // The config reached every region of the partition, so the check covered each one.
    expect([...seen].sort()).toEqual(expect.arrayContaining(regions));
    expect(missing).toEqual([]);
  }, 180_000);
});
