/**
 * doctor's resolver-endpoints check against moto server through the real AWS SDK: every Resolver
 * endpoint the config monitors exists in its region, and is in a state in which it answers. An id
 * that names no endpoint leaves its alarms without data for ever, which the alarms check can only
 * report as INSUFFICIENT_DATA an hour later.
 */
import { CreateSecurityGroupCommand, CreateSubnetCommand, CreateVpcCommand, EC2Client } from '@aws-sdk/client-ec2';
import { CreateResolverEndpointCommand } from '@aws-sdk/client-route53resolver';
import { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { parseConfig } from '../../lib/config/load';
import { runDoctor } from '../../lib/doctor';
import { resolverEndpointProblems } from '../../lib/doctor/resolver-endpoints';
import { startMoto, type MotoServer } from '../support/moto';
import { motoDoctorClients } from './clients';
import { freePort } from '../support/net';

let moto: MotoServer;
beforeAll(async () => {
  moto = await startMoto();
}, 60_000);
afterAll(() => moto?.stop());

/** An endpoint as Resolver makes it: two IP addresses in two subnets of a VPC, with a security group. */
async function endpoint(region: string, direction: 'INBOUND' | 'OUTBOUND', requestId = `${region}-${direction}`): Promise<string> {
  const ec2 = new EC2Client(moto.clientConfig(region));
  const vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }))).Vpc!.VpcId!;
  const subnet = async (cidr: string, az: string) => (await ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: cidr, AvailabilityZone: az }))).Subnet!.SubnetId!;
  const [a, b] = [await subnet('10.0.1.0/24', `${region}a`), await subnet('10.0.2.0/24', `${region}b`)];
  const sg = (await ec2.send(new CreateSecurityGroupCommand({ GroupName: `dns-${direction}`, Description: 'DNS', VpcId: vpc }))).GroupId!;
  const out = await motoDoctorClients(moto)
    .resolver(region)
    .send(new CreateResolverEndpointCommand({ CreatorRequestId: requestId, Direction: direction, SecurityGroupIds: [sg], IpAddresses: [{ SubnetId: a }, { SubnetId: b }] }));
  return out.ResolverEndpoint!.Id!;
}

/** The datapoint of ResolverEndpointCapacityStatus that Resolver sends for an endpoint every 5 minutes, put into moto as it would arrive. */
function capacityDatapoint(region: string, endpointId: string) {
  return new CloudWatchClient(moto.clientConfig(region)).send(
    new PutMetricDataCommand({ Namespace: 'AWS/Route53Resolver', MetricData: [{ MetricName: 'ResolverEndpointCapacityStatus', Dimensions: [{ Name: 'EndpointId', Value: endpointId }], Value: 0 }] }),
  );
}

describe('doctor: the Resolver endpoints the config monitors', () => {
  it('reports an endpoint id that names no endpoint in its region; existing ones are fine', async () => {
    const inbound = await endpoint('eu-west-1', 'INBOUND');
    const outbound = await endpoint('us-west-2', 'OUTBOUND');
    const missing = 'rslvr-in-0123456789abcdef0';
    await capacityDatapoint('eu-west-1', inbound);
    const cfg = parseConfig({
      prefix: 'ep',
      resolverEndpoints: [
        { endpointId: inbound, region: 'eu-west-1', direction: 'inbound', name: 'onprem-in' },
        { endpointId: missing, region: 'eu-west-1', direction: 'inbound', name: 'typo' },
        // Right id, wrong region: the endpoint is in us-west-2.
        { endpointId: outbound, region: 'eu-central-1', direction: 'outbound', name: 'moved' },
      ],
      alerts: { email: ['oncall@example.com'] },
    });
    const report = await runDoctor(cfg, motoDoctorClients(moto), { checks: ['resolver-endpoints'] });
    expect(report.checked).toEqual({ 'resolver-endpoints': 3 });
    expect(report.findings.map((f) => `${f.region} ${f.subject}: ${f.problem}`)).toEqual([
      `eu-central-1 moved (${outbound}): eu-central-1 has no Resolver endpoint ${outbound}: its alarms (unhealthy network interfaces, query volume, capacity) stay without data`,
      `eu-west-1 typo (${missing}): eu-west-1 has no Resolver endpoint ${missing}: its alarms (unhealthy network interfaces, query volume, capacity) stay without data`,
    ]);
    expect(report.findings[1].fix).toBe(`correct resolverEndpoints[1].endpointId or resolverEndpoints[1].region (aws route53resolver list-resolver-endpoints --region eu-west-1 lists the region's endpoints)`);
  }, 60_000);
});

