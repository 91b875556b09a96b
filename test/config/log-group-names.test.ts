/** Log group names the config takes (queryLogging.logGroupName) are ones CreateLogGroup takes, by AWS's API model. */
import { LOGS } from '../../lib/aws-facts';
import { apiShape, shapeAccepts } from '../support/api-models';

describe('LOGS.logGroupName', () => {
  const shape = apiShape('logs', 'LogGroupName');
  it.each(['/aws/route53/example.com', '/aws/route53/a_b-c.d#e', 'x'.repeat(512), 'x'.repeat(513), '', 'a b', 'a:b', 'a*b', 'é', '/aws/route53/*'])('%s: the config and the API agree', (name) => {
    expect(LOGS.logGroupName.test(name)).toBe(shapeAccepts(shape, name));
  });
});
