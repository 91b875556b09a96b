/**
 * CloudWatch alarm mute-rule schedules (MUTE_RULES in lib/aws-facts.ts): parsed once here, for the
 * config's checks and for `replay`, which mutes pages while a window is open.
 *
 * `cron(minute hour day-of-month month day-of-week)` in the rule's time zone; `at(yyyy-MM-ddThh:mm)`
 * once. AWS calls it "standard cron syntax" and does not say how a day-of-month and a day-of-week
 * that are both restricted combine (Vixie cron: either matches; others: both), so a schedule that
 * restricts both is refused: a window opening on days nobody meant mutes pages nobody expected.
 */
import { MUTE_RULES } from '../aws-facts';

type CronField = (typeof MUTE_RULES.cronFields)[number];

export type MuteSchedule =
  | { readonly kind: 'cron'; readonly fields: readonly ReadonlySet<number>[]; readonly anyDayOfMonth: boolean; readonly anyDayOfWeek: boolean }
  | { readonly kind: 'at'; readonly year: number; readonly month: number; readonly day: number; readonly hour: number; readonly minute: number };

export const SCHEDULE_EXAMPLE = "e.g. 'cron(0 2 * * SUN)' (Sundays 02:00) or 'at(2027-01-15T22:00)' (once)";
const EXAMPLE = SCHEDULE_EXAMPLE;

/** The values a cron field matches, or why CloudWatch would not take it. */
function parseCronField(text: string, field: CronField): ReadonlySet<number> | string {
  const names: readonly string[] = 'names' in field ? field.names : [];
  const first = 'namesFrom' in field ? field.namesFrom : 0;
  const value = (v: string): number | undefined => {
    const i = names.indexOf(v.toUpperCase());
    if (i >= 0) return i + first;
    return /^\d{1,2}$/.test(v) ? Number(v) : undefined;
  };
  const out = new Set<number>();
  for (const item of text.split(',')) {
    if (item === '*') {
      for (let n = field.min; n <= field.max; n++) out.add(n);
      continue;
    }
    const ends = item.split('-');
    if (ends.length > 2 || ends.some((e) => e === '')) return `${field.name} '${item}' is not a value, a range a-b or *`;
    const nums = ends.map(value);
    if (nums.some((n) => n === undefined)) {
      const how = names.length > 0 ? `${field.min}-${field.max} or ${names[0]}-${names[names.length - 1]}` : `${field.min}-${field.max}`;
      return `${field.name} '${item}' is not a number ${how}${/[/?LW#]/.test(item) ? ' (mute rules take only *, - and , — no / ? L W #)' : ''}`;
    }
    const [lo, hiRaw] = [nums[0] as number, (nums[1] ?? nums[0]) as number];
    // Sunday ends a day-of-week range as 7 (MON-SUN, 1-0), the user guide's "MON-SUN".
    const hi = field.name === 'day of week' && nums.length === 2 && hiRaw === 0 && lo > 0 ? 7 : hiRaw;
    for (const n of [lo, hi]) if (n < field.min || n > field.max) return `${field.name} ${n} is outside ${field.min}-${field.max}`;
    if (lo > hi) return `${field.name} range '${item}' runs backwards`;
    for (let n = lo; n <= hi; n++) out.add(n);
  }
  return out;
}

