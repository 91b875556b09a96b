/**
 * The M-of-N alarms of the active DNS checks (lib/alarms/dns-check-alarm.ts), one per check, and
 * the alarm on each reading prober's zone checks skipped run after run, one per such region.
 */
import type { CfnAlarm } from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { type AlarmActions, createAlarm } from '../alarms/alarm-factory';
import type { AlarmSpec } from '../alarms/alarm-spec';

export class DnsCheckAlarms extends Construct {
  /** The specs the alarms were built from (plan reads them). */
  readonly specs: readonly AlarmSpec[];
  readonly alarms: Readonly<Record<string, CfnAlarm>>;

  /** Vantage region -> the alarm on its prober's zone checks skipped. */
  readonly skippedAlarms: Readonly<Record<string, CfnAlarm>>;

  constructor(scope: Construct, id: string, props: { readonly specs: readonly AlarmSpec[]; readonly skipped: ReadonlyMap<string, AlarmSpec>; readonly actions: AlarmActions }) {
    super(scope, id);
    this.specs = [...props.specs, ...props.skipped.values()];
    // Construct ids are the check names (unique in the config) and the regions: logical ids never follow list order.
    this.alarms = Object.fromEntries(props.specs.map((s) => [s.context.subjectId, createAlarm(this, `Check-${s.context.subjectId}`, s, props.actions)]));
    this.skippedAlarms = Object.fromEntries([...props.skipped].map(([region, s]) => [region, createAlarm(this, `ZoneChecksSkipped-${region}`, s, props.actions)]));
  }
}
