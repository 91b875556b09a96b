/**
 * The registration watcher as the app builds it: its input is the synthesized schedule's Input
 * (with Scheduler's `<aws.scheduler.scheduled-time>` replaced, as Scheduler does), Route 53 Domains
 * and CloudWatch are moto server through the real AWS SDK (domains registered with RegisterDomain),
 * and the bundled handler runs once as Lambda loads it.
 */
import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { ListDomainsCommand, RegisterDomainCommand, Route53DomainsClient, type ContactDetail } from '@aws-sdk/client-route-53-domains';
import { DOMAIN_DIMENSION, DOMAIN_REGISTRATION_METRICS, DOMAIN_REGISTRATION_NAMESPACE, type DomainWatchEvent } from '../../contracts/domain-registration';
import { ROUTE53_DOMAINS } from '../../lib/aws-facts';
import { LIST_DOMAINS_PAGE, watchDomains } from '../../lambdas/domain-watcher/watch';
import { bundleHandler } from '../support/bundled-handler';
import { startMoto, type MotoServer } from '../support/moto';
import { synthConfig } from '../support/synth';

let moto: MotoServer;
const DAY = 86_400_000;
const contact: ContactDetail = {
  FirstName: 'Dana',
  LastName: 'Ops',
  ContactType: 'PERSON',
  AddressLine1: '1 Main St',
  City: 'Springfield',
  CountryCode: 'US',
  ZipCode: '12345',
  PhoneNumber: '+1.5555550100',
  Email: 'dns@example.org',
};

const domainsClient = () => new Route53DomainsClient(moto.clientConfig(ROUTE53_DOMAINS.region));
const cloudwatch = () => new CloudWatchClient(moto.clientConfig(ROUTE53_DOMAINS.region));

// Two years and more: moto refuses one (it checks its own now + 365 days against "at least 1 year from now" a moment later).
async function register(name: string, autoRenew: boolean, years = 2): Promise<Date> {
  await domainsClient().send(new RegisterDomainCommand({ DomainName: name, DurationInYears: years, AutoRenew: autoRenew, AdminContact: contact, RegistrantContact: contact, TechContact: contact }));
  const listed = await domainsClient().send(new ListDomainsCommand({ MaxItems: 100 }));
  return listed.Domains!.find((d) => d.DomainName === name)!.Expiry!;
}

/** The schedule's input exactly as synthesized, with the scheduled time Scheduler puts in. */
function scheduledInput(domains: object[], at: Date): DomainWatchEvent {
  const synth = synthConfig({ prefix: 'acme', registeredDomains: domains } as never);
  const [schedule] = Object.values(synth.templates['acme-core-us-east-1'].findResources('AWS::Scheduler::Schedule', { Properties: { Name: 'acme-domain-watcher' } }));
  const input = schedule.Properties.Target.Input as string;
  expect(input).toContain('"<aws.scheduler.scheduled-time>"');
  return JSON.parse(input.replace('<aws.scheduler.scheduled-time>', at.toISOString())) as DomainWatchEvent;
}

async function metric(name: string, domain: string, at: Date): Promise<number[]> {
  const out = await cloudwatch().send(
    new GetMetricDataCommand({
      StartTime: new Date(at.getTime() - 3_600_000),
      EndTime: new Date(at.getTime() + 3_600_000),
      MetricDataQueries: [{ Id: 'm', MetricStat: { Metric: { Namespace: DOMAIN_REGISTRATION_NAMESPACE, MetricName: name, Dimensions: [{ Name: DOMAIN_DIMENSION, Value: domain }] }, Period: 3600, Stat: 'Minimum' } }],
    }),
  );
  return out.MetricDataResults?.[0]?.Values ?? [];
}

let renewed: Date;
let manual: Date;

beforeAll(async () => {
  moto = await startMoto();
  renewed = await register('renewed-by-route53.com', true);
  manual = await register('renewed-by-hand.net', false, 3);
}, 60_000);

afterAll(() => moto?.stop());

