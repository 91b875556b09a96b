/**
 * `maintenanceWindows`: planned times when the alarms of some zones, VPCs and DNS checks notify
 * nobody. Each window becomes CloudWatch alarm mute rules (lib/constructs/maintenance-mutes.ts);
 * the alarms keep evaluating, and one still in ALARM when the window ends notifies then. The
 * schedule, duration and time-zone rules are AWS's (MUTE_RULES in lib/aws-facts.ts); they are
 * checked here so a bad window fails before anything is deployed.
 */
import { z } from 'zod';
import { MUTE_RULES } from '../aws-facts';
import type { ConfigIssue } from './errors';

const WINDOW_NAME = /^[a-z][a-z0-9-]{0,31}$/;
/** What a window can name: a zone or VPC (resolved), by id or readable name. */
interface Target {
  readonly id: string;
  readonly name: string;
}

const EXAMPLE = "e.g. 'cron(0 2 * * SUN)' (Sundays 02:00) or 'at(2027-01-15T22:00)' (once)";

/** Why a cron field is not one CloudWatch accepts, or undefined. */
function cronFieldProblem(text: string, field: (typeof MUTE_RULES.cronFields)[number]): string | undefined {
  const names: readonly string[] = 'names' in field ? field.names : [];
  const first = 'namesFrom' in field ? field.namesFrom : 0;
  const value = (v: string): number | undefined => {
    const i = names.indexOf(v.toUpperCase());
    if (i >= 0) return i + first;
    return /^\d{1,2}$/.test(v) ? Number(v) : undefined;
  };
  for (const item of text.split(',')) {
    if (item === '*') continue;
    const ends = item.split('-');
    if (ends.length > 2 || ends.some((e) => e === '')) return `${field.name} '${item}' is not a value, a range a-b or *`;
    const nums = ends.map(value);
    if (nums.some((n) => n === undefined)) {
      const how = names.length > 0 ? `${field.min}-${field.max} or ${names[0]}-${names[names.length - 1]}` : `${field.min}-${field.max}`;
      return `${field.name} '${item}' is not a number ${how}${/[/?LW#]/.test(item) ? ' (mute rules take only *, - and , — no / ? L W #)' : ''}`;
    }
    for (const n of nums as number[]) if (n < field.min || n > field.max) return `${field.name} ${n} is outside ${field.min}-${field.max}`;
    if (nums.length === 2 && (nums[0] as number) > (nums[1] as number)) return `${field.name} range '${item}' runs backwards`;
  }
  return undefined;
}

/** Why `expression` is not a schedule CloudWatch mute rules accept, or undefined. */
export function scheduleProblem(expression: string): string | undefined {
  if (expression.length > MUTE_RULES.maxExpressionLength) return `is longer than ${MUTE_RULES.maxExpressionLength} characters`;
  const at = /^at\((\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})\)$/.exec(expression);
  if (at) {
    const [y, mo, d, h, mi] = at.slice(1).map(Number);
    const date = new Date(Date.UTC(y, mo - 1, d, h, mi));
    const real = date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d && h < 24 && mi < 60;
    return real ? undefined : `is not a real date and time — write at(yyyy-MM-ddThh:mm), ${EXAMPLE}`;
  }
  if (/^at\(/.test(expression)) return `is not at(yyyy-MM-ddThh:mm) — minutes precision, no seconds or zone suffix; ${EXAMPLE}`;
  const cron = /^cron\((.*)\)$/.exec(expression);
  if (!cron) return `must be cron(minute hour day-of-month month day-of-week) or at(yyyy-MM-ddThh:mm) — ${EXAMPLE}`;
  const fields = cron[1].trim().split(/\s+/);
  if (fields.length !== MUTE_RULES.cronFields.length) {
    const eventBridge = fields.length === 6 ? " (the 6-field form with ? and a year is EventBridge's; mute rules use the classic 5 fields)" : '';
    return `has ${fields.length} cron fields, CloudWatch mute rules take 5: minute hour day-of-month month day-of-week${eventBridge} — ${EXAMPLE}`;
  }
  for (let i = 0; i < fields.length; i++) {
    const problem = cronFieldProblem(fields[i], MUTE_RULES.cronFields[i]);
    if (problem) return `${problem} — ${EXAMPLE}`;
  }
  return undefined;
}

