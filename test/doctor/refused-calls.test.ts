/**
 * `doctor` when one of its AWS APIs cannot be reached or refuses it (most often: a policy made from
 * an earlier docs/cli-permissions.md, before a check was added). The checks that need that API say
 * they could not run and which call failed where; every other check still runs and reports. Only
 * when nothing could be checked, or the credentials themselves are refused, does the whole run fail
 * (the CLI then exits 2 with the error). Against moto server through the real AWS SDK; an API is
 * refused by pointing its client at a closed port on 127.0.0.1.
 */
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CreateLogGroupCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CreateTopicCommand, SubscribeCommand } from '@aws-sdk/client-sns';
import { CredentialsProviderError } from '@smithy/property-provider';
import { parseConfig } from '../../lib/config/load';
import { DOCTOR_CHECKS, type DoctorClients, runDoctor } from '../../lib/doctor';
import { CLI_PERMISSIONS } from '../../lib/doctor/permissions';
import { startMoto, type MotoServer } from '../support/moto';
import { motoDoctorClients, startMotoWithUserPolicy } from './clients';

const CONFIG = parseConfig({
  prefix: 'ref',
  hostedZones: [{ zoneId: 'Z0REFUSED00000000001', zoneName: 'live.example.com' }],
  resolverVpcs: [{ vpcId: 'vpc-0123456789abcdef0', region: 'eu-west-1', queryLogging: { logGroupName: '/dns/resolver-eu' } }],
  registeredDomains: [{ name: 'example.com' }],
  alerts: { email: ['oncall@example.com'], slack: { webhook: {} } },
  license: { licenseId: 'lic_refused_0001' },
});

let moto: MotoServer;
let clients: DoctorClients;
beforeAll(async () => {
  moto = await startMoto();
  clients = motoDoctorClients(moto);
  for (const region of ['us-east-1', 'eu-west-1']) {
    const t = await clients.sns(region).send(new CreateTopicCommand({ Name: 'ref-alerts-critical' }));
    await clients.sns(region).send(new SubscribeCommand({ TopicArn: t.TopicArn, Protocol: 'email', Endpoint: 'oncall@example.com' }));
  }
  await clients.logs('us-east-1').send(new CreateLogGroupCommand({ logGroupName: '/aws/route53/live.example.com' }));
}, 60_000);
afterAll(() => moto?.stop());

type Kind = keyof DoctorClients;
const KINDS = Object.keys(motoDoctorClients({ clientConfig: () => ({}) } as unknown as MotoServer)) as Kind[];

/** The clients, with those of `kinds` pointed at a closed port: every call of theirs fails. */
function refusing(kinds: readonly Kind[]): DoctorClients {
  const out: Record<string, (region: string) => unknown> = { ...clients };
  for (const kind of kinds) {
    const make = clients[kind] as unknown as (region: string) => { constructor: new (config: object) => unknown };
    out[kind] = (region: string) => {
      const working = make(region);
      return new working.constructor({ ...moto.clientConfig(region ?? 'us-east-1'), endpoint: 'http://127.0.0.1:9', maxAttempts: 1 });
    };
  }
  return out as unknown as DoctorClients;
}

/** A finding saying a whole check could not run. */
const COULD_NOT_RUN = /^could not run: ([a-z0-9-]+:[A-Za-z]+) in ([a-z0-9-]+) failed \(([^)]*)\), so what this check looks at is not known; the other checks ran$/;

describe('doctor with one AWS API out of reach', () => {
  let baseline: Awaited<ReturnType<typeof runDoctor>>;
  beforeAll(async () => {
    baseline = await runDoctor(CONFIG, clients);
  }, 120_000);

  it('every check runs with all of them in reach', () => {
    expect(Object.keys(baseline.checked).sort()).toEqual([...DOCTOR_CHECKS].sort());
    expect(baseline.findings.filter((f) => COULD_NOT_RUN.test(f.problem))).toEqual([]);
  });

  it.each(KINDS)('%s refused: the run finishes, each check it stops names the failed call, and the others report as before', async (kind) => {
    const report = await runDoctor(CONFIG, refusing([kind]));
    expect(Object.keys(report.checked).sort()).toEqual([...DOCTOR_CHECKS].sort());
    const stopped = report.findings.filter((f) => COULD_NOT_RUN.test(f.problem));
    for (const f of stopped) {
      const [, call, region] = COULD_NOT_RUN.exec(f.problem)!;
      expect([f.check, f.subject, f.region]).toEqual([f.check, `the ${f.check} check`, region]);
      // The call is named as the IAM action doctor's policy grants (lib/doctor/permissions.ts).
      expect(CLI_PERMISSIONS.doctor).toContain(call);
      // No answer came (the port is closed): where to look is the network, not the policy.
      expect(f.fix).toBe(`check that ${call.split(':')[0]} in ${region} can be reached from here (network, proxy, or a region not enabled for the account), then run doctor --check ${f.check}`);
      expect(report.checked[f.check]).toBe(0);
    }
    // Every other check finds what it found with the API in reach, unless it says what it could not read.
    const partial = new Set(report.findings.filter((f) => /could not |cannot be read/.test(f.problem)).map((f) => f.check));
    const key = (f: { check: string; region: string; subject: string; problem: string }) => `${f.check} ${f.region} ${f.subject}: ${f.problem}`;
    const others = (r: typeof report) => r.findings.filter((f) => !partial.has(f.check)).map(key).sort();
    expect(others(report)).toEqual(others(baseline));
    expect(report.findings.length).toBeGreaterThan(0);
  }, 120_000);

  it('CloudWatch refused: the checks that read alarms say so, naming DescribeAlarms', async () => {
    const report = await runDoctor(CONFIG, refusing(['cloudwatch']));
    const calls = report.findings.map((f) => COULD_NOT_RUN.exec(f.problem)?.[1]).filter(Boolean);
    expect(calls).toContain('cloudwatch:DescribeAlarms');
    expect(report.findings.filter((f) => f.check === 'subscriptions').length).toBe(baseline.findings.filter((f) => f.check === 'subscriptions').length);
  }, 120_000);
});

