/** Generated configs for dashboard tests: N zones (each its own log group) and M VPCs. */
import { parseConfig } from '../../lib/config/load';
import type { ResolvedConfig } from '../../lib/config/resolve';
import type { DashboardsConfigInput } from '../../lib/config/dashboards-schema';

export interface FleetOptions {
  readonly zones: number;
  readonly vpcs?: number;
  readonly dashboards?: DashboardsConfigInput;
  /** Extra top-level config keys (signals, alerts...). */
  readonly extra?: Record<string, unknown>;
  /** Per-zone overrides by index. */
  readonly zone?: (i: number) => Record<string, unknown>;
}

export const zoneId = (i: number) => `Z${String(i).padStart(6, '0')}ABCDEFGHIJKL`;
export const vpcId = (i: number) => `vpc-${i.toString(16).padStart(17, '0')}`;

export function rawFleet(o: FleetOptions): Record<string, unknown> {
  return {
    prefix: 'acme',
    hostedZones: Array.from({ length: o.zones }, (_, i) => ({ zoneId: zoneId(i), zoneName: `zone${i}.example.com`, ...(o.zone?.(i) ?? {}) })),
    resolverVpcs: Array.from({ length: o.vpcs ?? 0 }, (_, i) => ({ vpcId: vpcId(i), region: i % 2 === 0 ? 'eu-west-1' : 'us-east-1', name: `vpc${i}` })),
    alerts: { runbookUrl: 'https://wiki.example.com/dns-runbook' },
    ...(o.dashboards ? { dashboards: o.dashboards } : {}),
    ...(o.extra ?? {}),
  };
}

/** Resolves a fleet through the real config parser: an invalid fleet fails the test that built it. */
export function fleet(o: FleetOptions): ResolvedConfig {
  return parseConfig(rawFleet(o));
}
