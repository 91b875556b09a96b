/**
 * Reads every alarm of the deployment: its subject and kind (from the context line at the end of
 * its description), how many alarm metrics it is billed for, whether it has an anomaly model, and
 * its worst-case detection time.
 */
import { parseAlarmContext } from '../../contracts/alarm-context';
import { EVALUATION_DELAY_SECONDS } from '../alarms/detection-time';
import { detectionFromProperties, metricsOfAlarm, periodOfAlarm } from './detection';
import { contextOrder, SHARED, SubjectRegistry } from './subjects';
import type { CfnResource, SpecSummary } from './synthesize';
import type { AlarmDetection } from './types';

export interface AlarmFacts {
  readonly resource: CfnResource;
  readonly name: string;
  readonly subject: string;
  readonly kind: string;
  readonly composite: boolean;
  /** Billed alarm metrics: metrics in the alarm (+2 band bounds for anomaly alarms). */
  readonly alarmMetrics: number;
  readonly highResolution: boolean;
  readonly anomaly: boolean;
  /** Dashboard named in the alarm's context line. */
  readonly dashboard?: string;
  readonly detection: AlarmDetection;
}

const isAnomaly = (p: Record<string, any>) =>
  p.ThresholdMetricId !== undefined || ((p.Metrics ?? []) as any[]).some((m) => String(m.Expression ?? '').includes('ANOMALY_DETECTION_BAND'));

/** Names an alarm rule refers to: ALARM("name"), OK(name), INSUFFICIENT_DATA(arn). */
function childNames(rule: unknown): string[] {
  const text = typeof rule === 'string' ? rule : JSON.stringify(rule);
  return [...text.matchAll(/(?:ALARM|OK|INSUFFICIENT_DATA)\(\s*\\?"?([^)"\\]+)\\?"?\s*\)/g)].map((m) => m[1].split(':alarm:').pop()!.trim());
}

export function analyseAlarms(resources: readonly CfnResource[], specs: ReadonlyMap<string, SpecSummary>, reg: SubjectRegistry): AlarmFacts[] {
  const byId = new Map(resources.map((r) => [`${r.stack}/${r.logicalId}`, r]));
  const out: AlarmFacts[] = [];
  const detectionByName = new Map<string, number>();
  const alarms = resources.filter((r) => r.type === 'AWS::CloudWatch::Alarm');
  const composites = resources.filter((r) => r.type === 'AWS::CloudWatch::CompositeAlarm');
  const contextOf = (r: CfnResource) => parseAlarmContext(typeof r.props.AlarmDescription === 'string' ? r.props.AlarmDescription : undefined);
  const ordered = [...alarms, ...composites].map((r) => ({ r, ctx: contextOf(r) }));
  ordered.sort((a, b) => contextOrder(a.ctx?.kind) - contextOrder(b.ctx?.kind));
  for (const { r, ctx } of ordered) {
    const p = r.props;
    const composite = r.type === 'AWS::CloudWatch::CompositeAlarm';
    const name = typeof p.AlarmName === 'string' ? p.AlarmName : `${r.stack}/${r.logicalId}`;
    const subject = ctx ? reg.keyForContext(ctx.subjectId, ctx.subject, ctx.kind, ctx.region ?? r.region) : SHARED;
    const kind = composite ? 'composite' : (ctx?.kind ?? 'other');
    const anomaly = !composite && isAnomaly(p);
    const metrics = composite ? 0 : Math.max(1, metricsOfAlarm(p).length);
    const period = composite ? undefined : periodOfAlarm(p);

    let detection: Omit<AlarmDetection, 'name' | 'stack' | 'region' | 'subject' | 'signal' | 'kind' | 'severity'>;
    const spec = specs.get(name);
    if (composite) {
      const children = childNames(p.AlarmRule);
      detection = { detectionSeconds: -1, from: 'properties', sourceDelayWhy: `slowest of ${children.length} child alarm(s) + one evaluation` };
    } else if (spec) {
      detection = {
        detectionSeconds: spec.detectionSeconds,
        from: 'spec',
        period: spec.period ?? period,
        evaluationPeriods: spec.evaluationPeriods ?? p.EvaluationPeriods,
        datapointsToAlarm: spec.datapointsToAlarm ?? p.DatapointsToAlarm ?? p.EvaluationPeriods,
      };
    } else {
      const d = detectionFromProperties(r, byId);
      detection = {
        detectionSeconds: d.seconds,
        from: 'properties',
        period: d.period,
        evaluationPeriods: d.evaluationPeriods,
        datapointsToAlarm: d.datapointsToAlarm,
        sourceDelaySeconds: d.delay.seconds,
        sourceDelayWhy: d.delay.why,
      };
    }
    detectionByName.set(name, detection.detectionSeconds);
    out.push({
      resource: r,
      name,
      subject,
      kind,
      composite,
      alarmMetrics: anomaly ? metrics + 2 : metrics,
      highResolution: period !== undefined && period < 60,
      anomaly,
      dashboard: ctx?.dashboard,
      detection: {
        name,
        stack: r.stack,
        region: r.region,
        subject: ctx?.subject ?? 'shared',
        signal: ctx?.signal ?? '-',
        kind,
        severity: ctx?.severity ?? '-',
        ...detection,
      },
    });
  }
  // Composite alarms: the slowest child, plus one evaluation.
  for (const f of out.filter((x) => x.composite)) {
    const children = childNames(f.resource.props.AlarmRule);
    const known = children.map((c) => detectionByName.get(c)).filter((s): s is number => s !== undefined && s >= 0);
    const seconds = known.length > 0 ? Math.max(...known) + EVALUATION_DELAY_SECONDS : EVALUATION_DELAY_SECONDS;
    (f as { detection: AlarmDetection }).detection = { ...f.detection, detectionSeconds: seconds };
  }
  return out;
}
