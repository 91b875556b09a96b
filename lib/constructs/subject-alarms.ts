import { CfnAlarm, CfnCompositeAlarm } from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { AlarmActions, createAlarm } from '../alarms/alarm-factory';
import type { AlarmSpec } from '../alarms/alarm-spec';
import { unhealthyComposite } from '../alarms/composite';
import { alarmSpecsForSubject } from '../alarms/signal-alarms';
import type { ResolvedConfig, ResolvedSubject } from '../config/resolve';

export interface SubjectAlarmsProps {
  readonly config: ResolvedConfig;
  readonly subject: ResolvedSubject;
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
    const { config: cfg, subject, actions } = props;
    this.specs = alarmSpecsForSubject(cfg, subject);
    const composite = unhealthyComposite(cfg, subject, this.specs);
    const viaParent = new Set(composite?.children.map((c) => c.name) ?? []);
    this.alarms = this.specs.map((spec) => createAlarm(this, `${spec.context.signal}-${spec.kind}`, spec, actions, viaParent.has(spec.name)));
    if (composite) {
      const arns = [...actions.topicArns.critical];
      this.composite = new CfnCompositeAlarm(this, 'unhealthy-composite', {
        alarmName: composite.name,
        alarmRule: composite.rule,
        alarmDescription: composite.description,
        actionsEnabled: true,
        alarmActions: arns,
        okActions: actions.okNotifications === false ? undefined : arns,
      });
      // The rule names the children: they must exist first.
      for (const a of this.alarms) if (viaParent.has(a.alarmName!)) this.composite.node.addDependency(a);
    }
  }
}
