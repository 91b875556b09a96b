/**
 * `metricsNamespace` goes into every metric filter (CloudWatch Logs MetricTransformation) and every
 * alarm and dashboard metric (CloudWatch Namespace). Held to AWS's own API models (botocore's,
 * test/support/api-models.ts): a namespace the config accepts must be one both APIs take.
 */
import { CLOUDWATCH } from '../../lib/aws-facts';
import { parseConfig } from '../../lib/config/load';
import { apiShape, shapeAccepts } from '../support/api-models';
import { issuesOf } from '../support/config-issues';

const base = { prefix: 'acme-prod', hostedZones: [{ zoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com' }], alerts: { email: ['oncall@example.com'] } };
const logs = apiShape('logs', 'MetricNamespace');
const cloudwatch = apiShape('cloudwatch', 'Namespace');

describe('metricsNamespace', () => {
  it('refuses a colon, which the CloudWatch Logs API refuses in a metric filter\'s namespace (the deploy failed at the first metric filter)', () => {
    expect(shapeAccepts(logs, 'Codreum:DNS')).toBe(false);
    expect(issuesOf({ ...base, metricsNamespace: 'Codreum:DNS' })).toEqual([{ path: 'metricsNamespace', message: expect.stringMatching(/is not a valid CloudWatch namespace/) }]);
  });

  it('accepts only namespaces both APIs take', () => {
    const candidates = ['Codreum/DNS', 'acme.prod/dns_monitor#1', 'a', 'x'.repeat(CLOUDWATCH.namespaceMaxLength), 'x'.repeat(CLOUDWATCH.namespaceMaxLength + 1), 'a b', 'a*b', 'a$b', ':a', 'é', 'Codreum:DNS'];
    for (const ns of candidates) {
      let accepted = true;
      try {
        parseConfig({ ...base, metricsNamespace: ns });
      } catch {
        accepted = false;
      }
      if (accepted) expect({ ns, logs: shapeAccepts(logs, ns), cloudwatch: shapeAccepts(cloudwatch, ns) }).toEqual({ ns, logs: true, cloudwatch: true });
    }
    expect(() => parseConfig({ ...base, metricsNamespace: 'acme.prod/dns_monitor#1' })).not.toThrow();
  });

  it('reads its length from the models', () => {
    expect(CLOUDWATCH.namespaceMaxLength).toBe(Math.min(logs.max!, cloudwatch.max!));
  });
});
