/** What each maintenance window mutes, read from the synthesized mute rules (`plan`). */
import { windowTargets } from '../config/maintenance-schema';
import type { ResolvedConfig } from '../config/resolve';
import { muteRuleName, muteRuleSubject } from '../naming';
import type { Synthesized } from './synthesize';
import type { MaintenancePlan } from './types';

export function maintenancePlan(cfg: ResolvedConfig, s: Synthesized): MaintenancePlan[] {
  const rules = s.stacks.flatMap((st) => st.resources).filter((r) => r.type === 'AWS::CloudWatch::AlarmMuteRule');
  return cfg.maintenanceWindows.map((w) => {
    const subjects = [
      ...[...w.zoneIds, ...w.vpcIds, ...w.endpointIds].map(muteRuleSubject.id),
      ...[...w.dnsChecks].map(muteRuleSubject.dnsCheck),
      ...[...w.healthChecks].map(muteRuleSubject.healthCheck),
    ];
    const names = new Set(subjects.map((id) => muteRuleName(cfg.prefix, w.name, id)));
    const mine = rules.filter((r) => names.has(String(r.props.Name)));
    return {
      name: w.name,
      schedule: w.schedule,
      duration: w.duration,
      durationMinutes: w.durationMinutes,
      timezone: w.timezone ?? 'UTC',
      ...windowTargets(w),
      rules: mine.length,
      alarms: mine.reduce((n, r) => n + ((r.props.MuteTargets as { AlarmNames?: unknown[] } | undefined)?.AlarmNames?.length ?? 0), 0),
    };
  });
}
