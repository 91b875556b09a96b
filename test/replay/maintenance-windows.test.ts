/**
 * `replay` applies the config's maintenance windows as CloudWatch applies mute rules: an alarm
 * that enters ALARM while a window is open pages nobody; if it is still in ALARM when the window
 * closes, it pages then ("How alarm mute rules work", CloudWatch User Guide). Replayed through the
 * mute rules the config synthesizes, with schedules read in the window's time zone.
 */
import type { RawConfig } from '../../lib/config/schema';
import { parseConfig } from '../../lib/config/load';
import { parseMuteSchedule, scheduleOpenings, type MuteSchedule } from '../../lib/config/mute-schedule';
import { dnsQueriesKey, evaluateAlarms, MetricAccumulator, pagesOf, replayModelOf } from '../../lib/replay';
import { replayJson, replayTable } from '../../lib/replay/render';

const ZONE = 'Z0EEEEEEEEEEEEEEEEEE1';
const NAME = 'busy.example';
const FROM = Date.UTC(2026, 10, 2, 12) / 1000; // Monday 2 November 2026, 12:00 UTC
const at = (h: number, m: number) => Date.UTC(2026, 10, 2, h, m) / 1000;

const config = (windows: unknown[]) =>
  parseConfig({ prefix: 'acme', hostedZones: [{ zoneId: ZONE, zoneName: NAME }], alerts: { email: ['oncall@example.com'] }, maintenanceWindows: windows } as RawConfig);

/** Four hours at 20 queries a minute; every answer SERVFAIL in the given [from, to) spans (UTC seconds). */
function replay(windows: unknown[], failing: [number, number][]) {
  const cfg = config(windows);
  const model = replayModelOf(cfg);
  const acc = new MetricAccumulator(model, false);
  for (let t = FROM; t < FROM + 4 * 3600; t += 60) {
    acc.addDatapoint(dnsQueriesKey(ZONE), t, 20);
    const rcode = failing.some(([a, b]) => t >= a && t < b) ? 'SERVFAIL' : 'NOERROR';
    for (let q = 0; q < 20; q++) acc.addLine(`1.0 ${new Date((t + q * 3) * 1000).toISOString()} ${ZONE} www.${NAME} A ${rcode} UDP FRA6 198.51.100.7 -`);
  }
  return evaluateAlarms(model, acc, { namespace: cfg.namespace });
}

const pages = (r: ReturnType<typeof replay>) => r.alarms.flatMap((a) => pagesOf(a).map((p) => ({ alarm: a.alarmName.replace(`acme-${NAME}-`, ''), at: p })));

describe('replay with a maintenance window', () => {
  const WINDOW = { name: 'patching', schedule: 'cron(0 14 * * MON)', duration: '1h', zones: [NAME] }; // 14:00-15:00 UTC
  const failing: [number, number][] = [
    [at(14, 10), at(14, 30)], // inside the window, over before it closes
    [at(14, 40), at(15, 20)], // starts inside, still failing when it closes
    [at(15, 40), at(15, 55)], // after it
  ];

  it('without it, each outage pages when it starts', () => {
    const unmuted = pages(replay([], failing));
    expect(unmuted.length).toBeGreaterThanOrEqual(3);
    for (const [start] of failing) expect(unmuted.some((p) => p.at > start && p.at <= start + 300)).toBe(true);
  });

  it('with it: nothing pages inside the window; the outage still failing when it closes pages at its end; later ones page as before', () => {
    const r = replay([WINDOW], failing);
    const muted = pages(r);
    expect(muted.filter((p) => p.at >= at(14, 0) && p.at < at(15, 0))).toEqual([]);
    expect(muted.filter((p) => p.at === at(15, 0)).length).toBeGreaterThan(0);
    expect(muted.some((p) => p.at > at(15, 40) && p.at <= at(15, 45))).toBe(true);
    // The first outage went back to OK inside the window: no page for it at all.
    expect(muted.filter((p) => p.at > at(14, 10) && p.at < at(14, 40))).toEqual([]);
    // The alarms still change state inside the window (only their actions are muted).
    const states = r.alarms.flatMap((a) => a.transitions.filter((t) => t.at > at(14, 10) && t.at < at(14, 35)));
    expect(states.some((t) => t.state === 'ALARM')).toBe(true);
  });

  it('says so in the table and the JSON', () => {
    const r = replay([WINDOW], failing);
    expect(replayTable(r)).toMatch(/2026-11-02T14:1\d:00Z\s+ALARM \(muted until 2026-11-02T15:00:00Z\)/);
    expect(replayTable(r)).toMatch(/2026-11-02T15:00:00Z\s+ALARM \(window closed: notifies\)/);
    const json = replayJson(r) as { alarms: { alarmName: string; pages: string[]; muted?: { from: string; to: string; rules: string[] }[] }[] };
    const composite = json.alarms.find((a) => a.alarmName === `acme-${NAME}-unhealthy-composite`)!;
    expect(composite.muted).toEqual([{ from: '2026-11-02T14:00:00Z', to: '2026-11-02T15:00:00Z', rules: [`acme-maintenance-patching-${ZONE}`] }]);
    expect(composite.pages).toContain('2026-11-02T15:00:00Z');
  });

  it('a window on another day or another zone mutes nothing', () => {
    const tuesday = { ...WINDOW, schedule: 'cron(0 14 * * TUE)' };
    expect(pages(replay([tuesday], failing))).toEqual(pages(replay([], failing)));
  });
});

