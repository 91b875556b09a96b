/** Prints a plan as a readable text table, as Markdown (pull requests) or as JSON (machines). */
import { formatDuration } from '../alarms/detection-time';
import { ZONE_CHECKS_SKIPPED_MINUTES } from '../alarms/dns-check-alarm';
import { shortDuration, targetsSummary } from '../config/maintenance-schema';
import { PRICES } from './prices';
import { SHARED } from './subjects';
import type { AlarmDetection, CostSection, Plan, ResourceCounts, SubjectPlan, SubjectType } from './types';

export type PlanFormat = 'table' | 'markdown' | 'json';

type Row = readonly string[];
export interface Table {
  readonly title: string;
  readonly head: Row;
  readonly rows: readonly Row[];
  /** Columns aligned right (numbers). */
  readonly right?: readonly number[];
}

export function usd(n: number): string {
  if (n === 0) return '$0.00';
  if (n < 0.01) return '<$0.01';
  return `$${n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

const num = (n: number) => (Number.isInteger(n) ? n.toLocaleString('en-US') : n.toLocaleString('en-US', { maximumFractionDigits: 3 }));

const KIND_SHORT: Record<string, string> = {
  count: 'cnt',
  rate: 'rate',
  anomaly: 'anom',
  'anomaly-drop': 'anom-drop',
  'low-traffic': 'low',
  composite: 'comp',
  'health-check': 'hc',
  'dns-check': 'dns',
  license: 'lic',
};

function alarmsCell(c: ResourceCounts): string {
  const kinds = Object.entries(c.alarmsByKind).filter(([k]) => k !== 'composite');
  if (kinds.length === 0) return '0';
  return `${c.alarms} (${kinds.map(([k, n]) => `${n} ${KIND_SHORT[k] ?? k}`).join(', ')})`;
}

function subjectRow(name: string, type: string, c: ResourceCounts, cost: string): Row {
  return [
    name,
    type,
    num(c.metricFilters),
    num(c.customMetrics),
    alarmsCell(c),
    num(c.anomalyModels),
    num(c.compositeAlarms),
    num(c.insightRules),
    num(c.dashboards),
    c.healthCheckOptions > 0 ? `${c.healthChecks} (+${c.healthCheckOptions} opt)` : num(c.healthChecks),
    cost,
  ];
}

/** The Type column: the JSON's type, shorter where a reader knows the shorter word. */
const TYPE_LABEL: Partial<Record<SubjectType, string>> = { 'resolver-endpoint': 'endpoint' };

function subjectsTable(p: Plan): Table {
  const rows: Row[] = p.subjects.map((s: SubjectPlan) =>
    subjectRow(s.key === SHARED ? 'shared' : s.name, s.key === SHARED ? '-' : (TYPE_LABEL[s.type] ?? s.type), s.counts, usd(s.monthlyUsd)),
  );
  rows.push(subjectRow('TOTAL (distinct)', '', p.totals, usd(p.monthly.totalUsd)));
  return {
    title: 'Resources and monthly cost per zone, VPC, endpoint, check and product component',
    head: ['Subject', 'Type', 'Filters', 'Metrics', 'Alarms', 'Anomaly', 'Composite', 'CI rules', 'Dashboards', 'Health checks', '$/month'],
    rows,
    right: [2, 3, 5, 6, 7, 8, 10],
  };
}

function sharedTable(p: Plan): Table {
  const t = p.totals;
  return {
    title: 'Shared infrastructure',
    head: ['Lambdas', 'Tables', 'Topics', 'KMS keys', 'Secrets', 'Schedules', 'Log groups', 'Stacks'],
    rows: [[t.lambdas, t.tables, t.topics, t.kmsKeys, t.secrets, t.schedules, t.logGroups, p.stacks.length].map(num)],
    right: [0, 1, 2, 3, 4, 5, 6, 7],
  };
}

function costTable(title: string, c: CostSection): Table {
  const rows: Row[] = c.lines.map((l) => {
    const price = PRICES[l.price] as { usd?: number; tiers?: readonly unknown[]; unit: string };
    const priceText = price.tiers ? `tiered per ${price.unit}` : `$${(price.usd ?? 0).toFixed(Math.max(2, String(price.usd).split('.')[1]?.length ?? 0))} per ${price.unit}`;
    return [l.what, num(Number(l.units.toFixed(3))), l.unit, priceText, usd(l.usd), l.basis];
  });
  rows.push(['TOTAL', '', '', '', usd(c.totalUsd), 'sum of the lines above']);
  return { title, head: ['Item', 'Units', 'Unit', 'Price', '$/month', 'Basis'], rows, right: [1, 4] };
}

/** Alarms grouped by identical detection settings (a fleet has thousands of alarms). */
function detectionTable(alarms: readonly AlarmDetection[]): Table {
  const groups = new Map<string, { a: AlarmDetection; n: number }>();
  for (const a of alarms) {
    const k = [a.signal, a.kind, a.period, a.datapointsToAlarm, a.evaluationPeriods, a.detectionSeconds, a.from].join('|');
    const g = groups.get(k);
    if (g) g.n++;
    else groups.set(k, { a, n: 1 });
  }
  const rows: Row[] = [...groups.values()].map(({ a, n }) => [
    a.signal,
    a.kind,
    a.period !== undefined ? `${a.period} s` : '-',
    a.datapointsToAlarm !== undefined ? `${a.datapointsToAlarm} of ${a.evaluationPeriods}` : '-',
    formatDuration(a.detectionSeconds),
    num(n),
    n === 1 ? a.subject : `${a.subject} and ${n - 1} more`,
    a.from === 'spec' ? 'alarm spec' : `properties (${a.sourceDelayWhy})`,
  ]);
  return { title: 'Worst-case detection time (slowest first)', head: ['Signal', 'Kind', 'Period', 'M of N', 'Worst case', 'Alarms', 'Subjects', 'From'], rows, right: [2, 4, 5] };
}

function maintenanceTable(p: Plan): Table {
  return {
    title: 'Maintenance windows (their alarms notify nobody while open; one still in ALARM notifies when it closes)',
    head: ['Window', 'Schedule', 'Duration', 'Time zone', 'Mutes', 'Rules', 'Alarms'],
    rows: p.maintenance.map((m) => [m.name, m.schedule, shortDuration(m.durationMinutes), m.timezone, targetsSummary(m), num(m.rules), num(m.alarms)]),
    right: [5, 6],
  };
}

function stacksTable(p: Plan): Table {
  return {
    title: 'Stacks',
    head: ['Stack', 'Region', 'Resources', 'Template KB'],
    rows: p.stacks.map((s) => [s.name, s.region, num(s.resources), (s.templateBytes / 1024).toFixed(1)]),
    right: [2, 3],
  };
}

const shortSeconds = (s: number) => (s < 120 ? `${s} s` : formatDuration(s));

function deployTable(p: Plan): Table {
  return {
    title: 'First deploy (each API family a few at a time per stack; least time at the published call rate, CloudFormation\'s own time not included)',
    head: ['API family', 'Region', 'Resources', 'At once', 'Longest lane', 'Calls/s', 'Least time'],
    rows: p.deploy.map((d) => [d.family, d.region, num(d.resources), num(d.atOnce), num(d.longestLane), d.callsPerSecond !== undefined ? num(d.callsPerSecond) : 'unknown', d.leastSeconds !== undefined ? shortSeconds(d.leastSeconds) : '-']),
    right: [2, 3, 4, 5, 6],
  };
}

/** What a first deploy sends besides pages: one OK per new alarm with OK actions. */
function okNotificationsNote(p: Plan): string | undefined {
  const n = p.firstDeployOkNotifications;
  if (n === 0) return undefined;
  return (
    `${num(n)} new alarms each send one OK notification when first evaluated (INSUFFICIENT_DATA to OK) to every email and HTTPS destination and to Chatbot on their topics ` +
    `(SMS and the Slack webhook notifier leave them out${p.firstDeployAlarms.length > 0 ? '; the alarms above send theirs when their data comes, after their ALARM, which the Slack webhook notifier posts too' : ''}). ` +
    'To avoid them, deploy first with alerts.okNotifications: false, then set it to true and deploy again (docs/rollout.md).'
  );
}

/** The new alarms that go to ALARM at their first evaluation (no data yet, missing data counting as breaching), and notify. */
function alarmsOnCreateNote(p: Plan): string | undefined {
  const n = p.firstDeployAlarms.reduce((a, g) => a + g.alarms, 0);
  if (n === 0) return undefined;
  const groups = p.firstDeployAlarms.map((g) => `${num(g.alarms)} on ${g.metric}, ${g.severity}${g.sms ? ', texted to SMS too' : ''}`).join('; ');
  return (
    `${num(n)} new alarm${n === 1 ? ' goes' : 's go'} to ALARM when first evaluated and notif${n === 1 ? 'ies' : 'y'}, and ${n === 1 ? 'returns' : 'each returns'} to OK once its data comes: missing data counts as breaching, and no data comes until what the deploy creates publishes it (${groups}). ` +
    'Tell on-call before the first deploy, or deploy those alarms first with actionsEnabled: false where the config takes it and set it back in a second deploy, which changes no alarm\'s state (docs/rollout.md).'
  );
}

/** First deploy notifications: the alarms that page when created, then the OKs. */
function firstDeployNote(p: Plan): string | undefined {
  const parts = [alarmsOnCreateNote(p), okNotificationsNote(p)].filter((x): x is string => x !== undefined);
  return parts.length > 0 ? parts.join(' ') : undefined;
}

/** How long the first deploy's zone checks wait for their zones' name servers (when more than one run). */
function zoneReadsNote(p: Plan): string | undefined {
  const w = p.firstDeployZoneReads;
  if (!w) return undefined;
  const pagesAfter = w.skippedAlarmMinutes ?? ZONE_CHECKS_SKIPPED_MINUTES;
  return (
    `The DNS probers read the name servers of their checks' hosted zones from Route 53 (${num(w.zoneReads)} zone reads in ${num(w.regions)} region(s), sharing half the account's request rate): ` +
    `after the first deploy, ${w.slowest.region} reads ${num(w.slowest.perRun)} of its ${num(w.slowest.zones)} zones a run, so its last zone checks start about ${num(w.slowest.minutes)} minutes in ` +
    `(until then each is skipped: its own alarm counts it as passing, and ChecksSkipped counts it; ${w.slowest.region}'s zone-checks-skipped alarm pages when skips go on past ${num(pagesAfter)} minutes${w.slowest.minutes > pagesAfter ? ', which they do here: expect it to page once after the first deploy' : ''}). ` +
    "Later execution environments load them from the probers' tables (docs/dns-checks.md)."
  );
}