/** `90m`, `2h`, `1d12h` or ISO 8601 (`PT2H`, `P1DT12H`) -> minutes; undefined when unreadable. */
export function durationMinutes(text: string): number | undefined {
  const short = /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?$/i.exec(text);
  const iso = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?$/i.exec(text);
  const m = text.length > 0 && text.toUpperCase() !== 'P' && !/T$/i.test(text) ? short ?? iso : null;
  if (!m || m.slice(1).every((x) => x === undefined)) return undefined;
  const [d, h, mi] = m.slice(1).map((x) => Number(x ?? 0));
  return d * 1440 + h * 60 + mi;
}

/** Minutes -> the ISO 8601 duration CloudWatch takes, e.g. 150 -> PT2H30M, 2160 -> P1DT12H. */
export function isoDuration(minutes: number): string {
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  const time = `${h ? `${h}H` : ''}${m ? `${m}M` : ''}`;
  return `P${d ? `${d}D` : ''}${time ? `T${time}` : ''}`;
}

/** An IANA time-zone name this machine's ICU knows (CloudWatch takes "standard timezone identifiers"). */
function knownTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return /^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+)*$/.test(tz);
  } catch {
    return false;
  }
}

const targetList = (what: string) =>
  z
    .array(z.string({ error: `must be text — ${what}` }).min(1, `is empty — ${what}`), { error: `must be a list — ${what}` })
    .min(1, `is an empty list — leave the key out, or ${what}`);

