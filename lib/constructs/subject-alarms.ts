import { CfnAlarm } from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { AlarmActions, createAlarm } from '../alarms/alarm-factory';
import type { AlarmSpec } from '../alarms/alarm-spec';
import { alarmSpecsForSubject } from '../alarms/signal-alarms';
import type { ResolvedConfig, ResolvedSubject } from '../config/resolve';

export interface SubjectAlarmsProps {
  readonly config: ResolvedConfig;
  readonly subject: ResolvedSubject;
  readonly actions: AlarmActions;
}

/** Every alarm of one hosted zone or VPC, generated from its enabled signals. */
export class SubjectAlarms extends Construct {
  readonly specs: readonly AlarmSpec[];
  readonly alarms: readonly CfnAlarm[];

  constructor(scope: Construct, id: string, props: SubjectAlarmsProps) {
    super(scope, id);
    this.specs = alarmSpecsForSubject(props.config, props.subject);
    this.alarms = this.specs.map((spec) => createAlarm(this, `${spec.context.signal}-${spec.kind}`, spec, props.actions));
  }
}
