/**
 * The per-subject "unhealthy" composite alarm: ALARM when any of the subject's critical alarms is
 * in ALARM. It notifies the critical topic; its children keep their state and history but do not
 * notify themselves, so a bad incident pages once per zone/VPC with the children still visible.
 */
import type { ResolvedConfig, ResolvedSubject } from '../config/resolve';
import { ALARMS } from '../aws-facts';
import { alarmName } from '../naming';
import { describeAlarm } from './description';
import type { AlarmSpec } from './alarm-spec';

/** CloudWatch limit on the children of one composite alarm (lib/aws-facts.ts). */
export const MAX_COMPOSITE_CHILDREN = ALARMS.maxCompositeChildren;

export interface CompositeSpec {
  readonly name: string;
  readonly rule: string;
  readonly description: string;
  readonly children: readonly AlarmSpec[];
}

/** Children: enabled (not shadow-mode) critical alarms. Undefined when the composite is off or empty. */
export function unhealthyComposite(cfg: ResolvedConfig, subject: ResolvedSubject, specs: readonly AlarmSpec[], dashboard: string | undefined): CompositeSpec | undefined {
  if (!cfg.alerts.zoneUnhealthy) return undefined;
  const children = specs.filter((s) => s.severity === 'critical' && s.actionsEnabled).slice(0, MAX_COMPOSITE_CHILDREN);
  if (children.length === 0) return undefined;
  const noun = subject.source === 'hostedZone' ? 'Hosted zone' : 'VPC';
  const context = {
    subject: subject.name,
    subjectId: subject.id,
    signal: 'unhealthy',
    kind: 'composite',
    severity: 'critical',
    dashboard,
    region: subject.region,
  } as const;
  return {
    name: alarmName(cfg.prefix, subject, 'unhealthy', 'composite'),
    rule: children.map((c) => `ALARM("${c.name}")`).join(' OR '),
    description: describeAlarm({
      head: `${noun} ${subject.name} (${subject.id}) is unhealthy: at least one of its ${children.length} critical alarms is in ALARM (${children.map((c) => `${c.context.signal}-${c.kind}`).join(', ')}). The triggering alarm is named in this notification; its own description says where to look.${dashboard ? ` Dashboard: ${dashboard}` : ''}`,
      runbookUrl: cfg.alerts.runbookUrl,
      context,
    }),
    children,
  };
}
