/**
 * `registeredDomains`: domains registered with Route 53 (Route 53 Domains) in the deployment's
 * account, whose registration the watcher reads every hour. Each gets alarms on its days to expiry
 * (a warning, then a critical one) and, unless renewed by hand, on automatic renewal being off.
 * The defaults sit below Route 53's automatic renewal day, so a domain that renews normally never
 * pages (lib/aws-facts.ts ROUTE53_DOMAINS; docs/registered-domains.md).
 */
import { z } from 'zod';
import { ROUTE53_DOMAINS } from '../aws-facts';
import { canonicalName, nameError, ZONE_NAME } from './domain-names';

export const REGISTERED_DOMAIN_DEFAULTS = {
  /**
   * Warning when fewer days remain: 5 days after the latest automatic renewal (30 days for .com.ar,
   * .com.br and .jp, 35 for the rest), so a renewal that failed or is stuck shows with weeks left.
   */
  expiryWarningDays: ROUTE53_DOMAINS.lateAutoRenew.days - 5,
  /** Critical (pages by SMS too) when fewer days remain: RenewDomain asks for "several weeks" ahead. */
  expiryCriticalDays: 10,
  /** Route 53 renews the domain itself: an alarm when automatic renewal is off. */
  autoRenew: true,
  /** At most this many domains: three alarms each, all in the us-east-1 core stack. */
  maxDomains: 100,
  /** Days at most for a threshold: a registration is renewed by the year. */
  maxDays: 365,
} as const;

/** The day before expiry Route 53 renews a domain of this name automatically (lib/aws-facts.ts). */
export function autoRenewDay(domain: string): number {
  const name = canonicalName(domain);
  const late = ROUTE53_DOMAINS.lateAutoRenew.tlds.some((tld) => name.endsWith(`.${tld}`));
  return late ? ROUTE53_DOMAINS.lateAutoRenew.days : ROUTE53_DOMAINS.autoRenewDaysBeforeExpiry;
}

const days = (what: string) =>
  z
    .number({ error: `must be a whole number of days — ${what}` })
    .int(`must be a whole number of days — ${what}`)
    .min(1, `must be at least 1 day — ${what}`)
    .max(REGISTERED_DOMAIN_DEFAULTS.maxDays, `must be at most ${REGISTERED_DOMAIN_DEFAULTS.maxDays} days — ${what}`);

export const registeredDomainSchema = z
  .strictObject({
    name: z
      .string({ error: 'is required — the registered domain, as Route 53 lists it under Registered domains, e.g. example.com' })
      .regex(ZONE_NAME, nameError(ZONE_NAME, 'is not a domain name — use the registered domain, e.g. example.com'))
      .refine((n) => n.replace(/\.$/, '').includes('.'), 'is a top-level domain — name the registered domain, e.g. example.com')
      .refine((n) => !n.includes('_'), 'has an underscore, which no registrable domain has — name the registered domain, e.g. example.com'),
    expiryWarningDays: days(`the warning alarm fires when fewer days remain (default ${REGISTERED_DOMAIN_DEFAULTS.expiryWarningDays})`).optional(),
    expiryCriticalDays: days(`the critical alarm fires when fewer days remain (default ${REGISTERED_DOMAIN_DEFAULTS.expiryCriticalDays})`).optional(),
    autoRenew: z
      .boolean({ error: 'must be true or false — true (default): Route 53 renews the domain and an alarm fires when automatic renewal is off; false: you renew it by hand' })
      .optional(),
  })
  .superRefine((d, ctx) => {
    const warning = d.expiryWarningDays ?? REGISTERED_DOMAIN_DEFAULTS.expiryWarningDays;
    const critical = d.expiryCriticalDays ?? REGISTERED_DOMAIN_DEFAULTS.expiryCriticalDays;
    // A value the field itself refuses has its own message: no second one about how it compares.
    const valid = (n: unknown) => Number.isInteger(n) && (n as number) >= 1 && (n as number) <= REGISTERED_DOMAIN_DEFAULTS.maxDays;
    if (!valid(warning) || !valid(critical) || typeof d.name !== 'string') return;
    if (critical >= warning) {
      ctx.addIssue({
        code: 'custom',
        path: [d.expiryCriticalDays !== undefined ? 'expiryCriticalDays' : 'expiryWarningDays'],
        message: `the critical alarm (${critical} days) would fire before the warning (${warning} days) — set expiryCriticalDays below expiryWarningDays`,
      });
    }
    const renewDay = autoRenewDay(d.name);
    if ((d.autoRenew ?? REGISTERED_DOMAIN_DEFAULTS.autoRenew) && warning >= renewDay) {
      ctx.addIssue({
        code: 'custom',
        path: [d.expiryWarningDays !== undefined ? 'expiryWarningDays' : 'expiryCriticalDays'],
        message:
          `Route 53 renews ${d.name} automatically ${renewDay} days before it expires, so an alarm at ${warning} days would fire every year before the renewal — ` +
          `use fewer than ${renewDay} days, or set autoRenew: false if you renew this domain by hand`,
      });
    }
  });

export const registeredDomainsSchema = z
  .array(registeredDomainSchema)
  .max(REGISTERED_DOMAIN_DEFAULTS.maxDomains, `lists more than ${REGISTERED_DOMAIN_DEFAULTS.maxDomains} domains — each has three alarms in the us-east-1 core stack; watch the rest from a second deployment (another prefix)`)
  .superRefine((list, ctx) => {
    const seen = new Map<string, number>();
    list.forEach((d, i) => {
      const key = canonicalName(d.name);
      const first = seen.get(key);
      if (first !== undefined) ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `${d.name} is listed twice (first at registeredDomains[${first}]) — list each domain once` });
      else seen.set(key, i);
    });
  });

export type RegisteredDomainConfig = z.output<typeof registeredDomainSchema>;

/** A registered domain with every setting defaulted. */
export interface ResolvedRegisteredDomain {
  /** Lowercase, without a trailing dot (as the watcher compares it with ListDomains). */
  readonly name: string;
  readonly expiryWarningDays: number;
  readonly expiryCriticalDays: number;
  /** An alarm when Route 53's automatic renewal is off. */
  readonly autoRenew: boolean;
  /** Where it is in the config file, e.g. `registeredDomains[0]`. */
  readonly configPath: string;
}

export function resolveRegisteredDomains(list: readonly RegisteredDomainConfig[]): ResolvedRegisteredDomain[] {
  return list.map((d, i) => ({
    name: canonicalName(d.name),
    expiryWarningDays: d.expiryWarningDays ?? REGISTERED_DOMAIN_DEFAULTS.expiryWarningDays,
    expiryCriticalDays: d.expiryCriticalDays ?? REGISTERED_DOMAIN_DEFAULTS.expiryCriticalDays,
    autoRenew: d.autoRenew ?? REGISTERED_DOMAIN_DEFAULTS.autoRenew,
    configPath: `registeredDomains[${i}]`,
  }));
}
