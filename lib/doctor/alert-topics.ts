/**
 * The alert topics of a deployment, as the commands that read the account find them: the app's own
 * by name (each route and severity, and its SMS topic), the config's existing topics by ARN
 * (`alerts.*.topicArns`). A route and a severity narrow them (`test-alert --route --severity`).
 */
import { SEVERITIES, type Severity } from '../../contracts/alarm-context';
import type { ResolvedConfig } from '../config/resolve';
import { smsTopicName, topicName } from '../naming';

export interface AlertTopicScope {
  readonly route?: string;
  readonly severity?: Severity;
}

export function deploymentAlertTopics(cfg: Pick<ResolvedConfig, 'prefix' | 'alertRoutes'>, scope: AlertTopicScope = {}): { names: Set<string>; arns: Set<string> } {
  const names = new Set<string>();
  const arns = new Set<string>();
  for (const r of Object.values(cfg.alertRoutes)) {
    if (scope.route && r.name !== scope.route) continue;
    for (const s of SEVERITIES) {
      if (scope.severity && s !== scope.severity) continue;
      names.add(topicName(cfg.prefix, s, r.name));
      names.add(smsTopicName(cfg.prefix, s, r.name));
      for (const arn of r.severities[s].topicArns ?? []) arns.add(arn);
    }
  }
  return { names, arns };
}
