/**
 * Per-zone / per-VPC dashboards: dedicated (one subject) or explorer (a page of subjects with
 * identical widget profiles and a dropdown that swaps the subject id everywhere in the body).
 */
import type { ResolvedConfig, ResolvedSubject } from '../config/resolve';
import type { MonitoringModel, SubjectModel } from '../model';
import { SOURCES } from '../signals/sources';
import type { AlarmWidget, DashboardBody, DashboardDef, LogWidget } from './body';
import { LIMITS } from './body';
import { BREAK, chunk, Item, place, SIZE } from './layout';
import { topNQuery, topNViewsFor } from './logs-insights';
import { maintenanceWidgets, windowLines } from './markdown';
import { dashboardUrl } from './names';
import type { DashboardPlan, DedicatedDashboard, ExplorerPage } from '../model';
import { subjectMetricWidgets } from './subject-widgets';

/** Alarm ARN of an alarm name in a region (the construct passes the stack's account and partition). */
export type AlarmArnFn = (region: string, alarmName: string) => string;

export interface BuildContext {
  readonly model: MonitoringModel;
  readonly cfg: ResolvedConfig;
  readonly plan: DashboardPlan;
  readonly alarmArn: AlarmArnFn;
}

/** Stand-in for the subject id while an explorer body is built (replaced by a real id). */
const PLACEHOLDER = 'DNSMONSUBJECTPLACEHOLDER';

export function alarmWidgets(title: string, arns: readonly string[]): Omit<AlarmWidget, 'x' | 'y'>[] {
  const parts = chunk(arns, LIMITS.alarmsPerWidget);
  return parts.map((p, i) => ({
    type: 'alarm',
    width: SIZE.full,
    height: Math.min(12, 2 + Math.ceil(p.length / 6)),
    properties: { title: parts.length > 1 ? `${title} (${i + 1}/${parts.length})` : title, alarms: p, sortBy: 'stateUpdatedTimestamp' },
  }));
}

function topNWidgets(ctx: BuildContext, subject: ResolvedSubject, logGroups: readonly string[]): Omit<LogWidget, 'x' | 'y'>[] {
  const { topN } = ctx.plan.settings;
  if (!topN.enabled) return [];
  return topNViewsFor(subject.source).map((view) => ({
    type: 'log',
    width: SIZE.half,
    height: SIZE.tableHeight,
    properties: {
      title: `${view.title} (Logs Insights, top ${topN.limit})`,
      region: subject.region,
      view: 'table',
      query: topNQuery(view, logGroups, subject.id, topN.limit),
    },
  }));
}

function links(ctx: BuildContext): string {
  const home = ctx.plan.homeRegion;
  const parts = [`[Landing dashboard](${dashboardUrl(ctx.plan.landingName, home)})`];
  if (ctx.cfg.alerts.runbookUrl) parts.push(`[Runbook](${ctx.cfg.alerts.runbookUrl})`);
  return parts.join(' · ');
}

/**
 * The maintenance windows that mute the alarms of `subjects`, in config order: on call, an alarm in
 * ALARM that paged nobody is explained here. An explorer page (`page`) also names the subjects each
 * window mutes (names, never ids: the dropdown swaps ids).
 */
function subjectMaintenance(ctx: BuildContext, subjects: readonly ResolvedSubject[], page: boolean): Item[] {
  const list = page
    ? // An unnamed VPC's name is its id: counted, not named.
      { nameOf: (s: ResolvedSubject) => (s.name !== s.id ? s.name : undefined), noun: SOURCES[subjects[0].source].subjectNoun }
    : undefined;
  return maintenanceWidgets(windowLines(ctx.cfg.maintenanceWindows, subjects, (s) => ctx.model.subject(s).maintenance, list));
}

const LEGEND =
  'Counts are sums per alarm period; rates are % of all queries (only when the period has at least the minimum volume). Red/orange lines: alarm thresholds; grey band: expected range of the anomaly model.';

/**
 * @param subject whose metrics the graphs show (for explorer pages: a stand-in with the placeholder id)
 * @param model the model whose alarm thresholds the graphs draw (every subject of a page has the same)
 */
function body(
  ctx: BuildContext,
  header: string,
  maintenance: readonly Item[],
  alarmArns: readonly string[],
  subject: ResolvedSubject,
  model: Pick<SubjectModel, 'alarms'>,
  logGroups: readonly string[],
): DashboardBody {
  const alarms = model.alarms;
  const items: Item[] = [
    { type: 'text', width: SIZE.full, height: 3, properties: { markdown: header } },
    ...maintenance,
    ...alarmWidgets('Alarms', alarmArns),
    BREAK,
    ...subjectMetricWidgets(ctx.cfg.namespace, subject, alarms),
    BREAK,
    ...topNWidgets(ctx, subject, logGroups),
  ];
  return { start: `-PT${ctx.plan.settings.timeRangeHours.subjects}H`, periodOverride: 'inherit', widgets: place(items) };
}

const arnsOf = (ctx: BuildContext, subjects: readonly ResolvedSubject[]) =>
  subjects.flatMap((s) => ctx.model.subject(s).alarms.map((a) => ctx.alarmArn(s.region, a.name)));

export function dedicatedDashboard(ctx: BuildContext, d: DedicatedDashboard): DashboardDef {
  const s = d.subject;
  const noun = SOURCES[s.source].subjectNoun;
  const header = [
    `# ${s.name} (${s.id}) — ${noun}, ${s.region}`,
    `Log group \`${s.logGroupName}\` · ${links(ctx)}`,
    LEGEND,
  ].join('\n\n');
  return { name: d.name, region: s.region, body: body(ctx, header, subjectMaintenance(ctx, [s], false), arnsOf(ctx, [s]), s, ctx.model.subject(s), [s.logGroupName]) };
}

export function explorerDashboard(ctx: BuildContext, page: ExplorerPage): DashboardDef {
  const first = page.subjects[0];
  const noun = SOURCES[first.source].subjectNoun;
  const logGroups = [...new Set(page.subjects.map((s) => s.logGroupName))];
  const header = [
    `# DNS ${noun} explorer — ${first.region} (${page.subjects.length} on this page)`,
    `Pick the ${noun} in the **${noun}** dropdown above: every graph and table follows it. ${links(ctx)}`,
    LEGEND,
  ].join('\n\n');
  const draft = body(ctx, header, subjectMaintenance(ctx, page.subjects, true), arnsOf(ctx, page.subjects), { ...first, id: PLACEHOLDER }, ctx.model.subject(first), logGroups);
  const text = JSON.stringify(draft);
  // The dropdown swaps the default id wherever it occurs: pick one that occurs nowhere else
  // (alarm names of unnamed VPCs contain their id; those alarms exist for every VPC of the page).
  const checked = JSON.stringify(draft.widgets.filter((w) => w.type !== 'alarm'));
  const rep = page.subjects.find((s) => !checked.includes(s.id));
  if (!rep) {
    throw new Error(`explorer dashboard ${page.name}: every ${noun} id also occurs in a log group or alarm name — give the VPCs names (resolverVpcs[].name) or use dashboards.subjects.mode: dedicated`);
  }
  const final = JSON.parse(text.split(PLACEHOLDER).join(rep.id)) as DashboardBody;
  final.variables = [
    {
      type: 'pattern',
      pattern: rep.id,
      inputType: 'select',
      id: 'subject',
      label: noun,
      defaultValue: rep.id,
      visible: true,
      values: page.subjects.map((s) => ({ value: s.id, label: s.name === s.id ? s.id : `${s.name} (${s.id})` })),
    },
  ];
  return { name: page.name, region: first.region, body: final };
}
