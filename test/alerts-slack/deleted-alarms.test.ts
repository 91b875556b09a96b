/**
 * An alarm deleted while the Slack channel last heard ALARM of it (a zone taken out of the config
 * during an incident, an alarm replaced by an upgrade) never sends an OK: the notifier hears of
 * the deletion from CloudWatch's own EventBridge event and says so in the channel
 * (lambdas/slack-notifier/alarm-deletion.ts). Here: the rule the construct and the app build, its
 * pattern against events shaped as CloudWatch sends them, and its delivery settings.
 */
import * as path from 'node:path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { ALARM_DELETION_EVENT } from '../../contracts/slack-notifier';
import { matchesEventPattern } from '../../lib/audit/event-pattern-match';
import { SlackWebhookNotifier } from '../../lib/alerts/slack-webhook-notifier';
import { readConfigFile } from '../../lib/config/load';
import { deploymentOf, TEST_ACCOUNT } from '../support/iam/app';
import { REPO } from '../support/synth';
import { alarmConfigurationEvent } from '../slack-notifier/fixtures';
import { alertStack } from './stack';

function build(withDeletions: boolean) {
  const { stack, key, topics } = alertStack();
  const actions = { topicArns: { critical: [topics[0].topicArn], warning: [topics[1].topicArn] } };
  new SlackWebhookNotifier(stack, 'SlackNotifier', { topics, prefix: 'acme-prod-dns', encryptionKey: key, ...(withDeletions ? { deletedAlarms: { actions } } : {}) });
  return Template.fromStack(stack);
}

describe('the construct', () => {
  const template = build(true);
  const json = template.toJSON();
  const rules = Object.entries<any>(json.Resources).filter(([, r]) => r.Type === 'AWS::Events::Rule');

  it('has one rule: deletions of the deployment\'s alarms, in its region, to the notifier function', () => {
    expect(rules).toHaveLength(1);
    const [, rule] = rules[0];
    expect(rule.Properties.Name).toBe('acme-prod-dns-slack-deleted-alarms');
    expect(rule.Properties.EventPattern).toEqual({
      source: ['aws.cloudwatch'],
      'detail-type': ['CloudWatch Alarm Configuration Change'],
      detail: { operation: ['delete'], alarmName: [{ prefix: 'acme-prod-dns-' }] },
    });
    const fnId = Object.keys(json.Resources).find((id) => json.Resources[id].Type === 'AWS::Lambda::Function' && id.startsWith('SlackNotifierFunction'));
    expect(rule.Properties.Targets).toEqual([
      expect.objectContaining({
        Arn: { 'Fn::GetAtt': [fnId, 'Arn'] },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [expect.stringMatching(/^SlackNotifierDeletedAlarmsDeadLetters/), 'Arn'] } },
        RetryPolicy: { MaximumEventAgeInSeconds: 3600, MaximumRetryAttempts: 2 },
      }),
    ]);
  });

  it('lets EventBridge invoke the function for that rule only, and sends failed runs to the same dead-letter queue', () => {
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      Principal: 'events.amazonaws.com',
      SourceArn: { 'Fn::GetAtt': [rules[0][0], 'Arn'] },
    });
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [Match.stringLikeRegexp('^SlackNotifierDeletedAlarmsDeadLetters'), 'Arn'] } } },
      MaximumRetryAttempts: 2,
    });
  });

  it('watches the rule (failed invocations) and its dead-letter queue with alarms that notify', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'acme-prod-dns-slack-deleted-alarms-failed-invocations-count', Namespace: 'AWS/Events', MetricName: 'FailedInvocations', AlarmActions: Match.anyValue() });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'acme-prod-dns-slack-deleted-alarms-dead-letters-count', Namespace: 'AWS/SQS', AlarmActions: Match.anyValue() });
  });

  it('builds none of it when not asked (a library user without delivery-failure actions)', () => {
    const plain = build(false);
    plain.resourceCountIs('AWS::Events::Rule', 0);
    plain.resourceCountIs('AWS::Lambda::EventInvokeConfig', 0);
  });
});

describe('the rule\'s pattern, against events shaped as CloudWatch sends them', () => {
  const template = build(true).toJSON();
  const pattern = Object.values<any>(template.Resources).find((r) => r.Type === 'AWS::Events::Rule').Properties.EventPattern;
  const name = 'acme-prod-dns-example-com-servfail-count';

  it('matches the deletion of one of the deployment\'s alarms', () => {
    expect(matchesEventPattern(pattern, alarmConfigurationEvent(name, 'delete'))).toBe(true);
  });

  it('does not match its creation or update (every deploy creates and updates thousands), a state change, or another deployment\'s alarm', () => {
    expect(matchesEventPattern(pattern, alarmConfigurationEvent(name, 'create'))).toBe(false);
    expect(matchesEventPattern(pattern, alarmConfigurationEvent(name, 'update'))).toBe(false);
    expect(matchesEventPattern(pattern, { ...alarmConfigurationEvent(name, 'delete'), 'detail-type': 'CloudWatch Alarm State Change' })).toBe(false);
    expect(matchesEventPattern(pattern, alarmConfigurationEvent('other-prod-example-com-servfail-count', 'delete'))).toBe(false);
  });

  it('reads its values from the contract the handler reads', () => {
    expect(pattern.source).toEqual([ALARM_DELETION_EVENT.source]);
    expect(pattern['detail-type']).toEqual([ALARM_DELETION_EVENT.detailType]);
    expect(pattern.detail.operation).toEqual([ALARM_DELETION_EVENT.operation]);
  });
});

describe('the app', () => {
  const d = deploymentOf(readConfigFile(path.join(REPO, 'examples', 'everything-on.yaml')));
  const notifiers = d.resources('AWS::Lambda::Function').filter((f) => f.logicalId.startsWith('SlackNotifierFunction'));

  it('builds the rule beside every region\'s notifier, aimed at that notifier', () => {
    expect(notifiers.length).toBeGreaterThan(1);
    for (const fn of notifiers) {
      const rules = d.resources('AWS::Events::Rule').filter((r) => r.stack === fn.stack && d.props(r).Name?.endsWith('-slack-deleted-alarms'));
      expect(rules).toHaveLength(1);
      expect(d.props(rules[0]).Targets.map((t: any) => d.findByArn(t.Arn)?.logicalId)).toEqual([fn.logicalId]);
    }
  });

  it('matches the deletion of every alarm the app builds in that region, as CloudWatch names it', () => {
    let total = 0;
    for (const fn of notifiers) {
      const region = fn.stack.region;
      const pattern = d.props(d.resources('AWS::Events::Rule').find((r) => r.stack === fn.stack && d.props(r).Name?.endsWith('-slack-deleted-alarms'))!).EventPattern;
      const alarms = [...d.resources('AWS::CloudWatch::Alarm'), ...d.resources('AWS::CloudWatch::CompositeAlarm')].filter((a) => a.stack.region === region).map((a) => d.physicalName(a));
      expect(alarms.length).toBeGreaterThan(0);
      total += alarms.length;
      for (const name of alarms) expect({ name, matches: matchesEventPattern(pattern, alarmConfigurationEvent(name, 'delete', { region, account: TEST_ACCOUNT })) }).toEqual({ name, matches: true });
    }
    expect(total).toBeGreaterThan(50);
  });
});