describe('doctor: the capacity metric of each endpoint', () => {
  // Resolver publishes ResolverEndpointCapacityStatus itself; here one endpoint's datapoint is put
  // into moto as Resolver would send it, and the other endpoint has none.
  it('reports an existing endpoint with the capacity alarm on but no ResolverEndpointCapacityStatus data: the alarm cannot fire', async () => {
    // One endpoint per region: moto answers ListResolverEndpoints with HTTP 500 once a region holds two.
    const withMetric = await endpoint('ap-southeast-2', 'INBOUND', 'cap-measured');
    const without = await endpoint('eu-north-1', 'OUTBOUND', 'cap-unmeasured');
    const quietOff = await endpoint('ca-central-1', 'INBOUND', 'cap-off');
    await capacityDatapoint('ap-southeast-2', withMetric);
    const cfg = parseConfig({
      prefix: 'cap',
      resolverEndpoints: [
        { endpointId: withMetric, region: 'ap-southeast-2', direction: 'inbound', name: 'measured' },
        { endpointId: without, region: 'eu-north-1', direction: 'outbound', name: 'unmeasured' },
        // No data either, but its capacity alarm is off: nothing to say.
        { endpointId: quietOff, region: 'ca-central-1', direction: 'inbound', name: 'off', capacity: { enabled: false } },
      ],
      alerts: { email: ['oncall@example.com'] },
    });
    const report = await runDoctor(cfg, motoDoctorClients(moto), { checks: ['resolver-endpoints'] });
    expect(report.findings.map((f) => `${f.region} ${f.subject}: ${f.problem}`)).toEqual([
      `eu-north-1 unmeasured (${without}): no ResolverEndpointCapacityStatus data from this endpoint in the last two weeks: its capacity alarm cannot fire`,
    ]);
    expect(report.findings[0].fix).toContain('resolverEndpoints[1].capacity: { enabled: false }');
  }, 60_000);
});

describe('doctor: the capacity metric cannot be read', () => {
  // A policy made from an earlier docs/cli-permissions.md lacks cloudwatch:ListMetrics: the
  // finding says so and the other checks still run. Here CloudWatch is a closed loopback port.
  it('is a finding naming the call, not the end of the doctor run', async () => {
    const only = await endpoint('sa-east-1', 'INBOUND', 'cap-unreadable');
    const closed = await freePort();
    const clients = { ...motoDoctorClients(moto), cloudwatch: (r: string) => new CloudWatchClient({ ...moto.clientConfig(r), endpoint: `http://127.0.0.1:${closed}`, maxAttempts: 1 }) };
    const cfg = parseConfig({
      prefix: 'unr',
      resolverEndpoints: [{ endpointId: only, region: 'sa-east-1', direction: 'inbound', name: 'unreadable' }],
      alerts: { email: ['oncall@example.com'] },
    });
    const report = await runDoctor(cfg, clients, { checks: ['resolver-endpoints', 'maintenance'] });
    expect(report.checked).toEqual({ 'resolver-endpoints': 1, maintenance: 0 });
    expect(report.findings).toEqual([
      expect.objectContaining({
        check: 'resolver-endpoints',
        region: 'sa-east-1',
        subject: 'capacity metric of the endpoints',
        problem: expect.stringMatching(/^could not list ResolverEndpointCapacityStatus \(Error\): whether each endpoint's capacity alarm gets data is not known$/),
        fix: expect.stringContaining('allow cloudwatch:ListMetrics'),
      }),
    ]);
  }, 60_000);
});

describe('the states of an endpoint that moto does not produce', () => {
  const configured = [{ endpointId: 'rslvr-in-0aaaaaaaaaaaaaaa1', name: 'onprem-in', configPath: 'resolverEndpoints[0]' }];
  const problems = (Status: string, StatusMessage?: string) => resolverEndpointProblems('eu-west-1', configured, [{ Id: 'rslvr-in-0aaaaaaaaaaaaaaa1', Status, StatusMessage }] as never);

  it('OPERATIONAL, CREATING and UPDATING are fine', () => {
    for (const s of ['OPERATIONAL', 'CREATING', 'UPDATING']) expect(problems(s)).toEqual([]);
  });

  it('ACTION_NEEDED, AUTO_RECOVERING and DELETING are reported with what Resolver says', () => {
    expect(problems('ACTION_NEEDED', 'The endpoint has fewer than 2 healthy IP addresses')[0].problem).toBe(
      'is ACTION_NEEDED (The endpoint has fewer than 2 healthy IP addresses): Resolver cannot recover it by itself, and DNS queries through it may fail',
    );
    expect(problems('AUTO_RECOVERING')[0].problem).toMatch(/^is AUTO_RECOVERING \(no message\): Resolver is recovering some of its network interfaces/);
    expect(problems('DELETING')[0].problem).toMatch(/^is DELETING/);
  });
});
