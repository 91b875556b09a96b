/** The result of `plan`: plain data, printed as a table, Markdown or JSON. */
import type { WindowTargets } from '../config/maintenance-schema';
import type { PriceId } from './prices';

/**
 * Row types of the plan: subjects of the config (zone, VPC, health check, DNS check, Resolver
 * endpoint), the license, one of the product's own functions (`component`: its errors and its
 * dead-letter queue), and `other` (only the `shared` row).
 */
export type SubjectType = 'zone' | 'vpc' | 'health-check' | 'dns-check' | 'resolver-endpoint' | 'domain' | 'license' | 'component' | 'other';

/** Resource counts, per subject and in total. */
export interface ResourceCounts {
  metricFilters: number;
  customMetrics: number;
  alarms: number;
  /** Alarms by kind (count, rate, anomaly, anomaly-drop, low-traffic, health-check, license, ...). */
  alarmsByKind: Record<string, number>;
  anomalyModels: number;
  compositeAlarms: number;
  insightRules: number;
  dashboards: number;
  healthChecks: number;
  /** Paid health-check options (HTTPS, string match, 10 s interval, latency). */
  healthCheckOptions: number;
  logGroups: number;
  lambdas: number;
  tables: number;
  topics: number;
  kmsKeys: number;
  secrets: number;
  schedules: number;
}

export interface SubjectPlan {
  /** `zone:Z123`, `vpc:vpc-1`, `health-check:api`, `resolver-endpoint:rslvr-in-1`, `license:lic_1`, `component:audit`. */
  readonly key: string;
  readonly type: SubjectType;
  readonly id: string;
  readonly name: string;
  readonly region: string;
  readonly counts: ResourceCounts;
  /** Fixed monthly cost attributed to this subject (its metrics, alarms, dashboards, checks). */
  monthlyUsd: number;
}

export interface CostLine {
  readonly id: string;
  readonly what: string;
  readonly price: PriceId;
  readonly units: number;
  readonly unit: string;
  readonly usd: number;
  /** How the units were counted or assumed. */
  readonly basis: string;
  /** Share per subject key; `shared` holds the rest. Sums to `usd`. */
  readonly bySubject: Readonly<Record<string, number>>;
}

export interface AlarmDetection {
  readonly name: string;
  readonly stack: string;
  readonly region: string;
  readonly subject: string;
  readonly signal: string;
  readonly kind: string;
  readonly severity: string;
  readonly period?: number;
  readonly evaluationPeriods?: number;
  readonly datapointsToAlarm?: number;
  readonly detectionSeconds: number;
  /** `spec`: the AlarmSpec the alarm was built from; `properties`: computed from its CFN properties. */
  readonly from: 'spec' | 'properties';
  /** For `properties`: the assumed delay of the source metric, and why. */
  readonly sourceDelaySeconds?: number;
  readonly sourceDelayWhy?: string;
}

/** One API family in one region on a first deploy (lib/plan/deploy.ts). */
export interface DeployPacePlan {
  /** The API family (lib/stacks/deploy-pacing.ts PACE_GROUPS). */
  readonly family: string;
  readonly region: string;
  /** Resources of the family the deployment creates in the region. */
  readonly resources: number;
  /** How many of them one stack creates at once (its DependsOn lanes). */
  readonly atOnce: number;
  /** The most one stack creates one after another (its longest lane): at least that many steps. */
  readonly longestLane: number;
  /** The family's published calls per second, when AWS publishes one. */
  readonly callsPerSecond?: number;
  /** resources / callsPerSecond, rounded up: no deploy creates them all faster. */
  readonly leastSeconds?: number;
}

/** How long after a first deploy the DNS probers take to read their zones' name servers (lib/plan/deploy.ts). */
export interface ZoneReadWarmUp {
  /** Zones read, summed over the vantage regions (a zone checked from 3 regions counts 3). */
  readonly zoneReads: number;
  /** Vantage regions whose checks read hosted zones (they share the rate). */
  readonly regions: number;
  /** The region that takes longest: its zones, how many one run reads, and the minutes until its last zone is read. */
  readonly slowest: { readonly region: string; readonly zones: number; readonly perRun: number; readonly minutes: number };
  /** Minutes of skips after which the slowest region's zone-checks-skipped alarm pages (zoneChecksSkippedMinutes of its synthesized spec). */
  readonly skippedAlarmMinutes?: number;
}

