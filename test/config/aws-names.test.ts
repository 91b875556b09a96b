/**
 * Names the config takes or the app makes are ones the API takes, by AWS's API models: log group
 * names (queryLogging.logGroupName, CreateLogGroup) and Resolver query logging configuration names
 * (made from the prefix, region and log group; CreateResolverQueryLogConfig).
 */
import { LOGS, ROUTE53 } from '../../lib/aws-facts';
import { resolverQueryLoggingName } from '../../lib/naming';
import { apiShape, shapeAccepts } from '../support/api-models';

describe('LOGS.logGroupName', () => {
  const shape = apiShape('logs', 'LogGroupName');
  it.each(['/aws/route53/example.com', '/aws/route53/a_b-c.d#e', 'x'.repeat(512), 'x'.repeat(513), '', 'a b', 'a:b', 'a*b', 'é', '/aws/route53/*'])('%s: the config and the API agree', (name) => {
    expect(LOGS.logGroupName.test(name)).toBe(shapeAccepts(shape, name));
  });
});

describe('resolverQueryLoggingName', () => {
  const shape = apiShape('route53resolver', 'ResolverQueryLogConfigName');
  it('stays within the name CreateResolverQueryLogConfig takes, at the longest prefix, region and log group name', () => {
    expect(ROUTE53.resolverQueryLogConfigNameMaxLength).toBe(shape.max);
    const names = [
      resolverQueryLoggingName('a'.repeat(24), 'ap-southeast-2', `/aws/route53resolver/${'x'.repeat(490)}`),
      resolverQueryLoggingName('acme', 'eu-west-1', '/aws/route53resolver/acme#1.logs'),
      resolverQueryLoggingName('1234', 'us-east-1', '/1234'),
    ];
    for (const n of names) expect({ n, ok: shapeAccepts(shape, n) }).toEqual({ n, ok: true });
  });
});
