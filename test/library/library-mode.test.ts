/** Library use keeps placement like the CLI (placementFile) and announces stacks that dropped out. */
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DnsMonitoring } from '../../lib/dns-monitoring';
import { DROPPED_STACK_WARNING } from '../../lib/stacks/stack-assignments';
import { generatedZones, newTestApp } from '../support/synth';

/** Stack of every zone's alarms, by zone id. */
function stackOfZones(m: DnsMonitoring): Map<string, string> {
  const out = new Map<string, string>();
  for (const s of m.shardStacks) {
    for (const c of s.node.findAll()) {
      const id = /^Alarms-(Z\w+)$/.exec(c.node.id)?.[1];
      if (id) out.set(id, s.stackName);
    }
  }
  return out;
}

describe('placementFile', () => {
  it('removing 30 of 120 zones moves none of the other 90, and the emptied stack is announced', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dnsmon-place-')), 'dns.stacks.json');
    const all = generatedZones(120);
    const first = new DnsMonitoring(newTestApp(), 'DnsMonitor', { config: all, account: '111122223333', placementFile: file, maxResourcesPerStack: 150 });
    const before = stackOfZones(first);
    expect(new Set(before.values()).size).toBeGreaterThan(3);
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).units).toEqual(first.assignments.units);

    // Drop the first 30 zones of the list: without the file, every later zone would shift stacks.
    const kept = { ...all, hostedZones: all.hostedZones!.slice(30) };
    const second = new DnsMonitoring(newTestApp(), 'DnsMonitor', { config: kept, account: '111122223333', placementFile: file, maxResourcesPerStack: 150 });
    const after = stackOfZones(second);
    expect(after.size).toBe(90);
    const moved = [...after].filter(([id, stack]) => before.get(id) !== stack);
    expect(moved).toEqual([]);
    const emptied = [...new Set(before.values())].filter((s) => ![...after.values()].includes(s));
    expect(emptied.length).toBeGreaterThan(0);
    // Library use: the warning sits on the primary core stack, where cdk synth prints it (the CLI prints the same text).
    const warnings = Annotations.fromStack(second.coreStacks['us-east-1']).findWarning('*', Match.anyValue()).map((m) => String(m.entry.data));
    for (const s of emptied) {
      expect(warnings).toEqual(expect.arrayContaining([expect.stringMatching(new RegExp(`Stack ${s} \\(us-east-1\\) is no longer in the app.*delete-stack --stack-name ${s} --region us-east-1.*\\[ack: ${DROPPED_STACK_WARNING}\\]`))]));
    }
  });

  it('without the file the same removal does move zones (the file is what keeps them)', () => {
    const all = generatedZones(120);
    const a = stackOfZones(new DnsMonitoring(newTestApp(), 'DnsMonitor', { config: all, account: '111122223333', maxResourcesPerStack: 150 }));
    const b = stackOfZones(new DnsMonitoring(newTestApp(), 'DnsMonitor', { config: { ...all, hostedZones: all.hostedZones!.slice(30) }, account: '111122223333', maxResourcesPerStack: 150 }));
    expect([...b].filter(([id, stack]) => a.get(id) !== stack).length).toBeGreaterThan(0);
  });
});
