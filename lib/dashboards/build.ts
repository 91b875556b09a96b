/**
 * Every dashboard of a deployment as plain data (pure: no CDK), for all regions at once so the
 * landing dashboard can link to each one. The construct creates those of its own region.
 */
import type { MonitoringModel } from '../model';
import type { DashboardDef } from './body';
import { DashboardHealthCheck, HEALTH_CHECK_REGION, healthCheckGroups, healthSummaryWidgets } from './health-checks';
import { landingDashboards, LicenseView } from './landing';
import { BREAK, Item, paginate, place, SIZE } from './layout';
import { healthChecksDashboardName } from '../naming';
import { dnsChecksDashboard } from './dns-checks';
import { maintenanceWidgets, windowLines } from './markdown';
import { dashboardUrl } from './names';
import { AlarmArnFn, BuildContext, dedicatedDashboard, explorerDashboard } from './subject-dashboard';

export interface BuildInputs {
  /** Health checks to show (health-check dashboard and landing summary). @default none */
  readonly healthChecks?: readonly DashboardHealthCheck[];
  /** License status tile on the landing dashboard. @default no license tile */
  readonly license?: LicenseView;
  /** Builds alarm ARNs. @default `arn:aws:cloudwatch:<region>:<account>:alarm:<name>` with `account` */
  readonly alarmArn?: AlarmArnFn;
  /** Account for the default alarm ARNs. @default 123456789012 (previews and tests) */
  readonly account?: string;
  /**
   * Every alarm of the deployment (name, region), for the landing pages' alarm status.
   * @default the zone/VPC signal alarms computed from the config (previews without an app)
   */
  readonly alarms?: readonly AlarmRef[];
}

/** An alarm the app created. */
export interface AlarmRef {
  readonly name: string;
  readonly region: string;
}

/** The health-check dashboards: those of each health-check stack (created there), numbered by stack, then page. */
function healthDashboards(ctx: BuildContext, hcs: readonly DashboardHealthCheck[]): DashboardDef[] {
  const stacks = [...new Set(hcs.map((h) => h.stack ?? 1))].sort((a, b) => a - b);
  return stacks.flatMap((n) => healthDashboardsOfStack(ctx, n, hcs.filter((h) => (h.stack ?? 1) === n)));
}

function healthDashboardsOfStack(ctx: BuildContext, stack: number, hcs: readonly DashboardHealthCheck[]): DashboardDef[] {
  const { plan, cfg } = ctx;
  // The summary tile reads every check's id, so it is on the stack's first page, not the landing page.
  const summary = healthSummaryWidgets(hcs);
  const pages = paginate([...(summary.length > 0 ? [summary] : []), ...healthCheckGroups(hcs)], plan.settings.maxWidgetsPerPage);
  const names = pages.map((_, i) => healthChecksDashboardName(cfg.prefix, stack, i + 1));
  // The windows that mute health checks of the deployment, with the checks each one mutes.
  const maintenance = maintenanceWidgets(
    windowLines(cfg.maintenanceWindows, hcs, (h) => ctx.model.maintenanceOf('healthCheck', h.name), { nameOf: (h) => h.name, noun: 'health check' }),
  );
  return pages.map((items, i) => {
    const nav = names.map((n, j) => (j === i ? `**page ${j + 1}**` : `[page ${j + 1}](${dashboardUrl(n, HEALTH_CHECK_REGION)})`));
    const header: Item = {
      type: 'text',
      width: SIZE.full,
      height: 2,
      properties: {
        markdown: `# Route 53 health checks — ${cfg.prefix}\n\n[Landing dashboard](${dashboardUrl(plan.landingName, plan.homeRegion)})${names.length > 1 ? ` · ${nav.join(' · ')}` : ''} · status is the minimum over 1 minute (0 = unhealthy)`,
      },
    };
    return {
      name: names[i],
      region: HEALTH_CHECK_REGION,
      body: { start: `-PT${plan.settings.timeRangeHours.healthChecks}H`, periodOverride: 'inherit', widgets: place([header, ...maintenance, BREAK, ...items]) },
      healthCheckStack: stack,
    };
  });
}

export function buildDashboards(model: MonitoringModel, inputs: BuildInputs = {}): DashboardDef[] {
  const { config: cfg, dashboards: plan } = model;
  if (!plan.settings.enabled) return [];
  const account = inputs.account ?? '123456789012';
  const alarmArn = inputs.alarmArn ?? ((region: string, name: string) => `arn:aws:cloudwatch:${region}:${account}:alarm:${name}`);
  const ctx: BuildContext = { model, cfg, plan, alarmArn };
  const subjects = [...plan.dedicated.map((d) => dedicatedDashboard(ctx, d)), ...plan.explorers.map((p) => explorerDashboard(ctx, p))];
  const health = healthDashboards(ctx, inputs.healthChecks ?? []);
  const checks = model.dnsChecks;
  const dnsChecks = checks.checks.length === 0 || !checks.dashboard
    ? []
    : [
        dnsChecksDashboard({
          name: checks.dashboard,
          region: checks.region,
          proberLogGroup: checks.proberLogGroup,
          checks: checks.checks.map((c) => ({ spec: c.spec, alarmArn: alarmArn(checks.region, c.alarm.name), expected: c.expected, servers: c.servers, maintenance: c.maintenance })),
          zoneChecksSkipped: [...checks.skippedAlarms].map(([vantage, spec]) => ({ vantage, alarmArn: alarmArn(checks.region, spec.name) })),
        }),
      ];
  const directory = [
    ...plan.dedicated.map((d) => ({ name: d.name, region: d.region, label: d.subject.name })),
    ...plan.explorers.map((p) => ({
      name: p.name,
      region: p.region,
      label: `${p.subjects[0].source === 'hostedZone' ? 'Zones' : `VPCs ${p.region}`} ${p.name.split('-').pop()} (${p.subjects.length})`,
    })),
    ...health.map((h) => ({ name: h.name, region: h.region, label: h.name.slice(cfg.prefix.length + 5) })),
    ...dnsChecks.map((d) => ({ name: d.name, region: d.region, label: 'DNS checks' })),
  ];
  const landing = landingDashboards(ctx, { healthChecks: inputs.healthChecks ?? [], license: inputs.license, directory, alarms: inputs.alarms });
  return [...landing, ...subjects, ...health, ...dnsChecks];
}