function tables(p: Plan): Table[] {
  const out = [subjectsTable(p), sharedTable(p), costTable(`Monthly cost (fixed, ${p.priceTable.region} prices of ${p.priceTable.date})`, p.monthly)];
  if (p.usage) out.push(costTable(`Query-volume cost at ${num(p.usage.queriesPerDay)} queries per day per zone/VPC (not in the total above)`, p.usage));
  out.push(detectionTable(p.alarms));
  if (p.maintenance.length > 0) out.push(maintenanceTable(p));
  out.push(stacksTable(p));
  if (p.deploy.length > 0) out.push(deployTable(p));
  return out;
}

/** A plain-text table: title line, header, dashes, rows (columns two spaces apart). */
export function textTable(t: Table): string {
  const all = [t.head, ...t.rows];
  const widths = t.head.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  const line = (r: Row) =>
    r.map((cell, i) => (t.right?.includes(i) ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join('  ').trimEnd();
  return [t.title, line(t.head), widths.map((w) => '-'.repeat(w)).join('  '), ...t.rows.map(line)].join('\n');
}

const mdCell = (s: string) => s.replace(/\|/g, '\\|');

function mdTable(t: Table): string {
  const align = t.head.map((_, i) => (t.right?.includes(i) ? '---:' : '---'));
  return [`### ${t.title}`, '', `| ${t.head.map(mdCell).join(' | ')} |`, `| ${align.join(' | ')} |`, ...t.rows.map((r) => `| ${r.map(mdCell).join(' | ')} |`)].join('\n');
}

function header(p: Plan): string {
  const resources = p.stacks.reduce((n, s) => n + s.resources, 0);
  return `DNS Monitor plan for "${p.config.prefix}": ${p.config.hostedZones} hosted zone(s), ${p.config.resolverVpcs} VPC(s) — ${p.stacks.length} stack(s), ${resources} resources, ${usd(p.monthly.totalUsd)} per month (fixed)`;
}

function notes(p: Plan & { unpricedTypes?: readonly string[] }): { warnings: string[]; synth: string[]; assumptions: string[] } {
  const warnings = [
    ...p.warnings.map((w) => `${w.level.toUpperCase()}: ${w.message}`),
    ...(p.unpricedTypes ?? []).map((t) => `ERROR: resource type ${t} has no entry in lib/plan/prices.ts — its cost is not included`),
  ];
  return { warnings, synth: [...new Set(p.synthWarnings)], assumptions: [...p.assumptions, ...(p.usage?.assumptions ?? [])] };
}

export function renderPlan(p: Plan, format: PlanFormat): string {
  if (format === 'json') return `${JSON.stringify(p, null, 2)}\n`;
  const { warnings, synth, assumptions } = notes(p);
  if (format === 'markdown') {
    const ok = firstDeployNote(p);
    const zones = zoneReadsNote(p);
    return [
      `## ${header(p)}`,
      ...tables(p).map(mdTable),
      ...(ok ? ['### First deploy notifications', ok] : []),
      ...(zones ? ['### First deploy zone checks', zones] : []),
      '### Limits',
      warnings.length > 0 ? warnings.map((w) => `- ${w}`).join('\n') : 'No account or template limit is close.',
      ...(synth.length > 0 ? ['### Synthesis warnings', synth.map((w) => `- ${w}`).join('\n')] : []),
      '### Assumptions',
      assumptions.map((a) => `- ${a}`).join('\n'),
      '',
    ].join('\n\n');
  }
  const ok = firstDeployNote(p);
  const zones = zoneReadsNote(p);
  return [
    header(p),
    ...tables(p).map(textTable),
    ...(ok ? [`First deploy notifications\n  ${ok}`] : []),
    ...(zones ? [`First deploy zone checks\n  ${zones}`] : []),
    `Limits\n${warnings.length > 0 ? warnings.map((w) => `  ${w}`).join('\n') : '  No account or template limit is close.'}`,
    ...(synth.length > 0 ? [`Synthesis warnings\n${synth.map((w) => `  ${w}`).join('\n')}`] : []),
    `Assumptions\n${assumptions.map((a) => `  - ${a}`).join('\n')}`,
    '',
  ].join('\n\n');
}
