/**
 * The mute rules of one subject (a hosted zone, VPC, DNS check, health check or Resolver endpoint): one per maintenance window
 * that names it, muting every alarm of the subject in this stack while the window is open. The
 * rule lives next to the alarms it names, because CloudWatch refuses names of alarms that do not
 * exist yet (API_MuteTargets) and a subject's alarms all live in one stack: it is created after
 * them, and updated or deleted with them.
 */
import { CfnAlarm, CfnAlarmMuteRule, CfnCompositeAlarm } from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { MUTE_RULES } from '../aws-facts';
import type { ResolvedMaintenanceWindow } from '../config/maintenance-schema';
import { muteRuleName } from '../naming';

/** Alarm constructs that keep `alarms` and the `specs` they were built from in step. */
export interface AlarmGroup {
  readonly alarms: readonly CfnAlarm[];
  readonly specs: readonly { readonly context: { readonly subjectId: string } }[];
}

/** The alarms of `groups` whose spec is about `subjectId` (its context line's subject id). */
export function alarmsOfSubject(groups: readonly AlarmGroup[], subjectId: string): CfnAlarm[] {
  return groups.flatMap((g) => g.alarms.filter((_, j) => g.specs[j].context.subjectId === subjectId));
}

export interface MaintenanceMutesProps {
  readonly prefix: string;
  /** The subject in the rule name (`muteRuleSubject` in lib/naming.ts) and what the description calls it. */
  readonly subject: { readonly id: string; readonly label: string };
  readonly windows: readonly ResolvedMaintenanceWindow[];
  /** Every alarm of the subject, metric and composite. */
  readonly alarms: readonly (CfnAlarm | CfnCompositeAlarm)[];
}

export class MaintenanceMutes extends Construct {
  readonly rules: readonly CfnAlarmMuteRule[];

  constructor(scope: Construct, id: string, props: MaintenanceMutesProps) {
    super(scope, id);
    const names = [...new Set(props.alarms.map((a) => a.alarmName).filter((n): n is string => typeof n === 'string'))].sort();
    if (names.length !== props.alarms.length) throw new Error(`${props.subject.label}: every alarm a mute rule names needs a literal, unique alarm name`);
    // The largest subject has 79 alarms (a zone with every signal as count, rate and anomaly, its
    // composite, DNSQueries and DNSSEC; a VPC 75): test/alarms/maintenance-windows.test.ts.
    if (names.length > MUTE_RULES.maxAlarmsPerRule) {
      throw new Error(`${props.subject.label} has ${names.length} alarms; one CloudWatch mute rule names at most ${MUTE_RULES.maxAlarmsPerRule}`);
    }
    const rules = names.length === 0 ? [] : props.windows.map((w) => {
      // The construct id is the window's name: a window added, removed or moved leaves the others' logical ids alone.
      const rule = new CfnAlarmMuteRule(this, w.name, {
        name: muteRuleName(props.prefix, w.name, props.subject.id),
        description: `Maintenance window ${w.name} of ${props.prefix}: mutes the alarms of ${props.subject.label}${w.reason ? ` — ${w.reason}` : ''}`.slice(0, MUTE_RULES.maxDescriptionLength),
        rule: { schedule: { expression: w.schedule, duration: w.duration, ...(w.timezone ? { timezone: w.timezone } : {}) } },
        muteTargets: { alarmNames: names },
      });
      // CloudWatch refuses names of alarms that do not exist yet.
      for (const a of props.alarms) rule.node.addDependency(a);
      return rule;
    });
    this.rules = rules;
  }
}
