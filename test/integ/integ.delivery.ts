/**
 * Real-account integration test (maintainers only: `npm run test:aws`, with AWS credentials).
 * It deploys a minimal monitoring config for a test hosted zone, subscribes an SQS probe queue to
 * the app's alert topics, then proves with real AWS calls that
 *   1. an alarm forced into ALARM (SetAlarmState) notifies its topic and the message arrives, and
 *   2. a record change in the zone (ChangeResourceRecordSets) produces a change-audit alert (the
 *      rule runs the audit publisher, which publishes it to the alert topic), and
 *   3. a DNS check alarm forced into ALARM is followed by what each server answered: the rule runs
 *      the reporter, which invokes the prober (it reads its schedule and asks the zone's Route 53
 *      name servers) and publishes the detail message,
 * i.e. topic policies, key policies, EventBridge roles and the input transformer, the publisher's,
 * the reporter's and prober's roles work in AWS itself, not only in the policy evaluator of the
 * unit tests, and
 *   4. CloudFormation creates the maintenance window's mute rule after the DNS check alarm it names,
 *      and CloudWatch keeps it SCHEDULED with that alarm as its target (its one window lies far in
 *      the future, so it mutes nothing during the test), and
 *   5. the zone's 15-minute `errors` alarm, given errors now (PutMetricData into the metrics its
 *      query-log filters publish), enters ALARM within 6 minutes: CloudWatch evaluates it every
 *      minute on a sliding window, as replay and the stated worst-case detection assume
 *      (lib/alarms/detection-time.ts). On clock-aligned quarters it would wait for the quarter to
 *      end, up to 15 minutes, so this fails in most runs if that assumption is wrong, and
 *   6. the alarm of 1 also reaches the Slack webhook notifier: SNS delivers it into the intake
 *      queue under the alert key (the key policy's statement for SNS), the event source mapping
 *      hands it to the function (its role reads the queue), and, the webhook secret holding no
 *      URL, the function puts it on the notifier's dead-letter queue with reason webhook-secret
 *      (its role sends there under the same key). Nothing reaches Slack: no URL is configured.
 *   7. the registration watcher, invoked with the config's registered domain, reads the account's
 *      domain registrations through the Route 53 Domains API in us-east-1 with its role: for a
 *      domain the account holds (DNSMON_INTEG_REGISTERED_DOMAIN) it returns the days to expiry and
 *      the automatic-renewal switch; without one, a placeholder the account does not hold fails the
 *      run naming it (the path its errors alarm reports).
 *   8. EventBridge itself (TestEventPattern) matches each change-audit rule the app deploys against
 *      the recorded shapes of Route 53 and domain registration calls (test/audit/fixtures.ts: the
 *      Developer Guide's `route53domains.amazonaws.com` with a lowercase first letter, and the API's
 *      spelling under `route53.amazonaws.com`; a failed call; a record change in the test zone) as
 *      the product's own matcher (lib/audit/event-pattern-match.ts) does, which the unit tests rely
 *      on. It does not prove in which region CloudTrail delivers registration calls: that needs a
 *      real registration change, which this test does not make.
 *   9. CloudWatch's own event of a deleted alarm reaches the Slack notifier: an alarm named like the
 *      deployment's (`<prefix>-deletion-probe`) is created and deleted; the rule
 *      `<prefix>-slack-deleted-alarms` passes the deletion to the function, which reads it as one
 *      and logs that it posts nothing (the channel never heard ALARM of that alarm). This proves the
 *      event's shape (`operation: delete`, the alarm's name) that the unit tests take from the
 *      CloudWatch User Guide and the schema registry; the notice itself needs a Slack webhook.
 *  10. SNS lists the notifier's intake subscriptions as `dns-monitor doctor` (check slack-alarms)
 *      and `test-alert` read them: on each topic `slackIntakeTopics` names, a subscription of
 *      protocol sqs whose endpoint is the intake queue's ARN (ListSubscriptionsByTopic).
 *  11. A page SNS cannot deliver pages: a second queue on the warning topic has no policy letting
 *      SNS send to it, so its deliveries fail (a client-side error SNS does not retry); the warning
 *      topic's `<topic>-delivery-failures-count` alarm, on NumberOfNotificationsFailed, goes into
 *      ALARM and its notification reaches the probe inbox. This proves the metric's name, its
 *      TopicName dimension and that refused deliveries count, which the unit tests take from the
 *      SNS Developer Guide.
 *
 * Needs: a public hosted zone reserved for this test, without a query logging config
 *   DNSMON_INTEG_ZONE_ID=Z... DNSMON_INTEG_ZONE_NAME=integ.example.com
 * a CloudTrail trail logging management events (for 2), a Secrets Manager secret whose value is
 * not a webhook URL (for 6; a secret the app created would be retained and collide on the next
 * run) and an address for the email destination the config needs beside Slack (it gets a
 * subscription confirmation, nothing else unless confirmed)
 *   DNSMON_INTEG_SLACK_SECRET_ARN=arn:aws:secretsmanager:...:secret:dnsmon-integ/not-a-webhook-AbCdEf
 *   DNSMON_INTEG_EMAIL=you@example.com
 * and optionally a domain registered with Route 53 in the account (for 7; without it 7 checks the
 * refusal of a domain the account does not hold)
 *   DNSMON_INTEG_REGISTERED_DOMAIN=example.com
 * Each run leaves the notifier's retained intake and dead-letter queues and idempotency table
 * (generated names, so runs do not collide); delete them by hand. The README test command synthesizes
 * this app (test/integ/integ-synth.test.ts) so it cannot rot; it never deploys it.
 */
