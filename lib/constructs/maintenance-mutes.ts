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
    // A subject has at most 80 alarms today (25 signals x count, rate and anomaly, its composite,
    // DNSQueries and DNSSEC), within one rule's 100. Past that the names are split into parts in
    // name order: a part's rule holds no state, so a name moving between parts updates them in
    // place, and a part added or removed is only a rule created or deleted.
    const parts: string[][] = [];
    for (let i = 0; i < names.length; i += MUTE_RULES.maxAlarmsPerRule) parts.push(names.slice(i, i + MUTE_RULES.maxAlarmsPerRule));
    const rules: CfnAlarmMuteRule[] = [];
    for (const w of props.windows) {
      parts.forEach((part, k) => {
        // The construct id is the window's name (a dot, which no window name has, before a part
        // number): a window added, removed or moved leaves the others' logical ids alone.
        const rule = new CfnAlarmMuteRule(this, k === 0 ? w.name : `${w.name}.p${k + 1}`, {
          name: muteRuleName(props.prefix, w.name, props.subject.id, k + 1),
          description: `Maintenance window ${w.name} of ${props.prefix}: mutes the alarms of ${props.subject.label}${w.reason ? ` — ${w.reason}` : ''}`.slice(0, MUTE_RULES.maxDescriptionLength),
          rule: { schedule: { expression: w.schedule, duration: w.duration, ...(w.timezone ? { timezone: w.timezone } : {}) } },
          muteTargets: { alarmNames: part },
        });
        // CloudWatch refuses names of alarms that do not exist yet.
        for (const a of props.alarms) if (part.includes(a.alarmName as string)) rule.node.addDependency(a);
        rules.push(rule);
      });
    }
    this.rules = rules;
  }
}
