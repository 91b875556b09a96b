/**
 * Every metric-math expression the app synthesizes, in every bundled example, stays within
 * CloudWatch's rules: at most ALARMS.maxExpressionLength characters and ALARMS.maxMetricsPerAlarm
 * metrics per alarm (lib/aws-facts.ts, with the API reference links), and only functions replay
 * evaluates (so `dns-monitor replay` can backtest every alarm the app builds).
 */
import { Template } from 'aws-cdk-lib/assertions';
import { ALARMS } from '../../lib/aws-facts';
import { parseExpression } from '../../lib/replay/metric-math';
import { evaluate } from '../../lib/replay/metric-math';
import { exampleConfigFiles, newTestApp } from '../support/synth';
import { loadConfigFile } from '../../lib/config/load';
import { DnsMonitoring } from '../../lib/dns-monitoring';
import * as path from 'node:path';

describe.each(exampleConfigFiles().map((f) => [path.basename(f), f]))('metric math of %s', (_name, file) => {
  const app = newTestApp();
  const m = new DnsMonitoring(app, 'DnsMonitor', { config: loadConfigFile(file), configDir: path.dirname(file) });
  const alarms = [...Object.values(m.coreStacks), ...m.shardStacks].flatMap((s) => Object.values(Template.fromStack(s).findResources('AWS::CloudWatch::Alarm')) as any[]);

  it('has alarms with metric math to check', () => {
    expect(alarms.filter((a) => a.Properties.Metrics).length).toBeGreaterThan(0);
  });

  it('every expression is within the length limit and every alarm within the metric limit', () => {
    for (const a of alarms) {
      const q = (a.Properties.Metrics ?? []) as any[];
      const name = a.Properties.AlarmName;
      expect({ name, metrics: q.filter((x) => x.MetricStat).length <= ALARMS.maxMetricsPerAlarm }).toEqual({ name, metrics: true });
      for (const x of q.filter((y) => y.Expression)) expect({ name, long: x.Expression.length > ALARMS.maxExpressionLength }).toEqual({ name, long: false });
    }
  });

  it('every expression parses and evaluates in replay', () => {
    for (const a of alarms) {
      const q = (a.Properties.Metrics ?? []) as any[];
      const env = new Map<string, any>(q.filter((x) => x.MetricStat).map((x) => [x.Id, Float64Array.from([1, 2, NaN])]));
      for (const x of q.filter((y) => y.Expression)) {
        const v = evaluate(parseExpression(x.Expression), env, 3);
        env.set(x.Id, v);
      }
      expect(env.size).toBe(q.length);
    }
  });
});
