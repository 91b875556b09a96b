/**
 * `HealthCheckMonitoring`: the Route 53 health checks of the config (each with a Name tag), the
 * calculated groups, and their alarms (status, partial outage, latency). Route 53 publishes
 * health-check metrics only in us-east-1, so this construct, its alarms and the topics they notify
 * must be in us-east-1 whatever region the rest of the app uses.
 */
import { Annotations } from 'aws-cdk-lib';
import { CfnAlarm } from 'aws-cdk-lib/aws-cloudwatch';
import { CfnHealthCheck } from 'aws-cdk-lib/aws-route53';
import { Construct } from 'constructs';
import { ROUTE53 } from '../aws-facts';
import type { AlarmActions } from '../alarms/alarm-factory';
import type { ResolvedHealthCheck } from '../config/resolve-health';
import { createAlarm } from '../alarms/alarm-factory';
import type { AlarmSpec } from '../alarms/alarm-spec';
import { HOSTED_ZONE_REGION } from '../config/resolve';
import { requireStackRegion, requireTopicRegion } from './health-alarm';
import { healthCheckAlarmSpecs } from './health-check-alarms';
import { healthCheckProperty } from './health-check-config';

/** Route 53's default quota of health checks per account (lib/aws-facts.ts). */
export const DEFAULT_HEALTH_CHECK_QUOTA = ROUTE53.healthChecksPerAccount;
export const HEALTH_CHECK_QUOTA_WARNING = 'codreum:health-check-quota';

/** The one health-check quota warning: on `scope`, when more checks are active than the quota allows. */
export function warnHealthCheckQuota(scope: Construct, active: number, quota: number = DEFAULT_HEALTH_CHECK_QUOTA): void {
  if (active > quota) Annotations.of(scope).addWarningV2(HEALTH_CHECK_QUOTA_WARNING, healthCheckQuotaMessage(active, quota));
}

/** The one text of the health-check quota warning. */
export function healthCheckQuotaMessage(active: number, quota: number): string {
  return `${active} health checks exceed the Route 53 quota of ${quota} per account (${DEFAULT_HEALTH_CHECK_QUOTA} by default; checks created outside this app count too) — request a quota increase (Service Quotas, Route 53, "Health checks") before deploying, or the deployment fails`;
}

export interface HealthCheckMonitoringProps {
  /** Deployment prefix (alarm names, Name tags). */
  readonly prefix: string;
  /** Health checks of the resolved config (`ResolvedConfig.healthChecks`). */
  readonly healthChecks: readonly ResolvedHealthCheck[];
  /** Topic ARNs per severity; they must be us-east-1 topics. */
  readonly actions: AlarmActions;
  /** Added to every alarm description. @default none */
  readonly runbookUrl?: string;
  /** Health checks the account may have; a synth warning is shown above it. @default 200 (Route 53 default quota) */
  readonly healthCheckQuota?: number;
}

export class HealthCheckMonitoring extends Construct {
  /** Route 53 health checks by config name. */
  readonly healthChecks: Readonly<Record<string, CfnHealthCheck>>;
  readonly specs: readonly AlarmSpec[];
  readonly alarms: readonly CfnAlarm[];

  constructor(scope: Construct, id: string, props: HealthCheckMonitoringProps) {
    super(scope, id);
    const why = 'Route 53 publishes health-check metrics only in us-east-1, and an alarm can only watch metrics and notify topics of its own region';
    requireStackRegion(this, HOSTED_ZONE_REGION, why);
    requireTopicRegion(this, props.actions, HOSTED_ZONE_REGION);
    const checks = props.healthChecks;
    const byName = new Map(checks.map((c) => [c.name, c]));

    warnHealthCheckQuota(this, checks.filter((c) => !c.disabled).length, props.healthCheckQuota);

    const created = new Map<string, CfnHealthCheck>();
    const create = (hc: ResolvedHealthCheck): CfnHealthCheck => {
      const existing = created.get(hc.name);
      if (existing) return existing;
      const childIds = (hc.children ?? []).map((c) => create(byName.get(c)!).attrHealthCheckId);
      const resource = new CfnHealthCheck(this, `HealthCheck-${hc.name}`, {
        healthCheckConfig: healthCheckProperty(hc, childIds),
        healthCheckTags: [{ key: 'Name', value: `${props.prefix}-${hc.name}` }],
      });
      created.set(hc.name, resource);
      return resource;
    };
    // CloudFormation cannot create a disabled health check (AWS::Route53::HealthCheck has no
    // Disabled property), so `disabled: true` leaves it out: no check, no cost, no alarms.
    for (const hc of checks) if (!hc.disabled) create(hc);
    this.healthChecks = Object.fromEntries(created);

    const specs: AlarmSpec[] = [];
    const alarms: CfnAlarm[] = [];
    for (const hc of checks) {
      if (hc.disabled) continue;
      const own = healthCheckAlarmSpecs({
        prefix: props.prefix,
        check: hc,
        healthCheckId: created.get(hc.name)!.attrHealthCheckId,
        runbookUrl: props.runbookUrl,
      });
      for (const spec of own) alarms.push(createAlarm(this, `Alarm-${hc.name}-${spec.context.signal}`, spec, props.actions));
      specs.push(...own);
    }
    this.specs = specs;
    this.alarms = alarms;
  }

  /** Route 53 ids of every health check (tokens), e.g. to narrow the change audit. */
  get healthCheckIds(): string[] {
    return Object.values(this.healthChecks).map((h) => h.attrHealthCheckId);
  }
}
