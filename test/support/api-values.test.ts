/** The API-model check finds what the APIs refuse and skips what CloudFormation resolves later. */
import { apiValueProblems } from './api-values';

describe('apiValueProblems', () => {
  it('finds a metric filter namespace with a colon, an over-long metric math expression, a rule name with a space, an unknown enum value and a list too long', () => {
    const filter = apiValueProblems('AWS::Logs::MetricFilter', { LogGroupName: '/aws/route53/example.com', FilterPattern: '', MetricTransformations: [{ MetricName: 'total', MetricNamespace: 'Codreum:DNS', MetricValue: '1' }] }, 'F');
    expect(filter).toEqual([expect.stringMatching(/MetricTransformations\[0\]\.MetricNamespace: 'Codreum:DNS' does not match/)]);
    const alarm = apiValueProblems('AWS::CloudWatch::Alarm', { AlarmName: 'a', ComparisonOperator: 'Sideways', EvaluationPeriods: 1, Metrics: [{ Id: 'e', Expression: 'x'.repeat(3000) }] }, 'A');
    expect(alarm).toEqual([expect.stringMatching(/ComparisonOperator: 'Sideways' is not one of/), expect.stringMatching(/Metrics\[0\]\.Expression: 3000 characters, more than 2048/)]);
    expect(apiValueProblems('AWS::Events::Rule', { Name: 'my rule', State: 'ENABLED' }, 'R')).toEqual([expect.stringMatching(/\.Name: 'my rule' does not match/)]);
    expect(apiValueProblems('AWS::Lambda::EventInvokeConfig', { FunctionName: 'f', Qualifier: '$LATEST', MaximumRetryAttempts: 3 }, 'E')).toEqual([expect.stringMatching(/MaximumRetryAttempts: 3 is above 2/)]);
    expect(apiValueProblems('AWS::KMS::Key', { Description: 'k', KeyPolicy: { Statement: [{ Sid: 'x'.repeat(140_000) }] } }, 'K')).toEqual([expect.stringMatching(/KeyPolicy: 1400\d\d characters, more than 131072/)]);
    const many = Array.from({ length: 31 }, (_, i) => ({ Name: `d${i}`, Value: 'v' }));
    expect(apiValueProblems('AWS::CloudWatch::Alarm', { AlarmName: 'a', Dimensions: many }, 'A')).toEqual([expect.stringMatching(/Dimensions: 31 items, more than 30/)]);
  });

  it('skips intrinsics and properties the API does not take, and passes good values', () => {
    expect(apiValueProblems('AWS::Logs::MetricFilter', { LogGroupName: { Ref: 'G' }, FilterPattern: '[x]', MetricTransformations: [{ MetricName: 'total', MetricNamespace: 'Codreum/DNS', MetricValue: '1' }], NotAnApiMember: 'a:b' }, 'F')).toEqual([]);
    expect(apiValueProblems('AWS::CloudWatch::InsightRule', { RuleName: 'acme-dns-zone-top', RuleState: 'ENABLED', RuleBody: '{"Schema":{"Name":"CloudWatchLogRule","Version":1}}' }, 'I')).toEqual([]);
  });
});