import { App, Aws, CfnElement, Duration, Stack } from 'aws-cdk-lib';
import { AwsApiCall, ExpectedResult, IntegTest, Match } from '@aws-cdk/integ-tests-alpha';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subs from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { SlackWebhookNotifier } from '../../lib/alerts/slack-webhook-notifier';
import { DnsMonitoring } from '../../lib/dns-monitoring';
import { DNS_CHECK_DETAIL_TYPE } from '../../contracts/dns-check';
import { alarmName, dnsCheckAlarmName, domainWatcherFunctionName, muteRuleName, muteRuleSubject, topicDeliveryFailuresAlarmName, topicName } from '../../lib/naming';
import { HOSTED_ZONE_REGION } from '../../lib/config/resolve';
import { SIGNALS } from '../../lib/signals/catalogue';
import { CfnRule } from 'aws-cdk-lib/aws-events';
import { matchesEventPattern } from '../../lib/audit/event-pattern-match';
import { changeBy, registrarCall, updateDomainContact } from '../audit/fixtures';
import { intakeTopicArn, slackIntakeTopics } from '../../lib/doctor/alert-topics';

export const INTEG_PREFIX = 'dnsmon-integ';
/** Placeholders that let the app synthesize without the maintainer's environment. */
const PLACEHOLDER_ZONE = { id: 'Z0000000000INTEGTEST0', name: 'integ.example.com' };
const PLACEHOLDER_SLACK_SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:111122223333:secret:dnsmon-integ/not-a-webhook-AbCdEf';
export const AUDIT_PROBE_RECORD = '_dnsmon-integ';
export const INTEG_CHECK = 'soa';
/** A maintenance window on that check that never opens during a test run. */
export const INTEG_WINDOW = 'integ-never';
/** A registered domain no test account holds (`.invalid` is reserved: RFC 2606), for step 7 without DNSMON_INTEG_REGISTERED_DOMAIN. */
export const UNREGISTERED_DOMAIN = 'dnsmon-integ-not-registered.invalid';
/** Step 9's throwaway alarm: named like the deployment's, so the deletion rule passes it on. */
export const DELETION_PROBE_ALARM = `${INTEG_PREFIX}-deletion-probe`;

/** The start of a record change's email subject (lambdas/audit-publisher/message.ts emailSubject). */
export function auditSubjectPrefix(zoneId: string): string {
  return `${INTEG_PREFIX} DNS change warning: ChangeResourceRecordSets on ${zoneId}`;
}

