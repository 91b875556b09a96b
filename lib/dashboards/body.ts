/**
 * The CloudWatch dashboard body as plain data (the JSON `DashboardBody` of PutDashboard /
 * AWS::CloudWatch::Dashboard), and the hard limits it must respect.
 */

import { DASHBOARDS } from '../aws-facts';

/** CloudWatch hard limits per dashboard: one definition, in lib/aws-facts.ts. */
export const LIMITS = DASHBOARDS;

/**
 * Bytes of widgets one generated page may hold: the product's budget, not an AWS limit. A page
 * lands in a CloudFormation template as an escaped JSON string (about 10 % longer), and a template
 * may hold 1,000,000 bytes (lib/aws-facts.ts), so three full pages always fit in one stack.
 */
export const MAX_PAGE_BYTES = 250_000;

/** Options of one entry in a widget's `metrics` array. */
export interface MetricOptions {
  id?: string;
  label?: string;
  visible?: boolean;
  stat?: string;
  period?: number;
  yAxis?: 'left' | 'right';
  color?: string;
  region?: string;
}

/** `[namespace, metricName, dim1, value1, ..., options]` or `[{ expression, id, ... }]`. */
export type MetricEntry = (string | MetricOptions | (MetricOptions & { expression: string }))[];

export interface Annotation {
  value: number;
  label: string;
  color?: string;
  yAxis?: 'left' | 'right';
  fill?: 'above' | 'below';
}

export interface MetricWidgetProperties {
  title: string;
  region: string;
  view: 'timeSeries' | 'singleValue' | 'bar' | 'pie' | 'gauge';
  stacked?: boolean;
  period?: number;
  stat?: string;
  metrics: MetricEntry[];
  annotations?: { horizontal?: Annotation[] };
  yAxis?: { left?: { min?: number; max?: number; label?: string; showUnits?: boolean }; right?: { min?: number; max?: number; label?: string; showUnits?: boolean } };
  legend?: { position: 'bottom' | 'right' | 'hidden' };
  setPeriodToTimeRange?: boolean;
  sparkline?: boolean;
  liveData?: boolean;
}

interface Positioned {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface MetricWidget extends Positioned {
  type: 'metric';
  properties: MetricWidgetProperties;
}
export interface TextWidget extends Positioned {
  type: 'text';
  properties: { markdown: string; background?: 'solid' | 'transparent' };
}
export interface LogWidget extends Positioned {
  type: 'log';
  properties: { title: string; region: string; query: string; view: 'table' | 'timeSeries' | 'bar' | 'pie'; stacked?: boolean };
}
export interface AlarmWidget extends Positioned {
  type: 'alarm';
  properties: { title: string; alarms: string[]; sortBy?: 'default' | 'stateUpdatedTimestamp' | 'timestamp'; states?: string[] };
}
export type Widget = MetricWidget | TextWidget | LogWidget | AlarmWidget;

/** A dashboard variable (pattern variables swap a text across the whole body). */
export interface DashboardVariable {
  type: 'pattern' | 'property';
  pattern?: string;
  property?: string;
  inputType: 'input' | 'radio' | 'select';
  id: string;
  label: string;
  defaultValue: string;
  visible: boolean;
  values: { value: string; label?: string }[];
}

export interface DashboardBody {
  start: string;
  periodOverride: 'auto' | 'inherit';
  widgets: Widget[];
  variables?: DashboardVariable[];
}

/** A dashboard to create: its name, the region whose stack owns it, and its body. */
export interface DashboardDef {
  readonly name: string;
  /** Region of the stack that creates it (dashboards are global; widgets name their own region). */
  readonly region: string;
  readonly body: DashboardBody;
  /**
   * A health-check dashboard: the number of the health-check stack that holds its checks, and
   * creates it (DnsDashboardStacks `healthCheckStacks`). @default a dashboards stack creates it
   */
  readonly healthCheckStack?: number;
}

/** Metric-array entries of a widget: every metric, expression and Metrics Insights query. */
export function metricCount(w: Widget): number {
  return w.type === 'metric' ? w.properties.metrics.length : 0;
}

export function dashboardMetricCount(body: DashboardBody): number {
  return body.widgets.reduce((n, w) => n + metricCount(w), 0);
}
