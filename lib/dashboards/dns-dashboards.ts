/**
 * CDK side of the dashboards: `DnsDashboards` creates the `AWS::CloudWatch::Dashboard` resources
 * of one region (or a named subset of them) from the pure bodies of build.ts, and
 * `DnsDashboardStacks` spreads every dashboard of a deployment over as few stacks as the
 * CloudFormation template size allows (`<prefix>-dashboards-<region>[-<n>]`).
 *
 * Bodies go into one `Fn::Sub` string each: alarm ARNs use `${AWS::Partition}` and
 * `${AWS::AccountId}`, and health-check ids that are tokens become Fn::Sub variables, so the body
 * stays one compact string instead of a long `Fn::Join`.
 */
import { CfnOutput, Fn, Stack, StackProps, Token } from 'aws-cdk-lib';
import { CfnDashboard } from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import type { ResolvedSubject } from '../config/resolve';
import { type MonitoringModel, subjectKey } from '../model';
import type { DashboardDef } from './body';
import { AlarmRef, buildDashboards } from './build';
import type { DashboardHealthCheck } from './health-checks';
import type { LicenseView } from './landing';
import { dashboardUrl } from './names';
import { landingDashboardName } from '../naming';

const PARTITION = '@@DNSMON_PARTITION@@';
const ACCOUNT = '@@DNSMON_ACCOUNT@@';
const sentinelArn = (region: string, name: string) => `arn:${PARTITION}:cloudwatch:${region}:${ACCOUNT}:alarm:${name}`;

export interface DnsDashboardsProps {
  /** The resolved model (lib/model): dashboard placement and every subject's alarms. */
  readonly model: MonitoringModel;
  /** Region of the stack: only dashboards owned by this region are created. */
  readonly region: string;
  /** Zones whose per-zone (dedicated or explorer) dashboards this construct creates. */
  readonly hostedZones: readonly ResolvedSubject[];
  /** VPCs whose per-VPC dashboards this construct creates. */
  readonly vpcs: readonly ResolvedSubject[];
  /** Health checks (health-check dashboard, landing summary). @default none */
  readonly healthChecks?: readonly DashboardHealthCheck[];
  /** License tile on the landing dashboard. @default none (no tile) */
  readonly license?: LicenseView;
  /** Namespace of the license metrics, when `license` gives none. @default Codreum/License */
  readonly licenseNamespace?: string;
  /** Create only these dashboards (names). @default every dashboard of the region */
  readonly only?: readonly string[];
  /** Create the landing and health-check dashboards when this is their region. @default true */
  readonly includeFleetDashboards?: boolean;
  /** Every alarm of the deployment, for the landing pages. @default computed from the config */
  readonly alarms?: readonly AlarmRef[];
}

/** Dashboard name -> its CloudFormation resource. */
export type DashboardResources = Readonly<Record<string, CfnDashboard>>;

function buildInputs(p: Pick<DnsDashboardsProps, 'healthChecks' | 'license' | 'licenseNamespace' | 'alarms'>, tokens?: Map<string, string>) {
  const healthChecks = (p.healthChecks ?? []).map((hc, i) => {
    if (!tokens || !hc.id || !Token.isUnresolved(hc.id)) return hc;
    const variable = `HealthCheckId${i}`;
    tokens.set(variable, hc.id);
    return { ...hc, id: `@@DNSMON_VAR_${variable}@@` };
  });
  const license = p.license ? { ...p.license, namespace: p.license.namespace ?? p.licenseNamespace } : undefined;
  return { healthChecks, license, alarmArn: sentinelArn, alarms: p.alarms };
}

/** The body as an `Fn::Sub` template string (literal `${` escaped as `${!`). */
export function subTemplate(def: DashboardDef): string {
  return JSON.stringify(def.body)
    .split('${')
    .join('${!')
    .split(PARTITION)
    .join('${AWS::Partition}')
    .split(ACCOUNT)
    .join('${AWS::AccountId}')
    .replace(/@@DNSMON_VAR_([A-Za-z0-9]+)@@/g, (_m, v: string) => `\${${v}}`);
}

