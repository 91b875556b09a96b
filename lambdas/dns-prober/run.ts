/** Runs DNS checks (contracts/dns-check.ts) against their servers: one result per check and server. */
import { getServers } from 'node:dns';
import type * as dnsPacket from 'dns-packet';
import type { DnsCheckResult, DnsCheckSpec } from '../../contracts/dns-check';
import { answerValues, failures } from './assert';
import { query, QueryError } from './query';

export interface RunOptions {
  /** Send every query to this server instead of the check's own (`dns-monitor check --nameserver`). */
  readonly nameserver?: string;
}

export async function runCheck(spec: DnsCheckSpec, opts: RunOptions = {}): Promise<DnsCheckResult[]> {
  // No servers in the config: ask the resolvers of the machine, as any client there would.
  const servers = opts.nameserver ? [opts.nameserver] : spec.servers.length > 0 ? spec.servers : getServers();
  const results = await Promise.all(
    servers.map(async (server): Promise<DnsCheckResult> => {
      try {
        const answer = await query(server, spec.query, spec.type as dnsPacket.RecordType, { tcp: spec.tcp, timeoutMs: spec.timeoutMs });
        const why = failures(spec.type, answer, spec.expect);
        return { name: spec.name, server, ok: why.length === 0, rcode: answer.rcode, answers: answerValues(answer, spec.type), reason: why.join('; ') };
      } catch (e) {
        const kind = e instanceof QueryError ? e.kind : 'ERROR';
        return { name: spec.name, server, ok: false, rcode: kind, answers: [], reason: (e as Error).message };
      }
    }),
  );
  if (!spec.expect.consistent || results.length < 2) return results;
  // Consistency: every server that answered gives the same set (an SOA answer carries the serial).
  const answered = results.filter((r) => r.rcode !== 'TIMEOUT' && r.rcode !== 'ERROR');
  const sets = new Set(answered.map((r) => r.answers.join('\n')));
  if (sets.size <= 1) return results;
  const summary = answered.map((r) => `${r.server}: ${r.answers.join(', ') || '(none)'}`).join(' | ');
  return results.map((r) => ({ ...r, ok: false, reason: [r.reason, `servers disagree: ${summary}`].filter(Boolean).join('; ') }));
}

export async function runChecks(specs: readonly DnsCheckSpec[], opts: RunOptions = {}): Promise<DnsCheckResult[]> {
  const all = await Promise.all(specs.map((s) => runCheck(s, opts)));
  return all.flat();
}
