/**
 * `plan` says when a log group's metric filters come near the number of different dimension values
 * after which CloudWatch Logs may disable a filter (LOGS.metricFilterDimensionValuesPerHour); the
 * config is refused at the limit itself (test/signals/filter-dimension-limit.test.ts).
 */
import { LOGS } from '../../lib/aws-facts';
import { parseConfig } from '../../lib/config/load';
import type { RawConfig } from '../../lib/config/schema';
import { planConfig } from '../../lib/plan';

const zones = (n: number, group: string, from = 0) =>
  Array.from({ length: n }, (_, i) => ({ zoneId: `Z0${String(from + i).padStart(5, '0')}ABCDEFGHIJKLMN`, zoneName: `z${from + i}.example.com`, queryLogging: { logGroupName: group } }));

it('warns at 80 % of the dimension values a filter may publish, per log group; a smaller group gets nothing', () => {
  const config = {
    prefix: 'dv',
    hostedZones: [...zones(820, '/aws/route53/big'), ...zones(30, '/aws/route53/small', 5000)],
    signals: { noerror: { enabled: false }, nxdomain: { enabled: false }, refused: { enabled: false }, errors: { enabled: false }, 'other-errors': { enabled: false }, tcp: { enabled: false } },
    dashboards: { enabled: false },
    contributorInsights: { enabled: false },
    alerts: { email: ['oncall@example.com'] },
  } as unknown as RawConfig;
  const plan = planConfig(parseConfig(config));
  const found = plan.warnings.filter((w) => w.limit === 'different dimension values of one metric filter');
  expect(found.map((w) => `${w.level} ${w.scope} ${w.value}/${w.max}`)).toEqual([`warning log group us-east-1 /aws/route53/big 820/${LOGS.metricFilterDimensionValuesPerHour - 1}`]);
  expect(found[0].message).toMatch(/CloudWatch Logs may disable a metric filter.*1,000/);
}, 300_000);
