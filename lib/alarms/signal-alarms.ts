/**
 * The alarms of one subject (zone or VPC), generated from its resolved signals:
 *  - count:        Sum per period >= threshold (or, for `direction: low` signals such as total,
 *                  the low-traffic / log-ingestion-gap alarm: < threshold, missing data breaching)
 *  - rate:         percent of total queries >= rateThreshold (< for `low` signals), volume-guarded
 *  - anomaly:      outside an anomaly-detection band (spike, drop or both)
 */
import type { ResolvedConfig, ResolvedSignal, ResolvedSubject } from '../config/resolve';
import { alarmName } from '../naming';
import { countQueries, metricRef, rateQueries } from '../signals/metric-queries';
import type { AlarmContext, AlarmKind } from '../../contracts/alarm-context';
import { describeAlarm } from './description';
import { evaluationText, type AlarmSpec, type Comparison } from './alarm-spec';
import { oneMinuteDataDetectionSeconds } from './detection-time';

function describe(cfg: ResolvedConfig, subject: ResolvedSubject, rs: ResolvedSignal, condition: string, context: AlarmContext, detectionSeconds: number): string {
  const noun = subject.source === 'hostedZone' ? 'hosted zone' : 'VPC';
  return describeAlarm({
    head: `${rs.def.title} for ${noun} ${subject.name} (${subject.id}) in ${subject.region}: ${condition}`,
    detectionSeconds,
    detail: `${rs.def.description}\nWhere to look: ${context.dashboard ? `dashboard ${context.dashboard}; ` : ''}log group ${subject.logGroupName}. ${rs.def.triage}`,
    runbookUrl: cfg.alerts.runbookUrl,
    context,
  });
}

/** @param dashboard the dashboard that shows the subject (named in every description); none when dashboards are off. */
export function alarmSpecsForSubject(cfg: ResolvedConfig, subject: ResolvedSubject, dashboard: string | undefined): AlarmSpec[] {
  const out: AlarmSpec[] = [];
  for (const rs of subject.signals) {
    const { def, settings: s } = rs;
    const low = def.direction === 'low';
    const detection = oneMinuteDataDetectionSeconds(s);
    /** Fields every alarm of this signal shares; `cond` is the human condition in its description. */
    const base = (kind: AlarmKind, cond: string) => {
      const context: AlarmContext = {
        subject: subject.name,
        subjectId: subject.id,
        signal: def.id,
        kind,
        severity: s.severity,
        dashboard,
        region: subject.region,
      };
      return {
        name: alarmName(cfg.prefix, subject, def.id, kind),
        kind,
        context,
        severity: s.severity,
        actionsEnabled: s.actionsEnabled,
        period: s.period,
        evaluationPeriods: s.evaluationPeriods,
        datapointsToAlarm: s.datapointsToAlarm,
        description: describe(cfg, subject, rs, cond, context, detection),
        detectionSeconds: detection,
      };
    };

    if (s.threshold !== null) {
      const cond = low
        ? `fewer than ${s.threshold} per ${s.period} s ${evaluationText(s)} (no data counts as breaching: a log-ingestion gap alarms too)`
        : `${s.threshold} or more per ${s.period} s ${evaluationText(s)}`;
      out.push({
        ...base(low ? 'low-traffic' : 'count', cond),
        comparison: low ? 'LessThanThreshold' : 'GreaterThanOrEqualToThreshold',
        threshold: s.threshold,
        treatMissingData: low ? 'breaching' : s.treatMissingData,
        ...(def.measure.kind === 'filter'
          ? { metric: metricRef(cfg.namespace, subject, def) }
          : { queries: countQueries(cfg.namespace, subject, def).queries }),
      });
    }

    if (s.rateThreshold !== null && def.hasRate) {
      const vol = Math.max(1, s.minVolume);
      const quiet =
        !low && s.lowVolumeRateThreshold !== null
          ? `; with fewer queries, a period counts when ${Math.max(1, s.lowVolumeMinCount)} or more of its queries match and make up at least ${s.lowVolumeRateThreshold} % of them`
          : '';
      const busyMin = !low && s.minCount > 1 ? ` and at least ${s.minCount} of them match` : '';
      const cond = `${low ? 'below' : 'at or above'} ${s.rateThreshold} % of all queries ${evaluationText(s)} (when a period has at least ${vol} ${vol === 1 ? 'query' : 'queries'}${busyMin}${quiet})`;
      out.push({
        ...base('rate', cond),
        comparison: low ? 'LessThanThreshold' : 'GreaterThanOrEqualToThreshold',
        threshold: s.rateThreshold,
        treatMissingData: low ? 'notBreaching' : s.treatMissingData,
        queries: rateQueries(cfg.namespace, subject, def, s).queries,
      });
    }

    if (s.anomaly !== 'off') {
      const series =
        def.anomalyOn === 'rate' && def.hasRate ? rateQueries(cfg.namespace, subject, def, s) : countQueries(cfg.namespace, subject, def);
      const comparison: Comparison =
        s.anomaly === 'spike'
          ? 'GreaterThanUpperThreshold'
          : s.anomaly === 'drop'
            ? 'LessThanLowerThreshold'
            : 'LessThanLowerOrGreaterThanUpperThreshold';
      const what = s.anomaly === 'spike' ? 'above' : s.anomaly === 'drop' ? 'below' : 'outside';
      const cond = `${def.anomalyOn === 'rate' ? 'rate' : 'count'} ${what} its anomaly-detection band (${s.anomalyBandWidth} standard deviations) ${evaluationText(s)}`;
      out.push({
        ...base(s.anomaly === 'drop' ? 'anomaly-drop' : 'anomaly', cond),
        comparison,
        thresholdMetricId: 'band',
        treatMissingData: s.treatMissingData,
        queries: [
          ...series.queries,
          { id: 'band', expression: `ANOMALY_DETECTION_BAND(${series.resultId}, ${s.anomalyBandWidth})`, label: 'expected band', returnData: true },
        ],
      });
    }
  }
  return out;
}