describe('doctor when nothing can be checked', () => {
  it('fails the whole run with the error when every API is out of reach', async () => {
    await expect(runDoctor(CONFIG, refusing(KINDS))).rejects.toThrow();
  }, 120_000);

  it('fails the whole run when there are no credentials to sign with, even for one API', async () => {
    const none: DoctorClients = {
      ...clients,
      cloudwatch: (region) =>
        new CloudWatchClient({
          ...moto.clientConfig(region),
          credentials: async () => {
            throw new CredentialsProviderError('Could not load credentials from any providers', { tryNextLink: false });
          },
        }),
    };
    await expect(runDoctor(CONFIG, none)).rejects.toMatchObject({ name: 'CredentialsProviderError' });
  }, 120_000);
});

// A real refusal: moto checking each request against the caller's IAM policies, as AWS does. The
// caller may do everything but call SNS (a policy made before a check that reads topics). SNS
// answers in XML (the query protocol), which moto's refusals are written in; a refusal of a JSON
// API by moto is XML too, which the SDK cannot read as AWS's AccessDeniedException.
describe('doctor with a policy that refuses one service', () => {
  let authed: MotoServer;
  let asDoctor: DoctorClients;
  beforeAll(async () => {
    const set = await startMotoWithUserPolicy([
      { Effect: 'Allow', Action: '*', Resource: '*' },
      { Effect: 'Deny', Action: 'sns:*', Resource: '*' },
    ]);
    [authed, asDoctor] = [set.moto, set.user];
    const sns = set.admin.sns('us-east-1');
    const t = await sns.send(new CreateTopicCommand({ Name: 'ref-alerts-critical' }));
    await sns.send(new SubscribeCommand({ TopicArn: t.TopicArn, Protocol: 'email', Endpoint: 'oncall@example.com' }));
  }, 60_000);
  afterAll(() => authed?.stop());

  it('each check stopped by the refusal names the refused call and the permission to add; the others report', async () => {
    const report = await runDoctor(CONFIG, asDoctor, { checks: ['subscriptions', 'topics', 'log-groups', 'maintenance'] });
    const stopped = report.findings.filter((f) => COULD_NOT_RUN.test(f.problem));
    expect(stopped.map((f) => [f.check, f.region, COULD_NOT_RUN.exec(f.problem)!.slice(1)])).toEqual([['subscriptions', 'eu-west-1', ['sns:ListTopics', 'eu-west-1', 'AccessDenied, HTTP 403']]]);
    expect(stopped[0].fix).toBe('allow sns:ListTopics (docs/cli-permissions.md lists every call doctor makes; a policy made from an earlier version may lack it), then run doctor --check subscriptions');
    // The log-groups check (CloudWatch Logs, allowed) ran: neither log group is there.
    expect(report.findings.filter((f) => f.check === 'log-groups').map((f) => f.subject).sort()).toEqual(['/aws/route53/live.example.com', '/dns/resolver-eu']);
    expect(report.checked).toEqual({ subscriptions: 0, topics: expect.any(Number), 'log-groups': expect.any(Number), maintenance: 0 });
  }, 120_000);

  it('a refusal is an answer: with only the refused check asked for, it is a finding, not a failed run', async () => {
    const report = await runDoctor(CONFIG, asDoctor, { checks: ['subscriptions'] });
    expect(report.findings.map((f) => [f.check, COULD_NOT_RUN.exec(f.problem)?.[1]])).toEqual([['subscriptions', 'sns:ListTopics']]);
  }, 120_000);
});
