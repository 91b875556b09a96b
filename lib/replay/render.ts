/** Replay output: the timeline table (people), JSON (machines). The HTML page is html.ts. */
import { textTable } from '../plan/render';
import type { ReplayResult } from './engine';

const iso = (s: number) => new Date(s * 1000).toISOString().replace('.000Z', 'Z');

/**
 * The `--json` shape: `{ alarms: [{ alarmName, transitions: [{ at, state }] }] }` plus context: each
 * alarm's `pages` (when it notified for ALARM) and, when a maintenance window muted it, `muted`.
 */
export function replayJson(r: ReplayResult): object {
  return {
    from: iso(r.from),
    to: iso(r.to),
    lines: r.lines,
    unmatchedLines: r.unmatchedLines,
    unreadableLines: r.unreadableLines,
    pastLastLineMinutes: r.pastLastLineMinutes,
    unmonitored: r.unmonitored,
    approximatedAnomalyBands: r.approximatedBands,
    alarms: r.alarms.map((a) => ({
      alarmName: a.alarmName,
      notifies: a.notifies,
      composite: a.composite,
      transitions: a.transitions.map((t) => ({ at: iso(t.at), state: t.state })),
      pages: a.pages.map(iso),
      ...(a.muted.length > 0 ? { muted: a.muted.map((m) => ({ from: iso(m.from), to: iso(m.to), rules: m.rules })) } : {}),
    })),
    skipped: r.skipped,
  };
}

/** Every state change after the first one to OK, in time order, with the value the alarm saw. */
export function replayTable(r: ReplayResult): string {
  const rows: string[][] = [];
  for (const a of r.alarms) {
    a.transitions.forEach((t, i) => {
      if (i === 0 && t.state === 'OK') return; // the start of the replay, not a change
      let value = '';
      if (a.chart) {
        const idx = Math.floor((t.at - 2 * 60 - a.chart.start) / a.chart.period);
        const v = a.chart.values[Math.max(0, Math.min(idx, a.chart.values.length - 1))];
        value = v === null || v === undefined ? 'no data' : String(v);
        if (a.chart.threshold !== undefined) value += ` (threshold ${a.chart.threshold})`;
        else if (a.chart.band) value += ' (band, approximated)';
      }
      const muted = a.muted.find((m) => t.at >= m.from && t.at < m.to);
      const state = t.state === 'ALARM' && a.notifies && muted ? `ALARM (muted until ${iso(muted.to)})` : t.state;
      rows.push([iso(t.at), state, a.alarmName + (a.notifies ? '' : ' (no actions of its own)'), value]);
    });
    // A muted alarm still in ALARM when its window closes pages then.
    for (const at of a.pages.filter((p) => !a.transitions.some((t) => t.at === p))) rows.push([iso(at), 'ALARM (window closed: notifies)', a.alarmName, '']);
  }
  rows.sort((x, y) => x[0].localeCompare(y[0]) || x[2].localeCompare(y[2]));
  const out = [
    textTable({
      title: `Replay of ${r.lines} log line(s) from ${iso(r.from)} to ${iso(r.to)}: ${rows.length} alarm state change(s)\n`,
      head: ['at', 'state', 'alarm', 'value seen'],
      rows,
    }),
  ];
  if (rows.length === 0) out.push('(no alarm left OK)');
  for (const note of replayNotes(r)) out.push('', note);
  return out.join('\n') + '\n';
}

/**
 * What the timeline alone does not say, one paragraph each: approximated bands, DNSQueries past the
 * logs, lines not counted, alarms not replayed. The table and the HTML page show the same notes.
 */
export function replayNotes(r: ReplayResult): string[] {
  const notes: string[] = [];
  if (r.approximatedBands) notes.push('Anomaly bands are APPROXIMATED (CloudWatch trains its model on up to two weeks of history; see docs/replay.md).');
  if (r.pastLastLineMinutes > 0) {
    notes.push(
      `DNSQueries goes on ${r.pastLastLineMinutes} minute(s) past the last log line: those minutes are replayed too, so logs that stopped show as they would page (give log files that cover the CSV's time if they did not stop).`,
    );
  }
  const unmonitoredLines = r.unmatchedLines - r.unreadableLines;
  if (unmonitoredLines > 0) {
    const named = r.unmonitored.reduce((n, u) => n + u.lines, 0);
    const list = r.unmonitored.map((u) => `${u.kind} ${u.subject} (${u.lines})`).join(', ') + (named < unmonitoredLines ? `, and ${unmonitoredLines - named} more line(s) of other subjects` : '');
    notes.push(
      `${unmonitoredLines} line(s) are for zones or VPCs this config does not monitor and were not counted: ${list}. If one of them should be monitored, check hostedZones[].zoneId and resolverVpcs[].vpcId in the config.`,
    );
  }
  if (r.unreadableLines > 0) notes.push(`${r.unreadableLines} line(s) could not be read as a query log line (no timestamp, zone or VPC) and were not counted.`);
  if (r.skipped.length > 0) notes.push(`Not replayed (no data in the logs): ${r.skipped.map((x) => `${x.alarmName} (${x.why})`).join('; ')}`);
  return notes;
}
