/** AWS Chatbot channel as the app builds it: narrow guardrail, no log or metric reads. */
import { Stack } from 'aws-cdk-lib';
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
        Action: ['cloudwatch:DescribeAlarmHistory', 'cloudwatch:DescribeAlarms'],
        Resource: 'arn:aws:cloudwatch:us-east-1:111122223333:alarm:acme-prod-*',
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

describe('one Chatbot channel configuration for a deployment in several regions', () => {
  // AWS Chatbot allows one configuration per Slack channel in an account: a second fails with
  // "Slack channel with ID ... has already been configured for AWS account ..." (InvalidRequestException).
  const multi = {
    ...config,
    resolverVpcs: [
      { vpcId: 'vpc-0123456789abcdef0', region: 'eu-west-1' },
      { vpcId: 'vpc-0fedcba9876543210', region: 'ap-southeast-2' },
    ],
  };
  const s = synthConfig(multi);
  const channels = Object.entries(s.templates).flatMap(([stack, t]) =>
    Object.values<any>(t.toJSON().Resources)
      .filter((r) => r.Type === 'AWS::Chatbot::SlackChannelConfiguration')
      .map((r) => ({ stack, props: r.Properties })),
  );

  it('creates exactly one, in the primary region, keeping its name', () => {
    expect(channels.map((c) => [c.stack, c.props.ConfigurationName])).toEqual([['acme-prod-core-us-east-1', 'acme-prod-dns-us-east-1']]);
  });

  it('subscribes it to the alert topics of every region, and the primary core stack deploys after the others', () => {
    const arns = JSON.stringify(channels[0]?.props.SnsTopicArns ?? []);
    for (const region of ['eu-west-1', 'ap-southeast-2']) {
      for (const severity of ['critical', 'warning']) expect(arns).toContain(`:sns:${region}:111122223333:acme-prod-alerts-${severity}`);
    }
    const primary = s.app.node.findAll().filter(Stack.isStack).find((x) => x.stackName === 'acme-prod-core-us-east-1')!;
    expect(primary.dependencies.map((d) => d.stackName).sort()).toEqual(expect.arrayContaining(['acme-prod-core-ap-southeast-2', 'acme-prod-core-eu-west-1']));
  });

  it('lets channel members describe this deployment\'s alarms in every region, nothing else', () => {
    const core = s.templates['acme-prod-core-us-east-1'].toJSON();
    const guardrail = Object.values<any>(core.Resources).find((r) => r.Type === 'AWS::IAM::ManagedPolicy');
    const resources = JSON.stringify(guardrail.Properties.PolicyDocument.Statement[0].Resource);
    for (const region of ['us-east-1', 'eu-west-1', 'ap-southeast-2']) expect(resources).toContain(`:cloudwatch:${region}:111122223333:alarm:acme-prod-*`);
    expect(guardrail.Properties.PolicyDocument.Statement).toHaveLength(1);
    expect(guardrail.Properties.PolicyDocument.Statement[0].Action).toEqual(['cloudwatch:DescribeAlarmHistory', 'cloudwatch:DescribeAlarms']);
  });
});
