/**
 * The alarms of one subject (zone or VPC), generated from its resolved signals:
 *  - count:        Sum per period >= threshold (or, for `direction: low` signals such as total,
 *                  the low-traffic / log-ingestion-gap alarm: < threshold, missing data breaching)
 *  - rate:         percent of total queries >= rateThreshold (< for `low` signals), volume-guarded
 *  - anomaly:      outside an anomaly-detection band (spike, drop or both)
 */
import type { ResolvedConfig, ResolvedSignal, ResolvedSubject } from '../config/resolve';
import { alarmName } from '../naming';
import { dashboardForSubject } from '../dashboards/plan';
import { countQueries, metricRef, rateQueries } from '../signals/metric-queries';
import { AlarmContext, AlarmKind, formatAlarmContext } from './alarm-context';
import type { AlarmSpec, Comparison } from './alarm-spec';
import { formatDuration, worstCaseDetectionSeconds } from './detection-time';

const MAX_DESCRIPTION = 1024;

function describe(
  cfg: ResolvedConfig,
  subject: ResolvedSubject,
  rs: ResolvedSignal,
  condition: string,
  ctx: AlarmContext,
  detection: number,
): string {
  const noun = subject.source === 'hostedZone' ? 'hosted zone' : 'VPC';
  const head = `${rs.def.title} for ${noun} ${subject.name} (${subject.id}) in ${subject.region}: ${condition}. Worst-case detection ${formatDuration(detection)}.`;
  const look = `Where to look: dashboard ${ctx.dashboard}; log group ${subject.logGroupName}. ${rs.def.triage}`;
  const runbook = cfg.alerts.runbookUrl ? ` Runbook: ${cfg.alerts.runbookUrl}` : '';
  const tail = `\n${formatAlarmContext(ctx)}`;
  let body = `${head}\n${rs.def.description}\n${look}${runbook}`;
  if (body.length + tail.length > MAX_DESCRIPTION) body = `${body.slice(0, MAX_DESCRIPTION - tail.length - 1)}…`;
  return body + tail;
}

function mOfN(s: ResolvedSignal['settings']): string {
  return `in ${s.datapointsToAlarm} of ${s.evaluationPeriods} periods of ${s.period} s`;
}

export function alarmSpecsForSubject(cfg: ResolvedConfig, subject: ResolvedSubject): AlarmSpec[] {
  const out: AlarmSpec[] = [];
  for (const rs of subject.signals) {
    const { def, settings: s } = rs;
    const low = def.direction === 'low';
    const base = (kind: AlarmKind) => {
      const ctx: AlarmContext = {
        subject: subject.name,
        subjectId: subject.id,
        signal: def.id,
        kind,
        severity: s.severity,
        dashboard: dashboardForSubject(cfg, subject),
        region: subject.region,
      };
      return { ctx, name: alarmName(cfg.prefix, subject, def.id, kind) };
    };
    const common = {
      severity: s.severity,
      actionsEnabled: s.actionsEnabled,
      period: s.period,
      evaluationPeriods: s.evaluationPeriods,
      datapointsToAlarm: s.datapointsToAlarm,
    };
    const detection = worstCaseDetectionSeconds(s);

    if (s.threshold !== null) {
      const kind: AlarmKind = low ? 'low-traffic' : 'count';
      const { ctx, name } = base(kind);
      const comparison: Comparison = low ? 'LessThanThreshold' : 'GreaterThanOrEqualToThreshold';
      const cond = low
        ? `fewer than ${s.threshold} per ${s.period} s ${mOfN(s)} (no data counts as breaching: a log-ingestion gap alarms too)`
        : `${s.threshold} or more per ${s.period} s ${mOfN(s)}`;
      const count = countQueries(cfg.namespace, subject, def);
      out.push({
        ...common,
        name,
        kind,
        context: ctx,
        comparison,
        threshold: s.threshold,
        treatMissingData: low ? 'breaching' : s.treatMissingData,
        ...(def.measure.kind === 'filter' ? { metric: metricRef(cfg.namespace, subject, def) } : { queries: count.queries }),
        description: describe(cfg, subject, rs, cond, ctx, detection),
        detectionSeconds: detection,
      });
    }

    if (s.rateThreshold !== null && def.hasRate) {
      const { ctx, name } = base('rate');
      const rate = rateQueries(cfg.namespace, subject, def, s);
      const cond = `${low ? 'below' : 'at or above'} ${s.rateThreshold} % of all queries ${mOfN(s)} (only evaluated when there are at least ${Math.max(1, s.minVolume)} queries per period)`;
      out.push({
        ...common,
        name,
        kind: 'rate',
        context: ctx,
        comparison: low ? 'LessThanThreshold' : 'GreaterThanOrEqualToThreshold',
        threshold: s.rateThreshold,
        treatMissingData: low ? 'notBreaching' : s.treatMissingData,
        queries: rate.queries,
        description: describe(cfg, subject, rs, cond, ctx, detection),
        detectionSeconds: detection,
      });
    }

    if (s.anomaly !== 'off') {
      const kind: AlarmKind = s.anomaly === 'drop' ? 'anomaly-drop' : 'anomaly';
      const { ctx, name } = base(kind);
      const series =
        def.anomalyOn === 'rate' && def.hasRate ? rateQueries(cfg.namespace, subject, def, s) : countQueries(cfg.namespace, subject, def);
      const comparison: Comparison =
        s.anomaly === 'spike'
          ? 'GreaterThanUpperThreshold'
          : s.anomaly === 'drop'
            ? 'LessThanLowerThreshold'
            : 'LessThanLowerOrGreaterThanUpperThreshold';
      const what = s.anomaly === 'spike' ? 'above' : s.anomaly === 'drop' ? 'below' : 'outside';
      const cond = `${def.anomalyOn === 'rate' ? 'rate' : 'count'} ${what} its anomaly-detection band (${s.anomalyBandWidth} standard deviations) ${mOfN(s)}`;
      out.push({
        ...common,
        name,
        kind,
        context: ctx,
        comparison,
        thresholdMetricId: 'band',
        treatMissingData: s.treatMissingData,
        queries: [
          ...series.queries,
          { id: 'band', expression: `ANOMALY_DETECTION_BAND(${series.resultId}, ${s.anomalyBandWidth})`, label: 'expected band', returnData: true },
        ],
        description: describe(cfg, subject, rs, cond, ctx, detection),
        detectionSeconds: detection,
      });
    }
  }
  return out;
}