/** Creates one CfnDashboard per definition, with token variables for Fn::Sub. */
function createDashboards(scope: Construct, defs: readonly DashboardDef[], tokens: ReadonlyMap<string, string>): Record<string, CfnDashboard> {
  const out: Record<string, CfnDashboard> = {};
  for (const def of defs) {
    const template = subTemplate(def);
    const used = [...tokens.entries()].filter(([v]) => template.includes(`\${${v}}`));
    // A body without any `${...}` reference stays a plain string (Fn::Sub would be a no-op).
    const needsSub = /\$\{[^!]/.test(template);
    out[def.name] = new CfnDashboard(scope, def.name, {
      dashboardName: def.name,
      dashboardBody: !needsSub ? JSON.stringify(def.body) : used.length > 0 ? Fn.sub(template, Object.fromEntries(used)) : Fn.sub(template),
    });
  }
  return out;
}

/** The dashboards of one region (or a named subset), in the stack it is added to. */
export class DnsDashboards extends Construct {
  readonly dashboards: DashboardResources;

  constructor(scope: Construct, id: string, props: DnsDashboardsProps) {
    super(scope, id);
    const tokens = new Map<string, string>();
    const defs = buildDashboards(props.model, buildInputs(props, tokens));
    const plan = props.model.dashboards;
    const mine = new Set([...props.hostedZones, ...props.vpcs].map(subjectKey));
    const subjectDashboards = new Map<string, readonly ResolvedSubject[]>([
      ...plan.dedicated.map((d) => [d.name, [d.subject]] as const),
      ...plan.explorers.map((p) => [p.name, p.subjects] as const),
    ]);
    const only = props.only ? new Set(props.only) : undefined;
    const fleet = props.includeFleetDashboards ?? true;
    const selected = defs.filter((def) => {
      if (def.region !== props.region || (only && !only.has(def.name))) return false;
      const subjects = subjectDashboards.get(def.name);
      return subjects ? subjects.some((s) => mine.has(subjectKey(s))) : fleet;
    });
    this.dashboards = createDashboards(this, selected, tokens);
  }
}

/** Bytes of dashboard bodies per stack; CloudFormation templates may be 1 MB (uploaded to S3). */
export const DEFAULT_BODY_BYTES_PER_STACK = 700_000;

export interface DnsDashboardStacksProps {
  readonly model: MonitoringModel;
  /** Account of the stacks. @default env-agnostic */
  readonly account?: string;
  readonly healthChecks?: readonly DashboardHealthCheck[];
  readonly license?: LicenseView;
  readonly licenseNamespace?: string;
  /** Every alarm of the deployment, for the landing pages. @default computed from the config */
  readonly alarms?: readonly AlarmRef[];
  /** Body bytes per stack before a new stack is started. @default 700,000 */
  readonly maxBodyBytesPerStack?: number;
  /** Extra props for every stack (tags, synthesizer...). @default none */
  readonly stackProps?: StackProps;
  /**
   * The stacks holding the health checks, by number (`DashboardHealthCheck.stack`): each creates the
   * dashboards of its own checks, whose widgets then read the ids in the stack that has them (no
   * export to import). @default the dashboards stacks create them
   */
  readonly healthCheckStacks?: Readonly<Record<number, Stack>>;
}

/**
 * Every dashboard of a deployment, in stacks `<prefix>-dashboards-<region>[-<n>]` that each stay
 * well inside the template size limit. Add one of these to the app (next to the core stacks).
 */
export class DnsDashboardStacks extends Construct {
  readonly stacks: readonly Stack[];
  /** The parts after the first of a region (`-2`, `-3` ...): dashboards made by the same code as part 1's. */
  readonly laterParts: readonly Stack[];
  readonly dashboards: DashboardResources;

  constructor(scope: Construct, id: string, props: DnsDashboardStacksProps) {
    super(scope, id);
    const cfg = props.model.config;
    const tokens = new Map<string, string>();
    const defs = buildDashboards(props.model, buildInputs(props, tokens));
    const budget = props.maxBodyBytesPerStack ?? DEFAULT_BODY_BYTES_PER_STACK;
    // Size as it lands in the template: the body is a JSON string inside JSON (quotes escaped).
    const byRegion = new Map<string, { defs: DashboardDef[]; bytes: number }[]>();
    const all: Record<string, CfnDashboard> = {};
    for (const def of defs) {
      const home = def.healthCheckStack !== undefined ? props.healthCheckStacks?.[def.healthCheckStack] : undefined;
      if (home) {
        Object.assign(all, createDashboards(home.node.tryFindChild('Dashboards') ?? new Construct(home, 'Dashboards'), [def], tokens));
        continue;
      }
      const bytes = JSON.stringify(subTemplate(def)).length;
      const groups = byRegion.get(def.region) ?? [];
      const last = groups[groups.length - 1];
      if (!last || (last.defs.length > 0 && last.bytes + bytes > budget)) groups.push({ defs: [def], bytes });
      else {
        last.defs.push(def);
        last.bytes += bytes;
      }
      byRegion.set(def.region, groups);
    }
    const stacks: Stack[] = [];
    const laterParts: Stack[] = [];
    const landing = landingDashboardName(cfg.prefix);
    for (const [region, groups] of [...byRegion.entries()].sort(([a], [b]) => a.localeCompare(b))) {
      groups.forEach((group, i) => {
        const name = `${cfg.prefix}-dashboards-${region}${i === 0 ? '' : `-${i + 1}`}`;
        const stack = new Stack(this, name, {
          ...props.stackProps,
          stackName: name,
          env: { account: props.account, region },
          description: `Codreum DNS Monitor (${cfg.prefix}): CloudWatch dashboards in ${region}${groups.length > 1 ? `, part ${i + 1}` : ''}`,
        });
        Object.assign(all, createDashboards(new Construct(stack, 'Dashboards'), group.defs, tokens));
        // `cdk deploy` ends by printing where to look. A plain output, never an export: nothing
        // else can come to depend on it.
        if (group.defs.some((d) => d.name === landing)) {
          new CfnOutput(stack, 'LandingDashboard', {
            value: dashboardUrl(landing, region),
            description: 'Landing dashboard: every alarm of this deployment, with links to the zone and VPC dashboards',
          });
        }
        stacks.push(stack);
        if (i > 0) laterParts.push(stack);
      });
    }
    this.stacks = stacks;
    this.laterParts = laterParts;
    this.dashboards = all;
  }
}
