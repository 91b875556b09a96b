/** The active DNS checks: a prober in the core stack of each vantage region, the alarms in the primary one. */
import { DnsCheckAlarms } from '../dns-checks/alarms';
import { DnsProber } from '../dns-checks/prober';
import { actionsFor, type Composition } from './context';

export function dnsChecks(c: Composition): void {
  const m = c.model.dnsChecks;
  if (m.checks.length === 0) return;
  for (const [region, checks] of m.probers) {
    const core = c.cores[region];
    new DnsProber(core, 'DnsProber', { prefix: c.cfg.prefix, region, metricsRegion: m.region, checks, actions: actionsFor(c, core) });
  }
  const home = c.cores[m.region];
  new DnsCheckAlarms(home, 'DnsCheckAlarms', { specs: m.checks.map((x) => x.alarm), actions: actionsFor(c, home) });
}
