/**
 * The `dashboards` section of the config file. Mounted by ./schema.ts as the optional
 * root key `dashboards`; every key has a default so the section can be left out. Messages read
 * "<what is wrong> — <how to fix it>" (the loader prefixes the path).
 */
import { z } from 'zod';
import { DASHBOARDS } from '../aws-facts';

const percent = (what: string) =>
  z
    .number({ error: `must be a percentage — e.g. ${what}` })
    .min(0, 'must be between 0 and 100 (percent)')
    .max(100, 'must be between 0 and 100 (percent)');

const hours = (example: number) =>
  z
    .number({ error: `must be a number of hours — e.g. ${example}` })
    .int('must be a whole number of hours')
    .min(1, 'must be at least 1 hour')
    // Metrics Insights (landing tiles and hotspots) reads at most two weeks of data.
    .max(336, 'must be at most 336 hours (two weeks) — Metrics Insights widgets read at most two weeks of data');

/** Service-level objectives drawn as lines on the landing SLI tiles. */
export const sloSchema = z.strictObject({
  successRate: percent('99.9 (NOERROR share of all queries, at least)').default(99.9),
  errorRate: percent('1 (share of queries with any error, at most)').default(1),
  nonNxdomainErrorRate: percent('0.5 (errors other than NXDOMAIN, at most)').default(0.5),
  servfailRate: percent('0.1 (SERVFAIL share, at most)').default(0.1),
  tcpRate: percent('5 (share of queries over TCP, at most)').default(5),
});

export const dashboardsConfigSchema = z.strictObject({
  enabled: z
    .boolean({ error: 'must be true or false — false creates no dashboards (alarms and metrics are unaffected)' })
    .default(true),
  slo: sloSchema.default(sloSchema.parse({})),
  sliPeriod: z
    .number({ error: 'must be a number of seconds — e.g. 3600 for hourly SLI windows' })
    .int('must be a whole number of seconds — e.g. 3600')
    .min(300, 'must be at least 300 seconds — SLI tiles summarise fixed windows of 5 minutes or more')
    .max(86400, 'must be at most 86400 seconds (one day) — use 3600 for hourly or 86400 for daily windows')
    .refine((v) => v % 60 === 0, 'must be a multiple of 60 seconds — use 300, 900, 3600 or 86400')
    .default(3600),
  timeRangeHours: z
    .strictObject({
      landing: hours(24).default(24),
      subjects: hours(3).default(3),
      healthChecks: hours(24).default(24),
    })
    .default({ landing: 24, subjects: 3, healthChecks: 24 }),
  subjects: z
    .strictObject({
      mode: z
        .enum(['auto', 'dedicated', 'explorer'], {
          error:
            'must be auto, dedicated or explorer — dedicated: one dashboard per zone/VPC ($3/month each); explorer: shared dashboards with a zone dropdown; auto: dedicated up to maxDedicated subjects, explorer beyond',
        })
        .default('auto'),
      maxDedicated: z
        .number({ error: 'must be a whole number of subjects — e.g. 10' })
        .int('must be a whole number of subjects — e.g. 10')
        .min(0, 'must be >= 0 — 0 makes auto mode always use explorer dashboards')
        .max(1000, 'must be at most 1000 — each dedicated dashboard costs $3/month; use explorer dashboards for large fleets')
        .default(10),
      explorerPageSize: z
        .number({ error: 'must be a whole number of subjects per explorer page — e.g. 20' })
        .int('must be a whole number of subjects — e.g. 20')
        .min(1, 'must be at least 1 subject per page')
        .max(100, 'must be at most 100 subjects per page — the dropdown gets unwieldy beyond that')
        .default(20),
    })
    .default({ mode: 'auto', maxDedicated: 10, explorerPageSize: 20 }),
  topN: z
    .strictObject({
      enabled: z
        .boolean({ error: 'must be true or false — false drops the Logs Insights Top-N tables (no query cost when the dashboard opens)' })
        .default(true),
      limit: z
        .number({ error: 'must be a whole number of rows — e.g. 20' })
        .int('must be a whole number of rows — e.g. 20')
        .min(1, 'must be at least 1 row')
        .max(1000, 'must be at most 1000 rows — Logs Insights returns at most 10,000 rows and tables beyond 1000 are unreadable')
        .default(20),
    })
    .default({ enabled: true, limit: 20 }),
  maxWidgetsPerPage: z
    .number({ error: 'must be a whole number of widgets — e.g. 100' })
    .int('must be a whole number of widgets — e.g. 100')
    .min(20, 'must be at least 20 widgets — the landing overview needs about 20')
    .max(DASHBOARDS.widgetsPerDashboard, `must be at most ${DASHBOARDS.widgetsPerDashboard} widgets — CloudWatch allows ${DASHBOARDS.widgetsPerDashboard} widgets per dashboard`)
    .default(100),
});

export type DashboardsConfigInput = z.input<typeof dashboardsConfigSchema>;
export type DashboardSettings = z.output<typeof dashboardsConfigSchema>;
