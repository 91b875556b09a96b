/**
 * `doctor`'s drift check against moto server through the real AWS SDK: the alarms and metric
 * filters the config synthesizes to (as `plan` synthesizes it) against those CloudWatch and
 * CloudWatch Logs hold. The fixes it prints are run with the AWS CLI against the same server, and
 * the findings they fix go.
 */
import { CloudWatchClient, DescribeAlarmsCommand, DescribeInsightRulesCommand, DisableAlarmActionsCommand, PutMetricAlarmCommand } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient, CreateLogGroupCommand, DescribeMetricFiltersCommand } from '@aws-sdk/client-cloudwatch-logs';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseAlarmContext } from '../../contracts/alarm-context';
import { loadConfigFile, parseConfig } from '../../lib/config/load';
import { runDoctor, type DoctorClients } from '../../lib/doctor';
import { putAlarmCommand, putInsightRuleCommand, putMetricFilterCommand, resolveTemplateValue, SCHEDULE_UPDATE_FIELDS, type TemplateAlarm, templateAlarmsOf, templateFiltersOf, evaluationOf, putDashboardCommand, templateDashboardsOf, templateInsightRulesOf, templateSwitchesOf, transformationsText } from '../../lib/doctor/drift';
import { shellWord } from '../../lib/doctor/shell-word';
import { synthesizeForPlan } from '../../lib/plan/synthesize';
import { apiModel } from '../support/api-models';
import { runWithAwsCli } from '../support/aws-cli';
import { startMoto, type MotoServer } from '../support/moto';
import { createOnlyProperties } from '../support/resource-schemas';
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
const STACKS = synthesizeForPlan(cfg, { account: ACCOUNT }).stacks;
const TEMPLATE = templateAlarmsOf(STACKS);
const FILTERS = templateFiltersOf(STACKS);
const filtersOf = (group: string) => FILTERS.filter((f) => f.logGroupName === group);
const RULES = templateSwitchesOf(STACKS);
const INSIGHT_RULES = templateInsightRulesOf(STACKS);
const DASHBOARDS = templateDashboardsOf(STACKS);
const byName = (name: string) => TEMPLATE.find((a) => a.name === name)!;
const ofSubject = (subject: string) => TEMPLATE.filter((a) => a.subject === subject);

let moto: MotoServer;
let clients: DoctorClients;
let cw: CloudWatchClient;
let logs: CloudWatchLogsClient;
beforeAll(async () => {
  moto = await startMoto();
  clients = motoDoctorClients(moto);
  cw = clients.cloudwatch('us-east-1');
  logs = clients.logs('us-east-1');
}, 60_000);
afterAll(() => moto?.stop());

const drift = async () => (await runDoctor(cfg, clients, { checks: ['drift'], configFile: 'my.yaml' })).findings;
const commandOf = (fix: string) => fix.slice(fix.search(/aws (cloudwatch|logs) put-/));
const isFilterFinding = (f: { subject: string }) => f.subject.startsWith('/aws/route53/') || / on \/aws\/route53\//.test(f.subject);

