import { CfnMetricFilter } from 'aws-cdk-lib/aws-logs';
import { Construct, IDependable } from 'constructs';
import type { ResolvedSubject } from '../config/resolve';
import { filtersForLogGroup, FilterSpec } from '../signals/metric-filters';
import type { LogSource } from '../signals/types';
import { metricFilterName } from '../naming';

export interface LogGroupMetricFiltersProps {
  readonly prefix: string;
  readonly namespace: string;
  readonly source: LogSource;
  readonly logGroupName: string;
  /** Subjects whose queries land in this log group. */
  readonly subjects: readonly ResolvedSubject[];
  /** A resource that must exist first (the log group, when this app creates it). */
  readonly dependsOn?: IDependable;
}

/** The metric filters of one log group: one per published signal, shared by all its subjects. */
export class LogGroupMetricFilters extends Construct {
  readonly specs: readonly FilterSpec[];
  readonly filters: readonly CfnMetricFilter[];

  constructor(scope: Construct, id: string, props: LogGroupMetricFiltersProps) {
    super(scope, id);
    this.specs = filtersForLogGroup(props.source, props.logGroupName, props.subjects);
    this.filters = this.specs.map((spec) => {
      const f = new CfnMetricFilter(this, spec.key, {
        logGroupName: props.logGroupName,
        filterName: metricFilterName(props.prefix, spec.metricName),
        filterPattern: spec.pattern,
        metricTransformations: [
          {
            metricNamespace: props.namespace,
            metricName: spec.metricName,
            metricValue: '1',
            unit: 'Count',
            dimensions: Object.entries(spec.dimensions).map(([key, value]) => ({ key, value })),
          },
        ],
      });
      if (props.dependsOn) f.node.addDependency(props.dependsOn);
      return f;
    });
  }
}
