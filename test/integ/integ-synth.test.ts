/**
 * The real-account integration test (test/integ/integ.delivery.ts, run by maintainers with
 * `npm run test:aws`) is synthesized here on every test run, so it cannot rot: the app builds, the
 * probe queue is subscribed to both alert topics, and the assertion stack makes the AWS calls the
 * test depends on. Nothing is deployed.
 */
import { CfnElement, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { newTestApp } from '../support/synth';
import { DNS_CHECK_DETAIL_TYPE } from '../../contracts/dns-check';
import { emailSubject } from '../../lambdas/audit-publisher/message';
import { sendToDeadLetter } from '../../lambdas/slack-notifier/dead-letter';
import { AUDIT_PROBE_RECORD, auditSubjectPrefix, buildIntegApp, DELETION_PROBE_ALARM, INTEG_PREFIX, UNREGISTERED_DOMAIN } from './integ.delivery';
import { matchesEventPattern } from '../../lib/audit/event-pattern-match';
import { alarmConfigurationEvent } from '../slack-notifier/fixtures';
import { parseWatchEvent } from '../../lambdas/domain-watcher/watch';

describe('integration test app', () => {
  const { app, probe, monitoring, alarm, checkAlarm, errorsAlarm, muteRule, slackDeadLetterQueue, watcherInput, patternChecks, intakeTopicNames, deliveryAlarm } = buildIntegApp(newTestApp());
  const assembly = app.synth();
  const templates = assembly.stacks.map((s) => ({ name: s.stackName, json: JSON.stringify(s.template) }));

  it('step 11: a queue subscribed to the warning topic that SNS may not send to, and the delivery alarm the app really creates on that topic, whose page it waits for', () => {
    const core = assembly.stacks.find((s) => s.stackName === `${INTEG_PREFIX}-core-us-east-1`)!;
    const delivery = Object.values<any>(core.template.Resources).find((r) => r.Type === 'AWS::CloudWatch::Alarm' && r.Properties.AlarmName === deliveryAlarm);
    expect(delivery.Properties.Dimensions).toEqual([{ Name: 'TopicName', Value: `${INTEG_PREFIX}-alerts-warning` }]);
    const t = Template.fromStack(probe);
    const queues = t.findResources('AWS::SQS::Queue', { Properties: { QueueName: `${INTEG_PREFIX}-probe-refuses` } });
    expect(Object.keys(queues)).toHaveLength(1);
    const refusesId = Object.keys(queues)[0];
    t.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'sqs', Endpoint: { 'Fn::GetAtt': [refusesId, 'Arn'] }, TopicArn: Match.objectLike({ 'Fn::Join': Match.anyValue() }) });
    // No queue policy lets SNS send to it (the only statements on it refuse plain HTTP).
    const policies = Object.values<any>(t.findResources('AWS::SQS::QueuePolicy')).filter((p) => JSON.stringify(p.Properties.Queues).includes(refusesId));
    for (const p of policies) for (const st of p.Properties.PolicyDocument.Statement) expect([st.Effect, JSON.stringify(st.Principal)]).not.toEqual(['Allow', JSON.stringify({ Service: 'sns.amazonaws.com' })]);
    const assertions = templates.filter((x) => x.name.includes('DeployAssert')).map((x) => x.json).join('\n');
    expect(assertions).toContain(deliveryAlarm);
  });

  it('names an alarm the app really creates', () => {
    const zones = assembly.stacks.find((s) => s.stackName === `${INTEG_PREFIX}-zones-1`)!;
    const names = Object.values<any>(zones.template.Resources).filter((r) => r.Type === 'AWS::CloudWatch::Alarm').map((r) => r.Properties.AlarmName);
    expect(names).toContain(alarm);
  });

  it('forces a DNS check alarm the app really creates, which the reporter rule matches, and waits for its detail message', () => {
    const core = assembly.stacks.find((s) => s.stackName === `${INTEG_PREFIX}-core-us-east-1`)!;
    const resources = Object.values<any>(core.template.Resources);
    expect(resources.filter((r) => r.Type === 'AWS::CloudWatch::Alarm').map((r) => r.Properties.AlarmName)).toContain(checkAlarm);
    const rule = resources.find((r) => r.Type === 'AWS::Events::Rule' && r.Properties.Name === `${INTEG_PREFIX}-dns-check-reporter`);
    expect(rule.Properties.EventPattern.detail.alarmName).toEqual([{ prefix: `${INTEG_PREFIX}-dns-check-` }]);
    const assertions = templates.filter((t) => t.name.includes('DeployAssert')).map((t) => t.json).join('\n');
    expect(assertions).toContain(checkAlarm);
    expect(assertions).toContain(DNS_CHECK_DETAIL_TYPE);
  });

  it('creates and deletes an alarm the notifier\'s deletion rule passes on, and reads the notifier\'s own log group for it', () => {
    const core = assembly.stacks.find((s) => s.stackName === `${INTEG_PREFIX}-core-us-east-1`)!;
    const resources = Object.entries<any>(core.template.Resources);
    const rule = resources.find(([, r]) => r.Type === 'AWS::Events::Rule' && r.Properties.Name === `${INTEG_PREFIX}-slack-deleted-alarms`)![1];
    expect(matchesEventPattern(rule.Properties.EventPattern, alarmConfigurationEvent(DELETION_PROBE_ALARM, 'delete'))).toBe(true);
    const fnId = resources.find(([id, r]) => r.Type === 'AWS::Lambda::Function' && id.startsWith('SlackNotifierFunction'))![0];
    expect(rule.Properties.Targets[0].Arn).toEqual({ 'Fn::GetAtt': [fnId, 'Arn'] });
    const logGroupId = resources.find(([id, r]) => r.Type === 'AWS::Logs::LogGroup' && id.startsWith('SlackNotifierFunctionLogs'))![0];
    const calls = assembly.stacks
      .filter((s) => s.stackName.includes('DeployAssert'))
      .flatMap((s) => Object.values<any>(s.template.Resources))
      .map((r) => r.Properties ?? {});
    expect(calls.find((p) => p.api === 'putMetricAlarm' && p.parameters.AlarmName === JSON.stringify(DELETION_PROBE_ALARM))).toBeDefined();
    expect(calls.find((p) => p.api === 'deleteAlarms' && p.parameters.AlarmNames.includes(DELETION_PROBE_ALARM))).toBeDefined();
    expect(calls.find((p) => p.api === 'describeStackResource' && p.parameters.LogicalResourceId === JSON.stringify(logGroupId))).toBeDefined();
    expect(JSON.stringify(calls.find((p) => p.api === 'filterLogEvents')?.expected)).toContain('alarm deletion not posted');
  });

  it('invokes the registration watcher the app really creates, with its scheduled input\'s shape and the config\'s domain', () => {
    const core = assembly.stacks.find((s) => s.stackName === `${INTEG_PREFIX}-core-us-east-1`)!;
    const fn = Object.values<any>(core.template.Resources).find((r) => r.Type === 'AWS::Lambda::Function' && r.Properties.FunctionName === `${INTEG_PREFIX}-domain-watcher`);
    expect(fn).toBeDefined();
    // Without DNSMON_INTEG_REGISTERED_DOMAIN: the placeholder no account holds.
    expect(parseWatchEvent(watcherInput)).toEqual({ time: watcherInput.time, domains: [process.env.DNSMON_INTEG_REGISTERED_DOMAIN?.toLowerCase() ?? UNREGISTERED_DOMAIN] });
    const invoke = assembly.stacks
      .filter((s) => s.stackName.includes('DeployAssert'))
      .flatMap((s) => Object.values<any>(s.template.Resources))
      .map((r) => r.Properties ?? {})
      .find((p) => p.api === 'invoke' && JSON.stringify(p.parameters).includes('domain-watcher'));
    expect(invoke).toBeDefined();
    expect(JSON.parse(invoke.parameters.FunctionName)).toBe(`${INTEG_PREFIX}-domain-watcher`);
    expect(JSON.stringify(invoke.expected)).toContain('is not among the');
  });

  it('puts errors into exactly the metrics the zone\'s 15-minute errors alarm reads, and waits for that alarm', () => {
    const zones = assembly.stacks.find((s) => s.stackName === `${INTEG_PREFIX}-zones-1`)!;
    const errors = Object.values<any>(zones.template.Resources).find((r) => r.Type === 'AWS::CloudWatch::Alarm' && r.Properties.AlarmName === errorsAlarm);
    expect(errors).toBeDefined();
    const read = (errors.Properties.Metrics as any[]).filter((m) => m.MetricStat).map((m) => m.MetricStat);
    expect(read.map((m) => m.Period)).toEqual([900, 900]);
    const calls = assembly.stacks
      .filter((s) => s.stackName.includes('DeployAssert'))
      .flatMap((s) => Object.values<any>(s.template.Resources))
      .map((r) => r.Properties ?? {});
    // Parameters are JSON-encoded one level deep in the template (the assertion provider decodes them).
    const put = calls.find((p) => p.api === 'putMetricData');
    expect(put).toBeDefined();
    const data = JSON.parse(put.parameters.MetricData) as { MetricName: string; Dimensions: unknown[] }[];
    expect(JSON.parse(put.parameters.Namespace)).toBe(read[0].Metric.Namespace);
    expect(data.map((d) => ({ MetricName: d.MetricName, Dimensions: d.Dimensions })).sort((a, b) => a.MetricName.localeCompare(b.MetricName))).toEqual(
      read.map((m) => ({ MetricName: m.Metric.MetricName, Dimensions: m.Metric.Dimensions })).sort((a, b) => a.MetricName.localeCompare(b.MetricName)),
    );
    const describe = calls.find((p) => p.api === 'describeAlarms');
    expect(JSON.parse(describe.parameters.AlarmNames)).toEqual([errorsAlarm]);
  });

  // Step 10: the topics doctor and test-alert expect the intake queue on (slackIntakeTopics) are
  // those the core stack subscribes it to, and each is read with ListSubscriptionsByTopic for a
  // subscription of protocol sqs to the queue's ARN (GetQueueAttributes of the queue the stack made).
  it("lists the intake queue's subscriptions on the topics doctor and test-alert expect it on", () => {
    const core = assembly.stacks.find((st) => st.stackName === `${INTEG_PREFIX}-core-us-east-1`)!;
    const resources = core.template.Resources as Record<string, any>;
    const subscribed = Object.values<any>(resources)
      .filter((r) => r.Type === 'AWS::SNS::Subscription' && r.Properties.Protocol === 'sqs' && JSON.stringify(r.Properties.Endpoint).includes('SlackNotifierIntakeQueue'))
      .map((r) => resources[r.Properties.TopicArn.Ref].Properties.TopicName);
    expect(intakeTopicNames.length).toBeGreaterThan(0);
    expect([...intakeTopicNames].sort()).toEqual([...subscribed].sort());
    const calls = assembly.stacks
      .filter((st) => st.stackName.includes('DeployAssert'))
      .flatMap((st) => Object.values<any>(st.template.Resources))
      .map((r) => r.Properties ?? {});
    const listed = calls.filter((p) => p.api === 'listSubscriptionsByTopic');
    expect(listed).toHaveLength(intakeTopicNames.length);
    for (const name of intakeTopicNames) expect(listed.some((p) => JSON.stringify(p.parameters.TopicArn).includes(`:${name}`))).toBe(true);
    // The endpoint expected is the QueueArn that GetQueueAttributes answers (a flattened response, which GetAtt reads).
    const read = calls.filter((p) => p.api === 'getQueueAttributes' && JSON.stringify(p.parameters.AttributeNames).includes('QueueArn'));
    expect(read).toHaveLength(1);
    expect(read[0].flattenResponse).toBe('true');
    for (const p of listed) {
      expect(JSON.stringify(p.expected)).toContain('{\\"$ObjectLike\\":{\\"Protocol\\":\\"sqs\\",\\"Endpoint\\":\\"');
      expect(JSON.stringify(p.expected)).toContain('apiCallResponse.Attributes.QueueArn');
    }
  });

  it('waits for the forced alarm on the Slack notifier\'s dead-letter queue, found by its logical id in the core stack, with reason webhook-secret', async () => {
    const core = assembly.stacks.find((st) => st.stackName === `${INTEG_PREFIX}-core-us-east-1`)!;
    const resources = core.template.Resources as Record<string, any>;
    const dlqId = Stack.of(slackDeadLetterQueue).getLogicalId(slackDeadLetterQueue.node.defaultChild as CfnElement);
    expect(resources[dlqId].Type).toBe('AWS::SQS::Queue');
    // The alarm the test forces notifies a topic the notifier's intake queue is subscribed to.
    const forced = Object.values<any>(assembly.stacks.find((st) => st.stackName === `${INTEG_PREFIX}-zones-1`)!.template.Resources).find(
      (r) => r.Type === 'AWS::CloudWatch::Alarm' && r.Properties.AlarmName === alarm,
    );
    const topicOf = (action: unknown) => JSON.stringify(action).match(/alerts-(critical|warning)/)?.[1];
    const intakeTopics = Object.values<any>(resources)
      .filter((r) => r.Type === 'AWS::SNS::Subscription' && r.Properties.Protocol === 'sqs' && JSON.stringify(r.Properties.Endpoint).includes('SlackNotifierIntakeQueue'))
      .map((r) => resources[r.Properties.TopicArn.Ref].Properties.TopicName);
    expect(intakeTopics).toContain(`${INTEG_PREFIX}-alerts-${topicOf(forced.Properties.AlarmActions)}`);
    const calls = assembly.stacks
      .filter((st) => st.stackName.includes('DeployAssert'))
      .flatMap((st) => Object.values<any>(st.template.Resources))
      .map((r) => r.Properties ?? {});
    const describe = calls.find((p) => p.api === 'describeStackResource');
    expect([JSON.parse(describe.parameters.StackName), JSON.parse(describe.parameters.LogicalResourceId)]).toEqual([core.stackName, dlqId]);
    expect(describe.outputPaths).toEqual(['StackResourceDetail.PhysicalResourceId']);
    const fromDlq = calls.find((p) => p.api === 'receiveMessage' && JSON.stringify(p.parameters.QueueUrl).includes('StackResourceDetail.PhysicalResourceId'));
    expect(fromDlq).toBeDefined();
    // What the receive waits for: a body that is the handler's dead-letter entry for the forced alarm (test/slack-notifier/delivery.test.ts: a secret holding no URL).
    const bodyPattern = JSON.parse(fromDlq.expected).$ObjectLike.Messages.$ArrayWith[0].$ObjectLike.Body.$StringLike;
    expect(bodyPattern).toBe(`"reason":"webhook-secret".*${alarm}`);
    // The body the handler's dead-letter write makes (its own function; the message is only captured, not sent).
    const bodies: string[] = [];
    const capture = { send: async (command: { input: { MessageBody?: string } }) => (bodies.push(command.input.MessageBody!), {}) };
    const record = { EventSource: 'aws:sns', Sns: { MessageId: 'm-1', Message: JSON.stringify({ AlarmName: alarm, NewStateValue: 'ALARM' }) } };
    await sendToDeadLetter(capture as never, 'queue-url', { reason: 'webhook-secret', error: 'WebhookSecretError: webhook secret is not a URL', attempts: 0, messageId: 'm-1', record }, Date.now());
    expect(bodies).toHaveLength(1);
    expect(bodies[0]).toMatch(new RegExp(bodyPattern));
    // The waiter that reads it may decrypt through SQS (the queue is under the alert key).
    const decrypts = assembly.stacks
      .filter((st) => st.stackName.includes('DeployAssert'))
      .flatMap((st) => Object.values<any>(st.template.Resources))
      .filter((r) => r.Type === 'AWS::IAM::Role')
      .flatMap((r) => (r.Properties.Policies ?? []).flatMap((p: any) => p.PolicyDocument.Statement))
      .filter((st: any) => [].concat(st.Action).includes('kms:Decrypt' as never));
    expect(decrypts.map((st: any) => st.Condition)).toEqual([{ StringEquals: { 'kms:ViaService': 'sqs.us-east-1.amazonaws.com' } }]);
    // The notifier reads the maintainer's secret (a secret the app created would be retained and collide on the next run).
    expect(Object.values<any>(resources).filter((r) => r.Type === 'AWS::SecretsManager::Secret')).toEqual([]);
  });

  it('subscribes the probe queue to both alert topics with raw delivery', () => {
    const t = Template.fromStack(probe);
    for (const sev of ['critical', 'warning']) {
      t.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'sqs', RawMessageDelivery: true, TopicArn: { 'Fn::Join': ['', ['arn:aws:sns:us-east-1:', { Ref: 'AWS::AccountId' }, `:${INTEG_PREFIX}-alerts-${sev}`]] } });
    }
  });

  it('asserts delivery with real AWS calls: SetAlarmState, a record change, and messages read from the queue', () => {
    const assertions = templates.filter((t) => t.name.includes('DeployAssert')).map((t) => t.json).join('\n');
    expect(assertions).toContain('"api":"setAlarmState"');
    expect(assertions).toContain('"api":"changeResourceRecordSets"');
    expect(assertions).toContain('"api":"receiveMessage"');
    expect(assertions).toContain(AUDIT_PROBE_RECORD);
    expect(assertions).toContain('dns-change-audit');
  });

  it('reads the change alert\'s email subject from a queue that gets the SNS envelope, as the publisher writes it', () => {
    const t = Template.fromStack(probe);
    t.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'sqs', RawMessageDelivery: false, Endpoint: { 'Fn::GetAtt': [t.getResourceId('AWS::SQS::Queue', { Properties: { QueueName: `${INTEG_PREFIX}-probe-envelopes` } }), 'Arn'] } });
    const assertions = templates.filter((x) => x.name.includes('DeployAssert')).map((x) => x.json).join('\n');
    expect(assertions).toContain(`${INTEG_PREFIX}-probe-envelopes`);
    // The pattern the test waits for is what the publisher makes for a record change in the zone.
    const zoneId = monitoring.config.hostedZones[0].id;
    const view = { prefix: INTEG_PREFIX, severity: 'warning', action: 'ChangeResourceRecordSets', target: { label: 'Zone', id: zoneId } } as never;
    expect(emailSubject(view)).toBe(auditSubjectPrefix(zoneId));
    expect(assertions).toContain(auditSubjectPrefix(zoneId));
  });

  it('asks EventBridge whether each change-audit rule the app deploys matches each recorded shape, expecting what the product\'s matcher says', () => {
    const deployed = assembly.stacks
      .flatMap((st) => Object.values<any>(st.template.Resources))
      .filter((r) => r.Type === 'AWS::Events::Rule' && String(r.Properties.Name).startsWith(`${INTEG_PREFIX}-dns-audit-`))
      .map((r) => r.Properties.Name as string)
      .sort();
    expect(deployed).toEqual(expect.arrayContaining([`${INTEG_PREFIX}-dns-audit-registrar-1`, `${INTEG_PREFIX}-dns-audit-domain-settings-1`, `${INTEG_PREFIX}-dns-audit-records-1`]));
    expect([...new Set(patternChecks.map((c) => c.rule))].sort()).toEqual(deployed);
    const expected = (rule: string, event: string) => patternChecks.find((c) => c.rule === `${INTEG_PREFIX}-dns-audit-${rule}` && c.event.startsWith(event))!.expected;
    expect([expected('registrar-1', 'updateDomainNameservers'), expected('registrar-1', 'DisableDomainTransferLock'), expected('registrar-1', 'UpdateDomainNameservers denied')]).toEqual([true, true, false]);
    expect([expected('domain-settings-1', 'updateDomainContact'), expected('records-1', 'a record change'), expected('records-1', 'updateDomainContact')]).toEqual([true, true, false]);
    const assertions = templates.filter((t) => t.name.includes('DeployAssert')).map((t) => t.json).join('\n');
    expect(assertions.split('"api":"testEventPattern"').length - 1).toBe(patternChecks.length);
  });

  it("reads the mute rule the app really creates for the DNS check, after its alarm", () => {
    const core = assembly.stacks.find((st) => Object.values<any>(st.template.Resources).some((r) => r.Type === 'AWS::CloudWatch::AlarmMuteRule'))!;
    const [id, rule] = Object.entries<any>(core.template.Resources).find(([, r]) => r.Type === 'AWS::CloudWatch::AlarmMuteRule')!;
    expect(rule.Properties).toMatchObject({ Name: muteRule, MuteTargets: { AlarmNames: [checkAlarm] } });
    const alarmId = Object.entries<any>(core.template.Resources).find(([, r]) => r.Type === 'AWS::CloudWatch::Alarm' && r.Properties.AlarmName === checkAlarm)![0];
    expect(core.template.Resources[id].DependsOn).toContain(alarmId);
    const assertions = templates.filter((t) => t.name !== core.stackName).map((t) => t.json).join('\n');
    expect(assertions).toContain('"api":"getAlarmMuteRule"');
    expect(assertions).toContain(muteRule);
  });
});
