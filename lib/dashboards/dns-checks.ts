/**
 * The DNS-checks dashboard: the checks' alarms (and the probers' zone-checks-skipped alarms), per
 * check the vantages failing against the alarm's threshold with each server's result, the zone
 * checks skipped per region (a skipped check publishes nothing, so its own graph shows a passing
 * region), and per vantage region a table of the failing answers (which server answered what,
 * against what was expected) from the prober's log lines.
 */
import { DNS_CHECK_METRICS, DNS_CHECK_NAMESPACE, type DnsCheckSpec } from '../../contracts/dns-check';
import { DNS_CHECK_DATAPOINTS } from '../alarms/dns-check-alarm';
import type { DashboardDef } from './body';
import type { ResolvedMaintenanceWindow } from '../config/maintenance-schema';
import { escapeMarkdown, maintenanceLine, markdownCode } from './markdown';
import { BREAK, type Item, place, SIZE } from './layout';

export interface DnsChecksDashboardInput {
  readonly name: string;
  /** The region the alarms and metrics are in. */
  readonly region: string;
  readonly checks: readonly {
    readonly spec: DnsCheckSpec;
    readonly alarmArn: string;
    readonly expected: string;
    readonly servers: string;
    /** The maintenance windows that mute the check's alarm. */
    readonly maintenance: readonly ResolvedMaintenanceWindow[];
  }[];
  /** The prober's log group (same name in each vantage region). */
  readonly proberLogGroup: string;
  /** Each region whose checks read hosted zones, and its zone-checks-skipped alarm. */
  readonly zoneChecksSkipped: readonly { readonly vantage: string; readonly alarmArn: string }[];
}

/**
 * Logs Insights query of the failing answers the prober logged: scheduled runs, and the re-check an
 * alarm starts (its lines carry `report: true`, shown in the `report` column).
 */
export function failingAnswersQuery(logGroup: string): string {
  return `SOURCE '${logGroup}' | fields @timestamp, check, server, rcode, reason, report | filter message = "dns check failed" | sort @timestamp desc | limit 100`;
}

export function dnsChecksDashboard(i: DnsChecksDashboardInput): DashboardDef {
  const items: Item[] = [
    {
      type: 'text',
      width: SIZE.full,
      height: 3,
      properties: {
        markdown: `# Active DNS checks\nEach check queries its servers from every vantage region and pages when at least the configured number of regions fail in ${DNS_CHECK_DATAPOINTS.datapointsToAlarm} of ${DNS_CHECK_DATAPOINTS.evaluationPeriods} runs. The tables below list what each failing server answered; \`report\` marks the re-check an alarm starts (docs/dns-checks.md).`,
      },
    },
    {
      type: 'alarm',
      width: SIZE.full,
      height: SIZE.tileHeight,
      properties: { title: 'DNS check alarms', alarms: [...i.checks.map((c) => c.alarmArn), ...i.zoneChecksSkipped.map((z) => z.alarmArn)], sortBy: 'stateUpdatedTimestamp' },
    },
    BREAK,
  ];
  if (i.zoneChecksSkipped.length > 0) {
    items.push(
      {
        type: 'metric',
        width: SIZE.full,
        height: SIZE.graphHeight,
        properties: {
          title: "Zone checks skipped (their zones' name servers not read from Route 53 yet), per region",
          region: i.region,
          view: 'timeSeries',
          stacked: false,
          period: 60,
          stat: 'Maximum',
          metrics: i.zoneChecksSkipped.map((z) => [DNS_CHECK_NAMESPACE, DNS_CHECK_METRICS.skipped, 'Vantage', z.vantage, { label: z.vantage, stat: 'Maximum' }]),
          yAxis: { left: { min: 0, showUnits: false } },
        },
      },
      BREAK,
    );
  }
  for (const c of i.checks) {
    const s = c.spec;
    items.push(
      {
        type: 'text',
        width: SIZE.third,
        height: SIZE.graphHeight,
        properties: { markdown: `### ${escapeMarkdown(s.name)}\n${markdownCode(`${s.query} ${s.type}`)} every ${s.intervalMinutes} min from ${s.regions.map(escapeMarkdown).join(', ')}\n\n**Expected:** ${escapeMarkdown(c.expected)}\n\n**Servers:** ${escapeMarkdown(c.servers)}\n\nPages at ${s.minFailingVantages} of ${s.regions.length} region(s).${c.maintenance.map((w) => `\n\n**Maintenance window** (notifies nobody while open): ${maintenanceLine(w)}`).join('')}` },
      },
      {
        type: 'metric',
        width: SIZE.third * 2,
        height: SIZE.graphHeight,
        properties: {
          title: `${s.name}: regions failing`,
          region: i.region,
          view: 'timeSeries',
          stacked: true,
          period: s.intervalMinutes * 60,
          stat: 'Maximum',
          metrics: s.regions.map((r) => [DNS_CHECK_NAMESPACE, DNS_CHECK_METRICS.failed, 'Check', s.name, 'Vantage', r, { label: r, stat: 'Maximum' }]),
          annotations: { horizontal: [{ value: s.minFailingVantages, label: 'pages at', color: '#d62728' }] },
          yAxis: { left: { min: 0, max: s.regions.length, showUnits: false } },
        },
      },
      BREAK,
    );
  }
  const regions = [...new Set(i.checks.flatMap((c) => c.spec.regions))].sort();
  for (const r of regions) {
    items.push({ type: 'log', width: SIZE.full, height: SIZE.tableHeight, properties: { title: `Failing answers seen from ${r}`, region: r, query: failingAnswersQuery(i.proberLogGroup), view: 'table' } });
  }
  return { name: i.name, region: i.region, body: { start: '-PT3H', periodOverride: 'inherit', widgets: place(items) } };
}