export const maintenanceWindowSchema = z.strictObject({
  name: z
    .string({ error: 'is required — a short name for the window, e.g. weekly-patching' })
    .regex(WINDOW_NAME, 'must be 1-32 lowercase letters, digits and hyphens, starting with a letter — e.g. weekly-patching'),
  schedule: z
    .string({ error: `is required — when the window opens, ${EXAMPLE}` })
    .superRefine((v, ctx) => {
      const problem = scheduleProblem(v);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
  duration: z
    .string({ error: "is required — how long the window stays open, e.g. '2h', '90m', '1d12h' or PT2H" })
    .superRefine((v, ctx) => {
      const m = durationMinutes(v);
      if (m === undefined) ctx.addIssue({ code: 'custom', message: "is not a duration — write e.g. '2h', '90m', '1d12h' or ISO 8601 PT2H" });
      else if (m < MUTE_RULES.minDurationMinutes || m > MUTE_RULES.maxDurationMinutes) {
        ctx.addIssue({ code: 'custom', message: `is ${m} minutes — CloudWatch mute rules last 1 minute to 15 days` });
      }
    }),
  timezone: z
    .string()
    .refine(knownTimeZone, "is not a time-zone name — use an IANA name such as 'Europe/Berlin' or 'America/New_York' (default UTC)")
    .optional(),
  reason: z.string().max(300, 'is longer than 300 characters — keep it to a line (it becomes the mute rule description)').optional(),
  zones: targetList('list hosted zones by zoneName or zoneId, as in hostedZones').optional(),
  vpcs: targetList('list VPCs by name or vpcId, as in resolverVpcs').optional(),
  dnsChecks: targetList('list DNS checks by name, as in dnsChecks').optional(),
});

export const maintenanceWindowsSchema = z.array(maintenanceWindowSchema, { error: 'must be a list of windows — see docs/configuration.md, maintenanceWindows' });

export type MaintenanceWindowConfig = z.output<typeof maintenanceWindowSchema>;

/** A window, checked and defaulted: what the mute rules are built from. */
export interface ResolvedMaintenanceWindow {
  readonly name: string;
  /** CloudWatch's expression, as written. */
  readonly schedule: string;
  /** ISO 8601 (CloudWatch's form), e.g. PT2H. */
  readonly duration: string;
  readonly durationMinutes: number;
  /** IANA name; undefined = UTC (CloudWatch's default). */
  readonly timezone?: string;
  readonly reason?: string;
  /** Where it is in the config file, e.g. `maintenanceWindows[0]`. */
  readonly configPath: string;
  /** Hosted zone ids and VPC ids of the subjects it mutes. */
  readonly zoneIds: ReadonlySet<string>;
  readonly vpcIds: ReadonlySet<string>;
  /** Names of the DNS checks it mutes. */
  readonly dnsChecks: ReadonlySet<string>;
}

/**
 * Resolves every window's targets against the config's zones, VPCs and checks. Unknown or
 * ambiguous targets, duplicate names and windows that mute nothing are issues with their path.
 */
export function resolveMaintenanceWindows(
  windows: readonly MaintenanceWindowConfig[],
  subjects: { readonly hostedZones: readonly Target[]; readonly resolverVpcs: readonly Target[]; readonly dnsChecks: readonly { readonly name: string }[] },
  issues: ConfigIssue[],
): ResolvedMaintenanceWindow[] {
  const seen = new Map<string, string>();
  return windows.map((w, i) => {
    const path = `maintenanceWindows[${i}]`;
    const first = seen.get(w.name);
    if (first) issues.push({ path: `${path}.name`, message: `duplicate window name '${w.name}' (already used at ${first}) — names appear in the mute rule names and must be unique` });
    else seen.set(w.name, `${path}.name`);
    if (!w.zones && !w.vpcs && !w.dnsChecks) {
      issues.push({ path, message: 'mutes nothing — list what it mutes under zones, vpcs and/or dnsChecks' });
    }
    const pick = (list: readonly string[] | undefined, key: string, candidates: readonly Target[], match: (s: Target, v: string) => boolean, what: string) => {
      const ids = new Set<string>();
      (list ?? []).forEach((v, j) => {
        const hits = candidates.filter((s) => match(s, v));
        if (hits.length === 0) issues.push({ path: `${path}.${key}[${j}]`, message: `'${v}' is not ${what} of this config — use ${key === 'zones' ? 'a zoneName or zoneId from hostedZones' : 'a name or vpcId from resolverVpcs'}` });
        for (const s of hits) ids.add(s.id);
      });
      return ids;
    };
    const sameName = (a: string, b: string) => a.replace(/\.$/, '').toLowerCase() === b.replace(/\.$/, '').toLowerCase();
    const zoneIds = pick(w.zones, 'zones', subjects.hostedZones, (s, v) => s.id === v || sameName(s.name, v), 'a hosted zone');
    const vpcIds = pick(w.vpcs, 'vpcs', subjects.resolverVpcs, (s, v) => s.id === v || s.name === v, 'a VPC');
    const checks = new Set<string>();
    (w.dnsChecks ?? []).forEach((v, j) => {
      if (subjects.dnsChecks.some((c) => c.name === v)) checks.add(v);
      else issues.push({ path: `${path}.dnsChecks[${j}]`, message: `'${v}' is not a DNS check of this config — use a name from dnsChecks` });
    });
    const minutes = durationMinutes(w.duration) ?? 0;
    return {
      name: w.name,
      schedule: w.schedule,
      duration: isoDuration(minutes),
      durationMinutes: minutes,
      timezone: w.timezone,
      reason: w.reason,
      configPath: path,
      zoneIds,
      vpcIds,
      dnsChecks: checks,
    };
  });
}

/** Minutes `tz` is ahead of UTC at the instant `utcMs`. */
function offsetMinutes(tz: string, utcMs: number): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' }).formatToParts(new Date(utcMs));
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  return (Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute')) - utcMs) / 60_000;
}

/** When a one-time (`at(...)`) window closes, as a UTC instant; undefined for a recurring one. */
export function oneTimeWindowEnd(w: Pick<ResolvedMaintenanceWindow, 'schedule' | 'durationMinutes' | 'timezone'>): Date | undefined {
  const at = /^at\((\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})\)$/.exec(w.schedule);
  if (!at) return undefined;
  const [y, mo, d, h, mi] = at.slice(1).map(Number);
  const local = Date.UTC(y, mo - 1, d, h, mi);
  const tz = w.timezone ?? 'UTC';
  const start = local - offsetMinutes(tz, local - offsetMinutes(tz, local) * 60_000) * 60_000;
  return new Date(start + w.durationMinutes * 60_000);
}

export const ENDED_WINDOW_WARNING = '@codreum/dns-monitor:maintenance-window-ended';

/** The synthesis warning for a one-time window that has closed by `now`, or undefined. */
export function endedWindowMessage(w: ResolvedMaintenanceWindow, now: Date): string | undefined {
  const end = oneTimeWindowEnd(w);
  if (!end || end.getTime() > now.getTime()) return undefined;
  return `maintenance window ${w.name} (${w.configPath}) ran once, ${w.schedule} for ${w.duration}, and closed at ${end.toISOString()}: it mutes nothing any more — remove it from the config (CloudWatch does not say whether it accepts a change to a rule whose at() lies in the past)`;
}
