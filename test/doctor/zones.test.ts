/**
 * doctor's zones check against moto server through the real AWS SDK: every hosted zone the config
 * monitors, and every zone a DNS check reads its name servers from, must be a public hosted zone of
 * the account with the name the config gives it. A wrong zoneId, a private zone or another name
 * leaves every alarm of the zone without data, and nothing else says why.
 */
import { CreateVpcCommand, EC2Client } from '@aws-sdk/client-ec2';
import { CreateHostedZoneCommand, DeleteHostedZoneCommand, Route53Client } from '@aws-sdk/client-route-53';
import { ROUTE53 } from '../../lib/aws-facts';
import { parseConfig } from '../../lib/config/load';
import { runDoctor } from '../../lib/doctor';
import { startMoto, type MotoServer } from '../support/moto';
import { motoDoctorClients } from './clients';

let moto: MotoServer;
let publicZone: string;
let renamed: string;
let privateZone: string;
const MISSING = 'Z0NOTINTHISACCOUNT01';

/**
 * A zone as Route 53 makes it; moto draws ids from A-Z0-9, the config takes Route 53's (starting with Z).
 * A private zone: AWS makes a zone private when a VPC is given; moto only when HostedZoneConfig says so too.
 */
async function zone(r53: Route53Client, name: string, vpc?: string): Promise<string> {
  for (let i = 0; ; i++) {
    const out = await r53.send(new CreateHostedZoneCommand({ Name: name, CallerReference: `zones-${name}-${i}`, ...(vpc ? { VPC: { VPCId: vpc, VPCRegion: 'eu-west-1' }, HostedZoneConfig: { PrivateZone: true } } : {}) }));
    const id = out.HostedZone!.Id!.replace('/hostedzone/', '');
    if (ROUTE53.hostedZoneId.test(id)) return id;
    await r53.send(new DeleteHostedZoneCommand({ Id: id }));
  }
}

beforeAll(async () => {
  moto = await startMoto();
  const r53 = new Route53Client(moto.clientConfig('us-east-1'));
  const vpc = (await new EC2Client(moto.clientConfig('eu-west-1')).send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }))).Vpc!.VpcId!;
  publicZone = await zone(r53, 'shop.example.com');
  renamed = await zone(r53, 'new-name.example.com');
  privateZone = await zone(r53, 'internal.example.com', vpc);
}, 60_000);
afterAll(() => moto?.stop());

describe('doctor: the hosted zones the config names', () => {
  it('reports a zone not in the account, a private zone and one with another name; a public zone of that name is fine', async () => {
    const cfg = parseConfig({
      prefix: 'zn',
      hostedZones: [
        { zoneId: publicZone, zoneName: 'shop.example.com' },
        { zoneId: MISSING, zoneName: 'typo.example.com' },
        { zoneId: privateZone, zoneName: 'internal.example.com', queryVolume: { enabled: false } },
        { zoneId: renamed, zoneName: 'old-name.example.com' },
      ],
      dnsChecks: [
        { name: 'shop', query: 'www.shop.example.com', type: 'A', zoneId: publicZone, expect: {} },
        { name: 'inside', query: 'www.internal.example.com', type: 'A', zoneId: privateZone, expect: {} },
        { name: 'gone', query: 'www.gone.example.com', type: 'A', zoneId: 'Z0GONEFROMACCOUNT001', expect: {} },
      ],
      alerts: { email: ['oncall@example.com'] },
    });
    const report = await runDoctor(cfg, motoDoctorClients(moto), { checks: ['zones'] });
    expect(report.checked).toEqual({ zones: 7 });
    expect(report.findings.map((f) => `${f.region} ${f.subject}: ${f.problem}`)).toEqual([
      `us-east-1 typo.example.com (${MISSING}): this account has no hosted zone ${MISSING}: Route 53 logs and counts nothing for it, so every alarm of the zone stays without data`,
      `us-east-1 internal.example.com (${privateZone}): is a private hosted zone: Route 53 writes query logs and publishes DNSQueries for public zones only, so none of the zone's query-log or DNSQueries alarms can fire`,
      `us-east-1 old-name.example.com (${renamed}): the hosted zone ${renamed} is named new-name.example.com, not old-name.example.com: the queries in its logs and every alarm, log group and dashboard name the wrong zone`,
      `us-east-1 DNS check inside: its zoneId ${privateZone} is a private hosted zone: it has no public name servers, so the prober's queries to the zone's name servers fail on every run`,
      `us-east-1 DNS check gone: this account has no hosted zone Z0GONEFROMACCOUNT001: the prober cannot read its name servers, so the check fails on every run`,
    ]);
    const fix = (subject: string) => report.findings.find((f) => f.subject.startsWith(subject))!.fix;
    expect(fix('typo.example.com')).toContain('hostedZones[1].zoneId');
    expect(fix('typo.example.com')).toContain('aws route53 list-hosted-zones');
    expect(fix('internal.example.com')).toMatch(/resolverVpcs/);
    expect(fix('old-name.example.com')).toBe('set hostedZones[3].zoneName: new-name.example.com, or correct hostedZones[3].zoneId');
    expect(fix('DNS check inside')).toMatch(/^remove zoneId from the check named inside under dnsChecks; .*deploy: false/);
  });

  it("says once what a zone outside the account or a private zone lacks: the zones finding, not also the query-logging one", async () => {
    // Neither can have the public query logging the query-logging check looks for; its finding
    // would send the user to turn query logging on for a zone that is not there.
    const cfg = parseConfig({
      prefix: 'zq',
      hostedZones: [
        { zoneId: publicZone, zoneName: 'shop.example.com' },
        { zoneId: MISSING, zoneName: 'typo.example.com' },
        { zoneId: privateZone, zoneName: 'internal.example.com', queryVolume: { enabled: false } },
      ],
      alerts: { email: ['oncall@example.com'] },
    });
    const both = await runDoctor(cfg, motoDoctorClients(moto), { checks: ['zones', 'query-logging'] });
    expect(both.findings.map((f) => `${f.check} ${f.subject}`)).toEqual([
      `zones typo.example.com (${MISSING})`,
      `zones internal.example.com (${privateZone})`,
      `query-logging shop.example.com (${publicZone})`,
    ]);
    // Asked for alone, the query-logging check still reports every zone it finds without query logging.
    const alone = await runDoctor(cfg, motoDoctorClients(moto), { checks: ['query-logging'] });
    expect(alone.findings.map((f) => f.subject)).toEqual([`shop.example.com (${publicZone})`, `typo.example.com (${MISSING})`, `internal.example.com (${privateZone})`]);
  });

  it('reads the zones with one paginated list, whatever their number', async () => {
    const r53 = new Route53Client(moto.clientConfig('us-east-1'));
    const many: string[] = [];
    // More than one ListHostedZones page.
    for (let i = 0; i < ROUTE53.listHostedZonesPageSize + 5; i++) many.push(await zone(r53, `z${i}.fleet.example.com`));
    const cfg = parseConfig({ prefix: 'fl', hostedZones: many.map((zoneId, i) => ({ zoneId, zoneName: `z${i}.fleet.example.com` })), alerts: { email: ['oncall@example.com'] } });
    const report = await runDoctor(cfg, motoDoctorClients(moto), { checks: ['zones'] });
    expect(report).toEqual({ findings: [], checked: { zones: ROUTE53.listHostedZonesPageSize + 5 } });
  }, 120_000);
});
