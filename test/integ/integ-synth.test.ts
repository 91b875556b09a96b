/**
 * The real-account integration test (test/integ/integ.delivery.ts, run by maintainers with
 * `npm run test:aws`) is synthesized here on every test run, so it cannot rot: the app builds, the
 * probe queue is subscribed to both alert topics, and the assertion stack makes the AWS calls the
 * test depends on. Nothing is deployed.
 */
import { Template } from 'aws-cdk-lib/assertions';
import { newTestApp } from '../support/synth';
import { DNS_CHECK_DETAIL_TYPE } from '../../contracts/dns-check';
import { emailSubject } from '../../lambdas/audit-publisher/message';
import { AUDIT_PROBE_RECORD, auditSubjectPrefix, buildIntegApp, INTEG_PREFIX } from './integ.delivery';

describe('integration test app', () => {
  const { app, probe, monitoring, alarm, checkAlarm, errorsAlarm, muteRule } = buildIntegApp(newTestApp());
  const assembly = app.synth();
  const templates = assembly.stacks.map((s) => ({ name: s.stackName, json: JSON.stringify(s.template) }));

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