export interface StackPlan {
  readonly name: string;
  readonly region: string;
  readonly resources: number;
  readonly templateBytes: number;
}

export interface LimitWarning {
  readonly limit: string;
  readonly scope: string;
  readonly value: number;
  readonly max: number;
  readonly level: 'error' | 'warning';
  readonly message: string;
}

/** One maintenance window: what it mutes and when (from its synthesized mute rules). */
export interface MaintenancePlan extends WindowTargets {
  readonly name: string;
  readonly schedule: string;
  /** ISO 8601, as the mute rule takes it (`PT2H`). */
  readonly duration: string;
  /** The same in minutes; the table prints it short (`2h`, `1d6h`). */
  readonly durationMinutes: number;
  readonly timezone: string;
  /** Mute rules (one per subject, more past 100 alarms). */
  readonly rules: number;
  /** Alarms the rules name. */
  readonly alarms: number;
}

export interface CostSection {
  readonly lines: readonly CostLine[];
  readonly totalUsd: number;
}

/** New alarms on one metric and severity that go to ALARM at their first evaluation (alarmsOnCreate). */
export interface FirstDeployAlarms {
  /** The metric they read: `HealthCheckStatus (AWS/Route53)`. */
  readonly metric: string;
  /** The alert topic they notify: critical or warning. */
  readonly severity: string;
  readonly alarms: number;
  /** Whether some of them text an SMS topic. */
  readonly sms: boolean;
}

export interface Plan {
  readonly config: { readonly prefix: string; readonly hostedZones: number; readonly resolverVpcs: number };
  readonly priceTable: { readonly date: string; readonly region: string };
  readonly stacks: readonly StackPlan[];
  /** Per API family and region: what a first deploy creates and how fast the published rates allow. */
  readonly deploy: readonly DeployPacePlan[];
  /** OK notifications a first deploy sends, one per new alarm with OK actions (lib/plan/deploy.ts). */
  readonly firstDeployOkNotifications: number;
  /** New alarms that go to ALARM at their first evaluation and notify: no data yet, and missing data counts as breaching (lib/plan/deploy.ts). */
  readonly firstDeployAlarms: readonly FirstDeployAlarms[];
  /** When the first deploy's zone checks need more than one run to read their zones (lib/plan/deploy.ts). */
  readonly firstDeployZoneReads?: ZoneReadWarmUp;
  readonly subjects: readonly SubjectPlan[];
  /** Distinct resources of the whole deployment (shared ones counted once). */
  readonly totals: ResourceCounts;
  /** Resource counts by CloudFormation type. */
  readonly resourceTypes: Readonly<Record<string, number>>;
  /** Fixed monthly cost (does not depend on query volume). */
  readonly monthly: CostSection;
  /** Query-volume dependent cost, only with --queries-per-day. */
  readonly usage?: CostSection & { readonly queriesPerDay: number; readonly assumptions: readonly string[] };
  readonly alarms: readonly AlarmDetection[];
  /** Maintenance windows: when the alarms they name notify nobody. */
  readonly maintenance: readonly MaintenancePlan[];
  readonly warnings: readonly LimitWarning[];
  /** Warnings CDK attached to constructs during synthesis. */
  readonly synthWarnings: readonly string[];
  readonly assumptions: readonly string[];
}

export function emptyCounts(): ResourceCounts {
  return {
    metricFilters: 0,
    customMetrics: 0,
    alarms: 0,
    alarmsByKind: {},
    anomalyModels: 0,
    compositeAlarms: 0,
    insightRules: 0,
    dashboards: 0,
    healthChecks: 0,
    healthCheckOptions: 0,
    logGroups: 0,
    lambdas: 0,
    tables: 0,
    topics: 0,
    kmsKeys: 0,
    secrets: 0,
    schedules: 0,
  };
}
