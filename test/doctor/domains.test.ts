/**
 * doctor's domains check against moto server through the real AWS SDK: each registered domain of
 * the config is held by the account (RegisterDomain in moto), renews automatically when the config
 * expects it, and is not already under its warning threshold.
 */
import { ListDomainsCommand, RegisterDomainCommand, Route53DomainsClient, type ContactDetail } from '@aws-sdk/client-route-53-domains';
import { parseConfig } from '../../lib/config/load';
import { renderDoctor, runDoctor } from '../../lib/doctor';
import { startMoto, type MotoServer } from '../support/moto';
import { motoDoctorClients } from './clients';
import { freePort } from '../support/net';

let moto: MotoServer;
const contact: ContactDetail = { FirstName: 'Dana', LastName: 'Ops', ContactType: 'PERSON', AddressLine1: '1 Main St', City: 'Springfield', CountryCode: 'US', ZipCode: '12345', PhoneNumber: '+1.5555550100', Email: 'dns@example.org' };
const DAY = 86_400_000;
let expiry: Record<string, Date>;

beforeAll(async () => {
  moto = await startMoto();
  const client = motoDoctorClients(moto).route53domains();
  // Two years: moto refuses one (its own now + 365 days fails its "at least a year" check).
  for (const [name, autoRenew] of [['renews.com', true], ['by-hand.net', false], ['switched-off.org', false]] as const) {
    await client.send(new RegisterDomainCommand({ DomainName: name, DurationInYears: 2, AutoRenew: autoRenew, AdminContact: contact, RegistrantContact: contact, TechContact: contact }));
  }
  const listed = await client.send(new ListDomainsCommand({}));
  expiry = Object.fromEntries(listed.Domains!.map((d) => [d.DomainName!, d.Expiry!]));
}, 60_000);
afterAll(() => moto?.stop());

const config = parseConfig({
  prefix: 'dom',
  registeredDomains: [
    { name: 'Renews.com.' },
    { name: 'by-hand.net', autoRenew: false },
    { name: 'switched-off.org' },
    { name: 'elsewhere.io' },
  ],
  alerts: { email: ['oncall@example.com'] },
});

describe('doctor: the registered domains the config watches', () => {
  it('reports a domain the account does not hold and one whose automatic renewal is off while the config expects it on', async () => {
    const report = await runDoctor(config, motoDoctorClients(moto), { checks: ['domains'] });
    expect(report.checked).toEqual({ domains: 4 });
    expect(report.findings.map((f) => [f.check, f.region, f.subject])).toEqual([
      ['domains', 'us-east-1', 'switched-off.org'],
      ['domains', 'us-east-1', 'elsewhere.io'],
    ]);
    expect(report.findings[0].problem).toMatch(/^automatic renewal is off: Route 53 will not renew it/);
    expect(report.findings[0].fix).toContain('aws route53domains enable-domain-auto-renew --region us-east-1 --domain-name switched-off.org');
    expect(report.findings[0].fix).toContain('registeredDomains[2].autoRenew: false');
    expect(report.findings[1].problem).toBe('is not registered with Route 53 in this account (ListDomains lists 3 domain(s)): the registration watcher cannot read it and fails every run');
    expect(report.findings[1].fix).toMatch(/^remove registeredDomains\[3\] /);
    expect(renderDoctor(report)).toContain('✗ [domains] us-east-1 elsewhere.io: is not registered');
  });

  it('reports a domain already under its warning threshold, counted from now', async () => {
    const now = expiry['renews.com'].getTime() - 20 * DAY;
    const report = await runDoctor(config, motoDoctorClients(moto), { checks: ['domains'], now });
    const renews = report.findings.filter((f) => f.subject === 'renews.com');
    expect(renews.map((f) => f.problem)).toEqual([`expires on ${expiry['renews.com'].toISOString().slice(0, 10)}, in 20 day(s), under its warning threshold of 25: its expiry alarm fires after the deploy`]);
    // by-hand.net (autoRenew: false, registered the same moment) is under 25 days too; switched-off.org as well.
    expect(report.findings.filter((f) => f.problem.includes('warning threshold')).map((f) => f.subject)).toEqual(['renews.com', 'by-hand.net', 'switched-off.org']);
  });

  it('runs nothing for a config without registered domains', async () => {
    const cfg = parseConfig({ prefix: 'dom', dnsChecks: [{ name: 'www', query: 'www.example.com', type: 'A', expect: {} }], alerts: { email: ['oncall@example.com'] } });
    const report = await runDoctor(cfg, motoDoctorClients(moto), { checks: ['domains'] });
    expect(report).toEqual({ findings: [], checked: { domains: 0 } });
  });
});

describe('doctor: the registered domains cannot be listed', () => {
  // A policy made before this check lacks route53domains:ListDomains: the finding says so and the
  // other checks still run. Here the Route 53 Domains API is a closed loopback port.
  it('is a finding naming the call, not the end of the doctor run', async () => {
    const closed = await freePort();
    const clients = { ...motoDoctorClients(moto), route53domains: () => new Route53DomainsClient({ ...moto.clientConfig('us-east-1'), endpoint: `http://127.0.0.1:${closed}`, maxAttempts: 1 }) };
    const report = await runDoctor(config, clients, { checks: ['domains', 'maintenance'] });
    expect(report.checked).toEqual({ domains: 4, maintenance: 0 });
    expect(report.findings).toEqual([
      {
        check: 'domains',
        region: 'us-east-1',
        subject: 'registered domains',
        problem: "could not list the account's registered domains (Error): whether the 4 domains of registeredDomains are the account's is not known",
        fix: 'allow route53domains:ListDomains (docs/cli-permissions.md), or look them up in the Route 53 console (Registered domains)',
      },
    ]);
  });
});
