/** Types of the signal catalogue: one entry per DNS signal, read by every generator. */
import type { Severity } from '../../contracts/alarm-context';

/** Where a signal's data comes from. */
export type LogSource = 'hostedZone' | 'resolver';

/** What a metric-filter condition compares one log field against. */
export type FieldCondition =
  | { readonly equals: readonly string[] } // field is any of these values
  | { readonly notEquals: readonly string[] }; // field is none of these values

/** A signal counted by a CloudWatch Logs metric filter. */
export interface FilterMeasure {
  readonly kind: 'filter';
  /** CloudWatch metric name (namespace and subject dimension come from the source). */
  readonly metricName: string;
  /** Conditions on named log fields (names from the source's field list). */
  readonly where: Readonly<Record<string, FieldCondition>>;
  /**
   * A value-dimension shared by a family of signals: all enabled members publish through ONE
   * metric filter whose dimension is taken from this field (e.g. query type), so the family costs
   * one filter per log group instead of one per member.
   */
  readonly dimension?: { readonly name: string; readonly field: string; readonly value: string };
}

/** A signal computed with metric math from other signals (no metric filter, no custom metric). */
export interface MathMeasure {
  readonly kind: 'math';
  /** Expression over other signal ids of the same source, written with `{signalId}` placeholders. */
  readonly expression: string;
  readonly uses: readonly string[];
}

export type Measure = FilterMeasure | MathMeasure;

/** Alarm defaults of a signal. `null` means that alarm kind is off unless the config turns it on. */
export interface SignalDefaults {
  readonly enabled: boolean;
  /** Count alarm threshold (per period). */
  readonly threshold: number | null;
  /** Rate alarm threshold in percent of total queries. */
  readonly rateThreshold: number | null;
  /** The rate tier of a rate alarm evaluates when total queries per period reach this. */
  readonly minVolume: number;
  /**
   * Matching queries a period needs before the rate tier can breach: one stray error in a modest
   * minute (1 of 50 queries is 2 %) is no outage, and a real one at `minVolume` queries or more
   * brings several per period.
   */
  readonly minCount: number;
  /**
   * Low-volume tier of a rate alarm (periods with fewer than `minVolume` queries): such a period
   * breaches only when at least `lowVolumeMinCount` queries match AND they are at least this
   * percent of all queries, i.e. the subject answers mostly this error. `null`: quiet periods
   * never breach (the rate alarm is silent below `minVolume`).
   */
  readonly lowVolumeRateThreshold: number | null;
  /** Matching queries a period needs before the low-volume tier can breach. */
  readonly lowVolumeMinCount: number;
  readonly period: number;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
  readonly treatMissingData: TreatMissingData;
  readonly severity: Severity;
  readonly anomaly: AnomalyMode;
  readonly anomalyBandWidth: number;
}

/**
 * How a signal appears on dashboards (read by lib/dashboards). Absent: an own graph only.
 */
export interface SignalWidget {
  /**
   * The signal gets its own graph on the zone/VPC dashboard: the count per period (left axis),
   * its rate in percent of all queries (right axis) when it has one, with its alarm thresholds as
   * lines and its anomaly band when an anomaly alarm watches it.
   */
  readonly own: boolean;
  /** Stacked breakdown graph the signal's count joins (response codes, query types, protocols). */
  readonly breakdown?: 'rcode' | 'qtype' | 'protocol';
  /** Ranked by zone/VPC on the landing dashboard (the top subjects by this count). */
  readonly hotspot?: boolean;
}

export type TreatMissingData = 'missing' | 'notBreaching' | 'breaching' | 'ignore';
export type AnomalyMode = 'off' | 'spike' | 'drop' | 'both';

export interface SignalDef {
  /** Config key and alarm-name part, kebab-case (e.g. `nxdomain`, `qtype-aaaa`). */
  readonly id: string;
  readonly source: LogSource;
  /** Short human title for widgets and alarm text. */
  readonly title: string;
  /** One line: what it counts and why it matters (alarm descriptions and docs). */
  readonly description: string;
  /** Where to look first when it fires (alarm descriptions, docs). */
  readonly triage: string;
  readonly group: 'volume' | 'rcode' | 'protocol' | 'ecs' | 'qtype' | 'firewall';
  readonly measure: Measure;
  /** Whether the signal has a percent-of-total form (rate alarm, rate widget). */
  readonly hasRate: boolean;
  /**
   * Which way is bad. `high` alarms on >= threshold (errors); `low` alarms on < threshold (total
   * volume: the count alarm becomes the low-traffic / log-ingestion-gap alarm, missing = breaching).
   */
  readonly direction: 'high' | 'low';
  /** The anomaly model watches the rate form (success rate) instead of the count. */
  readonly anomalyOn: 'count' | 'rate';
  readonly defaults: SignalDefaults;
  /** Dashboard presentation. @default { own: true } */
  readonly widget?: SignalWidget;
}

/**
 * What the signal generators (filters, metric queries, Top-N rules) read of a monitored zone or
 * VPC. The config's resolved subject (lib/config/resolve.ts) is one; the catalogue never imports it.
 */
export interface SignalSubject {
  readonly source: LogSource;
  /** Hosted zone id or VPC id (the value in the logs and the metric dimension). */
  readonly id: string;
  readonly logGroupName: string;
  readonly contributorInsights: boolean;
  /** Where the subject is in the config file, e.g. `hostedZones[3]`. */
  readonly configPath: string;
  /** Enabled signals. */
  readonly signals: readonly { readonly def: SignalDef }[];
}