describe('doctor on what the deployment builds, deployed and changed by hand', () => {
  it('the config builds what this test expects: a zone stack with both zones and their log groups, and the change audit', () => {
    expect([...new Set(TEMPLATE.map((a) => a.stack))].sort()).toEqual(['drift-change-audit', 'drift-core-us-east-1', 'drift-zones-1']);
    // The core stack's alarms: one on each alert topic's failed deliveries, its topic by Ref worked out to its ARN.
    const core = TEMPLATE.filter((a) => a.stack === 'drift-core-us-east-1');
    expect(core.map((a) => a.name).sort()).toEqual(['drift-alerts-critical-delivery-failures-count', 'drift-alerts-warning-delivery-failures-count']);
    for (const a of core) expect((putAlarmCommand(a, ACCOUNT) as { command: string }).command).toContain(`arn:aws:sns:us-east-1:${ACCOUNT}:drift-alerts-warning`);
    expect(ofSubject('a.example.com').length).toBeGreaterThan(3);
    expect(ofSubject('a.example.com').some((a) => a.composite)).toBe(true);
    expect([...new Set(FILTERS.map((f) => `${f.stack} ${f.logGroupName}`))].sort()).toEqual(['drift-zones-1 /aws/route53/a.example.com', 'drift-zones-1 /aws/route53/b.example.com']);
    // The zones' Top-N rules, in a stack of their own, on.
    expect(INSIGHT_RULES.length).toBeGreaterThanOrEqual(4);
    expect(INSIGHT_RULES.map((r) => [r.stack, r.enabled, r.name.startsWith('drift-dns-zone-'), JSON.parse(r.body).LogGroupNames])).toEqual(
      INSIGHT_RULES.map(() => ['drift-top-n', true, true, ['/aws/route53/a.example.com', '/aws/route53/b.example.com']]),
    );
  });

  it('before the deploy: one finding per stack, not one per alarm or filter', async () => {
    const found = await drift();
    expect(found.map((f) => [f.region, f.subject])).toEqual([
      ['us-east-1', 'drift-change-audit'],
      ['us-east-1', 'drift-core-us-east-1'],
      ['us-east-1', 'drift-dashboards-us-east-1'],
      ['us-east-1', 'drift-top-n'],
      ['us-east-1', 'drift-zones-1'],
    ]);
    const zoneStack = `${TEMPLATE.filter((a) => a.stack === 'drift-zones-1').length} alarm(s) and ${FILTERS.length} metric filter(s)`;
    expect(found[4].problem).toBe(`none of the stack's ${zoneStack} exists: the stack is not deployed yet (or what it made was all deleted), so what it watches pages nobody`);
    expect(found[4].fix).toMatch(/^deploy the config \(npx cdk deploy --all -c config=my\.yaml\)/);
    expect(found[3].problem).toBe(`none of the stack's ${INSIGHT_RULES.length} Contributor Insights rule(s) exists: the stack is not deployed yet (or what it made was all deleted), so what it watches pages nobody`);
    expect(found[2].problem).toBe(`none of the stack's ${DASHBOARDS.length} dashboard(s) exists: the stack is not deployed yet (or what it made was all deleted), so what it watches pages nobody`);
  });

  // The alarms' descriptions and notifications link to the dashboards: one deleted by hand (which no
  // deploy makes again) leaves those links leading nowhere.
  it('a dashboard deleted by hand gets the command that makes it as its template has it; run, the finding goes', async () => {
    const isDashboardFinding = (f: { subject: string }) => DASHBOARDS.some((d) => d.name === f.subject) || f.subject === 'drift-dashboards-us-east-1';
    expect(DASHBOARDS.length).toBeGreaterThanOrEqual(3);
    const [deleted, ...rest] = DASHBOARDS;
    for (const d of rest) runWithAwsCli(moto, (putDashboardCommand(d, ACCOUNT) as { command: string }).command);
    const found = (await drift()).filter(isDashboardFinding);
    expect(found.map((f) => [f.subject, f.problem])).toEqual([
      [deleted.name, "dashboard does not exist, though other resources of stack drift-dashboards-us-east-1 do: deleted outside CloudFormation, which no deploy makes again (or the config's change that adds it is not deployed yet), so the dashboard links in alarm notifications and on the other dashboards lead nowhere"],
    ]);
    const command = (putDashboardCommand(deleted, ACCOUNT) as { command: string }).command;
    expect(found[0].fix).toBe(`make it again as its template has it (CloudFormation then keeps it as before): ${command}`);
    // The body goes in on standard input (a here-document): a dashboard of up to 250,000 bytes is
    // longer than one shell argument may be (128 KiB on Linux).
    expect(command.split('\n')[0]).toBe(`aws cloudwatch put-dashboard --region us-east-1 --dashboard-name ${deleted.name} --dashboard-body file:///dev/stdin <<'DNS_MONITOR_DASHBOARD_BODY'`);
    runWithAwsCli(moto, command);
    expect((await drift()).filter(isDashboardFinding)).toEqual([]);
    // ... as its template has it: the body, with the account and partition worked out.
    const body = JSON.parse(runWithAwsCli(moto, `aws cloudwatch get-dashboard --region us-east-1 --dashboard-name ${deleted.name} --output json`)).DashboardBody;
    const want = (deleted.props.DashboardBody as { 'Fn::Sub': string })['Fn::Sub'].split('${AWS::AccountId}').join(ACCOUNT).split('${AWS::Partition}').join('aws').split('${AWS::Region}').join('us-east-1');
    expect(JSON.parse(body)).toEqual(JSON.parse(want));
    expect(body).toContain(`:${ACCOUNT}:alarm:`);
  });

  it('a Contributor Insights rule deleted, turned off or changed by hand gets the command that puts it back as its template has it; run, the findings go', async () => {
    const isRuleFinding = (f: { subject: string }) => INSIGHT_RULES.some((r) => r.name === f.subject) || f.subject === 'drift-top-n';
    // As the deploy makes them, but the first: deleted.
    const [deleted, disabled, changed] = INSIGHT_RULES;
    runWithAwsCli(moto, INSIGHT_RULES.slice(1).map(putInsightRuleCommand).join(' && '));
    runWithAwsCli(moto, `aws cloudwatch disable-insight-rules --region us-east-1 --rule-names ${disabled.name}`);
    const narrowed = JSON.stringify({ ...JSON.parse(changed.body), LogGroupNames: ['/aws/route53/a.example.com'] });
    runWithAwsCli(moto, `aws cloudwatch put-insight-rule --region us-east-1 --rule-name ${changed.name} --rule-state ENABLED --rule-definition '${narrowed}'`);
    // The same definition written otherwise (spacing, key order) is the same rule.
    const [, , , same] = INSIGHT_RULES;
    const { Schema, ...rest } = JSON.parse(same.body);
    runWithAwsCli(moto, `aws cloudwatch put-insight-rule --region us-east-1 --rule-name ${same.name} --rule-state ENABLED --rule-definition '${JSON.stringify({ ...rest, Schema }, null, 2)}'`);
    const found = (await drift()).filter(isRuleFinding);
    expect(found.map((f) => [f.subject, f.problem])).toEqual(
      [
        [deleted.name, "Contributor Insights rule does not exist, though other resources of stack drift-top-n do: deleted outside CloudFormation, which no deploy makes again (or the config's change that adds it is not deployed yet), so the dashboards' Top-N tables of it show nothing"],
        [disabled.name, "Contributor Insights rule is DISABLED (turned off outside CloudFormation; the deployment turns it on): it counts nothing, so the dashboards' Top-N tables of it show nothing"],
        [
          changed.name,
          `Contributor Insights rule's definition is not the deployment's (changed outside CloudFormation, or the config's change is not deployed yet): it reads log group(s) ["/aws/route53/a.example.com"], not ["/aws/route53/a.example.com","/aws/route53/b.example.com"]; its Top-N tables count other lines than the dashboards say`,
        ],
      ].sort((a, b) => a[0].localeCompare(b[0])),
    );
    expect(found.find((f) => f.subject === deleted.name)!.fix).toBe(`make it again as its template has it (CloudFormation then keeps it as before): ${putInsightRuleCommand(deleted)}`);
    expect(found.find((f) => f.subject === disabled.name)!.fix).toBe(
      `aws cloudwatch enable-insight-rules --region us-east-1 --rule-names ${disabled.name}; to go without the Top-N rules (each is billed per rule-month), set contributorInsights.enabled: false in the config and deploy instead`,
    );
    expect(found.find((f) => f.subject === changed.name)!.fix).toBe(`deploy the config (npx cdk deploy --all -c config=my.yaml); if it is deployed, put it back as its template has it: ${putInsightRuleCommand(changed)}`);
    expect(putInsightRuleCommand(deleted)).toMatch(/^aws cloudwatch put-insight-rule --region us-east-1 --cli-input-json '\{/);
    for (const f of found) runWithAwsCli(moto, f.fix.slice(f.fix.indexOf('aws cloudwatch ')).split('; ')[0]);
    expect((await drift()).filter(isRuleFinding)).toEqual([]);
    // ... as the templates have them: name, definition and state.
    const listed = (await cw.send(new DescribeInsightRulesCommand({}))).InsightRules!.filter((r) => r.Name !== same.name);
    expect(listed.map((r) => [r.Name, r.State, JSON.parse(r.Definition!)]).sort()).toEqual(
      INSIGHT_RULES.filter((r) => r !== same).map((r) => [r.name, 'ENABLED', JSON.parse(r.body)]).sort(),
    );
  });

  it('a log group none of whose filters exists (made again by hand) gets the commands that make them all; a deleted filter the one that makes it; run, the findings go', async () => {
    for (const g of ['/aws/route53/a.example.com', '/aws/route53/b.example.com']) await logs.send(new CreateLogGroupCommand({ logGroupName: g }));
    // One filter of group a exists: the stack is deployed.
    const [first, ...rest] = filtersOf('/aws/route53/a.example.com');
    runWithAwsCli(moto, putMetricFilterCommand(first));
    const found = (await drift()).filter(isFilterFinding);
    expect(found.map((f) => f.subject)).toEqual([...rest.map((f) => `${f.filterName} on /aws/route53/a.example.com`).sort((x, y) => x.localeCompare(y)), '/aws/route53/b.example.com']);
    const group = found.find((f) => f.subject === '/aws/route53/b.example.com')!;
    expect(group.problem).toBe(
      `none of its ${filtersOf('/aws/route53/b.example.com').length} metric filter(s) of stack drift-zones-1 exists: the log group was deleted and made again outside CloudFormation (deleting a log group deletes its filters), or the config's change that adds it is not deployed yet; its query logs make no metrics, so its alarms cannot fire`,
    );
    expect(group.fix).toMatch(/^deploy the config \(npx cdk deploy --all -c config=my\.yaml\); if it is deployed, make them again as the template has them, once the log group exists \(the log-groups check says whether it does\): aws logs put-metric-filter --region us-east-1 --cli-input-json '\{.*' && aws logs put-metric-filter /);
    expect(found[0].fix).toMatch(/^make it again as its template has it \(CloudFormation then keeps it as before\): aws logs put-metric-filter --region us-east-1 --cli-input-json '\{/);
    expect(found[0].problem).toMatch(/^metric filter does not exist or publishes another metric than its template's \(Codreum\/DNS \w+\), though the other filters of its log group do/);
    for (const f of found) runWithAwsCli(moto, commandOf(f.fix));
    expect((await drift()).filter(isFilterFinding)).toEqual([]);
    // ... as the template has them: pattern, metric, value, unit and dimensions.
    const listed = (await logs.send(new DescribeMetricFiltersCommand({ logGroupName: '/aws/route53/b.example.com' }))).metricFilters!;
    expect(listed.map((f) => [f.filterName, f.filterPattern, f.metricTransformations]).sort()).toEqual(
      filtersOf('/aws/route53/b.example.com')
        .map((f) => {
          const t = (f.props.MetricTransformations as any[])[0];
          const dimensions = Object.fromEntries((t.Dimensions ?? []).map((d: any) => [d.Key, d.Value]));
          return [f.filterName, f.props.FilterPattern, [expect.objectContaining({ metricName: t.MetricName, metricNamespace: t.MetricNamespace, metricValue: t.MetricValue, unit: t.Unit, dimensions })]];
        })
        .sort(),
    );
  });

  it("reports a filter whose metric was changed by hand (value and dimensions, or another metric), with the command that puts it back; run, the findings go", async () => {
    const [, , , valued, renamed] = filtersOf('/aws/route53/a.example.com');
    const t = (f: typeof valued) => (f.props.MetricTransformations as { MetricName: string; MetricNamespace: string }[])[0];
    runWithAwsCli(
      moto,
      [
        `aws logs delete-metric-filter --region us-east-1 --log-group-name ${valued.logGroupName} --filter-name ${valued.filterName}`,
        `aws logs put-metric-filter --region us-east-1 --log-group-name ${valued.logGroupName} --filter-name ${valued.filterName} --filter-pattern '${valued.props.FilterPattern}' --metric-transformations metricName=${t(valued).MetricName},metricNamespace=${t(valued).MetricNamespace},metricValue=2`,
        `aws logs delete-metric-filter --region us-east-1 --log-group-name ${renamed.logGroupName} --filter-name ${renamed.filterName}`,
        `aws logs put-metric-filter --region us-east-1 --log-group-name ${renamed.logGroupName} --filter-name ${renamed.filterName} --filter-pattern '${renamed.props.FilterPattern}' --metric-transformations metricName=Other,metricNamespace=${t(renamed).MetricNamespace},metricValue=1`,
      ].join(' && '),
    );
    const found = (await drift()).filter(isFilterFinding);
    expect(found.map((x) => [x.subject, x.problem])).toEqual(
      [
        [
          `${valued.filterName} on ${valued.logGroupName}`,
          `metric filter's metric is not published as its template has it (changed outside CloudFormation, or the config's change is not deployed yet): {"metricName":"${t(valued).MetricName}","metricNamespace":"Codreum/DNS","metricValue":"2"}, not {"dimensions":{"ZoneId":"$zone_id"},"metricName":"${t(valued).MetricName}","metricNamespace":"Codreum/DNS","metricValue":"1","unit":"Count"}; its alarms, which read the metric by its dimensions, get no data or other numbers`,
        ],
        [
          `${renamed.filterName} on ${renamed.logGroupName}`,
          `metric filter does not exist or publishes another metric than its template's (${t(renamed).MetricNamespace} ${t(renamed).MetricName}), though the other filters of its log group do: deleted or changed outside CloudFormation, which no deploy puts back (or the config's change that adds it is not deployed yet); its metric gets no data, so its alarms cannot fire`,
        ],
      ].sort((a, b) => a[0].localeCompare(b[0])),
    );
    for (const f of found) runWithAwsCli(moto, commandOf(f.fix));
    expect((await drift()).filter(isFilterFinding)).toEqual([]);
  });

  it("reports a filter whose pattern was changed by hand, with the command that puts it back; run, the finding goes", async () => {
    const f = filtersOf('/aws/route53/a.example.com')[1];
    const t = (f.props.MetricTransformations as { MetricName: string; MetricNamespace: string }[])[0];
    // Deleted first: moto keeps a second filter of the same name where CloudWatch Logs would update
    // it (PutMetricFilter "creates or updates"), and lists the later one last, as the fix below relies on.
    runWithAwsCli(
      moto,
      `aws logs delete-metric-filter --region us-east-1 --log-group-name ${f.logGroupName} --filter-name ${f.filterName} && aws logs put-metric-filter --region us-east-1 --log-group-name ${f.logGroupName} --filter-name ${f.filterName} --filter-pattern '[version, timestamp]' --metric-transformations metricName=${t.MetricName},metricNamespace=${t.MetricNamespace},metricValue=1`,
    );
    const found = (await drift()).filter(isFilterFinding);
    expect(found.map((x) => [x.subject, x.problem])).toEqual([
      [`${f.filterName} on ${f.logGroupName}`, `metric filter's pattern is not the deployment's (changed outside CloudFormation, or the config's change is not deployed yet): "[version, timestamp]", not ${JSON.stringify(f.props.FilterPattern)}; its metric counts other lines than its alarms expect`],
    ]);
    runWithAwsCli(moto, commandOf(found[0].fix));
    expect((await drift()).filter(isFilterFinding)).toEqual([]);
  });

  it("a zone none of whose alarms exists is one finding; a deleted alarm of a zone that has the others gets the command that makes it as its template has it, and that command works", async () => {
    // One alarm of zone a exists: its stack and that zone are deployed, zone b is not.
    const first = ofSubject('a.example.com').find((a) => !a.composite)!;
    runWithAwsCli(moto, (putAlarmCommand(first, ACCOUNT) as { command: string }).command);
    const found = await drift();
    expect(found.filter(isFilterFinding)).toEqual([]);
    const others = ofSubject('a.example.com').filter((a) => a !== first);
    expect(found.map((f) => f.subject).sort()).toEqual(['b.example.com', 'drift-change-audit', 'drift-core-us-east-1', ...others.map((a) => a.name)].sort());
    expect(found.find((f) => f.subject === 'b.example.com')!.problem).toBe(
      `none of its ${ofSubject('b.example.com').length} alarm(s) in stack drift-zones-1 exists: the config's change that adds it is not deployed yet (or its alarms were deleted), so nothing watches it`,
    );
    const deleted = found.filter((f) => others.some((a) => a.name === f.subject));
    for (const f of deleted) {
      expect(f.problem).toBe("does not exist, though other alarms of stack drift-zones-1 do: deleted outside CloudFormation, which no deploy makes again (or the config's change that adds it is not deployed yet), so it pages nobody");
      expect(f.fix).toMatch(
        byName(f.subject).composite
          ? /^make it again as its template has it \(CloudFormation then keeps it as before; after the alarms its rule names exist\): aws cloudwatch put-composite-alarm --region us-east-1 --cli-input-json '\{/
          : /^make it again as its template has it \(CloudFormation then keeps it as before\): aws cloudwatch put-metric-alarm --region us-east-1 --cli-input-json '\{/,
      );
    }
    // Each metric alarm's command, run as printed by the AWS CLI, makes it (moto has no
    // PutCompositeAlarm: the composites' findings stay).
    for (const f of deleted.filter((f) => !byName(f.subject).composite)) runWithAwsCli(moto, commandOf(f.fix));
    const after = await drift();
    expect(after.map((f) => f.subject).sort()).toEqual(['b.example.com', 'drift-change-audit', 'drift-core-us-east-1', ...others.filter((a) => a.composite).map((a) => a.name)].sort());
    // ... as its template has it: what CloudWatch now holds is the template's, worked out.
    const made = others.find((a) => !a.composite && (a.props.AlarmActions as unknown[] | undefined)?.length)!;
    const now = (await cw.send(new DescribeAlarmsCommand({ AlarmNames: [made.name] }))).MetricAlarms![0] as Record<string, unknown>;
    const want = (resolveTemplateValue(made.props, { account: ACCOUNT, region: 'us-east-1', resources: made.stackResources }) as { value: Record<string, unknown> }).value;
    for (const key of ['AlarmDescription', 'AlarmActions', 'OKActions', 'EvaluationPeriods', 'DatapointsToAlarm', 'Threshold', 'ComparisonOperator', 'TreatMissingData', 'ActionsEnabled'] as const) {
      if (want[key] !== undefined) expect([key, now[key]]).toEqual([key, want[key]]);
    }
    expect(String(want.AlarmActions)).toContain(`:${ACCOUNT}:drift-alerts-`);

    // Zone b's finding makes all its alarms, composites last (their rules name the others). Its
    // metric alarms' commands, run as printed, make them; moto has no PutCompositeAlarm.
    const b = after.find((f) => f.subject === 'b.example.com')!;
    const chain = b.fix.slice(b.fix.indexOf('aws cloudwatch ')).split(' && ');
    expect(chain.map((c) => c.split(' ')[2])).toEqual([...ofSubject('b.example.com').filter((a) => !a.composite).map(() => 'put-metric-alarm'), ...ofSubject('b.example.com').filter((a) => a.composite).map(() => 'put-composite-alarm')]);
    runWithAwsCli(moto, chain.filter((c) => c.startsWith('aws cloudwatch put-metric-alarm ')).join(' && '));
    const zoneB = (await drift()).filter((f) => ofSubject('b.example.com').some((a) => a.name === f.subject) || f.subject === 'b.example.com');
    expect(zoneB.map((f) => f.subject).sort()).toEqual(ofSubject('b.example.com').filter((a) => a.composite).map((a) => a.name).sort());
  });

  it('reports an alarm whose actions were turned off, with the command that turns them on; run, the finding goes', async () => {
    const alarm = ofSubject('a.example.com').find((a) => !a.composite)!;
    await cw.send(new DisableAlarmActionsCommand({ AlarmNames: [alarm.name] }));
    const found = (await drift()).filter((f) => f.subject === alarm.name);
    expect(found).toEqual([
      {
        check: 'drift',
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
    await cw.send(new PutMetricAlarmCommand({ ...(now as any), AlarmActions: [], OKActions: [], InsufficientDataActions: [`arn:aws:sns:us-east-1:${ACCOUNT}:someone-else`] }));
    const found = (await drift()).filter((f) => f.subject === alarm.name);
    expect(found).toHaveLength(1);
    expect(found[0].problem).toMatch(/^its actions are not the deployment's \(changed outside CloudFormation, or the config's change is not deployed yet\): ALARM actions \[\], not \["arn:aws:sns:us-east-1:123456789012:drift-alerts-(critical|warning)"\]; OK actions \[\], not \[.*\]; INSUFFICIENT_DATA actions \["arn:aws:sns:us-east-1:123456789012:someone-else"\], not \[\]$/);
    expect(found[0].fix).toMatch(/^deploy the config \(npx cdk deploy --all -c config=my\.yaml\); if it is deployed, put it back as its template has it .*: aws cloudwatch put-metric-alarm /);
    runWithAwsCli(moto, commandOf(found[0].fix));
    expect((await drift()).filter((f) => f.subject === alarm.name)).toEqual([]);
  });

  // Raising a threshold or lengthening an alarm's window by hand (to quiet it during an incident) is
  // not undone by any deploy: the alarm then pages later than its description says, or never.
  it('reports an alarm whose threshold and evaluation were edited by hand, with the command that puts them back; run, the finding goes', async () => {
    const alarm = byName('drift-a.example.com-nxdomain-rate');
    const now = (await cw.send(new DescribeAlarmsCommand({ AlarmNames: [alarm.name] }))).MetricAlarms![0];
    const threshold = Number(alarm.props.Threshold);
    await cw.send(new PutMetricAlarmCommand({ ...(now as any), Threshold: threshold * 10 + 1, EvaluationPeriods: 30, DatapointsToAlarm: 30, TreatMissingData: 'ignore' }));
    const found = (await drift()).filter((f) => f.subject === alarm.name);
    expect(found.map((f) => f.problem)).toEqual([
      `its evaluation is not the deployment's (edited outside CloudFormation, or the config's change is not deployed yet): DatapointsToAlarm 30, not ${alarm.props.DatapointsToAlarm ?? alarm.props.EvaluationPeriods}; EvaluationPeriods 30, not ${alarm.props.EvaluationPeriods}; Threshold ${threshold * 10 + 1}, not ${threshold}; TreatMissingData "ignore", not ${JSON.stringify(alarm.props.TreatMissingData ?? 'missing')}: it pages at other values or later than its description says, or never`,
    ]);
    expect(found[0].fix).toMatch(/^deploy the config \(npx cdk deploy --all -c config=my\.yaml\); if it is deployed, put it back as its template has it .*: aws cloudwatch put-metric-alarm /);
    runWithAwsCli(moto, commandOf(found[0].fix));
    expect((await drift()).filter((f) => f.subject === alarm.name)).toEqual([]);
  });

  it("reports a metric math alarm whose expression was edited by hand; run, the finding goes", async () => {
    const alarm = ofSubject('a.example.com').find((a) => !a.composite && Array.isArray(a.props.Metrics) && (a.props.Metrics as { Expression?: string }[]).some((q) => q.Expression))!;
    const now = (await cw.send(new DescribeAlarmsCommand({ AlarmNames: [alarm.name] }))).MetricAlarms![0];
    const edited = now.Metrics!.map((q) => (q.Expression ? { ...q, Expression: `${q.Expression} * 0` } : q));
    await cw.send(new PutMetricAlarmCommand({ ...(now as any), Metrics: edited }));
    const found = (await drift()).filter((f) => f.subject === alarm.name);
    expect(found).toHaveLength(1);
    const q = (alarm.props.Metrics as { Id: string; Expression?: string }[]).find((x) => x.Expression)!;
    expect(found[0].problem).toContain(`${q.Id} ${JSON.stringify(`${q.Expression} * 0`)}, not ${JSON.stringify(q.Expression)}`);
    runWithAwsCli(moto, commandOf(found[0].fix));
    expect((await drift()).filter((f) => f.subject === alarm.name)).toEqual([]);
  });

  // The alarms that would exist are those of the templates cdk synth makes; where it refuses the
  // config (here: the placement file records another primary region), doctor says so and goes on.
  it('says it could not synthesize a config cdk synth refuses, and the other checks still run', async () => {
    const report = await runDoctor(cfg, clients, { checks: ['drift', 'maintenance'], assignments: { version: 1, units: {}, primaryRegion: 'eu-west-1' } });
    expect(report.findings).toEqual([
      {
        check: 'drift',
        region: 'us-east-1',
        subject: 'the config',
        problem: expect.stringMatching(/^could not synthesize it \(primaryRegion: the deployment's primary region eu-west-1 \(recorded in the stack placement file\) .*\): whether the deployment's alarms, metric filters, rules, schedules, Contributor Insights rules and dashboards are as its templates have them is not known$/),
        fix: 'run npx cdk synth with this config, fix what it refuses, then run doctor again',
      },
    ]);
    expect(report.checked).toEqual({ drift: 0, maintenance: 0 });
  });

  it('says it could not list the alarms, Contributor Insights rules and dashboards when CloudWatch is refused, and compares the filters only', async () => {
    const refused: DoctorClients = { ...clients, cloudwatch: (r) => new CloudWatchClient({ ...moto.clientConfig(r), credentials: { accessKeyId: 'x', secretAccessKey: 'y' }, endpoint: 'http://127.0.0.1:9' , maxAttempts: 1 }) };
    const report = await runDoctor(cfg, refused, { checks: ['drift'] });
    expect(report.findings.map((f) => [f.region, f.subject, f.problem.replace(/\(.*?\)/, '(…)')])).toEqual([
      ['us-east-1', 'drift-* alarms', "could not list the deployment's alarms (…): whether every alarm the config deploys in us-east-1 exists with its actions on is not known"],
      ['us-east-1', 'Contributor Insights rules', "could not list the deployment's Contributor Insights rules (…): whether every Contributor Insights rule the config deploys in us-east-1 exists, on and as its template has it is not known"],
      ['us-east-1', 'dashboards', "could not list the deployment's dashboards (…): whether every dashboard the config deploys in us-east-1 exists is not known"],
      // Its rules are all the change audit stack shows now: none exists in moto.
      ['us-east-1', 'drift-change-audit', `none of the stack's ${RULES.length} rule(…) exists: the stack is not deployed yet (or what it made was all deleted), so what it watches pages nobody`],
    ]);
    // The metric filters and rules, which CloudWatch Logs and EventBridge list, are still compared.
    expect(report.checked).toEqual({ drift: FILTERS.length + RULES.length });
  });

  it('says it could not list the metric filters when DescribeMetricFilters is refused, and compares the alarms only', async () => {
    const refused: DoctorClients = { ...clients, logs: (r) => new CloudWatchLogsClient({ ...moto.clientConfig(r), endpoint: 'http://127.0.0.1:9', maxAttempts: 1 }) };
    const report = await runDoctor(cfg, refused, { checks: ['drift'] });
    expect(report.findings.filter((f) => f.subject === 'metric filters').map((f) => [f.region, f.problem.replace(/\(.*?\)/, '(…)'), f.fix])).toEqual([
      [
        'us-east-1',
        "could not list the deployment's metric filters (…): whether every metric filter the config deploys in us-east-1 exists as its template has it is not known",
        'allow logs:DescribeMetricFilters (docs/cli-permissions.md), or compare the metric filters of the log groups in the CloudWatch console with the templates (npx cdk synth)',
      ],
    ]);
    expect(report.findings.filter(isFilterFinding)).toEqual([]);
    expect(report.checked).toEqual({ drift: TEMPLATE.length + RULES.length + INSIGHT_RULES.length + DASHBOARDS.length });
  });
});

// The DNS prober runs on an EventBridge Scheduler schedule and its follow-ups on an EventBridge
// rule; the change audit's rules watch CloudTrail. Turned off by hand, each stops without a word
// (the DNS check alarms treat missing data as not breaching).
// A fleet's landing dashboard runs to hundreds of kilobytes (250 zones: 178,432 bytes). One shell
// argument may be at most 128 KiB on Linux (MAX_ARG_STRLEN, execve(2)), so the body cannot go on
// the command line: the printed command feeds it on standard input (a here-document), which has no
// such limit, and the whole command is pasted or saved as a script, not passed as one argument.
describe("drift's command for a dashboard larger than one shell argument may be", () => {
  const MAX_ARG_STRLEN = 128 * 1024;
  const big = parseConfig({
    prefix: 'fleet',
    hostedZones: Array.from({ length: 250 }, (_, i) => ({ zoneId: `Z0FLEET${String(i).padStart(13, '0')}`, zoneName: `zone-${i}.example.com` })),
    alerts: { email: ['oncall@example.com'] },
  });
  const landing = templateDashboardsOf(synthesizeForPlan(big, { account: ACCOUNT }).stacks).find((d) => d.name === 'fleet-dns-landing')!;

  it('makes the dashboard as its template has it, where the same body as an argument is refused', async () => {
    const command = (putDashboardCommand(landing, ACCOUNT) as { command: string }).command;
    const body = command.split('\n')[1];
    expect(Buffer.byteLength(body)).toBeGreaterThan(MAX_ARG_STRLEN);
    // The body as one argument: the shell cannot start the CLI at all.
    expect(() => runWithAwsCli(moto, `aws cloudwatch put-dashboard --region us-east-1 --dashboard-name fleet-dns-landing --dashboard-body ${shellWord(body)}`)).toThrow(/Argument list too long/);
    runWithAwsCli(moto, command);
    const got = JSON.parse(runWithAwsCli(moto, 'aws cloudwatch get-dashboard --region us-east-1 --dashboard-name fleet-dns-landing --output json')).DashboardBody;
    expect(JSON.parse(got)).toEqual(JSON.parse(body));
    expect(got).toContain(`:${ACCOUNT}:alarm:fleet-zone-249.example.com-`);
  }, 60_000);
});

describe('doctor on rules and schedules turned off or deleted by hand', () => {
  const SW = parseConfig({
    prefix: 'sw',
    hostedZones: [{ zoneId: 'Z0DRIFT0000000000003', zoneName: 'c.example.com' }],
    alerts: { email: ['oncall@example.com'] },
    dnsChecks: [{ name: 'www', query: 'www.c.example.com', type: 'A', zoneId: 'Z0DRIFT0000000000003', regions: ['us-east-1'], expect: { answers: ['192.0.2.10'] } }],
  });
  const switches = templateSwitchesOf(synthesizeForPlan(SW, { account: ACCOUNT }).stacks);
  const prober = switches.find((x) => x.kind === 'schedule')!;
  const reporter = switches.find((x) => x.kind === 'rule' && x.stack === prober.stack)!;
  const findings = async () => (await runDoctor(SW, clients, { checks: ['drift'] })).findings.filter((f) => f.subject === prober.name || f.subject === reporter.name);

  it('the config builds the prober schedule and the reporter rule in the core stack, on', () => {
    expect([prober.name, prober.group, prober.enabled, reporter.name, reporter.enabled, prober.stack]).toEqual(['sw-dns-prober', 'default', true, 'sw-dns-check-reporter', true, 'sw-core-us-east-1']);
  });

  it('reports each turned off, with the command that turns it on as it is; run, the findings go and the schedule keeps its definition', async () => {
    // As the deploy made them (their targets' ARNs are the stack's; any will do here), then turned off by hand.
    runWithAwsCli(
      moto,
      [
        `aws events put-rule --region us-east-1 --name ${reporter.name} --event-pattern '{"source":["aws.cloudwatch"]}' --state DISABLED`,
        `aws scheduler create-schedule --region us-east-1 --name ${prober.name} --schedule-expression 'cron(* * * * ? *)' --flexible-time-window Mode=OFF --target '{"Arn":"arn:aws:lambda:us-east-1:${ACCOUNT}:function:sw-prober","RoleArn":"arn:aws:iam::${ACCOUNT}:role/sw-scheduler","Input":"{\\"checks\\":[]}","RetryPolicy":{"MaximumRetryAttempts":0,"MaximumEventAgeInSeconds":60}}' --description 'DNS Monitor prober' --state DISABLED`,
      ].join(' && '),
    );
    const found = await findings();
    expect(found.map((f) => [f.subject, f.problem])).toEqual([
      [reporter.name, `EventBridge rule${reporter.description ? ` (${reporter.description})` : ''} is DISABLED (turned off outside CloudFormation; the deployment turns it on): what it runs does not run`],
      [prober.name, `EventBridge Scheduler schedule (${prober.description}) is DISABLED (turned off outside CloudFormation; the deployment turns it on): what it runs does not run, and alarms on what it publishes that treat missing data as not breaching stay OK`],
    ]);
    expect(found[0].fix).toBe(`aws events enable-rule --region us-east-1 --name ${reporter.name}`);
    expect(found[1].fix).toMatch(/^aws scheduler get-schedule --region us-east-1 --name sw-dns-prober --group-name default --output json \| jq '.*' > schedule\.json && aws scheduler update-schedule --region us-east-1 --cli-input-json file:\/\/schedule\.json$/);
    const before = JSON.parse(runWithAwsCli(moto, `aws scheduler get-schedule --region us-east-1 --name ${prober.name} --output json`));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dnsmon-drift-'));
    try {
      for (const f of found) runWithAwsCli(moto, `cd ${dir} && ${f.fix}`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    expect(await findings()).toEqual([]);
    const after = JSON.parse(runWithAwsCli(moto, `aws scheduler get-schedule --region us-east-1 --name ${prober.name} --output json`));
    expect(after.State).toBe('ENABLED');
    for (const k of ['ScheduleExpression', 'ScheduleExpressionTimezone', 'FlexibleTimeWindow', 'Target', 'Description']) expect([k, after[k]]).toEqual([k, before[k]]);
  });

  it('reports a rule deleted by hand, saying how to make it again', async () => {
    runWithAwsCli(moto, `aws events delete-rule --region us-east-1 --name ${reporter.name}`);
    const found = await findings();
    expect(found.map((f) => f.subject)).toEqual([reporter.name]);
    expect(found[0].problem).toMatch(/^EventBridge rule.* does not exist, though other resources of stack sw-core-us-east-1 do: deleted outside CloudFormation, which no deploy makes again/);
    expect(found[0].fix).toBe(
      `make it again with aws events put-rule and put-targets as resource ${reporter.logicalId} of stack sw-core-us-east-1 has it (npx cdk synth writes the template to cdk.out/; it names the physical ids of other resources of the stack: aws cloudformation describe-stack-resources --region us-east-1 --stack-name sw-core-us-east-1)`,
    );
  });

  it('says it could not list the rules and schedules when ListRules is refused (a policy made before this check)', async () => {
    const refused: DoctorClients = { ...clients, events: (r) => new EventBridgeClient({ ...moto.clientConfig(r), endpoint: 'http://127.0.0.1:9', maxAttempts: 1 }) };
    const found = (await runDoctor(SW, refused, { checks: ['drift'] })).findings.filter((f) => f.subject === 'rules and schedules');
    expect(found.map((f) => [f.region, f.problem.replace(/\(.*?\)/, '(…)'), f.fix])).toEqual([
      [
        'us-east-1',
        "could not list the deployment's EventBridge rules and Scheduler schedules (…): whether every rule and schedule the config deploys in us-east-1 exists and is on is not known",
        'allow events:ListRules and scheduler:ListSchedules (docs/cli-permissions.md), or look for rules and schedules named after the prefix in the EventBridge console',
      ],
    ]);
  });

  // UpdateSchedule replaces the whole schedule: the command carries over every field GetSchedule
  // gives that UpdateSchedule takes (AWS's API model, botocore's), and sets the state.
  it("carries over every field of the schedule that UpdateSchedule takes, as AWS's API model names them", () => {
    const model = apiModel('scheduler');
    const members = (op: string, io: 'input' | 'output') => Object.keys(model.shapes[(model.operations[op] as any)[io].shape].members ?? {});
    const update = members('UpdateSchedule', 'input');
    const got = members('GetSchedule', 'output');
    expect(SCHEDULE_UPDATE_FIELDS.filter((k) => !update.includes(k) || !got.includes(k))).toEqual([]);
    expect(update.filter((k) => got.includes(k) && !(SCHEDULE_UPDATE_FIELDS as readonly string[]).includes(k) && k !== 'State')).toEqual([]);
  });
});

describe('a metric filter listing compared with its template', () => {
  // PutMetricFilter: "If you omit [unit], the unit is set as None"; an answer may give no
  // dimensions as an empty map, and keys in any order.
  it('takes what an answer gives as the default, empty or in another order as the same, and a changed value as different', () => {
    const template = transformationsText([{ metricName: 'Queries', metricNamespace: 'Codreum/DNS', metricValue: '1' }]);
    expect(transformationsText([{ unit: 'None', dimensions: {}, metricValue: '1', metricNamespace: 'Codreum/DNS', metricName: 'Queries', defaultValue: undefined }])).toBe(template);
    expect(transformationsText([{ metricName: 'Queries', metricNamespace: 'Codreum/DNS', metricValue: '1', unit: 'Count' }])).not.toBe(template);
    expect(transformationsText([{ metricName: 'Queries', metricNamespace: 'Codreum/DNS', metricValue: '1', dimensions: { ZoneId: '$zone_id' } }])).not.toBe(template);
  });
});

describe('an alarm as DescribeAlarms gives it compared with its template', () => {
  // PutMetricAlarm: without DatapointsToAlarm the alarm is M of N with M = N; without
  // TreatMissingData "the default behavior of missing is used"; a query's ReturnData defaults to true.
  it("takes what PutMetricAlarm leaves out as its documented default, and ignores labels and the order of dimensions", () => {
    const template = {
      ComparisonOperator: 'GreaterThanThreshold',
      EvaluationPeriods: 3,
      Threshold: 5,
      Metrics: [
        { Id: 'm0', MetricStat: { Metric: { Namespace: 'Codreum/DNS', MetricName: 'Errors', Dimensions: [{ Name: 'ZoneId', Value: 'Z1' }, { Name: 'Kind', Value: 'x' }] }, Period: 60, Stat: 'Sum' }, ReturnData: false },
        { Id: 'e', Expression: 'FILL(m0, 0)', Label: 'errors' },
      ],
    };
    const described = {
      ComparisonOperator: 'GreaterThanThreshold',
      EvaluationPeriods: 3,
      DatapointsToAlarm: 3,
      TreatMissingData: 'missing',
      Threshold: 5.0,
      Metrics: [
        { Id: 'm0', MetricStat: { Metric: { Namespace: 'Codreum/DNS', MetricName: 'Errors', Dimensions: [{ Name: 'Kind', Value: 'x' }, { Name: 'ZoneId', Value: 'Z1' }] }, Period: 60, Stat: 'Sum' }, ReturnData: false },
        { Id: 'e', Expression: 'FILL(m0, 0)', Label: 'another label', ReturnData: true },
      ],
    };
    expect([...evaluationOf(described)]).toEqual([...evaluationOf(template)]);
    expect(evaluationOf({ ...described, Metrics: [described.Metrics[0], { ...described.Metrics[1], ReturnData: false }] }).get('e ReturnData')).toBe('false');
    expect(evaluationOf({ AlarmRule: 'ALARM(a)  OR\n ALARM(b)' }).get('AlarmRule')).toBe('ALARM(a) OR ALARM(b)');
  });
});

describe("the commands doctor prints for the app's alarms and metric filters", () => {
  const EXAMPLES = ['dns-monitor.yaml', 'examples/everything-on.yaml', 'examples/minimal.yaml'].map((f) => path.join(REPO, f));
  const stacks = EXAMPLES.flatMap((f) => synthesizeForPlan(loadConfigFile(f), { account: ACCOUNT, configDir: path.dirname(f) }).stacks);
  const every: TemplateAlarm[] = templateAlarmsOf(stacks);

  it("passes only what PutInsightRule takes, as AWS's API model names it, for every Contributor Insights rule of the examples (zones and VPCs)", () => {
    const model = apiModel('cloudwatch');
    const input = Object.keys(model.shapes[model.operations.PutInsightRule.input!.shape].members ?? {});
    const rules = templateInsightRulesOf(stacks);
    expect(rules.length).toBe(stacks.flatMap((s) => s.resources).filter((r) => r.type === 'AWS::CloudWatch::InsightRule').length);
    expect(rules.some((r) => JSON.parse(r.body).LogFormat === 'JSON')).toBe(true);
    for (const r of rules) {
      const json = JSON.parse(/--cli-input-json '(.*)'$/.exec(putInsightRuleCommand(r))![1].split("'\\''").join("'"));
      expect([r.name, Object.keys(json).filter((k) => !input.includes(k)), json.RuleDefinition, json.RuleState]).toEqual([r.name, [], r.body, 'ENABLED']);
    }
  });

  // The fixes put a rule or dashboard back under its existing name. CloudFormation updates
  // RuleBody and DashboardBody in place (only the names are create-only in AWS's resource schemas),
  // which it can do only with PutInsightRule and PutDashboard on that name: both replace what the
  // name holds, as the fixes need. A schema that made a body create-only would break that reading.
  it("rests on AWS's resource schemas: a Top-N rule's and a dashboard's body update in place, only their names are create-only", () => {
    expect(createOnlyProperties('AWS::CloudWatch::InsightRule')).toEqual(['RuleName']);
    expect(createOnlyProperties('AWS::CloudWatch::Dashboard')).toEqual(['DashboardName']);
  });

  it('works out every dashboard of the examples but those that name a health check, which say what to look up', () => {
    const dashboards = templateDashboardsOf(stacks);
    expect(dashboards.length).toBe(stacks.flatMap((s) => s.resources).filter((r) => r.type === 'AWS::CloudWatch::Dashboard').length);
    const outcome = dashboards.map((d) => [d, putDashboardCommand(d, ACCOUNT)] as const);
    expect(outcome.filter(([, p]) => 'command' in p).length).toBeGreaterThan(5);
    for (const [d, p] of outcome) {
      if ('command' in p) expect(JSON.parse(p.command.split('\n')[1]).widgets.length).toBeGreaterThan(0);
      else expect([d.name, p.refersTo]).toEqual([d.name, expect.stringMatching(/^the HealthCheckId of AWS::Route53::HealthCheck \w+$|^the AWS::Route53::HealthCheck \w+$/)]);
    }
  });

  it("passes only what PutMetricFilter takes, as AWS's API model names it, for every filter of the examples (zones and VPCs)", () => {
    const model = apiModel('logs');
    const members = (shape: string) => Object.keys(model.shapes[shape].members ?? {});
    const input = members(model.operations.PutMetricFilter.input!.shape);
    const transformation = members(model.shapes[model.shapes[model.operations.PutMetricFilter.input!.shape].members!.metricTransformations.shape].member!.shape);
    const filters = templateFiltersOf(stacks);
    expect(filters.length).toBe(stacks.flatMap((s) => s.resources).filter((r) => r.type === 'AWS::Logs::MetricFilter').length);
    expect(filters.some((f) => f.logGroupName.startsWith('/aws/route53resolver/'))).toBe(true);
    for (const f of filters) {
      const json = JSON.parse(/--cli-input-json '(.*)'$/.exec(putMetricFilterCommand(f))![1].split("'\\''").join("'"));
      expect([f.filterName, Object.keys(json).filter((k) => !input.includes(k))]).toEqual([f.filterName, []]);
      for (const t of json.metricTransformations) expect([f.filterName, Object.keys(t).filter((k) => !transformation.includes(k))]).toEqual([f.filterName, []]);
    }
  });

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
