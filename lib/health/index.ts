/** Endpoint and zone health: entry points for the stacks. */
export { HealthCheckMonitoring, DEFAULT_HEALTH_CHECK_QUOTA, HEALTH_CHECK_QUOTA_WARNING } from './health-checks';
export type { HealthCheckMonitoringProps } from './health-checks';
export { ZoneQueryVolumeAlarms, DnssecAlarms, addZoneAlarms } from './zone-alarms';
export type { ZoneAlarmsProps, ZoneHealthInput } from './zone-alarms';
export { ResolverEndpointAlarms, RESOLVER_ENDPOINTS_ID } from './resolver-endpoint-alarms';
export type { ResolverEndpointAlarmsProps } from './resolver-endpoint-alarms';
