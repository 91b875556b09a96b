/**
 * The alarm on zone checks that do not run, as the app builds it. A check whose zone's name servers
 * the prober has not read from Route 53 (the first runs after a deploy, Route 53 throttling or not
 * answering) is skipped and publishes nothing, which its own alarm counts as passing; each prober
 * whose checks read hosted zones publishes how many it skipped in runs with zone checks due
 * (test/dns-checks/zone-servers.test.ts), and one alarm per such region in the primary region pages
 * when skips show in every window of the region's longest zone-check interval for
 * ZONE_CHECKS_SKIPPED_MINUTES (two windows at least).
 */
import { DNS_CHECK_METRICS, DNS_CHECK_NAMESPACE } from '../../contracts/dns-check';
import { ZONE_CHECKS_SKIPPED_MINUTES } from '../../lib/alarms/dns-check-alarm';
import { matchesEventPattern } from '../../lib/audit/event-pattern-match';
import { type AlarmState, breaches, EVALUATION_RANGE_EXTRA, nextState } from '../../lib/replay/alarm-evaluator';
import { dnsCheckAlarmPrefix, topicName } from '../../lib/naming';
import { deploymentOf, TEST_ACCOUNT } from '../support/iam/app';
import { maxAlarmEvaluationRange } from '../../lib/aws-facts';
import { parseConfig } from '../../lib/config/load';
import { buildModel } from '../../lib/model';

const d = deploymentOf({
  prefix: 'acme',
  alerts: { email: ['oncall@example.com'] },
  dnsChecks: [
    // eu-west-1 reads zones every 5 and 15 minutes; us-east-1 (primary) every 15; ap-south-1 reads none.
    { name: 'shop', query: 'www.shop.example.com', type: 'A', zoneId: 'Z0SHOP00000000000001', regions: ['eu-west-1'], interval: 5, expect: {} },
    { name: 'api', query: 'api.example.com', type: 'A', zoneId: 'Z0API000000000000001', regions: ['eu-west-1', 'us-east-1'], interval: 15, expect: {} },
    { name: 'plain', query: 'www.example.org', type: 'A', servers: ['192.0.2.53'], regions: ['eu-west-1', 'ap-south-1'], expect: {} },
  ],
} as never);

const skippedAlarms = () => d.resources('AWS::CloudWatch::Alarm').filter((a) => d.props(a).MetricName === DNS_CHECK_METRICS.skipped);

