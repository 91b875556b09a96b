/** Dashboards: pure body builders (build.ts) and the CDK constructs (dns-dashboards.ts). */
export { dashboardsConfigSchema, dashboardSettings } from '../config/dashboards-schema';
export type { DashboardSettings, DashboardsConfigInput } from '../config/dashboards-schema';
export { buildDashboards } from './build';
export type { BuildInputs } from './build';
export { planDashboards, dashboardForSubject } from './plan';
export type { DashboardPlan } from './plan';
export { DnsDashboards, DnsDashboardStacks } from './dns-dashboards';
export type { DnsDashboardsProps, DnsDashboardStacksProps } from './dns-dashboards';
export type { DashboardHealthCheck } from './health-checks';
export type { LicenseView } from './landing';
export type { DashboardBody, DashboardDef, Widget } from './body';
