/**
 * doctor's domains check against moto server through the real AWS SDK: each registered domain of
 * the config is held by the account (RegisterDomain in moto), renews automatically when the config
 * expects it, and is not already under its warning threshold.
 */
import { ListDomainsCommand, RegisterDomainCommand, Route53DomainsClient, UpdateDomainNameserversCommand, type ContactDetail } from '@aws-sdk/client-route-53-domains';
import { Route53Client } from '@aws-sdk/client-route-53';
import { parseConfig } from '../../lib/config/load';
import { renderDoctor, runDoctor } from '../../lib/doctor';
import { startMoto, type MotoServer } from '../support/moto';
import { motoDoctorClients } from './clients';
import { freePort } from '../support/net';
import { createHostedZone } from '../support/moto-zones';

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
    // One domain: "the 1 domains ... are" read as a slip.
    const one = parseConfig({ prefix: 'dom', registeredDomains: [{ name: 'example.com' }], alerts: { email: ['oncall@example.com'] } });
    const single = await runDoctor(one, clients, { checks: ['domains'] });
    expect(single.findings.map((f) => f.problem)).toEqual(["could not list the account's registered domains (Error): whether the domain of registeredDomains is the account's is not known"]);
  });
});

describe('doctor: a registered domain that is also a monitored zone is delegated to that zone', () => {
  /** A public zone as Route 53 makes it, its id starting with Z as the config requires (moto draws until one does). */
  async function zone(name: string): Promise<{ id: string; servers: string[] }> {
    const z = await createHostedZone(motoDoctorClients(moto).route53(), name);
    return { id: z.id, servers: z.nameServers };
  }

  it("reports the registrar's name servers that are not the zone's, with the command that sets them", async () => {
    const domains = motoDoctorClients(moto).route53domains();
    for (const name of ['pointed.com', 'stale.net']) {
      await domains.send(new RegisterDomainCommand({ DomainName: name, DurationInYears: 2, AutoRenew: true, AdminContact: contact, RegistrantContact: contact, TechContact: contact }));
    }
    const pointed = await zone('pointed.com');
    const stale = await zone('stale.net');
    // pointed.com at the registrar: its zone's four (moto refuses other capitals and a final dot).
    await domains.send(new UpdateDomainNameserversCommand({ DomainName: 'pointed.com', Nameservers: pointed.servers.map((n) => ({ Name: n })) }));
    // stale.net: the name servers of a zone since deleted and created again.
    await domains.send(new UpdateDomainNameserversCommand({ DomainName: 'stale.net', Nameservers: [{ Name: 'ns-1.awsdns-00.org' }, { Name: 'ns-2.awsdns-00.com' }] }));
    const cfg = parseConfig({
      prefix: 'dom',
      hostedZones: [
        { zoneId: pointed.id, zoneName: 'pointed.com' },
        { zoneId: stale.id, zoneName: 'stale.net' },
      ],
      registeredDomains: [{ name: 'pointed.com' }, { name: 'stale.net' }],
      alerts: { email: ['oncall@example.com'] },
    });
    const report = await runDoctor(cfg, motoDoctorClients(moto), { checks: ['domains'] });
    expect(report.findings.map((f) => f.subject)).toEqual(['stale.net']);
    const [f] = report.findings;
    const zoneServers = [...stale.servers].map((n) => n.toLowerCase()).sort();
    expect(f.problem).toBe(
      `the registrar delegates it to ns-1.awsdns-00.org, ns-2.awsdns-00.com, but its hosted zone ${stale.id} answers from ${zoneServers.join(', ')}: resolvers never reach the zone the monitoring watches (a zone deleted and created again gets new name servers)`,
    );
    expect(f.fix).toBe(`set the zone's name servers at the registrar: aws route53domains update-domain-nameservers --region us-east-1 --domain-name stale.net --nameservers ${zoneServers.map((n) => `Name=${n}`).join(' ')}`);
  });

  it('a name-server comparison that cannot be read is a finding naming the calls', async () => {
    const closed = await freePort();
    const target = await zone('unreadable.org');
    const domains = motoDoctorClients(moto).route53domains();
    await domains.send(new RegisterDomainCommand({ DomainName: 'unreadable.org', DurationInYears: 2, AutoRenew: true, AdminContact: contact, RegistrantContact: contact, TechContact: contact }));
    const clients = { ...motoDoctorClients(moto), route53: () => new Route53Client({ ...moto.clientConfig('us-east-1'), endpoint: `http://127.0.0.1:${closed}`, maxAttempts: 1 }) };
    const cfg = parseConfig({ prefix: 'dom', hostedZones: [{ zoneId: target.id, zoneName: 'unreadable.org' }], registeredDomains: [{ name: 'unreadable.org' }], alerts: { email: ['oncall@example.com'] } });
    const report = await runDoctor(cfg, clients, { checks: ['domains'] });
    expect(report.findings).toEqual([
      {
        check: 'domains',
        region: 'us-east-1',
        subject: 'registered domains',
        problem: "could not compare the registrar's name servers with the hosted zones' (Error): whether unreadable.org is delegated to the monitored zone is not known",
        fix: 'allow route53domains:GetDomainDetail and route53:GetHostedZone (docs/cli-permissions.md), or compare them in the Route 53 console (Registered domains, Hosted zones)',
      },
    ]);
  });
});
