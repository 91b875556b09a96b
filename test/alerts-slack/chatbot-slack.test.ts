import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { ChatbotSlackChannel } from '../../lib/alerts/chatbot-slack';
import { cfnLintAssembly, formatViolations, synthWithPolicyChecks } from '../support/quality';
import { alertStack, allowedActions } from './stack';

function build(app?: App) {
  const { stack, topics, app: a } = alertStack(app);
  const channel = new ChatbotSlackChannel(stack, 'Chatbot', { name: 'acme-prod-dns-alerts', slackWorkspaceId: 'T0123ABCD', slackChannelId: 'C0456EFGH', topics });
  return { app: a, stack, channel, template: Template.fromStack(stack) };
}

describe('ChatbotSlackChannel', () => {
  const { template } = build();
  const json = template.toJSON();
  const readOnlyArn = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/CloudWatchReadOnlyAccess']] };

  it('configures the Slack channel with the topics and error logging', () => {
    template.hasResourceProperties('AWS::Chatbot::SlackChannelConfiguration', {
      ConfigurationName: 'acme-prod-dns-alerts',
      SlackWorkspaceId: 'T0123ABCD',
      SlackChannelId: 'C0456EFGH',
      LoggingLevel: 'ERROR',
      SnsTopicArns: [{ Ref: Match.stringLikeRegexp('Alertscritical') }, { Ref: Match.stringLikeRegexp('Alertswarning') }],
      UserRoleRequired: false,
    });
  });

  it('guardrail is CloudWatchReadOnlyAccess and never AdministratorAccess', () => {
    template.hasResourceProperties('AWS::Chatbot::SlackChannelConfiguration', { GuardrailPolicies: [readOnlyArn] });
    expect(JSON.stringify(json)).not.toContain('AdministratorAccess');
  });

  it('channel role has only the read-only CloudWatch policy and no inline grants', () => {
    const roles = Object.values<any>(json.Resources).filter((r) => r.Type === 'AWS::IAM::Role');
    expect(roles).toHaveLength(1);
    expect(roles[0].Properties.ManagedPolicyArns).toEqual([readOnlyArn]);
    expect(roles[0].Properties.AssumeRolePolicyDocument.Statement[0].Principal).toEqual({ Service: 'chatbot.amazonaws.com' });
    expect(allowedActions(json)).toEqual([]);
  });

  it('is clean under cdk-nag, cfn-guard and cfn-lint', () => {
    const { app } = build(new App());
    const { assembly, violations } = synthWithPolicyChecks(app);
    expect(formatViolations(violations)).toBe('');
    const lint = cfnLintAssembly(assembly!.directory);
    expect(lint.output).toBe('');
    expect(lint.exitCode).toBe(0);
  });
});
