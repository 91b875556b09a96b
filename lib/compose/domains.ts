/** The registered domains: the registration watcher and each domain's alarms, in the us-east-1 core stack. */
import { ROUTE53_DOMAINS } from '../aws-facts';
import { RegistrationWatcher, REGISTRATION_WATCHER_ID } from '../domains';
import { actionsFor, type Composition } from './context';

export function registeredDomains(c: Composition): void {
  const { cfg } = c;
  if (cfg.registeredDomains.length === 0) return;
  const core = c.cores[ROUTE53_DOMAINS.region];
  new RegistrationWatcher(core, REGISTRATION_WATCHER_ID, {
    prefix: cfg.prefix,
    domains: cfg.registeredDomains,
    actions: actionsFor(c, core),
    runbookUrl: cfg.alerts.runbookUrl,
  });
}