describe('the registration watcher, with the input the app schedules', () => {
  it('publishes each domain\'s days to expiry, counted from the scheduled time, and whether it renews automatically', async () => {
    const at = new Date(renewed.getTime() - 20 * DAY - 6 * 3_600_000); // 20.25 days before the first expires
    const event = scheduledInput([{ name: 'Renewed-By-Route53.com.' }, { name: 'renewed-by-hand.net', autoRenew: false, expiryWarningDays: 60, expiryCriticalDays: 21 }], at);
    expect(event).toEqual({ time: at.toISOString(), domains: ['renewed-by-route53.com', 'renewed-by-hand.net'] });
    const log: Record<string, unknown>[] = [];
    const result = await watchDomains(event, { domains: domainsClient(), cloudwatch: cloudwatch(), log: (level, message, extra) => log.push({ level, message, ...extra }) });
    const manualDays = Math.round(((manual.getTime() - at.getTime()) / DAY) * 100) / 100;
    expect(result).toEqual({
      domains: [
        { name: 'renewed-by-route53.com', daysToExpiry: 20.25, autoRenew: true },
        { name: 'renewed-by-hand.net', daysToExpiry: manualDays, autoRenew: false },
      ],
      missing: [],
    });
    expect(manualDays).toBeGreaterThan(365);
    expect(await metric(DOMAIN_REGISTRATION_METRICS.daysToExpiry, 'renewed-by-route53.com', at)).toEqual([20.25]);
    expect(await metric(DOMAIN_REGISTRATION_METRICS.autoRenew, 'renewed-by-route53.com', at)).toEqual([1]);
    expect(await metric(DOMAIN_REGISTRATION_METRICS.autoRenew, 'renewed-by-hand.net', at)).toEqual([0]);
    expect(log.filter((l) => l.message === 'domain registration').map((l) => [l.domain, l.expires])).toEqual([
      ['renewed-by-route53.com', renewed.toISOString()],
      ['renewed-by-hand.net', manual.toISOString()],
    ]);
  });

  it('a configured domain the account does not hold fails the run, naming it, after publishing the others', async () => {
    const at = new Date(renewed.getTime() - 100 * DAY);
    const event = scheduledInput([{ name: 'renewed-by-route53.com' }, { name: 'registered-elsewhere.org' }], at);
    const log: Record<string, unknown>[] = [];
    await expect(watchDomains(event, { domains: domainsClient(), cloudwatch: cloudwatch(), log: (level, message, extra) => log.push({ level, message, ...extra }) })).rejects.toThrow(
      /^registered-elsewhere\.org is not among the 2 domains registered with Route 53 in this account \(ListDomains\).*remove it from registeredDomains/,
    );
    expect(await metric(DOMAIN_REGISTRATION_METRICS.daysToExpiry, 'renewed-by-route53.com', at)).toEqual([100]);
    expect(log.find((l) => l.level === 'error')).toMatchObject({ missing: ['registered-elsewhere.org'], listed: 2 });
  });

  it('reads every page of ListDomains (moto pages as AWS does, by Marker)', async () => {
    const names = Array.from({ length: 9 }, (_, i) => `paged-${i}.org`);
    for (const n of names) await register(n, true);
    const at = new Date(renewed.getTime() - 200 * DAY);
    // The app asks for ListDomains' largest page; an account in moto holds at most 20 domains, so
    // smaller pages make moto return several.
    expect(LIST_DOMAINS_PAGE).toBe(ROUTE53_DOMAINS.listDomainsMaxItems);
    const result = await watchDomains(scheduledInput([...names, 'renewed-by-hand.net'].map((name) => ({ name, autoRenew: name.startsWith('paged') })), at), {
      domains: domainsClient(),
      cloudwatch: cloudwatch(),
      log: () => undefined,
      pageSize: 3,
    });
    expect(result.missing).toEqual([]);
    expect(result.domains.map((d) => d.name)).toEqual([...names, 'renewed-by-hand.net']);
  });

  it('a malformed input fails the run and says what is missing', async () => {
    const deps = { domains: domainsClient(), cloudwatch: cloudwatch(), log: () => undefined };
    await expect(watchDomains({ domains: ['a.com'] }, deps)).rejects.toThrow(/no valid time .*<aws\.scheduler\.scheduled-time>/);
    await expect(watchDomains({ time: '<aws.scheduler.scheduled-time>', domains: ['a.com'] }, deps)).rejects.toThrow(/no valid time/);
    await expect(watchDomains({ time: new Date().toISOString(), domains: 'a.com' }, deps)).rejects.toThrow(/no list of domains/);
  });

  it('the bundled handler (as Lambda loads it) runs the scheduled input against the account in us-east-1', async () => {
    const handler = bundleHandler('domain-watcher');
    try {
      const at = new Date(renewed.getTime() - 3 * DAY);
      const out = await handler.invoke([scheduledInput([{ name: 'renewed-by-route53.com' }], at)], { AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL: moto.endpoint });
      expect(out.results).toEqual([{ ok: { domains: [{ name: 'renewed-by-route53.com', daysToExpiry: 3, autoRenew: true }], missing: [] } }]);
      expect(await metric(DOMAIN_REGISTRATION_METRICS.daysToExpiry, 'renewed-by-route53.com', at)).toEqual([3]);
    } finally {
      handler.remove();
    }
  });
});
