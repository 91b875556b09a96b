/**
 * `doctor`'s alarm-drift check against moto server through the real AWS SDK: the alarms the config
 * synthesizes to (as `plan` synthesizes it) against those CloudWatch has. The fixes it prints are
 * run with the AWS CLI against the same server, and the findings they fix go.
 */
import { CloudWatchClient, DescribeAlarmsCommand, DisableAlarmActionsCommand, PutMetricAlarmCommand } from '@aws-sdk/client-cloudwatch';
import * as path from 'node:path';
import { parseAlarmContext } from '../../contracts/alarm-context';
import { loadConfigFile, parseConfig } from '../../lib/config/load';
import { runDoctor, type DoctorClients } from '../../lib/doctor';
import { putAlarmCommand, resolveTemplateValue, type TemplateAlarm, templateAlarmsOf } from '../../lib/doctor/alarm-drift';
import { synthesizeForPlan } from '../../lib/plan/synthesize';
import { apiModel } from '../support/api-models';
import { runWithAwsCli } from '../support/aws-cli';
import { startMoto, type MotoServer } from '../support/moto';
import { REPO } from '../support/synth';
import { motoDoctorClients } from './clients';

const ACCOUNT = '123456789012'; // moto's
const CONFIG = {
  prefix: 'drift',
  hostedZones: [
    { zoneId: 'Z0DRIFT0000000000001', zoneName: 'a.example.com' },
    { zoneId: 'Z0DRIFT0000000000002', zoneName: 'b.example.com' },
  ],
  alerts: { email: ['oncall@example.com'] },
};
const cfg = parseConfig(CONFIG);
/** The alarms of the config's templates, for moto's account, as doctor synthesizes them. */
const TEMPLATE = templateAlarmsOf(synthesizeForPlan(cfg, { account: ACCOUNT }).stacks);
const byName = (name: string) => TEMPLATE.find((a) => a.name === name)!;
const ofSubject = (subject: string) => TEMPLATE.filter((a) => a.subject === subject);

let moto: MotoServer;
let clients: DoctorClients;
let cw: CloudWatchClient;
beforeAll(async () => {
  moto = await startMoto();
  clients = motoDoctorClients(moto);
  cw = clients.cloudwatch('us-east-1');
}, 60_000);
afterAll(() => moto?.stop());

const drift = async () => (await runDoctor(cfg, clients, { checks: ['alarm-drift'], configFile: 'my.yaml' })).findings;
const commandOf = (fix: string) => fix.slice(fix.indexOf('aws cloudwatch '));

