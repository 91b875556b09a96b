/**
 * Deterministic dashboard names (`<prefix>-dns-...`) and console links. Dashboard names may use
 * letters, digits, `-` and `_`, up to 255 characters; dashboards are global per account, so every
 * name includes what makes it unique (page number, region).
 */
import type { LogSource } from '../signals/types';

const MAX_NAME = 255;
const VALID = /^[A-Za-z0-9_-]{1,255}$/;

function checked(name: string): string {
  if (!VALID.test(name)) throw new Error(`dashboard name '${name}' is not valid — use letters, digits, - and _ (max ${MAX_NAME})`);
  return name;
}

const paged = (base: string, page: number) => checked(page <= 1 ? base : `${base}-${page}`);

export const landingDashboardName = (prefix: string, page = 1) => paged(`${prefix}-dns-landing`, page);

export const healthChecksDashboardName = (prefix: string, page = 1) => paged(`${prefix}-dns-health-checks`, page);

/** Shared "explorer" dashboards with a subject dropdown, numbered per source (and region for VPCs). */
export function explorerDashboardName(prefix: string, source: LogSource, region: string, page: number): string {
  return checked(source === 'hostedZone' ? `${prefix}-dns-zones-${page}` : `${prefix}-dns-vpcs-${region}-${page}`);
}

export function isValidDashboardName(name: string): boolean {
  return VALID.test(name);
}

/** Console link to a dashboard (text-widget markdown and docs). */
export function dashboardUrl(name: string, region: string): string {
  return `https://console.aws.amazon.com/cloudwatch/home?region=${region}#dashboards/dashboard/${name}`;
}
