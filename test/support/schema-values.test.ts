/** The schema-value check can fail: what it must find and what it must let through. */
import { schemaValueProblems } from './schema-values';

describe('schemaValueProblems', () => {
  it('finds a number out of bounds and a value outside an enum, nested in a property', () => {
    expect(schemaValueProblems('AWS::Route53::HealthCheck', { HealthCheckConfig: { Type: 'HTTPS', Port: 0, FailureThreshold: 11 } }, 'us-east-1', 'Check')).toEqual([
      'AWS::Route53::HealthCheck.Check.HealthCheckConfig.Port is 0, under 1',
      'AWS::Route53::HealthCheck.Check.HealthCheckConfig.FailureThreshold is 11, over 10',
    ]);
    expect(schemaValueProblems('AWS::CloudWatch::Alarm', { ComparisonOperator: 'Above', EvaluationPeriods: 0 }, 'us-east-1', 'A')).toEqual([
      expect.stringMatching(/^AWS::CloudWatch::Alarm\.A\.ComparisonOperator is 'Above', not one of /),
      'AWS::CloudWatch::Alarm.A.EvaluationPeriods is 0, under 1',
    ]);
  });

  it('follows array items and $ref definitions, and reads \\p{L} patterns with the unicode flag', () => {
    expect(schemaValueProblems('AWS::IAM::Role', { Tags: [{ Key: 'codreum:prefix', Value: 'acme' }, { Key: 'bad#key', Value: 'x' }] }, 'us-east-1', 'R')).toEqual([
      expect.stringMatching(/^AWS::IAM::Role\.R\.Tags\[1\]\.Key does not match /),
    ]);
  });

  it('skips intrinsics, whose value is known only at deploy time', () => {
    expect(schemaValueProblems('AWS::Route53::HealthCheck', { HealthCheckConfig: { Type: 'HTTPS', Port: { Ref: 'Port' } } }, 'us-east-1', 'Check')).toEqual([]);
  });
});
