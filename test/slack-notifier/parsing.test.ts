import { valueVsThreshold } from '../../lambdas/slack-notifier/state-reason';
import { parseWebhookSecret } from '../../lambdas/slack-notifier/webhook-url';
import { retryAfterMs } from '../../lambdas/shared/retry-after';
import { alarmConsoleUrl, dashboardConsoleUrl } from '../../contracts/console-links';
import { SECRET_PLACEHOLDER } from '../../contracts/secret-placeholders';
import { truncate, mrkdwnText } from '../../lambdas/slack-notifier/slack-limits';

describe('NewStateReason parsing', () => {
  it('missing data treated as breaching', () => {
    const v = valueVsThreshold('Threshold Crossed: no datapoints were received for 3 periods and 3 missing datapoints were treated as [Breaching].', {
      ComparisonOperator: 'LessThanThreshold',
      Threshold: 10,
      EvaluationPeriods: 3,
      Period: 60,
    });
    expect(v).toEqual({ values: [], threshold: '< 10', evaluation: 'missing data treated as breaching' });
  });

  it('anomaly upper band only, with a single "datapoint"', () => {
    const v = valueVsThreshold('Thresholds Crossed: 1 datapoint [0.5 (29/06/21 15:20:00)] was greater than the upper thresholds [0.3309826664011767].', {
      ComparisonOperator: 'GreaterThanUpperThreshold',
      ThresholdMetricId: 'ad1',
    });
    expect(v.values).toEqual([0.5]);
    expect(v.threshold).toBe('above band 0.330983');
  });

  it('falls back to Trigger.Threshold when the reason has no number', () => {
    expect(valueVsThreshold('Unchecked: Initial alarm creation', { ComparisonOperator: 'GreaterThanOrEqualToThreshold', Threshold: 5 }).threshold).toBe('≥ 5');
  });
});

describe('webhook secret value', () => {
  it('accepts a bare https URL and the JSON form', () => {
    expect(parseWebhookSecret(' https://hooks.slack.com/services/T/B/X ')).toBe('https://hooks.slack.com/services/T/B/X');
    expect(parseWebhookSecret('{"webhookUrl":"https://hooks.slack.com/services/T/B/Y"}')).toBe('https://hooks.slack.com/services/T/B/Y');
  });
  it("says so when the secret still holds the <...> placeholder of the command that sets it (doctor's fix, pasted as it is)", () => {
    expect(() => parseWebhookSecret(`{"webhookUrl":"${SECRET_PLACEHOLDER.slack}"}`)).toThrow(/still holds the <\.\.\.> placeholder of the command that sets it — put the webhook URL in its place/);
    expect(() => parseWebhookSecret(SECRET_PLACEHOLDER.slack)).toThrow(/still holds the <\.\.\.> placeholder/);
  });
  it('rejects plain http outside loopback, empty values and non-URLs, without echoing the value', () => {
    expect(() => parseWebhookSecret('http://hooks.slack.com/services/T/B/SECRET')).toThrow(/must use https/);
    expect(() => parseWebhookSecret('')).toThrow(/empty/);
    // The call must throw (a value that is no URL is refused) and the message must not echo it.
    const thrown = (() => {
      try {
        parseWebhookSecret('SECRET-not-a-url');
      } catch (e) {
        return (e as Error).message;
      }
      return undefined;
    })();
    expect(thrown).toEqual(expect.any(String));
    expect(thrown).not.toContain('SECRET');
  });
});

describe('small helpers', () => {
  it('Retry-After as seconds and as HTTP date', () => {
    expect(retryAfterMs('3', 0)).toBe(3000);
    expect(retryAfterMs(new Date(10_000).toUTCString(), 4_000)).toBe(6_000);
    expect(retryAfterMs('soon', 0)).toBeUndefined();
  });
  it('console links encode names and follow the partition', () => {
    expect(alarmConsoleUrl('eu-west-1', 'a b/c')).toBe('https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#alarmsV2:alarm/a%20b%2Fc');
    expect(dashboardConsoleUrl('cn-north-1', 'd', 'aws-cn')).toBe('https://cn-north-1.console.amazonaws.cn/cloudwatch/home?region=cn-north-1#dashboards/dashboard/d');
  });
  it('truncation never splits a surrogate pair or an entity', () => {
    expect(truncate('ab😀cd', 4)).toBe('ab…');
    expect(mrkdwnText('a&b&c&d', 7)).toBe('a&amp;…');
  });
});
