import { CfnAlarm, CfnCompositeAlarm } from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { AlarmActions, actionArnsOf, createAlarm } from '../alarms/alarm-factory';
import type { AlarmSpec } from '../alarms/alarm-spec';
import type { SubjectModel } from '../model';

export interface SubjectAlarmsProps {
  /** The subject's model: its alarm specs and composite, computed once (lib/model). */
  readonly model: SubjectModel;
  readonly actions: AlarmActions;
}

/**
 * Every alarm of one hosted zone or VPC, generated from its enabled signals, plus the "unhealthy"
 * composite over its critical alarms (unless `alerts.zoneUnhealthy: false`).
 */
export class SubjectAlarms extends Construct {
  readonly specs: readonly AlarmSpec[];
  readonly alarms: readonly CfnAlarm[];
  readonly composite?: CfnCompositeAlarm;

  constructor(scope: Construct, id: string, props: SubjectAlarmsProps) {
    super(scope, id);
    const { model, actions } = props;
    this.specs = model.alarms;
    const composite = model.composite;
    const viaParent = new Set(composite?.children.map((c) => c.name) ?? []);
    this.alarms = this.specs.map((spec) => createAlarm(this, `${spec.context.signal}-${spec.kind}`, spec, actions, viaParent.has(spec.name)));
    if (composite) {
      const arns = actionArnsOf(actions, 'critical');
      this.composite = new CfnCompositeAlarm(this, 'unhealthy-composite', {
        alarmName: composite.name,
        alarmRule: composite.rule,
        alarmDescription: composite.description,
        actionsEnabled: true,
        alarmActions: arns.alarm,
        okActions: arns.ok,
      });
      // The rule names the children: they must exist first.
      for (const a of this.alarms) if (viaParent.has(a.alarmName!)) this.composite.node.addDependency(a);
    }
  }
}