/** The schedule, or why CloudWatch mute rules would not accept `expression`. */
export function parseMuteSchedule(expression: string): MuteSchedule | string {
  if (expression.length > MUTE_RULES.maxExpressionLength) return `is longer than ${MUTE_RULES.maxExpressionLength} characters`;
  const at = /^at\((\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})\)$/.exec(expression);
  if (at) {
    const [year, month, day, hour, minute] = at.slice(1).map(Number);
    const date = new Date(Date.UTC(year, month - 1, day, hour, minute));
    const real = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day && hour < 24 && minute < 60;
    return real ? { kind: 'at', year, month, day, hour, minute } : `is not a real date and time — write at(yyyy-MM-ddThh:mm), ${EXAMPLE}`;
  }
  if (/^at\(/.test(expression)) return `is not at(yyyy-MM-ddThh:mm) — minutes precision, no seconds or zone suffix; ${EXAMPLE}`;
  const cron = /^cron\((.*)\)$/.exec(expression);
  if (!cron) return `must be cron(minute hour day-of-month month day-of-week) or at(yyyy-MM-ddThh:mm) — ${EXAMPLE}`;
  const texts = cron[1].trim().split(/\s+/);
  if (texts.length !== MUTE_RULES.cronFields.length) {
    const eventBridge = texts.length === 6 ? " (the 6-field form with ? and a year is EventBridge's; mute rules use the classic 5 fields)" : '';
    return `has ${texts.length} cron fields, CloudWatch mute rules take 5: minute hour day-of-month month day-of-week${eventBridge} — ${EXAMPLE}`;
  }
  const fields: ReadonlySet<number>[] = [];
  for (let i = 0; i < texts.length; i++) {
    const f = parseCronField(texts[i], MUTE_RULES.cronFields[i]);
    if (typeof f === 'string') return `${f} — ${EXAMPLE}`;
    fields.push(f);
  }
  if (texts[2] !== '*' && texts[4] !== '*') {
    return `restricts both the day of month (${texts[2]}) and the day of week (${texts[4]}): CloudWatch does not document whether a day must match one or both, so the window could open on days you did not mean — use one of them with * in the other, or two windows`;
  }
  // Day of week 7 is Sunday, as 0.
  if (fields[4].has(7)) fields[4] = new Set([...fields[4], 0]);
  return { kind: 'cron', fields, anyDayOfMonth: texts[2] === '*', anyDayOfWeek: texts[4] === '*' };
}

/** Why `expression` is not a schedule CloudWatch mute rules accept, or undefined. */
export function scheduleProblem(expression: string): string | undefined {
  const s = parseMuteSchedule(expression);
  return typeof s === 'string' ? s : undefined;
}

/** Local wall-clock parts of the instant `utcMs` in `tz`. */
function localParts(format: Intl.DateTimeFormat, utcMs: number): { year: number; month: number; day: number; hour: number; minute: number; weekday: number } {
  const parts = format.formatToParts(new Date(utcMs));
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return {
    year: Number(get('year')),
    month: Number(get('month')),
    day: Number(get('day')),
    hour: Number(get('hour')),
    minute: Number(get('minute')),
    weekday: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(get('weekday')),
  };
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', weekday: 'short' });
    formatters.set(tz, f);
  }
  return f;
}

/** The UTC instant of a local wall-clock time in `tz`. */
export function localToUtc(tz: string, y: number, mo: number, d: number, h: number, mi: number): number {
  const f = formatter(tz);
  const local = Date.UTC(y, mo - 1, d, h, mi);
  const offset = (utc: number) => {
    const p = localParts(f, utc);
    return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute) - utc;
  };
  return local - offset(local - offset(local));
}

const DAY = 86_400_000;

/**
 * Every instant in [fromMs, toMs] (UTC milliseconds) at which the schedule opens a window, read in
 * time zone `tz`. Walks the local calendar a day at a time, so a year costs 365 steps.
 */
export function scheduleOpenings(s: MuteSchedule, tz: string, fromMs: number, toMs: number): number[] {
  if (s.kind === 'at') {
    const at = localToUtc(tz, s.year, s.month, s.day, s.hour, s.minute);
    return at >= fromMs && at <= toMs ? [at] : [];
  }
  const [minutes, hours] = [s.fields[0], s.fields[1]].map((f) => [...f].sort((a, b) => a - b));
  const [domSet, monthSet, dowSet] = [s.fields[2], s.fields[3], s.fields[4]];
  const f = formatter(tz);
  const first = localParts(f, fromMs - DAY);
  const last = localParts(f, toMs + DAY);
  const out = new Set<number>();
  for (let day = Date.UTC(first.year, first.month - 1, first.day); day <= Date.UTC(last.year, last.month - 1, last.day); day += DAY) {
    const date = new Date(day);
    const [y, mo, d, wd] = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate(), date.getUTCDay()];
    if (!monthSet.has(mo)) continue;
    const byDom = domSet.has(d);
    const byDow = dowSet.has(wd);
    if (!(s.anyDayOfMonth || s.anyDayOfWeek ? byDom && byDow : byDom || byDow)) continue;
    for (const h of hours) {
      for (const mi of minutes) {
        const t = localToUtc(tz, y, mo, d, h, mi);
        if (t >= fromMs && t <= toMs) out.add(t);
      }
    }
  }
  return [...out].sort((a, b) => a - b);
}