describe('mute schedules read in their time zone', () => {
  const s = (e: string) => parseMuteSchedule(e) as MuteSchedule;
  const iso = (ms: number[]) => ms.map((m) => new Date(m).toISOString().slice(0, 16));

  it('Sundays 02:00 in Berlin: 01:00 UTC in winter, 00:00 UTC in summer', () => {
    expect(iso(scheduleOpenings(s('cron(0 2 * * SUN)'), 'Europe/Berlin', Date.UTC(2026, 0, 1), Date.UTC(2026, 0, 12)))).toEqual(['2026-01-04T01:00', '2026-01-11T01:00']);
    expect(iso(scheduleOpenings(s('cron(0 2 * * 7)'), 'Europe/Berlin', Date.UTC(2026, 6, 1), Date.UTC(2026, 6, 8)))).toEqual(['2026-07-05T00:00']);
  });

  it('a restricted day of month and day of week is refused (AWS does not say how they combine); either one alone works', () => {
    expect(parseMuteSchedule('cron(30 6 1 * MON)')).toMatch(/restricts both the day of month/);
    // January 2027: Mondays are the 4th, 11th, 18th, 25th.
    expect(iso(scheduleOpenings(s('cron(30 6 * * MON)'), 'UTC', Date.UTC(2027, 0, 1), Date.UTC(2027, 0, 31)))).toEqual([
      '2027-01-04T06:30',
      '2027-01-11T06:30',
      '2027-01-18T06:30',
      '2027-01-25T06:30',
    ]);
    // MON-SUN is every day, Sunday included.
    expect(iso(scheduleOpenings(s('cron(0 0 * * MON-SUN)'), 'UTC', Date.UTC(2027, 0, 2), Date.UTC(2027, 0, 4)))).toEqual(['2027-01-02T00:00', '2027-01-03T00:00', '2027-01-04T00:00']);
    expect(iso(scheduleOpenings(s('cron(0 0 13 * *)'), 'UTC', Date.UTC(2027, 0, 1), Date.UTC(2027, 2, 31)))).toEqual(['2027-01-13T00:00', '2027-02-13T00:00', '2027-03-13T00:00']);
  });

  it('a one-time window opens once, at its local time', () => {
    expect(iso(scheduleOpenings(s('at(2027-01-16T22:00)'), 'America/New_York', Date.UTC(2027, 0, 1), Date.UTC(2027, 1, 1)))).toEqual(['2027-01-17T03:00']);
    expect(scheduleOpenings(s('at(2027-01-16T22:00)'), 'UTC', Date.UTC(2027, 1, 1), Date.UTC(2027, 2, 1))).toEqual([]);
  });
});
