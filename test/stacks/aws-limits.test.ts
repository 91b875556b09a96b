import { readConfigFile } from '../../lib/config/load';
/**
 * AWS limits inside the opaque strings the app writes, checked on what it synthesizes for every
 * example config and the stability fleet, against lib/aws-facts.ts (each number with its
 * documentation link there): alarm names, descriptions, metric math, composite rules, metric
 * filter patterns and filters per log group, event patterns, tags; and the queues' attributes,
 * against the ranges SQS's API model documents for them.
 */
import * as path from 'node:path';
import { ALARMS, EVENTBRIDGE, LOGS, SQS } from '../../lib/aws-facts';
import type { RawConfig } from '../../lib/config/schema';
import { documentedIntegerRanges } from '../support/api-models';
import { deploymentOf } from '../support/iam/app';
import { FLEET } from '../support/fleets';
import { exampleConfigFiles, REPO } from '../support/synth';

const configs: [string, RawConfig][] = [
  ...exampleConfigFiles().map((f) => [path.relative(REPO, f), readConfigFile(f)] as [string, RawConfig]),
  ['stability fleet', FLEET],
];

// CreateQueue's attributes are a map of strings in the API model: their ranges are in its documentation.
const queueAttributeRanges = documentedIntegerRanges('sqs', 'CreateQueueRequest', 'Attributes');

it("lib/aws-facts.ts's SQS maxima are those SQS's API model documents", () => {
  expect(queueAttributeRanges.get('VisibilityTimeout')?.[1]).toBe(SQS.maxVisibilityTimeoutSeconds);
  expect(queueAttributeRanges.get('MessageRetentionPeriod')?.[1]).toBe(SQS.maxMessageRetentionSeconds);
});

describe.each(configs)('AWS limits in %s', (_name, config) => {
  const d = deploymentOf(config);
  const alarms = d.resources('AWS::CloudWatch::Alarm').map((a) => d.props(a));
  const composites = d.resources('AWS::CloudWatch::CompositeAlarm').map((a) => d.props(a));

  it('alarm names and descriptions', () => {
    for (const a of [...alarms, ...composites]) {
      expect({ n: a.AlarmName, ok: a.AlarmName.length <= ALARMS.maxNameLength && String(a.AlarmDescription ?? '').length <= ALARMS.maxDescriptionLength }).toEqual({ n: a.AlarmName, ok: true });
    }
  });

  it('metric math: at most 10 metrics per alarm; composite rules within their length', () => {
    for (const a of alarms) expect((a.Metrics ?? []).filter((m: any) => m.MetricStat).length).toBeLessThanOrEqual(ALARMS.maxMetricsPerAlarm);
    for (const c of composites) expect(c.AlarmRule.length).toBeLessThanOrEqual(ALARMS.maxCompositeRuleLength);
  });

  it('metric filter patterns and filters per log group', () => {
    const perGroup = new Map<string, number>();
    for (const r of d.resources('AWS::Logs::MetricFilter')) {
      const p = d.props(r);
      expect(p.FilterPattern.length).toBeLessThanOrEqual(LOGS.maxFilterPatternLength);
      const k = `${r.stack.region}|${p.LogGroupName}`;
      perGroup.set(k, (perGroup.get(k) ?? 0) + 1);
    }
    for (const n of perGroup.values()) expect(n).toBeLessThanOrEqual(LOGS.metricFiltersPerLogGroup);
  });

  it('event patterns', () => {
    for (const r of d.resources('AWS::Events::Rule')) expect(JSON.stringify(d.props(r).EventPattern).length).toBeLessThanOrEqual(EVENTBRIDGE.maxEventPatternLength);
  });

  it(`queues: attributes within the ranges SQS documents, and redrives after ${SQS.maxReceiveCount.advisedMin} to ${SQS.maxReceiveCount.max} receives`, () => {
    const queues = d.resources('AWS::SQS::Queue');
    expect(queues.length).toBeGreaterThan(0);
    const outside: string[] = [];
    for (const q of queues) {
      const p = d.props(q);
      for (const [attribute, [min, max]] of queueAttributeRanges) {
        const v = p[attribute];
        if (v !== undefined && !(Number(v) >= min && Number(v) <= max)) outside.push(`${q.logicalId}.${attribute} ${v} (${min}-${max})`);
      }
      const receives = p.RedrivePolicy?.maxReceiveCount;
      if (receives !== undefined && !(receives >= SQS.maxReceiveCount.advisedMin && receives <= SQS.maxReceiveCount.max)) outside.push(`${q.logicalId}.RedrivePolicy.maxReceiveCount ${receives}`);
    }
    expect(outside).toEqual([]);
  });

  it(`event patterns never use the wildcard operator: a bus holds at most ${EVENTBRIDGE.maxWildcardRulesPerBus} such rules, and the change audit makes hundreds`, () => {
    const withWildcard = (v: unknown): boolean =>
      Array.isArray(v) ? v.some(withWildcard) : typeof v === 'object' && v !== null ? Object.entries(v).some(([k, x]) => k === 'wildcard' || withWildcard(x)) : false;
    expect(withWildcard({ a: [{ wildcard: '*.example.com' }] })).toBe(true);
    expect(d.resources('AWS::Events::Rule').filter((r) => withWildcard(d.props(r).EventPattern)).map((r) => r.logicalId)).toEqual([]);
  });
});
