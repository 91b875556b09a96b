/**
 * `npm run bench:detection [-- --hours 24 --volumes 0.5,5,50,500,5000]`
 *
 * Generates labelled query-log corpora (scripts/detection-corpus.ts) for zones at each volume,
 * replays them through the alarms the DEFAULT config synthesizes (lib/replay: the product's
 * filter-pattern matcher, metric math and alarm evaluator), and prints per incident kind and volume
 * the detection time (first page after the incident starts) and the false pages per day of normal
 * traffic. Targets (issue #13): every incident kind detected; at 5 queries/min or more the median
 * at most 180 s and the slowest at most 300 s; no false page in 24 h of normal traffic at any volume.
 */
import { parseConfig } from '../lib/config/load';
import { textTable } from '../lib/plan/render';
import { synthesizeForPlan } from '../lib/plan/synthesize';
import { dnsQueriesKey, evaluateAlarms, MetricAccumulator, pagesOf, ReplayModel } from '../lib/replay';
import { generateZone, INCIDENT_KINDS, INCIDENT_TEXT, type IncidentKind, type ZoneSpec } from './detection-corpus';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

const HOURS = Number(arg('hours', '24'));
const VOLUMES = arg('volumes', '0.5,5,50,500,5000').split(',').map(Number);
const KINDS = arg('kinds', INCIDENT_KINDS.join(',')).split(',') as IncidentKind[];
const DAY0 = Date.UTC(2026, 10, 2) / 1000;
/** Incident corpora: 3 h of normal traffic (anomaly bands need history), the incident, 1 h after. */
const WARMUP = 3 * 3600;
const INCIDENT_MINUTES = 40;
const INCIDENT_AT = DAY0 + 14 * 3600; // 14:00 UTC, near the diurnal peak

let n = 0;
const zoneId = () => `Z${String(++n).padStart(3, '0')}BENCH${'X'.repeat(10)}`.slice(0, 21);

interface Case { zone: ZoneSpec; kind?: IncidentKind; volume: number }
const cases: Case[] = [];
for (const v of VOLUMES) {
  const id = zoneId();
  cases.push({ volume: v, zone: { zoneId: id, zoneName: `normal-${String(v).replace('.', '_')}.example`, qpm: v, from: DAY0, to: DAY0 + HOURS * 3600, seed: n } });
  for (const kind of KINDS) {
    const kid = zoneId();
    cases.push({
      volume: v,
      kind,
      zone: {
        zoneId: kid,
        zoneName: `${kind}-${String(v).replace('.', '_')}.example`,
        qpm: v,
        from: INCIDENT_AT - WARMUP,
        to: INCIDENT_AT + (INCIDENT_MINUTES + 60) * 60,
        seed: n,
        incident: { kind, start: INCIDENT_AT, minutes: INCIDENT_MINUTES },
      },
    });
  }
}

const config = parseConfig({
  prefix: 'bench',
  hostedZones: cases.map((c) => ({ zoneId: c.zone.zoneId, zoneName: c.zone.zoneName })),
  alerts: { email: ['oncall@example.com'] },
}, 'bench');
const started = Date.now();
const synth = synthesizeForPlan(config);
const model = new ReplayModel(config, synth.stacks.flatMap((s) => s.resources));
const acc = new MetricAccumulator(model, false);
let lines = 0;
const t0 = Date.now();
for (const c of cases) {
  generateZone(
    c.zone,
    (l) => {
      lines++;
      acc.addLine(l);
    },
    (ts, count) => acc.addDatapoint(dnsQueriesKey(c.zone.zoneId), ts, count),
  );
}
const ingestSeconds = (Date.now() - t0) / 1000;
const result = evaluateAlarms(model, acc, { namespace: config.namespace });

const pagesByZone = new Map<string, { alarm: string; at: number }[]>();
for (const a of result.alarms) {
  const zone = config.hostedZones.find((z) => a.alarmName.startsWith(`bench-${z.name}-`));
  if (!zone) continue;
  for (const at of pagesOf(a)) pagesByZone.set(zone.id, [...(pagesByZone.get(zone.id) ?? []), { alarm: a.alarmName.slice(`bench-${zone.name}-`.length), at }]);
}

const fmt = (s: number | undefined) => (s === undefined || !Number.isFinite(s) ? 'MISSED' : `${Math.round(s)} s`);
const rows: string[][] = [];
const detections: { volume: number; kind: IncidentKind; seconds?: number }[] = [];
const falsePages: { volume: number; perDay: number; alarms: string[] }[] = [];
for (const c of cases) {
  const pages = (pagesByZone.get(c.zone.zoneId) ?? []).sort((a, b) => a.at - b.at);
  if (!c.kind) {
    const perDay = (pages.length * 24) / HOURS;
    falsePages.push({ volume: c.volume, perDay, alarms: [...new Set(pages.map((p) => p.alarm))] });
    continue;
  }
  const inc = c.zone.incident!;
  const before = pages.filter((p) => p.at < inc.start);
  const first = pages.find((p) => p.at >= inc.start && p.at <= inc.start + (inc.minutes + 15) * 60);
  const seconds = first ? first.at - inc.start : undefined;
  detections.push({ volume: c.volume, kind: c.kind, seconds });
  rows.push([c.kind, String(c.volume), fmt(seconds), first?.alarm ?? '-', String(before.length)]);
}

const table = (head: string[], body: string[][]) => textTable({ title: '', head, rows: body }).replace(/^\n/, '');

process.stdout.write(`Detection with the default config (${cases.length} zones, ${lines.toLocaleString('en-US')} log lines, ${HOURS} h of normal traffic per volume; replay ingest ${ingestSeconds.toFixed(1)} s = ${Math.round((lines / ingestSeconds) * 60).toLocaleString('en-US')} lines/min)\n\n`);
process.stdout.write(`${table(['incident', 'queries/min', 'detected after', 'first page', 'pages before'], rows)}\n\n`);
process.stdout.write(`${table(['normal traffic, queries/min', 'false pages per day', 'alarms'], falsePages.map((f) => [String(f.volume), f.perDay.toFixed(1), f.alarms.join(', ') || '-']))}\n\n`);
const steps = detections.filter((d) => d.volume >= 5 && d.kind !== 'nxdomain-gradual');
const times = steps.map((d) => d.seconds ?? Infinity).sort((a, b) => a - b);
const median = times.length ? times[Math.floor((times.length - 1) / 2)] : NaN;
const slowest = times.length ? times[times.length - 1] : NaN;
const missed = detections.filter((d) => d.seconds === undefined);
const anyFalse = falsePages.filter((f) => f.perDay > 0);
process.stdout.write(
  [
    `Step incidents at >= 5 queries/min: median ${fmt(median)} (target <= 180 s), slowest ${fmt(slowest)} (target <= 300 s)`,
    `Missed: ${missed.length ? missed.map((d) => `${d.kind} at ${d.volume}/min`).join(', ') : 'none'}`,
    `False pages in normal traffic: ${anyFalse.length ? anyFalse.map((f) => `${f.perDay.toFixed(1)}/day at ${f.volume}/min`).join(', ') : 'none'}`,
    `Gradual rise (${INCIDENT_TEXT['nxdomain-gradual']}): ${detections.filter((d) => d.kind === 'nxdomain-gradual').map((d) => `${fmt(d.seconds)} at ${d.volume}/min`).join(', ')}`,
    `Total ${((Date.now() - started) / 1000).toFixed(0)} s`,
  ].join('\n') + '\n',
);
