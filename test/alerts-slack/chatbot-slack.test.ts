/** AWS Chatbot channel as the app builds it: narrow guardrail, no log or metric reads. */
import { Match } from 'aws-cdk-lib/assertions';
import { buildApp, synthConfig } from '../support/synth';
import { cfnLintAssembly, formatViolations, synthWithPolicyChecks } from '../support/quality';

const config = {
  prefix: 'acme-prod',
  hostedZones: [{ zoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com' }],
  alerts: { email: ['oncall@example.com'], slack: { chatbot: { workspaceId: 'T0123ABCD', channelId: 'C0456EFGH' } } },
};

describe('ChatbotSlackChannel in the app', () => {
  const core = synthConfig(config).templates['acme-prod-core-us-east-1'];
  const json = core.toJSON();

  it('configures the Slack channel with the alert topics, the change audit\'s chat topic and error logging', () => {
    core.hasResourceProperties('AWS::Chatbot::SlackChannelConfiguration', {
      ConfigurationName: 'acme-prod-dns-us-east-1',
      SlackWorkspaceId: 'T0123ABCD',
      SlackChannelId: 'C0456EFGH',
      LoggingLevel: 'ERROR',
      SnsTopicArns: [{ Ref: Match.stringLikeRegexp('Topiccritical') }, { Ref: Match.stringLikeRegexp('Topicwarning') }, { Ref: Match.stringLikeRegexp('ChatbotTopic') }],
      UserRoleRequired: false,
    });
  });

  it('guardrail and channel role are one custom policy: describe this deployment\'s alarms, nothing else', () => {
    const policies = Object.entries<any>(json.Resources).filter(([, r]) => r.Type === 'AWS::IAM::ManagedPolicy');
    expect(policies).toHaveLength(1);
    const [guardrailId, guardrail] = policies[0];
    expect(guardrail.Properties.PolicyDocument.Statement).toEqual([
      {
        Sid: 'ReadOwnAlarms',
        Effect: 'Allow',
        Action: ['cloudwatch:DescribeAlarms', 'cloudwatch:DescribeAlarmHistory'],
        Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':cloudwatch:us-east-1:111122223333:alarm:acme-prod-*']] },
      },
    ]);
    core.hasResourceProperties('AWS::Chatbot::SlackChannelConfiguration', { GuardrailPolicies: [{ Ref: guardrailId }] });
    const chatbotRoles = Object.values<any>(json.Resources).filter(
      (r) => r.Type === 'AWS::IAM::Role' && JSON.stringify(r.Properties.AssumeRolePolicyDocument).includes('chatbot.amazonaws.com'),
    );
    expect(chatbotRoles).toHaveLength(1);
    expect(chatbotRoles[0].Properties.ManagedPolicyArns).toEqual([{ Ref: guardrailId }]);
    expect(chatbotRoles[0].Properties.Policies).toBeUndefined();
    expect(chatbotRoles[0].Properties.AssumeRolePolicyDocument.Statement[0].Condition).toEqual({ StringEquals: { 'aws:SourceAccount': '111122223333' } });
  });

  it('uses no AWS managed policy (CloudWatchReadOnlyAccess would expose logs)', () => {
    expect(JSON.stringify(json)).not.toMatch(/CloudWatchReadOnlyAccess|AdministratorAccess|ReadOnlyAccess/);
  });

  it('is clean under cdk-nag, cfn-guard and cfn-lint', () => {
    const { app } = buildApp(config);
    const { assembly, violations } = synthWithPolicyChecks(app);
    expect(formatViolations(violations)).toBe('');
    const lint = cfnLintAssembly(assembly!.directory);
    expect(lint.output).toBe('');
    expect(lint.exitCode).toBe(0);
  });
});