export function buildIntegApp(app: App = new App()) {
  const zone = { id: process.env.DNSMON_INTEG_ZONE_ID ?? PLACEHOLDER_ZONE.id, name: process.env.DNSMON_INTEG_ZONE_NAME ?? PLACEHOLDER_ZONE.name };
  const account = process.env.CDK_DEFAULT_ACCOUNT;
  const registeredDomain = process.env.DNSMON_INTEG_REGISTERED_DOMAIN?.toLowerCase();
  const monitoring = new DnsMonitoring(app, 'DnsMonitorInteg', {
    account,
    config: {
      prefix: INTEG_PREFIX,
      hostedZones: [{ zoneId: zone.id, zoneName: zone.name, queryLogging: { create: true, retentionDays: 1 } }],
      alerts: {
        okNotifications: true,
        email: [process.env.DNSMON_INTEG_EMAIL ?? 'integ@example.com'],
        slack: { webhook: { secretArn: process.env.DNSMON_INTEG_SLACK_SECRET_ARN ?? PLACEHOLDER_SLACK_SECRET_ARN } },
      },
      contributorInsights: { enabled: false },
      // The zone's SOA from its own name servers (Route 53 GetHostedZone), from the primary region.
      dnsChecks: [{ name: INTEG_CHECK, query: zone.name, type: 'SOA', zoneId: zone.id, regions: [HOSTED_ZONE_REGION], expect: { rcode: 'NOERROR' } }],
      maintenanceWindows: [{ name: INTEG_WINDOW, schedule: 'at(2099-12-31T00:00)', duration: '1h', dnsChecks: [INTEG_CHECK] }],
      registeredDomains: [{ name: registeredDomain ?? UNREGISTERED_DOMAIN }],
    },
  });

  // The probe: one SQS queue subscribed to both alert topics (raw delivery: the body is the message).
  const probe = new Stack(app, `${INTEG_PREFIX}-probe`, { env: { account, region: HOSTED_ZONE_REGION } });
  probe.addStackDependency(monitoring.coreStacks[HOSTED_ZONE_REGION]);
  const inbox = new sqs.Queue(probe, 'Inbox', {
    queueName: `${INTEG_PREFIX}-probe-inbox`,
    encryption: sqs.QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.hours(1),
  });
  // The assertion stack is region-agnostic: it names the queue instead of referring to it.
  const inboxUrl = `https://sqs.${HOSTED_ZONE_REGION}.amazonaws.com/${Aws.ACCOUNT_ID}/${INTEG_PREFIX}-probe-inbox`;
  for (const severity of ['critical', 'warning'] as const) {
    const topic = sns.Topic.fromTopicArn(probe, `Topic-${severity}`, probe.formatArn({ service: 'sns', resource: topicName(INTEG_PREFIX, severity) }));
    topic.addSubscription(new subs.SqsSubscription(inbox, { rawMessageDelivery: true }));
  }
  // A second queue on the warning topic without raw delivery: the SNS envelope carries the subject,
  // the one email subscribers see (the change audit's publisher sets it; EventBridge could not).
  const envelopes = new sqs.Queue(probe, 'Envelopes', {
    queueName: `${INTEG_PREFIX}-probe-envelopes`,
    encryption: sqs.QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.hours(1),
  });
  sns.Topic.fromTopicArn(probe, 'Topic-warning-envelopes', probe.formatArn({ service: 'sns', resource: topicName(INTEG_PREFIX, 'warning') })).addSubscription(
    new subs.SqsSubscription(envelopes, { rawMessageDelivery: false }),
  );
  const envelopesUrl = `https://sqs.${HOSTED_ZONE_REGION}.amazonaws.com/${Aws.ACCOUNT_ID}/${INTEG_PREFIX}-probe-envelopes`;
  // 11. A subscriber that refuses SNS: a queue on the warning topic without the queue policy that
  // lets SNS send to it (a CfnSubscription adds none). SNS does not retry such a client-side error
  // (SNS Developer Guide, "Amazon SNS message delivery retries") and counts it in the topic's
  // NumberOfNotificationsFailed (lib/aws-facts.ts, SNS_METRICS).
  const refuses = new sqs.Queue(probe, 'Refuses', {
    queueName: `${INTEG_PREFIX}-probe-refuses`,
    encryption: sqs.QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.hours(1),
  });
  new sns.CfnSubscription(probe, 'RefusedSubscription', {
    topicArn: probe.formatArn({ service: 'sns', resource: topicName(INTEG_PREFIX, 'warning') }),
    protocol: 'sqs',
    endpoint: refuses.queueArn,
    rawMessageDelivery: true,
  });
  const deliveryAlarm = topicDeliveryFailuresAlarmName(topicName(INTEG_PREFIX, 'warning'));

  const integ = new IntegTest(app, 'DeliveryInteg', {
    testCases: [...Object.values(monitoring.coreStacks), ...monitoring.shardStacks, probe],
    regions: [HOSTED_ZONE_REGION],
    diffAssets: false,
    stackUpdateWorkflow: false,
  });
  const subject = monitoring.config.hostedZones[0];
  const watcherInput = { time: new Date().toISOString(), domains: monitoring.config.registeredDomains.map((d) => d.name) };
  // The zone's logs-stopped alarm notifies its (warning) topic directly, not through a composite.
  const alarm = alarmName(INTEG_PREFIX, subject, 'query-logs', 'logs-stopped');
  const checkAlarm = dnsCheckAlarmName(INTEG_PREFIX, INTEG_CHECK);
  const errorsAlarm = alarmName(INTEG_PREFIX, subject, 'errors', 'rate');
  const muteRule = muteRuleName(INTEG_PREFIX, INTEG_WINDOW, muteRuleSubject.dnsCheck(INTEG_CHECK));
  /** The metric a hosted-zone signal's query-log filter publishes (the errors alarm reads two). */
  const metricOf = (id: string) => {
    const m = SIGNALS.find((x) => x.source === 'hostedZone' && x.id === id)!.measure;
    if (m.kind !== 'filter') throw new Error(`signal ${id} is not a filter metric`);
    return m.metricName;
  };
  // The notifier's dead-letter queue has a generated name: its URL is the queue's physical id in the core stack.
  const core = monitoring.coreStacks[HOSTED_ZONE_REGION];
  const notifier = core.node.findChild('SlackNotifier') as SlackWebhookNotifier;
  const slackDeadLetters = integ.assertions.awsApiCall('CloudFormation', 'describeStackResource', {
    StackName: core.stackName,
    LogicalResourceId: core.getLogicalId(notifier.deadLetterQueue.node.defaultChild as CfnElement),
  });
  const slackDeadLettersUrl = slackDeadLetters.getAttString('StackResourceDetail.PhysicalResourceId');
  const receive = (pattern: string, minutes: number, queueUrl = inboxUrl) =>
    integ.assertions
      .awsApiCall('SQS', 'receiveMessage', { QueueUrl: queueUrl, WaitTimeSeconds: 20, MaxNumberOfMessages: 10 })
      .expect(ExpectedResult.objectLike({ Messages: Match.arrayWith([Match.objectLike({ Body: Match.stringLikeRegexp(pattern) })]) }))
      .waitForAssertions({ totalTimeout: Duration.minutes(minutes), interval: Duration.seconds(15) });

  const slackDeadLetterReceive = receive(`"reason":"webhook-secret".*${alarm}`, 5, slackDeadLettersUrl) as AwsApiCall;
  // The dead-letter queue is encrypted with the alert key (its policy lets the account's IAM policies grant it).
  slackDeadLetterReceive.waiterProvider?.addToRolePolicy({
    Effect: 'Allow',
    Action: ['kms:Decrypt'],
    Resource: ['*'],
    Condition: { StringEquals: { 'kms:ViaService': `sqs.${HOSTED_ZONE_REGION}.amazonaws.com` } },
  });

  // 1. Alarm -> topic -> subscriber. OK then ALARM guarantees a state change whatever the state was.
  integ.assertions
    .awsApiCall('CloudWatch', 'setAlarmState', { AlarmName: alarm, StateValue: 'OK', StateReason: 'integration test' })
    .next(integ.assertions.awsApiCall('CloudWatch', 'setAlarmState', { AlarmName: alarm, StateValue: 'ALARM', StateReason: 'integration test' }))
    .next(receive(`"AlarmName":"${alarm}".*"NewStateValue":"ALARM"`, 5))
    // 6. ... and through the intake queue to the webhook notifier, which dead-letters it: no URL in the secret.
    .next(slackDeadLetters)
    .next(slackDeadLetterReceive)
    // 2. Record change -> CloudTrail -> EventBridge rule -> audit publisher -> topic -> subscriber (CloudTrail takes minutes).
    .next(
      integ.assertions.awsApiCall('Route53', 'changeResourceRecordSets', {
        HostedZoneId: zone.id,
        ChangeBatch: { Changes: [{ Action: 'UPSERT', ResourceRecordSet: { Name: `${AUDIT_PROBE_RECORD}.${zone.name}.`, Type: 'TXT', TTL: 60, ResourceRecords: [{ Value: `"${Date.now()}"` }] } }] },
      }),
    )
    .next(receive(`"type":"dns-change-audit".*${AUDIT_PROBE_RECORD}`, 25))
    // ... under the subject email subscribers get (the envelope's Message is the JSON, its Subject the subject).
    .next(receive(`"Subject" ?: ?"${auditSubjectPrefix(zone.id)}`, 2, envelopesUrl))
    // 3. DNS check alarm -> EventBridge rule -> reporter -> prober (Lambda invoke) -> topic -> subscriber.
    .next(integ.assertions.awsApiCall('CloudWatch', 'setAlarmState', { AlarmName: checkAlarm, StateValue: 'OK', StateReason: 'integration test' }))
    .next(integ.assertions.awsApiCall('CloudWatch', 'setAlarmState', { AlarmName: checkAlarm, StateValue: 'ALARM', StateReason: 'integration test' }))
    .next(receive(`"type":"${DNS_CHECK_DETAIL_TYPE}".*"check":"${INTEG_CHECK}".*"rcode":"NOERROR"`, 5))
    // 4. The 15-minute errors window slides: 20 queries, all errors, put now, breach it at once.
    .next(integ.assertions.awsApiCall('CloudWatch', 'setAlarmState', { AlarmName: errorsAlarm, StateValue: 'OK', StateReason: 'integration test' }))
    .next(
      integ.assertions.awsApiCall('CloudWatch', 'putMetricData', {
        Namespace: monitoring.config.namespace,
        MetricData: [metricOf('total'), metricOf('errors')].map((MetricName) => ({ MetricName, Dimensions: [{ Name: 'ZoneId', Value: zone.id }], Value: 20 })),
      }),
    )
    .next(
      integ.assertions
        .awsApiCall('CloudWatch', 'getAlarmMuteRule', { AlarmMuteRuleName: muteRule })
        .expect(ExpectedResult.objectLike({ Name: muteRule, Status: 'SCHEDULED', MuteTargets: { AlarmNames: [checkAlarm] } })),
    )
    .next(
      integ.assertions
        .awsApiCall('CloudWatch', 'describeAlarms', { AlarmNames: [errorsAlarm] })
        .expect(ExpectedResult.objectLike({ MetricAlarms: Match.arrayWith([Match.objectLike({ AlarmName: errorsAlarm, StateValue: 'ALARM' })]) }))
        .waitForAssertions({ totalTimeout: Duration.minutes(6), interval: Duration.seconds(20) }),
    )
    // 7. The registration watcher with the scheduled input's shape (the time of this synthesis).
    .next(
      integ.assertions
        .invokeFunction({ functionName: domainWatcherFunctionName(INTEG_PREFIX), payload: JSON.stringify(watcherInput) })
        .expect(
          ExpectedResult.objectLike(
            registeredDomain
              ? { Payload: Match.stringLikeRegexp(`"name":"${registeredDomain.replace(/\./g, '\\.')}","daysToExpiry":[0-9.]+,"autoRenew":(true|false)`) }
              : { FunctionError: 'Unhandled', Payload: Match.stringLikeRegexp(`${UNREGISTERED_DOMAIN.replace(/\./g, '\\.')} is not among the [0-9]+ domains registered with Route 53 in this account`) },
          ),
        ),
    )
    // 11. The refused deliveries of 1 (and of the warning topic's first OKs) page: the warning
    // topic's delivery-failures alarm goes into ALARM and notifies the warning topic, whose other
    // subscriber (the probe inbox) gets it.
    .next(receive(`"AlarmName":"${deliveryAlarm}".*"NewStateValue":"ALARM"`, 20));
  // 9. A real alarm deletion -> rule -> notifier, which logs that it posts nothing for it.
  const notifierLogs = integ.assertions.awsApiCall('CloudFormation', 'describeStackResource', {
    StackName: core.stackName,
    LogicalResourceId: core.getLogicalId(notifier.fn.logGroup.node.defaultChild as CfnElement),
  });
  integ.assertions
    .awsApiCall('CloudWatch', 'putMetricAlarm', {
      AlarmName: DELETION_PROBE_ALARM,
      Namespace: `${INTEG_PREFIX}/probe`,
      MetricName: 'probe',
      Statistic: 'Sum',
      Period: 60,
      EvaluationPeriods: 1,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    })
    .next(integ.assertions.awsApiCall('CloudWatch', 'deleteAlarms', { AlarmNames: [DELETION_PROBE_ALARM] }))
    .next(notifierLogs)
    .next(
      integ.assertions
        .awsApiCall('CloudWatchLogs', 'filterLogEvents', { logGroupName: notifierLogs.getAttString('StackResourceDetail.PhysicalResourceId'), filterPattern: `"${DELETION_PROBE_ALARM}"` })
        .expect(ExpectedResult.objectLike({ events: Match.arrayWith([Match.objectLike({ message: Match.stringLikeRegexp(`alarm deletion not posted.*${DELETION_PROBE_ALARM}`) })]) }))
        .waitForAssertions({ totalTimeout: Duration.minutes(5), interval: Duration.seconds(20) }),
    );
  // 10. The intake subscriptions, listed by SNS as doctor and test-alert read them.
  const intake = integ.assertions.awsApiCall('CloudFormation', 'describeStackResource', {
    StackName: core.stackName,
    LogicalResourceId: core.getLogicalId(notifier.intakeQueue.node.defaultChild as CfnElement),
  });
  const intakeArn = intake.next(
    integ.assertions.awsApiCall('SQS', 'getQueueAttributes', { QueueUrl: intake.getAttString('StackResourceDetail.PhysicalResourceId'), AttributeNames: ['QueueArn'] }),
  ) as AwsApiCall;
  const intakeTopics = slackIntakeTopics(monitoring.config, HOSTED_ZONE_REGION);
  const intakeTopicNames = intakeTopics.map((t) => t.name);
  for (const t of intakeTopics) {
    intakeArn.next(
      integ.assertions
        .awsApiCall('SNS', 'listSubscriptionsByTopic', { TopicArn: intakeTopicArn(t, { region: HOSTED_ZONE_REGION, account: Aws.ACCOUNT_ID }) })
        .expect(ExpectedResult.objectLike({ Subscriptions: Match.arrayWith([Match.objectLike({ Protocol: 'sqs', Endpoint: intakeArn.getAttString('Attributes.QueueArn') })]) })),
    );
  }
  // 8. EventBridge's own matcher on the audit rules as deployed, against the recorded shapes.
  const patternChecks = app.node
    .findAll()
    .filter((c): c is CfnRule => c instanceof CfnRule && String(c.name).startsWith(`${INTEG_PREFIX}-dns-audit-`))
    .flatMap((rule) =>
      patternProbeEvents(zone.id).map(({ label, event }) => {
        const pattern = Stack.of(rule).resolve(rule.eventPattern) as Record<string, unknown>;
        const expected = matchesEventPattern(pattern, event);
        integ.assertions
          .awsApiCall('EventBridge', 'testEventPattern', { EventPattern: JSON.stringify(pattern), Event: JSON.stringify({ ...event, account: Aws.ACCOUNT_ID }) })
          .expect(ExpectedResult.objectLike({ Result: expected }));
        return { rule: String(rule.name), event: label, expected };
      }),
    );
  return { app, monitoring, probe, integ, alarm, checkAlarm, errorsAlarm, muteRule, slackDeadLetterQueue: notifier.deadLetterQueue, watcherInput, patternChecks, intakeTopicNames, deliveryAlarm };
}

/** The recorded shapes step 8 asks EventBridge to match (a record change in `zoneId`). */
function patternProbeEvents(zoneId: string): { label: string; event: Record<string, unknown> }[] {
  return [
    { label: 'updateDomainNameservers (guide shape)', event: registrarCall('UpdateDomainNameservers', { domainName: { name: 'example.com' } }) },
    { label: 'DisableDomainTransferLock (API spelling)', event: registrarCall('DisableDomainTransferLock', { domainName: 'example.com' }, 'api-spelling') },
    { label: 'updateDomainContact (the guide example)', event: updateDomainContact },
    { label: 'UpdateDomainNameservers denied', event: registrarCall('UpdateDomainNameservers', { domainName: 'example.com' }, 'api-spelling', { errorCode: 'AccessDenied' }) },
    { label: 'a record change in the zone', event: changeBy([{ action: 'UPSERT', name: `www.${zoneId}.example`, type: 'A' }], zoneId) },
  ];
}

if (require.main === module) buildIntegApp().app.synth();
