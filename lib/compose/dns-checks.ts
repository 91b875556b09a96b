/**
 * The active DNS checks: a prober in the core stack of each vantage region; the alarms, and the
 * reporter that follows an alarm with what each server answered, in the primary one.
 */
import { DnsCheckAlarms } from '../dns-checks/alarms';
import { DnsProber } from '../dns-checks/prober';
import { DnsCheckReporter } from '../dns-checks/reporter';
import { MaintenanceMutes } from '../constructs/maintenance-mutes';
import { muteRuleSubject } from '../naming';
import { actionsFor, type Composition, topicKeysFor } from './context';

/** The construct id of the DNS checks' alarms in the primary region's core stack (the full-stack refusal looks for it). */
export const DNS_CHECK_ALARMS_ID = 'DnsCheckAlarms';

export function dnsChecks(c: Composition): void {
  const m = c.model.dnsChecks;
  if (m.checks.length === 0) return;
  for (const [region, event] of m.probers) {
    const core = c.cores[region];
    new DnsProber(core, 'DnsProber', { prefix: c.cfg.prefix, event, actions: actionsFor(c, core) });
  }
  const home = c.cores[m.region];
  const actions = actionsFor(c, home);
  const alarms = new DnsCheckAlarms(home, DNS_CHECK_ALARMS_ID, { specs: m.checks.map((x) => x.alarm), skipped: m.skippedAlarms, actions });
  for (const check of m.checks.filter((x) => x.maintenance.length > 0)) {
    const name = check.spec.name;
    new MaintenanceMutes(alarms, `Maintenance-${name}`, { prefix: c.cfg.prefix, subject: { id: muteRuleSubject.dnsCheck(name), label: `DNS check ${name}` }, windows: check.maintenance, alarms: [alarms.alarms[name]] });
  }
  // The follow-up goes where the check alarms notify: the default route's topics of this region.
  new DnsCheckReporter(home, 'DnsCheckReporter', {
    prefix: c.cfg.prefix,
    proberRegions: [...m.probers.keys()],
    topics: actions.topicArns,
    topicKeys: topicKeysFor(c, m.region),
    configFile: c.configFile,
    actions,
  });
}
