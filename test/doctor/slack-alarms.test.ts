/**
 * doctor's slack-alarms check: alarms the Slack channel last heard in ALARM that no longer exist.
 * The notifier's table is written by the notifier itself (run in-process against moto, posting to
 * the Slack stand-in on 127.0.0.1), its function and intake queue are in moto as the app deploys
 * them (the backlog alarm names the queue, an event source mapping reads it, the function's
 * environment names the table), and the fix the finding gives is run as pasted, by bash and the
 * real AWS CLI of .venv (version 1) against moto, whose Lambda (without Docker) answers with the
 * payload it was sent; that payload is then handed to the bundled notifier handler.
 */
import { type CloudWatchClient, DeleteAlarmsCommand, SetAlarmStateCommand } from '@aws-sdk/client-cloudwatch';
import {
  CreateTableCommand,
  DeleteTableCommand,
  DescribeContinuousBackupsCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  ListTagsOfResourceCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { NOTIFIER_TABLE } from '../../contracts/slack-notifier';
import { alarmDeletionOf } from '../../lambdas/slack-notifier/alarm-deletion';
import { dynamoAlarmStateStore } from '../../lambdas/slack-notifier/alarm-state';
import { validateSnsEvent } from '../../lambdas/slack-notifier/sns-event';
import { alarmMessageSchema, describeIssues } from '../../lambdas/slack-notifier/alarm-schema';
import { buildAlertView } from '../../lambdas/slack-notifier/alert-view';
import { type AlarmNow, RECOVERY_IN_FLIGHT_MS, recoveryNotificationOf, SQS_NO_QUEUE, unheardRecovery } from '../../lib/doctor/slack-alarms';
import { SLACK_INTAKE } from '../../lib/alerts/slack-webhook-notifier';
import { rateLimitedRedeliverySeconds } from '../../lambdas/slack-notifier/notifier';
import { parseConfig } from '../../lib/config/load';
import { type DoctorClients, runDoctor } from '../../lib/doctor';
import { intakeBacklogAlarmName, SLACK_DELIVERY_NAME, topicName } from '../../lib/naming';
import { CreateTopicCommand, SubscribeCommand } from '@aws-sdk/client-sns';
import { alarmConfigurationEvent, compositeAlarm, countAlarm, rateAlarm, snsEvent, snsRecord, TOPIC_CRITICAL } from '../slack-notifier/fixtures';
import { invokeBundledNotifier, makeNotifier, makeNotifierTable, useNotifierEnvironment } from '../slack-notifier/harness';
import { freePort } from '../support/net';
import { deploySlackNotifierInMoto, motoDoctorClients, putAlarm } from './clients';
import { ALARMS } from '../../lib/aws-facts';
import { DYNAMODB_NO_TABLE } from '../../lib/doctor/tables';
import { apiErrors, apiShape } from '../support/api-models';
import { deploymentOf } from '../support/iam/app';
import { jsonValuesOf, runWithAwsCli } from '../support/aws-cli';

const env = useNotifierEnvironment();
const PREFIX = 'acme-prod';
const CONFIG_RAW = {
  prefix: PREFIX,
  hostedZones: [{ zoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com' }],
  alerts: { email: ['oncall@example.com'], slack: { webhook: {} } },
  // Tags the deployment puts on every resource, with characters a shell or the CLI's shorthand would split on.
  tags: { 'cost centre': 'dns=ops/42', team: 'dns on-call' },
};
const CONFIG = parseConfig(CONFIG_RAW);
const FUNCTION = 'acme-prod-core-SlackNotifierFunction';
/** Tags as `{ key: value }`, whatever their order. */
const byKey = (tags: readonly { Key?: string; Value?: string }[]) => Object.fromEntries(tags.map((t) => [t.Key, t.Value]));
const name = (what: string) => `${PREFIX}-dns-${what}-example-com-servfail-count`;
// Posted ALARM and still there; deleted in ALARM unannounced (two: one named as an existing topic's
// alarm may be, with a quote); deleted after its OK; deleted and announced by the notifier.
const STILL_THERE = name('still-there');
const GONE = name('gone');
const GONE_QUOTED = "payments team's latency";
const RECOVERED = name('recovered');
const ANNOUNCED = name('announced');
// Still there and long OK, their recoveries never posted: the app's metric alarms (OK actions to
// its topic: a count, a metric-math rate; moto has no composite alarms, see the last test), and one
// of another app on a topic the config names, without OK actions (the channel never hears its
// recoveries, by its design).
const RECOVERED_UNHEARD = { count: name('recovered-unheard'), rate: name('recovered-unheard-rate') };
const NO_OK_ACTIONS = name('no-ok-actions');
const RECOVERY_REASON = 'Threshold Crossed: 3 out of the last 3 datapoints [0.0 (03/06/25 18:02:00), 0.0 (03/06/25 18:01:00), 0.0 (03/06/25 18:00:00)] were not greater than or equal to the threshold (50.0) (minimum 2 datapoints for ALARM -> OK transition).';
/** The fixture notification of each kind: what CloudWatch sends of such an alarm. */
const NOTIFICATION_OF = { count: countAlarm, rate: rateAlarm } as const;

/** The metric alarm a CloudWatch notification tells of, created in moto as CloudFormation would from the template. */
async function createAlarmOf(cw: CloudWatchClient, notification: any, okActions: string[]): Promise<void> {
  const common = { AlarmName: notification.AlarmName, AlarmDescription: notification.AlarmDescription, AlarmActions: [TOPIC_CRITICAL], OKActions: okActions };
  const t = notification.Trigger;
  const dims = (ds: any[]) => ds.map((d) => ({ Name: d.name, Value: d.value }));
  await putAlarm(cw, {
    ...common,
    ...(t.MetricName
      ? { Namespace: t.Namespace, MetricName: t.MetricName, Statistic: 'Sum', Dimensions: dims(t.Dimensions), Period: t.Period }
      : {
          Namespace: undefined,
          MetricName: undefined,
          Statistic: undefined,
          Period: undefined,
          Metrics: t.Metrics.map((q: any) => ({
            Id: q.Id,
            Expression: q.Expression,
            Label: q.Label,
            ReturnData: q.ReturnData,
            MetricStat: q.MetricStat && { Metric: { ...q.MetricStat.Metric, Dimensions: dims(q.MetricStat.Metric.Dimensions) }, Period: q.MetricStat.Period, Stat: q.MetricStat.Stat },
          })),
        }),
    EvaluationPeriods: t.EvaluationPeriods,
    DatapointsToAlarm: t.DatapointsToAlarm,
    Threshold: t.Threshold,
    ComparisonOperator: t.ComparisonOperator,
    TreatMissingData: t.TreatMissingData,
  });
}
/** The notifier's table made again, empty, under `keyArn`, otherwise as the template makes it. */
async function makeNotifierTableAgain(ddb: DynamoDBClient, tableName: string, keyArn: string): Promise<void> {
  await ddb.send(new DeleteTableCommand({ TableName: tableName }));
  await makeNotifierTable(ddb, tableName, keyArn);
}

let clients: DoctorClients;
/** The deployment's alert key, which encrypts the notifier's queues and table. */
let alertKeyArn: string;
/** The notifier's intake queue. */
let intakeQueueArn: string;

beforeAll(async () => {
  const { moto, r } = env;
  clients = motoDoctorClients(moto);
  // The deployment's alert key, made in moto's KMS with the AWS CLI (the SDK's KMS client is not a dependency).
  alertKeyArn = (jsonValuesOf(runWithAwsCli(moto, "aws kms create-key --description 'the deployment alert key'")) as { KeyMetadata: { Arn: string } }[])[0].KeyMetadata.Arn;
  intakeQueueArn = (await deploySlackNotifierInMoto(moto, { prefix: PREFIX, functionName: FUNCTION, tableName: r.tableName, alertKeyArn })).queueArn;
  // The notifier's table under the alert key, as the template makes it (the harness makes it before the key exists).
  await makeNotifierTableAgain(new DynamoDBClient(moto.clientConfig('us-east-1')), r.tableName, alertKeyArn);

  // The channel hears each alarm go into ALARM; the alarms exist in CloudWatch while it does.
  const n = makeNotifier(env.r);
  const alarm = (alarmName: string, overrides: Record<string, unknown> = {}) =>
    n.handleEvent(validateSnsEvent(snsEvent(snsRecord(countAlarm({ AlarmName: alarmName, ...overrides })))), 30_000);
  const all = [STILL_THERE, GONE, GONE_QUOTED, RECOVERED, ANNOUNCED];
  for (const a of all) {
    await putAlarm(clients.cloudwatch('us-east-1'), { AlarmName: a });
    await alarm(a);
  }
  await alarm(RECOVERED, { NewStateValue: 'OK', OldStateValue: 'ALARM', StateChangeTime: '2025-06-03T17:50:00.000+0000' });
  await n.handleAlarmDeletion(alarmDeletionOf(alarmConfigurationEvent(ANNOUNCED, 'delete'))!, 30_000);
  // Each heard in ALARM, then OK without a word.
  const recovering = [
    ...Object.entries(RECOVERED_UNHEARD).map(([kind, alarmName]) => ({ notification: NOTIFICATION_OF[kind as keyof typeof NOTIFICATION_OF]({ AlarmName: alarmName }), okActions: [TOPIC_CRITICAL] })),
    { notification: countAlarm({ AlarmName: NO_OK_ACTIONS }), okActions: [] },
  ];
  for (const { notification, okActions } of recovering) {
    await createAlarmOf(clients.cloudwatch('us-east-1'), notification, okActions);
    await n.handleEvent(validateSnsEvent(snsEvent(snsRecord(notification))), 30_000);
    await clients.cloudwatch('us-east-1').send(new SetAlarmStateCommand({ AlarmName: notification.AlarmName as string, StateValue: 'OK', StateReason: RECOVERY_REASON }));
  }
  // An alarm of another account in the table (a topic the config names may hear one): not this account's to judge.
  await dynamoAlarmStateStore(r.ddb, r.tableName).recordPosted('arn:aws:cloudwatch:us-east-1:210987654321:alarm:elsewhere', 'ALARM', Date.parse('2025-06-03T17:43:27Z'), Date.now());
  await clients.cloudwatch('us-east-1').send(new DeleteAlarmsCommand({ AlarmNames: [GONE, GONE_QUOTED, RECOVERED, ANNOUNCED] }));
  env.slack.reset();
}, 60_000);

/** Runs a finding's fix as pasted (what follows its ": "), with the real AWS CLI against moto: the payload Lambda received and the CLI's answer. */
function runFix(fix: string): { payload: any; answer: any } {
  const command = fix.slice(fix.indexOf('): ') + 3);
  const [payload, answer, ...rest] = jsonValuesOf(runWithAwsCli(env.moto, command)) as any[];
  expect(rest).toEqual([]);
  return { payload, answer };
}

describe('doctor on alarms the Slack channel last heard in ALARM', () => {
  it('reports the ones deleted without a notice, with the command that posts it; the command, run, posts it and the finding goes', async () => {
    // Run now: the recoveries are minutes old and may still be on their way (not reported).
    const report = await runDoctor(CONFIG, clients, { checks: ['slack-alarms'] });
    expect(report.checked).toEqual({ 'slack-alarms': 6 });
    expect(report.findings.map((f) => [f.check, f.region, f.subject])).toEqual([
      ['slack-alarms', 'us-east-1', GONE],
      ['slack-alarms', 'us-east-1', GONE_QUOTED],
    ]);
    expect(report.findings[0].problem).toBe(
      "the Slack channel's last word on this alarm is its ALARM of 2025-06-03T17:43:27.123Z, and the alarm no longer exists: it was deleted without a notice (before the notifier posted deletions, or its deletion event never reached it), so the channel will never hear it recover",
    );
    expect(report.findings[0].fix).toMatch(/^have the notifier post that it was deleted \(the notice gives the time you run this as the time of deletion\): printf '%s\\n' '\{.*\}' \| aws lambda invoke --region us-east-1 --function-name acme-prod-core-SlackNotifierFunction --payload fileb:\/\/\/dev\/stdin \/dev\/stdout$/);

    // Run as pasted by the AWS CLI (version 1 here; the command has no option version 1 lacks, and
    // a payload read with fileb:// is sent as it is by both versions): Lambda gets the event.
    const runs = report.findings.map((f) => runFix(f.fix));
    for (const { answer } of runs) expect(answer).toMatchObject({ StatusCode: 200 });
    const payloads = runs.map((x) => x.payload);
    expect(payloads.map((p) => [p.detail.alarmName, p.resources])).toEqual([
      [GONE, [`arn:aws:cloudwatch:us-east-1:123456789012:alarm:${GONE}`]],
      [GONE_QUOTED, [`arn:aws:cloudwatch:us-east-1:123456789012:alarm:${GONE_QUOTED}`]],
    ]);

    // What `aws lambda invoke` would hand the deployed function: the bundled handler posts each notice.
    expect((await invokeBundledNotifier(env, payloads)).code).toBe(0);
    expect(env.slack.posts.map((p) => p.body.text)).toEqual([`🗑️ Alarm deleted while in ALARM: ${GONE}`, `🗑️ Alarm deleted while in ALARM: ${GONE_QUOTED}`]);
    const after = await runDoctor(CONFIG, clients, { checks: ['slack-alarms'] });
    expect(after).toEqual({ findings: [], checked: { 'slack-alarms': 4 } });
  }, 120_000);

  it("reports the alarms long OK whose recovery the channel never heard, with the command that posts it; the command, run, posts the recovery CloudWatch's notification would have, and the findings go", async () => {
    env.slack.reset();
    const later = Date.now() + RECOVERY_IN_FLIGHT_MS + 60_000;
    const report = await runDoctor(CONFIG, clients, { checks: ['slack-alarms'], now: later });
    expect(report.checked).toEqual({ 'slack-alarms': 4 });
    const byKind = Object.entries(RECOVERED_UNHEARD).sort(([, a], [, b]) => a.localeCompare(b));
    expect(report.findings.map((f) => [f.check, f.region, f.subject])).toEqual(byKind.map(([, alarmName]) => ['slack-alarms', 'us-east-1', alarmName]));
    for (const f of report.findings) {
      expect(f.problem).toMatch(
        /^the Slack channel's last word on this alarm is its ALARM of 2025-06-03T17:43:27\.123Z, but the alarm has been OK since 20\d\d-[\d-]+T[\d:.]+Z: its recovery never reached the channel \(Slack refused it and its dead-letter entry is gone, or a maintenance window muted it\), so the channel shows it failing$/,
      );
      expect(f.fix).toMatch(/^if the dead-letters check reports undelivered alerts, redrive them \(docs\/slack\.md\); else have the notifier post the recovery \(rebuilt from the alarm as CloudWatch describes it now\): printf /);
    }

    // Run as pasted by the AWS CLI: Lambda gets the SNS event of the alarm's topic.
    const events = report.findings.map((f, i) => {
      const { payload: event, answer } = runFix(f.fix);
      expect(answer).toMatchObject({ StatusCode: 200 });
      expect(event.Records.map((r: any) => [r.EventSource, r.Sns.TopicArn])).toEqual([['aws:sns', TOPIC_CRITICAL]]);
      const rebuilt = alarmMessageSchema.safeParse(JSON.parse(event.Records[0].Sns.Message));
      if (!rebuilt.success) throw new Error(describeIssues(rebuilt.error));
      // What the notifier makes of it is what it makes of CloudWatch's own notification of that recovery.
      const [kind, alarmName] = byKind[i];
      const cloudWatchOwn = alarmMessageSchema.parse(
        NOTIFICATION_OF[kind as keyof typeof NOTIFICATION_OF]({ AlarmName: alarmName, NewStateValue: 'OK', OldStateValue: 'ALARM', NewStateReason: RECOVERY_REASON, StateChangeTime: rebuilt.data.StateChangeTime }),
      );
      expect(buildAlertView(rebuilt.data, TOPIC_CRITICAL)).toEqual(buildAlertView(cloudWatchOwn, TOPIC_CRITICAL));
      return event;
    });

    expect((await invokeBundledNotifier(env, events)).code).toBe(0);
    expect(env.slack.posts.map((p) => p.body.text)).toEqual(['✅ OK: servfail on example.com', '✅ OK: nxdomain on example.com']);
    // STILL_THERE (in ALARM) and NO_OK_ACTIONS are left.
    expect(await runDoctor(CONFIG, clients, { checks: ['slack-alarms'], now: later })).toEqual({ findings: [], checked: { 'slack-alarms': 2 } });
  }, 120_000);

  // The queue the backlog alarm names was deleted by hand: dead-letters reports it (it reads the
  // same queue); this check has no notifier to read and says nothing of its own.
  it("leaves a backlog alarm whose queue no longer exists to the dead-letters check", async () => {
    const other = parseConfig({ prefix: 'gone', hostedZones: [{ zoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com' }], alerts: { email: ['oncall@example.com'], slack: { webhook: {} } } });
    await putAlarm(clients.cloudwatch('us-east-1'), {
      AlarmName: intakeBacklogAlarmName('gone', SLACK_DELIVERY_NAME),
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateAgeOfOldestMessage',
      Dimensions: [{ Name: 'QueueName', Value: 'gone-core-us-east-1-SlackNotifierIntakeQueue-DELETED' }],
      Statistic: 'Maximum',
      Period: 300,
      Threshold: 600,
    });
    const report = await runDoctor(other, clients, { checks: ['dead-letters', 'slack-alarms'] });
    expect(report.findings.map((f) => [f.check, f.subject])).toEqual([['dead-letters', 'gone-core-us-east-1-SlackNotifierIntakeQueue-DELETED']]);
    expect(report.checked['slack-alarms']).toBe(0);
  });

  it('looks at nothing without a Slack webhook in the config', async () => {
    const noSlack = parseConfig({ prefix: PREFIX, hostedZones: [{ zoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com' }], alerts: { email: ['oncall@example.com'] } });
    expect(await runDoctor(noSlack, clients, { checks: ['slack-alarms'] })).toEqual({ findings: [], checked: { 'slack-alarms': 0 } });
  });

  // A policy made before this check lacks dynamodb:Scan: the finding says so and the other checks
  // still run. Here DynamoDB is a closed loopback port.
  it("says so when the notifier's table cannot be read, and the other checks still run", async () => {
    const closed = await freePort();
    const denied = { ...clients, dynamodb: () => new DynamoDBClient({ ...env.moto.clientConfig('us-east-1'), endpoint: `http://127.0.0.1:${closed}`, maxAttempts: 1 }) };
    const report = await runDoctor(CONFIG, denied, { checks: ['slack-alarms', 'maintenance'] });
    expect(report.findings).toEqual([
      {
        check: 'slack-alarms',
        region: 'us-east-1',
        subject: env.r.tableName,
        problem: "could not read the Slack notifier's table (Error): whether the Slack channel shows alarms that no longer exist as failing is not known",
        fix: "allow dynamodb:Scan on the notifier's table (and kms:Decrypt on the deployment's alert key, which encrypts it) (docs/cli-permissions.md), or compare the alarms in ALARM in the channel with the CloudWatch console",
      },
    ]);
    expect(report.checked).toEqual({ 'slack-alarms': 0, maintenance: 0 });
  });

  // moto has no PutCompositeAlarm: the composite is read as DescribeAlarms returns one (API
  // Reference, CompositeAlarm), the app's degraded alarm of the fixture's zone.
  // The children that moved it come from its StateReasonData (`triggeringAlarms`, each with `arn`
  // and `state` {value, timestamp}, as AWS gives it for a composite's transition: the form
  // CloudWatch's EventBridge events carry as `reasonData`), as its SNS notification gives them.
  it("rebuilds a composite's recovery as CloudWatch notifies it, with the children that moved it", () => {
    const child = { Arn: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:acme-prod-dns-example-com-servfail-count', State: { Value: 'OK', Timestamp: '2025-06-03T18:02:59.412+0000' } };
    const own = compositeAlarm({ NewStateValue: 'OK', OldStateValue: 'ALARM', NewStateReason: RECOVERY_REASON, StateChangeTime: '2025-06-03T18:03:00.000+0000', TriggeringChildren: [child] }) as any;
    const reasonData = JSON.stringify({ triggeringAlarms: [{ arn: child.Arn, state: { value: child.State.Value, timestamp: child.State.Timestamp } }] });
    const described: AlarmNow = {
      kind: 'composite',
      alarm: {
        AlarmName: own.AlarmName,
        AlarmArn: own.AlarmArn,
        AlarmDescription: own.AlarmDescription,
        AlarmConfigurationUpdatedTimestamp: new Date('2025-05-01T10:00:00Z'),
        ActionsEnabled: true,
        OKActions: [TOPIC_CRITICAL],
        AlarmActions: [TOPIC_CRITICAL],
        InsufficientDataActions: [],
        StateValue: 'OK',
        StateReason: RECOVERY_REASON,
        StateUpdatedTimestamp: new Date('2025-06-03T18:03:00Z'),
        StateTransitionedTimestamp: new Date('2025-06-03T18:03:00Z'),
        StateReasonData: reasonData,
        AlarmRule: own.AlarmRule,
      },
    };
    const heard = { alarmArn: own.AlarmArn, alarmName: own.AlarmName, region: 'us-east-1', account: '123456789012', sinceMs: Date.parse('2025-06-03T17:43:27Z') };
    const recovery = unheardRecovery(heard, described, Date.parse('2025-06-03T19:00:00Z'))!;
    expect(recovery).toEqual({ okSinceMs: Date.parse('2025-06-03T18:03:00Z'), topicArn: TOPIC_CRITICAL });
    const rebuilt = alarmMessageSchema.parse(recoveryNotificationOf(described, recovery.okSinceMs));
    expect(rebuilt.TriggeringChildren).toEqual([child]);
    expect(buildAlertView(rebuilt, TOPIC_CRITICAL)).toEqual(buildAlertView(alarmMessageSchema.parse(own), TOPIC_CRITICAL));
    // Reason data that is not that shape (set by SetAlarmState, say) gives no children, not an error.
    for (const other of [undefined, '', '{"triggeringAlarms":"x"}', 'not json', '{"triggeringAlarms":[{"state":{}}]}']) {
      const plain = recoveryNotificationOf({ ...described, alarm: { ...described.alarm, StateReasonData: other } }, recovery.okSinceMs);
      expect(alarmMessageSchema.parse(plain).TriggeringChildren ?? []).toEqual([]);
    }
    // Within RECOVERY_IN_FLIGHT_MS of the move to OK, or with its actions off, it is not one.
    expect(unheardRecovery(heard, described, Date.parse('2025-06-03T18:20:00Z'))).toBeUndefined();
    expect(unheardRecovery(heard, { ...described, alarm: { ...described.alarm, ActionsEnabled: false } }, Date.parse('2025-06-03T19:00:00Z'))).toBeUndefined();
  });

  // The numbers and names the check takes from AWS, held to AWS's own: the errors of a queue and a
  // table that do not exist are among those the API models list for the calls that meet them
  // (botocore's models, test/support/api-models.ts), and a recovery is not called lost while it
  // may still be on its way (the intake backlog alarm's age plus the rate-limited redeliveries).
  it("reads AWS's errors for a missing queue and table by the names AWS's API models give, and waits out a recovery's whole way", () => {
    expect(apiErrors('sqs', 'GetQueueUrl')).toContain(SQS_NO_QUEUE);
    expect(apiErrors('dynamodb', 'Scan')).toContain(DYNAMODB_NO_TABLE);
    const redeliveries = Array.from({ length: SLACK_INTAKE.maxReceiveCount - 1 }, (_, i) => rateLimitedRedeliverySeconds(SLACK_INTAKE.rateLimitedRedeliverySeconds, i + 1));
    expect(RECOVERY_IN_FLIGHT_MS / 1000).toBeGreaterThan(SLACK_INTAKE.backlogAlarmSeconds + redeliveries.reduce((a, b) => a + b, 0));
  });

  it('asks CloudWatch for 100 names a call at most (the API\'s limit), however many alarms the channel heard in ALARM', async () => {
    expect(ALARMS.describeAlarmsMaxNames).toBe(apiShape('cloudwatch', 'AlarmNames').max);
    const store = dynamoAlarmStateStore(env.r.ddb, env.r.tableName);
    const many = Array.from({ length: 230 }, (_, i) => `${PREFIX}-dns-z${String(i).padStart(3, '0')}-example-com-servfail-count`);
    for (const a of many) await store.recordPosted(`arn:aws:cloudwatch:us-east-1:123456789012:alarm:${a}`, 'ALARM', Date.parse('2025-06-03T17:43:27Z'), Date.now());
    // All exist but two.
    for (const a of many.filter((_, i) => i !== 7 && i !== 150)) await putAlarm(clients.cloudwatch('us-east-1'), { AlarmName: a });
    const sizes: number[] = [];
    const cloudwatch = (region: string) => {
      const c = clients.cloudwatch(region);
      c.middlewareStack.add((next: any) => async (args: any) => {
        if (Array.isArray(args.input?.AlarmNames) && args.input.AlarmNames.length > 1) sizes.push(args.input.AlarmNames.length);
        return next(args);
      }, { step: 'initialize', name: 'countNames' });
      return c;
    };
    const report = await runDoctor(CONFIG, { ...clients, cloudwatch }, { checks: ['slack-alarms'] });
    expect(report.findings.map((f) => f.subject)).toEqual([many[7], many[150]]);
    expect(report.checked).toEqual({ 'slack-alarms': 232 });
    expect(sizes).toEqual([100, 100, 32]);
  }, 120_000);
  // A subscription of the intake queue deleted by hand: Slack hears nothing of that topic, no alarm
  // says so (the queue stays empty), and no deploy makes it again. Here the warning topic's.
  it("says the intake queue is not subscribed to an alert topic it should hear, with the command that subscribes it as the app does; run, the finding goes", async () => {
    const sns = clients.sns('us-east-1');
    const [critical, warning] = await Promise.all((['critical', 'warning'] as const).map(async (s) => (await sns.send(new CreateTopicCommand({ Name: topicName(PREFIX, s) }))).TopicArn!));
    await sns.send(new SubscribeCommand({ TopicArn: critical, Protocol: 'sqs', Endpoint: intakeQueueArn }));
    // The other findings are those of the alarms the earlier tests left.
    const intakeFindings = async () => (await runDoctor(CONFIG, clients, { checks: ['slack-alarms'] })).findings.filter((f) => f.subject.includes(' → sqs '));
    const findings = await intakeFindings();
    expect(findings.map(({ fix, ...f }) => f)).toEqual([
      {
        check: 'slack-alarms',
        region: 'us-east-1',
        subject: `${topicName(PREFIX, 'warning')} → sqs ${intakeQueueArn.split(':').pop()}`,
        problem: "the Slack notifier's intake queue is not subscribed to this alert topic (deleted outside CloudFormation, which does not make it again): no alert of the topic reaches Slack",
      },
    ]);
    const fix = findings[0].fix;
    expect(fix).toBe(`subscribe it as the app does: aws sns subscribe --region us-east-1 --topic-arn ${warning} --protocol sqs --notification-endpoint ${intakeQueueArn}`);
    runWithAwsCli(env.moto, fix.slice(fix.indexOf('aws sns subscribe')));
    expect(await intakeFindings()).toEqual([]);
  });

  // A table made again by hand, or changed: another key fails every read and write of the notifier
  // (which then posts without its records); TTL off leaves its records for ever.
  it("says the notifier's table is not as the template makes it, with the commands that set it so; run, the findings go", async () => {
    const ddb = new DynamoDBClient(env.moto.clientConfig('us-east-1'));
    const tableFindings = async () => (await runDoctor(CONFIG, clients, { checks: ['slack-alarms'] })).findings.filter((f) => f.subject === env.r.tableName);
    expect(await tableFindings()).toEqual([]);
    const at = `--region us-east-1 --table-name ${env.r.tableName}`;
    await ddb.send(new UpdateTimeToLiveCommand({ TableName: env.r.tableName, TimeToLiveSpecification: { Enabled: false, AttributeName: NOTIFIER_TABLE.attributes.expiresAt } }));
    const [ttlOff] = await tableFindings();
    expect(ttlOff).toEqual({
      check: 'slack-alarms',
      region: 'us-east-1',
      subject: env.r.tableName,
      problem:
        "the Slack notifier's table is not as the template makes it (made again or changed outside CloudFormation?): TTL is off, so its items never expire (the notifier's records of alarms and of alerts it posted stay in it)",
      fix: `turn it on as the app does: aws dynamodb update-time-to-live ${at} --time-to-live-specification Enabled=true,AttributeName=${NOTIFIER_TABLE.attributes.expiresAt}`,
    });
    runWithAwsCli(env.moto, ttlOff.fix.slice(ttlOff.fix.indexOf('aws dynamodb')));
    expect(await tableFindings()).toEqual([]);

    // Its TTL not readable (a policy made before doctor read it): said, and the records are still read.
    const closed = await freePort();
    // A client of moto whose DescribeTimeToLive requests go to a closed port (a real refusal).
    const partly = new DynamoDBClient({ ...env.moto.clientConfig('us-east-1'), maxAttempts: 1 });
    partly.middlewareStack.add(
      (next, context) => async (args: any) => {
        if (context.commandName === 'DescribeTimeToLiveCommand') args.request.port = closed;
        return next(args);
      },
      { step: 'build' },
    );
    const ttlUnread = { ...clients, dynamodb: () => partly };
    const unread = (await runDoctor(CONFIG, ttlUnread, { checks: ['slack-alarms'] })).findings.filter((f) => f.subject === env.r.tableName);
    expect(unread.map((f) => [f.problem.replace(/\(.*?\)/, '(…)'), f.fix])).toEqual([
      [
        "could not look at the Slack notifier's table's key, TTL and point-in-time recovery (…): whether the table is as the template makes it is not known",
        "allow dynamodb:DescribeTable, dynamodb:DescribeTimeToLive and dynamodb:DescribeContinuousBackups on the notifier's table (docs/cli-permissions.md), or look at the table in the DynamoDB console",
      ],
    ]);

    // Encrypted with another KMS key than the deployment's alert key (made again by hand under another key).
    const otherKmsKey = (jsonValuesOf(runWithAwsCli(env.moto, "aws kms create-key --description 'another key'")) as { KeyMetadata: { Arn: string } }[])[0].KeyMetadata.Arn;
    await makeNotifierTableAgain(ddb, env.r.tableName, otherKmsKey);
    expect((await tableFindings()).map((f) => [f.problem, f.fix])).toEqual([
      [
        `the Slack notifier's table is not as the template makes it (made again or changed outside CloudFormation?): it is encrypted with the KMS key ${otherKmsKey}, not the deployment's alert key ${alertKeyArn} as the template makes it`,
        `set it as the app does: aws dynamodb update-table ${at} --sse-specification Enabled=true,SSEType=KMS,KMSMasterKeyId=${alertKeyArn} && aws dynamodb wait table-exists ${at}`,
      ],
    ]);
    // moto takes UpdateTable's encryption without changing it, so the command is run by the AWS CLI (its arguments held to the
    // CLI's own parsing) but the table is made again under the alert key to go on.
    runWithAwsCli(env.moto, (await tableFindings())[0].fix.replace(/^set it as the app does: /, ''));
    await makeNotifierTableAgain(ddb, env.r.tableName, alertKeyArn);
    expect(await tableFindings()).toEqual([]);

    // Made again by hand with the key spelt otherwise: the notifier cannot read its records.
    await ddb.send(new DeleteTableCommand({ TableName: env.r.tableName }));
    await ddb.send(new CreateTableCommand({ TableName: env.r.tableName, KeySchema: [{ AttributeName: 'ID', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'ID', AttributeType: 'S' }], BillingMode: 'PAY_PER_REQUEST' }));
    await expect(dynamoAlarmStateStore(ddb, env.r.tableName).lastPosted('arn:aws:cloudwatch:us-east-1:123456789012:alarm:x', Date.now())).rejects.toThrow();
    const [otherKey] = await tableFindings();
    expect(otherKey.problem).toBe(
      `the Slack notifier's table has the key ID (a string), not ${NOTIFIER_TABLE.attributes.key} (a string) as the template makes it (made again outside CloudFormation?): every read and write of it fails: the notifier posts without its records, so a redelivered alert may be posted twice, deletions of alarms are not announced and an OK after INSUFFICIENT_DATA is not posted`,
    );
    expect(otherKey.fix).toMatch(
      /^the notifier cannot have written to it \(every write fails\), so it holds nothing the notifier needs: delete it and make it again as the app does \(key, billing, encryption, TTL, point-in-time recovery, tags\): aws dynamodb delete-table /,
    );
    expect(otherKey.fix).toContain(`KMSMasterKeyId=${alertKeyArn}`);
    runWithAwsCli(env.moto, otherKey.fix.slice(otherKey.fix.indexOf('aws dynamodb delete-table')));
    expect(await tableFindings()).toEqual([]);
    expect((await ddb.send(new DescribeTableCommand({ TableName: env.r.tableName }))).Table?.SSEDescription).toMatchObject({ SSEType: 'KMS', KMSMasterKeyArn: alertKeyArn });
  }, 120_000);

  // Last: it deletes the table. CloudFormation does not make again a resource deleted outside it;
  // the notifier, without its table, posts without its records (test/slack-notifier/table-unavailable.test.ts).
  it("says the notifier's table was deleted outside CloudFormation, with the commands that make it again as the app does; run, the notifier posts again and the finding goes", async () => {
    const ddb = new DynamoDBClient(env.moto.clientConfig('us-east-1'));
    await ddb.send(new DeleteTableCommand({ TableName: env.r.tableName }));
    const report = await runDoctor(CONFIG, clients, { checks: ['slack-alarms'] });
    expect(report.findings.map(({ fix, ...f }) => f)).toEqual([
      {
        check: 'slack-alarms',
        region: 'us-east-1',
        subject: env.r.tableName,
        problem:
          "the Slack notifier's table does not exist (deleted outside CloudFormation, which does not make it again): the notifier posts without its records, so a redelivered alert may be posted twice, deletions of alarms are not announced and an OK after INSUFFICIENT_DATA is not posted",
      },
    ]);
    const fix = report.findings[0].fix;
    expect(fix).toMatch(/^make it again as the app does \(key, billing, the alert key, TTL, point-in-time recovery, tags\): aws dynamodb create-table /);
    expect(fix).toContain(`KMSMasterKeyId=${alertKeyArn}`);
    runWithAwsCli(env.moto, fix.slice(fix.indexOf('aws dynamodb create-table')));

    // The table is what the app's template makes (the example's synthesized notifier table), read back from DynamoDB.
    const d = deploymentOf(CONFIG_RAW);
    const [synthesized] = d.resources('AWS::DynamoDB::Table').filter((t) => t.logicalId.startsWith('SlackNotifierIdempotencyTable')).map((t) => d.props(t));
    const table = (await ddb.send(new DescribeTableCommand({ TableName: env.r.tableName }))).Table!;
    expect(table.KeySchema).toEqual(synthesized.KeySchema);
    expect(table.AttributeDefinitions).toEqual(synthesized.AttributeDefinitions);
    expect(table.BillingModeSummary?.BillingMode).toBe(synthesized.BillingMode);
    expect(synthesized.SSESpecification).toMatchObject({ SSEEnabled: true, SSEType: 'KMS' });
    expect(table.SSEDescription).toMatchObject({ Status: 'ENABLED', SSEType: 'KMS', KMSMasterKeyArn: alertKeyArn });
    const ttl = (await ddb.send(new DescribeTimeToLiveCommand({ TableName: env.r.tableName }))).TimeToLiveDescription;
    expect({ AttributeName: ttl?.AttributeName, Enabled: ttl?.TimeToLiveStatus === 'ENABLED' }).toEqual(synthesized.TimeToLiveSpecification);
    const pitr = (await ddb.send(new DescribeContinuousBackupsCommand({ TableName: env.r.tableName }))).ContinuousBackupsDescription?.PointInTimeRecoveryDescription;
    expect({ PointInTimeRecoveryEnabled: pitr?.PointInTimeRecoveryStatus === 'ENABLED' }).toEqual(synthesized.PointInTimeRecoverySpecification);
    // The deployment's tags, as the template gives them (tag policies, cost allocation, the prefix tag doctor reads).
    const tags = (await ddb.send(new ListTagsOfResourceCommand({ ResourceArn: table.TableArn }))).Tags ?? [];
    expect(byKey(tags)).toEqual(byKey(synthesized.Tags));
    expect(synthesized.Tags).toContainEqual({ Key: 'cost centre', Value: 'dns=ops/42' });

    env.slack.reset();
    expect((await invokeBundledNotifier(env, [snsEvent(snsRecord(countAlarm({ AlarmName: STILL_THERE })))])).code).toBe(0);
    expect(env.slack.posts.map((p) => p.body.text)).toEqual([expect.stringMatching(/^🔴 ALARM/)]);
    expect((await runDoctor(CONFIG, clients, { checks: ['slack-alarms'] })).findings).toEqual([]);
  }, 120_000);
});