describe('the alarm on zone checks skipped run after run', () => {
  it("one per region whose checks read hosted zones, in the primary region with the metrics, on the skips in each window of its longest zone-check interval", () => {
    const alarms = skippedAlarms();
    expect(alarms.map((a) => [a.stack.region, d.props(a).AlarmName]).sort()).toEqual([
      ['us-east-1', 'acme-dns-prober-eu-west-1-zone-checks-skipped'],
      ['us-east-1', 'acme-dns-prober-us-east-1-zone-checks-skipped'],
    ]);
    const byVantage = Object.fromEntries(alarms.map((a) => [d.props(a).Dimensions[0].Value, d.props(a)]));
    // Both regions' longest zone-check interval is 15 minutes: skips in each of 4 sliding windows have gone on past 30 minutes.
    for (const vantage of ['eu-west-1', 'us-east-1']) {
      const p = byVantage[vantage];
      expect(p).toMatchObject({
        Namespace: DNS_CHECK_NAMESPACE,
        Dimensions: [{ Name: 'Vantage', Value: vantage }],
        Statistic: 'Maximum',
        Period: 15 * 60,
        EvaluationPeriods: 4,
        DatapointsToAlarm: 4,
        ComparisonOperator: 'GreaterThanThreshold',
        Threshold: 0,
        // A prober that does not run is its errors and dead-letter alarms' to report.
        TreatMissingData: 'notBreaching',
        ActionsEnabled: true,
      });
      expect((p.Period * (p.EvaluationPeriods - 2)) / 60).toBe(ZONE_CHECKS_SKIPPED_MINUTES);
      // It pages the warning topic, and says where to look.
      expect(p.AlarmActions).toEqual([`arn:aws:sns:us-east-1:${TEST_ACCOUNT}:${topicName('acme', 'warning')}`]);
      expect(p.AlarmDescription).toContain(`log group /codreum/acme/dns-prober in ${vantage}`);
      expect(p.AlarmDescription).toMatch(/signal=zone-checks-skipped kind=count severity=warning/);
    }
  });

  // The synthesized alarm evaluated as CloudWatch documents it (lib/replay/alarm-evaluator.ts),
  // every minute over sliding windows, on what eu-west-1's prober publishes each minute: the number
  // of due zone checks it skipped, nothing in a minute with no zone check due (its zone checks run
  // every 5 and every 15 minutes).
  describe('evaluated minute by minute', () => {
    const [alarm] = skippedAlarms().filter((a) => d.props(a).Dimensions[0].Value === 'eu-west-1');
    const p = d.props(alarm);
    const P = p.Period / 60;
    const statistic = (values: number[]) => ({ Maximum: Math.max, Minimum: Math.min })[p.Statistic as 'Maximum' | 'Minimum'](...values);
    /** The alarm's state at the end of each minute up to `minutes`; `skipped(minute)` is what the prober publishes then (undefined: nothing). */
    const states = (minutes: number, skipped: (minute: number) => number | undefined): AlarmState[] => {
      const published = Array.from({ length: minutes }, (_, m) => skipped(m));
      let state: AlarmState = 'INSUFFICIENT_DATA';
      const out: AlarmState[] = [];
      for (let t = 1; t <= minutes; t++) {
        // The N + 2 most recent windows of P minutes ending at t, oldest first: each window's Maximum, or no datapoint.
        const range: (boolean | null)[] = [];
        for (let k = p.EvaluationPeriods + EVALUATION_RANGE_EXTRA - 1; k >= 0; k--) {
          const values = published.slice(Math.max(0, t - (k + 1) * P), Math.max(0, t - k * P)).filter((v): v is number => v !== undefined);
          range.push(values.length === 0 ? null : breaches(p.ComparisonOperator, statistic(values), p.Threshold));
        }
        state = nextState(range, { evaluationPeriods: p.EvaluationPeriods, datapointsToAlarm: p.DatapointsToAlarm, treatMissingData: p.TreatMissingData }, state);
        out.push(state);
      }
      return out;
    };
    /** The first minute the alarm is in ALARM (undefined: never). */
    const pagesAt = (minutes: number, skipped: (minute: number) => number | undefined) => {
      const i = states(minutes, skipped).indexOf('ALARM');
      return i < 0 ? undefined : i + 1;
    };
    const due5 = (m: number) => m % 5 === 0;
    const due15 = (m: number) => m % 15 === 0;
    /** A run's skips: the 5-minute check's zone unread before `shop`, the 15-minute one's before `api` (minutes; Infinity: never read). */
    const prober = (shop: number, api: number) => (m: number) => (due5(m) ? (m < shop ? 1 : 0) + (due15(m) && m < api ? 1 : 0) : undefined);

    it('a first deploy whose zones are read within 14 minutes, or even 30: no page at any minute', () => {
      expect(pagesAt(180, prober(14, 14))).toBeUndefined();
      expect(pagesAt(180, prober(30, 30))).toBeUndefined();
      expect(pagesAt(180, prober(30, 31))).toBeUndefined();
    });
    it("a zone never read pages once skips go on past ZONE_CHECKS_SKIPPED_MINUTES, whichever of the region's zone checks it is", () => {
      for (const neverRead of [prober(Infinity, 0), prober(0, Infinity)]) {
        const at = pagesAt(180, neverRead)!;
        expect(at).toBeGreaterThan(ZONE_CHECKS_SKIPPED_MINUTES);
        expect(at).toBeLessThanOrEqual(ZONE_CHECKS_SKIPPED_MINUTES + 2 * P + 1);
      }
    });
    it('the zone read at last: OK again once a whole window has no skip', () => {
      expect(states(60 + 2 * P, prober(0, 60)).at(-1)).toBe('OK');
    });
    it('a prober that publishes nothing (not running): this alarm stays OK, its own alarms page', () => {
      expect(pagesAt(180, () => undefined)).toBeUndefined();
    });
  });

  it("fits PutMetricAlarm's evaluation range (lib/aws-facts.ts, with its API reference link) at every interval a check may take", () => {
    const intervals = Array.from({ length: 60 }, (_, i) => i + 1).filter((m) => 60 % m === 0);
    for (const interval of intervals) {
      const model = buildModel(parseConfig({ prefix: 'acme', alerts: { email: ['oncall@example.com'] }, dnsChecks: [{ name: 'z', query: 'z.example.com', type: 'SOA', zoneId: 'Z0SHOP00000000000001', interval, expect: {} }] }));
      const [spec] = [...model.dnsChecks.skippedAlarms.values()];
      expect({ interval, period: spec.period }).toEqual({ interval, period: interval * 60 });
      expect(spec.period * spec.evaluationPeriods).toBeLessThanOrEqual(maxAlarmEvaluationRange(spec.period).seconds);
    }
  });

  it("is not a DNS check alarm: outside the check alarms' names, so its ALARM never runs the reporter", () => {
    const [rule] = d.resources('AWS::Events::Rule').filter((r) => r.logicalId.startsWith('DnsCheckReporterAlarmRule'));
    const pattern = d.props(rule).EventPattern;
    for (const a of skippedAlarms()) {
      const p = d.props(a);
      expect(p.AlarmName.startsWith(dnsCheckAlarmPrefix('acme'))).toBe(false);
      const event = {
        version: '0',
        id: 'e',
        'detail-type': 'CloudWatch Alarm State Change',
        source: 'aws.cloudwatch',
        account: TEST_ACCOUNT,
        time: '2026-12-06T12:00:00Z',
        region: 'us-east-1',
        resources: [d.arnOf(a)],
        detail: {
          alarmName: p.AlarmName,
          state: { value: 'ALARM', reason: 'Threshold Crossed', timestamp: '2026-12-06T12:00:00.000+0000' },
          configuration: { metrics: [{ id: 'm', metricStat: { metric: { namespace: p.Namespace, name: p.MetricName, dimensions: { Vantage: p.Dimensions[0].Value } }, period: p.Period, stat: p.Statistic }, returnData: true }] },
        },
      };
      expect(matchesEventPattern(pattern, event)).toBe(false);
    }
  });

  // That the prober's role may publish the metric (its namespace, evaluated by an IAM simulator over
  // the synthesized policy) is test/delivery/dns-prober-iam.test.ts's.
});
