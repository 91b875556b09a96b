/** Dashboards: pure body builders (build.ts) and the CDK constructs (dns-dashboards.ts). */
export { buildDashboards } from './build';
export type { BuildInputs } from './build';
export { DnsDashboards, DnsDashboardStacks } from './dns-dashboards';
export type { DnsDashboardsProps, DnsDashboardStacksProps } from './dns-dashboards';
export type { DashboardHealthCheck } from './health-checks';
export type { LicenseView } from './landing';
export type { DashboardBody, DashboardDef, Widget } from './body';