describe('doctor on alarms the deployment builds', () => {
  it('the config builds the alarms this test expects: a zone stack with both zones, and the change audit', () => {
    expect([...new Set(TEMPLATE.map((a) => a.stack))].sort()).toEqual(['drift-change-audit', 'drift-zones-1']);
    expect(ofSubject('a.example.com').length).toBeGreaterThan(3);
    expect(ofSubject('a.example.com').some((a) => a.composite)).toBe(true);
  });

  it('before the deploy: one finding per stack, not one per alarm', async () => {
    const found = await drift();
    expect(found.map((f) => [f.region, f.subject])).toEqual([
      ['us-east-1', 'drift-change-audit'],
      ['us-east-1', 'drift-zones-1'],
    ]);
    expect(found[1].problem).toBe(`none of the stack's ${TEMPLATE.filter((a) => a.stack === 'drift-zones-1').length} alarm(s) exists: the stack is not deployed yet (or its alarms were all deleted), so what it watches pages nobody`);
    expect(found[1].fix).toMatch(/^deploy the config \(npx cdk deploy --all -c config=my\.yaml\)/);
  });

  it("a zone none of whose alarms exists is one finding; a deleted alarm of a zone that has the others gets the command that makes it as its template has it, and that command works", async () => {
    // One alarm of zone a exists: its stack and that zone are deployed, zone b is not.
    const first = ofSubject('a.example.com').find((a) => !a.composite)!;
    runWithAwsCli(moto, (putAlarmCommand(first, ACCOUNT) as { command: string }).command);
    const found = await drift();
    const others = ofSubject('a.example.com').filter((a) => a !== first);
    expect(found.map((f) => f.subject).sort()).toEqual(['b.example.com', 'drift-change-audit', ...others.map((a) => a.name)].sort());
    expect(found.find((f) => f.subject === 'b.example.com')!.problem).toBe(
      `none of its ${ofSubject('b.example.com').length} alarm(s) in stack drift-zones-1 exists: the config's change that adds it is not deployed yet (or its alarms were deleted), so nothing watches it`,
    );
    const deleted = found.filter((f) => others.some((a) => a.name === f.subject));
    for (const f of deleted) {
      expect(f.problem).toBe("does not exist, though other alarms of stack drift-zones-1 do: deleted outside CloudFormation, which no deploy makes again (or the config's change that adds it is not deployed yet), so it pages nobody");
      expect(f.fix).toMatch(/^make it again as its template has it \(CloudFormation then keeps it as before\): aws cloudwatch put-(metric|composite)-alarm --region us-east-1 --cli-input-json '\{/);
    }
    // Each metric alarm's command, run as printed by the AWS CLI, makes it (moto has no
    // PutCompositeAlarm: the composites' findings stay).
    for (const f of deleted.filter((f) => !byName(f.subject).composite)) runWithAwsCli(moto, commandOf(f.fix));
    const after = await drift();
    expect(after.map((f) => f.subject).sort()).toEqual(['b.example.com', 'drift-change-audit', ...others.filter((a) => a.composite).map((a) => a.name)].sort());
    // ... as its template has it: what CloudWatch now holds is the template's, worked out.
    const made = others.find((a) => !a.composite && (a.props.AlarmActions as unknown[] | undefined)?.length)!;
    const now = (await cw.send(new DescribeAlarmsCommand({ AlarmNames: [made.name] }))).MetricAlarms![0] as Record<string, unknown>;
    const want = (resolveTemplateValue(made.props, { account: ACCOUNT, region: 'us-east-1', resources: made.stackResources }) as { value: Record<string, unknown> }).value;
    for (const key of ['AlarmDescription', 'AlarmActions', 'OKActions', 'EvaluationPeriods', 'DatapointsToAlarm', 'Threshold', 'ComparisonOperator', 'TreatMissingData', 'ActionsEnabled'] as const) {
      if (want[key] !== undefined) expect([key, now[key]]).toEqual([key, want[key]]);
    }
    expect(String(want.AlarmActions)).toContain(`:${ACCOUNT}:drift-alerts-`);
  });

  it('reports an alarm whose actions were turned off, with the command that turns them on; run, the finding goes', async () => {
    const alarm = ofSubject('a.example.com').find((a) => !a.composite)!;
    await cw.send(new DisableAlarmActionsCommand({ AlarmNames: [alarm.name] }));
    const found = (await drift()).filter((f) => f.subject === alarm.name);
    expect(found).toEqual([
      {
        check: 'alarm-drift',
        region: 'us-east-1',
        subject: alarm.name,
        problem: 'its actions are turned off (disable-alarm-actions, by hand or a script; the deployment turns them on): it changes state but notifies nobody',
        fix: `aws cloudwatch enable-alarm-actions --region us-east-1 --alarm-names ${alarm.name}`,
      },
    ]);
    runWithAwsCli(moto, found[0].fix);
    expect((await drift()).filter((f) => f.subject === alarm.name)).toEqual([]);
  });

  it("reports an alarm whose actions were changed by hand, with the command that puts them back; run, the finding goes", async () => {
    const alarm = ofSubject('a.example.com').find((a) => !a.composite && a.props.Metrics === undefined) ?? ofSubject('a.example.com').find((a) => !a.composite)!;
    const now = (await cw.send(new DescribeAlarmsCommand({ AlarmNames: [alarm.name] }))).MetricAlarms![0];
    await cw.send(new PutMetricAlarmCommand({ ...(now as any), AlarmActions: [], OKActions: [] }));
    const found = (await drift()).filter((f) => f.subject === alarm.name);
    expect(found).toHaveLength(1);
    expect(found[0].problem).toMatch(/^its actions are not the deployment's \(changed outside CloudFormation, or the config's change is not deployed yet\): ALARM actions \[\], not \["arn:aws:sns:us-east-1:123456789012:drift-alerts-(critical|warning)"\]; OK actions \[\], not \[/);
    expect(found[0].fix).toMatch(/^deploy the config \(npx cdk deploy --all -c config=my\.yaml\); if it is deployed, put it back as its template has it .*: aws cloudwatch put-metric-alarm /);
    runWithAwsCli(moto, commandOf(found[0].fix));
    expect((await drift()).filter((f) => f.subject === alarm.name)).toEqual([]);
  });

  // The alarms that would exist are those of the templates cdk synth makes; where it refuses the
  // config (here: the placement file records another primary region), doctor says so and goes on.
  it('says it could not synthesize a config cdk synth refuses, and the other checks still run', async () => {
    const report = await runDoctor(cfg, clients, { checks: ['alarm-drift', 'maintenance'], assignments: { version: 1, units: {}, primaryRegion: 'eu-west-1' } });
    expect(report.findings).toEqual([
      {
        check: 'alarm-drift',
        region: 'us-east-1',
        subject: 'the config',
        problem: expect.stringMatching(/^could not synthesize it \(primaryRegion: the deployment's primary region eu-west-1 \(recorded in the stack placement file\) .*\): whether the deployment's alarms are as its templates have them is not known$/),
        fix: 'run npx cdk synth with this config, fix what it refuses, then run doctor again',
      },
    ]);
    expect(report.checked).toEqual({ 'alarm-drift': 0, maintenance: 0 });
  });

  it('says it could not list the alarms when DescribeAlarms is refused, and compares nothing', async () => {
    const refused: DoctorClients = { ...clients, cloudwatch: (r) => new CloudWatchClient({ ...moto.clientConfig(r), credentials: { accessKeyId: 'x', secretAccessKey: 'y' }, endpoint: 'http://127.0.0.1:9' , maxAttempts: 1 }) };
    const report = await runDoctor(cfg, refused, { checks: ['alarm-drift'] });
    expect(report.findings.map((f) => [f.region, f.subject, f.problem.replace(/\(.*?\)/, '(…)')])).toEqual([
      ['us-east-1', 'drift-* alarms', "could not list the deployment's alarms (…): whether every alarm the config deploys in us-east-1 exists with its actions on is not known"],
    ]);
    expect(report.checked).toEqual({ 'alarm-drift': 0 });
  });
});

describe("the commands doctor prints for the app's alarms", () => {
  const EXAMPLES = ['dns-monitor.yaml', 'examples/everything-on.yaml', 'examples/minimal.yaml'].map((f) => path.join(REPO, f));
  const every: TemplateAlarm[] = EXAMPLES.flatMap((f) => templateAlarmsOf(synthesizeForPlan(loadConfigFile(f), { account: ACCOUNT, configDir: path.dirname(f) }).stacks));

  // The template's property names are passed as the API's: each must be a member of the call's
  // input in AWS's API model (botocore's), or the CLI refuses the command.
  it("passes only what PutMetricAlarm and PutCompositeAlarm take, as AWS's API model names them", () => {
    const model = apiModel('cloudwatch');
    const members = (op: string) => Object.keys(model.shapes[model.operations[op].input!.shape].members ?? {});
    expect(every.length).toBeGreaterThan(100);
    for (const a of every) {
      const allowed = members(a.composite ? 'PutCompositeAlarm' : 'PutMetricAlarm');
      expect([a.name, Object.keys(a.props).filter((k) => !allowed.includes(k))]).toEqual([a.name, []]);
    }
  });

  // A command is printed when the template gives every value; a health check's id and the names
  // CloudFormation generates for the product's queues and functions are known to the stack only.
  it("works out every zone, VPC and DNS check alarm; those that name a health check, a generated queue or function say what to look up", () => {
    const outcome = every.map((a) => [a, putAlarmCommand(a, ACCOUNT)] as const);
    const kindOf = (a: TemplateAlarm) => parseAlarmContext(a.props.AlarmDescription as string)?.kind;
    const unresolved = outcome.filter(([, p]) => 'refersTo' in p);
    expect(outcome.filter(([a]) => ['count', 'rate', 'anomaly', 'anomaly-drop', 'low-traffic', 'logs-stopped', 'dns-check'].includes(kindOf(a) ?? '')).length).toBeGreaterThan(100);
    expect(unresolved.filter(([a]) => kindOf(a) !== 'health-check' && kindOf(a) !== 'composite' && a.subject !== undefined && !/dead-letters|errors|throttles|failed-invocations|backlog|capacity/.test(a.name)).map(([a]) => a.name)).toEqual([]);
    expect(unresolved.some(([a]) => kindOf(a) === 'health-check')).toBe(true);
    for (const [, p] of unresolved) expect((p as { refersTo: string }).refersTo).toMatch(/^the (QueueName of AWS::SQS::Queue|AWS::Lambda::Function|HealthCheckId of AWS::Route53::HealthCheck) \w+$/);
  });
});
